"""Text normalization and the ``Doc`` every extractor reads.

Two layers, so that spans stay true:

* ``clean_text`` makes the ``body``: NFC, line endings, invisible characters
  (zero-width, soft hyphen, BOM, control codes) removed and a decomposed sara
  am joined. This is the only step allowed to change the text's length.
* ``normalize_view`` maps the body to a string of the *same length* in which
  Thai digits are ASCII digits, every kind of space (NBSP included) is a plain
  space and dashes are ``-``. Rules match on the view; offsets found there are
  offsets into the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from . import settings

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECOMPOSED_SARA_AM = "\u0e4d\u0e32"
# Lone surrogates (from JSON "\\ud800" escapes or surrogateescape decoding) cannot be written as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # raw: the pattern text itself holds no surrogate

_VIEW_TABLE = str.maketrans(
    {
        **{chr(0x0E50 + i): str(i) for i in range(10)},
        "\u00a0": " ", "\t": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ",
        "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ",
        "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
    }
)

THAI_DIGITS = str.maketrans({chr(0x0E50 + i): str(i) for i in range(10)})


def clean_text(raw: str) -> str:
    """The body as given, cleaned of invisible characters only (see module doc)."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return text.replace(_DECOMPOSED_SARA_AM, "\u0e33")


def normalize_view(text: str) -> str:
    """A same-length view of ``text``: ASCII digits, plain spaces, ASCII dashes."""
    return text.translate(_VIEW_TABLE)


def thai_digits_to_ascii(text: str) -> str:
    """``๑๐`` → ``10``; other characters unchanged."""
    return text.translate(THAI_DIGITS)


def collapse_spaces(text: str) -> str:
    """Whitespace runs (NBSP included) folded to one space, ends stripped."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@dataclass(frozen=True)
class Token:
    """A word token with its offsets in the body."""

    text: str
    start: int
    end: int


@dataclass
class Doc:
    """One article body and its cheap views; costly layers are computed on first use."""

    text: str
    zone: tuple[int, int] | None = None
    view: str = field(init=False)
    #: Results derived from this text that several extractors need (see ``memo_get``).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.view = normalize_view(self.text)
        if self.zone is None:
            self.zone = (0, len(self.text))

    @cached_property
    def flat(self) -> str:
        """The view with line breaks as spaces, for rules that may cross a hard wrap."""
        return self.view.replace("\n", " ")

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Spans of non-empty lines, trimmed of surrounding spaces."""
        spans = []
        for m in re.finditer(r"[^\n]+", self.view):
            s, e = m.span()
            while s < e and self.view[s] == " ":
                s += 1
            while e > s and self.view[e - 1] == " ":
                e -= 1
            if s < e:
                spans.append((s, e))
        return spans

    @cached_property
    def tokens(self) -> list[Token]:
        """PyThaiNLP word tokens of the body (engine from settings), with offsets."""
        return tokenize(self.text, engine=settings.TOKENIZER_ENGINE)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans: paragraphs cut by PyThaiNLP's CRF sentence model."""
        from pythainlp.tokenize import sent_tokenize

        spans: list[tuple[int, int]] = []
        for start, end in self.paragraphs:
            pos = start
            for sent in sent_tokenize(self.text[start:end], engine="crfcut"):
                i = self.text.find(sent, pos, end)
                if i < 0:
                    continue
                j = i + len(sent)
                s, e = i, j
                while s < e and self.view[s] == " ":
                    s += 1
                while e > s and self.view[e - 1] == " ":
                    e -= 1
                if s < e:
                    spans.append((s, e))
                pos = j
        return spans

    def memo_get(self, key: tuple, compute):
        """``compute()`` once per Doc and key: extractors share costly scans of the same text."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def in_zone(self, start: int, end: int | None = None) -> bool:
        """Whether a span lies inside the article zone (not head lines or page furniture)."""
        zs, ze = self.zone  # type: ignore[misc]
        return zs <= start and (end if end is not None else start) <= ze

    def zone_view(self) -> str:
        """The view with everything outside the zone blanked (same length)."""
        zs, ze = self.zone  # type: ignore[misc]
        return " " * zs + self.view[zs:ze] + " " * (len(self.view) - ze)


def tokenize(text: str, engine: str = "newmm") -> list[Token]:
    """Word tokens of ``text`` with offsets, by PyThaiNLP (``newmm`` or ``nlpo3``)."""
    from pythainlp.tokenize import word_tokenize

    tokens: list[Token] = []
    pos = 0
    for word in word_tokenize(text, engine=engine, keep_whitespace=False):
        i = text.find(word, pos)
        if i < 0:
            continue
        tokens.append(Token(word, i, i + len(word)))
        pos = i + len(word)
    return tokens


def make_doc(raw: str, zone: tuple[int, int] | None = None) -> Doc:
    """Clean ``raw`` and wrap it in a Doc."""
    return Doc(clean_text(raw), zone=zone)
