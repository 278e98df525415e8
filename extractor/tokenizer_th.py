"""A spaCy tokenizer for Thai built on PyThaiNLP, registered for saved pipelines.

spaCy's own ``spacy.blank("th")`` tokenizer calls ``pythainlp.word_tokenize``
with its defaults. This one differs in three ways that matter for NER:

* The engine is explicit and recorded in the pipeline's config: ``nlpo3`` (the
  Rust port of newmm, about 3x faster here) or ``newmm`` (pure Python). Both use
  PyThaiNLP's bundled dictionary, so neither touches the network.
* Brackets and quotes always become tokens of their own. newmm glues ``(`` to
  a following number (``(17``) and nlpo3 glues quotes to a following name
  (``"พ``), and a token that straddles an entity edge can never be tagged right.
* ``doc.text`` is always the input text. A single ASCII space after a word
  becomes that word's trailing whitespace (``fold_spaces``, as in English
  pipelines) instead of a token of its own: about one token in six in Thai
  news is such a space, and the NER runs on every token. Other whitespace
  (runs of spaces, newlines, NBSP) stays a token, since it marks a break.
  ``fold_spaces=False`` keeps every space a token, the way spaCy's own Thai
  tokenizer does (and pipelines trained before the option existed).

A pipeline saved with this tokenizer names ``extractor.thai_tokenizer.v1`` in
its config; importing this module registers it, so ``spacy.load(path)`` works.

Importing it also registers the ``thai_token_marks`` component
(:mod:`extractor.ner_features`), so importing this one module is all
``spacy.load`` needs.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
from typing import Callable, Iterable

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import DummyTokenizer  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

log = logging.getLogger(__name__)

TOKENIZER_NAME = "extractor.thai_tokenizer.v1"
ENGINES = ("newmm", "nlpo3")

#: Characters that are always a token of their own.
_SPLIT_CHARS = "()[]{}\"'“”‘’«»"
_SPLIT_RE = re.compile("([" + re.escape(_SPLIT_CHARS) + "])")
_HAS_SPLIT_CHAR = re.compile("[" + re.escape(_SPLIT_CHARS) + "]")


def nlpo3_available() -> bool:
    """True when the ``nlpo3`` package (Rust newmm) can be imported."""
    return importlib.util.find_spec("nlpo3") is not None


def resolve_engine(engine: str) -> str:
    """Turn ``auto``/``newmm``/``nlpo3`` into an engine that is installed.

    ``auto`` picks nlpo3 when installed, else newmm. An explicit ``nlpo3`` falls
    back to newmm (with a warning) when nlpo3 is missing: the two agree on most
    tokens, so a pipeline trained on one still works, slightly less well, on the
    other.
    """
    if engine == "auto":
        return "nlpo3" if nlpo3_available() else "newmm"
    if engine not in ENGINES:
        raise ValueError(f"unknown Thai tokenizer engine {engine!r}; use one of {ENGINES} or 'auto'")
    if engine == "nlpo3" and not nlpo3_available():
        log.warning("nlpo3 is not installed; tokenizing with newmm instead (slower, near-identical tokens)")
        return "newmm"
    return engine


def split_punct(words: Iterable[str]) -> list[str]:
    """Split brackets and quotes off the tokens they are glued to."""
    out: list[str] = []
    for w in words:
        if len(w) > 1 and _HAS_SPLIT_CHAR.search(w):
            out.extend(p for p in _SPLIT_RE.split(w) if p)
        else:
            out.append(w)
    return out


def make_word_splitter(engine: str = "auto", punct: bool = True) -> Callable[[str], list[str]]:
    """A function ``text -> words`` whose words concatenate back to ``text``.

    Whitespace runs are kept as words. ``engine`` as in :func:`resolve_engine`.
    """
    from pythainlp.tokenize import word_tokenize

    eng = resolve_engine(engine)

    def words_of(text: str) -> list[str]:
        if not text:
            return []
        words = word_tokenize(text, engine=eng, keep_whitespace=True)
        if punct:
            words = split_punct(words)
        if "".join(words) != text:  # never expected; keep offsets true regardless
            log.debug("tokenizer %s changed the text; falling back to one token", eng)
            return [text]
        return words

    return words_of


def doc_from_words(vocab: Vocab, words: list[str], fold_spaces: bool = True) -> Doc:
    """A ``Doc`` of ``words`` (which concatenate to the text) with ``doc.text`` unchanged.

    With ``fold_spaces``, a word that is exactly one ASCII space and follows a
    non-whitespace word becomes that word's trailing space; every other word is
    a token.
    """
    if not fold_spaces:
        return Doc(vocab, words=words, spaces=[False] * len(words))
    kept: list[str] = []
    spaces: list[bool] = []
    for w in words:
        if w == " " and kept and not spaces[-1] and not kept[-1].isspace():
            spaces[-1] = True
        else:
            kept.append(w)
            spaces.append(False)
    return Doc(vocab, words=kept, spaces=spaces)


class ThaiTokenizer(DummyTokenizer):
    """spaCy tokenizer: PyThaiNLP word segmentation; single spaces folded (see module doc)."""

    def __init__(self, vocab: Vocab, engine: str = "auto", punct: bool = True,
                 fold_spaces: bool = False) -> None:
        self.vocab = vocab
        self.engine = resolve_engine(engine)
        self.punct = punct
        self.fold_spaces = fold_spaces
        self.words_of = make_word_splitter(self.engine, punct)

    def __call__(self, text: str) -> Doc:
        return doc_from_words(self.vocab, self.words_of(text), self.fold_spaces)


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_thai_tokenizer(engine: str = "auto", punct: bool = True,
                          fold_spaces: bool = False) -> Callable[[Language], ThaiTokenizer]:
    """Registered factory: ``[nlp.tokenizer] @tokenizers = "extractor.thai_tokenizer.v1"``."""

    def tokenizer_factory(nlp: Language) -> ThaiTokenizer:
        return ThaiTokenizer(nlp.vocab, engine=engine, punct=punct, fold_spaces=fold_spaces)

    return tokenizer_factory


# Registers the thai_token_marks component that pipelines trained with this tokenizer name.
from . import ner_features  # noqa: E402,F401
