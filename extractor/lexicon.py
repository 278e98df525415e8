"""Cached loaders for the lexicon files under ``extractor/data/``.

A lexicon is a plain UTF-8 file: ``.txt`` holds one entry per line, ``.tsv``
holds a header row and tab-separated rows. ``#`` starts a comment line. Files
are read once per process; a malformed row is skipped with a warning naming
the file and line, so one bad edit cannot silence a whole lexicon.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from .errors import LexiconError
from .settings import DATA_DIR

log = logging.getLogger(__name__)


def lexicon_path(name: str) -> Path:
    """The path of lexicon ``name`` (e.g. ``"honorifics.tsv"``) in the data folder."""
    path = DATA_DIR / name
    if not path.is_file():
        raise LexiconError(f"lexicon file {name!r} is missing from {DATA_DIR}")
    return path


def _lines(name: str):
    path = lexicon_path(name)
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield lineno, line


@lru_cache(maxsize=None)
def load_list(name: str) -> tuple[str, ...]:
    """Entries of a one-per-line ``.txt`` lexicon, in file order, without duplicates."""
    seen: dict[str, None] = {}
    for _, line in _lines(name):
        seen.setdefault(line.strip(), None)
    return tuple(seen)


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a ``.tsv`` lexicon as dicts keyed by its header; empty cells become ``""``."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, line in _lines(name):
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header) or not cells[0]:
            log.warning("%s line %d: expected %d columns, got %d; row skipped",
                        name, lineno, len(header), len(cells))
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    if header is None:
        raise LexiconError(f"lexicon file {name!r} has no header row")
    return tuple(rows)


def alternation(entries: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal entries, longest first so the longest form wins."""
    return "|".join(re.escape(e) for e in sorted(set(entries), key=len, reverse=True))
