"""EntityRuler patterns for the NER pipeline, generated from our lexicons.

``python -m extractor.ner_patterns`` rewrites ``extractor/data/ner_patterns.jsonl``;
``tests/test_ner.py`` fails when the committed file differs from a fresh
generation, so a lexicon edit must be followed by that command.

What the patterns say, and why only this much (rules win where they are sure):

* **LOCATION** — an admin-unit word glued to a name the gazetteer knows:
  ``จังหวัด``/``จ.`` + province, ``อำเภอ``/``อ.`` + district (``เขต`` + district
  in Bangkok). Phrase patterns: the ruler tokenizes them with the pipeline's
  own tokenizer, so multi-token names (``แม่ ทะ``) match as they are split in text.
* **ORGANIZATION** — the closed set of full names in ``org_heads.txt`` (kind
  ``known``, ``whole``) as phrases; and a token that starts with an
  organization head (kind ``head``), up to four glued tokens, then ``จังหวัด`` and
  a province (``สำนักงาน|เกษตร|จังหวัด|ลำปาง``, or ``องค์การบริหารส่วนจังหวัด|ลำปาง``).
  Without the province ending, where the name stops is a guess, which the model
  makes better than a token pattern; with it, the name cannot be cut into a
  LOCATION by the patterns above (the ruler keeps the longest match).
* **FACILITY** — the same shape from ``place_heads.txt`` words that are not
  organization heads (``ศาลากลางจังหวัด|ลำปาง``).
* No PERSON patterns: an honorific + name is what ``extractor.names`` already
  reads exactly, and the tokenizer splits names unpredictably.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from .lexicon import load_list
from .settings import DATA_DIR

log = logging.getLogger(__name__)

PATTERNS_FILE = DATA_DIR / "ner_patterns.jsonl"
COMMAND = "python -m extractor.ner_patterns"
#: Unit words written before admin names, by level; abbreviations are glued or one space away.
_PROVINCE_WORDS = ("จังหวัด", "จ.")
_DISTRICT_WORDS = ("อำเภอ", "อ.")
#: Organization heads that are admin units (they name a place, which LOCATION covers).
_AREA_HEADS = frozenset({"จังหวัด", "จ.", "อำเภอ"})
#: Most glued tokens between a head and the ``จังหวัด`` that ends the name.
MAX_MIDDLE_TOKENS = 4


def _admin_names() -> tuple[list[str], list[tuple[str, str]]]:
    """Province names and (district name, province code) pairs, from geothai's bundled data."""
    import geothai

    from .gazetteer import bare_district

    provinces = geothai.provinces()
    districts = [(bare_district(d.name_th, p.code), p.code) for p in provinces for d in geothai.districts(p.code)]
    return sorted({p.name_th for p in provinces}), sorted(set(districts))


def _org_lexicon() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in load_list("org_heads.txt"):
        kind, _, rest = line.partition("\t")
        word = rest.split("\t")[0].strip()
        if word:
            out.setdefault(kind.strip(), []).append(word)
    return out


def _prefix_regex(words: list[str]) -> str:
    """``^(?:w1|w2…)``, longest first, for a token that starts with one of ``words``."""
    return "^(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def _ending_in_province(label: str, heads: list[str], provinces: list[str], pid: str) -> list[dict]:
    """Two token shapes of ``<head>…จังหวัด<province>``: จังหวัด glued into the head token, or its own token.

    Every token but the province is glued to the next (``SPACY`` false): the
    tokenizer folds a single space into the word before it, and a space ends
    the name (``ลงพื้นที่อำเภอเกาะคา จังหวัดลำปาง`` is not one facility).
    """
    head = _prefix_regex(heads)
    province = {"TEXT": {"IN": provinces}}
    middle = {"IS_SPACE": False, "IS_PUNCT": False, "SPACY": False, "OP": f"{{0,{MAX_MIDDLE_TOKENS}}}"}
    return [
        {"label": label, "id": pid, "pattern": [{"TEXT": {"REGEX": head + ".*จังหวัด$"}, "SPACY": False}, province]},
        {"label": label, "id": pid, "pattern": [{"TEXT": {"REGEX": head}, "SPACY": False}, middle,
                                                {"TEXT": "จังหวัด", "SPACY": False}, province]},
    ]


def generate() -> list[dict]:
    """All patterns, in a stable order (the JSONL must be byte-identical between runs)."""
    provinces, districts = _admin_names()
    from .gazetteer import BANGKOK

    out: list[dict] = []
    locations: set[str] = set()
    for name in provinces:
        locations.update(w + name for w in _PROVINCE_WORDS)
    for name, code in districts:
        locations.update(w + name for w in _DISTRICT_WORDS)
        if code == BANGKOK:
            locations.add("เขต" + name)
    out += [{"label": "LOCATION", "id": "admin_unit", "pattern": p} for p in sorted(locations)]

    org = _org_lexicon()
    whole = sorted(set(org.get("known", []) + org.get("whole", [])))
    out += [{"label": "ORGANIZATION", "id": "org_known", "pattern": p} for p in whole]
    org_heads = [h for h in org.get("head", []) if h not in _AREA_HEADS]
    out += _ending_in_province("ORGANIZATION", org_heads, provinces, "org_head_province")

    all_org_heads = set(org.get("head", []))
    # a place word that is also the start of an organization head (or the other way) is ambiguous
    places = [w for w in load_list("place_heads.txt")
              if not any(w.startswith(h) or h.startswith(w) for h in all_org_heads)]
    if places:
        out += _ending_in_province("FACILITY", places, provinces, "place_head_province")
    return out


def render(patterns: list[dict]) -> str:
    """The JSONL text of ``patterns`` (one object a line, keys sorted, Thai kept readable)."""
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns)


def write(path: Path = PATTERNS_FILE) -> int:
    """Regenerate the patterns file; returns the number of patterns written."""
    patterns = generate()
    path.write_text(render(patterns), encoding="utf-8")
    return len(patterns)


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate ``extractor/data/ner_patterns.jsonl`` (or the path given)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else PATTERNS_FILE
    n = write(path)
    log.info("wrote %d patterns to %s", n, path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
