"""Party and state organisations named in Vietnamese text, with canonical
names that carry their locality and their parent body.

"Ban Tuyên giáo Thành ủy" in an article about thành phố Lạng Sơn is
"Ban Tuyên giáo Thành ủy Lạng Sơn", part of "Thành ủy Lạng Sơn";
"Ban Thường vụ, Thường trực Thành ủy" names two bodies of the same committee.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.places import CAPITALISED, PLACE_NAME, Locality, is_central_city, match_place
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.text import collapse_space, normalize_key, phrase_alternation, unify_tones

# Bodies inside a Party committee ("Ban Thường vụ Tỉnh ủy …").
_HEADS = (
    "Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo",
    "Ban Tổ chức", "Ban Dân vận", "Ban Nội chính", "Ủy ban Kiểm tra", "Văn phòng", "Ban Kinh tế",
    "Ban Đối ngoại", "Ban Chính sách, chiến lược", "Đảng đoàn", "Ban cán sự đảng",
    "Ban Bảo vệ, chăm sóc sức khỏe cán bộ",
)
# Party committees; the locality follows them ("Tỉnh ủy Lạng Sơn").
_COMMITTEES = {
    "tỉnh ủy": "Tỉnh ủy", "thành ủy": "Thành ủy", "huyện ủy": "Huyện ủy", "quận ủy": "Quận ủy",
    "thị ủy": "Thị ủy", "đảng ủy": "Đảng ủy",
}
_PARTY_UNITS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
# Bodies named the same everywhere.
_NATIONAL = {
    "bộ chính trị": "Bộ Chính trị",
    "ban bí thư": "Ban Bí thư",
    "quốc hội": "Quốc hội",
    "ủy ban thường vụ quốc hội": "Ủy ban Thường vụ Quốc hội",
    "chính phủ": "Chính phủ",
    "thủ tướng chính phủ": "Thủ tướng Chính phủ",
    "thủ tướng": "Thủ tướng Chính phủ",
    "chủ tịch nước": "Chủ tịch nước",
    "văn phòng chính phủ": "Văn phòng Chính phủ",
    "văn phòng quốc hội": "Văn phòng Quốc hội",
    "văn phòng chủ tịch nước": "Văn phòng Chủ tịch nước",
    "hội đồng dân tộc": "Hội đồng Dân tộc",
    "mặt trận tổ quốc việt nam": "Mặt trận Tổ quốc Việt Nam",
    "ủy ban trung ương mặt trận tổ quốc việt nam": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "tòa án nhân dân tối cao": "Tòa án nhân dân tối cao",
    "viện kiểm sát nhân dân tối cao": "Viện kiểm sát nhân dân tối cao",
    "kiểm toán nhà nước": "Kiểm toán Nhà nước",
    "ngân hàng nhà nước việt nam": "Ngân hàng Nhà nước Việt Nam",
    "thanh tra chính phủ": "Thanh tra Chính phủ",
    # Party committees of the centre, named like a local "Đảng ủy" but with no place.
    "đảng ủy công an trung ương": "Đảng ủy Công an Trung ương",
    "đảng ủy quân sự trung ương": "Đảng ủy Quân sự Trung ương",
    "quân ủy trung ương": "Quân ủy Trung ương",
    "đảng ủy khối doanh nghiệp trung ương": "Đảng ủy Khối Doanh nghiệp Trung ương",
    "đảng ủy khối các cơ quan trung ương": "Đảng ủy Khối các cơ quan Trung ương",
    "đảng ủy ngoài nước": "Đảng ủy Ngoài nước",
}
# Words after "Đảng ủy" that begin a central committee's name, never a place ("Đảng ủy Công an …").
_CENTRAL_TAILS = re.compile(r"\s+(?:Công\s+an|Quân\s+sự|Khối|Ngoài\s+nước)\b", re.IGNORECASE)
MINISTRIES = (
    "Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính",
    "Bộ Công Thương", "Bộ Xây dựng", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Khoa học và Công nghệ",
    "Bộ Giao thông vận tải", "Bộ Kế hoạch và Đầu tư", "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường", "Bộ Tài nguyên và Môi trường", "Bộ Thông tin và Truyền thông",
    "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Dân tộc và Tôn giáo",
)
_MINISTRY_KEYS = {normalize_key(name): name for name in MINISTRIES}
# Provincial departments mirror the ministries: "Sở Tài nguyên và Môi trường tỉnh Quảng Ngãi".
DEPARTMENTS = tuple("Sở " + name.removeprefix("Bộ ") for name in MINISTRIES
                    if name not in ("Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao")) + ("Sở Ngoại vụ", "Sở Du lịch")
_DEPARTMENT_KEYS = {normalize_key(name): name for name in DEPARTMENTS}
_STATE_LOCAL = {"ủy ban nhân dân": "Ủy ban nhân dân", "ubnd": "Ủy ban nhân dân",
                "hội đồng nhân dân": "Hội đồng nhân dân", "hđnd": "Hội đồng nhân dân"}
# Common family names: a capitalised word after a committee that is one of
# these starts a person's name ("Bí thư Tỉnh ủy Nguyễn Văn A"), not a place.
SURNAMES = frozenset(normalize_key(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh Lương "
    "Mai Hà Lưu Tạ Chu Cao Lâm Tô Vương Triệu Thái Tăng Quách Nông Lò Hứa Kiều Khổng Mạc Văn La Lục"
).split())


_HEAD_ALT = phrase_alternation(_HEADS)
_COMMITTEE_ALT = (
    rf"(?:{phrase_alternation(['Tỉnh ủy', 'Thành ủy', 'Huyện ủy', 'Quận ủy', 'Thị ủy', 'Đảng ủy'])})"
    rf"|Đảng\s+bộ(?:\s+(?:{phrase_alternation(_PARTY_UNITS)}))?"
    r"|Trung\s+ương(?:\s+Đảng)?"
)
_ORG = re.compile(
    rf"(?P<national>{phrase_alternation(_NATIONAL.values())}|Thủ\s+tướng|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội)"
    rf"|(?P<head>{_HEAD_ALT})(?:\s+(?P<committee>{_COMMITTEE_ALT}))?"
    rf"|(?P<bare>{_COMMITTEE_ALT})"
    rf"|(?P<ministry>{phrase_alternation(MINISTRIES)})"
    rf"|(?P<state>Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND)\s+(?P<unit>{phrase_alternation(_PARTY_UNITS)})"
    rf"|(?P<department>{phrase_alternation(DEPARTMENTS)})(?:\s+(?P<dunit>tỉnh|thành\s+phố))?",
    re.IGNORECASE,
)
# Organisation names start with a capitalised word from this set; only there is the full pattern tried.
_FIRST_WORDS = frozenset(
    n.split()[0].casefold()
    for n in (*_HEADS, *_COMMITTEES.values(), "Đảng bộ", "Trung ương", *_NATIONAL.values(), "Thủ tướng", *MINISTRIES,
              "Ủy ban", "UBND", "Hội đồng", "HĐND", "Sở")
)
_CANDIDATE = re.compile(rf"(?<![\w]){CAPITALISED}")
_HCMC = re.compile(r"\s+(?:TP\.?\s*HCM|TPHCM|TP\.?\s*Hồ\s+Chí\s+Minh|[Tt]hành\s+phố\s+Hồ\s+Chí\s+Minh)\b")
_NATIONAL_ONLY = re.compile(
    rf"(?P<national>{phrase_alternation(_NATIONAL.values())})|(?P<ministry>{phrase_alternation(MINISTRIES)})",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(rf"\s+({PLACE_NAME})")
_COORDINATED_HEAD = re.compile(rf"({_HEAD_ALT})\s*(?:,|và)\s*$", re.IGNORECASE)
_DISTRICT = re.compile(rf"(?i:huyện|quận|thị\s+xã)\s+({PLACE_NAME})")


@dataclass
class OrgMention:
    """One organisation named in the text."""

    start: int
    end: int
    text: str
    name: str            # canonical
    parent: str | None = None


@dataclass
class Organisation:
    """An organisation with every way the text named it."""

    name: str
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[OrgMention] = field(default_factory=list)


def _cap(text: str) -> bool:
    return text[:1].isupper()


def _canonical_case(raw: str, table: dict[str, str]) -> str:
    return table[normalize_key(raw)]


def _place_after(text: str, end: int) -> tuple[str, int] | None:
    """A place name right after ``end`` that is not the start of a person's name."""
    if city := _HCMC.match(text, end):
        return "Hồ Chí Minh", city.end()
    if _CENTRAL_TAILS.match(text, end):
        return None
    m = _PLACE_AFTER.match(text, end)
    if not m:
        return None
    words = m.group(1)
    known = match_place(words)
    if known:
        name = known[0]
        # Consume exactly the words of the known place.
        consumed = len(unify_tones(words).split()) if normalize_key(words) == normalize_key(name) else len(name.split())
        tokens = list(re.finditer(r"\S+", text[m.start(1):m.end(1)]))
        cut = m.start(1) + tokens[min(consumed, len(tokens)) - 1].end()
        return name, cut
    first = normalize_key(words.split()[0])
    if first in SURNAMES:
        return None
    tokens = list(re.finditer(r"\S+", words))[:3]
    for i, token in enumerate(tokens[1:], start=1):
        if normalize_key(token.group(0)) in SURNAMES:
            tokens = tokens[:i]  # "UBND quận Ba Đình Nguyễn …": the name starts a person
            break
    return collapse_space(unify_tones(words[: tokens[-1].end()])), m.start(1) + tokens[-1].end()


class OrganisationFinder:
    """Finds organisations in the texts of one source (its body, a header line, the author's
    affiliation), resolving bare committee names with the source's locality."""

    def __init__(self, locality: Locality) -> None:
        self.locality = locality

    def find(self, text: str | AnalysedText) -> list[OrgMention]:
        """The organisations named in ``text``, in order."""
        return _Reading(analysed(text), self.locality).find()


class _Reading:
    """One text being read by an :class:`OrganisationFinder`; its district is the one it names most."""

    def __init__(self, text: AnalysedText, locality: Locality) -> None:
        self.text = text.text
        self.utext = text.unified
        self.locality = locality
        districts = Counter(collapse_space(m.group(1)) for m in _DISTRICT.finditer(self.utext))
        self.district = districts.most_common(1)[0][0] if districts else None

    def _committee(self, raw: str, place: str | None) -> tuple[str, str | None] | None:
        """Canonical committee name from "Tỉnh ủy"/"Đảng bộ tỉnh"/"Trung ương" and an optional place."""
        key = normalize_key(raw)
        if key.startswith("trung ương"):
            return "Trung ương", None
        if key in _COMMITTEES:
            label = _COMMITTEES[key]
            if place is None:
                place = self._default_place(key)
            # A committee whose locality nobody knows would merge unrelated bodies: leave it out.
            return (f"{label} {place}", place) if place else None
        # "Đảng bộ", "Đảng bộ tỉnh", "Đảng bộ thành phố" …
        unit = key.removeprefix("đảng bộ").strip()
        if place is None and unit:
            place = self._default_place({"tỉnh": "tỉnh ủy", "thành phố": "thành ủy"}.get(unit, "huyện ủy"))
        label = "Đảng bộ" + (f" {unit}" if unit else "")
        if place is None:
            return None
        return f"{label} {place}", place

    def _default_place(self, committee_key: str) -> str | None:
        loc = self.locality
        if committee_key == "tỉnh ủy":
            return loc.province if not is_central_city(loc.province) else None
        if committee_key == "thành ủy":
            return loc.city or (loc.province if is_central_city(loc.province) else None)
        if committee_key in ("huyện ủy", "quận ủy", "thị ủy"):
            return self.district
        return None

    def find(self) -> list[OrgMention]:
        utext = self.utext
        found: list[OrgMention] = []
        pos = 0
        while candidate := _CANDIDATE.search(utext, pos):
            pos = candidate.end()
            if candidate.group(0).casefold() not in _FIRST_WORDS:
                continue
            checkpoint()
            m = _ORG.match(utext, candidate.start())
            if m is None:
                continue
            mention = self._resolve(m)
            if mention is None and (national := _NATIONAL_ONLY.match(utext, candidate.start())):
                mention = self._national(national)  # "Văn phòng Quốc hội": a national body, not a Party "Văn phòng"
            if mention:
                found.append(mention)
                pos = max(pos, m.end())
        found.extend(self._coordinated(found))
        found.sort(key=lambda o: o.start)
        return found

    def _resolve(self, m: re.Match[str]) -> OrgMention | None:
        text, utext = self.text, self.utext
        end = m.end()
        if m.group("national") or m.group("ministry"):
            return self._national(m)
        if m.group("state"):
            body = _STATE_LOCAL[normalize_key(m.group("state"))]
            unit = normalize_key(m.group("unit"))
            place = _place_after(utext, end)
            if place:
                name, end = place
            else:
                locality = self.locality
                name = locality.province if unit == "tỉnh" else (locality.city if unit == "thành phố" else None)
                if name is None:
                    return None
            return OrgMention(m.start(), end, text[m.start():end], f"{body} {unit} {name}")
        if m.group("department"):
            return self._department(m)
        committee_raw = m.group("committee") or m.group("bare")
        head = m.group("head")
        if committee_raw is None:
            return None  # a head alone ("Ban Thường vụ") is resolved by coordination, if at all
        if not _cap(committee_raw) and not normalize_key(committee_raw).startswith("đảng bộ"):
            return None
        place_found = _place_after(utext, end) if not normalize_key(committee_raw).startswith("trung ương") else None
        place = None
        if place_found:
            place, end = place_found
        committee = self._committee(committee_raw, place)
        if committee is None:
            return None
        committee_name, _ = committee
        surface = text[m.start():end]
        if head is None:
            if committee_name == "Trung ương":
                return None
            return OrgMention(m.start(), end, surface, committee_name)
        head_name = collapse_space(unify_tones(head))
        head_name = next(h for h in _HEADS if normalize_key(h) == normalize_key(head_name))
        if committee_name == "Trung ương":
            if head_name == "Ban Chấp hành":
                return OrgMention(m.start(), end, surface, "Ban Chấp hành Trung ương Đảng")
            return OrgMention(m.start(), end, surface, f"{head_name} Trung ương", "Ban Chấp hành Trung ương Đảng")
        if head_name == "Ban Chấp hành":
            return OrgMention(m.start(), end, surface, f"Ban Chấp hành {committee_name}")
        return OrgMention(m.start(), end, surface, f"{head_name} {committee_name}", committee_name)

    def _national(self, m: re.Match[str]) -> OrgMention | None:
        """A body named the same everywhere: Quốc hội, Bộ Chính trị, a ministry."""
        if m.group("ministry"):
            name = _MINISTRY_KEYS[normalize_key(m.group("ministry"))]
        else:
            if re.search(r"\bPhó\s+$", self.utext[max(0, m.start() - 5):m.start()]):
                return None  # "Phó Thủ tướng Chính phủ" is a post, not the Prime Minister
            name = _NATIONAL[normalize_key(m.group("national"))]
        return OrgMention(m.start(), m.end(), self.text[m.start():m.end()], name)

    def _department(self, m: re.Match[str]) -> OrgMention | None:
        """ "Sở Y tế tỉnh Cao Bằng", or "Sở Y tế" in an article about one province; part of its People's Committee."""
        name = _DEPARTMENT_KEYS[normalize_key(m.group("department"))]
        end = m.end()
        place_found = _place_after(self.utext, end)
        if place_found:
            place, end = place_found
        else:
            place = self.locality.province
        if not place:
            return None
        unit = normalize_key(m.group("dunit") or ("thành phố" if is_central_city(place) else "tỉnh"))
        return OrgMention(m.start(), end, self.text[m.start():end], f"{name} {unit} {place}",
                          f"Ủy ban nhân dân {unit} {place}")

    def _coordinated(self, found: list[OrgMention]) -> list[OrgMention]:
        """ "Ban Thường vụ, Thường trực Thành ủy": the first head shares the committee of the second."""
        extra = []
        for following in found:
            checkpoint()
            if following.parent is None:
                continue
            window_start = max(0, following.start - 40)
            m = _COORDINATED_HEAD.search(self.utext, window_start, following.start)
            if m is None or m.end() != following.start or not _cap(m.group(1)):
                continue
            head_name = next(h for h in _HEADS if normalize_key(h) == normalize_key(m.group(1)))
            extra.append(OrgMention(m.start(1), m.end(1), self.text[m.start(1):m.end(1)],
                                    f"{head_name} {following.parent}", following.parent))
        return extra


def group_organisations(mentions: list[OrgMention]) -> list[Organisation]:
    """One :class:`Organisation` per canonical name, in order of first mention, parents included."""
    by_key: dict[str, Organisation] = {}
    for mention in mentions:
        for name, parent in ((mention.parent, None), (mention.name, mention.parent)):
            if name is None:
                continue
            org = by_key.setdefault(normalize_key(name), Organisation(name=name))
            if parent and org.parent is None:
                org.parent = parent
        org = by_key[normalize_key(mention.name)]
        org.mentions.append(mention)
        alias = collapse_space(mention.text)
        if alias != org.name and alias not in org.aliases:
            org.aliases.append(alias)
    return list(by_key.values())
