"""Catalogues of document records: `vankien ingest catalogue.{csv,json,jsonl}` makes the documents they list
the nodes that mentions resolve onto, named as the catalogue names them."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from click.testing import CliRunner

from vankien.graph import catalog
from vankien.graph.catalogue_records import record_document, record_label
from vankien.graph.describe import describe
from vankien.graph.iris import document_key
from vankien.graph.sources import SourceError, iter_sources
from vankien.graph.sources.catalogue import Catalogue, CatalogueRecord, record_from_row
from vankien.graph.store import GraphStore
from vankien.search.pipeline import ingest, remove
from vankien.search.query import Searcher, SearchRequest
from vankien.web.cli import main

from conftest import FIXTURES

BASE = "https://vankien.example/"
DECREE = BASE + "eli/nuoc/cp/2020/nd/30"
LABOUR_CODE = BASE + "eli/nuoc/qh/2019/bl/45"
ARTICLE = """Chính phủ quy định công tác văn thư

Ngày 5/3/2020, Chính phủ ban hành Nghị định số 30/2020/NĐ-CP về công tác văn thư. Theo Nghị định 30/2020/NĐ-CP,
các cơ quan phải thực hiện văn bản điện tử.
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "van-thu.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def copy(tmp_path, name: str):
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def documents(data) -> dict[str, dict]:
    """Every document node of the store of ``data`` → its summary (label, number, date, url)."""
    store = GraphStore(data, read_only=True)
    try:
        iris = [iri for iri, kind in catalog.read_kinds(store).items() if kind == catalog.DOCUMENT]
        return catalog.summaries(store, iris)
    finally:
        store.close()


def facts(data, iri: str) -> dict[str, set[str]]:
    """Property IRI → values stated of ``iri`` in any graph."""
    store = GraphStore(data, read_only=True)
    try:
        found: dict[str, set[str]] = {}
        for prop, value in store.query(f"SELECT DISTINCT ?p ?o WHERE {{ <{iri}> ?p ?o }}"):
            found.setdefault(prop.value, set()).add(value.value)
        return found
    finally:
        store.close()


def failures(summary) -> list[str]:
    return [str(error) for error in summary.failed]


# --- reading ---------------------------------------------------------------------------------

def test_csv_with_vietnamese_columns_imports_its_documents_and_reports_bad_rows(tmp_path):
    path = copy(tmp_path, "catalogue.csv")
    summary = ingest(tmp_path / "data", [path])
    assert failures(summary) == [f"{path}#L4: number 'không rõ' cannot be read",
                                 f"{path}#L5: type 'Loại lạ' is not a known document type"]
    assert (summary.read, summary.written, summary.catalogues, summary.records) == (1, 1, 1, 3)
    found = documents(tmp_path / "data")
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP về công tác văn thư"
    assert found[DECREE]["date"] == "2020-03-05"
    assert found[DECREE]["url"] == "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=141142"
    assert found[LABOUR_CODE]["label"] == "Bộ luật Lao động 45/2019/QH14"
    assert found[BASE + "eli/dang/tinh-uy-lang-son/2021/nq/40"]["label"] == \
        "Nghị quyết 40-NQ/TU về phát triển kinh tế cửa khẩu"
    decree = facts(tmp_path / "data", DECREE)
    eli = "http://data.europa.eu/eli/ontology#"
    assert decree[eli + "first_date_entry_in_force"] == {"2020-03-05"}
    assert decree["https://vankien.example/vocab#statusAsCatalogued"] == {"Còn hiệu lực"}
    # the title is the Vietnamese expression's, as ELI puts it
    assert eli + "title" not in decree
    assert decree[eli + "is_realized_by"] == {DECREE + "#vie"}
    expression = facts(tmp_path / "data", DECREE + "#vie")
    assert expression[eli + "title"] == {"Về công tác văn thư"}
    assert expression[eli + "language"] == {"http://publications.europa.eu/resource/authority/language/VIE"}
    assert decree[eli + "passed_by"] == {BASE + "org/chinh-phu"}
    assert decree[eli + "id_local"] == {"30/2020/NĐ-CP"}


def test_json_list_like_the_registry_imports_titles_and_skips_rows_without_a_number(tmp_path):
    path = copy(tmp_path, "catalogue.json")
    summary = ingest(tmp_path / "data", [path])
    assert failures(summary) == [f"{path}#2: listed without a number ('Hiến pháp Không số'): "
                                 "nothing gives it a stable identity, skipped"]
    assert summary.records == 4
    found = documents(tmp_path / "data")
    assert set(found) == {DECREE, LABOUR_CODE, BASE + "eli/nuoc/qh/2025/l/92"}   # a law listed twice is one
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP"
    assert found[LABOUR_CODE]["label"] == "Bộ luật 45/2019/QH14"
    law = facts(tmp_path / "data", BASE + "eli/nuoc/qh/2025/l/92")
    assert len(law["https://schema.org/url"]) == 2          # both of its pages


def test_jsonl_records_are_a_catalogue_whatever_the_case_and_accents_of_their_keys(tmp_path):
    path = copy(tmp_path, "catalogue.jsonl")
    summary = ingest(tmp_path / "data", [path])
    assert failures(summary) == [f"{path}#L4: effective date 'ngày mai' is not a date "
                                 "(yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy)"]
    found = documents(tmp_path / "data")
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP về công tác văn thư"
    civil_code = BASE + "eli/nuoc/qh/2015/bl/91"
    assert found[civil_code]["label"] == "Bộ luật Dân sự số 91/2015/QH13"
    assert facts(tmp_path / "data", civil_code)["http://data.europa.eu/eli/ontology#first_date_entry_in_force"] \
        == {"2017-01-01"}


def test_jsonl_articles_are_still_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "Văn thư điện tử", "text": ARTICLE, "url": "https://baochinhphu.vn/a"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(iter_sources([feed], catalogues=True))
    assert len(items) == 1 and not isinstance(items[0], (Catalogue, SourceError))


@pytest.mark.parametrize("row", [
    {"Số hiệu": "30/2020/NĐ-CP", "Loại văn bản": "nghị định", "Ngày ban hành": "05/03/2020"},
    {"SO_HIEU": "30/2020/nđ-cp", "LOAI": "NĐ", "ngay ban hanh": "05-03-2020"},
    {"number": "30/2020/NĐ-CP", "type": "Nghị định", "date": "2020-03-05"},
    {"TRÍCH YẾU": "Nghị định 30/2020/NĐ-CP", "Ngày": "5/3/2020"},
])
def test_a_row_is_read_in_english_or_vietnamese_in_any_case(row):
    record = record_from_row(row, "x.csv#L2")
    assert (record.type, record.number, record.date) == ("Nghị định", "30/2020/NĐ-CP", "2020-03-05")


@pytest.mark.parametrize(("type_", "number", "title", "label"), [
    ("Nghị định", "30/2020/NĐ-CP", "Nghị định 30/2020/NĐ-CP", "Nghị định 30/2020/NĐ-CP"),
    ("Nghị định", "30/2020/NĐ-CP", "Về công tác văn thư", "Nghị định 30/2020/NĐ-CP về công tác văn thư"),
    ("Nghị quyết", "40-NQ/TU", "Nghị quyết về phát triển kinh tế", "Nghị quyết 40-NQ/TU về phát triển kinh tế"),
    ("Bộ luật", "91/2015/QH13", "Bộ luật Dân sự", "Bộ luật Dân sự số 91/2015/QH13"),
    ("Pháp lệnh", "15/2011/PL-UBTVQH12", "Pháp lệnh 15/2011/UBTVQH12", "Pháp lệnh 15/2011/UBTVQH12"),
    ("Nghị định", "30/2020/NĐ-CP", None, "Nghị định 30/2020/NĐ-CP"),
])
def test_a_document_is_labelled_by_its_catalogued_title_with_its_number(type_, number, title, label):
    assert record_label(CatalogueRecord("x.csv#L2", type_, number, title)) == label


def test_text_readers_are_told_a_catalogue_has_no_text():
    items = list(iter_sources([FIXTURES / "catalogue.json"]))
    assert str(items[-1]) == f"{FIXTURES / 'catalogue.json'}: a catalogue of 4 document records, no text: " \
                             "`vankien ingest` imports it"


def test_a_csv_without_number_or_title_column_is_not_a_catalogue(tmp_path):
    path = tmp_path / "ban-do.csv"
    path.write_text("tỉnh,dân số\nLạng Sơn,800000\n", encoding="utf-8")
    summary = ingest(tmp_path / "data", [path])
    assert failures(summary) == [f"{path}: not a catalogue: the header row names no number or title column "
                                 "(number, title, số hiệu, trích yếu …)"]


# --- storing ---------------------------------------------------------------------------------

def test_a_bad_catalogue_loses_nothing_already_stored(tmp_path):
    path = copy(tmp_path, "catalogue.csv")
    ingest(tmp_path / "data", [path])
    before = documents(tmp_path / "data")
    path.write_text("Số hiệu,Loại văn bản\nkhông rõ,Nghị định\n30/2020/NĐ-CP,Loại lạ\n", encoding="utf-8")
    summary = ingest(tmp_path / "data", [path])
    assert failures(summary)[-1] == f"{path}: catalogue holds no readable record (2 rows, none with a number " \
                                    "and a type)"
    assert summary.written == 0
    assert documents(tmp_path / "data") == before


def test_ingesting_again_replaces_the_catalogue_and_skips_it_unchanged(tmp_path):
    path = copy(tmp_path, "catalogue.csv")
    ingest(tmp_path / "data", [path])
    assert ingest(tmp_path / "data", [path]).skipped == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0], lines[1].replace("Về công tác văn thư", "Về công tác văn thư và lưu trữ")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest(tmp_path / "data", [path])
    assert (summary.written, summary.records) == (1, 1)
    found = documents(tmp_path / "data")
    assert set(found) == {DECREE}          # the rows no longer listed are gone with the old graph
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP về công tác văn thư và lưu trữ"
    store = GraphStore(tmp_path / "data", read_only=True)
    assert store.source_count() == 1
    store.close()


@pytest.mark.parametrize("order", ["article first", "catalogue first"])
def test_a_mention_and_the_catalogue_are_one_node_named_by_the_catalogue(tmp_path, article, order):
    path = copy(tmp_path, "catalogue.json")
    first, second = ([article], [path]) if order == "article first" else ([path], [article])
    ingest(tmp_path / "data", first)
    ingest(tmp_path / "data", second)
    found = documents(tmp_path / "data")
    assert [iri for iri, doc in found.items() if doc["number"] == "30/2020/NĐ-CP"] == [DECREE]
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP"
    assert found[DECREE]["url"] == "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=141142&Keyword="
    store = GraphStore(tmp_path / "data", read_only=True)
    page = describe(store, DECREE)
    store.close()
    assert page["label"] == "Nghị định 30/2020/NĐ-CP"
    assert page["urls"] == ["https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=141142&Keyword="]  # shown on its page
    assert page["articles_total"] == 1 and "Nghị định số 30/2020/NĐ-CP" in page["aliases"]
    hits = Searcher(tmp_path / "data").search(SearchRequest(query="30/2020/NĐ-CP"))["hits"]
    assert hits[0]["iri"] == DECREE and hits[0]["label"] == "Nghị định 30/2020/NĐ-CP"


@pytest.mark.parametrize("order", ["article first", "catalogue first"])
def test_a_law_cited_by_name_is_the_catalogued_law(tmp_path, order):
    cited = tmp_path / "dan-su.txt"
    cited.write_text("Tuyên truyền Bộ luật Dân sự\n\nNgày 10/8/2020, Công an tỉnh Lạng Sơn tổ chức tuyên truyền "
                     "Bộ luật Dân sự cho học sinh. Theo Bộ luật Dân sự, mọi giao dịch phải tự nguyện.\n",
                     encoding="utf-8")
    path = copy(tmp_path, "catalogue.jsonl")
    ingest(tmp_path / "data", [cited, path] if order == "article first" else [path, cited])
    civil_code = BASE + "eli/nuoc/qh/2015/bl/91"
    store = GraphStore(tmp_path / "data", read_only=True)
    twins = catalog.read_twins(store)
    query = "SELECT ?d WHERE { ?a schema:mentions ?d . ?d a eli:LegalResource }"
    mentioned = {row[0].value for row in store.query(query)}
    store.close()
    # the name cited before the catalogue came is the same node (owl:sameAs); after, it resolves onto it
    assert {twins.get(iri, iri) for iri in mentioned} == {civil_code}


def test_removing_the_catalogue_leaves_the_mention_named_as_the_article_names_it(tmp_path, article):
    path = copy(tmp_path, "catalogue.json")
    ingest(tmp_path / "data", [article, path])
    assert remove(tmp_path / "data", [str(path)]).removed == 1
    found = documents(tmp_path / "data")
    assert set(found) == {DECREE}
    assert found[DECREE]["label"] == "Nghị định số 30/2020/NĐ-CP" and found[DECREE]["url"] is None


def test_cli_ingest_counts_the_records(tmp_path):
    path = copy(tmp_path, "catalogue.csv")
    result = CliRunner().invoke(main, ["ingest", "--data", str(tmp_path / "data"), str(path)])
    assert result.exit_code == 2           # two rows reported
    assert "3 catalogue records written" in result.output
    assert f"{path}#L4: number 'không rõ' cannot be read" in result.output


# --- the registry's own list -------------------------------------------------------------------

def test_the_vbpl_catalogue_imports(tmp_path, corpus):
    path = corpus("vbpl-document-titles.json.gz")
    rows = json.loads(gzip.open(path).read())
    summary = ingest(tmp_path / "data", [path])
    readable = [item for item in iter_sources([path], catalogues=True) if isinstance(item, Catalogue)][0].records
    assert summary.records == len(readable) and len(summary.failed) == len(rows) - len(readable)
    assert sum("Không số" in str(error) for error in summary.failed) == sum("Không số" in r["title"] for r in rows)
    found = documents(tmp_path / "data")
    # A document listed twice (two pages) or under two spellings of its number is one node; records without a
    # year share an undated node by identity, as references do: the nodes are the distinct dated identities
    # at least, and at most the distinct numbers.
    dated = {(document_key(doc).as_text(), doc.year) for doc in map(record_document, readable) if doc.year}
    assert len(dated) <= len(found) <= len({(r.type, r.number) for r in readable})
    assert found[DECREE]["label"] == "Nghị định 30/2020/NĐ-CP"
    assert found[DECREE]["url"].startswith("https://vbpl.vn/")
