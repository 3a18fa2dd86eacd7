"""Catalogues: lists of document records (number, type, title, issuer, date, URL, status, effective date).

A catalogue is what a registry such as vbpl.vn lists: one row per document, no body
text. It is read whole into one :class:`Catalogue` (one named graph in the store, like a
source file); each row becomes a :class:`CatalogueRecord`. Three layouts are read:

* CSV with a header row (``,``, ``;``, tab or ``|`` between fields): a catalogue when the
  header names a number or a title column;
* JSON: a list of objects (``[{"title": "Nghị định 30/2020/NĐ-CP", "url": …}, …]``);
* JSON Lines: one object a line, with record keys and no body text (:func:`is_record_row`);
  a line with ``text``, ``summary``, ``content`` or ``body`` is an article (see ``json_lines``).

Keys are read in English or as the Vietnamese column names a registry exports ("số hiệu",
"trích yếu", "loại văn bản", "cơ quan ban hành", "ngày ban hành", "ngày hiệu lực",
"tình trạng"), whatever their case or accents. A row whose number, type or date cannot be read
is one :class:`SourceError` (``FILE#L5: reason``; ``FILE#3`` for the third object of a JSON list)
and is skipped; a catalogue without one readable row is an error naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vankien.graph.dates import parse_date
from vankien.graph.doctypes import ABBREVIATIONS, BY_NAME, GENERIC
from vankien.graph.sources.encoding import DecodeError, decode_bytes, decode_utf8_lenient
from vankien.graph.sources.model import CATALOGUE, SourceError, printable_path, relative_form
from vankien.graph.sources.urls import web_iri
from vankien.graph.text import collapse_space, fold, nfc

MAX_CATALOGUE_BYTES = 50 * 2**20

# Field → the keys naming it, folded ("Số hiệu" → "so hieu"); the first of each is the English one.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "number": ("number", "no", "so hieu", "so", "so ky hieu", "so hieu van ban", "ky hieu", "so van ban"),
    "title": ("title", "name", "trich yeu", "ten van ban", "tieu de", "ten", "trich yeu noi dung"),
    "type": ("type", "doc type", "document type", "loai van ban", "loai", "hinh thuc van ban"),
    "issuer": ("issuer", "issued by", "co quan ban hanh", "noi ban hanh", "co quan", "don vi ban hanh"),
    "date": ("date", "issued", "date issued", "ngay ban hanh", "ngay"),
    "url": ("url", "link", "href", "duong dan", "lien ket"),
    "status": ("status", "tinh trang", "tinh trang hieu luc", "trang thai", "hieu luc"),
    "effective": ("effective", "effective date", "in force", "ngay hieu luc", "ngay co hieu luc", "hieu luc tu",
                  "ngay bat dau hieu luc"),
}
_FIELD_OF_KEY = {key: name for name, keys in FIELD_KEYS.items() for key in keys}
# Keys that make a JSON Lines row an article, not a record (json_lines reads "text" or "summary").
BODY_KEYS = frozenset({"text", "summary", "content", "body", "noi dung", "toan van"})
_TYPE_OF_WORDS = {fold(name): name for name in BY_NAME} | {fold(abbr): name for abbr, name in ABBREVIATIONS.items()}
_DELIMITERS = ",;\t|"
_NO_NUMBER = re.compile(r"\bkhong so\b")


def field_key(key: str) -> str:
    """A column or key name folded for lookup: "Số hiệu" / "SO_HIEU" / "số-hiệu" → "so hieu"."""
    return collapse_space(re.sub(r"[^a-z0-9]+", " ", fold(nfc(key))))


def field_of(key: object) -> str | None:
    """The record field a column or key names ("Trích yếu" → "title"), or None."""
    return _FIELD_OF_KEY.get(field_key(key)) if isinstance(key, str) else None


def is_record_row(row: object) -> bool:
    """Whether a JSON object is a catalogue record: it has a number or title key and no body text key."""
    if not isinstance(row, dict):
        return False
    fields = {field_of(key) for key in row}
    return bool(fields & {"number", "title"}) and not any(field_key(k) in BODY_KEYS for k in row if isinstance(k, str))


@dataclass
class CatalogueRecord:
    """One row of a catalogue, read: a document with a number and a type."""

    where: str                        # "catalogue.csv#L5": what an error about it names
    type: str                         # canonical type name, "Nghị định"
    number: str                       # canonical number, "30/2020/NĐ-CP"
    title: str | None = None          # as catalogued: "Nghị định 30/2020/NĐ-CP", "Về công tác văn thư"
    issuer: str | None = None         # as catalogued
    date: str | None = None           # ISO date of issue
    url: str | None = None            # a valid http(s) IRI, else None
    status: str | None = None         # as catalogued, "Còn hiệu lực"
    effective: str | None = None      # ISO date of entry into force


@dataclass
class Catalogue:
    """A whole catalogue file: its readable records (its bad rows are reported apart)."""

    path: str
    sha256: str
    records: list[CatalogueRecord] = field(default_factory=list)
    rows: int = 0                     # rows read, readable or not
    relative_path: str = ""
    kind: str = CATALOGUE

    def __post_init__(self) -> None:
        self.path = printable_path(self.path)
        self.relative_path = printable_path(self.relative_path) or relative_form(self.path)


# --- one row ---------------------------------------------------------------------------------

def _text(value: object, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"field '{key}' is not text")
    text = collapse_space(nfc(str(value)))
    return text or None


def _fields(row: dict) -> dict[str, str]:
    """The record fields of a row (the first column naming a field wins; empty values are absent)."""
    found: dict[str, str] = {}
    for key, value in row.items():
        name = field_of(key)
        if name is not None and name not in found and (text := _text(value, str(key))) is not None:
            found[name] = text
    return found


def _type_name(text: str) -> str | None:
    return _TYPE_OF_WORDS.get(field_key(text))


def _iso(text: str | None, what: str) -> str | None:
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise ValueError(f"{what} {text!r} is not a date (yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy)")
    return day.isoformat()


def record_from_row(row: object, where: str) -> CatalogueRecord:
    """One row → :class:`CatalogueRecord`; ValueError (the reason) when its number or type cannot be read."""
    # graph.extract imports graph.sources (SourceError): its number parser is imported on first use, not above
    from vankien.graph.extract.numbers import parse_number, parse_title

    if not isinstance(row, dict):
        raise ValueError("row is not an object")
    fields = _fields(row)
    title = fields.get("title")
    title_type, title_number = parse_title(title) if title else (None, None)
    if "number" in fields:
        number = parse_number(fields["number"])
        if number is None:
            raise ValueError(f"number {fields['number']!r} cannot be read")
    elif title_number is not None:
        number = title_number
    elif title and _NO_NUMBER.search(field_key(title)):
        raise ValueError(f"listed without a number ({title!r}): nothing gives it a stable identity, skipped")
    elif title:
        raise ValueError(f"no document number can be read in {title!r}")
    else:
        raise ValueError("no number and no title")
    if "type" in fields:
        type_name = _type_name(fields["type"])
        if type_name is None:
            raise ValueError(f"type {fields['type']!r} is not a known document type")
    else:
        type_name = title_type or number.type_name
        if type_name is None or type_name == GENERIC:
            raise ValueError(f"no document type for {number.canonical!r} (give a type column)")
    return CatalogueRecord(
        where=where, type=type_name, number=number.canonical, title=title, issuer=fields.get("issuer"),
        date=_iso(fields.get("date"), "date"), url=web_iri(fields.get("url")), status=fields.get("status"),
        effective=_iso(fields.get("effective"), "effective date"),
    )


def _collect(rows: Iterable[tuple[str, object]], catalogue: Catalogue) -> Iterator[SourceError]:
    """Read ``(where, row)`` pairs into ``catalogue``; yield one error per unreadable row."""
    for where, row in rows:
        catalogue.rows += 1
        try:
            catalogue.records.append(record_from_row(row, where))
        except ValueError as error:
            yield SourceError(where, str(error))


def _finish(catalogue: Catalogue) -> Catalogue | SourceError:
    if catalogue.records:
        return catalogue
    if not catalogue.rows:
        return SourceError(catalogue.path, "catalogue holds no rows")
    return SourceError(catalogue.path, f"catalogue holds no readable record ({catalogue.rows} rows, none with a "
                                       "number and a type)")


# --- layouts ---------------------------------------------------------------------------------

def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise SourceError(path, "empty file")
    try:
        return decode_bytes(data)[0]
    except DecodeError as error:
        raise SourceError(path, str(error)) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:8192].split("\n", 1)[0], delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel


def read_csv_catalogue(data: bytes, path: str) -> Iterator[Catalogue | SourceError]:
    """A CSV catalogue: each bad row, then the :class:`Catalogue` (or one error naming the file)."""
    try:
        text = _decode(data, path)
    except SourceError as error:
        yield error
        return
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = next(reader, None)
        if header is None or not {field_of(name) for name in header} & {"number", "title"}:
            yield SourceError(path, "not a catalogue: the header row names no number or title column "
                                    "(number, title, số hiệu, trích yếu …)")
            return
        catalogue = Catalogue(path=path, sha256=hashlib.sha256(data).hexdigest())

        def rows() -> Iterator[tuple[str, dict]]:
            for values in reader:
                if any(v.strip() for v in values):
                    yield f"{path}#L{reader.line_num}", dict(zip(header, values, strict=False))

        yield from _collect(rows(), catalogue)
    except csv.Error as error:
        yield SourceError(f"{path}#L{reader.line_num}", f"broken CSV ({error}); the rest of the file is not read")
        return
    yield _finish(catalogue)


def read_json_catalogue(data: bytes, path: str) -> Iterator[Catalogue | SourceError]:
    """A JSON catalogue (a list of objects): each bad item (``FILE#n``), then the :class:`Catalogue`."""
    try:
        rows = json.loads(_decode(data, path))
    except SourceError as error:
        yield error
        return
    except json.JSONDecodeError as error:
        yield SourceError(path, f"invalid JSON ({error.msg} at line {error.lineno} column {error.colno})")
        return
    if not isinstance(rows, list) or not any(isinstance(row, dict) for row in rows):
        yield SourceError(path, "not a catalogue: the JSON is not a list of objects")
        return
    if not any(is_record_row(row) for row in rows):
        yield SourceError(path, "not a catalogue: no object has a number or title without body text "
                                "(articles are read from JSON Lines, .jsonl)")
        return
    catalogue = Catalogue(path=path, sha256=hashlib.sha256(data).hexdigest())
    yield from _collect(((f"{path}#{n}", row) for n, row in enumerate(rows, start=1)), catalogue)
    yield _finish(catalogue)


def read_jsonl_catalogue(raw_lines: Iterable[bytes], path: str) -> Iterator[Catalogue | SourceError]:
    """A JSON Lines catalogue (``raw_lines`` bounded as for ``json_lines``): each bad line, then the catalogue."""
    digest = hashlib.sha256()
    catalogue = Catalogue(path=path, sha256="")
    size = 0
    for number, raw in enumerate(raw_lines, start=1):
        digest.update(raw)
        size += len(raw)
        where = f"{path}#L{number}"
        if size > MAX_CATALOGUE_BYTES:
            yield SourceError(where, f"catalogue larger than {MAX_CATALOGUE_BYTES // 2**20} MiB; "
                                     "the rest of the file is not read")
            break
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = decode_utf8_lenient(raw)   # UTF-8 but for a stray byte: that byte becomes U+FFFD
        if text is None:
            catalogue.rows += 1
            yield SourceError(where, "line is not UTF-8")
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as error:
            catalogue.rows += 1
            yield SourceError(where, f"invalid JSON ({error.msg} at column {error.colno})")
            continue
        yield from _collect([(where, row)], catalogue)
    catalogue.sha256 = digest.hexdigest()
    yield _finish(catalogue)
