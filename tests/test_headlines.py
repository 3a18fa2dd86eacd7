"""Headlines as readers see them: a headline alone is an article, a photo caption or a date line is not a
headline, and an article without one is named by its first sentence — never by a hash or a URL.

Every text here was written for these tests.
"""

from __future__ import annotations

from vankien.graph.describe import describe
from vankien.graph.extract.extractor import extract
from vankien.graph.sources import read_source
from vankien.graph.store import GraphStore
from vankien.graph.text import lead_label
from vankien.graph.traverse import Projection
from vankien.search import pipeline
from vankien.search.records import read_records

NO_HEADLINE = ("Sáng 3/5, Ủy ban nhân dân tỉnh Hà Giang họp bàn kế hoạch trồng 7.600 ha rừng phòng hộ trên các "
               "sườn núi đá vôi của bốn huyện vùng cao. Cuộc họp kéo dài đến trưa.\n")


def test_a_headline_alone_is_an_article_and_its_references_are_found(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("Hà Giang triển khai Nghị quyết số 09-NQ/TU về trồng rừng\n", "utf-8")
    source = read_source(path)
    assert source.title == source.text == "Hà Giang triển khai Nghị quyết số 09-NQ/TU về trồng rừng"
    assert [d.number for d in extract(source).documents] == ["09-NQ/TU"]


def test_a_photo_caption_or_a_date_line_is_not_a_headline(tmp_path):
    caption = tmp_path / "caption.txt"
    caption.write_text("Lãnh đạo tỉnh thăm vườn ươm cây giống (Ảnh: Thu Hà)\n\n" + NO_HEADLINE, "utf-8")
    assert read_source(caption).title is None
    dated = tmp_path / "dated.txt"
    dated.write_text("Thứ sáu, 14/08/2020\n\n" + NO_HEADLINE, "utf-8")
    source = read_source(dated)
    assert source.title is None and source.published.startswith("2020-08-14")


def test_an_article_without_a_headline_is_named_by_its_first_sentence_everywhere(tmp_path):
    path = tmp_path / "no-headline.txt"
    path.write_text(NO_HEADLINE, "utf-8")
    pipeline.ingest(tmp_path / "data", [path])
    expected = lead_label(NO_HEADLINE)
    assert expected.startswith("Sáng 3/5, Ủy ban nhân dân tỉnh Hà Giang") and expected.endswith("…")
    assert len(expected) <= 91
    store = GraphStore(tmp_path / "data", read_only=True)
    try:
        (article,) = [r for r in read_records(store) if r.kind == "article"]
        assert article.label == expected
        assert describe(store, article.key)["label"] == expected
        assert Projection.from_store(store).nodes[article.key]["label"] == expected
    finally:
        store.close()


def test_a_short_first_sentence_is_the_whole_label():
    assert lead_label("Đường sạt lở. Xe không qua được.") == "Đường sạt lở."
    assert lead_label("  \n") is None


def test_a_document_named_only_in_the_headline_is_found():
    from vankien.graph.sources.model import Source

    found = extract(Source(path="t.txt", sha256="0" * 64, title="Hà Giang sơ kết Nghị quyết số 09-NQ/TU",
                           text="Sáng 3/5, Tỉnh ủy họp sơ kết ba năm thực hiện Nghị quyết 09 và Chỉ thị số 12-CT/TU."))
    numbers = sorted(d.number or f"{d.type} {d.seq}" for d in found.documents)
    assert "09-NQ/TU" in numbers and "12-CT/TU" in numbers
    assert len([d for d in found.documents if d.type == "Nghị quyết"]) == 1  # "Nghị quyết 09" in the text is it


def test_a_text_without_headline_is_named_past_the_photo_captions_opening_it():
    text = ("Quang cảnh hội nghị sáng 27/4 (Ảnh: Nguyễn Trường).\n"
            "(Ảnh minh họa)\n"
            "Sáng 27/4, Học viện tổ chức hội thảo khoa học về báo chí. Nhiều nhà báo tham dự.")
    assert lead_label(text) == "Sáng 27/4, Học viện tổ chức hội thảo khoa học về báo chí."
    assert lead_label("Lãnh đạo tỉnh thăm gia đình (Ảnh: T.L)") == "Lãnh đạo tỉnh thăm gia đình (Ảnh: T.L)"
