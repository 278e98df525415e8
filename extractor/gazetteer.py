"""Thai provinces, districts and subdistricts: a thin, cached wrapper over ``geothai``.

The venue extractor reads admin units from the text (``อ.ปากท่อ``,
``จังหวัดราชบุรี``, ``เขตดุสิต``, ``กทม.``) and hands the bare names to
``resolve``, which checks them against the gazetteer and returns the bare
names, the DOPA code of the smallest unit it could pin down, and warnings in
words for what it could not. Nothing is dropped: a name the gazetteer does
not know comes back as written, with a warning.

The indexes are built once per process, on first use, from geothai's bundled
data (no network); ``load_seconds()`` says how long that took.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import load_table

log = logging.getLogger(__name__)

BANGKOK = "10"
#: The capital district of a province is written ``อำเภอเมือง`` without the province name.
CAPITAL_WORD = "เมือง"
#: Longest admin name looked for at the start of glued text (longest real name is ~25).
MAX_NAME = 40

_load_seconds: float | None = None
#: Letters that writers confuse in place names (สุราษฏร์ for สุราษฎร์); folded on both sides.
_FOLD = str.maketrans({"ฏ": "ฎ"})


@dataclass(frozen=True)
class Resolved:
    """Bare unit names after checking them against the gazetteer."""

    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None
    admin_code: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Index:
    provinces: dict[str, tuple[Any, ...]]
    districts: dict[str, tuple[Any, ...]]
    subdistricts: dict[str, tuple[Any, ...]]
    province_by_code: dict[str, Any]
    district_by_code: dict[str, Any]


@lru_cache(maxsize=1)
def unit_words() -> dict[str, dict[str, str]]:
    """``admin_units.tsv`` keyed by the written word (``อ.`` → level district, form abbr)."""
    return {r["word"]: r for r in load_table("admin_units.tsv")}


@lru_cache(maxsize=1)
def _prefix_re() -> re.Pattern[str]:
    words = [w for w, r in unit_words().items() if r["form"] in ("full", "abbr") and r["level"] != "village"]
    words.sort(key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")\s*")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A name in one comparable form: NFC, no spaces or dots, no leading unit word."""
    s = unicodedata.normalize("NFC", name).replace("\u0e4d\u0e32", "\u0e33")
    s = re.sub(r"[\s\u200b\u00a0]+", "", s.strip())
    s = _prefix_re().sub("", s)
    return s.replace(".", "").translate(_FOLD)


def bare_district(name_th: str, province_code: str) -> str:
    """``เขตดุสิต`` → ``ดุสิต`` for Bangkok; other district names are already bare."""
    if province_code == BANGKOK and name_th.startswith("เขต"):
        return name_th[3:]
    return name_th


def _group(pairs) -> dict[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for key, item in pairs:
        out.setdefault(key, []).append(item)
    return {k: tuple(sorted(v, key=lambda a: a.code)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Build the name indexes once (geothai reads its bundled JSON; no network)."""
    global _load_seconds
    started = time.perf_counter()
    import geothai

    provinces = geothai.provinces()
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
    by_code = {p.code: p for p in provinces}
    prov_pairs = [(normalize_name(p.name_th), p) for p in provinces]
    for word, row in unit_words().items():
        if row["level"] == "province" and row["form"] == "alias":
            target = next((p for p in provinces if p.name_th == row["name"]), None)
            if target is not None:
                prov_pairs.append((normalize_name(word), target))
    index = _Index(
        provinces=_group(prov_pairs),
        districts=_group((normalize_name(bare_district(d.name_th, d.province_code)), d) for d in districts),
        subdistricts=_group((normalize_name(s.name_th), s) for s in subdistricts),
        province_by_code=by_code,
        district_by_code={d.code: d for d in districts},
    )
    _load_seconds = time.perf_counter() - started
    log.debug("gazetteer indexes built in %.3f s", _load_seconds)
    return index


def load_seconds() -> float:
    """Seconds the one-time index build took (builds it if it has not run yet)."""
    _index()
    return _load_seconds or 0.0


def _table(level: str) -> dict[str, tuple[Any, ...]]:
    idx = _index()
    return {"province": idx.provinces, "district": idx.districts, "subdistrict": idx.subdistricts}[level]


def is_known(name: str, level: str) -> bool:
    """Whether the gazetteer has a unit of ``level`` with this name (``เมือง`` counts as a district)."""
    key = normalize_name(name)
    if level == "district" and key == CAPITAL_WORD:
        return True
    return bool(key) and key in _table(level)


def match_prefix(text: str, level: str) -> str | None:
    """The longest known name of ``level`` that ``text`` starts with (for names glued to what follows)."""
    table = _table(level)
    for n in range(min(len(text), MAX_NAME), 1, -1):
        head = text[:n]
        if head[-1] in " .":
            continue
        if normalize_name(head) in table and not _splits_a_syllable(text, n):
            return head
    if level == "district" and text.startswith(CAPITAL_WORD):
        return CAPITAL_WORD
    return None


def _splits_a_syllable(text: str, n: int) -> bool:
    """A cut before a Thai vowel sign or tone mark would end the name inside a syllable."""
    if n >= len(text):
        return False
    ch = text[n]
    return "\u0e30" <= ch <= "\u0e3a" or ch == "\u0e45" or "\u0e47" <= ch <= "\u0e4e"


def resolve(subdistrict: str | None = None, district: str | None = None,
            province: str | None = None) -> Resolved:
    """Check written unit names against the gazetteer.

    Returns bare names (``อ.ปากท่อ`` → ``ปากท่อ``), canonical where the
    gazetteer knows them and as written where it does not, and the DOPA code
    of the smallest unit pinned down. A containing unit settles an ambiguous
    name; ``เมือง`` with a province is that province's capital district; a
    district (or subdistrict) that exists in one province only gives the
    province when none is written.
    """
    idx = _index()
    warnings: list[str] = []
    p_obj = d_obj = s_obj = None
    p_name = _bare(province)
    d_name = _bare(district)
    s_name = _bare(subdistrict)

    if p_name:
        found = idx.provinces.get(normalize_name(p_name), ())
        if found:
            p_obj = found[0]
            p_name = p_obj.name_th
        else:
            warnings.append(f"venue: province {p_name!r} is not in the gazetteer; kept as written")

    if d_name:
        key = normalize_name(d_name)
        if key == CAPITAL_WORD:
            if p_obj is not None and p_obj.code != BANGKOK:
                d_obj = idx.district_by_code.get(p_obj.code + "01")
            else:
                warnings.append("venue: 'อำเภอเมือง' is written without a province; the district is left as written")
        else:
            found = idx.districts.get(key, ())
            if p_obj is not None:
                inside = tuple(d for d in found if d.province_code == p_obj.code)
                if found and not inside:
                    warnings.append(f"venue: district {d_name!r} is not in province {p_name!r} "
                                    "in the gazetteer; kept as written")
                found = inside
            if len(found) == 1:
                d_obj = found[0]
            elif len(found) > 1:
                warnings.append(f"venue: district {d_name!r} exists in {len(found)} provinces and no "
                                "province is written; left without a code")
            elif not idx.districts.get(key):
                warnings.append(f"venue: district {d_name!r} is not in the gazetteer; kept as written")
        if d_obj is not None:
            d_name = bare_district(d_obj.name_th, d_obj.province_code)
            if p_obj is None:
                p_obj = idx.province_by_code[d_obj.province_code]
                p_name = p_obj.name_th

    if s_name:
        found = idx.subdistricts.get(normalize_name(s_name), ())
        if d_obj is not None:
            found = tuple(s for s in found if s.district_code == d_obj.code)
        elif p_obj is not None:
            found = tuple(s for s in found if s.province_code == p_obj.code)
        if len(found) == 1:
            s_obj = found[0]
            s_name = s_obj.name_th
            if d_obj is None and not d_name:
                d_obj = idx.district_by_code.get(s_obj.district_code)
                if d_obj is not None:
                    d_name = bare_district(d_obj.name_th, d_obj.province_code)
            if p_obj is None and not p_name:
                p_obj = idx.province_by_code[s_obj.province_code]
                p_name = p_obj.name_th
        elif not found and idx.subdistricts.get(normalize_name(s_name)):
            where = d_name or p_name
            warnings.append(f"venue: subdistrict {s_name!r} is not in {where!r} in the gazetteer; kept as written")
        elif not found:
            warnings.append(f"venue: subdistrict {s_name!r} is not in the gazetteer; kept as written")

    code = next((o.code for o in (s_obj, d_obj, p_obj) if o is not None), None)
    return Resolved(s_name or None, d_name or None, p_name or None, code, tuple(warnings))


def _bare(name: str | None) -> str | None:
    """A written name without its unit word and surrounding spaces (``อ. ปากท่อ`` → ``ปากท่อ``)."""
    if not name:
        return None
    s = _prefix_re().sub("", unicodedata.normalize("NFC", name).strip()).strip()
    return s or None
