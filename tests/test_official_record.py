"""An official text as its document's own record: effect and expiry, signer, structure, and the page showing them."""

from __future__ import annotations

import datetime
import re

import pytest

from vankien.graph.extract.extractor import extract
from vankien.graph.extract.official_record import read_structure
from vankien.graph.sources import iter_sources
from vankien.search.pipeline import ingest
from vankien.web.app import create_app

from conftest import beekeeping_law

LAW = beekeeping_law() + """Điều 2. Giải thích từ ngữ
1. Ong mật là loài ong được nuôi để lấy mật.
2. Trại ong là nơi nuôi ong, gồm:
a) Trại ong cố định;
b) Trại ong di động.

Chương II
QUẢN LÝ TRẠI ONG

Điều 3. Sửa đổi, bổ sung Luật Chăn nuôi
Sửa đổi Điều 5 của Luật Chăn nuôi số 32/2018/QH14 như sau:
“Điều 5. Nuôi ong
1. Nuôi ong phải đăng ký.”

Điều 4. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
2. Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.

Luật này đã được Quốc hội khóa XV, kỳ họp thứ 7 thông qua ngày 12 tháng 6 năm 2024.

CHỦ TỊCH QUỐC HỘI

Trần Thanh Mẫn
"""


def _record(tmp_path, text: str):
    path = tmp_path / "law.txt"
    path.write_text(text, "utf-8")
    return extract(next(iter(iter_sources([path]))))


def test_a_law_states_when_it_takes_effect_who_signed_it_and_where(tmp_path):
    found = _record(tmp_path, LAW)
    record = found.record
    assert record.effective.date == "2025-01-01"
    assert record.effective.sentence == "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025."
    assert found.source.text[record.effective.start:record.effective.end] == record.effective.sentence
    assert (record.signer, record.signer_post, record.signed_for, record.place) == (
        "Trần Thanh Mẫn", "Chủ tịch Quốc hội", None, "Hà Nội")


@pytest.mark.parametrize(("sentence", "effective"), [
    ("Nghị định này có hiệu lực kể từ ngày ký ban hành.", "2024-06-12"),
    ("Nghị định này có hiệu lực thi hành sau 45 ngày, kể từ ngày ký.", "2024-07-27"),
    ("Nghị định này có hiệu lực từ ngày 1/7/2024.", "2024-07-01"),
    ("Quyết định này có hiệu lực ngay.", None),  # another document's decision, inside the decree
])
def test_a_decree_takes_effect_as_it_says(tmp_path, sentence, effective):
    decree = beekeeping_law("15/2024/NĐ-CP").replace("QUỐC HỘI", "CHÍNH PHỦ").replace("Luật số:", "Số:") \
        .replace("LUẬT\nNUÔI ONG", "NGHỊ ĐỊNH\nQUY ĐỊNH VỀ NUÔI ONG")
    found = _record(tmp_path, decree + f"Điều 2. Hiệu lực thi hành\n{sentence}\n\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\n"
                                       "Phạm Minh Chính\n")
    assert found.own.type == "Nghị định"
    assert (found.record.effective.date if found.record.effective else None) == effective
    assert (found.record.signer, found.record.signer_post, found.record.signed_for) == (
        "Phạm Minh Chính", "Thủ tướng Chính phủ", "TM. Chính phủ")


def test_a_resolution_applying_until_a_day_states_its_expiry(tmp_path):
    found = _record(tmp_path, LAW.replace("2. Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có "
                                          "hiệu lực thi hành.", "2. Luật này được thực hiện đến hết ngày 31/12/2030."))
    assert found.record.expires.date == "2030-12-31"


def test_the_structure_nests_articles_clauses_and_points_and_skips_quoted_articles():
    divisions = read_structure(LAW)
    labels = [(d.label, d.heading) for d in divisions]
    assert labels[0] == ("Điều 1", "Phạm vi điều chỉnh")
    chapter = next(d for d in divisions if d.level == "chuong")
    assert (chapter.label, chapter.heading) == ("Chương II", "Quản lý trại ong")
    assert [d.label for d in chapter.children] == ["Điều 3", "Điều 4"]  # "Điều 5" is quoted text of Điều 3
    article_2 = divisions[1]
    assert [c.label for c in article_2.children] == ["khoản 1", "khoản 2"]
    assert [p.path for p in article_2.children[1].children] == [
        ("dieu", "2", "khoan", "2", "diem", "a"), ("dieu", "2", "khoan", "2", "diem", "b")]
    assert chapter.path == ("chuong", "2")


@pytest.fixture(scope="module")
def law_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("record")
    (root / "luat-nuoi-ong.txt").write_text(LAW, "utf-8")
    ingest(root / "data", [root / "luat-nuoi-ong.txt"])
    return root / "data"


@pytest.fixture(scope="module")
def law_site(law_data):
    return create_app(law_data, TESTING=True).test_client()


LAW_PATH = "/eli/nuoc/qh/2024/l/77"
OLD_LAW_PATH = "/eli/nuoc/qh/2009/l/12"


def test_the_law_page_shows_its_record_status_and_text_with_a_table_of_contents(law_site):
    page = law_site.get(LAW_PATH).get_data(as_text=True)
    assert "Ngày có hiệu lực" in page and "01/01/2025" in page
    assert "Chủ tịch Quốc hội" in page and "Trần Thanh Mẫn" in page
    assert 'id="dieu-4"' in page and 'href="#dieu-4"' in page  # the table of contents reaches the article
    assert 'id="dieu-2-khoan-2-diem-b"' in page
    assert 'href="/eli/nuoc/qh/2018/l/32"' in page  # a reference in the text links to its document


def test_a_replaced_law_is_shown_out_of_force_with_its_reason_and_the_day_switches_it(law_site):
    today = law_site.get(OLD_LAW_PATH).get_data(as_text=True)
    assert "Hết hiệu lực toàn bộ" in today and "Bị thay thế bởi" in today
    assert "hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành" in today
    before = law_site.get(f"{OLD_LAW_PATH}?at=2024-12-31").get_data(as_text=True)
    assert "Hết hiệu lực toàn bộ" not in before
    data = law_site.get(f"{OLD_LAW_PATH}.json?at=2025-01-01").get_json()
    assert data["status"]["code"] == "het-hieu-luc-toan-bo" and data["status"]["at"] == "2025-01-01"
    assert law_site.get(f"{OLD_LAW_PATH}?at=2025-13-01").status_code == 400


def test_a_subdivision_iri_leads_to_its_place_in_the_text(law_site):
    response = law_site.get(f"{LAW_PATH}/dieu/2/khoan/2", headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{LAW_PATH}#dieu-2-khoan-2")
    article = law_site.get(f"{LAW_PATH}/dieu/4.ttl")
    assert article.status_code == 200 and "LegalResourceSubdivision" in article.get_data(as_text=True)


def test_the_official_text_is_its_document_not_an_article(law_site):
    page = law_site.get(LAW_PATH).get_data(as_text=True)
    source = re.search(r'href="(/source/[^"#]+)"', page)
    if source is not None:
        response = law_site.get(source.group(1), headers={"Accept": "text/html"})
        assert response.status_code == 303 and response.headers["Location"].endswith(LAW_PATH)


@pytest.mark.corpus
def test_laws_with_an_effective_date_clause_have_it(corpus):
    laws = corpus("vn-laws-vlc.tar.gz")
    # The clause with a readable date (one law writes "ngày 01 tháơp-lng 01 năm 1999": no date to read).
    clause = re.compile(r"(?:Luật|Bộ luật|Pháp lệnh) này có hiệu lực(?: thi hành)?(?: kể)? từ "
                        r"(?:ngày \d{1,2}(?: tháng \d{1,2} năm \d{4}|/\d{1,2}/\d{4})|năm)")
    stated = missing = 0
    for source in iter_sources([laws]):
        if not hasattr(source, "text") or not clause.search(source.text):
            continue
        stated += 1
        found = extract(source)
        if found.record is None or found.record.effective is None:
            missing += 1
    assert stated >= 90 and missing == 0


def test_search_and_browse_narrow_to_a_status_and_count_each(law_site):
    found = law_site.get("/search.json?q=luật&status=het-hieu-luc-toan-bo").get_json()
    assert [hit["number"] for hit in found["hits"]] == ["12/2009/QH12"]
    assert found["hits"][0]["status"] == "het-hieu-luc-toan-bo"
    facets = law_site.get("/search.json?q=luật").get_json()["facets"]["status"]
    assert facets["het-hieu-luc-toan-bo"] == 1 and facets["con-hieu-luc"] >= 1
    page = law_site.get("/browse?status=het-hieu-luc-toan-bo").get_data(as_text=True)
    assert "Tình trạng hiệu lực" in page and "Hết hiệu lực toàn bộ" in page and "Luật Nuôi ong số 12/2009/QH12" in page
    assert "Luật Nuôi ong số 77/2024/QH15" not in page
    assert law_site.get("/search.json?q=luật&status=maybe").status_code == 400


def test_the_command_line_tells_a_status_on_a_day(law_data):
    from click.testing import CliRunner

    from vankien.web.cli import main

    today = CliRunner().invoke(main, ["status", "12/2009/QH12", "--data", str(law_data)])
    assert today.exit_code == 0 and "Hết hiệu lực toàn bộ" in today.output
    assert "Luật Nuôi ong số 77/2024/QH15" in today.output
    before = CliRunner().invoke(main, ["status", "12/2009/QH12", "--at", "2024-12-31", "--json", "--data",
                                       str(law_data)])
    assert before.exit_code == 0
    assert '"code": "con-hieu-luc"' in before.output and '"at": "2024-12-31"' in before.output


def test_laws_are_named_as_users_cite_them_and_lists_show_name_status_and_date(law_site):
    page = law_site.get(LAW_PATH).get_data(as_text=True)
    assert "<h1>Luật Nuôi ong số 77/2024/QH15</h1>" in page
    assert law_site.get("/eli/nuoc/qh/2018/l/32.json").get_json()["label"] == "Luật Chăn nuôi số 32/2018/QH14"
    listing = law_site.get("/browse").get_data(as_text=True)
    row = listing[listing.index("Luật Nuôi ong số 12/2009/QH12"):]
    row = row[:row.index("</tr>")]
    assert "Hết hiệu lực toàn bộ" in row and "12/2009/QH12" in row


def test_a_documents_rdf_states_its_status_today_in_our_and_schema_orgs_terms(law_site):
    import rdflib

    graph = rdflib.Graph().parse(data=law_site.get(f"{OLD_LAW_PATH}.ttl").get_data(as_text=True), format="turtle")
    node = rdflib.URIRef(f"https://vankien.example{OLD_LAW_PATH}")
    vk = rdflib.Namespace("https://vankien.example/vocab#")
    assert graph.value(node, vk.status) == rdflib.URIRef("https://vankien.example/vocab/tinh-trang/het-hieu-luc-toan-bo")
    assert graph.value(node, rdflib.URIRef("https://schema.org/legislationLegalForce")) == rdflib.URIRef(
        "https://schema.org/NotInForce")
    assert graph.value(node, vk.statusOn) is not None


def test_a_query_finds_which_article_of_a_law_cites_another_document(law_site):
    query = ("PREFIX schema: <https://schema.org/> SELECT ?article ?cited WHERE { GRAPH ?g { "
             "?article schema:citation ?cited } } ORDER BY ?article ?cited")
    reply = law_site.get("/sparql", query_string={"query": query},
                         headers={"Accept": "application/sparql-results+json"})
    rows = {(b["article"]["value"].removeprefix("https://vankien.example"), b["cited"]["value"].rsplit("/eli/", 1)[1])
            for b in reply.get_json()["results"]["bindings"]}
    assert rows == {(f"{LAW_PATH}/dieu/3", "nuoc/qh/2018/l/32"), (f"{LAW_PATH}/dieu/4", "nuoc/qh/2009/l/12")}


def test_a_query_finds_documents_by_their_status_judged_on_the_last_change(law_site):
    query = ("PREFIX vk: <https://vankien.example/vocab#> SELECT ?doc ?status ?on WHERE { "
             "?doc vk:status ?status ; vk:statusOn ?on }")
    reply = law_site.get("/sparql", query_string={"query": query},
                         headers={"Accept": "application/sparql-results+json"})
    rows = {b["doc"]["value"].removeprefix("https://vankien.example"): (b["status"]["value"].rsplit("/", 1)[1],
                                                                          b["on"]["value"])
            for b in reply.get_json()["results"]["bindings"]}
    today = datetime.date.today().isoformat()
    assert rows[OLD_LAW_PATH] == ("het-hieu-luc-toan-bo", today)
    assert rows[LAW_PATH] == ("con-hieu-luc", today)


def test_the_stored_statuses_are_no_source(law_data):
    from vankien.graph.store import STATUS_GRAPH, GraphStore

    store = GraphStore(law_data, read_only=True)
    try:
        assert STATUS_GRAPH not in store.source_graphs() and store.source_count() == 1
    finally:
        store.close()
