"""The trained Thai NER pipeline (``models/th_news_ner``) plus an EntityRuler from our lexicons.

The pipeline is loaded once per process, on first use, and kept. Loading takes
a few seconds, so ``assemble`` calls ``preload()`` before it arms the per-article
time budget; the budget then covers only the tagging itself.

``entities(doc)`` tags the article zone only (head lines and page furniture are
not read by any extractor) and returns ``(label, start, end)`` with character
offsets into the body, cached in ``doc.memo`` so every caller shares one run.

When spaCy or the model is missing, ``load()`` raises ``ModelError`` naming the
path and what to do; ``available()`` logs that once and returns False, and the
extraction runs on rules only.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from . import settings
from .errors import ModelError
from .ner_patterns import COMMAND, PATTERNS_FILE
from .text import Doc

log = logging.getLogger(__name__)

MODEL_NAME = "th_news_ner"
#: Entity labels the ``ner`` extractor reads (the model also tags DATE, TIME).
LABELS = ("PERSON", "ORGANIZATION", "LOCATION", "FACILITY")

_lock = threading.Lock()
_nlp: Any = None
_error: ModelError | None = None


def model_path() -> Path:
    """Where the model is read from (``THAINEWS_MODELS`` overrides the models folder)."""
    return Path(settings.MODELS_DIR) / MODEL_NAME


def _build() -> Any:
    path = model_path()
    try:
        import spacy

        from . import tokenizer_th  # noqa: F401  registers the tokenizer named in the model's config
    except ImportError as exc:
        raise ModelError(f"spaCy is not installed ({exc}); install the package with its dependencies "
                         "(pip install -e .) or run with --no-ner for rules only") from exc
    if not (path / "config.cfg").is_file():
        raise ModelError(f"the NER model is missing: no {path / 'config.cfg'}; restore models/{MODEL_NAME} "
                         "from the repository, point THAINEWS_MODELS at a folder holding it, or run with --no-ner")
    try:
        nlp = spacy.load(path)
    except Exception as exc:  # a corrupt or incompatible model: say which and what to do
        raise ModelError(f"the NER model at {path} cannot be loaded ({type(exc).__name__}: {exc}); retrain it "
                         "with python -m extractor.ner_train, or run with --no-ner") from exc
    if not PATTERNS_FILE.is_file():
        raise ModelError(f"the EntityRuler patterns are missing: no {PATTERNS_FILE}; run {COMMAND}")
    # Before "ner": the model tags around the ruler's spans (sure ones) instead of over them.
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False, "validate": False})
    ruler.from_disk(PATTERNS_FILE)
    return nlp


def load() -> Any:
    """The pipeline (model + EntityRuler), loaded on first call; raises ``ModelError``."""
    global _nlp, _error
    if _nlp is not None:
        return _nlp
    if _error is not None:
        raise _error
    with _lock:
        if _nlp is None and _error is None:
            try:
                _nlp = _build()
            except ModelError as exc:
                _error = exc
        if _error is not None:
            raise _error
    return _nlp


def available() -> bool:
    """Whether the pipeline can be used; the first failure is logged once as a warning."""
    try:
        load()
        return True
    except ModelError as exc:
        if not getattr(exc, "_logged", False):
            log.warning("NER is off, extracting with rules only: %s", exc)
            exc._logged = True  # type: ignore[attr-defined]
        return False


def preload() -> bool:
    """Load the pipeline now (outside any time budget); True when it is usable."""
    return available()


def entities(doc: Doc) -> list[tuple[str, int, int]]:
    """``(label, start, end)`` of the entities in ``doc``'s zone, offsets into the body.

    Spans are trimmed of surrounding whitespace. Empty when NER is unavailable.
    Cached per Doc, so several extractors share one run.
    """
    return doc.memo_get(("ner_entities",), lambda: _tag(doc))


def _tag(doc: Doc) -> list[tuple[str, int, int]]:
    if not available():
        return []
    zs, ze = doc.zone  # type: ignore[misc]
    out: list[tuple[str, int, int]] = []
    for ent in load()(doc.text[zs:ze]).ents:
        s, e = zs + ent.start_char, zs + ent.end_char
        while s < e and doc.text[s].isspace():
            s += 1
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((ent.label_, s, e))
    return out


def reset() -> None:
    """Forget the loaded pipeline or the load error (tests; a model swapped on disk)."""
    global _nlp, _error
    with _lock:
        _nlp = _error = None
