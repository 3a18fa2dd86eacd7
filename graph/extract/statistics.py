"""Quantitative facts ("statistics") in Vietnamese news text.

"Đảng bộ có 71 tổ chức cơ sở đảng trực thuộc với trên 7.600 đảng viên" gives
two facts: 71 "tổ chức cơ sở đảng" and 7600 "đảng viên" (qualifier "trên").

Numbers are read the Vietnamese way: "." groups thousands ("7.600" = 7600,
"1.275" = 1275), "," is the decimal mark ("1,5" = 1.5, "1,047" = 1.047).
A lone "." not followed by three digits is an English decimal ("2.7" = 2.7);
several "," each followed by three digits are English thousands.

Scale words multiply the value and are not part of the unit: "2,5 tỷ đồng" is
2500000000 with unit "đồng", "2,3 triệu người" is 2300000 with subject
"người". Units are canonical ("%", "đồng", "USD", "ha", "km", "m2", "tấn", …)
with a rate suffix kept ("đồng/người/năm").

The subject is the noun phrase after the number ("1.200 mô hình kinh tế"),
or, for a unit with nothing nominal after it, the measured thing before a
linking verb ("Tỷ lệ hộ nghèo giảm còn 2,3%", "Doanh thu đạt 300 tỷ đồng").
"X có 62 đồng chí" gives X; a bare "1.275 buổi" takes the activity of its
clause ("buổi tuyên truyền lồng ghép"). Qualifiers are the hedges trên, hơn,
gần, khoảng, dưới, chừng, xấp xỉ, tới, ít nhất, tối đa, gần như ("trên dưới"
is read as "khoảng", "tối thiểu" as "ít nhất", "ngót" as "gần").

Not statistics: dates, years, clock times, document numbers, ordinals and
names ("Trung ương 6", "Điều 5", "lần thứ 2", "số 12 phố …", "Covid-19"),
phone numbers and other runs of bare numbers, ranges and scores ("5-7",
"2 - 1"), list markers, durations and ages ("3 năm", "66 tuổi"), multipliers
("gấp 3 lần"). A fact is kept only when a subject or a unit is found.
Numbers written as words ("hai", "ba trăm") are not read.

Offsets (``start``/``end`` and the ``skip`` spans) index the input string,
NFD input included; ``subject`` is NFC, otherwise as written except that a
capitalised first word of an ordinary noun phrase is lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.numbers import find_numbers
from vankien.graph.extract.text import AnalysedText

__all__ = ["Statistic", "find_statistics", "parse_vietnamese_number"]


@dataclass
class Statistic:
    """One quantitative fact."""

    value: int | float        # the number, scaled by nghìn/triệu/tỷ: 7600, 95, 1.5, 2500000000
    text: str                 # the phrase as written, e.g. "trên 7.600 đảng viên"
    subject: str | None       # what is counted or measured, e.g. "đảng viên", "tỷ lệ hộ nghèo"
    qualifier: str | None     # hedge: trên, hơn, gần, khoảng, dưới, chừng, xấp xỉ, tới, ít nhất, tối đa, gần như
    unit: str | None          # "%", "đồng", "USD", "ha", "km", …; None for a plain count
    year: int | None          # the year the same sentence gives ("Năm 2022, …", "(năm 2022)")
    start: int                # offsets of ``text`` in the input
    end: int
    change: str | None = None  # "tăng"/"giảm" when the value is a rise or fall ("tăng 12,5%"), not a level


# ---------------------------------------------------------------------------
# Numbers

_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_LONGEST = 40  # characters: a longer run of digits is a code or garbage, and int() refuses 4,300 digits


def _parse(token: str) -> tuple[int, int] | None:
    """(mantissa, decimals) of a number token, or None when it is no number."""
    if len(token) > _LONGEST:
        return None
    if "." not in token and "," not in token:
        return int(token), 0
    if "," in token and "." in token:
        last = max(token.rfind(","), token.rfind("."))
        whole, frac = token[:last], token[last + 1 :]
        group = "." if token[last] == "," else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+", whole):
            return None
        return int(whole.replace(group, "") + frac), len(frac)
    if "." in token:
        if _THOUSANDS_DOT.fullmatch(token):
            return int(token.replace(".", "")), 0
        if token.count(".") == 1:  # English decimal, "2.7 triệu USD"
            whole, frac = token.split(".")
            return int(whole + frac), len(frac)
        return None
    if token.count(",") == 1:
        whole, frac = token.split(",")
        return int(whole + frac), len(frac)
    if _THOUSANDS_COMMA.fullmatch(token):
        return int(token.replace(",", "")), 0
    return None


def _value(parsed: tuple[int, int], scale: int = 1) -> int | float:
    mantissa, decimals = parsed
    total = mantissa * scale
    div = 10**decimals
    return total // div if total % div == 0 else total / div


def parse_vietnamese_number(token: str) -> int | float | None:
    """The value of a number written the Vietnamese way.

    >>> [parse_vietnamese_number(t) for t in ("7.600", "1,5", "95,6", "1.234,5", "31.01.2023")]
    [7600, 1.5, 95.6, 1234.5, None]

    Scale words are the caller's business (:func:`find_statistics` multiplies).
    """
    token = token.strip()
    if not _NUMBER_TOKEN.fullmatch(token):
        return None
    parsed = _parse(token)
    return None if parsed is None else _value(parsed)


# ---------------------------------------------------------------------------
# Lexicon: lower case, old tone placements listed where they matter ("khoá")

_SP = r"[ \t\u00a0]"
_ADJ_UNITS = r"km2|km²|km|m2|m²|m3|m³|cm|mm|m|ha|kg|kwh|kw|mw|gw|gb|mb|cc|nm|usd|vnđ|vnd|đ|tấn|triệu|tỷ|tỉ|nghìn|ngàn"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_BEFORE = frozenset("_.,/:-+#@$&–")  # and letters or digits
# What may follow a number: a unit glued to it ("5km", "50.000đ") or no word character.
_NUMBER_END = re.compile(rf"(?=(?:{_ADJ_UNITS})(?![^\W_]))|(?![\w/:@#&°]|[-–]\w)")
_DIGIT = re.compile(r"\d")

_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_UNITS = {
    "%": "%", "phần trăm": "%",
    "đồng": "đồng", "đ": "đồng", "vnđ": "đồng", "vnd": "đồng",
    "usd": "USD", "đô la": "USD", "đô-la": "USD", "đô la mỹ": "USD", "euro": "EUR", "eur": "EUR",
    "yên": "yên", "nhân dân tệ": "nhân dân tệ", "bảng anh": "bảng Anh", "aud": "AUD", "sgd": "SGD",
    "jpy": "JPY", "cny": "CNY", "gbp": "GBP", "krw": "KRW", "won": "won", "rúp": "rúp", "baht": "baht",
    "ringgit": "ringgit", "rupee": "rupee", "peso": "peso", "bitcoin": "bitcoin",
    "ha": "ha", "héc-ta": "ha", "hécta": "ha", "hecta": "ha", "héc ta": "ha",
    "km2": "km2", "km²": "km2", "km": "km", "cây số": "km",
    "m2": "m2", "m²": "m2", "mét vuông": "m2", "m3": "m3", "m³": "m3", "mét khối": "m3",
    "m": "m", "mét": "m", "cm": "cm", "mm": "mm", "inch": "inch",
    "kg": "kg", "tấn": "tấn", "tạ": "tạ", "lít": "lít", "ndt": "nhân dân tệ",
    "mã lực": "mã lực", "hải lý": "hải lý", "lượng": "lượng", "nm": "Nm", "cc": "cc", "gb": "GB", "mb": "MB",
    "kwh": "kWh", "kw": "kW", "mw": "MW", "gw": "GW",
}
_CURRENCIES = frozenset(
    {"đồng", "USD", "EUR", "yên", "nhân dân tệ", "bảng Anh", "AUD", "SGD", "JPY", "CNY", "GBP", "KRW", "won",
     "rúp", "baht", "ringgit", "rupee", "peso", "bitcoin"}
)
_NOT_DONG = ("chí|bào|hương|nghiệp|minh|ý|thời|loạt|bộ|tâm|đội|bằng|ruộng|lúa|sự|tác|hành|chủ|phạm|niên|môn|hồ"
             "|thau|đen|đỏ|bạc|cỏ|dao")


def _unit_alternatives() -> str:
    parts = []
    for spelling in sorted(_UNITS, key=len, reverse=True):
        pat = re.escape(spelling).replace(r"\ ", rf"{_SP}+")
        if spelling == "đồng":
            pat += rf"(?!{_SP}+(?:{_NOT_DONG})(?![^\W_]))"
        elif spelling == "tấn":
            pat += rf"(?!{_SP}+công(?![^\W_]))"
        parts.append(pat)
    return "|".join(parts)


_UNIT = re.compile(
    rf"(?P<scale>(?:{_SP}*(?:nghìn|ngàn|triệu|tỷ|tỉ)(?![^\W_])){{0,2}})"
    rf"(?:{_SP}*(?P<unit>{_unit_alternatives()})(?![^\W_])"
    rf"(?P<per>(?:{_SP}*/{_SP}*[^\W\d_]+(?![^\W_/])){{0,2}}))?",
    re.IGNORECASE,
)

_LEFT_WIDTH = 220  # characters looked at before a number for a subject
_CLAUSE_CHARS = ",;:.()[]“”\"!?…\n|/"
_SENTENCE_OPENERS = frozenset(".!?…:;\n“\"'(-–•*")
_STRONG = frozenset(";:.()[]!?…|\n")

_QUALIFIERS = {
    ("gần", "như"): "gần như", ("ít", "nhất"): "ít nhất", ("tối", "đa"): "tối đa",
    ("tối", "thiểu"): "ít nhất", ("xấp", "xỉ"): "xấp xỉ", ("trên", "dưới"): "khoảng",
    ("ngót", "nghét"): "gần",
    ("trên",): "trên", ("hơn",): "hơn", ("gần",): "gần", ("khoảng",): "khoảng",
    ("dưới",): "dưới", ("chừng",): "chừng", ("ngót",): "gần", ("tới",): "tới",
}
_TOI_AFTER = frozenset({"lên", "có", "là", "đạt", "chiếm", "mất", "tăng", "giảm", "thêm"})

# A number right after one of these is an ordinal, a name, an address or a date.
_ORDINAL_BEFORE = frozenset(
    "ngày tháng năm quý tuần khóa khoá điều khoản điểm chương mục phần số thứ kỳ kì tập bài tầng "
    "phòng lô đường phố ngõ ngách hẻm kiệt quận phường tổ ấp khu xóm thôn km hạng top vòng "
    "bảng trận mã lớp khối đợt lúc lần phiên hiệp bước nhóm loại sân cổng cửa bến "
    "hotline tel fax đt sđt mùng mồng cả đêm sáng trưa chiều tối".split()
)
_ORDINAL_BEFORE2 = frozenset(
    {
        "trung ương", "hội nghị", "đại hội", "nghị quyết", "chỉ thị", "quyết định", "kết luận",
        "quy định", "thông tư", "nghị định", "thông báo", "công văn", "kế hoạch", "đề án",
        "chương trình", "hướng dẫn", "quốc lộ", "tỉnh lộ", "đường tỉnh", "phiên họp", "kỳ họp",
        "sư đoàn", "trung đoàn", "lữ đoàn", "quân đoàn", "quân khu", "tiểu đoàn", "đại đội",
        "giai đoạn", "điện thoại", "đường dây", "tổng đài", "biển số", "biển kiểm", "kiểm soát",
        "mã số", "tài khoản", "cấp độ", "phiên bản", "bệnh viện", "khu vực", "nhiệm kỳ",
        "căn hộ", "số nhà", "lô đất", "thửa đất", "tờ bản", "bản đồ", "mùa giải", "vụ án",
    }
)
_COUNT_BEFORE2 = frozenset({"tổng số", "con số", "số lượng"})  # "số" is fine after these

# A count of these is a duration, an age or a time: not a statistic.
_TIME_NOUNS = frozenset(
    "năm tháng ngày tuần giờ phút giây quý tuổi đêm tiếng thập thế kỷ độ hiệp tết".split()
)
_MEASURE_WORDS = frozenset({"buổi", "lần", "lượt", "cuộc", "đợt", "chuyến"})
_PERSON_CLASSIFIERS = frozenset({"người", "đồng chí"})

# Words that end a noun phrase after a count (a new constituent starts).
_STOP1 = frozenset(
    """trên tại của cho với và hoặc hay được đã đang sẽ trong ở thuộc gồm có đạt là để từ đến
    tới theo bằng về khi nhưng nên thì mà bị vào ra lên xuống đi do vì nhằm qua sau trước
    nay này đó kia ấy nọ cũng vẫn đều còn cần phải vừa như mỗi các những một chưa không
    chiếm tăng giảm nhận dự làm thành hết nữa rồi đây cùng so gấp năm tháng ngày tuần quý
    lúc vượt tương ước trị hiện riêng cả nhiều ít rất khá quá thật cực chỉ khoảng vài trở
    chừng gần dưới hơn xấp giá khác mặc dù tuy song nếu x × xây mua bán giúp đưa mang dành
    trả gửi vay nộp tặng trao giao à á ạ ư nhé nhỉ đấy thôi vậy mức kể""".split()
)
_STOP2 = frozenset(
    {
        "trực thuộc", "tham dự", "tham gia", "trực tuyến", "trực tiếp", "bao gồm", "trị giá",
        "tương đương", "so với", "tương ứng", "ra quân", "hoàn thành", "đăng ký", "đề nghị",
        "trở lên", "đạt chuẩn", "được công", "thực hiện", "tiến hành", "triển khai", "phát hiện",
        "xuất hiện", "thể hiện", "lần lượt", "xảy ra", "diễn ra", "đề xuất", "cho biết", "cho thấy",
        "toàn tỉnh", "toàn thành", "toàn huyện", "toàn quốc", "toàn xã", "toàn ngành", "toàn cầu",
        "toàn bộ", "toàn thể", "sử dụng", "tử vong", "thiệt mạng",
    }
)
_NP_MAX = 7
# Capitalised nouns that may follow a count ("3 Phó Chủ tịch", "2 Sở", "5 Ủy viên"); other
# capitalised words there start a name or a heading.
_CAPITAL_HEADS = frozenset(
    """bộ sở ban ủy uỷ phó tổng cục vụ viện trường hội đảng chi huyện tỉnh thành đoàn tiểu chủ bí
    đại quận xã phường báo tập công nhà bệnh quỹ thứ cán giám mặt liên ngân tòa học sư quân lữ
    trung hợp khu cụm đồn kỳ nghị chỉ quyết luật thông kết đề chương kế ủy viên tổ hạt ấp thôn
    bản làng buôn xóm""".split()
)


_LIST_NOUNS = (
    # people and bodies
    "cán bộ|công chức|viên chức|đảng viên|hội viên|đoàn viên|thanh niên|chiến sĩ|sĩ quan|quân nhân|"
    "người lao động|lao động|công nhân|nông dân|giáo viên|học sinh|sinh viên|nhân viên|y bác sĩ|bác sĩ|"
    "giảng viên|phóng viên|biên tập viên|tác giả|cá nhân|tập thể|hộ gia đình|hộ dân|hộ|tổ chức|"
    "doanh nghiệp|hợp tác xã|tổ hợp tác|thầy|cô giáo|cô|chuyên gia|nhà khoa học|văn nghệ sĩ|trí thức|"
    "cựu chiến binh|"
    # places and units
    "tỉnh|thành phố|thành|quận|huyện|thị xã|xã|phường|thị trấn|thôn|bản|xóm|ấp|làng|buôn|tổ dân phố|"
    "khu phố|khu dân cư|bộ|ngành|sở|ban|đoàn thể|cơ quan|đơn vị|địa phương|trường|lớp|chi bộ|đảng bộ|"
    # publications
    "tin bài|tin|bài viết|bài|phóng sự|ảnh|video|clip|chuyên mục|chuyên trang|tác phẩm|ấn phẩm|tài liệu|"
    "sách|báo|tạp chí|phim|áp phích|pa nô|pano|băng rôn|băng zôn|khẩu hiệu|tranh cổ động"
).replace(" ", r"\s+")
# Comma-joined nouns that journalists write as one: "tin, bài", "cán bộ, đảng viên", "xã, phường".
_COMPOUND = re.compile(rf"(?:{_LIST_NOUNS})(?:,[ \t\u00a0]*(?:{_LIST_NOUNS})(?![^\W_]))+")

# Verbs linking a measured thing to its amount: "X đạt 95%", "X chiếm 30%".
_LINK1 = frozenset({"đạt", "chiếm", "là", "bằng", "tăng", "giảm", "còn", "vượt", "có", "gồm"})
_LINK2 = frozenset(
    {"tăng trưởng", "ở mức", "đạt mức", "trị giá", "lên tới", "lên đến", "ước đạt", "đạt khoảng",
     "tăng thêm", "giảm còn", "tăng lên", "giảm xuống", "bao gồm", "tương đương", "tương ứng"}
)
# Multi-syllable heads of measured quantities, and single ones trusted at a chunk start.
_ANCHORS = frozenset(
    {
        "tỷ lệ", "tỉ lệ", "tỷ trọng", "tỉ trọng", "số lượng", "tổng số", "doanh thu", "doanh số",
        "kinh phí", "ngân sách", "giá trị", "thu nhập", "sản lượng", "diện tích", "tốc độ",
        "chỉ số", "kim ngạch", "lợi nhuận", "dư nợ", "dân số", "năng suất", "chi phí", "nguồn vốn",
        "quy mô", "công suất", "chiều dài", "khối lượng", "số tiền", "số vốn", "vốn đầu", "tổng vốn",
        "tổng kinh", "tổng giá", "tổng thu", "tổng chi", "tổng mức", "tổng diện", "tổng sản",
        "tổng doanh", "tổng lượng", "tổng cộng", "tổng dư", "tổng nguồn", "thu ngân",
        "mức tăng", "mức giảm", "tăng trưởng", "lượng khách", "số hộ", "số người", "số ca",
        "mức lương", "tiền lương", "vốn điều", "giá bán", "mức hỗ", "mức phạt", "số lượt",
    }
)
_ANCHORS1 = frozenset({"grdp", "gdp", "cpi", "fdi", "vốn", "giá", "mức", "lượng", "số", "tổng", "thu", "chi", "lương"})
# Words after which a left chunk holds the subject (cut the chunk there).
_CUT = frozenset(
    "có là đã đang sẽ được bị và khi thì mà nhưng nên vì do để nếu cả".split()
)
_TRAILING_AUX = frozenset("đã đang sẽ cũng vẫn đều chỉ mới vừa ước hiện nay luôn thì đạt từ ở với khoảng và".split())
_TRAILING_PAIRS = frozenset(
    {("ước", "tính"), ("dự", "kiến"), ("dự", "tính"), ("lần", "lượt"), ("tương", "ứng"), ("năm", "nay"),
     ("năm", "qua"), ("năm", "ngoái"), ("năm", "trước"), ("hiện", "nay"), ("đến", "nay"), ("hiện", "tại")}
)

_LEADING = (
    ("bên", "cạnh", "đó"), ("ngoài", "ra"), ("trong", "đó"), ("hiện", "nay"), ("đến", "nay"),
    ("tính", "đến"), ("đồng", "thời"), ("theo", "đó"), ("qua", "đó"), ("tuy", "nhiên"),
    ("đặc", "biệt"), ("nhất", "là"), ("cụ", "thể"), ("trong",), ("riêng",), ("và",), ("còn",),
    ("với",), ("nhưng",), ("hiện",), ("tại",), ("nay",), ("cả",), ("năm",), ("các",), ("những",),
    ("tổng", "cộng"),
)
_COLLECTIVE = (("đội", "ngũ"), ("lực", "lượng"), ("tổng", "số"), ("số", "lượng"), ("số",))
_LOCATIVE_HEADS = frozenset({"toàn", "cả", "trên", "của", "tại", "ở"})
_PRONOUNS = frozenset("tôi chúng anh chị ông bà em họ nó mình gia đây đó nơi ai".split())
_ACTIVITY_MARKERS = frozenset(
    {"đã", "đang", "sẽ", "vừa", "được", "có", "có thể", "mở", "tổ chức", "thực hiện", "tiến hành", "triển khai"}
)
# "gấp 3 lần", "cao hơn 9 lần": a multiplier, not a count of occasions
_MULTIPLIER_BEFORE = frozenset(
    "gấp tăng giảm hơn nhân cao thấp nhiều ít lớn nhỏ nhanh chậm mạnh yếu rộng hẹp dài ngắn đắt rẻ xa".split()
)

_YEAR = re.compile(r"(?<![^\W\d_])năm\s+((?:19|20)\d\d)(?![\d/.,\-–]\d|\s*[-–—]\s*\d)", re.IGNORECASE)
_YEAR_EXCLUDED_AFTER = re.compile(
    r"(?:so\s+với|kể\s+từ|từ|trước|sau|cùng\s+kỳ|hơn|kỳ|với|giai\s+đoạn)\s*$", re.IGNORECASE
)
_ELLIPSIS = re.compile(
    r"[ \t\u00a0]*,[ \t\u00a0]*(?:tăng|giảm)(?:[ \t\u00a0]+(?:thêm|đi|trưởng|mạnh|nhẹ|khoảng|hơn|gần|trên|dưới|tới))*"
    r"[ \t\u00a0]*"
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_SENTENCE_BACK = re.compile(r".*(?:[.!?…][\"'”’)\]]*(?=\s)|\n)", re.DOTALL)
_SENTENCE_WIDTH = 600
_CHAIN_AFTER = re.compile(r"[ \t\u00a0]+\d|%?[ \t\u00a0]*[-–—÷][ \t\u00a0]*\d|\.\d|:\d")
_CHAIN_BEFORE = re.compile(r"(?:\d[ \t\u00a0]+|\d%?[ \t\u00a0]*[-–—÷][ \t\u00a0]*)$")
_TIMES = re.compile(r"[ \t\u00a0]*[x×*](?![^\W\d_])")
_LINE_START = re.compile(r"(?:^|\n)[ \t\u00a0\-–•*+]*$")


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# ---------------------------------------------------------------------------
# Tokens: words (letters and digits, hyphen-joined), single punctuation, newline.
# ``key`` is the lower-case form; lexicons list old tone placements where needed.

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|\n|[^\s]")


class _Tok:
    __slots__ = ("start", "end", "text", "key", "word")

    def __init__(self, start: int, end: int, text: str, low: str) -> None:
        self.start = start
        self.end = end
        self.text = text[start:end]
        self.key = key = low[start:end]
        self.word = key[0].isalnum()


def _left_tokens(text: str, low: str, pos: int, width: int) -> list[_Tok]:
    begin = max(0, pos - width)
    toks = [_Tok(*m.span(), text, low) for m in _TOKEN.finditer(low, begin, pos)]
    if begin > 0 and toks and toks[0].word and toks[0].start == begin:
        toks.pop(0)  # possibly a cut word
    return toks


class _Right:
    """Tokens after a number, read on demand (a noun phrase rarely needs more than three)."""

    __slots__ = ("_it", "_buf", "_text", "_low")

    def __init__(self, text: str, low: str, pos: int, end: int) -> None:
        self._it = _TOKEN.finditer(low, pos, end)
        self._buf: list[_Tok] = []
        self._text, self._low = text, low

    def get(self, i: int) -> _Tok | None:
        buf = self._buf
        while len(buf) <= i:
            m = next(self._it, None)
            if m is None:
                return None
            buf.append(_Tok(*m.span(), self._text, self._low))
        return buf[i]


def _clause_start(toks: list[_Tok], upto: int) -> int:
    """Index of the first token of the clause ending before ``toks[upto]`` (punctuation and
    other numbers bound it; "năm 2022" inside it does not)."""
    i = upto
    while i > 0:
        t = toks[i - 1]
        if t.key == ")":
            j = _paren_open(toks, i - 1)
            if j is not None:
                i = j  # "Tổng sản phẩm (GRDP) tăng": a short aside stays in the clause
                continue
        if not t.word or (t.key[0].isdigit() and not (i > 1 and toks[i - 2].key == "năm")):
            break
        i -= 1
    return i


def _paren_open(toks: list[_Tok], close: int) -> int | None:
    """Index of the "(" opening a short all-word aside closed at ``toks[close]``."""
    for j in range(close - 1, max(-1, close - 7), -1):
        if toks[j].key == "(":
            return j if j > 0 and j < close - 1 else None
        if not toks[j].word:
            return None
    return None


def _strip_leading(words: list[_Tok]) -> list[_Tok]:
    changed = True
    while changed and words:
        changed = False
        for seq in _LEADING:
            n = len(seq)
            if len(words) >= n and tuple(w.key for w in words[:n]) == seq:
                if seq == ("năm",) and not (len(words) > 1 and words[1].text.isdigit()):
                    continue
                words = words[n:]
                if words and words[0].text.isdigit():
                    words = words[1:]
                changed = True
                break
        if words and words[0].text.isdigit():
            words, changed = words[1:], True
    return words


def _strip_trailing_aux(words: list[_Tok]) -> list[_Tok]:
    """Drop auxiliaries, hedges and time phrases closing a left subject ("Doanh thu năm 2022 ước tính")."""
    while words:
        last = words[-1].key
        pair = (words[-2].key, last) if len(words) >= 2 else None
        if pair in _TRAILING_PAIRS or (pair and pair[0] == "năm" and last[0].isdigit()):
            words = words[:-2]
        elif last == ")" and any(w.key == "(" for w in words):
            break
        elif last in _TRAILING_AUX or not last[0].isalpha():
            words = words[:-1]
        else:
            break
    return words


def _anchor_index(words: list[_Tok]) -> int | None:
    """Start of the measured-quantity head in ``words``: the last "tỷ lệ", else the start of
    the last run of two-word anchors ("tổng giá trị", "tốc độ tăng trưởng"), else a one-word
    anchor opening the chunk."""
    run_start = run_end = -1
    for i in range(len(words) - 1):
        pair = f"{words[i].key} {words[i + 1].key}"
        if pair in _ANCHORS:
            if pair in ("tỷ lệ", "tỉ lệ"):
                return i
            if i > run_end:
                run_start = i
            run_end = i + 2
    if run_start >= 0:
        return run_start
    if words and words[0].key in _ANCHORS1:
        return 0
    return None


def _link_before(toks: list[_Tok], i: int) -> int:
    """Number of tokens forming a linking verb ending at ``toks[i-1]`` (0 when none)."""
    if i >= 2 and toks[i - 2].word and f"{toks[i - 2].key} {toks[i - 1].key}" in _LINK2:
        if toks[i - 2].key == "tăng" and i >= 3 and toks[i - 3].key in ("độ", "mức"):
            return 0  # "tốc độ tăng trưởng 8%": part of the subject
        return 2
    if i >= 1 and toks[i - 1].word and toks[i - 1].key in _LINK1:
        return 1
    return 0


def _phrase(text: str, words: list[_Tok]) -> str:
    return text[words[0].start : words[-1].end]


def _display(text: str, words: list[_Tok], sentence_start: bool = True) -> str:
    """The phrase with the first letter of an ordinary noun phrase lower-cased."""
    phrase = _phrase(text, words)
    first = words[0].text
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        if len(words) > 1:
            nxt = words[1].text
            if nxt[:1].islower() or not nxt[:1].isalpha() or (len(nxt) > 1 and nxt.isupper()):
                return phrase[0].lower() + phrase[1:]
        elif sentence_start:
            return phrase[0].lower() + phrase[1:]
    return phrase


# ---------------------------------------------------------------------------
# Subjects


def _right_np(low: str, toks: _Right) -> list[_Tok]:
    """The noun phrase at the start of ``toks`` (empty when a verb or punctuation comes first)."""
    first = toks.get(0)
    if first is None or not first.word or first.key[0].isdigit():
        return []
    second = toks.get(1)
    if first.key in _STOP1 or (second is not None and f"{first.key} {second.key}" in _STOP2):
        return []
    words: list[_Tok] = []
    i = 0
    while len(words) < _NP_MAX and (t := toks.get(i)) is not None:
        if t.key == "," and words:
            # "tin, bài", "cán bộ, đảng viên": a list of nouns read as one
            for w in words[-3:]:
                m = _COMPOUND.match(low, w.start)
                if m and m.end() > t.end:
                    while (u := toks.get(i)) is not None and u.end <= m.end():
                        if u.word:
                            words.append(u)
                        i += 1
                    break
            else:
                break
            continue
        if not t.word or (words and t.start - words[-1].end > 1) or _DIGIT.search(t.key):
            break
        if words:
            nxt = toks.get(i + 1)
            if t.key in _STOP1 or (nxt is not None and f"{t.key} {nxt.key}" in _STOP2):
                break
        words.append(t)
        i += 1
    if words:
        head = words[0].text
        if len(words) >= 2 and all(w.text[:1].isupper() for w in words):
            return []  # a name: "314 Bùi Thị Xuân"
        if head[:1].isupper() and head[1:].islower() and words[0].key not in _CAPITAL_HEADS:
            return []  # "vàng 9999 Kim Dậu", "Windows 10 Cloud", a heading run into the text
    return words


def _left_chunk(toks: list[_Tok], end: int) -> tuple[list[_Tok], int]:
    """The words of the clause before ``toks[end]`` and the index where they start."""
    start = _clause_start(toks, end)
    return toks[start:end], start


def _tyle_extension(toks: list[_Tok], chunk_start: int) -> int | None:
    """Start of a "tỷ lệ …" phrase cut by commas before ``chunk_start`` (same sentence)."""
    i = chunk_start - 1
    steps = 0
    while i > 0 and steps < 24:
        t = toks[i]
        if not t.word:
            if t.text in _STRONG:
                return None
        elif t.text.isdigit():
            return None
        elif t.key in ("lệ",) and toks[i - 1].key in ("tỷ", "tỉ"):
            return i - 1
        elif t.key in _LINK1:
            return None
        i -= 1
        steps += 1
    return None


def _left_subject(text: str, toks: list[_Tok], end: int, *, need_anchor: bool) -> tuple[str | None, int | None]:
    """Subject to the left of ``toks[end]`` (the linking verb or the number) and its start offset."""
    chunk, cstart = _left_chunk(toks, end)
    if not chunk:
        return None, None
    if cstart > 0 and (toks[cstart - 1].key in "/-–%" or toks[cstart - 1].key[0].isdigit()):
        return None, None  # "15,8 USD/ounce lên …": no clause of its own
    anchored = _anchor_index(chunk)
    if anchored is None and cstart > 0 and toks[cstart - 1].text == ",":
        ext = _tyle_extension(toks, cstart)
        if ext is not None and end - ext <= 24:
            chunk, anchored = toks[ext:end], 0
    if anchored is not None:
        words = _strip_trailing_aux(chunk[anchored:])
        if not words or len(words) > (24 if not need_anchor else 8):
            return None, None
        if any(w.key == "và" and nxt.key in _TRAILING_AUX for w, nxt in zip(words, words[1:], strict=False)):
            return None, None  # "số tiền … và đã nhận cọc là 39 tỷ": two clauses
        return _display(text, words), words[0].start
    if need_anchor:
        return None, None
    words = chunk
    for i in range(len(words) - 1, -1, -1):
        if words[i].key in _CUT:
            words = words[i + 1 :]
            break
    words = _strip_trailing_aux(_strip_leading(words))
    if not words or len(words) > 4 or words[0].key in _STOP1 or words[0].key in _PRONOUNS:
        return None, None
    return _display(text, words, words[0] is chunk[0]), words[0].start


def _person_owner(text: str, toks: list[_Tok], end: int) -> tuple[str | None, int | None]:
    """"X (toàn thành phố) có 62 đồng chí" → "X" without collective head and locatives."""
    chunk, _ = _left_chunk(toks, end)
    words = _strip_trailing_aux(_strip_leading(chunk))
    for seq in _COLLECTIVE:
        n = len(seq)
        if len(words) > n and tuple(w.key for w in words[:n]) == seq:
            words = words[n:]
            break
    for i, w in enumerate(words):
        if i > 0 and (w.key in _LOCATIVE_HEADS or w.key in ("này", "đó", "hiện")):
            words = words[:i]
            break
    if not words or len(words) > 6 or words[0].key in _LOCATIVE_HEADS or words[0].key in _PRONOUNS:
        return None, None
    if any(w.key in _CUT or w.key in _STOP1 for w in words) or any(not w.text[:1].islower() for w in words[1:]):
        return None, None
    return _display(text, words), words[0].start


def _activity(text: str, toks: list[_Tok], end: int) -> tuple[str | None, int | None]:
    """"đã tổ chức tuyên truyền lồng ghép được 1.275 buổi" → "tuyên truyền lồng ghép"."""
    chunk, _ = _left_chunk(toks, end)
    while chunk and chunk[-1].key in ("được", "thêm", "cộng", "tổng"):
        chunk = chunk[:-1]
    best = None
    for i in range(len(chunk) - 1, -1, -1):
        two = f"{chunk[i].key} {chunk[i + 1].key}" if i + 1 < len(chunk) else ""
        if two in _ACTIVITY_MARKERS:
            best = i + 2
            break
        if chunk[i].key in _ACTIVITY_MARKERS:
            best = i + 1
            break
    if best is None:
        return None, None
    words = chunk[best:]
    if not words or len(words) > 4 or any(w.key in _STOP1 for w in words):
        return None, None
    if any(not w.text[:1].islower() for w in words):
        return None, None
    return _phrase(text, words), words[0].start


# ---------------------------------------------------------------------------
# Main


def _map_offsets(original: str, norm: str) -> list[int]:
    """``result[i]`` is the offset in ``original`` of ``norm[i]`` (NFD → NFC)."""
    out: list[int] = []
    for m in re.finditer(r"(?s).[\u0300-\u036f]*", original):
        n = len(unicodedata.normalize("NFC", m.group()))
        out.extend([m.start()] * n)
    out.append(len(original))
    if len(out) != len(norm) + 1:  # composition across clusters; fall back to proportional
        scale = len(original) / max(1, len(norm))
        out = [round(i * scale) for i in range(len(norm) + 1)]
    return out


def _blocked(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect_right(starts, s) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans) and spans[j][0] < e and s < spans[j][1]:
            return True
    return False


def _qualifier(toks: list[_Tok]) -> tuple[str | None, int]:
    """Hedge right before the number and how many tokens it takes."""
    n = len(toks)
    if n >= 2 and toks[-2].word and (q := _QUALIFIERS.get((toks[-2].key, toks[-1].key))):
        return q, 2
    if n >= 1 and toks[-1].word and (q := _QUALIFIERS.get((toks[-1].key,))):
        if q == "tới" and not (n >= 2 and toks[-2].key in _TOI_AFTER):
            return None, 0
        if q == "trên" and n >= 2 and toks[-2].key == "ở":  # "ở trên"
            return None, 0
        return q, 1
    return None, 0


def _year(text: str, low: str, pos: int) -> int | None:
    """The year "năm YYYY" of the sentence around ``pos`` (nearest before, else first after)."""
    lo, hi = max(0, pos - _SENTENCE_WIDTH), min(len(text), pos + _SENTENCE_WIDTH)
    if "năm" not in low[lo:hi]:
        return None
    m = _SENTENCE_BACK.match(text, lo, pos)
    s = m.end() if m else lo
    m = _SENTENCE_END.search(text, pos, hi)
    e = m.end() if m else hi
    before: int | None = None
    after: int | None = None
    for m in _YEAR.finditer(text, s, e):
        if _YEAR_EXCLUDED_AFTER.search(text, max(s, m.start() - 14), m.start()):
            continue
        if m.start() <= pos:
            before = int(m.group(1))
        elif after is None and ";" not in text[pos : m.start()]:
            after = int(m.group(1))
    return before if before is not None else after


def _excluded_before(left: list[_Tok]) -> bool:
    """The number is an ordinal, a name, an address or a date part."""
    if not left:
        return False
    p1 = left[-1]
    if not p1.word:
        return p1.key in "#№="
    p2 = left[-2] if len(left) > 1 else None
    pair = f"{p2.key} {p1.key}" if p2 is not None and p2.word else ""
    if p1.key in _ORDINAL_BEFORE and pair not in _COUNT_BEFORE2:
        return True
    if pair in _ORDINAL_BEFORE2:
        return True
    # "Hà Nội 2", "SEA Games 29", "Windows 10": a capitalised word not opening a sentence
    return (
        p1.text[:1].isupper()
        and p2 is not None
        and p2.key not in _SENTENCE_OPENERS
        and (p1.key,) not in _QUALIFIERS
        and p1.key not in _LINK1
    )


def _measure(text: str, low: str, e: int) -> tuple[int, str | None, int]:
    """Scale, canonical unit and end offset of what follows the number at ``e``."""
    unit_m = _UNIT.match(low, e)
    if unit_m is None or unit_m.end() == e:
        return 1, None, e
    scale = 1
    for w in unit_m.group("scale").split():
        scale *= _SCALES[w]
    unit = None
    if raw := unit_m.group("unit"):
        unit = _UNITS[" ".join(raw.split())] + "".join(text[unit_m.start("per") : unit_m.end("per")].split())
    if scale == 1 and unit is None:
        return 1, None, e
    return scale, unit, unit_m.end()


@dataclass(slots=True)
class _Input:
    """The text statistics are read from: NFC, its same-length lower case, the spans to skip."""

    original: str               # the input, which offsets index
    text: str                   # its NFC form
    low: str                    # ``text`` lower-cased, offset for offset
    offsets: list[int] | None   # ``text`` offset → ``original`` offset; None when they are the same
    spans: list[tuple[int, int]]  # numbers already read and the ``skip`` spans, sorted
    starts: list[int]           # the starts of ``spans``


@dataclass(slots=True)
class _Number:
    """A number that may state a fact: its token and value, the words before it, its measure."""

    start: int
    end: int
    token: str
    parsed: tuple[int, int]
    left: list[_Tok]            # the tokens before it, up to 28 characters back
    scale: int
    unit: str | None
    measure_end: int            # the end of the number with its scale and unit


def find_statistics(text: str | AnalysedText, *, skip: list[tuple[int, int]] | tuple = ()) -> list[Statistic]:
    """Every statistic in ``text``, in order. ``skip``: input spans to ignore (document references)."""
    read = _read_input(text, skip)
    if read is None:
        return []
    out: list[Statistic] = []
    last_end = 0  # the end of the last statistic, in ``read.text``
    for m in _NUMBER.finditer(read.low):
        checkpoint()
        number = _number_at(read, m.start(), m.end(), m.group())
        if number is None:
            continue
        found = _statistic(read, number, out[-1] if out else None, last_end)
        if found is not None:
            stat, last_end = found
            out.append(stat)
    return out


def _read_input(text: str | AnalysedText, skip: list[tuple[int, int]] | tuple) -> _Input | None:
    """``text`` made ready for reading; None when it has no digit."""
    read = text if isinstance(text, AnalysedText) else None
    text = read.text if read is not None else text
    if not _DIGIT.search(text):
        return None
    original = text
    offsets: list[int] | None = None
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        offsets = _map_offsets(original, text)
        read = None  # its numbers index the input, not the NFC text read here
    low = _lower_same_length(text)
    spans = [(s, e) for s, e, _ in (read.numbers if read is not None else find_numbers(text))]
    for s, e in skip:
        if offsets is not None:
            s, e = bisect_left(offsets, s), bisect_left(offsets, e)
        spans.append((s, e))
    spans.sort()
    return _Input(original, text, low, offsets, spans, [s for s, _ in spans])


def _number_at(read: _Input, s: int, e: int, tok: str) -> _Number | None:
    """The number ``tok`` at ``s``–``e`` with its measure; None when it cannot be a statistic."""
    text, low = read.text, read.low
    if s > 0 and ((c := low[s - 1]) in _NOT_BEFORE or c.isalnum()):
        return None  # "U23", "Covid-19", "7/9", "$4"
    if not _NUMBER_END.match(low, e):
        return None  # "9h30", "09:38", "3G", "40-NQ"
    if read.spans and _blocked(read.spans, read.starts, s, e):
        return None
    if len(tok) > 1 and tok[0] == "0" and tok[1].isdigit():
        return None  # phone numbers, codes
    parsed = _parse(tok)
    if parsed is None:
        return None
    if _CHAIN_AFTER.match(low, e) or _CHAIN_BEFORE.search(low, max(0, s - 6), s):
        return None  # "0912 345 678", "2 - 1", "5 – 7 người", "2021 – 2025"
    nxt = low[e : e + 1]
    if nxt in ".)" and _LINE_START.search(low, max(0, s - 12), s):
        return None  # list marker "1." / "1)"
    if s > 0 and low[s - 1] == "(" and nxt == ")":
        return None
    left = _left_tokens(text, low, s, 28)
    if _excluded_before(left):
        return None
    scale, unit, measure_end = _measure(text, low, e)
    if unit is None and scale == 1 and tok.isdigit() and (len(tok) >= 7 or len(tok) == 4 and 1800 <= int(tok) <= 2100):
        return None  # a year; a long bare digit string is a code or a phone number
    if _TIMES.match(low, measure_end):
        return None  # dimensions, scientific notation: "20x20 cm", "3,793 x 10"
    return _Number(s, e, tok, parsed, left, scale, unit, measure_end)


def _statistic(
    read: _Input, number: _Number, previous: Statistic | None, last_end: int
) -> tuple[Statistic, int] | None:
    """The statistic ``number`` states and its end in ``read.text``; None without a subject or a unit.

    ``previous`` is the statistic before it and ``last_end`` its end, for "…, tăng 24%" (the same subject).
    """
    text, low, s, left, end = read.text, read.low, number.start, number.left, number.measure_end
    qualifier, qn = _qualifier(left)
    core = len(left) - qn  # `left[:core]` is the clause before the qualifier
    right = _Right(text, low, end, min(len(low), end + 160))
    if (first := right.get(0)) is not None and first.start - end > 1:
        right = _Right(text, low, end, end)  # a layout break, not a phrase
    found = _subject(text, low, s, left, core, right, number.scale, number.unit)
    if found is None:
        return None
    subject, sub_start, sub_end = found
    change = _change(left, core)
    if subject is None and change and previous is not None and _ELLIPSIS.fullmatch(low, last_end, s):
        subject = previous.subject  # "Doanh thu đạt 3.680 tỷ đồng, tăng 24%": the same subject
    if subject is None and number.unit is None:
        return None
    start = min(sub_start if sub_start is not None else s, left[core].start if qn else s)
    if change:
        start = min(start, left[core - (1 if left[core - 1].key == change else 2)].start)
    end = max(sub_end or 0, end)
    stat_end = end
    if read.offsets is not None:
        start, end = read.offsets[start], read.offsets[end]
    value = _value(number.parsed, number.scale)
    year = _year(text, low, s)
    stat = Statistic(value, read.original[start:end], subject, qualifier, number.unit, year, start, end, change)
    return stat, stat_end


def _change(left: list[_Tok], core: int) -> str | None:
    """"tăng"/"giảm" when the number is a rise or a fall: "tăng 12,5%", "giảm thêm 3 hộ"."""
    if core < 1:
        return None
    w = left[core - 1].key
    if w in ("tăng", "giảm"):
        return w
    if core >= 2 and left[core - 2].key in ("tăng", "giảm") and w in ("thêm", "đi", "trưởng", "mạnh", "nhẹ"):
        return left[core - 2].key
    return None


def _subject(
    text: str, low: str, s: int, left: list[_Tok], core: int, right: _Right, scale: int, unit: str | None
) -> tuple[str | None, int | None, int | None] | None:
    """(subject, start, end) for the number at ``s``; None when it is no statistic."""
    if unit or scale > 1:
        return _measured_subject(text, low, s, right, unit)
    np = _right_np(low, right)
    if np and np[0].text[:1].isupper() and left and left[-1].word and left[-1].text[:1].isupper():
        return None  # "Windows 10 Cloud", "Galaxy S8 Plus"
    if not np:
        return _linked_subject(text, low, s, right)
    return _counted_subject(text, low, s, left, core, np)


def _full_left(text: str, low: str, s: int) -> tuple[list[_Tok], int]:
    """The tokens of the clause before ``s`` and the index where its qualifier begins."""
    lo = max(0, s - _LEFT_WIDTH)
    begin = max(low.rfind(ch, lo, s) for ch in _CLAUSE_CHARS)
    while begin > lo and low[begin] == ")" and 0 <= (opening := low.rfind("(", lo, begin)) > begin - 40:
        begin = max(low.rfind(ch, lo, opening) for ch in _CLAUSE_CHARS)  # look past a short aside

    if begin < 0 or (low[begin] == "," and ("tỷ lệ" in low[lo:begin] or "tỉ lệ" in low[lo:begin])):
        begin = lo  # the whole window: no boundary, or a "tỷ lệ …, …" phrase to reach
    toks = _left_tokens(text, low, s, s - begin)
    _, qn = _qualifier(toks)
    return toks, len(toks) - qn


def _measured_subject(
    text: str, low: str, s: int, right: _Right, unit: str | None
) -> tuple[str | None, int | None, int | None] | None:
    """The subject of a number with a unit or a scale: the noun phrase after it, else the measured thing before."""
    is_currency = unit is not None and unit.split("/")[0] in _CURRENCIES
    np = [] if is_currency else _right_np(low, right)
    if np and np[0].key not in _TIME_NOUNS and np[0].text[:1].islower():
        return _phrase(text, np), None, np[-1].end
    toks, i = _full_left(text, low, s)
    link = _link_before(toks, i)
    subject = sub_start = None
    if link:
        subject, sub_start = _left_subject(text, toks, i - link, need_anchor=False)
    elif i > 0 and toks[i - 1].word:
        subject, sub_start = _left_subject(text, toks, i, need_anchor=True)
    if unit is None and subject is None:
        return None
    return subject, sub_start, None


def _linked_subject(text: str, low: str, s: int, right: _Right) -> tuple[str, int | None, None] | None:
    """The subject of a bare number with no noun after it, linked before it: "Số đại biểu tham dự là 300."."""
    if (first := right.get(0)) is not None and first.word and first.key in _TIME_NOUNS:
        return None
    toks, i = _full_left(text, low, s)
    link = _link_before(toks, i)
    if not link or toks[i - 1].key in ("có", "gồm", "tăng", "giảm"):
        return None
    subject, sub_start = _left_subject(text, toks, i - link, need_anchor=True)
    return None if subject is None else (subject, sub_start, None)


def _counted_subject(
    text: str, low: str, s: int, left: list[_Tok], core: int, np: list[_Tok]
) -> tuple[str | None, int | None, int] | None:
    """The subject of a bare number counting the noun phrase ``np`` after it."""
    head = np[0].key
    head2 = f"{head} {np[1].key}" if len(np) > 1 else head
    if head == "số" and low[s : s + 2] == "1 ":
        return None  # "1 số" is "một số", some

    if head in _TIME_NOUNS and head2 != "năm học":
        return None  # a duration, an age, a time
    end = np[-1].end
    if head in _MEASURE_WORDS and len(np) == 1:
        if head == "lần" and core > 0 and left[core - 1].key in _MULTIPLIER_BEFORE:
            return None  # "gấp 2 lần", "cao hơn 9 lần"
        toks, i = _full_left(text, low, s)
        act, act_start = _activity(text, toks, i)
        if act:
            return f"{np[0].text} {act}", act_start, end
        return (None if head == "lần" else (np[0].text, None, end))
    if head2 in _PERSON_CLASSIFIERS and len(np) <= 2 or head in _PERSON_CLASSIFIERS and len(np) == 1:
        if core > 0 and left[core - 1].key in ("có", "gồm", "là"):
            toks, i = _full_left(text, low, s)
            owner, owner_start = _person_owner(text, toks, i - max(1, _link_before(toks, i)))
            if owner:
                return owner, owner_start, end
    return _phrase(text, np), None, end
