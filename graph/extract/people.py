"""People named in Vietnamese text, with the posts the text gives them.

A person is taken only with evidence that the words are a person: an
honorific or title ("ông", "bà", "đồng chí", "Thượng tá", "luật sư", "nhà thơ"),
a post next to the name ("Bà Hoàng Minh Thảo, Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tuyên giáo
Thành ủy" → two posts; "Bí thư Tỉnh ủy Nguyễn Văn A" → one), an age after it ("Nguyễn Văn A (34 tuổi)"),
a photo credit ("Ảnh: Lê Hà") or a signature block ("CHỦ TỊCH QUỐC HỘI\n\nNguyễn Văn A").

A post is a role and the organisation it is held in. The organisation is the one the organisation finder
names right after the role; otherwise it is read by general rules: from the role to a comma, a dash, a
bracket, the end of the sentence, a verb ("cho biết", "đã") or the name that follows.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.organisations import FAMILY_NAMES, OrgMention
from vankien.graph.extract.places import match_place as _match_place
from vankien.graph.extract.spans import Spans
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.sources.encoding import is_syllable as _is_syllable
from vankien.graph.text import collapse_space, normalize_key, phrase_alternation, unify_tones


def _trie_pattern(phrases) -> str:
    """A regex matching the lower-cased ``phrases``, longest first, their common beginnings shared (faster to
    search than a plain alternation); any white space between words."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.lower().split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) == 1 else body + "?"

    return emit(trie)


_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_WORD = rf"[{_UPPER}][^\W\d_]*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{1,4}}"  # a name does not run across a line break
_LETTER_AFTER = r"(?![^\W\d_])"

_FAMILY = FAMILY_NAMES

# Honorifics and titles a name follows; the titles of rank and profession are no post.
_HONORIFICS = (
    "ông", "bà", "đồng chí", "anh", "chị", "cụ", "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng",
    "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "luật sư", "nhà thơ", "nhà văn", "nhà báo", "nhạc sĩ", "nhạc sỹ", "họa sĩ", "họa sỹ", "nghệ sĩ", "nghệ sỹ",
    "ca sĩ", "ca sỹ", "bác sĩ", "bác sỹ", "kỹ sư", "tiến sĩ", "tiến sỹ", "thạc sĩ", "giáo sư", "phó giáo sư",
    "TS", "ThS", "GS", "PGS", "GS.TS", "PGS.TS", "PGS.TS.", "GS.TSKH", "TSKH", "BS", "NSND", "NSƯT", "nhà sử học",
    "tài xế", "bị can", "bị cáo", "nghi phạm", "thẩm phán", "kiểm sát viên", "điều tra viên", "phóng viên",
    "nhà nghiên cứu", "nhà khoa học", "doanh nhân", "chuyên gia",
)
# Matched on the lower-cased text, which is much faster than a case-blind search.
# No look-behind first: the engine then skips to the titles' first letters (_honorifics checks word starts).
_HONORIFIC = re.compile(rf"{_trie_pattern(_HONORIFICS)}(?=[ \t])")
_NAME_AFTER = re.compile(rf"[ \t]+({_NAME})")
# A single given name after "ông", "bà" or a title ("ông Hạnh nói", "đại biểu Chiến"); a capital "Ông", "Bà" only
# where a sentence begins, for "Bà Rịa", "Bà Chiểu" are places.
_SHORT_TITLE = re.compile(
    r"(?:ông|bà|anh|chị|đồng\s+chí|đại\s+biểu|tài\s+xế|bị\s+cáo|bị\s+can|nghi\s+phạm)(?=\s)")
_SINGLE_NAME_AFTER = re.compile(rf"[ \t]+({_WORD}){_LETTER_AFTER}(?![ \t]+{_WORD})(?![ \t]*[-–][ \t]*{_WORD})")
_SENTENCE_OPENS = re.compile(r"(?:[.!?:\n\"“(]\s*|\A\s*)\Z")
# A name after white space, "(" or a quote; the look-behind follows the first letter so the engine can skip
# to capitals.
_BARE_NAME = re.compile(rf"([{_UPPER}](?<![^\s(“\"].)[^\W\d_]*(?:[ \t]+{_WORD}){{1,7}})")
_AGE_AFTER = re.compile(r"\s*\((?:sinh\s+năm|SN|\d{1,3}\s+tuổi|\d{4}\b)", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(
    rf"Ảnh(?<![^\W\d_]Ảnh)\s*:\s*(?:[A-Z]{{2,}}/)?((?:[{_UPPER}]\.\s?)?{_WORD}(?:[ \t]+{_WORD}){{0,4}})")
# The writer's name on the last line of an article ("… hàng hải.\nMinh Anh").
_BYLINE = re.compile(rf"(?:\n|\.\s|\s\s)[ \t]*({_WORD}(?:[ \t]+{_WORD}){{1,3}})[ \t]*\Z")

# Roles that take an organisation after them ("Trưởng" + "Ban Tuyên giáo Thành ủy").
_ROLES = (
    "Ủy viên Trung ương Đảng", "Ủy viên dự khuyết Trung ương Đảng", "Ủy viên", "Phó Bí thư Thường trực",
    "Phó Bí thư", "Bí thư", "Phó Trưởng ban Thường trực", "Phó Trưởng ban", "Trưởng ban", "Phó Trưởng",
    "Trưởng", "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Phó Chủ nhiệm Thường trực", "Phó Chủ nhiệm",
    "Chủ nhiệm", "Phó Chánh Văn phòng", "Chánh Văn phòng", "Phó Chánh Thanh tra", "Chánh Thanh tra",
    "Phó Chánh án", "Chánh án", "Phó Viện trưởng", "Viện trưởng", "Viện phó", "Thành viên", "Phó Giám đốc", "Giám đốc",
    "Phó Tổng Giám đốc", "Tổng Giám đốc", "Phó Tổng Biên tập", "Tổng Biên tập", "Phó Cục trưởng", "Cục trưởng",
    "Phó Vụ trưởng", "Vụ trưởng", "Phó Tổng cục trưởng", "Tổng cục trưởng",
    "Phó Hiệu trưởng", "Hiệu trưởng", "Thứ trưởng", "Bộ trưởng", "Phó Thống đốc",
    "Thống đốc", "Đại biểu", "Phó Trưởng Đoàn", "Trưởng Đoàn", "Tổng Thư ký", "Phó Tổng Thư ký",
    "Phó Trưởng phòng", "Trưởng phòng", "Phó Trưởng khoa", "Trưởng khoa", "Phó Phát ngôn viên", "Phát ngôn viên",
    "Người phát ngôn", "Tư lệnh", "Phó Tư lệnh", "Chính ủy", "Phó Chính ủy", "Tổng Kiểm toán", "Giáo sư",
    "Luật sư điều hành", "Luật sư", "Chủ tịch Hội đồng quản trị", "Phó Tổng thống", "Tổng thống", "Thủ tướng",
    "Phó Thủ tướng", "Thượng nghị sĩ", "Hạ nghị sĩ", "Đại sứ", "Ngoại trưởng", "Thẩm phán", "Kiểm sát viên",
    "Điều tra viên", "Thư ký", "Giảng viên", "Nghiên cứu viên", "Chuyên viên", "Cán bộ",
)
# Posts complete in themselves.
_NATIONAL_POSTS = (
    "Tổng Bí thư", "Chủ tịch nước", "Phó Chủ tịch nước", "Thủ tướng Chính phủ", "Thủ tướng",
    "Phó Thủ tướng Chính phủ", "Phó Thủ tướng", "Chủ tịch Quốc hội", "Phó Chủ tịch Quốc hội",
    "Tổng Thư ký Quốc hội", "Phó Tổng Thư ký Quốc hội",
    "Thường trực Ban Bí thư", "Ủy viên Bộ Chính trị", "Ủy viên Ban Bí thư", "Ủy viên Trung ương Đảng",
    "Ủy viên dự khuyết Trung ương Đảng", "Đại biểu Quốc hội",
)
# Roles that are a post on their own right before a name ("Bộ trưởng Đào Ngọc Dung", "Tổng thống Trump").
_BARE_ROLES = frozenset(normalize_key(r) for r in (
    "Bộ trưởng", "Thứ trưởng", "Thống đốc", "Phó Thống đốc", "Tổng thống", "Phó Tổng thống", "Thủ tướng",
    "Phó Thủ tướng", "Đại biểu", "Thượng nghị sĩ", "Hạ nghị sĩ", "Đại sứ", "Ngoại trưởng", "Chủ tịch",
    "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Bí thư", "Phó Bí thư", "Chủ nhiệm",
    "Viện trưởng", "Hiệu trưởng", "Cục trưởng", "Vụ trưởng", "Chánh án", "Tư lệnh", "Thẩm phán",
))
# Posts held abroad, before a name in a foreign language ("Tổng thống Mỹ Barack Obama").
_FOREIGN_ROLES = (
    "Tổng thống", "Phó Tổng thống", "Thủ tướng", "Phó Thủ tướng", "Thượng nghị sĩ", "Hạ nghị sĩ", "Ngoại trưởng",
    "Đại sứ", "Thẩm phán",
)
_FOREIGN_ROLE = re.compile(rf"(?:{phrase_alternation(_FOREIGN_ROLES).lower()}){_LETTER_AFTER}")
_FOREIGN_WORD = rf"[{_UPPER}][a-zà-ỹ]+"
_FOREIGN_NAME_AFTER = re.compile(
    rf"[ \t]+((?:[^\W\d_]+[ \t]+){{0,4}}?)({_FOREIGN_WORD}(?:[ \t]+{_FOREIGN_WORD}){{0,2}})(?![ \t]+[{_UPPER}])(?!\w)")
_FORMER = r"(?:(?:nguyên|cựu|tân|quyền)\s+)?"

# Words that begin the name of a body or a place, never a person's name.
_NEVER_FIRST = frozenset(normalize_key(w) for w in (
    "Sở", "Bộ", "Ủy", "Cục", "Vụ", "Viện", "Đảng", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Tổng", "Chi",
    "Ban", "Công", "Văn", "Trường", "Bệnh", "Hội", "Tòa", "Phòng", "Trung", "Ngân", "Tập",
))
_ROLE = re.compile(rf"{_trie_pattern(_ROLES + _NATIONAL_POSTS)}{_LETTER_AFTER}")
_FORMER_BEFORE = re.compile(r"(?<![^\W\d_])(?:nguyên|cựu|tân)\s+\Z")
_ROLE_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # by the first word, longest first
for _role in sorted(_ROLES, key=len, reverse=True):
    _ROLE_PATTERNS.setdefault(_role.split()[0].lower(), []).append(
        (_role, re.compile(rf"{phrase_alternation([_role])}(?=\s)", re.IGNORECASE)))
_ROLE_NAMES = {normalize_key(r): r for r in _ROLES}
_FULL_POST = {"Thủ tướng": "Thủ tướng Chính phủ", "Phó Thủ tướng": "Phó Thủ tướng Chính phủ"}
_POST_ORGANISATION = {
    "Tổng Bí thư": "Ban Chấp hành Trung ương Đảng", "Thường trực Ban Bí thư": "Ban Bí thư",
    "Ủy viên Bộ Chính trị": "Bộ Chính trị", "Ủy viên Ban Bí thư": "Ban Bí thư",
    "Ủy viên Trung ương Đảng": "Ban Chấp hành Trung ương Đảng",
    "Ủy viên dự khuyết Trung ương Đảng": "Ban Chấp hành Trung ương Đảng",
    "Thủ tướng Chính phủ": "Chính phủ", "Phó Thủ tướng Chính phủ": "Chính phủ",
    "Chủ tịch Quốc hội": "Quốc hội", "Phó Chủ tịch Quốc hội": "Quốc hội", "Đại biểu Quốc hội": "Quốc hội",
    "Tổng Thư ký Quốc hội": "Quốc hội", "Phó Tổng Thư ký Quốc hội": "Quốc hội",
    "Chủ tịch nước": None, "Phó Chủ tịch nước": None,
}
_NATIONAL = re.compile(rf"(?:{phrase_alternation(_NATIONAL_POSTS)}){_LETTER_AFTER}", re.IGNORECASE)
_NATIONAL_KEYS = {normalize_key(p): p for p in _NATIONAL_POSTS}
_FORMER_AT = re.compile(_FORMER, re.IGNORECASE)
_QUOTE_INSIDE = re.compile(r"(?<=\w)[\"“”]")
_POST_SEPARATOR = re.compile(r"\s*(?:,|;|kiêm|\s[-–]|[-–](?=\s))\s*|\s*\(\s*")
_CHAIN_SEPARATOR = re.compile(r"\s*(?:,|kiêm)\s*")

# Lower-case words that may open an organisation after a role ("giám đốc sở Y tế", "trưởng ban chỉ đạo").
_ORG_HEADS = frozenset(normalize_key(w) for w in (
    "sở", "phòng", "ban", "văn phòng", "công ty", "cục", "vụ", "viện", "trường", "bệnh viện", "ủy ban", "hội đồng",
    "tòa án", "công an", "đoàn", "hội", "bộ", "tổng cục", "trung tâm", "ngân hàng", "tập đoàn", "tổng công ty",
    "đại học", "học viện", "khoa", "chi cục", "thanh tra", "báo", "đài", "nhóm", "quỹ", "liên đoàn", "hiệp hội",
))
# Words after which an organisation's name cannot go on: verbs and function words of the sentence.
_ORG_STOPS = frozenset(normalize_key(w) for w in (
    "cho", "nói", "đã", "đang", "sẽ", "vừa", "mới", "cũng", "là", "được", "bị", "có", "không", "chưa", "về", "khi",
    "thì", "mà", "với", "trong", "ngày", "năm", "để", "này", "đó", "đến", "từ", "ra", "lên", "gửi", "ông", "bà",
    "anh", "chị", "cùng", "các", "những", "một", "số", "theo", "tới", "sau", "trước", "nay", "hiện", "vẫn", "đều",
    "rằng", "hay", "nêu", "kể", "dẫn", "dự", "trao", "tặng", "đón", "gặp", "tiếp", "vì", "nên", "như",
    "qua", "trú", "nơi", "đi", "ở", "vào", "bởi", "do", "tuổi", "vợ", "chồng", "ký", "giữ", "họp", "kiêm", "bắt",
    "nhưng", "song", "hoặc", "đồng", "khẳng", "nhấn", "chia", "trả", "giải", "yêu", "lúng", "bày", "thừa", "tiết",
))
# Two words that together are a verb ending an organisation's name ("phát biểu", "chủ trì").
_ORG_STOP_PAIRS = frozenset(normalize_key(w) for w in (
    "phát biểu", "công bố", "chủ trì", "tham dự", "thông tin", "trình bày", "đề nghị", "nhận định", "đánh giá",
    "kiến nghị", "xác nhận", "lưu ý", "cảnh báo", "hướng dẫn", "phụ trách", "nhiệm kỳ", "chỉ đạo cho",
    "sinh năm", "thông báo", "báo cáo", "tổ chức cho", "phân tích", "đề xuất", "chỉ rõ", "cho biết", "thay mặt",
))
# A person's full name at a position: a capitalised syllable and two more ("Nguyễn Huy Dũng").
_FULL_NAME_AT = re.compile(rf"{_WORD}[ \t]+{_WORD}[ \t]+{_WORD}")
_NAME_NEXT = re.compile(rf"[ \t]+{_WORD}[ \t]+{_WORD}")
_LEADING = frozenset(normalize_key(w) for w in ("tại", "của", "thuộc"))
_TRAILING = frozenset(normalize_key(w) for w in ("và", "của", "thuộc", "tại", "-", "–", "&"))
_LAST_WORD = re.compile(r"([^\W\d_]+)[ \t]+\Z")
_LAST_TWO_WORDS = re.compile(r"([^\W\d_]+[ \t]+[^\W\d_]+)[ \t]+\Z")
_PROFESSIONS = frozenset(normalize_key(w) for w in (
    "luật sư", "bác sĩ", "bác sỹ", "kỹ sư", "giáo sư", "phó giáo sư", "nhà báo", "phóng viên", "kiểm sát viên",
    "điều tra viên", "thẩm phán",
))
_NOT_A_BYLINE = frozenset(normalize_key(w) for w in ("Theo", "Nguồn", "Ảnh", "Video", "Clip", "Tin", "Bài"))
_SHORT_FORM = re.compile(rf"(?:TP|Tp|[{_UPPER}])\.")  # "TP.", "Q." (quận), "P." (phường) go on a name
# Words before a name that make it the name of a place or a thing ("đường Nguyễn Văn Cừ", "thành phố Thái Phiên").
_NAMES_A_PLACE = frozenset(normalize_key(w) for w in (
    "tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "thị trấn", "thị xã", "đường", "phố", "cầu", "làng",
    "thôn", "ấp", "chợ", "trường", "tàu", "sân", "bến", "hẻm", "ngõ", "hồ", "núi", "sông", "cảng", "khu",
))
_APPOINTED = re.compile(
    r"(?:b(?<![^\W\d_]b)(?:ổ\s+nhiệm|ầu)|đ(?<![^\W\d_]đ)ược\s+giao)[^.;:!?\n]{0,80}?(?<![^\W\d_])"
    r"(?:làm|giữ\s+chức(?:\s+vụ)?|chức\s+vụ|vào\s+chức\s+vụ)\s")
# Words between a post and a foreign name that make the name a place's or the post no post of it.
_NOT_BEFORE_FOREIGN_NAME = _ORG_STOPS | frozenset(
    normalize_key(w) for w in ("của", "bang", "nước", "vùng", "miền", "đảo", "thủ", "tại"))
_TOKEN = re.compile(r"\S+")
_ABBREVIATION_IN_BRACKETS = re.compile(rf"\s*\(\s*[{_UPPER}][{_UPPER}&\-.\s]{{0,12}}\)")
_MAX_ORG_WORDS = 16


@dataclass
class Person:
    """A person and the posts the text gives them."""

    name: str
    posts: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    post_organisations: dict[str, str | None] = field(default_factory=dict)  # post → the organisation it is in


def _glued_at(word: str) -> int | None:
    """Where a capitalised word that is no syllable splits into a syllable and a lower-case word glued to
    it ("Trọngmong" → 5, "Khuđược" → 3); None for a word that is a syllable or splits no such way."""
    lowered = word.lower()
    if not word[:1].isupper() or is_syllable(lowered) or not word.isalpha():
        return None
    for cut in range(len(word) - 1, 0, -1):
        if word[cut].islower() and is_syllable(lowered[:cut]) and is_syllable(lowered[cut:]):
            return cut
    return None


is_syllable = lru_cache(maxsize=8192)(_is_syllable)
match_place = lru_cache(maxsize=4096)(_match_place)

# Countries and regions written in Vietnamese words, which look like a person's name after "chuyên gia".
_COUNTRIES = frozenset(normalize_key(c) for c in (
    "Việt Nam", "Trung Quốc", "Nhật Bản", "Hàn Quốc", "Triều Tiên", "Ai Cập", "Ấn Độ", "Thái Lan", "Hoa Kỳ",
    "Anh Quốc", "Hà Lan", "Ba Lan", "Phần Lan", "Na Uy", "Đan Mạch", "Thụy Điển", "Thụy Sĩ", "Tây Ban Nha",
    "Bồ Đào Nha", "Thổ Nhĩ Kỳ", "Nam Phi", "Ai Len", "Cu Ba", "Mông Cổ", "Đài Loan", "Hồng Kông", "Miến Điện",
    "Liên Xô", "Châu Âu", "Châu Á", "Châu Phi", "Châu Mỹ", "Trung Đông", "Đông Nam Á", "Tân Tây Lan",
    "Lào", "Úc", "Bỉ", "Séc", "Campuchia", "Singapore",
))

_NATIONALITIES = frozenset(normalize_key(c) for c in ("Anh", "Mỹ", "Pháp", "Đức", "Nga", "Ý", "Úc", "Nhật", "Hàn"))


def _country_before_foreign_name(words: list[str]) -> int:
    """How many words of a country open a foreign name ("Anh Samira Ahmed" → 1), 0 if none."""
    for size, countries in ((2, _COUNTRIES), (1, _NATIONALITIES | _COUNTRIES)):
        if (len(words) > size and normalize_key(" ".join(words[:size])) in countries
                and not _is_vietnamese(words[size:])):
            return size
    return 0


_FINAL_Y = re.compile(r"(?<=[hklmst])([yýỳỷỹỵ])(?![^\W\d_])")
_Y_AS_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def person_key(name: str) -> str:
    """The key of a person's name, "Sỹ" and "Sĩ", "Kỳ" and "Kì" spelt alike."""
    return _FINAL_Y.sub(lambda m: m.group(1).translate(_Y_AS_I), normalize_key(name))


def _looks_like_a_name(words: list[str]) -> bool:
    """Capitalised words, none an abbreviation ("TP"), together no place ("Hà Nội", "Nhật Bản")."""
    if any(len(w) > 1 and w[1:].isupper() for w in words) or normalize_key(" ".join(words[:2])) in _COUNTRIES:
        return False
    place = match_place(" ".join(words))
    return place is None or len(place[0].split()) < len(words)


def _is_vietnamese(words: list[str]) -> bool:
    return all(is_syllable(w.lower()) for w in words)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name_tail(words: list[str]) -> int | None:
    """Where a person's name begins in a run of capitalised words that ends with it ("Trà Vinh Đồng Văn
    Lâm" → 2): a family name opening the last three words, else the last two, else the last four."""
    for size in (3, 2, 4):
        if len(words) >= size and normalize_key(words[-size]) in _FAMILY:
            return len(words) - size
    return None


class PeopleFinder:
    """Finds people and their posts in one text, given its organisation mentions."""

    def __init__(self, text: str | AnalysedText, orgs: list[OrgMention]) -> None:
        read = analysed(text)
        self.read = read
        self.text = read.text
        self.utext = read.unified
        self.org_at = {o.start: o for o in orgs if o.start >= 0}
        self.org_spans = [(o.start, o.end) for o in orgs if o.start >= 0]
        self.org_ends = Spans(self.org_spans)
        lower = self.utext.lower()
        if len(lower) != len(self.utext):  # a letter whose lower case is longer: keep offsets
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.utext)
        self.lower = lower

    # -- words found on the lower-cased text -------------------------------------------------
    def _word_starts(self, pos: int) -> bool:
        return pos == 0 or not self.lower[pos - 1].isalpha()

    def _role_at(self, pos: int) -> re.Match[str] | None:
        role = _ROLE.match(self.lower, pos)
        return role if role and self._word_starts(pos) else None

    def _roles(self, start: int, end: int, pattern: re.Pattern[str] = _ROLE) -> list[tuple[int, int]]:
        """Roles written between ``start`` and ``end``, any case ("Giám đốc", "giám đốc", "GIÁM ĐỐC"), with
        "nguyên", "cựu" before them: (start, end) of each."""
        found = []
        for role in pattern.finditer(self.lower, start, end):
            if self._word_starts(role.start()):
                former = _FORMER_BEFORE.search(self.lower, max(0, role.start() - 8), role.start())
                found.append((former.start() if former else role.start(), role.end()))
        return found

    def _honorifics(self) -> list[tuple[int, re.Match[str]]]:
        """Names after an honorific or a title: (where the title starts, the name as group 1)."""
        found = []
        for m in _HONORIFIC.finditer(self.lower):
            if self._word_starts(m.start()) and (name := _NAME_AFTER.match(self.utext, m.end())):
                found.append((m.start(), name))
        return found

    def _shortly_named(self) -> list[tuple[int, re.Match[str]]]:
        """Given names alone after an honorific or a title: (where the title starts, the name as group 1)."""
        found = []
        for m in _SHORT_TITLE.finditer(self.lower):
            if not self._word_starts(m.start()):
                continue
            if self.utext[m.start()].isupper() and not _SENTENCE_OPENS.search(self.utext, max(0, m.start() - 3),
                                                                               m.start()):
                continue
            if name := _SINGLE_NAME_AFTER.match(self.utext, m.end()):
                found.append((m.start(), name))
        return found

    # -- posts -------------------------------------------------------------------------------
    def post_at(self, pos: int) -> tuple[str, int] | None:
        """A post starting at ``pos``: (canonical post, end)."""
        found = self.post_with_organisation(pos)
        return (found[0], found[1]) if found else None

    def post_with_organisation(self, pos: int, limit: int | None = None,
                               capital: bool = True) -> tuple[str, int, str | None] | None:
        """A post starting at ``pos``: (canonical post, end, organisation or None). With ``limit`` the post's
        organisation runs no further; a role written in lower case counts unless ``capital``."""
        utext = self.utext
        if not utext[pos:pos + 1].isupper() and (capital or not utext[pos:pos + 1].isalpha()):
            return None
        former = _FORMER_AT.match(utext, pos)
        prefix = utext[pos:former.end()].strip().lower() if former.end() > pos else ""
        start = former.end()
        found = self._role_and_organisation(start, limit)
        if found is None:
            return None
        post, end, organisation = found
        return (f"{prefix} {post}" if prefix else post), end, organisation

    def _role_and_organisation(self, pos: int, limit: int | None) -> tuple[str, int, str | None] | None:
        utext = self.utext
        if not _ROLE.match(self.lower, pos):
            return None
        national = _NATIONAL.match(utext, pos)
        roles = []
        for role_name, pattern in _ROLE_PATTERNS.get(self.lower[pos:pos + 12].split(maxsplit=1)[0], ()):
            role = pattern.match(utext, pos)
            if role and national and national.end() > role.end():
                break
            if role:
                roles.append((role_name, role.end()))
        for role_name, role_end in roles:  # first the organisation the organisation finder names
            org = self.org_at.get(role_end + 1)
            if org and (limit is None or org.end <= limit and utext[org.end:limit].strip() in ("", ",")):
                return f"{role_name} {org.name}", org.end, org.name
        for role_name, role_end in roles:  # then one read by general rules
            read = self._organisation_after(role_end + 1, limit)
            if read is not None:
                return f"{role_name} {read[0]}", read[1], read[0]
            org = self.org_at.get(role_end + 1)
            if org and org.end <= (limit or org.end):
                return f"{role_name} {org.name}", org.end, org.name
            if (limit is not None and not national and not utext[role_end:limit].strip()
                    and normalize_key(role_name) in _BARE_ROLES):
                return role_name, role_end, None  # "Bộ trưởng Đào Ngọc Dung"
        if national:
            post = _NATIONAL_KEYS[normalize_key(national.group(0))]
            post = _FULL_POST.get(post, post)
            return post, national.end(), _POST_ORGANISATION.get(post)
        return None

    def _organisation_after(self, pos: int, limit: int | None) -> tuple[str, int] | None:
        """The organisation read from ``pos`` by general rules (its name, end), or None."""
        utext = self.utext
        stop = len(utext) if limit is None else limit
        kept: list[tuple[int, int]] = []
        at = pos
        while len(kept) < _MAX_ORG_WORDS:
            bracket = _ABBREVIATION_IN_BRACKETS.match(utext, at)
            if kept and bracket and bracket.end() <= stop:
                at = bracket.end()  # "Sở Khoa học và Công nghệ (KH&CN) TP Cần Thơ"
                continue
            token = _TOKEN.match(utext, at) or _TOKEN.search(utext, at, stop)
            if token is None or token.start() >= stop or "\n" in utext[at:token.start()]:
                break
            end = min(token.end(), stop)
            word = utext[token.start():end]
            if (quote := _QUOTE_INSIDE.search(word)) is not None:  # 'truyền thông"của': a quotation ends here
                end = token.start() + quote.start()
                word = word[:quote.start()] + '"'
            ends_clause = word[-1] in ",;:.!?)”\"…" and not _SHORT_FORM.fullmatch(word)
            word = word.rstrip(",;:.!?)”\"…")
            if not self._may_continue_organisation(word, bool(kept), token.start()):
                break
            kept.append((token.start(), token.start() + len(word)))
            at = end
            if ends_clause:
                break
            checkpoint()
        while kept and normalize_key(utext[kept[-1][0]:kept[-1][1]]) in _TRAILING:
            kept.pop()
        if not kept or (limit is None and len(kept) == _MAX_ORG_WORDS):
            return None
        first = kept[1][0] if len(kept) > 1 and normalize_key(utext[kept[0][0]:kept[0][1]]) in _LEADING else pos
        name = self.text[first:kept[-1][1]]  # "Thành viên của Viện X": the body is "Viện X"
        name = collapse_space(_ABBREVIATION_IN_BRACKETS.sub("", name))
        return _upper_first(unify_tones(name)), kept[-1][1]

    def _may_continue_organisation(self, word: str, going: bool, pos: int) -> bool:
        if not word or word[:1] in "(“\"'" or any(c.isdigit() for c in word):
            return False
        key = normalize_key(word)
        if word[:1].isupper() and key in _FAMILY and pos not in self.org_at and _FULL_NAME_AT.match(self.utext, pos):
            return False  # "Thủ tướng Lý Hiển Long", "Thứ trưởng Bộ X Nguyễn Huy Dũng": a person, not a body
        if not going:
            two = normalize_key(" ".join(self.utext[pos:pos + 30].split()[:2]))
            return word[:1].isupper() or key in _ORG_HEADS or two in _ORG_HEADS or key in _LEADING
        if word in ("-", "–"):
            return True
        if word[:1].isupper():
            return not self._role_at(pos) or pos in self.org_at or self._inside_a_name(pos)
        two = normalize_key(" ".join(self.utext[pos:pos + 30].split()[:2]).rstrip(",;:.!?)"))
        return key not in _ORG_STOPS and two not in _ORG_STOP_PAIRS

    def _posts_after(self, pos: int) -> list[tuple[str, str | None]]:
        posts = []
        while True:
            sep = _POST_SEPARATOR.match(self.utext, pos)
            if not sep or (sep.group(0).strip() == "" and posts):
                break
            found = self.post_with_organisation(sep.end(), capital=False)
            if not found:
                break
            if _NAME_NEXT.match(self.utext, found[1]):
                break  # "A, Phó Tổng Giám đốc Y Nguyễn Đình Chiến": that post is the next person's
            posts.append((found[0], found[2]))
            pos = found[1]
            if sep.group(0).strip() == "(":
                break
        return posts

    def _posts_before(self, start: int) -> list[tuple[str, str | None]]:
        """Posts ending right before ``start`` ("Bí thư Tỉnh ủy Lạng Sơn Nguyễn Văn A"; "Phó Tổng Thư ký Quốc
        hội, Phó Chủ nhiệm Văn phòng Quốc hội Lê Văn B"): the longest chain of posts that reaches it."""
        window_start = max(0, start - 160, self.read.sentence_start(start) - 1)
        line_start = self.utext.rfind("\n", 0, start) + 1
        if not self.utext[line_start:start].strip():  # a signature: the post in capitals on the line above
            above = self.utext[max(0, start - 160):line_start].rstrip()
            line_above = above[above.rfind("\n") + 1:]
            if line_above.isupper():
                window_start = len(above) - len(line_above) + max(0, start - 160)
        for role_start, _ in self._roles(window_start, start):
            chain = self._chain_reaching(role_start, start)
            if chain:
                return chain
        return []

    def _chain_reaching(self, pos: int, start: int) -> list[tuple[str, str | None]]:
        chain: list[tuple[str, str | None]] = []
        while True:
            found = self.post_with_organisation(pos, limit=start, capital=False)
            if not found:
                return []
            chain.append((found[0], found[2]))
            between = self.utext[found[1]:start]
            if between.strip() in ("", ","):
                return chain
            sep = _CHAIN_SEPARATOR.match(self.utext, found[1])
            if not sep:
                return []
            pos = sep.end()

    # -- people ------------------------------------------------------------------------------
    def find(self) -> list[Person]:
        found = _Found(self.text)
        org_spans = Spans(self.org_spans)
        self._honorific_names(found, org_spans)
        self._signed_and_credited(found)
        blocking = Spans(found.spans + self.org_spans)  # a name found below ends before the search goes on
        self._bare_names(found, blocking)
        self._post_led_foreign_names(found, Spans(found.spans + self.org_spans))
        self._short_names(found)
        self._appointed(found)
        found.merge_given_names()
        return list(found.people.values())

    def _appointed(self, found: _Found) -> None:
        """Posts someone is appointed or elected to ("Ông A được bổ nhiệm làm Phó Giám đốc Sở Y tế; …", "bổ
        nhiệm ông A giữ chức Chánh Văn phòng …"): the person named last before the post in the sentence."""
        named = sorted((start, person) for person in found.people.values() for start, _, _ in person.mentions)
        starts = [start for start, _ in named]
        for m in _APPOINTED.finditer(self.lower):
            checkpoint()
            first = self.post_with_organisation(m.end(), capital=False)
            posts = [(first[0], first[2]), *self._posts_after(first[1])] if first else []
            i = bisect_right(starts, m.start()) - 1
            if not posts or i < 0 or starts[i] < self.read.sentence_start(m.start()):
                continue
            person = named[i][1]
            for post, organisation in posts:
                if post not in person.posts:
                    person.posts.append(post)
                    person.post_organisations[post] = organisation

    def _honorific_names(self, found: _Found, org_spans: Spans) -> None:
        for title_start, m in self._honorifics():
            checkpoint()
            first = normalize_key(m.group(1).split()[0])
            if org_spans.covers(m.start(1)) or first in _NEVER_FIRST or first in _ORG_HEADS and first not in _FAMILY:
                continue  # "các đồng chí Bộ Chính trị", "bác sĩ Khoa Tim mạch": a body, not a person
            if found.covers(m.start(1)) or self._inside_a_name(title_start):
                continue
            name, end = self._trim_name(m.group(1), m.start(1))
            words = name.split()
            while len(words) > 1 and not is_syllable(words[0].lower()) and is_syllable(words[-1].lower()):
                words.pop()  # "ông Trump Khu nghỉ dưỡng …": a foreign name ends before a Vietnamese word
            if len(words) < len(name.split()):
                name = name[:name.rindex(words[-1]) + len(words[-1])]
                end = m.start(1) + len(name)
            start = m.start(1)
            country = _country_before_foreign_name(words)
            if country:  # "nhà báo Anh Samira Ahmed"
                start = m.start(1) + name.index(words[country])
                name = name[name.index(words[country]):]
            if len(name.split()) < 2 or not _looks_like_a_name(name.split()):
                continue
            posts = self._posts_after(end) or self._profession_in(title_start, m.start(1), end)
            found.add(name, start, end, self._posts_before(title_start) + posts)

    def _names_a_place(self, pos: int) -> bool:
        """Whether the name at ``pos`` follows a level word ("xã Trần Hưng Đạo") that no body's name, read
        whole before it, ends with ("Phó Chủ tịch UBND tỉnh Nguyễn Văn Sơn": the province is the article's)."""
        if any(end <= pos and not self.utext[end:pos].strip() for end in self._org_ends_before(pos)):
            return False
        before = self.lower[max(0, pos - 30):pos]
        word = _LAST_WORD.search(before)
        two = _LAST_TWO_WORDS.search(before)
        return bool(word and word.group(1) in _NAMES_A_PLACE or two and normalize_key(two.group(1)) in _NAMES_A_PLACE)

    def _names_a_body(self, pos: int) -> bool:
        """Whether the name at ``pos`` follows a body's head word written with a capital: a body named after
        a person ("Viện Phan Châu Trinh", "Trường Nguyễn Huệ"), not the person."""
        before = self.utext[max(0, pos - 30):pos]
        word = _LAST_WORD.search(before)
        two = _LAST_TWO_WORDS.search(before)
        for m in (word, two):
            if m and m.group(1)[:1].isupper() and normalize_key(m.group(1)) in _ORG_HEADS:
                head = pos - len(before) + m.start(1)
                # "Phó Trưởng Ban Lê Văn B", "Phó chủ nhiệm Ủy ban Nguyễn Văn T": a post and a person
                return not any(end >= head - 1 for _, end in self._roles(max(0, head - 40), head + len(m.group(1))))
        return False

    def _org_ends_before(self, pos: int) -> list[int]:
        """Ends of the organisation mentions ending within a few characters before ``pos``."""
        return [end for start, end in self.org_spans if pos - 3 <= end <= pos]

    def _inside_a_name(self, pos: int) -> bool:
        """Whether a capitalised title at ``pos`` goes on the name of a body ("Đoàn Luật sư Hà Nội")."""
        before = self.utext[max(0, pos - 30):pos]
        word = _LAST_WORD.search(before)
        two = _LAST_TWO_WORDS.search(before)
        if word and normalize_key(word.group(1)) in _ORG_HEADS or two and normalize_key(two.group(1)) in _ORG_HEADS:
            return True  # "Đoàn luật sư", "văn phòng luật sư"
        return bool(self.utext[pos:pos + 1].isupper() and word and word.group(1)[:1].isupper())

    def _profession_in(self, title_start: int, name_start: int, end: int) -> list[tuple[str, str | None]]:
        """A profession held in the body named after the name ("luật sư Nguyễn Văn A, Đoàn Luật sư Hà Nội")."""
        title = collapse_space(self.utext[title_start:name_start])
        sep = _POST_SEPARATOR.match(self.utext, end)
        if normalize_key(title) not in _PROFESSIONS or not sep or (org := self.org_at.get(sep.end())) is None:
            return []
        post = f"{_upper_first(title.lower())} {org.name}"
        return [(post, org.name)]

    def _signed_and_credited(self, found: _Found) -> None:
        for m in _PHOTO_CREDIT.finditer(self.utext):
            checkpoint()
            name, end = self._credited_name(m)
            if name and not found.covers(m.start(1)) and not self.org_ends.covers(m.start(1)):
                found.add(name, m.start(1), end, [])
        byline = _BYLINE.search(self.utext[-60:])
        if byline:
            start = len(self.utext) - 60 + byline.start(1) if len(self.utext) > 60 else byline.start(1)
            words = byline.group(1).split()
            if (_is_vietnamese(words) and not self.org_ends.covers(start) and not found.covers(start)
                    and normalize_key(words[0]) not in _NOT_A_BYLINE
                    and normalize_key(words[0]) not in _NEVER_FIRST and not self._role_at(start)
                    and match_place(byline.group(1)) is None):
                found.add(byline.group(1), start, start + len(byline.group(1)), self._posts_before(start))

    def _credited_name(self, m: re.Match[str]) -> tuple[str | None, int]:
        """The photographer of "Ảnh: Lê Hà Theo …": the capitalised words, less the one opening the next
        sentence when a lower-case word follows."""
        words = list(_TOKEN.finditer(m.group(1)))
        after = self.utext[m.end(1):m.end(1) + 2].strip()
        if len(words) > 1 and (after[:1].islower() or after[:1].isdigit()):
            words = words[:-1]
        text = m.group(1)[: words[-1].end()]
        plain = [w.group().split(".")[-1] for w in words]
        if not _is_vietnamese(plain) or normalize_key(plain[0]) in _NEVER_FIRST or _ROLE.match(text.lower()):
            return None, 0
        if len(words) < 2 and "." not in text:
            return None, 0
        return text, m.start(1) + len(text)

    def _bare_names(self, found: _Found, blocking: Spans) -> None:
        pos = 0
        while m := _BARE_NAME.search(self.utext, pos):
            checkpoint()
            reach = blocking.reach(m.start(1))
            pos = reach if reach is not None else m.end()
            if reach is not None:
                continue
            words = m.group(1).split()
            cut = 0
            if normalize_key(words[0]) not in _FAMILY or len(words) > 4:
                cut = _name_tail(words) or 0
                if normalize_key(words[cut]) not in _FAMILY:
                    continue
            start = m.start(1) + m.group(1).index(words[cut]) if cut else m.start(1)
            name, end = self._trim_name(" ".join(words[cut:]) if cut else m.group(1), start)
            name = self.text[start:end] if cut else name
            if (len(name.split()) < 2 or found.covers(start) or not _looks_like_a_name(name.split())
                    or self._names_a_place(start) or self._names_a_body(start)):
                continue
            age = _AGE_AFTER.match(self.utext, end)
            if age and (close := self.utext.find(")", age.end(), age.end() + 40)) >= 0:
                posts = self._posts_after(close + 1)  # "Trần Văn A (sinh năm 1990), cán bộ Phòng Vật tư"
            else:
                posts = self._posts_after(end)
            before = self._posts_before(start)
            if posts or before or age:
                found.add(name, start, end, before + posts)

    def _post_led_foreign_names(self, found: _Found, blocking: Spans) -> None:
        """Names that are no Vietnamese words right after a post ("Tổng thống Mỹ Barack Obama", "cựu Phó Tổng
        thống Joe Biden")."""
        for role_start, role_end in self._roles(0, len(self.utext), _FOREIGN_ROLE):
            checkpoint()
            name = _FOREIGN_NAME_AFTER.match(self.utext, role_end)
            if not name or blocking.covers(name.start(2)):
                continue
            if self.lower.startswith("đại sứ", role_start) and self.utext.startswith(" tại ", name.end()):
                continue  # "Đại sứ Afghanistan tại Pakistan": the country that sent the ambassador
            words = name.group(2).split()
            between = name.group(1).split()  # "thẩm phán tòa án tối cao Charles Whittaker"
            if (is_syllable(words[-1].lower()) or not _is_vietnamese(between)
                    or any(normalize_key(w) in _NOT_BEFORE_FOREIGN_NAME for w in between)):
                continue
            start = name.start(2)
            while len(words) > 1 and is_syllable(words[0].lower()):  # "Tổng thống Mỹ Barack Obama"
                start = self.utext.index(words[1], start + len(words[0]))
                words = words[1:]
            post = collapse_space(unify_tones(self.text[role_start:start]))
            found.add(" ".join(words), start, name.end(2), [(post, None)])

    def _short_names(self, found: _Found) -> None:
        """A given name alone after "ông", "bà" ("ông Hạnh cho biết"): the one person named in full with it,
        else a person of that name."""
        by_given: dict[str, list[Person]] = {}
        for person in list(found.people.values()):
            by_given.setdefault(normalize_key(person.name).split()[-1], []).append(person)
        for person in list(found.people.values()):
            first = normalize_key(person.name).split()[0]
            if len(person.name.split()) > 1 and not _is_vietnamese(person.name.split()) and first not in by_given:
                by_given[first] = [person]  # "ông Li" for "Li Junhui"
        seen = Spans(found.spans + self.org_spans)
        for title_start, m in self._shortly_named():
            checkpoint()
            word = m.group(1)
            if (len(word) < 2 or seen.covers(m.start(1)) or normalize_key(word) in _NEVER_FIRST
                    or not _looks_like_a_name([word])
                    or self._role_at(m.start(1))):
                continue
            matches = by_given.get(normalize_key(word), [])
            if len(matches) == 1:
                matches[0].mentions.append((m.start(1), m.end(1), self.text[m.start(1):m.end(1)]))
            elif not matches:
                title = collapse_space(self.utext[title_start:m.start(1)])
                role = [(title, None)] if normalize_key(title) in _BARE_ROLES else []
                person = found.add(word, m.start(1), m.end(1), role + self._posts_after(m.end(1)))
                by_given[normalize_key(word)] = [person]

    def _trim_name(self, name: str, start: int) -> tuple[str, int]:
        """Cut a name before a following post or organisation word ("Nguyễn Văn A Bí thư …"), or inside a
        word glued to the next by a lost space ("Nguyễn Phú Trọngmong muốn" → "Nguyễn Phú Trọng")."""
        words = list(re.finditer(r"\S+", name))
        foreign = not _is_vietnamese([w.group() for w in words[:-1]])  # "Manoj Menon" is no "Manoj Men" + "on"
        for i, word in enumerate(words[1:], start=1):
            pos = start + word.start()
            if self.post_at(pos) or pos in self.org_at:
                return name[: words[i - 1].end()], start + words[i - 1].end()
            if not foreign and (glued := _glued_at(word.group())) is not None:
                return name[: word.start() + glued], start + word.start() + glued
        return name, start + len(name)


class _Found:
    """The people found so far, keyed by name, and the spans their names take."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.people: dict[str, Person] = {}
        self.spans: list[tuple[int, int]] = []  # in order of their starts

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.spans, (pos, len(self.text) + 1))
        return any(s <= pos < e for s, e in self.spans[max(0, i - 3):i])

    def add(self, name: str, start: int, end: int, posts: list[tuple[str, str | None]]) -> Person:
        name = collapse_space(unify_tones(name))
        person = self.people.setdefault(person_key(name), Person(name=name))
        for post, organisation in posts:
            if post not in person.posts:
                person.posts.append(post)
                person.post_organisations[post] = organisation
        person.mentions.append((start, end, self.text[start:end]))
        insort(self.spans, (start, end))
        return person

    def merge_given_names(self) -> None:
        """A person named by one word ("Thủ tướng Grindeanu") is the one person named in full with it."""
        by_last: dict[str, list[Person]] = {}
        for person in self.people.values():
            if len(person.name.split()) > 1:
                by_last.setdefault(person_key(person.name).split()[-1], []).append(person)
        for key, person in list(self.people.items()):
            if len(person.name.split()) == 1 and len(whole := by_last.get(key, [])) == 1:
                whole[0].mentions.extend(person.mentions)
                for post in person.posts:
                    if post not in whole[0].posts:
                        whole[0].posts.append(post)
                        whole[0].post_organisations[post] = person.post_organisations.get(post)
                del self.people[key]
