"""Deterministic, readable IRIs for everything vankien stores.

Documents get ELI-like IRIs (see ARCHITECTURE.md, "IRIs"):

* Party: ``{base}eli/dang/{issuer}/{year}/{type}/{number}`` — ``eli/dang/tinh-uy-lang-son/2021/nq/40``
* State: ``{base}eli/nuoc/{issuer}/{year}/{type}/{number}`` — ``eli/nuoc/cp/2020/nd/30``
* Plenum resolutions: ``eli/dang/tw/khoa-xiii/hntw-6/nq``; congress resolutions ``eli/dang/dai-hoi/…/nq``
* Named laws without a number: ``eli/nuoc/qh/2015/l/luat-to-chuc-chinh-phu``

The year segment is left out when no year is known; :mod:`graph.resolve`
then decides whether the reference is a document already known.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from vankien.graph import BASE_IRI_ENV, DEFAULT_BASE_IRI
from vankien.graph.doctypes import STATE_SUFFIX_ISSUERS, doctype
from vankien.graph.extract.documents import PARTY_CENTRAL_ISSUERS, Document
from vankien.graph.extract.numbers import PARTY, parse_number
from vankien.graph.text import fold, unify_tones

_COMMITTEE_IN_NAME = re.compile(
    r"(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy"
    r"|Đảng bộ tỉnh|Đảng bộ thành phố|Đảng bộ huyện|Đảng bộ quận)\s+(.+)$"
)
_BODY_TO_COMMITTEE = {"Đảng bộ tỉnh": "Tỉnh ủy", "Đảng bộ thành phố": "Thành ủy", "Đảng bộ huyện": "Huyện ủy",
                      "Đảng bộ quận": "Quận ủy"}
_LOCAL_STATE = re.compile(r"^(Ủy ban nhân dân|Hội đồng nhân dân)\s+(.+)$")


def resolve_base_iri(value: str | None = None) -> str:
    """The base IRI: the given value, else $VANKIEN_BASE_IRI, else the default; always ends with "/"."""
    base = value or os.environ.get(BASE_IRI_ENV) or DEFAULT_BASE_IRI
    if not re.match(r"^https?://[^\s/]+", base):
        raise ValueError(f"base IRI {base!r} is not an http(s) IRI")
    return base if base.endswith("/") else base + "/"


def slug(text: str) -> str:
    """ "Thành uỷ Lạng Sơn" → "thanh-uy-lang-son"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(unify_tones(text))).strip("-")


def _issuer_codes() -> dict[str, str]:
    codes = {name: slug(code) for code, name in STATE_SUFFIX_ISSUERS.items()}
    codes.update({name: "tw" for name in PARTY_CENTRAL_ISSUERS})
    codes["Quốc hội"] = "qh"
    return codes


# Issuers named in full map to the code their numbers carry, so "Quốc hội" and "QH13" agree.
_ISSUER_CODES = _issuer_codes()


def seq_key(seq: str) -> str:
    """ "03" and "3" are the same sequence number; a letter suffix stays ("30a")."""
    digits = re.match(r"\d+", seq)
    return str(int(digits.group(0))) + seq[digits.end():].lower() if digits else seq.lower()


def type_segment(type_name: str) -> str:
    """The IRI segment of a document type ("Nghị quyết" → "nq"; unknown types are "vb")."""
    return doctype(type_name).segment


def issuer_segment(doc: Document) -> str | None:
    """Whose numbering a document belongs to: "tw", "tinh-uy-lang-son", "cp", "ubnd-tinh-thai-binh"."""
    number = parse_number(doc.number) if doc.number else None
    issuer = doc.issuer or ""
    if m := _COMMITTEE_IN_NAME.search(issuer):
        committee = _BODY_TO_COMMITTEE.get(m.group(1), m.group(1))
        return slug(f"{committee} {m.group(2)}")
    if m := _LOCAL_STATE.match(issuer):
        return slug(("ubnd " if m.group(1).startswith("Ủy") else "hdnd ") + m.group(2))
    if number is not None and number.issuer_code:
        code = number.issuer_code.split("-")[0]
        code = re.sub(r"\d+$", "", code) if number.system != PARTY else code  # QH13 → qh
        return slug(code) or None
    if issuer:
        return _ISSUER_CODES.get(issuer, slug(issuer))
    return None


@dataclass(frozen=True)
class DocumentKey:
    """What identifies a document apart from its year: type, number and whose numbering."""

    system: str          # "dang" | "nuoc" | "ref"
    issuer: str | None
    type: str
    number: str          # sequence key, or the slug of a name

    def as_text(self) -> str:
        return "|".join((self.system, self.issuer or "", self.type, self.number))


def document_key(doc: Document) -> DocumentKey:
    """The identity of ``doc`` without its year."""
    type_seg = type_segment(doc.type)
    if doc.kind == "plenum":
        term = f"khoa-{doc.term.lower()}/" if doc.term else ""
        return DocumentKey("dang", "tw", type_seg, f"{term}hntw-{doc.plenum}")
    if doc.kind == "congress":
        return DocumentKey("dang", "dai-hoi", type_seg, slug(doc.issuer or doc.name))
    if doc.number:
        number = parse_number(doc.number)
        system = "dang" if number and number.system == PARTY else "nuoc"
        return DocumentKey(system, issuer_segment(doc), type_seg, seq_key(number.seq if number else doc.number))
    if doc.kind == "short":
        return DocumentKey("ref", issuer_segment(doc), type_seg, seq_key(doc.seq or ""))
    issuer = issuer_segment(doc) or ("qh" if doc.type in ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh") else None)
    return DocumentKey("nuoc", issuer, type_seg, slug(doc.name))


NAMED_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")


def name_key(doc: Document) -> str | None:
    """How a numbered law is cited by name: "Luật" + title "đất đai" → "luat-dat-dai"."""
    if not doc.number or doc.type not in NAMED_TYPES or not doc.title:
        return None
    return slug(f"{doc.type} {doc.title}")


class Iris:
    """Mints IRIs under one base."""

    def __init__(self, base: str) -> None:
        self.base = resolve_base_iri(base)

    def document(self, key: DocumentKey, year: int | None) -> str:
        parts = ["eli", key.system]
        if key.issuer:
            parts.append(key.issuer)
        if key.system == "dang" and key.issuer == "tw" and key.number.startswith(("khoa-", "hntw-")):
            return self.base + "/".join(parts + [key.number, key.type])
        if year:
            parts.append(str(year))
        parts += [key.type, key.number]
        return self.base + "/".join(parts)

    def organisation(self, name: str) -> str:
        return f"{self.base}org/{slug(name)}"

    def person(self, name: str) -> str:
        return f"{self.base}person/{slug(name)}"

    def post(self, label: str) -> str:
        return f"{self.base}post/{slug(label)}"

    def source(self, identity: str) -> str:
        """A source's IRI, also the name of its graph: stable for the same URL or path."""
        return f"{self.base}source/{hashlib.sha1(identity.encode('utf-8')).hexdigest()[:16]}"


def document_year(iri: str) -> str | None:
    """The year segment of a document IRI (``…/eli/nuoc/cp/2020/nd/30`` → "2020"), never its number."""
    parts = iri.split("/")
    if "eli" not in parts:
        return None
    tail = parts[parts.index("eli") + 1:]  # system, issuer, year, type, number
    return tail[2] if len(tail) == 5 and tail[2].isdigit() and len(tail[2]) == 4 else None
