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

The module also registers ``extractor.thai_gazetteer_flags.v1``, an
``[nlp.after_creation]`` callback that marks lexemes found in gazetteers that
ship offline (PyThaiNLP's Thai first and family names and country names,
geothai's provinces and districts) with lexical flags, which the NER's
embedding layer reads as features (``FLAG60``-``FLAG62``).
"""

from __future__ import annotations

import bisect
import importlib.util
import logging
import os
import re
from functools import lru_cache
from typing import Callable, Iterable

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import numpy  # noqa: E402
import spacy  # noqa: E402
from spacy.attrs import ORTH, TAG  # noqa: E402
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


#: Lexical flag ids (``spacy.attrs.FLAG60`` ...) set by the gazetteer callback.
FLAG_FIRST_NAME = 60
FLAG_FAMILY_NAME = 61
FLAG_PLACE = 62
GAZETTEER_CALLBACK = "extractor.thai_gazetteer_flags.v1"


@lru_cache(maxsize=1)
def gazetteers() -> dict[str, frozenset[str]]:
    """Offline name lists: ``first`` and ``family`` names, ``place`` names.

    Places are countries (PyThaiNLP) plus provinces and districts (geothai,
    when installed), with and without the ``อำเภอ``/``เขต``/``จังหวัด`` prefix.
    """
    from pythainlp.corpus import countries, provinces, thai_family_names, thai_female_names, thai_male_names

    places = set(countries()) | set(provinces())
    try:
        import geothai

        for prov in geothai.provinces():
            places.add(prov.name_th)
            for dist in geothai.districts(prov.code):
                places.add(dist.name_th)
    except Exception as exc:  # geothai missing or changed: the flags still work with fewer places
        log.debug("geothai places unavailable: %s", exc)
    for name in list(places):
        for prefix in ("อำเภอ", "เขต", "จังหวัด"):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                places.add(name[len(prefix):])
    first = set(thai_male_names()) | set(thai_female_names())
    return {
        "first": frozenset(w for w in first if len(w) > 1),
        "family": frozenset(w for w in thai_family_names() if len(w) > 1),
        "place": frozenset(w for w in places if len(w) > 1),
    }


@spacy.registry.callbacks(GAZETTEER_CALLBACK)
def create_gazetteer_flags() -> Callable[[Language], Language]:
    """Registered ``after_creation`` callback: set the gazetteer flags on the vocab."""

    def add_flags(nlp: Language) -> Language:
        gaz = gazetteers()
        for flag_id, key in ((FLAG_FIRST_NAME, "first"), (FLAG_FAMILY_NAME, "family"), (FLAG_PLACE, "place")):
            words = gaz[key]
            nlp.vocab.add_flag(words.__contains__, flag_id=flag_id)
        return nlp

    return add_flags


#: Component that marks runs of tokens spelling a Thai Wikipedia title.
TITLE_MARKS = "thai_title_marks"
#: What the component writes to ``token.tag_`` (read by the embedding layer as ``TAG``):
#: first and later tokens of a multi-token title, a one-token title, and a one-token
#: title that is also a dictionary word (weaker evidence: ข้าว, ไทย, กรมบัญชีกลาง).
TITLE_BEGIN, TITLE_INSIDE, TITLE_SINGLE, TITLE_WORD = "TITLE_B", "TITLE_I", "TITLE_S", "TITLE_W"
_MAX_TITLE_TOKENS = 8
_MAX_TITLE_CHARS = 60


@lru_cache(maxsize=1)
def title_gazetteer() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """``(titles, common words, titles sorted)``: PyThaiNLP's Thai Wikipedia titles
    (spaces removed, as the file stores them) and its word list, both in the wheel.

    The titles include thousands of ordinary nouns (ข้าว, ไทย ...), so a one-token
    title that is also in the word list gets its own, weaker mark. The sorted
    tuple answers "does any title start with this?" by bisection.
    """
    from pythainlp.corpus import thai_words

    try:
        from pythainlp.corpus import thai_wikipedia_titles

        titles = frozenset(t for t in thai_wikipedia_titles() if len(t) > 1)
    except Exception as exc:  # an older pythainlp without the list: no marks, the model still runs
        log.warning("Thai Wikipedia titles unavailable (%s); NER title marks are off", exc)
        titles = frozenset()
    return titles, frozenset(thai_words()), tuple(sorted(titles))


@lru_cache(maxsize=1 << 17)
def _is_title_prefix(prefix: str) -> bool:
    # cached: the same few thousand words start most runs
    ordered = title_gazetteer()[2]
    i = bisect.bisect_left(ordered, prefix)
    return i < len(ordered) and ordered[i].startswith(prefix)


def mark_titles(doc: Doc) -> Doc:
    """Mark (``token.tag_``) the longest runs of tokens, left to right, whose text
    with whitespace removed is a Wikipedia title: TITLE_B/TITLE_I for several
    tokens, TITLE_S or TITLE_W (a dictionary word) for one; other tokens keep ''.

    A name the training data never showed is often a Wikipedia title
    (organizations, foreign people, places), which the NER reads as a feature.
    """
    titles, common, _ = title_gazetteer()
    if not titles:
        return doc
    strings = doc.vocab.strings
    words = [strings[h] for h in doc.to_array(ORTH).tolist()]  # cheaper than Token objects
    n = len(words)
    marks = [""] * n
    i = 0
    while i < n:
        first = words[i]
        best = -1
        if not first.isspace():
            text = ""
            for j in range(i, min(n, i + _MAX_TITLE_TOKENS)):
                w = words[j]
                if w.isspace():
                    if "\n" in w:
                        break
                    continue
                text += w
                if text in titles:
                    best = j
                if len(text) > _MAX_TITLE_CHARS or not _is_title_prefix(text):
                    break
        if best < 0:
            i += 1
        elif best == i:
            marks[i] = TITLE_WORD if first in common else TITLE_SINGLE
            i += 1
        else:
            marks[i] = TITLE_BEGIN
            for k in range(i + 1, best + 1):
                marks[k] = TITLE_INSIDE
            i = best + 1
    if any(marks):
        doc.from_array([TAG], numpy.array([strings.add(m) for m in marks], dtype="uint64").reshape(-1, 1))
    return doc


@Language.factory(TITLE_MARKS)
def create_title_marks(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Pipeline component ``thai_title_marks``: :func:`mark_titles`.

    The title list is read here, when the pipeline loads, so the first
    document does not pay for it.
    """
    title_gazetteer()
    return mark_titles
