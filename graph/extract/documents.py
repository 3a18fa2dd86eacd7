"""Document references in Vietnamese text: numbered ("Nghị quyết số 40-NQ/TU"),
short ("Kết luận 01"), plenum and congress resolutions ("Nghị quyết Trung ương 6
khóa XIII", "Nghị quyết Đại hội XIII của Đảng"), named laws ("Luật Tổ chức
Chính phủ"), with the date, issuer and title written after them.

One document referred to several times is one :class:`Document` with several
mentions; two documents sharing a number (the Party's numbering restarts each
term) stay apart when their dates or issuers differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from vankien.graph.dates import NUMERIC_DATE, WORDED_DATE, make_date
from vankien.graph.doctypes import ABBREVIATIONS, CODES_OF_TYPE, REBUILT_CODE, STATE, TYPE_WORDS, issuer_of_number
from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.coordination import coordinated
from vankien.graph.extract.numbers import DocNumber, parse_number
from vankien.graph.extract.organisations import OrgMention
from vankien.graph.extract.places import CAPITALISED, UPPER, Locality, is_central_city
from vankien.graph.extract.spans import Spans
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.text import collapse_space, normalize_key, phrase_alternation

ROMAN = r"[IVXLC]+(?![^\W_])"  # "XIII", not the "L" of "Lộc"
ORDINALS = {
    "nhất": 1, "thứ nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14,
    "mười lăm": 15, "mười sáu": 16, "mười bảy": 17, "mười tám": 18, "mười chín": 19, "hai mươi": 20,
}
_ORDINAL_ALT = "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True))

_TYPE_ALT = phrase_alternation(TYPE_WORDS)
_ABBR_ALT = "|".join(ABBREVIATIONS)
_TYPE_KEYS = {normalize_key(w): w for w in TYPE_WORDS} | {normalize_key(a): n for a, n in ABBREVIATIONS.items()}
# A type word (and "số") right before a number: "Nghị quyết số ", "NGHỊ ĐỊNH ".
_TYPE_BEFORE = re.compile(rf"(?P<type>(?i:{_TYPE_ALT})|\b(?:{_ABBR_ALT}))\s*(?:(?i:số)\s*(?:hiệu\s*)?:?\s*)?$")
# A named law before its number: "Bộ luật dân sự số 33/2005/QH11", "Luật Đất đai số 45/2013/QH13",
# "Pháp lệnh Thẩm phán và Hội thẩm Tòa án nhân dân số 02/2002/PL-UBTVQH11".
_SO_BEFORE_NUMBER = re.compile(r"\s+số\s*:?\s*$")
_LAW_TYPE = re.compile(r"(?P<type>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?=[^\W\d_])")
# Words that never stand inside a law's name written right before its number: the sentence around it.
_NAME_BEFORE_STOP = frozenset(normalize_key(w) for w in "này đã được hết theo tại là thì khi ngày số đó sau".split())
# … and pairs of them ("hành" alone is a word of names: "Luật Xử lý vi phạm hành chính").
_NAME_BEFORE_STOP_PAIRS = frozenset(normalize_key(p) for p in ("thay thế", "ban hành", "nêu trên"))
# "Luật sửa đổi, bổ sung một số điều của <the law amended> số …": the number is the amending law's.
_AMENDING_BEFORE = re.compile(
    r"(?P<type>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?P<head>sửa\s+đổi\s*,?\s*bổ\s+sung\s+(?:một\s+số\s+điều\s+)?của)\s+"
    r"(?:(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+[^\W\d_][^,;.\n]{1,60}?\s+và\s+)?$",
    re.IGNORECASE)  # "Luật sửa đổi, bổ sung một số điều của Luật thuế A và Luật thuế B số …": one law amending two
AMENDING_NAME = re.compile(r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+sửa\s+đổi", re.IGNORECASE)
# After a law named inside an amending law's name, what shows its name is whole ("… của Luật A và Luật B số …"),
# not cut ("… của Pháp lệnh Thẩm phán [và Hội thẩm …]").
WHOLE_INNER = re.compile(r"\s*(?:$|số\b|năm\s|ngày\s|(?:,|và)\s+(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\b)", re.IGNORECASE)
_BILL_BEFORE = re.compile(r"\bdự\s+(?:án|thảo)\s+$", re.IGNORECASE)
# A number followed by these counts something ("Kế hoạch 5 năm"), it is not a document number.
_COUNTED = r"\s+(?:năm|tháng|ngày|tuần|giờ|phút|tuổi|lần|người|đồng|triệu|tỷ|nghìn|ngàn|điểm|km|ha)\b"
# A type word with a bare sequence number: "Quy định 144", "Nghị quyết số 35", lists "59, 70, 71 và 72".
_SEQ_TOKEN = re.compile(
    rf"(?<![\d/.,\-–])(\d{{1,4}}[a-d]?)(?![\d.,\-–]\d|/(?!(?:19|20)\d\d(?![\d/\-–]|[^\W\d_]))\d|[\-/–][^\W\d_]|[\w%]|{_COUNTED})")
_SEQ_YEAR = re.compile(r"/((?:19|20)\d\d)(?![\d/\-–]|[^\W\d_])")
_SHORT_HEAD = re.compile(rf"(?P<type>(?i:{_TYPE_ALT})|\b(?:{_ABBR_ALT}))\s*(?:(?i:số)\s+)?$")
# A word that may end such a head (searching for it before every number is slow): a type word's last
# syllable or an abbreviation, perhaps with "số" glued on; a lone "số" leaves the word before it to tell.
_HEAD_WORD = re.compile(
    rf"(?s:.*)(?:(?i:{phrase_alternation({w.split()[-1] for w in TYPE_WORDS})})|{_ABBR_ALT})(?i:số)?")
_SO = re.compile(r"(?i:số)")
_SHORT_MORE = re.compile(
    rf"(?:\s*,\s*|\s+và\s+)(?:số\s+)?(\d{{1,4}}[a-d]?)(?![\d/.,\-–]\d|[\-/–][^\W\d_]|[\w%]|{_COUNTED})")
_CENTRAL = r"(?:Trung\s+ương|T\.\s?Ư|TƯ|TW)"
_PLENUM = re.compile(
    rf"\b(?P<type>Nghị\s+quyết)\s+(?:Hội\s+nghị\s+)?"
    rf"(?:(?:lần\s+thứ\s+(?P<ord>{_ORDINAL_ALT}|\d{{1,2}})\s+(?:Ban\s+Chấp\s+hành\s+)?{_CENTRAL}(?:\s+Đảng)?)"
    rf"|(?:(?:Ban\s+Chấp\s+hành\s+)?{_CENTRAL}(?:\s+Đảng)?\s+(?:lần\s+thứ\s+)?(?P<num>\d{{1,2}}|{_ORDINAL_ALT})))"
    rf"(?:\s*(?:,\s*|\(\s*|-\s*)?(?:khóa|khoá)\s+(?P<term>{ROMAN})\)?)?",
    re.IGNORECASE,
)
_PLENUM_ISSUER = re.compile(
    rf"Hội\s+nghị\s+(?:lần\s+thứ\s+(?P<ord>{_ORDINAL_ALT}|\d{{1,2}})\s+(?:Ban\s+Chấp\s+hành\s+)?{_CENTRAL}(?:\s+Đảng)?"
    rf"|(?:Ban\s+Chấp\s+hành\s+)?{_CENTRAL}(?:\s+Đảng)?\s+(?:lần\s+thứ\s+)?(?P<num>\d{{1,2}}|{_ORDINAL_ALT}))"
    rf"(?:\s*(?:,\s*|\(\s*)?(?:khóa|khoá)\s+(?P<term>{ROMAN})\)?)?",
    re.IGNORECASE,
)
# A local Party organisation whose congress it is, with its place when written: "Đảng bộ thành phố Hải Phòng".
_LOCAL_PARTY = (rf"(?P<local>Đảng\s+bộ\s+(?i:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)"
                rf"(?:\s+(?P<place>{CAPITALISED}(?:\s+{CAPITALISED}){{0,2}}))?)")
_LEVEL_AFTER_PARTY = re.compile(r"^(Đảng bộ )(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường)\b")  # written in lower case
_CONGRESS = re.compile(
    rf"\b(?P<type>Nghị\s+quyết|Văn\s+kiện)\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?"
    rf"(?:(?:toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?(?P<national>{ROMAN})(?!\s+(?:của\s+)?Đảng\s+bộ)"
    rf"(?:\s+(?:của\s+)?Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)?"
    rf"|{_LOCAL_PARTY}"
    rf"\s+(?:lần\s+thứ\s+)?(?P<local_ord>{ROMAN})(?:\s*,?\s*nhiệm\s+kỳ\s+\d{{4}}\s*[-–]\s*\d{{4}})?)"
)
# The congress by its number and whose it is: "Nghị quyết Đại hội 12 của Đảng", "Nghị quyết Đại hội XV của
# Đảng bộ thành phố Hải Phòng".
_CONGRESS_OF = re.compile(
    rf"\b(?P<type>Nghị\s+quyết|Văn\s+kiện)\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:lần\s+thứ\s+)?(?P<ord>{ROMAN}|\d{{1,2}})\s+của\s+"
    rf"(?:{_LOCAL_PARTY}|Đảng(?!\s+bộ)(?:\s+Cộng\s+sản\s+Việt\s+Nam)?)"
)
# Another congress listed right after one, its type word left out: "…, Đại hội 15 của Đảng bộ thành phố".
_LISTED_CONGRESS = re.compile(
    rf"\s*(?:,|và|,\s*và)\s*(?P<head>Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:lần\s+thứ\s+)?(?P<ord>{ROMAN}|\d{{1,2}})\s+của\s+"
    rf"{_LOCAL_PARTY})")
# A local congress named by its term: "Nghị quyết Đại hội Đảng bộ TP Cần Thơ nhiệm kỳ 2020-2025".
_CONGRESS_TERM = re.compile(
    rf"\b(?P<type>Nghị\s+quyết|Văn\s+kiện)\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?"
    rf"(?P<local>Đảng\s+bộ\s+(?P<unit>tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường)"
    rf"(?:\s+(?P<place>{CAPITALISED}(?:\s+{CAPITALISED}){{0,2}}))?)"
    rf"\s*,?\s*(?:lần\s+thứ\s+(?P<ord>{ROMAN}|\d{{1,2}})\s*,?\s*)?"
    rf"nhiệm\s+kỳ\s*(?P<from>\d{{4}})\s*[-–]\s*(?P<to>\d{{4}})"
)
_LOWER = rf"(?![{UPPER}])[^\W\d_]"  # a lower-case letter, accented or not ("đ", "ă", "ơ")
# After a law's name, a bracketed abbreviation or "(sửa đổi)": "Pháp lệnh … ở người (HIV/AIDS) năm 1995".
_NAME_BRACKET = r"\s*\((?:sửa\s+đổi|[A-ZĐ][A-ZĐ0-9/\-]{1,15})\)"
_AFTER_NAME_BRACKET = re.compile(_NAME_BRACKET)
_LAW_NAME = re.compile(
    rf"\b(?P<type>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?P<name>{CAPITALISED}(?:,?\s+[^\W\d_]+){{0,17}})"
    r"(?:\s+năm\s+(?P<year>(?:19|20)\d\d))?"
)
# A law named in lower case is a law when its year or date follows: "Luật báo chí ngày 28 tháng 12 năm
# 1989", "Luật bầu cử đại biểu Quốc hội năm 1997".
_LOWER_LAW_NAME = re.compile(
    rf"\b(?P<type>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?P<name>{_LOWER}[^\W\d_]*(?:,?\s+[^\W\d_]+){{0,11}}?)"
    rf"(?=(?:{_NAME_BRACKET})?\s+(?:năm\s+(?:19|20)\d\d|ngày\s+\d))"
)
# A law named in lower case where the words before say a law is named: "… thi hành một số điều của Luật
# viễn thông", "theo Luật đất đai", "dự án Luật kiến trúc", a list after a law ("…, Luật cảnh sát biển").
_CONTEXT_LOWER_LAW_NAME = re.compile(
    rf"\b(?P<type>Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+(?P<name>{_LOWER}[^\W\d_]*(?:\s+[^\W\d_]+){{0,9}})"
)
_LAW_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:của|theo|thi\s+hành|dự\s+án|dự\s+thảo|các|như|và\s+các)|[,;]|\bvà)\s+$", re.IGNORECASE)
# "Luật sư" is a lawyer, "luật gia" a jurist: no law's name begins so.
_VIET_NAM = normalize_key("Việt Nam")
# No code's name holds "và"; after "và" these open the sentence, not the rest of a law's name ("Luật quản lý
# thuế và thời gian tính lãi", "Luật đất đai và trường hợp …", "Luật Doanh nghiệp và luật khác").
_CODE = normalize_key("Bộ luật")
_NOT_NAMED_AFTER_AND = frozenset(normalize_key(w) for w in (
    "luật thời mức khoản điều điểm phù nghỉ trường thông các những việc người văn hướng quyền nghĩa cụ"
).split())
# Words that would end a name but here close a compound: "hàng không", "mắc phải" ("… suy giảm miễn dịch mắc phải").
_COMPOUNDS_WITH_STOP = frozenset((normalize_key(b), normalize_key(a)) for a, b in (
    ("hàng", "không"), ("trụ", "không"), ("mắc", "phải"), ("đi", "làm"), ("đổi", "mới")))
# … and words that would end it but open one: "… ở nước ngoài theo hợp đồng".
_COMPOUNDS_OPENED_BY_STOP = frozenset(normalize_key(p) for p in ("theo hợp đồng",))
_NOT_A_NAME_START = frozenset(normalize_key(w) for w in ("sư", "gia"))
_LAW_BEFORE_LIST = re.compile(r"(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh)\s+[^,;.\n]{2,60}(?:,|;|\bvà)\s+$")
# A project, plan, charter or rules named by its subject: "Đề án Xây dựng Học viện Tư pháp thành …",
# "Kế hoạch Liên minh vì Thịnh vượng", "Điều lệ Trường tiểu học" — not a body so named ("Phòng Kế hoạch
# – Tài chính", "Bộ Kế hoạch và Đầu tư").
_PROJECT_TYPES = r"Đề\s+án|Kế\s+hoạch|Điều\s+lệ|Quy\s+chế|Quy\s+hoạch|Quy\s+tắc"
_PROJECT_NAME = re.compile(
    rf"\b(?P<type>{_PROJECT_TYPES})\s+(?P<name>{CAPITALISED}(?:,?\s+[^\W\d_]+){{0,14}})")
# The same types written with a capital mid-sentence and a name in lower case: "đã xây dựng Đề án khoán xe
# công …", "theo Điều lệ trường tiểu học", "Quy hoạch tổng thể phát triển Khu du lịch …". Only there: a
# capitalised type word opening a sentence or a heading is no sign of a name.
_LOWER_PROJECT_NAME = re.compile(
    r"(?P<type>(?:Đ(?:(?<=[^\W\d_][ \t]Đ)|(?<=,[ \t]Đ))|K(?:(?<=[^\W\d_][ \t]K)|(?<=,[ \t]K))"
    r"|Q(?:(?<=[^\W\d_][ \t]Q)|(?<=,[ \t]Q))|C(?:(?<=[^\W\d_][ \t]C)|(?<=,[ \t]C)))"
    r"(?:ề\s+án|ế\s+hoạch|iều\s+lệ|uy\s+chế|uy\s+hoạch|uy\s+tắc|hương\s+trình))"
    rf"\s+(?P<name>{_LOWER}[^\W\d_]*(?:,?\s+[^\W\d_]+){{0,11}})")
# A project or plan named by a quoted title: 'Đề án "Xây dựng Học viện Tư pháp thành …"'.
_QUOTED_PROJECT_NAME = re.compile(
    rf"\b(?P<type>{_PROJECT_TYPES})\s*[“\"‘'«](?P<name>[^”\"’'»\n]{{6,200}})[”\"’'»]")
# … or quoted whole, type word and all: '‘Quy hoạch tổng thể phát triển Khu du lịch quốc gia Sơn Trà”'.
_QUOTED_WHOLE_NAME = re.compile(
    rf"[“\"‘«](?P<type>{_PROJECT_TYPES})\s+(?P<name>[^”\"’»\n]{{4,200}})[”\"’»]")
# An international convention: "Công ước của Liên Hợp Quốc về Luật Biển năm 1982", "Công ước Viên về quan hệ
# ngoại giao", "Công ước về quyền trẻ em (CRC)".
_CONVENTION = re.compile(
    r"\bCông\s+ước\s+(?P<name>(?:(?:của\s+)?[^\W\d_]+\s+){0,4}?về\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,8}"
    r"|(?:của\s+)?[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,4})")
_CONVENTION_TAIL = re.compile(r"(?:\s*\([A-Z]{2,10}\))?(?:\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)\b)?")
# A relation's cue: "Kế hoạch thực hiện Nghị quyết …" is named by what it carries out, not by the cue alone.
_CUE = (r"(?:hành\s+động\s+)?(?:tiếp\s+tục\s+)?(?:thực\s+hiện|triển\s+khai|quán\s+triệt|cụ\s+thể\s+hóa"
        r"|hướng\s+dẫn|sơ\s+kết|tổng\s+kết)|hành\s+động$|về")
_ABOUT_NAME = re.compile(r"về\s+\S+\s+\S+")  # an old law's name may open with "về" ("Luật về sĩ quan …")
# Words of a clause, never of a law's name: a lower-case name ending at its date holds none of them.
_CLAUSE_WORDS = frozenset(normalize_key(w) for w in "có được đã là sẽ hết từ ký nêu bị phải cần này".split())
_NUMBER_AFTER = re.compile(r"\s*(?:hiệu\s*)?:?\s*\d")
_DANGLING = frozenset(normalize_key(w) for w in "giữa với và của cho tại trong về đối trên theo".split())
# Law names as abbreviated in the press ("Luật BHYT", "Luật GDNN"): initials of the words of the name.
LAW_ABBREVIATIONS = {
    "BHYT": "Bảo hiểm y tế", "BHXH": "Bảo hiểm xã hội", "GDNN": "Giáo dục nghề nghiệp", "NSNN": "Ngân sách nhà nước",
    "GTĐB": "Giao thông đường bộ", "HNGĐ": "Hôn nhân và gia đình", "BVMT": "Bảo vệ môi trường",
    "ATTP": "An toàn thực phẩm", "PCCC": "Phòng cháy và chữa cháy", "XLVPHC": "Xử lý vi phạm hành chính",
    "TTHS": "Tố tụng hình sự", "TTDS": "Tố tụng dân sự", "TTHC": "Tố tụng hành chính",
    "KDBĐS": "Kinh doanh bất động sản",
    "CBCC": "Cán bộ, công chức", "PCTN": "Phòng, chống tham nhũng", "ANM": "An ninh mạng", "BHTG": "Bảo hiểm tiền gửi",
}
_OPENS_WITH_CUE = re.compile(rf"(?:{_CUE})\b", re.IGNORECASE)
_ENDS_WITH_CUE = re.compile(rf"\s+(?:{_CUE})$", re.IGNORECASE)
_LAW_TYPE_BEFORE = re.compile(r"\b(?:Bộ\s+[lL]uật|Luật|Pháp\s+lệnh|Dự\s+thảo)\s+$")
_BODY_BEFORE = re.compile(r"(?:Bộ|Sở|Phòng|Vụ|Cục|Ban|Viện|Trung\s+tâm|Văn\s+phòng|Tổng\s+cục|trưởng|đốc|Phó)\s+$",
                          re.IGNORECASE)
_CONSTITUTION = re.compile(
    r"\bHiến\s+pháp(?P<of>\s+nước\s+Cộng\s+h[oò]à?\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?(?:\s+năm\s+(?P<year>(?:19|20)\d\d))?"
)
# Words that end a law's name: what follows is the sentence, not the name.
_LAW_NAME_STOP = frozenset(normalize_key(w) for w in (
    "số năm ngày của được đã và có về thì là để nhằm theo tại trong với cho khi này mới "
    "đang sẽ cũng vẫn chưa không hết từ đến nêu trên đó các những "
    "gồm phải cần đều mà xảy làm bị nên nếu vì do khi thuộc "
    "đối trước tới nhằm vào hoặc còn"
).split())
_CONVENTION_STOP = _LAW_NAME_STOP - {normalize_key("của"), normalize_key("và")}
# Type words that open the next document's name inside a lower-case law's name ("Luật đường sắt và Luật …").
_NEXT_TYPE_WORDS = frozenset(normalize_key(w) for w in ("Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Nghị quyết"))
# Two words that end a name where each alone may stand inside one ("Luật Thi hành án dân sự", "Luật Ban
# hành văn bản quy phạm pháp luật", "Luật Hải quan", "Luật Hướng dẫn viên …").
_LAW_NAME_STOP_PAIRS = frozenset(normalize_key(p) for p in (
    "thông qua", "quy định", "hiện hành", "sửa đổi", "bổ sung", "có hiệu", "hiệu lực", "đã được", "ban hành",
    "cho phép", "nêu rõ", "thi hành", "như sau", "sau đây", "sau khi", "thay thế", "hướng dẫn thi",
    "hướng dẫn thực", "tiếp tục", "liên quan", "xử phạt", "tạo ra", "tạo điều", "giúp cho", "áp dụng",
    "và pháp", "bảo đảm", "đảm bảo", "phù hợp",
))
# Capitalised words that belong inside a law's name.
_PROPER_IN_NAMES = frozenset(normalize_key(w) for w in (
    "Việt Nam Nhà nước Nhân dân Chính phủ Quốc hội Hội đồng Ủy ban Mặt trận Tổ quốc Công an Quân đội Đảng "
    "Cộng sản Hồ Chí Minh Thủ đô Tòa án Viện Kiểm sát Kiểm toán Ngân hàng Công đoàn Thanh niên"
).split())
# Where "Luật" is not a law: a school ("Đại học Luật Hà Nội", "Khoa Luật") or a convention's subject
# ("Công ước của Liên Hợp Quốc về Luật Biển").
_NOT_A_LAW_BEFORE = re.compile(
    r"(?:(?:Đại\s+học|Trường|Khoa|Học\s+viện|Viện|Cử\s+nhân|Thạc\s+sĩ|Tiến\s+sĩ)\s+(?:[^.,;\n]{0,40}\s+và\s+)?"
    r"|Công\s+ước[^.;\n]{0,50}\s+về\s+)$", re.IGNORECASE)
_YEAR_AFTER_NAME = re.compile(r"\s+năm\s+((?:19|20)\d\d)\b")
_SENTENCE_DATE = re.compile(r"\s*(?:[-–•]\s*)?(?:(?:vào|trong|đến|tới)\s+)?(?=ngày\s*\d)", re.IGNORECASE)
# Issuing words right before a reference: "đã ban hành", "ký ban hành", "đã ra", "ký tiếp".
_ISSUING_BEFORE = re.compile(
    r"(?:đã\s+|vừa\s+|mới\s+|lại\s+)?(?:ban\s+hành|ký\s+ban\s+hành|ra|ký(?:\s+(?:tiếp|lại))?)\s+(?:các\s+)?$",
    re.IGNORECASE)
# Between a body and the document it issued: "Bộ Y tế (đã) ban hành / có / ra / gửi / ký Công văn số …".
_ISSUED_BEFORE = re.compile(
    r"(?:đã\s+|vừa\s+|mới\s+|cũng\s+)?(?:ban\s+hành|ký\s+ban\s+hành|ra|có|gửi|ký)\s+(?:các\s+)?$")
# "Tại Kết luận số 08/KL-VKSTC, VKSND Tối cao khẳng định …": the body speaking in a document issued it.
# A signature clause right after a reference: "…, do Phó Chủ nhiệm Ủy ban Nguyễn Văn A ký ngày …".
_SIGNED_ON = re.compile(r"\s*,?\s*do\s+[^.;:\n]{2,90}?\s+ký(?:\s+ban\s+hành)?(?=\s+(?:vào\s+)?ngày\b)")
_IN_DOCUMENT_BEFORE = re.compile(r"(?:^|[.!?\n]\s*|,\s*)(?:Tại|Trong)\s+$")
_SPEAKS_IN_IT = re.compile(r"\s+(?:đã\s+|cũng\s+)?(?:khẳng\s+định|nêu\s+rõ|yêu\s+cầu|chỉ\s+đạo|kết\s+luận|nhấn\s+mạnh"
                           r"|quyết\s+định|xác\s+định|chỉ\s+rõ|giao|đề\s+ra|nêu)\b")
_FIRST_WORDS = re.compile(r"\s*(\S+)(?:\s+(\S+))?")
_DATE_LEAD = re.compile(r"\s*,?\s*(?:(?:ban\s+hành|ký)\s+)?(?:vào\s+)?", re.IGNORECASE)
_NGAY = re.compile(r"(?:ngày\s*)?", re.IGNORECASE)
_OF = re.compile(r"\s*,?\s*(?:do\s+|của\s+)", re.IGNORECASE)
_ABOUT = re.compile(r"\s*,?\s*(?:về\s+(?:việc\s+)?|V/v\s+)", re.IGNORECASE)
_QUOTED = re.compile(r"\s*[“\"«]([^”\"»\n]{3,400})[”\"»]")
_LIST_GAP = re.compile(r"\s*(?:,|;|và|cùng|hoặc)?\s*(?:và\s+)?(?:các\s+|cả\s+)?$")
# A comma inside a title is kept when the next words continue it; these open a new clause instead.
_CLAUSE_OPENERS = frozenset(normalize_key(w) for w in (
    "trong các những nhằm theo đồng thời qua từ sau với đã được cùng tuy nhưng do vì khi để tại ngày năm "
    "góp tạo thành tỉnh huyện đây đó này hiện nay kết quả bên cạnh ngoài ra mặt khác trên đến sáng chiều "
    "tối hôm tháng vừa qua tiếp theo cụ thể qua đó từ đó"
).split())
_CLAUSE_VERBS = re.compile(r"\s(?:đã|sẽ|được|đang|cần|phải|vừa)\s")
_EXPIRY_IN_TITLE = re.compile(r"\s+(?:hết\s+hiệu\s+lực|bị\s+bãi\s+bỏ|được\s+thay\s+thế|bị\s+thay\s+thế"
                              r"|đã\s+(?:được|có|bị)\s)")  # "… về chăn nuôi đã được Quốc hội thông qua"
_TITLE_END = re.compile(r"[;.\n:!?)\]]|\s[-–]\s(?=[A-ZĐ])")
_CUES_BEFORE_REF = re.compile(
    r"(?:thực\s+hiện|triển\s+khai|cụ\s+thể\s+hóa|thay\s+thế|sửa\s+đổi|bổ\s+sung|hướng\s+dẫn|sơ\s+kết|tổng\s+kết)"
    r"(?:\s+(?:các|có\s+hiệu\s+quả|hiệu\s+quả|thi\s+hành))?\s*$",
    re.IGNORECASE,
)
PARTY_CENTRAL_ISSUERS = {"Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng"}


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass(eq=False)
class Document:
    """One document referred to in a source; each is its own identity (hashable, equal only to itself)."""

    type: str
    number: str | None
    name: str
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    plenum: int | None = None
    term: str | None = None
    congress: str | None = None          # ordinal of the congress for congress resolutions ("XIII")
    year: int | None = None              # from the date, the number or "năm 2013"
    number_inferred: bool = False        # the number was rebuilt from a short form and its issuer
    seq: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    kind: str = "numbered"               # numbered | short | plenum | congress | named

    @property
    def label(self) -> str:
        return self.name


@dataclass(eq=False)
class _Ref:
    """A reference as found, before references to the same document are merged."""

    start: int
    end: int
    kind: str
    type: str
    number: DocNumber | None = None
    seq: str | None = None
    plenum: int | None = None
    term: str | None = None
    congress: str | None = None
    name: str | None = None
    year: int | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    attrs_end: int = 0
    list_head: int | None = None  # index of the first reference of the list this one is in
    amending: bool = False        # "Luật sửa đổi, bổ sung một số điều của Luật X": its span holds X's name


_FIRST_ARTICLE = re.compile(r"(?m)^\s*Điều\s+1\b")


def _name_key(doc: Document) -> str:
    """A named document's name without its type words ("Luật Hải quan" → "hai quan")."""
    words = len(doc.type.split())
    return normalize_key(doc.name.split(" ", words)[-1]) if len(doc.name.split()) > words else ""


def _opens_no_name(name: str) -> bool:
    """A name in lower case that begins with a word of the sentence ("Luật này", "Luật sửa đổi …"), not a name."""
    words = name.split()
    first = normalize_key(words[0]) if words else ""
    pair = normalize_key(" ".join(words[:2]))
    return first in _LAW_NAME_STOP or first in _NOT_A_NAME_START or pair in _LAW_NAME_STOP_PAIRS


def _coordinated(words: list[str], i: int) -> bool:
    """Whether the comma before ``words[i]`` joins two coordinated terms of one name."""
    return coordinated(words[max(0, i - 2):i], words[i:i + 2])


def _paired_terms(words: list[str], i: int) -> bool:
    """Whether the "và" at ``words[i]`` joins two terms of one project's name: one two-syllable term before it
    and at least two name words after ("Quy chế tổ chức và hoạt động", "Đề án bảo tồn và phát triển cây
    sâm"), not a clause going on ("Quy chế tuyển sinh và đúng các …", "… cấp xã và trình tỉnh")."""
    after = words[i + 1:i + 3]
    return i == 2 and len(after) == 2 and all(w[0].islower() and normalize_key(w) not in _LAW_NAME_STOP
                                              for w in after)


def _without_lead_in(words: list[str], kept: int) -> int:
    """``kept`` less the words that lead into the next document's name ("và", "dự án", "dự thảo", "các")."""
    while kept > 1:
        last, pair = normalize_key(words[kept - 1]), normalize_key(" ".join(words[max(0, kept - 2):kept]))
        if pair in ("dự án", "dự thảo") and kept > 2:
            kept -= 2
        elif last in ("và", "các", "hoặc"):
            kept -= 1
        else:
            break
    return kept


def _roman(value: str) -> str:
    """A congress's ordinal as Roman numerals ("12" → "XII"; "XIII" stays)."""
    if not value.isdigit():
        return value.upper()
    number, out = int(value), ""
    for amount, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= amount:
            out, number = out + letters, number - amount
    return out


def _ordinal(value: str | None) -> int | None:
    if not value:
        return None
    return int(value) if value.isdigit() else ORDINALS.get(normalize_key(value))


def local_committee(locality: Locality) -> str | None:
    """The Party committee of the locality's province ("Tỉnh ủy X", "Thành ủy X" for a central city)."""
    if is_central_city(locality.province):
        return f"Thành ủy {locality.province}"
    return f"Tỉnh ủy {locality.province}" if locality.province else None


def local_unit(locality: Locality) -> str | None:
    """The locality's province as its state bodies name it ("tỉnh X", "thành phố X" for a central city)."""
    if not locality.province:
        return None
    return f"thành phố {locality.province}" if is_central_city(locality.province) else f"tỉnh {locality.province}"


def type_name_of(word: str) -> str:
    return _TYPE_KEYS.get(normalize_key(word), collapse_space(word).capitalize())


class DocumentFinder:
    """Finds and merges the document references of one text."""

    def __init__(self, text: str | AnalysedText, orgs: list[OrgMention], locality: Locality,
                 own_title: str | None = None) -> None:
        self.analysed = analysed(text)
        self.own_title = normalize_key(own_title) if own_title else None  # an official text's own title
        self.text = self.analysed.text
        self.utext = self.analysed.unified
        self.orgs = orgs
        self.org_at = {o.start: o for o in orgs}
        self._orgs_ending: dict[int, list[int]] = {}
        for i, org in enumerate(orgs):
            self._orgs_ending.setdefault(org.end, []).append(i)
        self.locality = locality
        self.refs: list[_Ref] = []
        self.ref_document: dict[_Ref, Document] = {}  # each reference → its merged document

    @property
    def attribute_spans(self) -> list[tuple[int, int]]:
        """Where each reference and the date, issuer and title written after it stand."""
        return [(r.start, max(r.end, r.attrs_end)) for r in self.refs]

    # -- finding -------------------------------------------------------------
    def find_refs(self) -> list[_Ref]:
        refs = self._numbered() + self._plenums() + self._congresses()
        taken = Spans([(r.start, r.end) for r in refs])
        refs += [r for r in self._shorts() if not taken.overlaps(r.start, r.end)]
        taken = Spans([(r.start, r.end) for r in refs])
        amending = [r for r in refs if r.kind == "numbered" and AMENDING_NAME.match(self.utext, r.start)]
        refs += [r for r in self._named() if not taken.overlaps(r.start, r.end)
                 or (r.amending and not taken.overlaps(r.start, r.start + 1))
                 or any(a.start < r.start and r.end <= a.end and WHOLE_INNER.match(self.utext, r.end, a.end)
                        for a in amending)]  # what an amending law names, when named whole
        refs.sort(key=lambda r: r.start)
        self._attributes(refs)
        return refs

    def _numbered(self) -> list[_Ref]:
        refs = []
        for start, end, number in self.analysed.numbers:
            checkpoint()
            before = self.utext[max(0, start - 40):start]
            m = _TYPE_BEFORE.search(before)
            if m and not m.group("type")[0].isupper() and not m.group("type").islower():
                m = None
            named = None if m else self._name_before(start)
            if named:
                ref_start, type_word, title = named
                ref = _Ref(ref_start, end, "numbered", type_name_of(type_word), number=number, seq=number.seq,
                           year=number.year)
                ref.title = title
                refs.append(ref)
                continue
            type_name = type_name_of(m.group("type")) if m else number.type_name
            if type_name is None:
                type_name = "Luật" if (number.issuer_code or "").startswith("QH") else "Văn bản"
            ref_start = start - (len(before) - m.start()) if m else start
            if m:
                number = _code_of_type(number, type_name)
            refs.append(_Ref(ref_start, end, "numbered", type_name, number=number, seq=number.seq, year=number.year))
        return refs

    def _name_before(self, start: int) -> tuple[int, str, str] | None:
        """(where the reference starts, its type word, the name) of a law named right before its number
        ("Luật Trợ giúp pháp lý số 69/2006/QH11"): the nearest law type word whose words up to "số" hold
        no clause punctuation and no word of the sentence around it. "Pháp lệnh sửa đổi, bổ sung một số
        điều của Pháp lệnh X số 14/2011/…" is the amending ordinance's number, named whole."""
        window_start = max(0, start - 260)
        window = self.utext[window_start:start]
        so = _SO_BEFORE_NUMBER.search(window)
        if so is None:
            return None
        for law in reversed(list(_LAW_TYPE.finditer(window, 0, so.start()))):
            name = window[law.end():so.start()]
            words = name.replace(",", " ").split()
            if re.search(r"[.;:!?\n()\"“”]", name) or not words or len(words) > 14 \
                    or any(normalize_key(w) in _NAME_BEFORE_STOP
                           and normalize_key(" ".join(words[j:j + 3])) not in _COMPOUNDS_OPENED_BY_STOP
                           for j, w in enumerate(words)) \
                    or any(normalize_key(f"{x} {y}") in _NAME_BEFORE_STOP_PAIRS for x, y in pairwise(words)):
                continue
            begin, type_word = law.start(), law.group("type")
            amending = _AMENDING_BEFORE.search(window, max(0, begin - 150), begin)
            if amending and _BILL_BEFORE.search(window, max(0, amending.start() - 20), amending.start()):
                amending = None  # "dự án Luật sửa đổi … của Bộ luật Hình sự số 100/2015/QH13": a bill has no number
            if amending:
                name = window[amending.start("head"):so.start()]
                begin, type_word = amending.start(), amending.group("type")
            title = collapse_space(self.text[window_start + begin + len(type_word):window_start + so.start()])
            return window_start + begin, collapse_space(type_word), title.strip(" ,")
        return None

    def _name_words(self, m: re.Match, words: list[str], spans: list[re.Match], capitals: bool) -> int:
        """How many of ``words`` (after a type word) make the name: up to a word or pair that ends it, or a
        comma before a new name; 0 when a law's name holds a capitalised word that is no part of a name
        ("Luật Jonathan Turley"). A project's name may hold any capitalised word (``capitals``)."""
        kept = 1
        for i, word in enumerate(words[1:], start=1):
            key = normalize_key(word)
            pair = normalize_key(" ".join(words[i:i + 2]))
            after_comma = "," in self.utext[m.start("name") + spans[i - 1].end():m.start("name") + spans[i].start()]
            if after_comma and not capitals and not _coordinated(words, i):
                break
            if after_comma and (word[0].isupper() or key in _LAW_NAME_STOP or key == "và"
                                or key == normalize_key(words[0])) and (capitals or not _coordinated(words, i)):
                break  # "Luật Đất đai, Luật Nhà ở", "Luật Bảo hiểm xã hội, bảo hiểm y tế": the comma ends it
            if pair in _LAW_NAME_STOP_PAIRS:
                break
            if key == "và" and (not capitals and (normalize_key(m.group("type")) == _CODE
                                                   or normalize_key(words[i + 1:i + 2] and words[i + 1] or "")
                                                   in _NOT_NAMED_AFTER_AND)):
                break  # "Bộ luật Lao động và …", "Luật Đầu tư và luật khác", "… và thời hạn kháng nghị"
            if key == "và" and i + 1 < len(words) and (words[i + 1][0].islower() or capitals) \
                    and normalize_key(words[i + 1]) not in _LAW_NAME_STOP:
                kept += 1
                continue
            if key == "tại" and normalize_key(" ".join(words[i + 1:i + 3])) == _VIET_NAM:
                kept += 1  # "Luật đầu tư nước ngoài tại Việt Nam"
                continue
            if (key, normalize_key(words[i - 1])) in _COMPOUNDS_WITH_STOP \
                    or normalize_key(" ".join(words[i:i + 3])) in _COMPOUNDS_OPENED_BY_STOP:
                kept += 1  # "Luật Hàng không dân dụng Việt Nam": a word, not the negation
                continue
            if key == "số" and not _NUMBER_AFTER.match(self.utext, m.start("name") + spans[i].end()):
                kept += 1  # "… kinh tế số", "Kế hoạch số hóa": a word of the name, no number follows
                continue
            if key in _LAW_NAME_STOP or pair in _LAW_NAME_STOP_PAIRS:
                break
            if word[0].isupper() and (key in _NEXT_TYPE_WORDS or pair in _NEXT_TYPE_WORDS):
                return _without_lead_in(words, kept)  # "Luật đường sắt và dự án Luật …": the next law begins
            if word[0].isupper() and key not in _PROPER_IN_NAMES and not capitals:
                return 0
            kept += 1
        return _without_lead_in(words, kept)  # "Luật Cạnh tranh và quy định khác …": "và" is no part of it

    def _law_context(self, start: int) -> bool:
        """Whether the words before ``start`` say a law is named there (for a name in lower case)."""
        before = self.utext[max(0, start - 80):start]
        context = _LAW_CONTEXT_BEFORE.search(before)
        if context is None:
            return False
        if context.group().strip() in (",", ";", "và"):  # a list: only after another law
            return _LAW_BEFORE_LIST.search(before) is not None
        return True

    def _shorts(self) -> list[_Ref]:
        refs = []
        utext = self.utext
        for seq_match in _SEQ_TOKEN.finditer(utext):
            checkpoint()
            words = utext[max(0, seq_match.start() - 30):seq_match.start()].rsplit(None, 2)
            if not words or not (_HEAD_WORD.fullmatch(words[-1]) or (
                    len(words) > 1 and _SO.fullmatch(words[-1]) and _HEAD_WORD.fullmatch(words[-2]))):
                continue
            head = _SHORT_HEAD.search(utext, max(0, seq_match.start() - 30), seq_match.start())
            if head is None or not head.group("type")[0].isupper():
                continue
            seq = seq_match.group(1)
            if re.fullmatch(r"(?:19|20)\d\d", seq):
                continue  # "Nghị quyết 2021" is a year, not a number
            type_name = type_name_of(head.group("type"))
            end, year = seq_match.end(), None
            if dated := _SEQ_YEAR.match(utext, end):  # "Nghị định 91/2020": the number and its year, no codes
                end, year = dated.end(), int(dated.group(1))
            refs.append(_Ref(head.start(), end, "short", type_name, seq=seq, year=year))
            pos = end
            while more := _SHORT_MORE.match(utext, pos):
                refs.append(_Ref(more.start(1), more.end(1), "short", type_name, seq=more.group(1)))
                pos = more.end()
        return refs

    def _plenums(self) -> list[_Ref]:
        refs = []
        for m in _PLENUM.finditer(self.utext):
            checkpoint()
            if not m.group("type")[0].isupper():
                continue
            plenum = _ordinal(m.group("ord") or m.group("num"))
            term = m.group("term").upper() if m.group("term") else None
            refs.append(_Ref(m.start(), m.end(), "plenum", "Nghị quyết", plenum=plenum, term=term,
                             issuer="Ban Chấp hành Trung ương Đảng"))
        return refs

    def _congresses(self) -> list[_Ref]:
        refs = []
        if "Đại hội" not in self.utext:
            return refs
        matches = [*_CONGRESS.finditer(self.utext), *_CONGRESS_OF.finditer(self.utext)]
        last_end = -1
        for m in sorted(matches, key=lambda m: (m.start(), -m.end())):  # one reference where both forms match
            checkpoint()
            if m.start() < last_end:
                continue
            last_end = m.end()
            numbered = m.re is _CONGRESS_OF
            if numbered and not m.group("local") or m.groupdict().get("national"):
                ordinal = _roman(m.group("ord") if numbered else m.group("national"))
                name = f"{type_name_of(m.group('type'))} Đại hội {ordinal} của Đảng"
                issuer = f"Đại hội đại biểu toàn quốc lần thứ {ordinal} của Đảng"
            else:
                ordinal = _roman(m.group("ord") if numbered else m.group("local_ord"))
                issuer = self._local_congress(m, ordinal)
                name = f"{type_name_of(m.group('type'))} {issuer}"
            refs.append(_Ref(m.start(), m.end(), "congress", type_name_of(m.group("type")), congress=ordinal, name=name,
                             issuer=issuer))
        for ref in list(refs):  # "Nghị quyết Đại hội 12 của Đảng, Đại hội 15 của Đảng bộ thành phố": one type, two
            if (listed := _LISTED_CONGRESS.match(self.utext, ref.end)) is None:
                continue
            ordinal = _roman(listed.group("ord"))
            issuer = self._local_congress(listed, ordinal)
            refs.append(_Ref(listed.start("head"), listed.end(), "congress", ref.type, congress=ordinal,
                             name=f"{ref.type} {issuer}", issuer=issuer))
        for m in _CONGRESS_TERM.finditer(self.utext) if "nhiệm kỳ" in self.utext else ():
            checkpoint()
            if any(r.start <= m.start() < r.end for r in refs):
                continue
            unit = "thành phố" if normalize_key(m.group("unit")).startswith("tp") else collapse_space(m.group("unit"))
            place = collapse_space(m.group("place")) if m.group("place") else self._default_place(unit)
            ordinal = _roman(m.group("ord")) if m.group("ord") else None
            issuer = " ".join(filter(None, ("Đại hội đại biểu Đảng bộ", unit, place,
                                            f"lần thứ {ordinal}" if ordinal else None,
                                            f"nhiệm kỳ {m.group('from')}-{m.group('to')}")))
            type_name = type_name_of(m.group("type"))
            refs.append(_Ref(m.start(), m.end(), "congress", type_name, congress=ordinal,
                             name=f"{type_name} {issuer}", issuer=issuer))
        return refs

    def _local_congress(self, m: re.Match[str], ordinal: str) -> str:
        """ "Đại hội đại biểu Đảng bộ tỉnh X lần thứ …", the place from the text's locality when not written."""
        unit = _LEVEL_AFTER_PARTY.sub(lambda w: w.group(1) + w.group(2).lower(), collapse_space(m.group("local")))
        if not m.group("place"):
            place = self._default_place(unit)
            unit = f"{unit} {place}" if place else unit
        return f"Đại hội đại biểu {unit} lần thứ {ordinal}"

    def _named(self) -> list[_Ref]:
        refs = []
        matches = []
        for pattern in (_LAW_NAME, _LOWER_LAW_NAME, _CONTEXT_LOWER_LAW_NAME):
            pos = 0
            while m := pattern.search(self.utext, pos):
                pos = m.start("name")  # the next law may start inside this match ("Luật Đất đai và Luật Nhà ở")
                if pattern is _CONTEXT_LOWER_LAW_NAME and not self._law_context(m.start()):
                    continue
                if pattern is not _LAW_NAME and _opens_no_name(m.group("name")) and not (
                        pattern is _LOWER_LAW_NAME and _ABOUT_NAME.match(m.group("name"))):
                    continue  # but "Pháp lệnh về ký kết … điều ước quốc tế ngày 20 tháng 8 năm 1998" is a name
                matches.append(m)
        matches += [m for m in _PROJECT_NAME.finditer(self.utext)
                    if not _BODY_BEFORE.search(self.utext, max(0, m.start() - 20), m.start())]
        for m in sorted(matches, key=lambda m: m.start()):
            checkpoint()
            spans = list(re.finditer(r"[^\W\d_]+", self.utext[m.start("name"):m.end("name")]))
            words = [w.group(0) for w in spans]
            if words[0].isupper() and len(words[0]) > 1:
                if m.re is _LAW_NAME and (whole := LAW_ABBREVIATIONS.get(words[0])):
                    # "Luật BHYT" is "Luật Bảo hiểm y tế"; the mention keeps what was written.
                    year_m = _YEAR_AFTER_NAME.match(self.utext, m.start("name") + spans[0].end())
                    refs.append(_Ref(m.start(), year_m.end() if year_m else m.start("name") + spans[0].end(),
                                     "named", type_name_of(m.group("type")),
                                     name=f"{type_name_of(m.group('type'))} {whole}",
                                     year=int(year_m.group(1)) if year_m else None))
                continue  # another abbreviation names no law we can identify
            law = m.re is not _PROJECT_NAME
            if m.re is _LOWER_LAW_NAME and not any(normalize_key(w) in _CLAUSE_WORDS for w in words):
                kept = len(words)  # "Pháp lệnh khiếu nại, tố cáo của công dân ngày 7 tháng 5 năm 1991": to its date
            else:
                kept = self._name_words(m, words, spans, capitals=not law)
            if not kept or (law and _NOT_A_LAW_BEFORE.search(self.utext, max(0, m.start() - 70), m.start())):
                continue
            if law and len(words[:kept]) > 1 and all(w[0].isupper() and normalize_key(w) not in _PROPER_IN_NAMES
                                                     for w in words[:kept]):
                continue  # "Luật Trung Quốc", "Luật Hoa Kỳ": a country's law, not a law's name
            if not law and kept < 2:
                continue  # "Kế hoạch Hà Nội": a project's name has more than one word
            name_end = m.start("name") + spans[kept - 1].end()
            name = collapse_space(f"{type_name_of(m.group('type'))} {self.utext[m.start('name'):name_end]}")
            bracket = _AFTER_NAME_BRACKET.match(self.utext, name_end) if law else None
            year_m = _YEAR_AFTER_NAME.match(self.utext, bracket.end() if bracket else name_end)
            end = year_m.end() if year_m else bracket.end() if bracket else name_end
            refs.append(_Ref(m.start(), end, "named", type_name_of(m.group("type")), name=name,
                             year=int(year_m.group(1)) if year_m else None))
            amending = _AMENDING_BEFORE.search(self.utext, max(0, m.start() - 60), m.start())
            if amending:  # "Luật sửa đổi, bổ sung một số điều của Luật X": a law of its own, amending X
                whole = collapse_space(self.utext[amending.start():name_end])
                refs.append(_Ref(amending.start(), end, "named", type_name_of(amending.group("type")), name=whole,
                                 year=int(year_m.group(1)) if year_m else None, amending=True))
        refs += self._lower_projects() + self._conventions() + self._quoted_projects()
        for m in _CONSTITUTION.finditer(self.utext):
            checkpoint()
            year = int(m.group("year")) if m.group("year") else None
            name = f"Hiến pháp năm {year}" if year else "Hiến pháp"
            refs.append(_Ref(m.start(), m.end(), "named", "Hiến pháp", name=name, year=year))
        return refs

    def _lower_projects(self) -> list[_Ref]:
        """Projects, plans, charters and rules named in lower case after a capitalised type word mid-sentence."""
        refs = []
        pos = 0
        while m := _LOWER_PROJECT_NAME.search(self.utext, pos):
            checkpoint()
            pos = m.end("type")  # the next name may start inside this match
            if _BODY_BEFORE.search(self.utext, max(0, m.start() - 20), m.start()) \
                    or _LAW_TYPE_BEFORE.search(self.utext, max(0, m.start() - 20), m.start()):
                continue  # "Vụ Kế hoạch …", "Luật Quy hoạch đô thị": part of another name
            spans = list(re.finditer(r"[^\W\d_]+", self.utext[m.start("name"):m.end("name")]))
            words = [w.group(0) for w in spans]
            kept = self._name_words(m, words, spans, capitals=True)
            cut = next((i for i, w in enumerate(words[:kept])
                        if w[0].isupper() or (normalize_key(w) == "và" and not _paired_terms(words[:kept], i))), None)
            comma = next((i for i in range(1, kept) if "," in self.utext[m.start("name") + spans[i - 1].end():
                                                                         m.start("name") + spans[i].start()]
                          and not _coordinated(words, i)), None)
            if comma is not None and (cut is None or comma < cut):
                cut = comma  # "Đề án quản lý, sử dụng tài sản công" goes on; "Đề án khoán xe, Sở …" ends
            if cut is not None and words[cut][0].isupper():
                continue  # "Đề án phát triển [Đại học Huế thành …]": the name goes on past what can be read
            kept = cut if cut is not None else kept
            if kept == 0:
                continue
            name_end = m.start("name") + spans[kept - 1].end()
            if cue := _ENDS_WITH_CUE.search(self.utext, m.start("name"), name_end):
                name_end = cue.start()  # "Kế hoạch năm 2022 thực hiện …": the cue is no part of the name
            name = self.utext[m.start("name"):name_end]
            if normalize_key(name.split()[-1]) in _DANGLING:
                continue  # "Chương trình phối hợp công tác giữa [Thành ủy …]": the name goes on past where we can read
            opening = _OPENS_WITH_CUE.match(name)
            if len(name.split()) < 2 or _opens_no_name(name) or (opening and len(name[opening.end():].split()) < 2):
                continue  # "Kế hoạch thực hiện [Nghị quyết …]": a cue alone is no name
            type_name = type_name_of(m.group("type"))
            refs.append(_Ref(m.start("type"), name_end, "named", type_name,
                             name=collapse_space(f"{type_name} {self.utext[m.start('name'):name_end]}")))
        return refs

    def _quoted_projects(self) -> list[_Ref]:
        """Projects and plans named by a quoted title; the name is the type and the title."""
        refs = []
        for m in [*_QUOTED_PROJECT_NAME.finditer(self.utext), *_QUOTED_WHOLE_NAME.finditer(self.utext)]:
            checkpoint()
            type_name = type_name_of(m.group("type"))
            refs.append(_Ref(m.start(), m.end(), "named", type_name,
                             name=collapse_space(f"{type_name} {self.utext[m.start('name'):m.end('name')]}")))
        return refs

    def _conventions(self) -> list[_Ref]:
        """International conventions, by their subject ("về …") or their place or body ("Công ước Viên")."""
        refs = []
        for m in _CONVENTION.finditer(self.utext) if "Công ước" in self.utext else ():
            checkpoint()
            spans = list(re.finditer(r"[^\W\d_]+", self.utext[m.start("name"):m.end("name")]))
            words = [w.group(0) for w in spans]
            about = next((i for i, w in enumerate(words) if normalize_key(w) == "về"), None)
            kept = len(words)
            for i in range((about or 0) + 1, len(words)):
                key = normalize_key(words[i])
                if key in _CONVENTION_STOP:
                    kept = i
                    break
            if about is not None and kept <= about + 1:
                continue
            name_end = m.start("name") + spans[kept - 1].end()
            tail = _CONVENTION_TAIL.match(self.utext, name_end)
            year = int(tail.group("year")) if tail and tail.group("year") else None
            # The body named in it made it: "Công ước của Liên Hợp Quốc về …", "Công ước về … của ASEAN".
            body = next((o.name for o in self.orgs if m.start("name") <= o.start and o.end <= name_end), None)
            refs.append(_Ref(m.start(), tail.end() if tail else name_end, "named", "Công ước",
                             name=collapse_space(f"Công ước {self.utext[m.start('name'):name_end]}"), year=year,
                             issuer=body))
        return refs

    # -- attributes ----------------------------------------------------------
    def _attributes(self, refs: list[_Ref]) -> None:
        """Date, issuer and title written after each reference; list sharing."""
        for i, ref in enumerate(refs):
            checkpoint()
            following = next((r for r in refs[i + 1:] if r.start >= ref.end), None)  # not one inside this name
            limit = following.start if following is not None else len(self.text)
            pos = ref.end
            pos = self._read_date(ref, pos, limit)
            pos = self._read_issuer(ref, pos, limit)
            if ref.date is None:
                pos = self._read_date(ref, pos, limit)
            pos = self._read_title(ref, pos, limit, following)
            ref.attrs_end = pos
            if ref.issuer is None:
                ref.issuer = self._issuer_before(ref) or self._issuer_speaking(ref)
            if ref.date is None:
                ref.date = self._date_before(ref)
            if ref.date is None and (signed := _SIGNED_ON.match(self.utext, max(ref.end, ref.attrs_end), limit)):
                self._read_date(ref, signed.end(), limit)  # "Công văn số … do Phó Chủ nhiệm … ký ngày 15/5/2017"
        # Lists: "Kết luận số 01-KL/TW, Nghị quyết số 35-NQ/TW của Bộ Chính trị".
        for i in range(1, len(refs)):
            gap = self.utext[refs[i - 1].attrs_end:refs[i].start]
            if refs[i - 1].attrs_end == refs[i - 1].end and _LIST_GAP.fullmatch(gap) is not None:
                refs[i].list_head = refs[i - 1].list_head if refs[i - 1].list_head is not None else i - 1
        groups: dict[int, list[_Ref]] = {}
        for ref in refs:
            if ref.list_head is not None:
                groups.setdefault(ref.list_head, [refs[ref.list_head]]).append(ref)
        for members in groups.values():
            last = members[-1]
            shared_issuer = last.issuer if last.issuer and last.attrs_end > last.end else None
            for member in members[:-1]:
                if member.issuer is None and shared_issuer and member.kind in ("numbered", "short"):
                    member.issuer = shared_issuer

    def _read_date(self, ref: _Ref, pos: int, limit: int) -> int:
        lead = _DATE_LEAD.match(self.utext, pos, limit).end()
        found = WORDED_DATE.match(self.utext, lead, limit)
        day = make_date(found.group(3), found.group(2), found.group(1)) if found else None
        if day is None:
            found = NUMERIC_DATE.match(self.utext, _NGAY.match(self.utext, lead, limit).end(), limit)
            day = make_date(found.group(4), found.group(3), found.group(1)) if found else None
        if day is None:
            return pos
        ref.date = day.isoformat()
        return found.end()

    def _date_before(self, ref: _Ref) -> str | None:
        """The date a sentence opens with when it says the reference was issued then ("Ngày 25-10-2021, Hội
        nghị … đã ban hành Kết luận số 21-KL/TW"; "Ngày 14/4/2023 Bộ trưởng Bộ Y tế ban hành Thông tư …")."""
        start = self.analysed.sentence_start(ref.start)
        if ref.start - start > 300 or not _ISSUING_BEFORE.search(self.utext, start, ref.start):
            return None
        opening = _SENTENCE_DATE.match(self.utext, start, ref.start)
        if opening is None:
            return None
        found = WORDED_DATE.match(self.utext, opening.end())
        day = make_date(found.group(3), found.group(2), found.group(1)) if found else None
        if day is None and (found := NUMERIC_DATE.match(self.utext, _NGAY.match(self.utext, opening.end()).end())):
            day = make_date(found.group(4), found.group(3), found.group(1))
        return day.isoformat() if day else None

    def _read_issuer(self, ref: _Ref, pos: int, limit: int) -> int:
        m = _OF.match(self.utext, pos, limit)
        if not m:
            return pos
        org = self.org_at.get(m.end())
        if org:
            ref.issuer = org.name
            return org.end
        plenum = _PLENUM_ISSUER.match(self.utext, m.end(), limit)
        if plenum:
            ref.issuer = "Ban Chấp hành Trung ương Đảng"
            ref.plenum = _ordinal(plenum.group("ord") or plenum.group("num"))
            ref.term = plenum.group("term").upper() if plenum.group("term") else None
            return plenum.end()
        return pos

    def _issuer_before(self, ref: _Ref) -> str | None:
        """ "Bộ Chính trị (đã) ban hành Nghị quyết số …"."""
        before = self.utext[max(0, ref.start - 80):ref.start]
        m = _ISSUED_BEFORE.search(before)
        if not m:
            return None
        org_end = ref.start - (len(before) - m.start())
        candidates = [i for end in range(org_end - 2, org_end + 1) for i in self._orgs_ending.get(end, ())]
        return self.orgs[max(candidates)].name if candidates else None

    def _issuer_speaking(self, ref: _Ref) -> str | None:
        """ "Tại Kết luận số …, VKSND Tối cao khẳng định …": the body that speaks in the document."""
        if not _IN_DOCUMENT_BEFORE.search(self.utext, max(0, ref.start - 12), ref.start):
            return None
        comma = re.compile(r"\s*,\s*").match(self.utext, max(ref.end, ref.attrs_end))
        org = self.org_at.get(comma.end()) if comma else None
        return org.name if org is not None and _SPEAKS_IN_IT.match(self.utext, org.end) else None

    def _read_title(self, ref: _Ref, pos: int, limit: int, following: _Ref | None) -> int:
        about = _ABOUT.match(self.utext, pos, limit)
        quoted = _QUOTED.match(self.utext, about.end() if about else pos, limit)
        if quoted:
            ref.title = collapse_space(self.text[quoted.start(1):quoted.end(1)])
            return quoted.end()
        if not about:
            return pos
        start = about.end()
        end = self._title_end(start, limit)
        if following is not None and end >= following.start:
            end = following.start
            if _CUES_BEFORE_REF.search(self.utext[start:end]):
                # "về tiếp tục thực hiện Chỉ thị số 05-CT/TW": the title names the other document.
                end = self._title_end(following.end, len(self.text))
        title = self.text[start:end].rstrip(" ,;–-")
        if len(title) >= 3:
            ref.title = collapse_space(title)
            return start + len(title)
        return pos

    def _title_end(self, start: int, limit: int) -> int:
        text = self.utext
        m = _TITLE_END.search(text, start, limit)
        stop = m.start() if m else limit
        if expiry := _EXPIRY_IN_TITLE.search(text, start, stop):
            stop = expiry.start()  # "… về kéo dài thời hạn …, cá nhân hết hiệu lực kể từ …": the clause's verb
        pos = start
        while True:
            comma = text.find(",", pos, stop)
            if comma == -1:
                return stop
            words = _FIRST_WORDS.match(text, comma + 1, stop)
            if not words:
                return comma
            words = [w for w in words.groups() if w is not None]
            first = normalize_key(words[0])
            first_two = normalize_key(" ".join(words))
            segment_end = text.find(",", comma + 1, stop)
            segment = text[comma:segment_end if segment_end != -1 else stop]
            if (first in _CLAUSE_OPENERS or first_two in _CLAUSE_OPENERS or words[0][0].isupper()
                    or _CLAUSE_VERBS.search(segment + " ")) or comma - start > 300:
                return comma
            pos = comma + 1

    def _default_place(self, unit: str) -> str | None:
        key = normalize_key(unit)
        if key.endswith("tỉnh"):
            return self.locality.province
        if key.endswith("thành phố"):
            return self.locality.city
        return None

    # -- issuers from the number ---------------------------------------------
    def _issuer_from_number(self, number: DocNumber, plenum: bool) -> str | None:
        return issuer_of_number(number, plenum=plenum, committee=local_committee(self.locality),
                                province=local_unit(self.locality))

    # -- merging ---------------------------------------------------------------
    def documents(self) -> list[Document]:
        refs = self.refs = self.find_refs()
        docs: list[Document] = []
        buckets: dict[tuple, list[Document]] = {}
        pending_short: list[_Ref] = []
        for ref in refs:
            checkpoint()
            if ref.kind == "short":
                pending_short.append(ref)
                continue
            self._merge(docs, buckets, ref)
        by_seq: dict[tuple, list[Document]] = {}  # the documents a short reference may mean
        for doc in docs:
            if doc.seq is not None and doc.kind != "short" and (key := _seq_key(doc.seq)) is not None:
                by_seq.setdefault((doc.type, *key), []).append(doc)
        for ref in pending_short:
            checkpoint()
            target = self._short_target(by_seq.get((ref.type, *(_seq_key(ref.seq) or ())), []), ref)
            if target is not None:
                self._add_mention(target, ref)
                _fill(target, ref)
            else:
                self._merge(docs, buckets, ref)
        self._fold_names_into_numbers(docs)
        for doc in docs:
            doc.mentions.sort(key=lambda m: m.start)
            if doc.number and doc.title and doc.type in _NAMED_BY_TITLE and doc.name == f"{doc.type} số {doc.number}":
                doc.name = f"{doc.type} {collapse_space(doc.title)} số {doc.number}"  # "Luật Đất đai số 45/2013/QH13"
        docs.sort(key=lambda d: d.mentions[0].start)
        return docs

    def names_own(self, doc: Document) -> bool:
        """Whether ``doc`` is the official text naming itself by its own title in its preamble ("Quốc hội
        ban hành Luật Trợ giúp pháp lý." before "Điều 1"), not an older law of the same name cited in the body."""
        if not self.own_title or doc.kind != "named" or doc.number is not None or doc.year is not None:
            return False
        first_article = _FIRST_ARTICLE.search(self.text)
        body = first_article.start() if first_article else len(self.text)
        return _name_key(doc) == self.own_title and all(m.start < body for m in doc.mentions)

    def _fold_names_into_numbers(self, docs: list[Document]) -> None:
        """A law named alone ("Luật hải quan") where the text also gives it with its number ("Luật hải quan
        số 29/2001/QH10") is that numbered law — when exactly one numbered law of its type bears the name."""
        for named in [d for d in docs if d.kind == "named" and d.number is None and not self.names_own(d)]:
            key = _name_key(named)
            twins = [d for d in docs if d.number and d.type == named.type and d.title
                     and normalize_key(d.title) == key]
            if len(twins) == 1 and (named.year is None or twins[0].year in (None, named.year)):
                self.fold(named, twins[0])
                docs.remove(named)

    def _add_mention(self, doc: Document, ref: _Ref) -> None:
        doc.mentions.append(Mention(ref.start, ref.end, self.text[ref.start:ref.end]))
        self.ref_document[ref] = doc

    def document_of(self, ref: _Ref) -> Document | None:
        """The document ``ref`` was merged into."""
        return self.ref_document.get(ref)

    def fold(self, twin: Document, into: Document) -> None:
        """Make ``twin`` part of ``into``: its mentions, and every reference that pointed at it.
        (The caller drops ``twin`` from its list of documents.)"""
        into.mentions.extend(twin.mentions)
        into.mentions.sort(key=lambda m: m.start)
        for ref, target in self.ref_document.items():
            if target is twin:
                self.ref_document[ref] = into

    def _short_target(self, candidates: list[Document], ref: _Ref) -> Document | None:
        """Of the numbered documents of the same type and sequence number, the one ``ref`` means."""
        if ref.issuer:
            candidates = [d for d in candidates if d.issuer in (None, ref.issuer)] or candidates
        if not candidates:
            return None
        before = [d for d in candidates if d.mentions[0].start < ref.start]
        return (before or candidates)[-1]

    def _merge(self, docs: list[Document], buckets: dict[tuple, list[Document]], ref: _Ref) -> None:
        """Add ``ref`` to the latest document it may be, else to a new one; ``buckets`` groups ``docs``
        by what of their identity never changes (a short reference's issuer may be filled in later)."""
        key = self._key(ref)
        bucket = buckets.setdefault((ref.kind, key[:2] if ref.kind == "short" else key), [])
        for doc in reversed(bucket):
            bare = ref.kind == "short" and ref.issuer is None  # its issuer, said once, holds for a bare mention
            same = self._doc_key(doc)[:2] == key[:2] if bare else self._doc_key(doc) == key
            if same and _compatible(doc, ref):
                self._add_mention(doc, ref)
                _fill(doc, ref)
                return
        doc = self._new_document(ref)
        docs.append(doc)
        bucket.append(doc)

    def _key(self, ref: _Ref) -> tuple:
        return _identity(ref.kind, ref.type, ref.number.canonical if ref.number else None, ref.seq, ref.issuer,
                         ref.plenum, ref.name)

    def _doc_key(self, doc: Document) -> tuple:
        return _identity(doc.kind, doc.type, getattr(doc, "_canonical", None), doc.seq, doc.issuer, doc.plenum,
                         doc.name)

    def _new_document(self, ref: _Ref) -> Document:
        number = ref.number
        doc = Document(type=ref.type, number=None, name="", kind=ref.kind, seq=ref.seq, plenum=ref.plenum,
                       term=ref.term, congress=ref.congress, date=ref.date, title=ref.title, year=ref.year)
        if number is not None:
            doc.number = number.canonical
            doc._canonical = number.canonical  # type: ignore[attr-defined]
            doc.issuer = ref.issuer or self._issuer_from_number(number, ref.plenum is not None)
            doc.name = f"{ref.type} số {number.canonical}"
        elif ref.kind == "short":
            doc.issuer = ref.issuer
            suffix = "TW" if ref.issuer in PARTY_CENTRAL_ISSUERS else None
            code = REBUILT_CODE.get(ref.type)
            if suffix and code:
                doc.number = f"{ref.seq}-{code}/{suffix}"
                doc.number_inferred = True
                doc.name = f"{ref.type} số {doc.number}"
            else:
                doc.name = f"{ref.type} {ref.seq}" + (f"/{ref.year}" if ref.year else "")
        elif ref.kind == "plenum":
            doc.issuer = ref.issuer
            doc.name = f"Nghị quyết Trung ương {ref.plenum}" + (f" khóa {ref.term}" if ref.term else "")
        else:
            doc.issuer = ref.issuer
            doc.name = ref.name
        if doc.date:
            doc.year = int(doc.date[:4])
        self._add_mention(doc, ref)
        return doc


_DECISION_PAIR = {"Quyết định", "Quy định"}
# Types cited by their name with the number: "Luật Đất đai số 45/2013/QH13", "Bộ luật Dân sự số 91/2015/QH13".
_NAMED_BY_TITLE = frozenset({"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"})


def _code_of_type(number: DocNumber, type_name: str) -> DocNumber:
    """A state number whose type code another type's ("Công điện số 541/CT-TTg": a slip for CĐ) takes the code
    of the type its text names; Party numbers are left as written ("Quy định số 37-QĐ/TW" is how it is cited)."""
    written = number.type_name
    codes = CODES_OF_TYPE.get(type_name)
    if number.system != STATE or not number.type_code or not written or written == type_name or not codes:
        return number
    if written.startswith(type_name) or type_name.startswith(written) or {written, type_name} == _DECISION_PAIR:
        return number  # "Thông tư số …/TTLT-…" (a joint circular), "Quy định số …/QĐ-…" (issued by decision)
    if not number.canonical.count(f"/{number.type_code}-"):
        return number
    return parse_number(number.canonical.replace(f"/{number.type_code}-", f"/{codes[0]}-", 1)) or number


def _identity(kind: str, type_: str, canonical: str | None, seq: str | None, issuer: str | None,
              plenum: int | None, name: str | None) -> tuple:
    """What makes two references of one text the same document, by kind of reference."""
    if kind == "numbered":
        return (type_, canonical)
    if kind == "short":
        return (type_, int(re.sub(r"\D", "", seq)), issuer)
    if kind == "plenum":
        return (plenum,)
    return (normalize_key(name),)


def _seq_key(seq: str | None) -> tuple[int, bool] | None:
    """Two sequence numbers are the same when these are: the number ("03" = "3") and whether it ends in
    a digit ("30" is not "30a"); None when there are no digits."""
    digits = re.sub(r"\D", "", seq or "")
    return (int(digits), seq[-1:].isdigit()) if digits else None


def _compatible(doc: Document, ref: _Ref) -> bool:
    """Same number, and no date or issuer that says it is another document."""
    if ref.date and doc.date and ref.date[:4] != doc.date[:4]:
        return False
    if ref.issuer and doc.issuer and normalize_key(ref.issuer) != normalize_key(doc.issuer):
        return False
    if ref.term and doc.term and ref.term != doc.term:
        return False
    if ref.kind == "short" and ref.year and doc.year and ref.year != doc.year:
        return False
    return True


def _fill(doc: Document, ref: _Ref) -> None:
    """Facts the first mention lacked, from a later one."""
    if doc.date is None and ref.date:
        doc.date = ref.date
        doc.year = int(ref.date[:4])
    if doc.issuer is None and ref.issuer:
        doc.issuer = ref.issuer
    if doc.title is None and ref.title:
        doc.title = ref.title
    if doc.term is None and ref.term:
        doc.term = ref.term
        if doc.kind == "plenum":
            doc.name = f"Nghị quyết Trung ương {doc.plenum} khóa {doc.term}"
