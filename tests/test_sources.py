"""Readers: the seed's news layout, `# key = value` text, HTML, JSON Lines,
official documents, encodings and archives."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import unicodedata
import zipfile

import pytest

from vankien.graph.sources import OFFICIAL_DOCUMENT, SourceError, iter_sources, read_source
from vankien.graph.text import TONE_MARKS

from conftest import FIXTURES, SEED

SEED_URL = (
    "https://baolangson.vn/chinh-tri/558213-thanh-pho-lang-son-doi-moi-hinh-thuc-"
    "tuyen-truyen-quan-triet-chi-thi-nghi-quyet-cua-dang.html"
)
CONTENT_FIELDS = ("text", "title", "published", "url", "author", "author_affiliation",
                  "publisher", "views", "section", "kind", "header")


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed (â, ơ, đ), tones as combining marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258")


def content(source):
    return {name: getattr(source, name) for name in CONTENT_FIELDS}


@pytest.fixture(scope="module")
def seed():
    return read_source(SEED)


def test_seed_metadata(seed):
    assert seed.title == ("Thành phố Lạng Sơn: Đổi mới hình thức tuyên truyền, quán triệt chỉ thị, "
                          "nghị quyết của Đảng")
    assert seed.published == "2023-01-31T09:38:05+07:00"
    assert seed.views == 1047
    assert seed.author == "Hoàng Thị Bích Nhung"
    assert seed.author_affiliation == "Thành ủy Lạng Sơn"
    assert seed.url == SEED_URL
    assert seed.publisher == "Báo Lạng Sơn"
    assert seed.section == "Chính trị"
    assert seed.kind == "article"
    assert seed.path == str(SEED)
    assert len(seed.sha256) == 64


def test_seed_body_is_the_article_only(seed):
    assert seed.text.startswith("Đảng bộ thành phố hiện có 71 tổ chức cơ sở đảng")
    assert seed.text.endswith("thủ trưởng các cơ quan, đơn vị…")
    for furniture in ("lượt xem", "09:38:05", "HOÀNG THỊ BÍCH NHUNG", "https://", "Từ khóa"):
        assert furniture not in seed.text
    assert unicodedata.is_normalized("NFC", seed.text)
    assert "\n\n\n" not in seed.text


def test_nfd_copy_gives_the_same_record(seed, tmp_path):
    copy = tmp_path / "nfd.txt"
    copy.write_bytes(unicodedata.normalize("NFD", SEED.read_text("utf-8")).encode("utf-8"))
    assert content(read_source(copy)) == content(seed)


@pytest.mark.parametrize("encoding,label", [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1258", "windows-1258"),
])
def test_other_encodings_give_the_same_record(seed, tmp_path, encoding, label):
    text = SEED.read_text("utf-8").replace("•", "*")  # cp1258 has no bullet
    if encoding == "cp1258":
        data = windows_1258(text)
    else:
        data = text.encode(encoding)
    copy = tmp_path / f"copy-{label}.txt"
    copy.write_bytes(data)
    source = read_source(copy)
    assert source.encoding == label
    assert content(source) == content(seed)


def test_key_value_header_text(tmp_path):
    source = read_source(FIXTURES / "dated_header.txt")
    assert source.title == "Thủ tướng ký quyết định phê duyệt đề án chuyển đổi số"
    assert source.published == "2020-10-01"
    assert source.url.startswith("https://dantri.com.vn/xa-hoi/")
    assert source.publisher == "Báo Dân trí"
    assert source.section == "Xã hội"
    assert source.source_id == "news_politics_001"
    assert source.text.startswith("Chiều 1/10, Thủ tướng Chính phủ")
    assert "# url" not in source.text


def test_html_article_without_sidebar_navigation_or_scripts():
    source = read_source(FIXTURES / "article_with_sidebar.html")
    assert source.title == "Huyện Cao Lộc triển khai Nghị quyết số 12-NQ/HU về phát triển kinh tế cửa khẩu"
    assert source.published == "2023-03-14T15:20:00+07:00"
    assert source.url == "https://baolangson.vn/chinh-tri/560001-huyen-cao-loc-trien-khai-nghi-quyet.html"
    assert source.author == "Nguyễn Văn An"
    assert source.author_affiliation == "Huyện ủy Cao Lộc"
    assert source.publisher == "Báo Lạng Sơn"
    assert source.section == "Chính trị"
    assert source.views == 2315
    assert source.text.startswith("Sáng 14/3, Ban Thường vụ Huyện ủy Cao Lộc")
    assert "gắn trách nhiệm của người đứng đầu" in source.text
    for leaked in ("Tin liên quan", "99-ĐA/TU", "77-CT/TU", "Đọc nhiều", "Giá vàng", "Trang chủ",
                   "Nghị quyết giả", "color:red", "Giấy phép"):
        assert leaked not in source.text


def test_html_visible_byline_and_date_when_meta_tags_are_missing():
    source = read_source(FIXTURES / "byline_only.html")
    assert source.title == "Đà Nẵng sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW"
    assert source.author == "Trần Thị Mai"
    assert source.published == "2021-06-18"
    assert source.text.startswith("Ngày 18/6, Thành ủy Đà Nẵng")
    assert "Trang chủ" not in source.text and "quảng cáo" not in source.text


def test_law_header_is_detected():
    source = read_source(FIXTURES / "law_header.txt")
    assert source.kind == OFFICIAL_DOCUMENT
    header = source.header
    assert (header.issuer, header.number, header.place, header.date) == (
        "QUỐC HỘI", "91/2015/QH13", "Hà Nội", "2015-11-24")
    assert (header.doc_type, header.title) == ("BỘ LUẬT", "DÂN SỰ")
    assert header.motto == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert source.title == "Bộ luật dân sự"
    assert source.published == "2015-11-24"
    assert source.text.startswith("Căn cứ Hiến pháp")
    assert "33/2005/QH11 hết hiệu lực" in source.text


def test_party_resolution_header_is_detected():
    source = read_source(FIXTURES / "party_resolution.txt")
    header = source.header
    assert source.kind == OFFICIAL_DOCUMENT
    assert header.issuer == "ĐẢNG BỘ TỈNH LẠNG SƠN TỈNH ỦY"
    assert header.number == "40-NQ/TU"
    assert (header.place, header.date) == ("Lạng Sơn", "2021-08-05")
    assert header.doc_type == "NGHỊ QUYẾT"
    assert header.issued_by == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert header.title.startswith("về xây dựng và phát triển thành phố Lạng Sơn")
    assert source.title.startswith("Nghị quyết về xây dựng và phát triển thành phố Lạng Sơn")
    assert source.text.startswith("I. TÌNH HÌNH VÀ NGUYÊN NHÂN")


def test_a_news_article_is_not_an_official_document(seed):
    assert seed.kind == "article" and seed.header is None


def _jsonl(tmp_path, records, name="feed.jsonl"):
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def test_json_lines_one_source_per_line(tmp_path):
    path = _jsonl(tmp_path, [
        {"id": "a1", "title": "Tỉnh uỷ Cao Bằng quán triệt Nghị quyết",
         "text": "Sáng 3/3, Tỉnh ủy Cao Bằng tổ chức hội nghị.",
         "url": "https://nhandan.vn/chinh-tri/bai-1.html", "published": "2024-03-03T08:00:00+07:00",
         "author": "LÊ MINH (Tỉnh uỷ Cao Bằng)", "summary": "Hội nghị trực tuyến."},
        {"id": "a2", "title": "Không có ngày", "text": "Nội dung thứ hai."},
    ])
    first, second = list(iter_sources([path]))
    assert first.path == f"{path}#L1" and second.path == f"{path}#L2"
    assert first.source_id == "a1" and first.title == "Tỉnh uỷ Cao Bằng quán triệt Nghị quyết"
    assert first.published == "2024-03-03T08:00:00+07:00"
    assert first.publisher == "Báo Nhân Dân" and first.section == "Chính trị"
    assert (first.author, first.author_affiliation) == ("Lê Minh", "Tỉnh ủy Cao Bằng")
    assert first.summary == "Hội nghị trực tuyến."
    assert second.published is None and second.text == "Nội dung thứ hai."
    assert first.sha256 != second.sha256


def test_json_lines_text_typed_in_a_legacy_font_is_repaired(tmp_path):
    path = _jsonl(tmp_path, [{"title": "cũ",
                              "text": "NghÞ quyÕt cña TØnh ñy L¹ng S¬n vÒ ph¸t triÓn kinh tÕ ®Þa ph­¬ng."}])
    (source,) = iter_sources([path])
    assert source.text == "Nghị quyết của Tỉnh ủy Lạng Sơn về phát triển kinh tế địa phương."
    assert source.encoding == "utf-8+tcvn3"


def test_json_lines_bad_lines_are_reported_and_the_rest_read(tmp_path):
    path = _jsonl(tmp_path, [
        {"text": "Bài một."}, "{not json", {"title": "no text"}, "[1, 2]",
        {"title": "chỉ có tóm tắt", "summary": "Tóm tắt bài.", "text": ""}, {"text": "Bài cuối."},
    ], name="feed.jsonl.gz")
    items = list(iter_sources([path]))
    assert [type(i).__name__ for i in items] == ["Source", "SourceError", "SourceError", "SourceError",
                                                  "Source", "Source"]
    assert str(items[1]).startswith(f"{path}#L2: invalid JSON")
    assert str(items[2]) == f"{path}#L3: no 'text' (or 'summary') field with content"
    assert str(items[3]) == f"{path}#L4: line is not a JSON object"
    assert items[4].text == "Tóm tắt bài."


def test_archives_are_read_member_by_member(tmp_path):
    seed_bytes = SEED.read_bytes()
    tar_path = tmp_path / "batch.tar.gz"
    with tarfile.open(tar_path, "w:gz") as archive:
        for name, data in (("batch/seed.txt", seed_bytes), ("batch/notes.bin", b"\x00\x01"),
                           ("batch/empty.txt", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    zip_path = tmp_path / "batch.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("a/law.txt", (FIXTURES / "law_header.txt").read_bytes())
    items = list(iter_sources([tar_path, zip_path]))
    assert [(type(i).__name__, i.path) for i in items] == [
        ("Source", f"{tar_path}#batch/seed.txt"),
        ("SourceError", f"{tar_path}#batch/empty.txt"),
        ("Source", f"{zip_path}#a/law.txt"),
    ]
    assert items[0].views == 1047
    assert str(items[1]) == f"{tar_path}#batch/empty.txt: empty file"
    assert items[2].header.number == "91/2015/QH13"


def test_directories_are_walked_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "a.html").write_bytes((FIXTURES / "byline_only.html").read_bytes())
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG....")
    (tmp_path / ".hidden.txt").write_text("bí mật", "utf-8")
    paths = [s.path for s in iter_sources([tmp_path])]
    assert paths == [str(tmp_path / "a.html"), str(tmp_path / "b" / "seed.txt")]


def test_tcvn3_file_is_converted(tmp_path):
    legacy = ("Céng hßa x· héi chñ nghÜa ViÖt Nam\n\n§éc lËp - Tù do - H¹nh phóc\n\n"
              "NghÞ quyÕt cña TØnh ñy L¹ng S¬n vÒ ph¸t triÓn kinh tÕ.\n")
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(legacy.encode("latin-1"))
    source = read_source(path)
    assert source.encoding == "tcvn3"
    assert source.title == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert "Nghị quyết của Tỉnh ủy Lạng Sơn về phát triển kinh tế." in source.text


def test_read_source_errors_are_source_errors(tmp_path):
    with pytest.raises(SourceError):
        read_source(tmp_path / "missing.txt")
