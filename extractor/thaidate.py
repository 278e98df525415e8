"""Thai date and time expressions: find them, normalize them, keep their spans.

Works on the same-length view of ``extractor.text`` (ASCII digits, plain
spaces), so every offset is an offset into the body. Years come out
Gregorian: a four-digit year above 2400 is Buddhist-era (minus 543), a
two-digit year is B.E. 25xx, and a date without a year takes its year from a
reference date (the publication date), wrapping at the year end.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, load_table
from .text import normalize_view

BE_OFFSET = 543


@dataclass(frozen=True)
class DateMention:
    """A date (or date range) found in text."""

    text: str
    start: int
    end: int
    date: dt.date
    end_date: dt.date | None = None
    has_year: bool = True
    weekday: int | None = None
    cue: str | None = None


@dataclass(frozen=True)
class TimeMention:
    """A clock time (or range) found in text, as HH:MM strings."""

    text: str
    start: int
    end: int
    time: str
    end_time: str | None = None


@lru_cache(maxsize=1)
def month_forms() -> dict[str, int]:
    """Every written month form (dots and spaces removed) → month number."""
    return {_squash(r["form"]): int(r["month"]) for r in load_table("months.tsv")}


@lru_cache(maxsize=1)
def weekday_forms() -> dict[str, int]:
    """Thai weekday name → ``date.weekday()`` number."""
    return {r["form"]: int(r["weekday"]) for r in load_table("weekdays.tsv")}


def _squash(s: str) -> str:
    return re.sub(r"[.\s]", "", s)


def _month_pattern() -> str:
    forms = []
    for row in load_table("months.tsv"):
        form = row["form"]
        if row["kind"] == "abbr":
            # ม.ค. may be written ม.ค, ม. ค., มค.
            letters = [c for c in form if c != "."]
            parts = []
            for i, ch in enumerate(letters):
                parts.append(re.escape(ch))
                # dots separate the letters of the abbreviation, never a consonant from its vowel
                if i + 1 < len(letters) and not _is_vowel_sign(letters[i + 1]):
                    parts.append(r"\.? {0,2}")
            forms.append("".join(parts) + r"\.?")
        else:
            forms.append(re.escape(form))
    forms.sort(key=len, reverse=True)
    return "|".join(forms)


def _is_vowel_sign(ch: str) -> bool:
    return ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    month = _month_pattern()
    weekday = alternation(list(weekday_forms()))
    era = r"(?:(?P<era>พ\.? ?ศ\.?|ค\.? ?ศ\.?) ?)"
    year = rf"(?: ?{era}?(?P<year>\d{{4}}|\d{{2}})(?!\d))"
    wd = rf"(?:วัน(?P<wd>{weekday})(?: ?ที่)? ?|วันที่ ?|ที่ ?)?"
    day = r"(?<!\d)(?P<d1>[0-3]?\d)"
    single = rf"{wd}{day}(?: ?(?:-|ถึง|ถึงวันที่|และ) ?(?P<d2>[0-3]?\d))? ?(?P<m1>{month}){year}?"
    # 30 พ.ย. - 2 ธ.ค. 65 / ตั้งแต่วันที่ 30 พฤศจิกายน 2565 ถึงวันที่ 2 ธันวาคม 2565
    cross = (
        rf"{wd}{day} ?(?P<m1>{month})(?: ?(?:พ\.? ?ศ\.? ?|ค\.? ?ศ\.? ?)?(?P<y1>\d{{4}}|\d{{2}})(?!\d))?"
        rf" ?(?:-|ถึง|จนถึง)(?: ?วัน(?:{weekday})?(?: ?ที่)?)? ?(?P<d2>[0-3]?\d) ?(?P<m2>{month}){year}?"
    )
    numeric = r"(?<![\d/.])(?P<d1>[0-3]?\d)(?P<sep>[/.-])(?P<mon>[01]?\d)(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/])"
    iso = r"(?<!\d)(?P<year>(?:19|20|25)\d\d)-(?P<mon>[01]\d)-(?P<d1>[0-3]\d)(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    clock = r"(?P<h>[0-2]?\d)[.:](?P<mi>[0-5]\d)"
    clock2 = r"(?P<h2>[0-2]?\d)[.:](?P<mi2>[0-5]\d)"
    time = (
        rf"(?:(?P<cue>เวลา|ตั้งแต่เวลา|ในเวลา) ?)?(?<![\d.:]){clock}(?: ?(?:น\.?|นาฬิกา))?"
        rf"(?: ?(?:-|ถึง|จนถึง) ?(?:เวลา ?)?{clock2})?(?P<suffix> ?(?:น\.|น(?![ก-๙])|นาฬิกา))?"
    )
    # Thai news pads with runs of spaces anywhere; allow a few wherever one may stand.
    cross, single, time = (x.replace(" ?", " {0,3}") for x in (cross, single, time))
    return {
        "cross": re.compile(cross),
        "single": re.compile(single),
        "numeric": re.compile(numeric),
        "iso": re.compile(iso),
        "time": re.compile(time),
    }


def resolve_year(year_text: str | None, era: str | None, month: int, reference: dt.date | None) -> tuple[int | None, bool]:
    """The Gregorian year of a written year (or of none, from ``reference``), and whether it was written."""
    if year_text:
        y = int(year_text)
        if len(year_text) == 2:
            y += 2500 if not (era and era.startswith("ค")) else 2000
        if era and era.startswith("ค"):
            return y, True
        if y > 2400:
            y -= BE_OFFSET
        return y, True
    if reference is None:
        return None, False
    y = reference.year
    # A month far after the reference month belongs to the year before (news reports the past).
    if month - reference.month > 6:
        y -= 1
    elif reference.month - month > 6 and month < reference.month:
        y += 0
    return y, False


def _safe_date(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, reference: dt.date | None = None, *, view: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps.

    ``reference`` (usually the publication date) supplies missing years. Dates
    that cannot exist (``31 ก.พ.``) are left out.
    """
    v = view if view is not None else normalize_view(text)
    pats = _patterns()
    months = month_forms()
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in pats["cross"].finditer(v):
        m1, m2 = months[_squash(m["m1"])], months[_squash(m["m2"])]
        y2, has = resolve_year(m["year"], m["era"], m2, reference)
        y1 = resolve_year(m["y1"], None, m1, reference)[0] if m["y1"] else (y2 - 1 if y2 and m1 > m2 else y2)
        d1, d2 = _safe_date(y1, m1, int(m["d1"])), _safe_date(y2, m2, int(m["d2"]))
        if d1 and d2 and free(*m.span()):
            taken.append(m.span())
            found.append(_mention(text, m, d1, d2, has))
    for m in pats["single"].finditer(v):
        if not free(*m.span()):
            continue
        mon = months[_squash(m["m1"])]
        y, has = resolve_year(m["year"], m["era"], mon, reference)
        d1 = _safe_date(y, mon, int(m["d1"]))
        d2 = _safe_date(y, mon, int(m["d2"])) if m["d2"] else None
        if d1 is None or (m["d2"] and (d2 is None or d2 <= d1)):
            continue
        taken.append(m.span())
        found.append(_mention(text, m, d1, d2, has))
    for key in ("iso", "numeric"):
        for m in pats[key].finditer(v):
            if not free(*m.span()):
                continue
            y, has = resolve_year(m["year"], None, int(m["mon"]), reference)
            d1 = _safe_date(y, int(m["mon"]), int(m["d1"]))
            if d1 is None:
                continue
            taken.append(m.span())
            found.append(DateMention(text[m.start():m.end()], m.start(), m.end(), d1, None, has, None))
    found.sort(key=lambda d: d.start)
    return found


def _mention(text: str, m: re.Match[str], d1: dt.date, d2: dt.date | None, has_year: bool) -> DateMention:
    wd = m.groupdict().get("wd")
    return DateMention(
        text=text[m.start():m.end()].strip(),
        start=m.start(),
        end=m.end(),
        date=d1,
        end_date=d2,
        has_year=has_year,
        weekday=weekday_forms().get(wd) if wd else None,
    )


def parse_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The first date in ``text``, or None."""
    found = find_dates(text, reference)
    return found[0].date if found else None


def find_times(text: str, *, view: str | None = None) -> list[TimeMention]:
    """Clock times written with ``เวลา`` before or ``น.``/``นาฬิกา`` after them."""
    v = view if view is not None else normalize_view(text)
    out: list[TimeMention] = []
    for m in _patterns()["time"].finditer(v):
        if not (m["cue"] or m["suffix"] or re.match(r" ?(?:น\.?|นาฬิกา)", v[m.end("mi"):m.end("mi") + 7])):
            continue
        h, mi = int(m["h"]), int(m["mi"])
        if h > 24:
            continue
        end = None
        if m["h2"]:
            h2 = int(m["h2"])
            if h2 <= 24:
                end = f"{h2:02d}:{m['mi2']}"
        out.append(TimeMention(text[m.start():m.end()].strip(), m.start(), m.end(), f"{h:02d}:{mi:02d}", end))
    return out
