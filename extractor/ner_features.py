"""Token features for the Thai NER: gazetteer and Wikipedia-title marks.

The ``thai_token_marks`` pipeline component (first in ``models/th_news_ner``)
writes one short code per token to ``token.tag_``, which the NER's embedding
layer reads as its ``TAG`` feature (:func:`token_marks`). Its sources all ship
offline, in the pythainlp and geothai wheels:

* PyThaiNLP's Thai first names, family names and countries, and geothai's
  provinces and districts (:func:`gazetteers`);
* PyThaiNLP's list of about 290,000 Thai Wikipedia titles and its word list
  (:func:`title_gazetteer`): most names in news the model never saw in
  training (organizations, foreign people, places) are Wikipedia titles.

It is an annotating component in the training config, so the model is trained
on the same marks it reads at run time.
"""

from __future__ import annotations

import bisect
import logging
import os
from functools import lru_cache
from typing import Callable

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import numpy  # noqa: E402
from spacy.attrs import ORTH, SPACY, TAG  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

log = logging.getLogger(__name__)


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
    except Exception as exc:  # geothai missing or changed: the marks still work with fewer places
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


#: Title marks: first and later tokens of a multi-token title, a one-token title,
#: and a one-token title that is also a dictionary word (weaker evidence: ข้าว, ไทย).
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


def title_marks(words: list[str]) -> list[str]:
    """One mark per word: the longest runs of words, left to right, whose text with
    whitespace removed is a Wikipedia title get TITLE_B/TITLE_I (several words) or
    TITLE_S / TITLE_W (one word; W when it is also a dictionary word); others ''.

    A line break ends a run. A name the training data never showed is often a
    Wikipedia title (organizations, foreign people, places).
    """
    titles, common, _ = title_gazetteer()
    n = len(words)
    marks = [""] * n
    if not titles:
        return marks
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
    return marks


#: Component that writes one combined feature per token to ``token.tag_``.
TOKEN_MARKS = "thai_token_marks"
_TITLE_CODE = {"": "-", TITLE_BEGIN: "B", TITLE_INSIDE: "I", TITLE_SINGLE: "S", TITLE_WORD: "W"}


def token_marks(words: list[str], spaces: list[bool]) -> list[str]:
    """One short code per word: its title mark (``-BISW``), then ``f``/``l``/``p`` when it
    is a first name, family name or place in :func:`gazetteers`, then ``_`` when a
    space follows it. ``"Bp_"``: first word of a title, a place name, a space after.

    One combined value needs one embedding table where five separate features
    (title mark, three name lists, trailing space) needed five, and the layer that
    mixes the embeddings gets a narrower input.
    """
    gaz = gazetteers()
    first, family, place = gaz["first"], gaz["family"], gaz["place"]
    return [
        _TITLE_CODE[mark] + ("f" if w in first else "") + ("l" if w in family else "")
        + ("p" if w in place else "") + ("_" if sp else "")
        for w, sp, mark in zip(words, spaces, title_marks(words))
    ]


def mark_tokens(doc: Doc) -> Doc:
    """Write :func:`token_marks` to ``token.tag_`` (the ``thai_token_marks`` component)."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    # arrays rather than Token objects: this runs on every token the NER sees
    columns = doc.to_array([ORTH, SPACY]).tolist()
    codes = token_marks([strings[orth] for orth, _ in columns], [bool(sp) for _, sp in columns])
    doc.from_array([TAG], numpy.array([strings.add(c) for c in codes], dtype="uint64").reshape(-1, 1))
    return doc


@Language.factory(TOKEN_MARKS)
def create_token_marks(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Pipeline component ``thai_token_marks``: :func:`mark_tokens` (lists read at load)."""
    title_gazetteer()
    gazetteers()
    return mark_tokens
