"""The one registry of document types, and the issuer a document number implies.

Each :class:`DocType` is one type of Vietnamese Party or state document: its
canonical name, the words naming it in text, the abbreviation written before a
bare number ("NQ 35"), the codes its numbers carry (state and Party), its IRI
segment and the slug of its SKOS concept (``graph/ontology/vankien.ttl``).
Extraction, IRIs, the vocabulary and search read the lookups derived below;
none keeps a table of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

PARTY = "party"
STATE = "state"


@dataclass(frozen=True)
class DocType:
    """One document type."""

    name: str                    # canonical name, "Nghị quyết"
    segment: str                 # IRI segment, "nq" in eli/dang/tw/2021/nq/40
    concept: str                 # SKOS concept slug, loai:nghi-quyet
    english: str                 # English label of the concept
    codes: tuple[str, ...] = ()  # codes read as this type in any number, the usual one first
    party_codes: tuple[str, ...] = ()  # codes read as this type in Party numbers only
    abbreviation: str | None = None    # written before a bare number in text, "NQ 35"
    in_text: bool = True         # its name is a type word of running text and titles
    rebuilt: bool = True         # a short reference from the Party centre gets "SEQ-CODE/TW"
    issuer: str | None = None    # the one body that issues every document of the type (a law: Quốc hội)


def _t(name, segment, concept, english, codes=(), party_codes=(), abbreviation=None, **flags) -> DocType:
    return DocType(name, segment, concept, english, tuple(codes), tuple(party_codes), abbreviation, **flags)


# "L" is also written for a Lệnh ("L-CTN") and "LCT" is the Chairman's promulgation order of a law;
# both read as Luật (a title's own type word wins). "QH" is listed so that "Luật 45" finds a law
# numbered 45/2013/QH13 in search; in a number a bare "QH15" is an issuer (see TYPE_CODES).
DOCUMENT_TYPES: tuple[DocType, ...] = (
    _t("Nghị quyết", "nq", "nghi-quyet", "Resolution", ["NQ"], abbreviation="NQ"),
    _t("Nghị quyết liên tịch", "nqlt", "nghi-quyet-lien-tich", "Joint resolution", ["NQLT"]),
    _t("Chỉ thị", "ct", "chi-thi", "Directive", ["CT"], abbreviation="CT"),
    _t("Kết luận", "kl", "ket-luan", "Conclusion", ["KL"], abbreviation="KL"),
    _t("Quy định", "qdi", "quy-dinh", "Regulation", ["QĐi"]),
    _t("Quyết định", "qd", "quyet-dinh", "Decision", ["QĐ", "QĐNS"], abbreviation="QĐ"),  # QĐNS: personnel
    _t("Đề án", "da", "de-an", "Project", ["ĐA"], abbreviation="ĐA"),
    _t("Kế hoạch", "kh", "ke-hoach", "Plan", ["KH"], abbreviation="KH"),
    _t("Hướng dẫn", "hd", "huong-dan", "Guideline", ["HD"], abbreviation="HD"),
    _t("Hướng dẫn liên tịch", "hdlt", "huong-dan-lien-tich", "Joint guideline", ["HDLT"]),
    _t("Thông báo", "tb", "thong-bao", "Notice", ["TB"], abbreviation="TB"),
    _t("Chương trình", "ctr", "chuong-trinh", "Programme", ["CTr"]),
    _t("Công văn", "cv", "cong-van", "Official letter", ["CV"]),
    _t("Công điện", "cd", "cong-dien", "Official dispatch", ["CĐ"]),
    _t("Báo cáo", "bc", "bao-cao", "Report", ["BC"]),
    _t("Thông tri", "tt", "thong-tri", "Circular (Party)", party_codes=["TT"]),
    _t("Tờ trình", "ttr", "to-trinh", "Submission", ["TTr"]),
    _t("Hiến pháp", "hp", "hien-phap", "Constitution", issuer="Quốc hội"),
    _t("Bộ luật", "bl", "bo-luat", "Code", issuer="Quốc hội"),
    _t("Luật", "l", "luat", "Law", ["L", "LCT", "QH"], rebuilt=False, issuer="Quốc hội"),
    _t("Sắc luật", "vb", "van-ban", "Document"),  # historic; no concept of its own yet
    _t("Pháp lệnh", "pl", "phap-lenh", "Ordinance", ["PL"], issuer="Ủy ban Thường vụ Quốc hội"),
    _t("Lệnh", "l", "lenh", "Order"),
    _t("Sắc lệnh", "sl", "sac-lenh", "Decree (historic)", ["SL"]),
    _t("Nghị định", "nd", "nghi-dinh", "Decree", ["NĐ"], abbreviation="NĐ"),
    _t("Thông tư", "tt", "thong-tu", "Circular", ["TT"], abbreviation="TT"),
    _t("Thông tư liên tịch", "ttlt", "thong-tu-lien-tich", "Joint circular", ["TTLT"]),
    _t("Quy chế", "qc", "quy-che", "Rules", ["QC"]),
    _t("Văn bản hợp nhất", "vbhn", "van-ban-hop-nhat", "Consolidated text", ["VBHN"]),
    _t("Điều lệ", "dl", "dieu-le", "Charter"),
    _t("Cương lĩnh", "cl", "cuong-linh", "Platform"),
    _t("Quy hoạch", "qhoach", "quy-hoach", "Master plan"),
    _t("Quy tắc", "qt", "quy-tac", "Code of conduct"),
    _t("Công ước", "cu", "cong-uoc", "Convention"),
    _t("Văn kiện", "vk", "van-kien", "Documents (of a congress)"),
    _t("Văn bản", "vb", "van-ban", "Document", in_text=False),  # any other type
)

# -- derived lookups -------------------------------------------------------------
GENERIC = "Văn bản"
BY_NAME: dict[str, DocType] = {t.name: t for t in DOCUMENT_TYPES}
# Type words of running text and titles ("Nghị quyết", "Bộ luật", …).
TYPE_WORDS: tuple[str, ...] = tuple(t.name for t in DOCUMENT_TYPES if t.in_text)
# Abbreviation → type name ("NQ" → "Nghị quyết").
ABBREVIATIONS: dict[str, str] = {t.abbreviation: t.name for t in DOCUMENT_TYPES if t.abbreviation}
# Number code → type name, in any number and in Party numbers ("TT" is Thông tư, Party "TT" Thông tri).
TYPE_OF_CODE: dict[str, str] = {code: t.name for t in DOCUMENT_TYPES for code in t.codes}
PARTY_TYPE_OF_CODE: dict[str, str] = {code: t.name for t in DOCUMENT_TYPES for code in t.party_codes}
# Codes a number parser reads in the type position; "QH" is the National Assembly there.
TYPE_CODES: frozenset[str] = frozenset(TYPE_OF_CODE.keys() | PARTY_TYPE_OF_CODE.keys()) - {"QH"}
# Type name → the codes its numbers carry (search keys "nq:40").
CODES_OF_TYPE: dict[str, tuple[str, ...]] = {t.name: t.codes for t in DOCUMENT_TYPES if t.codes}
# Type name → the code of a number rebuilt from a short reference ("Kết luận 01" of the Politburo → 01-KL/TW).
REBUILT_CODE: dict[str, str] = {t.name: t.codes[0] for t in DOCUMENT_TYPES if t.codes and t.rebuilt}


def type_of_code(code: str | None, system: str) -> str | None:
    """The type name a number's type code means in that numbering system."""
    if code is None:
        return None
    if system == PARTY and code in PARTY_TYPE_OF_CODE:
        return PARTY_TYPE_OF_CODE[code]
    return TYPE_OF_CODE.get(code)


def doctype(name: str) -> DocType:
    """The record of a canonical type name; an unknown name is "Văn bản"."""
    return BY_NAME.get(name) or BY_NAME[GENERIC]


# -- the issuer a number implies -------------------------------------------------
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương Đảng"
NATIONAL_ASSEMBLY = "Quốc hội"
STANDING_COMMITTEE = "Ủy ban Thường vụ Quốc hội"
COUNCIL_OF_STATE = "Hội đồng Nhà nước"
COUNCIL_OF_STATE_CHAIRMAN = "Chủ tịch Hội đồng Nhà nước"
# The first issuer code of a state number → its issuer ("30/2020/NĐ-CP" → Chính phủ).
STATE_SUFFIX_ISSUERS = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "VPCP": "Văn phòng Chính phủ", "CTN": "Chủ tịch nước",
    "UBTVQH": STANDING_COMMITTEE, "BTC": "Bộ Tài chính", "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng",
    "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp", "BYT": "Bộ Y tế", "BXD": "Bộ Xây dựng", "BCT": "Bộ Công Thương",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BGTVT": "Bộ Giao thông vận tải", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BTTTT": "Bộ Thông tin và Truyền thông", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BKHCN": "Bộ Khoa học và Công nghệ", "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam", "TTCP": "Thanh tra Chính phủ",
}
# The province's own bodies: "1187/QĐ-UBND" of a text about Lạng Sơn is "Ủy ban nhân dân tỉnh Lạng Sơn".
LOCAL_STATE_BODIES = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
# Issuer codes carrying the term of office: "QH15", "UBTVQH14", "HĐNN8".
_TERMED = re.compile(r"(QH|UBTVQH|HĐNN)\d*")


class Numbered(Protocol):
    """What :func:`issuer_of_number` reads of a parsed number (``graph.extract.numbers.DocNumber``)."""

    system: str
    type_code: str | None
    issuer_code: str | None


def issuer_of_number(number: Numbered, *, plenum: bool = False, committee: str | None = None,
                     province: str | None = None) -> str | None:
    """The issuer a number's suffix implies, or None.

    Party "TW" is the Central Committee for a plenum's resolution only (else the Politburo, the
    Secretariat or the Committee could have issued it); Party "TU" is ``committee``, the provincial
    or city Party committee of the text's locality; a state "UBND" or "HĐND" is the People's Committee
    or Council of ``province`` ("tỉnh Lạng Sơn", "thành phố Hải Phòng"). State numbers: "QH15" the National Assembly,
    "UBTVQH14" its Standing Committee, "HĐNN8" the Council of State ("LCT/HĐNN8" an order of its
    Chairman), else the first code of the suffix ("NĐ-CP" the Government, "TTLT-BTP-BNV" the
    Ministry of Justice).
    """
    code = number.issuer_code or ""
    if number.system == PARTY:
        if code == "TW":
            return CENTRAL_COMMITTEE if plenum else None
        return committee if code == "TU" else None
    first = code.split("-")[0]
    if m := _TERMED.fullmatch(first):
        body = m.group(1)
        if body == "QH":
            return NATIONAL_ASSEMBLY
        if body == "UBTVQH":
            return STANDING_COMMITTEE
        return COUNCIL_OF_STATE_CHAIRMAN if number.type_code == "LCT" else COUNCIL_OF_STATE
    if first in LOCAL_STATE_BODIES and province:
        return f"{LOCAL_STATE_BODIES[first]} {province}"
    return STATE_SUFFIX_ISSUERS.get(first)
