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
from vankien.graph.extract.coordination import coordinated
from vankien.graph.extract.gazetteer import gazetteer
from vankien.graph.extract.places import (
    CAPITALISED,
    PLACE_NAME,
    UPPER,
    Locality,
    is_central_city,
    match_unit,
    place_at,
    place_first_words,
)
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.sources.encoding import is_syllable
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
    "liên hợp quốc": "Liên Hợp Quốc",
    "ngân hàng nhà nước": "Ngân hàng Nhà nước Việt Nam",
    "thông tấn xã việt nam": "Thông tấn xã Việt Nam",
    "ttxvn": "Thông tấn xã Việt Nam",
    "qh": "Quốc hội",
    "bảo hiểm xã hội việt nam": "Bảo hiểm xã hội Việt Nam",
    "bhxh việt nam": "Bảo hiểm xã hội Việt Nam",
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
# With the rarer ones: what may open a person's name where a place's could stand ("UBND thành phố Chử Xuân Dũng").
FAMILY_NAMES = SURNAMES | frozenset(normalize_key(s) for s in (
    "Đào Trương Phùng Đồng Khuất Doãn Phí Lã Thân Đàm Hầu Nghiêm Cù Bế Lại Tống Diệp Cấn Giáp Khúc Trình "
    "Khương Quản Tất Thiều Kha Mẫn Nhữ Văn Tôn Đậu Chử"
).split())


_HEAD_ALT = phrase_alternation(_HEADS)
_COMMITTEE_ALT = (
    rf"(?:{phrase_alternation(['Tỉnh ủy', 'Thành ủy', 'Huyện ủy', 'Quận ủy', 'Thị ủy', 'Đảng ủy'])})"
    rf"|Đảng\s+bộ(?:\s+(?:{phrase_alternation(_PARTY_UNITS)}))?"
    r"|Trung\s+ương(?:\s+Đảng)?"
)
_ORG = re.compile(
    rf"(?P<national>{phrase_alternation(_NATIONAL)}|Thủ\s+tướng|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội)"
    rf"|(?P<head>{_HEAD_ALT})(?:\s+(?P<committee>{_COMMITTEE_ALT}))?"
    rf"|(?P<bare>{_COMMITTEE_ALT})"
    rf"|(?P<ministry>{phrase_alternation(MINISTRIES)})"
    rf"|(?P<state>Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND)\s+"
    rf"(?P<unit>{phrase_alternation(_PARTY_UNITS)}|TP\b\.?)"
    rf"|(?P<department>{phrase_alternation(DEPARTMENTS)})(?:\s+(?P<dunit>tỉnh|thành\s+phố))?",
    re.IGNORECASE,
)
# Organisation names start with a capitalised word from this set; only there is the full pattern tried.
_FIRST_WORDS = frozenset(
    n.split()[0].casefold()
    for n in (*_HEADS, *_COMMITTEES.values(), "Đảng bộ", "Trung ương", *_NATIONAL, "Thủ tướng", *MINISTRIES,
              "Ủy ban", "UBND", "Hội đồng", "HĐND", "Sở")
)
_CANDIDATE = re.compile(rf"(?<![\w]){CAPITALISED}")
_HCMC = re.compile(r"\s+(?:TP\.?\s*HCM|TPHCM|TP\.?\s*Hồ\s+Chí\s+Minh|[Tt]hành\s+phố\s+Hồ\s+Chí\s+Minh)(?![A-Z])")
_NATIONAL_ONLY = re.compile(
    rf"(?P<national>{phrase_alternation(_NATIONAL)})|(?P<ministry>{phrase_alternation(MINISTRIES)})",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(rf"\s+({PLACE_NAME})")
_HCMC_ALONE = re.compile(r"(?:TP\.?\s*HCM|TPHCM|TP\.?\s*Hồ\s+Chí\s+Minh)(?![A-Z])")
_COORDINATED_HEAD = re.compile(rf"({_HEAD_ALT})\s*(?:,|và)\s*$", re.IGNORECASE)
_DISTRICT = re.compile(rf"(?i:huyện|quận|thị[ \t]+xã)[ \t]+({PLACE_NAME})")


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
    if known := place_at(words):
        return known[0], m.start(1) + known[2]
    if unit := _unit_named(words):
        name, size = unit
        tokens = list(re.finditer(r"\S+", words))
        return name, m.start(1) + tokens[size - 1].end()
    first = normalize_key(words.split()[0])
    if first in FAMILY_NAMES:
        return None
    tokens = list(re.finditer(r"\S+", words))[:3]
    for i, token in enumerate(tokens[1:], start=1):
        if normalize_key(token.group(0)) in FAMILY_NAMES:
            tokens = tokens[:i]  # "UBND quận Ba Đình Nguyễn …": the name starts a person
            break
    return collapse_space(unify_tones(words[: tokens[-1].end()])), m.start(1) + tokens[-1].end()


def _unit_named(words: str) -> tuple[str, int] | None:
    """A district or ward of two words or more that ``words`` begin with and end at a lower-case word or
    the end ("Cao Lộc họp", not "Cao Văn Lộc"): (its name, its words)."""
    unit = match_unit(words)
    if unit is None or unit[1] < 2:
        return None
    tokens = words.split()
    if len(tokens) > unit[1] and tokens[unit[1]][:1].isupper():
        return None
    return unit[0].name, unit[1]


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
        named = any(word in self.utext for word in ("huyện", "quận", "xã", "Huyện", "Quận", "HUYỆN", "QUẬN", "XÃ"))
        districts = Counter(collapse_space(m.group(1)) for m in _DISTRICT.finditer(self.utext)) if named else Counter()
        self.district = next((self._district_named(name) for name, _ in districts.most_common(3)
                              if self._district_named(name)), None)

    def _district_named(self, words: str) -> str | None:
        """The district ``words`` begin with, as the gazetteer names it (in the article's province first)."""
        unit = match_unit(words, self.locality.province) or match_unit(words)
        return unit[0].name if unit else None

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
            word = candidate.group(0).casefold()
            if word not in _FIRST_WORDS and word not in _GENERAL_FIRST_WORDS:
                continue
            checkpoint()
            mentions = self._party_or_state(candidate.start()) if word in _FIRST_WORDS else []
            if not mentions:
                mentions = self._other_body(candidate.start())
            if mentions:
                found.extend(mentions)
                pos = max(pos, mentions[0].end)
        found.extend(self._lower_case_heads(found))
        found.extend(self._coordinated(found))
        found.extend(self._brands(found))
        found.extend(self._acronyms(found))
        found = self._without_clause_tails(found)
        found.sort(key=lambda o: o.start)
        return found

    def _without_clause_tails(self, found: list[OrgMention]) -> list[OrgMention]:
        """A name read on in lower case past where the same body's name, written elsewhere in the text, ends at
        a clear boundary (a comma, a full stop, a capital) is cut there: "Tổng cục Giáo dục nghề nghiệp chủ
        trương thay đổi" after "… Tổng cục Giáo dục nghề nghiệp." is that body and a verb."""
        clean = {}
        for mention in found:
            after = self.utext[mention.end:mention.end + 20].lstrip(" ")
            next_word = after.split(maxsplit=1)[0] if after.strip() else ""
            if not after or not after[0].isalpha() or after[0].isupper() or normalize_key(next_word) in _STOPS:
                clean.setdefault(normalize_key(mention.text), mention)
        if not clean:
            return found
        kept = []
        for mention in found:
            spans = list(re.finditer(r"\S+", mention.text))
            words = [w.group(0) for w in spans]
            for size in range(len(words) - 1, 1, -1):
                short = clean.get(normalize_key(" ".join(words[:size])))
                tail = words[size:]
                if short is not None and all(w[:1].islower() and w.isalpha() for w in tail) \
                        and normalize_key(mention.name) == normalize_key(f"{short.name} {' '.join(tail)}"):
                    end = mention.start + spans[size - 1].end()
                    mention = OrgMention(mention.start, end, self.text[mention.start:end], short.name, short.parent)
                    break
            kept.append(mention)
        return kept

    def _party_or_state(self, start: int) -> list[OrgMention]:
        m = _ORG.match(self.utext, start)
        if m is None:
            return []
        mention = self._resolve(m)
        if mention is None and (national := _NATIONAL_ONLY.match(self.utext, start)):
            mention = self._national(national)  # "Văn phòng Quốc hội": a national body, not a Party "Văn phòng"
        return [mention] if mention else []

    def _lower_case_heads(self, found: list[OrgMention]) -> list[OrgMention]:
        """Bodies whose head is written in lower case before a capitalised name ("công ty Nam Triệu",
        "báo Pháp Luật TP.HCM", "sở Khoa học và Công nghệ")."""
        taken = [(o.start, o.end) for o in found]
        extra: list[OrgMention] = []
        for start in self._lower_head_starts():
            checkpoint()
            if any(a <= start < b for a, b in taken):
                continue
            before = _WORD_BEFORE.search(self.utext, max(0, start - 12), start)
            head_word = _WORD_AT.match(self.utext, start).group(0)
            if before and f"{normalize_key(before.group(1))} {head_word}" in _JOINED_BEFORE:
                continue  # "đại hội XIII", "thông báo Kết luận", "bệnh viện" …: the head is the end of another word
            name_at = _SPACE_AFTER.match(self.utext, start + len(head_word))
            if name_at and self._body_starts(name_at.end()) and head_word in ("báo", "phòng", "đảng"):
                continue  # "báo Công an huyện …": reported to the police, not a newspaper
            mentions = self._other_body(start, lower_ok=True)
            named = self.utext[start + len(head_word):mentions[0].end].split() if mentions else []
            if len(named) == 1 and any(c.isdigit() for c in named[0]):
                continue  # "vắc xin phòng COVID-19": to prevent a disease, not a department named so
            if mentions:
                extra.extend(mentions)
                taken.extend((o.start, o.end) for o in mentions)
        return extra

    def _lower_head_starts(self) -> list[int]:
        """Where a lower-case head stands before a capitalised word (found with str.find: fast)."""
        utext, starts = self.utext, []
        for head in _LOWER_HEADS:
            at = utext.find(head)
            while at >= 0:
                end = at + len(head)
                if (at == 0 or not utext[at - 1].isalnum()) and _AFTER_LOWER_HEAD.match(utext, end):
                    starts.append(at)
                at = utext.find(head, end)
        return sorted(set(starts))

    def _brands(self, found: list[OrgMention]) -> list[OrgMention]:
        """Bodies named by a brand or an acronym the context shows is one: the leadership of it ("lãnh đạo
        Vietcombank"), a document of it ("văn bản này của VCCI") — then wherever the text names it —, or a
        foreign name's Vietnamese arm ("Nielsen Việt Nam")."""
        taken = [(o.start, o.end) for o in found]
        extra: list[OrgMention] = []

        def free(start: int) -> bool:
            return not any(a <= start < b for a, b in taken)

        for m in self._before_literal("Việt Nam", _FOREIGN_BEFORE):
            checkpoint()
            words = list(re.finditer(r"\S+", m.group(1)))
            while words and is_syllable(words[0].group(0).casefold()):
                words.pop(0)  # "Theo Nielsen Việt Nam": the name begins after the Vietnamese word
            start = m.start(1) + words[0].start() if words else -1
            if words and free(start) and not any(is_syllable(w.group(0).casefold()) for w in words):
                name = collapse_space(self.utext[start:m.end()])
                extra.append(OrgMention(start, m.end(), self.text[start:m.end()], name))
        named = [m.group(1) for m in _LED_BY.finditer(self.utext)] if "ãnh đạo" in self.utext else []
        for literal in ("của ", "từ "):
            for m in self._before_literal(literal, _DOCUMENT_BEFORE):
                if acronym := _ACRONYM_AT.match(self.utext, m.end()):
                    named.append(acronym.group(1))
        brands = {name for name in named if len(name) >= 3 and not is_syllable(name.casefold())
                  and normalize_key(name) not in _NOT_BRANDS}
        for brand in brands:
            for m in re.finditer(rf"(?<![\w&.]){re.escape(brand)}(?![\w&])", self.utext):
                checkpoint()
                if free(m.start()) and not any(o.start <= m.start() < o.end for o in extra):
                    extra.append(OrgMention(m.start(), m.end(), self.text[m.start():m.end()], brand))
        return extra

    def _before_literal(self, literal: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Matches of ``pattern`` (anchored with "$") in the 40 characters before each ``literal`` (str.find
        finds the literal fast; the pattern then reads only the window)."""
        found, utext = [], self.utext
        at = utext.find(literal)
        while at >= 0:
            if m := pattern.search(utext, max(0, at - 40), at + len(literal)):
                found.append(m)
            at = utext.find(literal, at + len(literal))
        return found

    def _acronyms(self, found: list[OrgMention]) -> list[OrgMention]:
        """ "Phòng Thương mại và Công nghiệp Việt Nam (VCCI)": the acronym in parentheses, there and wherever
        the text uses it again, names the body before it."""
        named: dict[str, OrgMention] = {}
        for mention in found:
            if (m := _ACRONYM_AFTER.match(self.utext, mention.end)) and m.group(1) not in named:
                named[m.group(1)] = mention
        extra = []
        for acronym, body in named.items():
            for m in re.finditer(rf"(?<![\w&]){re.escape(acronym)}(?![\w&])", self.utext):
                checkpoint()
                if not any(o.start <= m.start() < o.end for o in found):
                    extra.append(OrgMention(m.start(), m.end(), self.text[m.start():m.end()], body.name, body.parent))
        return extra

    def _resolve(self, m: re.Match[str]) -> OrgMention | None:
        text, utext = self.text, self.utext
        end = m.end()
        if m.group("national") or m.group("ministry"):
            return self._national(m)
        if m.group("state"):
            body = _STATE_LOCAL[normalize_key(m.group("state"))]
            unit = normalize_key(m.group("unit"))
            unit = "thành phố" if unit.startswith("tp") else unit
            if written := self._level_place(m.start("unit")):
                where, end = written
                return OrgMention(m.start(), end, text[m.start():end], f"{body} {where}")
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
        elif normalize_key(committee_raw) == "đảng ủy" and (space := _SPACE_AFTER.match(utext, end)):
            if written := self._level_place(space.end()):  # "Đảng ủy phường Chi Lăng"
                place, end = written
        committee = self._committee(committee_raw, place)
        if committee is None:
            return None
        committee_name, _ = committee
        surface = text[m.start():end]
        if head is None:
            if committee_name == "Trung ương":
                if normalize_key(committee_raw).endswith("đảng"):  # "Trung ương Đảng": the Central Committee
                    return OrgMention(m.start(), end, surface, "Ban Chấp hành Trung ương Đảng")
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

    # -- places after a body's name ------------------------------------------------------------------------------
    def _level_place(self, pos: int) -> tuple[str, int] | None:
        """ "tỉnh Nghệ An", "TP Cần Thơ", "TP.HCM", "quận Tây Hồ", "phường 5" at ``pos``: (canonical, end).
        A district or ward is looked up in the article's province first (names repeat across provinces), and is
        written with its level word; a name the gazetteer does not know is no place."""
        utext = self.utext
        if (city := _HCMC.match(utext, pos - 1 if pos and utext[pos - 1].isspace() else pos)) and city.start() < pos:
            return "thành phố Hồ Chí Minh", city.end()
        m = _LEVEL_PLACE.match(utext, pos)
        if m is None:
            return None
        level = collapse_space(m.group("level")).casefold()
        level = _LEVELS.get(level, level)
        words = m.group("name")
        tokens = list(re.finditer(r"\S+", words))
        if level in ("tỉnh", "thành phố"):
            known = place_at(words)
            return (f"{level} {known[0]}", m.start("name") + known[2]) if known else None
        if words[0].isdigit() and level not in ("quận", "phường"):
            return None  # "tỉnh 1" is a list's number, not a place
        unit = match_unit(words, self.locality.province) or match_unit(words)
        if unit is None:
            return None  # a level word before words no gazetteer knows ("huyện Điều 5") names no place
        return f"{level} {unit[0].name}", m.start("name") + tokens[unit[1] - 1].end()

    def _known_place(self, pos: int) -> tuple[str, int] | None:
        """A province or city named without its level word ("Hà Tĩnh", "Đà Nẵng"), canonical with it."""
        if (city := _HCMC_ALONE.match(self.utext, pos)) is not None:
            return "thành phố Hồ Chí Minh", city.end()
        first = _WORD_AT.match(self.utext, pos)
        if first is None or normalize_key(first.group(0)) not in place_first_words():
            return None
        words = self.utext[pos:pos + 40]
        if not words[:1].isupper():
            return None
        known = place_at(words)
        if known is None:
            return None
        name, kind, size = known
        level = "thành phố" if kind == "city" or is_central_city(name) else "tỉnh"
        return f"{level} {name}", pos + size

    def _bare_level(self, pos: int) -> tuple[str, int] | None:
        """A level word alone ("Công an tỉnh"), resolved with the article's locality."""
        m = _BARE_LEVEL.match(self.utext, pos)
        if m is None:
            return None
        level = collapse_space(m.group(1)).casefold()
        loc = self.locality
        place = {"tỉnh": loc.province if not is_central_city(loc.province) else None,
                 "thành phố": loc.city or (loc.province if is_central_city(loc.province) else None)}.get(
            level, self.district)
        return (f"{level} {place}", m.end()) if place else None

    # -- bodies not found by the Party and state rules ----------------------------------------------------------
    def _other_body(self, pos: int, lower_ok: bool = False) -> list[OrgMention]:
        """A ministry or department written loosely, or a body named by a head word, at ``pos``: its mentions
        (the body first, then its parent's)."""
        utext = self.utext
        first = _WORD_AT.match(utext, pos)
        word = normalize_key(first.group(0)) if first else ""
        if word in ("bộ", "thứ") and (minister := _MINISTER.match(utext, pos)):
            subject = _subject_at(utext, minister.end()) if utext[minister.end()].isupper() else None
            if subject:  # "Bộ trưởng Kế hoạch Đầu tư": the minister of that ministry
                return [OrgMention(minister.end(), subject[1], self.text[minister.end():subject[1]],
                                   f"Bộ {subject[0]}")]
        if word == "bộ" and utext[pos].isupper():
            if found := self._ministry(pos):
                return [found]
        if word == "sở":
            if found := self._department_loose(pos):
                return [found]
        if word in _GENERAL_FIRST_WORDS:
            seconds = _HEAD_SECOND_WORDS.get(word)
            if seconds is not None:  # a head of two words or more: look at the second before the full pattern
                second = _NEXT_WORD.match(utext, first.end())
                if second is None or normalize_key(second.group(1)) not in seconds:
                    return []
            return self._general(pos, lower_ok)
        return []

    def _ministry(self, pos: int) -> OrgMention | None:
        m = _MINISTRY_HEAD.match(self.utext, pos)
        subject = _subject_at(self.utext, m.end()) if m else None
        if subject is None or not self.utext[m.end()].isupper():
            return None
        end = subject[1]
        return OrgMention(pos, end, self.text[pos:end], f"Bộ {subject[0]}")

    def _department_loose(self, pos: int) -> OrgMention | None:
        """ "Sở GD-ĐT", "sở Khoa học và Công nghệ (KH&CN) TP Cần Thơ", "Sở Tài nguyên - Môi trường tỉnh Yên Bái"."""
        utext = self.utext
        m = _DEPARTMENT_HEAD.match(utext, pos)
        if m is None or not utext[m.end()].isupper():
            return None
        subject = _subject_at(utext, m.end())
        if subject is None:
            return None
        end = subject[1]
        if acronym := _PARENTHESES.match(utext, end):
            end = acronym.end()
        after = _SPACE_AFTER.match(utext, end)
        place = None
        if after:
            place = self._level_place(after.end()) or self._known_place(after.end())
        if place:
            where, end = place
        elif self.locality.province:
            province = self.locality.province
            where = f"{'thành phố' if is_central_city(province) else 'tỉnh'} {province}"
        else:
            return None
        name = f"Sở {subject[0]} {where}"
        return OrgMention(pos, end, self.text[pos:end], name, f"Ủy ban nhân dân {where}")

    def _general(self, pos: int, lower_ok: bool) -> list[OrgMention]:
        m = _GENERAL_HEAD.match(self.utext, pos)
        if m is None or m.group(0).isupper() and " " in m.group(0) or m.group(0).isupper() and is_syllable(
                m.group(0).casefold()):
            return []  # "NHIỆM VỤ", "CƠ QUAN": a heading in capitals
        key = normalize_key(m.group(0))
        if not (self.utext[pos].isupper() or lower_ok):
            return []
        before = _WORD_BEFORE.search(self.utext, max(0, pos - 12), pos)
        if before and f"{normalize_key(before.group(1))} {key.split()[0]}" in _JOINED_BEFORE:
            return []  # "Hạ Viện Mỹ", "Thế vận Hội": the head ends another word
        if key in _PLACED_HEADS:
            return self._placed(m, key)
        return self._named(m, key)

    def _placed(self, m: re.Match[str], key: str) -> list[OrgMention]:
        """ "Công an tỉnh Nghệ An", "VKSND TP Cần Thơ", "CSGT Hà Tĩnh", "VKSND Tối cao", "Thanh tra Bộ GDĐT"."""
        utext, head, start = self.utext, _PLACED_HEADS[key], m.start()
        after = _SPACE_AFTER.match(utext, m.end())
        if after is None:
            return []
        at = after.end()
        place = self._level_place(at) or self._known_place(at) or self._bare_level(at)
        if place:
            name, end = f"{head} {place[0]}", place[1]
            return [OrgMention(start, end, self.text[start:end], name)]
        tail = _PLACED_TAIL.match(
            utext, at)
        if tail:
            name = f"{head} {_PLACED_TAILS[normalize_key(tail.group(1))]}"
            if name == "Viện kiểm sát nhân dân tối cao" or name == "Tòa án nhân dân tối cao":
                pass
            elif normalize_key(tail.group(1)) == "nhân dân" and head not in ("Công an",):
                return []
            return [OrgMention(start, tail.end(), self.text[start:tail.end()], name)]
        if head == "Thanh tra" and (ministry := self._ministry(at)):
            end = ministry.end
            return [OrgMention(start, end, self.text[start:end], f"Thanh tra {ministry.name}", ministry.name), ministry]
        return []

    def _named(self, m: re.Match[str], key: str) -> list[OrgMention]:
        """A head word and the name after it, up to a place, a number ("số 2"), a verb or a function word;
        a unit joined to its parent ("Vụ Kế hoạch Tài chính - Bộ GD-ĐT") names the parent too."""
        utext, start = self.utext, m.start()
        head = next(h for h in _NAMED_HEADS if normalize_key(h) == key)
        tokens = list(_TOKEN.finditer(utext, m.end(), min(len(utext), m.end() + 160)))
        alone = [OrgMention(start, m.end(), self.text[start:m.end()], head)] if key in _STANDALONE_HEADS else []
        if not tokens or not _SAME_LINE_SPACE.fullmatch(utext[m.end():tokens[0].start()]):
            return alone
        first = tokens[0].group(0)
        if f"{key} {normalize_key(first)}" in _NOT_BODIES or first[:1].isupper() and self._is_place_name(start):
            return []
        after_ban = start >= 4 and utext.startswith("Ban ", start - 4)
        if _ROMAN.fullmatch(first) or normalize_key(first) in ("trưởng", "phó") or after_ban:
            return []  # "Hội XIII" ends "Đại hội XIII"; "Cục trưởng" is a post; "Tổ chức" in "Ban Tổ chức" no head
        if key in _COMPLEMENTS and not _COMPLEMENT_PATTERNS[key].match(utext, tokens[0].start()):
            return []
        name_end, anchored, capitalised, count, parent_at = self._name_extent(
            tokens, key in _UNITS_OF_BODIES, key not in _UNITS_NOT_NAMED_BY_PLACE)
        parent = self._parent(name_end, parent_at) if not anchored else None
        if count == 0 and parent is None or count and key in _STANDALONE_HEADS and not capitalised:
            return alone  # "trong Nghị viện mà …": the parliament alone
        if count and not first[:1].isupper() and key in _PROPER_NAMED_HEADS:
            return []  # "Vụ nổ …", "Hội chữ thập …" in lower case: an event or a common noun
        if key == "đội" and not (anchored or parent):
            return []  # "Đội Úc" is a team; "Đội quản lý thị trường số 2" a unit
        if key == "cơ quan" and parent is None:
            return []  # "Cơ quan Cảnh sát điều tra" alone is a kind; "… Công an tỉnh X" is one
        if count and not (anchored or parent):
            if not capitalised or key not in _COMPLEMENTS and not any(t.group(0)[:1].isupper() for t in tokens[:2]):
                return []  # a name in lower case needs a place, a number or a parent; "Tập đoàn xe hơi … X" is none
            if self._generic(utext[tokens[0].start():name_end]):
                return []  # "Trường THPT", "Công ty TNHH", "Phòng GD-ĐT": a kind of body, not one
        elif count and not capitalised and not utext[start].isupper():
            return []
        written = collapse_space(utext[tokens[0].start():name_end]) if count else ""
        name = f"{head} {written}".strip()
        mentions: list[OrgMention] = []
        if parent:
            body = parent[0]
            end = parent[1]
            mentions.append(OrgMention(start, end, self.text[start:end], f"{name} {body.name}", body.name))
            mentions.append(body)
            mentions.extend(parent[2])
        else:
            if count == 0:
                return []
            mentions.append(OrgMention(start, name_end, self.text[start:name_end], name))
        return mentions

    @staticmethod
    def _generic(words: str) -> bool:
        """Whether a name is only kinds and forms: "THPT", "TNHH", "ĐH", "GD-ĐT" and lower-case words."""
        capitals = [w for w in re.findall(r"[\w&\-./]+", words) if w[:1].isupper()]
        return all(normalize_key(w) in _GENERIC_WORDS or _subject_at(w, 0) for w in capitals)

    def _is_place_name(self, start: int) -> bool:
        """ "Hội An", "Trường Sa", "Vụ Bản": a head word beginning a place's own name."""
        units = gazetteer().units
        tokens = self.utext[start:start + 40].split()[:3]
        for size in (3, 2):
            words = tokens[:size]
            if len(words) == size and all(t[:1].isupper() for t in words) and not any(
                    t[-1:] in ",.;:)" for t in words[:-1]) and normalize_key(" ".join(words).rstrip(",.;:)")) in units:
                return True
        return False

    def _name_extent(self, tokens: list[re.Match[str]], unit_of: bool = False,
                     place_named: bool = True) -> tuple[int, bool, bool, int, int | None]:
        """Where a body's name after its head ends: (end, anchored by a place or number, has a capitalised word,
        words taken, where a juxtaposed parent body begins). A council or an office may be named by its body
        alone (``unit_of``: "Hội đồng Đại học Huế")."""
        utext = self.utext
        end, anchored, capitalised, count = tokens[0].start(), False, False, 0
        previous_end = tokens[0].start()
        i = 0
        while i < len(tokens) and count < _MAX_NAME_TOKENS:
            token = tokens[i]
            word = token.group(0)
            gap = utext[previous_end:token.start()]
            if "\n" in gap:
                break
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if word in ("-", "–"):
                after = following.group(0) if following is not None else ""
                if count == 0 or following is None or self._body_starts(following.start()) or (
                        after[:1].islower() and (tokens[i - 1].group(0)[:1].isupper()
                                                 or normalize_key(after) in _STOPS | _NUMERALS)):
                    break  # "đường bộ - đường sắt" goes on; "Công ty Ánh Sao - đồng sản xuất", "Viện … - một …" end
                previous_end = token.end()
                i += 1
                continue
            if word == "&" and count and following is not None and following.group(0)[:1].isupper():
                previous_end = token.end()  # "Ernst & Young"
                i += 1
                continue
            if word == "," and count and following is not None and coordinated(
                    [t.group(0) for t in tokens[max(0, i - 2):i]], [t.group(0) for t in tokens[i + 1:i + 3]]):
                previous_end = token.end()  # "Ban Chỉ đạo phòng, chống dịch": one name goes on
                i += 1
                continue
            if not word[0].isalnum() or "/" in word:
                break
            if word == "Số" and count and following is not None and _NUMBER.fullmatch(following.group(0)):
                return following.end(), True, capitalised, count + 1, None  # "Công ty … Xây dựng Số 8"
            if word[0].isupper():
                if len(word) > 1 and word.isupper() and is_syllable(word.casefold()):
                    break  # "NHIỆM VỤ VÀ QUYỀN HẠN": a heading in capitals, not a name
                if _INITIAL.match(word):
                    break  # "Thượng viện I.La-toóc-tu": a person's initial begins their name
                if (count or unit_of) and self._body_starts(token.start()):
                    return end, anchored, capitalised, count, token.start()
                if count and _BIG_HEAD.match(utext, token.start()):
                    break  # "Hội đồng Thành viên Tổng Công ty": a body's head begins
                if place := self._known_place(token.start()):
                    if count == 0 and not place_named:
                        break  # "Phòng TP.HCM": a unit is not named by its place alone, unlike "Đại học Huế"
                    return place[1], True, capitalised or count == 0, count + 1, None
                if normalize_key(word) in _CAPITAL_STOPS and not (
                        i and match_unit(f"{tokens[i - 1].group(0)} {word}") is not None):
                    break  # "… Ông Nguyễn …" ends it; "cơ sở Đông Anh" is a district's name
                if normalize_key(word) in SURNAMES and self._person_at(i, tokens):
                    break  # "… Hà Tĩnh" was a place; "Giám đốc Công ty X Nguyễn Văn A": a person follows
                compound = f"{normalize_key(word)} {following.group(0)}" if following is not None else ""
                if following is not None and following.group(0)[:1].islower() and \
                        compound not in _CAPITAL_COMPOUNDS and not self._level_place(following.start()) and (
                        i > 0 and self._proper_pair(tokens[i - 1].group(0), word)
                        or not is_syllable(word.casefold()) and normalize_key(word) not in _GENERIC_WORDS):
                    count += 1  # "… Đường sắt Việt Nam họp", "Tập đoàn Oshkosh sản xuất": after a proper or foreign
                    end = token.end()  # name the next lower-case word is not part of it
                    capitalised = True
                    break
                capitalised = True
            elif word[0].isdigit():
                break
            else:
                key = normalize_key(word)
                if place := self._level_place(token.start()):
                    if count == 0:
                        break
                    return place[1], True, capitalised, count + 1, None
                pair = f"{key} {normalize_key(following.group(0))}" if following is not None else ""
                if key == "số" and following is not None and _NUMBER.fullmatch(following.group(0)):
                    return following.end(), True, capitalised, count + 1, None
                if count and pair in _SCOPES and not (i + 2 < len(tokens) and tokens[i + 2].group(0)[:1].isupper()):
                    return following.end(), True, capitalised, count + 2, None  # "Tòa trọng tài quốc tế"
                if key in _CONNECTORS:
                    # "Báo chí và Tuyên truyền"; in a name all in lower case, "an toàn và môi trường"
                    after = tokens[i + 2].group(0) if i + 2 < len(tokens) else ""
                    if count == 0 or following is None or self._body_starts(following.start()) or not (
                            following.group(0)[:1].isupper() or following.group(0)[:1].isalpha()
                            and normalize_key(following.group(0)) not in _STOPS
                            and (not capitalised or after[:1].isupper())):
                        break  # "nhỏ và vừa Việt Nam", "an toàn và môi trường"; not "Công ty X và khách hàng"
                    previous_end = token.end()
                    i += 1
                    continue
                joined = f"{normalize_key(tokens[i - 1].group(0))} {key}" if i else ""
                if (key in _STOPS or pair in _STOPS) and pair not in _NOUNS and joined not in _NOUNS:
                    break
                if count and (key in _LATE_STOPS or pair in _LATE_STOPS):
                    break  # "Chi cục Hải quan quản lý …"; but "Cục quản lý thị trường" begins with it
            count += 1
            end = token.end()
            previous_end = token.end()
            i += 1
        return end, anchored, capitalised, count, None

    def _proper_pair(self, previous: str, word: str) -> bool:
        """Two capitalised syllables ("Việt Nam", "Hòa Phát", "Nông Lâm"): a proper name, which a lower-case
        word after it does not continue."""
        if not (self._capitalised_word(previous) and self._capitalised_word(word)):
            return False
        return True

    @staticmethod
    def _capitalised_word(word: str) -> bool:
        """A capitalised syllable, not an acronym ("Việt", not "TNHH")."""
        return word[:1].isupper() and not word.isupper()

    @staticmethod
    def _person_at(i: int, tokens: list[re.Match[str]]) -> bool:
        """A surname and two capitalised syllables after it: a person's full name ("Trần Văn Hải") — unless
        the next word begins it ("Bệnh viện Bạch Mai Nguyễn Quang Tuấn": "Mai" ends the hospital's name)."""
        following = [t.group(0) for t in tokens[i + 1:i + 4]]
        capitals = [w[:1].isupper() and w.isalpha() for w in following]
        if len(following) == 3 and all(capitals) and normalize_key(following[0]) in SURNAMES:
            return False
        return len(following) >= 2 and all(capitals[:2])

    def _body_starts(self, pos: int) -> bool:
        """Whether a body's name begins at ``pos`` (a ministry, a department, a head word with a name)."""
        word = self.utext[pos:pos + 20].split(maxsplit=1)
        if not word or not word[0][:1].isupper():
            return False
        first = normalize_key(word[0])
        if first not in _GENERAL_FIRST_WORDS and first not in _FIRST_WORDS and first not in ("bộ", "sở", "ubnd"):
            return False
        return bool(self._body_at(pos))

    def _body_at(self, pos: int) -> list[OrgMention]:
        """The mentions of the body named at ``pos``, by any rule."""
        m = _ORG.match(self.utext, pos)
        if m is not None and (mention := self._resolve(m)):
            return [mention]
        return self._other_body(pos)

    def _parent(self, end: int, juxtaposed: int | None) -> tuple[OrgMention, int, list[OrgMention]] | None:
        """The body a unit belongs to, named right after it: juxtaposed, after "-" or "," (a ministry or a
        department), or after "thuộc"."""
        utext = self.utext
        at = juxtaposed
        if at is None:
            sep = _PARENT_SEPARATOR.match(utext, end)
            if sep is None:
                return None
            at = sep.end()
        if not utext[at:at + 1].isupper():
            return None
        bodies = self._body_at(at)
        if not bodies:
            return None
        if juxtaposed is None and not normalize_key(bodies[0].name).startswith(("bộ ", "sở ", "ủy ban nhân dân",
                                                                                  "bệnh viện", "tập đoàn", "cục ",
                                                                                  "tổng cục", "đại học", "học viện")):
            return None
        return bodies[0], bodies[0].end, bodies[1:]

    def _national(self, m: re.Match[str]) -> OrgMention | None:
        """A body named the same everywhere: Quốc hội, Bộ Chính trị, a ministry."""
        if m.group("ministry"):
            name = _MINISTRY_KEYS[normalize_key(m.group("ministry"))]
        else:
            if re.search(r"\bPhó\s+$", self.utext[max(0, m.start() - 5):m.start()]):
                return None  # "Phó Thủ tướng Chính phủ" is a post, not the Prime Minister
            written = m.group("national")
            if written.isupper() and written.isalpha() and self.utext[m.end():m.end() + 1].isalnum():
                return None  # "QH", "TTXVN" written whole in capitals, not the start of "QH13"
            name = _NATIONAL[normalize_key(written)]
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


# -- ministries written loosely or abbreviated ("Bộ GD&ĐT", "Sở Tài nguyên - Môi trường") ----------------------------
_SUBJECTS = tuple(name.removeprefix("Bộ ") for name in MINISTRIES) + ("Ngoại vụ", "Du lịch")
_LOOSE_SEPARATOR = r"(?:\s*(?:,|-|–|&|\bvà\b)\s*|\s+)"


def _loose_words(subject: str) -> list[str]:
    return [w for w in re.split(r"[\s,\-–&]+", subject) if w and w != "và"]


def _initials(subject: str) -> str:
    """ "Giáo dục và Đào tạo" → "gdđt": the first letter of every syllable but "và"."""
    return "".join(w[0] for w in _loose_words(subject)).casefold()


_SUBJECT_LOOSE = re.compile(
    "|".join(_LOOSE_SEPARATOR.join(map(re.escape, _loose_words(s)))
             for s in sorted(_SUBJECTS, key=lambda s: len(_loose_words(s)), reverse=True)),
    re.IGNORECASE,
)
_SUBJECT_BY_WORDS = {" ".join(normalize_key(w) for w in _loose_words(s)): s for s in _SUBJECTS}
# An abbreviated subject is upper case: letters joined by "&" or "-" ("KH&ĐT", "LĐ-TB&XH"), or four letters or more.
_ABBREVIATION = re.compile(rf"[{UPPER}]{{1,3}}(?:\s?[&\-]\s?[{UPPER}]{{1,3}})+(?![\w&])|[{UPPER}]{{4,8}}(?![\w&])")
_SUBJECT_BY_INITIALS = {_initials(s): s for s in _SUBJECTS if len(_initials(s)) >= 3}


def _subject_at(utext: str, pos: int) -> tuple[str, int] | None:
    """The ministry's subject written at ``pos``, loosely or abbreviated: (canonical subject, end)."""
    if m := _SUBJECT_LOOSE.match(utext, pos):
        key = " ".join(normalize_key(w) for w in _loose_words(m.group(0)))
        if key in _SUBJECT_BY_WORDS:
            return _SUBJECT_BY_WORDS[key], m.end()
    if m := _ABBREVIATION.match(utext, pos):
        subject = _SUBJECT_BY_INITIALS.get(re.sub(r"[\s&\-]", "", m.group(0)).casefold())
        if subject:
            return subject, m.end()
    return None


# -- bodies named by a head word ("Công ty …", "Bệnh viện …", "Cục …", "Công an tỉnh …") ------------------------------
# Heads followed by a name of their own ("Bệnh viện Đa khoa tỉnh Hòa Bình", "Cục Quản lý chất lượng").
_NAMED_HEADS = (
    "Tổng công ty", "Công ty", "Tập đoàn", "Ngân hàng", "Đại học", "Học viện", "Viện", "Bệnh viện", "Trung tâm",
    "Hội", "Hiệp hội", "Liên đoàn", "Cục", "Tổng cục", "Vụ", "Chi cục", "Phòng", "Đội", "Ban Chỉ đạo",
    "Ban Quản lý", "Ủy ban", "Hội đồng", "Văn phòng", "Báo", "Thời báo", "Tạp chí", "Thông tấn xã", "Nhà xuất bản",
    "Quỹ", "Đảng", "Đại sứ quán", "Tòa", "Cơ quan", "Câu lạc bộ", "Kho bạc", "Bộ Chỉ huy",
    "Trường", "Đài", "Đoàn", "Nghị viện", "Hạ viện", "Thượng viện",
)
# Heads whose name must begin with one of these words ("Trường Đại học …", "Đài Truyền hình …", "Đoàn Luật sư …").
_COMPLEMENTS = {
    "trường": ("Đại học", "ĐH", "Cao đẳng", "CĐ", "Trung cấp", "THPT", "THCS", "Tiểu học", "Mầm non", "Phổ thông",
               "Chính trị", "Sĩ quan", "Quân sự", "Bồi dưỡng", "Trung học", "PTDTNT", "Dân tộc nội trú"),
    "đài": ("Truyền hình", "Tiếng nói", "Phát thanh", "PT-TH", "PTTH", "Khí tượng"),
    "đoàn": ("Luật sư", "Đại biểu Quốc hội", "ĐBQH", "Thanh niên", "Kiểm tra", "Thanh tra", "Giám sát"),
    "thông tấn xã": ("Việt Nam",),
    "văn phòng": ("Luật sư", "Công chứng", "Thừa phát lại", "Đăng ký", "Trung ương", "Tỉnh ủy", "Thành ủy",
                  "Huyện ủy", "Đoàn", "HĐND", "UBND", "Ủy ban", "Hội đồng", "Bộ", "Sở", "Chủ tịch", "Quốc hội"),
}
# Bodies named by their place ("Công an tỉnh Nghệ An", "VKSND TP Cần Thơ", "Thanh tra Bộ", "VKSND Tối cao").
_PLACED_HEADS = {
    "công an": "Công an", "tòa án nhân dân": "Tòa án nhân dân", "tand": "Tòa án nhân dân", "tòa án": "Tòa án",
    "viện kiểm sát nhân dân": "Viện kiểm sát nhân dân", "vksnd": "Viện kiểm sát nhân dân",
    "viện kiểm sát": "Viện kiểm sát", "thanh tra": "Thanh tra", "bảo hiểm xã hội": "Bảo hiểm xã hội",
    "bhxh": "Bảo hiểm xã hội", "cảnh sát giao thông": "Cảnh sát giao thông", "csgt": "Cảnh sát giao thông",
    "kho bạc nhà nước": "Kho bạc Nhà nước", "liên đoàn lao động": "Liên đoàn Lao động",
    "hội nông dân": "Hội Nông dân", "hội liên hiệp phụ nữ": "Hội Liên hiệp Phụ nữ",
    "hội cựu chiến binh": "Hội Cựu chiến binh", "cục thuế": "Cục Thuế", "chi cục thuế": "Chi cục Thuế",
    "cục hải quan": "Cục Hải quan", "cục thống kê": "Cục Thống kê", "đài phát thanh và truyền hình":
    "Đài Phát thanh và Truyền hình", "ban quản lý dự án": "Ban Quản lý dự án",
    "ủy ban mặt trận tổ quốc việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ủy ban mặt trận tổ quốc": "Ủy ban Mặt trận Tổ quốc Việt Nam",
}
# What a placed head may be followed by instead of a place.
_PLACED_TAILS = {"tối cao": "tối cao", "việt nam": "Việt Nam", "trung ương": "Trung ương", "chính phủ": "Chính phủ",
                 "bộ": "Bộ", "nhân dân": "nhân dân"}
# A head and the word after it making a common word, not a body ("Hội nghị", "Trường hợp", "Phòng chống").
_NOT_BODIES = frozenset(normalize_key(p) for p in (
    "Hội nghị", "Hội thảo", "Hội viên", "Hội thi", "Hội chợ", "Hội diễn", "Hội ý", "Hội đủ", "Hội tụ", "Hội nhập",
    "Trường hợp", "Trường học", "Trường kỳ", "Phòng chống", "Phòng ngừa", "Phòng tránh", "Phòng thủ", "Phòng dịch",
    "Phòng họp", "Phòng ngủ", "Phòng khách", "Phòng thí", "Vụ việc", "Vụ án", "Vụ trưởng", "Vụ mùa", "Đội ngũ",
    "Đội viên", "Đội trưởng", "Đội tuyển", "Đội bóng", "Đội hình", "Đội quân", "Đội tàu",
    "Đoàn viên", "Đoàn kết", "Đoàn thể", "Đoàn công", "Đoàn khách", "Cục bộ",
    "Viện dẫn", "Viện trợ", "Viện phí", "Báo cáo", "Báo chí", "Báo động", "Báo giá", "Báo hiệu", "Báo danh",
    "Báo tin", "Báo đáp", "Quỹ đất", "Quỹ lương", "Quỹ thời", "Tổ chức", "Đảng viên", "Đảng bộ", "Đảng ủy",
    "Đảng đoàn", "Đảng phái", "Ủy ban nhân", "Hội đồng nhân", "Trung tâm thành", "Trung tâm huyện",
    "Trung tâm tỉnh", "Trung tâm xã", "Trung tâm thương", "Trung tâm văn", "Trung tâm hội", "Trung tâm thị",
    "Ngân hàng thương", "Ngân hàng nhà", "Công ty con", "Công ty mẹ", "Tòa nhà", "Tòa soạn", "Tòa tháp",
    "Cơ quan chức", "Cơ quan nhà", "Cơ quan báo", "Cơ quan có", "Cơ quan chủ", "Cơ quan đăng", "Cơ quan điều",
    "Cơ quan quản", "Cơ quan thuế", "Cơ quan hành", "Cơ quan tiến", "Cơ quan thẩm", "Cơ quan ngôn", "Cơ quan công",
    "Văn phòng phẩm", "Liên đoàn bóng", "Ủy ban Thường",
))
# Lower-case words that end a name: function words and the verbs that follow a subject (one word, or two).
_STOPS = frozenset(normalize_key(w) for w in """
đã đang sẽ vừa mới cũng còn đều thì mà là có không chưa được bị cho với về theo để khi nếu vì do nên nhưng hoặc
hay các những mọi này đó kia ấy đây trên dưới trong ngoài sau trước từ đến tới tại ở vào ra lên qua nhằm như bằng
cùng gồm thuộc của ngày tháng năm lúc hôm người ông bà anh chị đi gửi nhận làm trao lừa vẫn luôn rất nhiều
ít chỉ hết mỗi nay kể nói đóng bắt cấp họp phải chịu trình mở xét thành kiêm chiều sáng
""".split()) | frozenset(normalize_key(w) for w in (
    "nhiệm kỳ", "tổ chức", "thông báo", "ban hành", "chủ trì", "phối hợp", "kiến nghị", "đề nghị", "yêu cầu",
    "khẳng định", "công bố", "chỉ đạo", "thực hiện", "triển khai", "phát hiện", "truy tố", "khởi tố", "xử lý",
    "quyết định", "tham mưu", "chấp thuận", "trở thành", "cho rằng", "cho biết", "đánh giá", "xác nhận",
    "tiến hành", "hướng dẫn", "tiếp tục", "đưa ra", "phát hành", "tham gia", "trả lời", "phản ánh", "kêu gọi",
    "thông tin", "đăng tải", "tiếp nhận", "thành lập", "đồng ý", "ghi nhận", "cảnh báo", "khuyến cáo",
    "thông qua", "ký kết", "quy định", "phê duyệt", "tán thành", "ủy quyền", "giám đốc", "giải quyết",
    "báo cáo", "kiểm tra", "đề xuất", "cho phép", "căn cứ", "bảo đảm", "có trách nhiệm", "chủ động", "duyệt y",
    "cập nhật", "đưa tin", "dẫn lời", "cơ quan", "rà soát", "đơn vị", "sao cho",
))
_CONNECTORS = frozenset(("và", "&"))
_NUMERALS = frozenset(normalize_key(w) for w in "một hai ba bốn năm sáu bảy tám chín mười".split())
# Words of scope that end and anchor a name in lower case, as a place does.
_SCOPES = frozenset(("quốc tế", "trung ương"))
# Heads that name a body alone: a parliament ("Nghị viện"), or with its country ("Hạ viện Mỹ").
_STANDALONE_HEADS = frozenset(("nghị viện", "hạ viện", "thượng viện"))
# Verbs that end a name after its first word, though a name in lower case may begin with one.
_LATE_STOPS = frozenset(("quản lý", "thống nhất", "thụ lý", "gia hạn", "xem", "tuyên truyền", "xử phạt", "tuần tra",
                         "ra quân", "vận động"))
# Capitalised words whose compound goes on in lower case inside a proper name ("Mắt Trung ương").
_CAPITAL_COMPOUNDS = frozenset(("trung ương", "quốc gia", "nhà nước"))
# Nouns whose one word alone would end a name ("thành viên", "việc làm").
_NOUNS = frozenset(("thành viên", "việc làm", "người lao động", "người cao tuổi", "người khuyết tật", "thiết bị",
                    "sáng tạo", "sáng kiến"))
# Heads whose own name always begins with a capital ("Vụ Kế hoạch", never "vụ nổ …").
_PROPER_NAMED_HEADS = frozenset(normalize_key(h) for h in (
    "Vụ", "Hội", "Báo", "Thời báo", "Tạp chí", "Đảng", "Quỹ", "Tổ chức", "Đại sứ quán", "Hiệp hội",
    "Liên đoàn", "Học viện", "Đại học", "Ngân hàng", "Nhà xuất bản", "Câu lạc bộ"))
_BIG_HEAD = re.compile(r"(?i:Tổng\s+công\s+ty|Công\s+ty|Tập\s+đoàn|Bệnh\s+viện|Ngân\s+hàng|Học\s+viện|Trường|Bộ|Sở)"
                       rf"\s+[{UPPER}]")
# Units whose name is never their place alone.
_UNITS_NOT_NAMED_BY_PLACE = frozenset(normalize_key(h) for h in (
    "Phòng", "Vụ", "Cục", "Đội", "Trung tâm", "Ủy ban", "Hội đồng", "Văn phòng", "Cơ quan", "Tổ chức", "Tòa",
    "Ban Chỉ đạo", "Ban Quản lý", "Chi cục", "Tổng cục", "Quỹ", "Đảng", "Viện", "Hội"))
# Kinds of school and forms of company, which alone name no body.
_GENERIC_WORDS = frozenset(normalize_key(w) for w in (
    "THPT", "THCS", "TH", "MN", "ĐH", "CĐ", "GDTX", "GDNN", "TNHH", "CP", "MTV", "TMCP", "Cổ", "phần", "Đại", "học",
    "Cao", "đẳng", "Trung", "cấp", "Tiểu", "Mầm", "non", "Luật", "TP", "TP.", "TW", "Nhà", "nước", "CSGT", "QLTT",
    "CSĐT", "CSHS", "PCCC", "TTGT", "ANĐT",
))
# Capitalised words that end a name: a sentence or clause begins ("Nếu …", "Theo …"), an honorific follows.
_CAPITAL_STOPS = frozenset(normalize_key(w) for w in (
    "Nếu", "Khi", "Theo", "Trong", "Tại", "Từ", "Để", "Với", "Về", "Cho", "Ông", "Bà", "Anh", "Chị", "Thầy", "Cô",
    "Những", "Các", "Này", "Đó", "Sau", "Trước", "Dù", "Tuy", "Vì", "Do", "Nhưng", "Còn", "Cũng", "Đã", "Đang",
    "Cùng",
    "Sẽ", "Là", "Ngày", "Hiện", "Tuy nhiên", "Thế", "Song", "Chủ", "Giám", "Phó", "Trưởng", "Kiêm",
))
# Heads that may be named by the body they serve alone ("Hội đồng Đại học Huế", "Văn phòng Bộ Công an").
_UNITS_OF_BODIES = frozenset(("hội đồng", "văn phòng", "cơ quan"))
_WORD_AT = re.compile(r"\w+")
_INITIAL = re.compile(rf"[{UPPER}]\.\w")
_MINISTER = re.compile(r"(?:Bộ|Thứ)\s+trưởng\s+")
_BARE_LEVEL = re.compile(r"(tỉnh|thành\s+phố|huyện|quận)(?!\s*[\w.])", re.IGNORECASE)
_MINISTRY_HEAD = re.compile(r"Bộ\s+")
_DEPARTMENT_HEAD = re.compile(r"(?i:sở)\s+")
_PARENTHESES = re.compile(r"\s*\(\s*[^()\s]{2,12}\s*\)")
_SPACE_AFTER = re.compile(r"\s+")
_PLACED_TAIL = re.compile(r"(tối\s+cao|việt\s+nam|trung\s+ương|chính\s+phủ|nhân\s+dân)(?!\w)", re.IGNORECASE)
_PARENT_SEPARATOR = re.compile(r"\s*[-–,]\s*|\s+thuộc\s+")
_SAME_LINE_SPACE = re.compile(r"[ \t\u00a0]+")
_ROMAN = re.compile(r"[IVXLC]+")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
# Words a lower-case head ends ("đại hội", "thông báo", "thị trường"): there it heads no body.
_JOINED_BEFORE = frozenset(normalize_key(p) for p in (
    "đại hội", "xã hội", "quốc hội", "hiệp hội", "cơ hội", "lễ hội", "thông báo", "cảnh báo", "dự báo", "tình báo",
    "học viện", "bệnh viện", "thư viện", "nghị viện", "hạ viện", "thượng viện", "quốc phòng", "văn phòng",
    "dự phòng", "đề phòng", "biên phòng", "bố cục", "kết cục", "đại cục", "cơ sở", "trụ sở", "thị trường",
    "môi trường", "hiện trường", "chiến trường", "lập trường", "công trường", "nông trường", "ngư trường",
    "nhà trường", "phái đoàn", "sư đoàn", "quân đoàn", "lữ đoàn", "binh đoàn", "tập đoàn", "liên đoàn",
    "chính đảng", "tổng công", "đại học", "trung tâm", "nhà báo", "tờ báo", "trang báo", "bài báo", "vận hội",
    "tu viện",
))
_TOKEN = re.compile(r"\w+(?:[&.'’/\-]\w+)*|[^\w\s]")
_MAX_NAME_TOKENS = 12
_NUMBER = re.compile(r"\d+[A-Za-z]?\b")
_LEVEL_PLACE = re.compile(
    rf"(?P<level>(?i:tỉnh|thành\s+phố|TP\.?|quận|huyện|thị\s+xã|phường|xã|thị\s+trấn|đặc\s+khu))"
    rf"\s*(?P<name>{PLACE_NAME}|\d+\b)"
)
_LEVELS = {"tp": "thành phố", "tp.": "thành phố"}
_ACRONYM_AFTER = re.compile(rf"\s*\(\s*([{UPPER}][{UPPER}&\-]{{1,9}})\s*\)")


def _head_alternation() -> re.Pattern[str]:
    heads = [*_NAMED_HEADS, *_PLACED_HEADS]
    return re.compile(rf"(?:{phrase_alternation(heads)})(?![\w&])", re.IGNORECASE)


_GENERAL_HEAD = _head_alternation()
_COMPLEMENT_PATTERNS = {key: re.compile(rf"(?:{phrase_alternation(words)})(?![\w&])", re.IGNORECASE)
                        for key, words in _COMPLEMENTS.items()}
_GENERAL_FIRST_WORDS = frozenset(
    normalize_key(h.split()[0]) for h in (*_NAMED_HEADS, *_PLACED_HEADS, "Bộ", "Sở", "Thứ"))
_NEXT_WORD = re.compile(r"\s+(\w+)")
_DOCUMENT_BEFORE = re.compile(
    r"\b(?:văn\s+bản|công\s+văn|kiến\s+nghị|đề\s+xuất|ý\s+kiến|báo\s+cáo|thông\s+báo|tờ\s+trình)(?:\s+này|\s+đó)?"
    r"\s+(?:của|từ) $")
_ACRONYM_AT = re.compile(rf"([{UPPER}]{{3,8}})(?![\w&])")
_LED_BY = re.compile(rf"\b[Ll]ãnh\s+đạo\s+([{UPPER}][A-Za-z]*[a-zA-Z])(?![\w&.\-])")
_FOREIGN_BEFORE = re.compile(
    rf"(?<![\w&.])([{UPPER}][A-Za-z]+(?:[ \t]+[{UPPER}][A-Za-z]+)?)[ \t]+Việt Nam(?!\w)")
# Capitals after "lãnh đạo" that are kinds or state bodies, not a company's brand.
_NOT_BRANDS = frozenset(normalize_key(w) for w in (
    *_NATIONAL, *_PLACED_HEADS, "UBND", "HĐND", "MTTQ", "BCH", "BTV", "CLB", "BGH", "BQL", "HTX", "DN", "TP", "TW",
    "ĐBQH", "BCĐ", "ĐH", "THPT", "THCS", "UBKT", "VPCP", "Bộ", "Sở"))


def _second_words() -> dict[str, frozenset[str] | None]:
    """First word of every head → the words that may follow it (None: the first word is a head alone)."""
    table: dict[str, set[str] | None] = {}
    for head in (*_NAMED_HEADS, *_PLACED_HEADS):
        words = normalize_key(head).split()
        if len(words) == 1:
            table[words[0]] = None
        elif table.get(words[0], set()) is not None:
            table.setdefault(words[0], set()).add(words[1])
    return {first: (frozenset(seconds) if seconds is not None else None) for first, seconds in table.items()}


_HEAD_SECOND_WORDS = _second_words()
# Heads a body's name may follow in lower case: only before a capitalised word.
_LOWER_HEADS = ("công ty", "tổng công ty", "tập đoàn", "ngân hàng", "phòng", "báo", "sở", "văn phòng", "tòa án",
                "đảng", "đại sứ quán", "đoàn", "trường", "bệnh viện", "trung tâm", "cục", "viện", "hội", "đại học",
                "học viện", "thời báo")
# What follows a lower-case head: a capital, maybe after a company's form ("công ty luật Minh Bạch").
_AFTER_LOWER_HEAD = re.compile(
    rf"\s+(?:luật\s+sư\s+|luật\s+|cổ\s+phần\s+)?[{UPPER}]|\s+(?:nhân\s+dân\s+)?tối\s+cao")
