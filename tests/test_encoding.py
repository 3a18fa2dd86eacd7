"""graph.sources.encoding: bytes of Vietnamese text files to NFC text."""

from __future__ import annotations

import codecs
import random
import tarfile
import unicodedata

import pytest

from vankien.graph.sources import encoding
from vankien.graph.sources.encoding import DecodeError, decode_bytes, repair_legacy_font_text, vietnamese_syllable_ratio

PARAGRAPH = (
    "Sáng nay, Thành ủy Lạng Sơn đã tổ chức hội nghị tổng kết công tác năm 2017 với sự tham dự "
    "của hơn ba trăm đại biểu. Đồng chí Bí thư nhấn mạnh rằng những kết quả đạt được là nhờ sự "
    "đoàn kết, nỗ lực của cán bộ và nhân dân các dân tộc trong tỉnh. Năm tới, tỉnh sẽ tiếp tục "
    "đẩy mạnh phát triển kinh tế cửa khẩu, du lịch và giữ vững quốc phòng, an ninh ở khu vực biên giới."
)

# Each vowel with (no tone, huyền, hỏi, ngã, sắc, nặng), written out by hand.
VIETNAMESE = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ", "i": "iìỉĩíị",
    "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ", "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}
# TCVN3 (VN3/ABC) glyphs, i.e. the byte read as Latin-1, in the same order.
TCVN3 = {
    "a": "aµ¶·¸¹", "ă": "¨»¼½¾Æ", "â": "©ÇÈÉÊË", "e": "eÌÎÏÐÑ", "ê": "ªÒÓÔÕÖ", "i": "i×ØÜÝÞ",
    "o": "oßáâãä", "ô": "«åæçèé", "ơ": "¬êëìíî", "u": "uïñòóô", "ư": "\xadõö÷øù", "y": "yúûüýþ",
}
TCVN3_OTHERS = {"đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}
# VNI-Windows: base letter + mark; upper case is the upper case of both.
VNI = {
    "a": "a aø aû aõ aù aï", "ă": "aê aè aú aü aé aë", "â": "aâ aà aå aã aá aä",
    "e": "e eø eû eõ eù eï", "ê": "eâ eà eå eã eá eä", "i": "i ì æ ó í ò",
    "o": "o oø oû oõ où oï", "ô": "oâ oà oå oã oá oä", "ơ": "ô ôø ôû ôõ ôù ôï",
    "u": "u uø uû uõ uù uï", "ư": "ö öø öû öõ öù öï", "y": "y yø yû yõ yù î",
}

TCVN3_TABLE = {v: g for vowel, row in TCVN3.items() for v, g in zip(VIETNAMESE[vowel], row, strict=True)} | TCVN3_OTHERS
VNI_TABLE = {
    v: g for vowel, row in VNI.items() for v, g in zip(VIETNAMESE[vowel], row.split(), strict=True)
} | {"đ": "ñ"}
VNI_TABLE |= {v.upper(): g.upper() for v, g in VNI_TABLE.items()}
LOWER_ALPHABET = [c for row in VIETNAMESE.values() for c in row] + ["đ"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_tcvn3(text: str) -> bytes:
    return "".join(TCVN3_TABLE.get(c, c) for c in text).encode("latin-1")


def to_vni(text: str) -> bytes:
    return "".join(VNI_TABLE.get(c, c) for c in text).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has â ă ê ô ơ ư đ and a few toned letters precomposed; other tones are combining marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += (base + "".join(c for c in decomposed if c in TONES)).encode("cp1258")
    return bytes(out)


# --- the tables ---------------------------------------------------------------------------


def test_hand_written_alphabet_is_nfc_of_base_plus_tone():
    for vowel, row in VIETNAMESE.items():
        assert row[0] == vowel
        for char, mark in zip(row[1:], "\u0300\u0309\u0303\u0301\u0323", strict=True):
            assert char == unicodedata.normalize("NFC", vowel + mark)


def test_tcvn3_table_matches_the_listing_and_round_trips():
    tcvn3_alphabet = LOWER_ALPHABET + ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]
    for char in tcvn3_alphabet:
        assert encoding._unicode_to_tcvn3(char) == to_tcvn3(char), char
        assert encoding._tcvn3_to_unicode(to_tcvn3(char).decode("latin-1")) == char
    assert len(set(TCVN3_TABLE.values())) == len(TCVN3_TABLE) == 12 * 6 + 8
    text = " ".join(tcvn3_alphabet) + "".join(tcvn3_alphabet)
    assert encoding._tcvn3_to_unicode(encoding._unicode_to_tcvn3(text).decode("latin-1")) == text
    with pytest.raises(ValueError):
        encoding._unicode_to_tcvn3("Ộ")      # no upper-case toned letters in VN3


def test_vni_table_matches_the_listing_and_round_trips():
    alphabet = LOWER_ALPHABET + [c.upper() for c in LOWER_ALPHABET]
    for char in alphabet:
        assert encoding._unicode_to_vni(char) == to_vni(char), char
        assert encoding._vni_to_unicode(to_vni(char).decode("latin-1")) == char
    assert len(set(VNI_TABLE.values())) == len(VNI_TABLE) == 2 * (12 * 6 + 1)
    for text in (" ".join(alphabet), "".join(alphabet)):
        assert encoding._vni_to_unicode(encoding._unicode_to_vni(text).decode("latin-1")) == text


@pytest.mark.parametrize(("glyphs", "expected"), [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Hµ Néi, ngµy 24 th¸ng 11 n¨m 2015", "Hà Nội, ngày 24 tháng 11 năm 2015"),
    ("§¶ng Céng s¶n ViÖt Nam l·nh ®¹o", "Đảng Cộng sản Việt Nam lãnh đạo"),
    ("§¹I HéI §¶NG", "ĐẠI HỘI ĐẢNG"),     # upper-case (.VnTimeH) font: lower-case codes
])
def test_tcvn3_samples(glyphs, expected):
    assert encoding._tcvn3_to_unicode(glyphs) == expected
    assert repair_legacy_font_text(glyphs) == (expected, "tcvn3")


@pytest.mark.parametrize(("glyphs", "expected"), [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Ngöôøi daân Ñaø Naüng ñaëc bieät", "Người dân Đà Nẵng đặc biệt"),
])
def test_vni_samples(glyphs, expected):
    assert encoding._vni_to_unicode(glyphs) == expected
    assert repair_legacy_font_text(glyphs) == (expected, "vni")


# --- decode_bytes -------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "label"), [
    (PARAGRAPH.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8"), "utf-8-sig"),
    (PARAGRAPH.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be"), "utf-16"),
    (codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"), "utf-16"),
    (to_cp1258(PARAGRAPH), "windows-1258"),
    (to_tcvn3(PARAGRAPH), "tcvn3"),
    (to_vni(PARAGRAPH), "vni"),
    (unicodedata.normalize("NFD", PARAGRAPH).encode("utf-8"), "utf-8"),
])
def test_every_encoding_decodes_to_the_same_nfc_text(data, label):
    assert decode_bytes(data) == (PARAGRAPH, label)


def test_long_legacy_file_is_chosen_on_a_sample_and_decoded_whole():
    text = "\n".join([PARAGRAPH] * 1000)
    for data, label in ((to_tcvn3(text), "tcvn3"), (to_vni(text), "vni"), (to_cp1258(text), "windows-1258")):
        assert len(data) > encoding.SAMPLE_BYTES
        assert decode_bytes(data) == (text, label)


def test_the_builders_produce_what_they_claim():
    cp1258 = to_cp1258(PARAGRAPH)
    assert b"\xf2" in cp1258 and b"\xd2" in cp1258        # combining dot below and hook above
    assert unicodedata.normalize("NFC", cp1258.decode("cp1258")) == PARAGRAPH
    assert to_tcvn3(PARAGRAPH) == encoding._unicode_to_tcvn3(PARAGRAPH)
    assert to_vni(PARAGRAPH) == encoding._unicode_to_vni(PARAGRAPH)
    for data in (cp1258, to_tcvn3(PARAGRAPH), to_vni(PARAGRAPH)):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_upper_case_vni_and_cp1252_punctuation_in_legacy_bytes():
    title = "NGHỊ QUYẾT CỦA BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO"
    assert decode_bytes(to_vni(title + "\n" + PARAGRAPH)) == (title + "\n" + PARAGRAPH, "vni")
    quoted = "Ông nói: “" + PARAGRAPH + "”"
    data = to_vni(quoted.replace("“", "\x93").replace("”", "\x94"))  # Windows-1252 curly quotes
    assert decode_bytes(data) == (quoted, "vni")


def test_legacy_font_glyphs_in_utf8_are_repaired():
    tcvn3_glyphs = to_tcvn3(PARAGRAPH).decode("latin-1")
    vni_glyphs = to_vni(PARAGRAPH).decode("latin-1")
    assert repair_legacy_font_text(tcvn3_glyphs) == (PARAGRAPH, "tcvn3")
    assert repair_legacy_font_text(vni_glyphs) == (PARAGRAPH, "vni")
    assert decode_bytes(tcvn3_glyphs.encode("utf-8")) == (PARAGRAPH, "utf-8+tcvn3")
    assert decode_bytes(codecs.BOM_UTF8 + vni_glyphs.encode("utf-8")) == (PARAGRAPH, "utf-8-sig+vni")
    assert decode_bytes(vni_glyphs.encode("utf-16")) == (PARAGRAPH, "utf-16+vni")


def test_nul_bytes_are_binary():
    with pytest.raises(DecodeError) as error:
        decode_bytes(b"Th\x00nh \xe1\xbb\xa7y")
    assert str(error.value) == "binary data (NUL bytes)"
    assert isinstance(error.value, ValueError)
    with pytest.raises(DecodeError, match=r"^binary data \(NUL bytes\)$"):
        decode_bytes(codecs.BOM_UTF8 + b"abc\x00")


def test_random_bytes_are_refused():
    data = random.Random(1).randbytes(4000)
    assert b"\x00" in data
    with pytest.raises(DecodeError) as error:
        decode_bytes(data)
    assert str(error.value) == "binary data (NUL bytes)"
    with pytest.raises(DecodeError) as error:
        decode_bytes(data.replace(b"\x00", b""))
    assert str(error.value) == "undecodable bytes: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text"


@pytest.mark.parametrize(("text", "codec"), [
    ("日本国憲法は、日本の現行憲法であり、1946年11月3日に公布され、1947年5月3日に施行された。", "shift_jis"),
    ("中华人民共和国宪法是国家的根本法，具有最高的法律效力。", "gb2312"),
    ("Конституция Российской Федерации является основным законом государства.", "cp1251"),
    ("Das Grundgesetz für die Bundesrepublik Deutschland: größere Straßen in München.", "latin-1"),
])
def test_other_languages_are_refused(text, codec):
    with pytest.raises(DecodeError, match=r"^undecodable bytes: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text$"):
        decode_bytes(text.encode(codec))


def test_broken_unicode_after_a_byte_order_mark():
    with pytest.raises(DecodeError, match="^invalid utf-16 text"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00b")            # odd length
    with pytest.raises(DecodeError, match="^invalid utf-8 text"):
        decode_bytes(codecs.BOM_UTF8 + to_tcvn3(PARAGRAPH))


def test_english_ascii_stays_utf8_unchanged():
    text = "The Covid-19 report (NQ 05) was published on 3 May.\nNothing else to see here."
    assert decode_bytes(text.encode("ascii")) == (text, "utf-8")
    assert repair_legacy_font_text(text) == (text, None)
    assert decode_bytes(b"") == ("", "utf-8")


def test_english_with_windows_1252_punctuation_reads_as_windows_1258():
    assert decode_bytes(b"\x93Quoted\x94 \x96 it\x92s fine") == ("“Quoted” – it’s fine", "windows-1258")


@pytest.mark.parametrize("text", [
    PARAGRAPH,
    "Nhiệt độ 35°C; tỷ số 2×1; «Thành ủy» · ½ giờ · © Báo Lạng Sơn · Müller ñ ß ø",
    "Đắk Lắk, Krông Pắc, Bắc Kạn: ĐBSCL, HĐND, UBND, BCH TƯ.",
    "Müller, Größe, Straße, Übersicht, naïve café, señor, façade, Ørsted, Ångström.",
])
def test_real_unicode_text_is_never_repaired(text):
    assert repair_legacy_font_text(text) == (text, None)
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


# --- vietnamese_syllable_ratio ------------------------------------------------------------

VALID = ("người ngoài khuya quyển Nguyễn tuổi huấn giường giữa gìn yếu ạ ừ uống ở ấy ấp Đắk xoong "
         "thuở khuỷu hoặc huynh nghĩa ghế của quý Thành ủy Lạng Sơn gì kẻ ghẹ nghiêng yên").split()
INVALID = ("Céng hßa héi chñ nghÜa ViÖt tyên iên ngì kà cý ghà đôc hàt ănh ơch cáõ ưe "
           "ngườii café ñoäc").split()


@pytest.mark.parametrize("word", VALID)
def test_well_formed_syllables(word):
    assert encoding.is_syllable(word.lower())
    assert vietnamese_syllable_ratio(word) == (0.0 if word.isascii() else 1.0)   # ASCII words are neutral


@pytest.mark.parametrize("word", INVALID)
def test_malformed_syllables(word):
    assert not encoding.is_syllable(word.lower())
    assert vietnamese_syllable_ratio(word) == 0.0


def test_syllable_ratio_counts_only_non_ascii_words():
    assert vietnamese_syllable_ratio("") == 0.0
    assert vietnamese_syllable_ratio("Covid NQ HĐND 2017 ½") == 0.0          # nothing counted
    assert vietnamese_syllable_ratio("Covid NQ Thành ủy café") == 2 / 3
    assert vietnamese_syllable_ratio(PARAGRAPH) == 1.0
    assert vietnamese_syllable_ratio(unicodedata.normalize("NFD", PARAGRAPH)) == 1.0
    assert vietnamese_syllable_ratio(PARAGRAPH.upper()) == 1.0
    assert vietnamese_syllable_ratio(to_vni(PARAGRAPH).decode("latin-1")) < 0.2
    assert vietnamese_syllable_ratio(to_tcvn3(PARAGRAPH).decode("latin-1")) < 0.2


# --- real files ---------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["vn-laws-vlc.tar.gz", "dantri-2020-news.tar.gz"])
def test_real_utf8_corpus_is_never_repaired(name, corpus):
    path = corpus(name)
    count = 0
    with tarfile.open(path) as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".txt")):
                continue
            data = tar.extractfile(member).read()
            text, label = decode_bytes(data)
            assert label == "utf-8", member.name
            assert text == unicodedata.normalize("NFC", data.decode("utf-8")), member.name
            assert repair_legacy_font_text(text) == (text, None), member.name
            count += 1
    assert count > 100
