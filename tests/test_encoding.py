"""Page bytes → text: labels are believed only when the bytes agree (extractor.encoding)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.encoding import charset_from_content_type, codec_for, content_type_of, decode_html, meta_charset

THAI = "จังหวัดพะเยาจัดประชุม “คณะกรรมการ” – ครั้งที่ ๑๑"


def page(charset: str | None, body: str = THAI) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("raw, content_type, codec, source, lied", [
    # honest labels
    (page("utf-8").encode("utf-8"), None, "utf-8", "meta", False),
    (page("windows-874").encode("cp874"), None, "cp874", "meta", False),
    (page("tis-620").encode("cp874"), None, "cp874", "meta", False),  # curly quotes need cp874, not tis-620
    (page("iso-8859-11").encode("cp874"), None, "cp874", "meta", False),
    (page(None).encode("cp874"), "text/html; charset=TIS-620", "cp874", "header", False),
    # the header is the first word; a page that agrees with it is read by it
    (page("utf-8").encode("cp874"), "text/html; charset=windows-874", "cp874", "header", False),
    # labels that lie
    (page("utf-8").encode("cp874"), None, "cp874", "detected", True),
    (page(None).encode("cp874"), "text/html; charset=iso-8859-1", "cp874", "detected", True),
    (page("iso-8859-1").encode("cp874"), None, "cp874", "detected", True),
    (page("tis-620").encode("utf-8"), None, "utf-8", "detected", True),
    (page(None).encode("utf-8"), "text/html; charset=windows-1252", "utf-8", "detected", True),
    # a lying header, then an honest meta
    (page("windows-874").encode("cp874"), "text/html; charset=utf-8", "cp874", "meta", True),
    # no label at all
    (page(None).encode("cp874"), None, "cp874", "detected", False),
    (page(None).encode("utf-8"), None, "utf-8", "detected", False),
    # a byte-order mark
    (codecs.BOM_UTF8 + page(None).encode("utf-8"), None, "utf-8", "bom", False),
    (codecs.BOM_UTF16_LE + page(None).encode("utf-16-le"), None, "utf-16-le", "bom", False),
])
def test_decode_html(raw, content_type, codec, source, lied):
    got = decode_html(raw, content_type)
    assert (got.encoding, got.source) == (codec, source)
    assert THAI in got.text
    assert not got.text.startswith("\ufeff")
    assert bool(got.warnings) is lied


def test_a_lie_is_named_in_words():
    got = decode_html(page("utf-8").encode("cp874"))
    assert got.warnings == ["the page's meta 'utf-8' did not fit its bytes; read as windows-874"]


def test_an_unknown_label_is_ignored_with_a_warning():
    got = decode_html(page("x-klingon").encode("utf-8"))
    assert got.encoding == "utf-8" and THAI in got.text
    assert "unknown encoding 'x-klingon'" in got.warnings[0]


def test_undecodable_bytes_become_replacement_characters():
    raw = page("utf-8", THAI * 5).encode("utf-8") + b"\xff\xfe\xfa broken"
    got = decode_html(raw, "text/html; charset=utf-8")
    assert "\ufffd" in got.text and THAI in got.text


def test_ascii_page_keeps_its_label():
    got = decode_html(page("iso-8859-1", "plain &#3585; text").encode("ascii"))
    assert (got.encoding, got.source, got.warnings) == ("iso8859-1", "meta", [])


@pytest.mark.parametrize("value, expected", [
    ("text/html; charset=tis-620", "tis-620"),
    ('text/html; charset="UTF-8"', "UTF-8"),
    ("text/html;charset=windows-874;foo=bar", "windows-874"),
    ("text/html", None),
    (None, None),
])
def test_charset_from_content_type(value, expected):
    assert charset_from_content_type(value) == expected


def test_content_type_of_headers_ignores_key_case():
    assert content_type_of({"content-TYPE": "text/html; charset=tis-620"}) == "text/html; charset=tis-620"
    assert content_type_of({"Server": "x"}) is None and content_type_of(None) is None


@pytest.mark.parametrize("label, codec", [
    ("TIS-620", "cp874"), ("windows-874", "cp874"), ("x-windows-874", "cp874"), ("ISO-8859-11", "cp874"),
    ("utf8", "utf-8"), ("UTF-8", "utf-8"), ("latin1", "iso8859-1"), ("nonsense-9", None), (None, None),
])
def test_codec_for(label, codec):
    assert codec_for(label) == codec


@pytest.mark.parametrize("head, expected", [
    (b'<meta charset="tis-620">', "tis-620"),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=windows-874'/>", "windows-874"),
    (b'<?xml version="1.0" encoding="UTF-8"?><html>', "UTF-8"),
    (b"<html><head><title>no label</title>", None),
])
def test_meta_charset(head, expected):
    assert meta_charset(head) == expected


_thai_text = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E3A) | st.sampled_from(" ๑๒"),
                     min_size=4, max_size=60).filter(lambda s: sum("\u0e01" <= c <= "\u0e2e" for c in s) >= 4)


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(_thai_text, st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", None]))
def test_windows_874_text_survives_any_western_or_utf8_label(text, label):
    raw = page(label, text).encode("cp874")
    # Bytes that are valid UTF-8 are read as UTF-8 by design (see the next test); a few Thai
    # letters can be (ยก is C2 A1, "¡" in UTF-8), a real Thai paragraph never is.
    assume(not _valid_utf8(raw))
    assert text in decode_html(raw).text


def test_bytes_valid_as_utf8_are_utf8_even_if_they_could_be_thai():
    assert decode_html(page("utf-8", "ยกยก").encode("cp874")).encoding == "utf-8"
    # ... which a real line of Thai never is
    raw = page("utf-8", "ผู้ว่าราชการจังหวัดเป็นประธาน").encode("cp874")
    assert not _valid_utf8(raw) and decode_html(raw).encoding == "cp874"


@settings(max_examples=60, deadline=None)
@given(_thai_text, st.sampled_from(["tis-620", "windows-874", "iso-8859-1", None]))
def test_utf8_text_survives_any_single_byte_label(text, label):
    assert text in decode_html(page(label, text).encode("utf-8")).text
