"""Raw page bytes → text: which encoding a page is really in.

The order of evidence is the HTTP ``Content-Type`` header, a byte-order mark,
the page's own ``<meta charset>`` (or ``http-equiv`` / XML declaration), then
detection. Thai pages often lie about their encoding — a template that says
``utf-8`` around windows-874 text, a server that says ``iso-8859-1`` for
everything, a Blogger page pasted with ``<meta charset="tis-620">`` — so every
label is checked against the bytes before it is believed:

* UTF-8 validates itself: bytes that decode as UTF-8 (but for a stray
  byte or two) and hold non-ASCII are UTF-8, whatever the label says (legacy
  Thai text is never valid UTF-8: its bytes 0xA1–0xFB would have to follow a
  lead byte).
* A Western label (iso-8859-1, windows-1252, ascii) on bytes that read as Thai
  in windows-874 is a lie; the Thai reading wins.
* TIS-620, ISO-8859-11 and windows-874 are read as windows-874 (``cp874``),
  the superset that also has the curly quotes and dashes Thai editors type.

A label that was overruled is reported in the result's ``warnings``.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from typing import Mapping

log = logging.getLogger(__name__)

#: Labels that all mean the Thai single-byte encoding; read as its Windows superset.
THAI_LABELS = frozenset({"tis-620", "tis620", "tis_620", "iso-8859-11", "iso8859-11", "iso_8859-11",
                         "windows-874", "x-windows-874", "cp874", "dos-874", "ibm874", "thai"})
#: Labels of Western single-byte encodings: every byte decodes, so they prove nothing.
WESTERN_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
                            "us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-15", "latin-9"})
#: How far into the page a ``<meta charset>`` is looked for (the HTML standard says 1024 bytes;
#: real pages put long scripts first, so look further).
META_SCAN_BYTES = 8192
#: Invalid sequences per non-ASCII byte up to which a page still counts as UTF-8 (legacy Thai
#: text read as UTF-8 fails on nearly every byte; a damaged UTF-8 page on a few).
UTF8_MAX_BAD = 0.05
#: Share of the non-ASCII characters that must be Thai for a windows-874 reading to count as Thai.
THAI_SHARE = 0.6

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class Decoded:
    """A page as text, the encoding it was read with and why."""

    text: str
    encoding: str
    source: str  # "header", "bom", "meta", "detected" or "fallback"
    warnings: list[str] = field(default_factory=list)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, or None."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def content_type_of(headers: Mapping[str, str] | None) -> str | None:
    """The Content-Type of a header mapping, whatever the key's case."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            return value
    return None


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta>`` or XML declaration)."""
    m = _META_CHARSET.search(raw[:META_SCAN_BYTES])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace")


def codec_for(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    low = label.strip().lower()
    if low in THAI_LABELS:
        return "cp874"
    if low in ("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        return codecs.lookup(low).name
    except LookupError:
        return None


def _is_utf8(raw: bytes) -> bool:
    """Whether the bytes are UTF-8: valid, or nearly so (a page cut mid-character, a stray byte)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return True
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    bad = raw.decode("utf-8", errors="replace").count("\ufffd")
    return bad <= UTF8_MAX_BAD * high


def _thai_share(text: str) -> float:
    """Of the non-ASCII letters in ``text``, the share that are Thai."""
    high = thai = 0
    for ch in text:
        if ch > "\x7f":
            high += 1
            if "\u0e01" <= ch <= "\u0e5b":
                thai += 1
    return thai / high if high else 0.0


def _reads_as_thai(raw: bytes) -> bool:
    """Whether single-byte ``raw`` is Thai text in windows-874."""
    if not re.search(rb"[\xa1-\xfb]{2}", raw):
        return False
    return _thai_share(raw.decode("cp874", errors="replace")) >= THAI_SHARE


def _fits(raw: bytes, codec: str, *, utf8: bool) -> bool:
    """Whether the bytes are plausibly in ``codec`` (see the module doc for the checks)."""
    if codec in ("utf-8", "utf-8-sig"):
        return utf8
    if utf8 and not raw.isascii():
        return False  # valid UTF-8 with non-ASCII bytes is UTF-8, whatever the label says
    if codec == "cp874":
        return _reads_as_thai(raw) or raw.isascii()
    if codec in ("iso8859-1", "cp1252", "ascii", "iso8859-15", "latin_1"):
        return not _reads_as_thai(raw)
    try:
        raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(raw: bytes, utf8: bool) -> tuple[str, str]:
    """(codec, source) when no label can be believed: UTF-8, Thai, then charset_normalizer."""
    if utf8:
        return "utf-8", "detected"
    if _reads_as_thai(raw):
        return "cp874", "detected"
    from charset_normalizer import from_bytes  # slow import; only pages that need it pay

    best = from_bytes(raw[:65536]).best()
    if best is not None:
        return best.encoding, "detected"
    return "utf-8", "fallback"


def decode_html(raw: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes: header charset, BOM, ``<meta charset>``, then detection.

    ``content_type`` is the HTTP ``Content-Type`` value if the page came over
    HTTP (``"text/html; charset=tis-620"``). Undecodable bytes become U+FFFD
    rather than failing; a label that did not fit the bytes is named in
    ``warnings``.
    """
    utf8 = _is_utf8(raw)
    warnings: list[str] = []
    labels: list[tuple[str, str]] = []
    header = charset_from_content_type(content_type)
    if header:
        labels.append(("header", header))
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            labels.append(("bom", codec))
            break
    meta = meta_charset(raw)
    if meta:
        labels.append(("meta", meta))
    overruled: list[str] = []
    for source, label in labels:
        codec = codec_for(label)
        if codec is None:
            warnings.append(f"the page's {source} names an unknown encoding {label!r}; it was ignored")
            continue
        if source == "bom" or _fits(raw, codec, utf8=utf8):
            if source == "bom" and codec == "utf-8-sig":
                codec = "utf-8"
            return _decoded(raw, codec, source, warnings, overruled)
        overruled.append(f"{source} {label!r}")
    codec, source = _detect(raw, utf8)
    return _decoded(raw, codec, source, warnings, overruled)


def _decoded(raw: bytes, codec: str, source: str, warnings: list[str], overruled: list[str]) -> Decoded:
    if overruled:
        warnings.append(f"the page's {' and '.join(overruled)} did not fit its bytes; read as {display_name(codec)}")
        log.debug("encoding label overruled: %s -> %s", overruled, codec)
    text = raw.decode(codec, errors="replace")
    return Decoded(text.lstrip("\ufeff"), codec, source, warnings)


def display_name(codec: str) -> str:
    """The usual web name of a Python codec (``cp874`` → ``windows-874``)."""
    return {"cp874": "windows-874", "utf-8": "UTF-8", "cp1252": "windows-1252"}.get(codec, codec)
