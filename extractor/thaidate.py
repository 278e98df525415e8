"""Thai date and time expressions: find them, normalize them, keep their spans.

Works on the same-length view of ``extractor.text`` (ASCII digits, plain
spaces, ASCII dashes), so every offset is an offset into the body.

Dates (``scan_dates`` / ``find_dates``):

* day + month (full ``พฤศจิกายน``, short ``พฤศจิกา``, abbreviated ``พ.ย.``,
  ``พ.ย``, ``พ. ย.``; English for page metadata) + optional year, with
  optional ``วันที่`` / ``วันพฤหัสบดีที่`` before it;
* numeric ``10/11/2565``, ``10-11-65``, ISO and metadata timestamps;
* ranges: ``10-12 พ.ย. 65``, ``30 พ.ย. - 2 ธ.ค. 65``, ``… ถึงวันที่ …``,
  across a year end;
* relative: ``วันนี้``, ``เมื่อวานนี้``, ``เมื่อวันจันทร์ที่ผ่านมา``,
  ``เมื่อวันที่ 10 ที่ผ่านมา``, ``วันที่ 10 นี้`` — resolved against a
  reference date (the publication date); ``วันนี้ (14 พ.ย. 60)`` gives the
  bracketed date.

Years come out Gregorian: a four-digit year above ``BE_THRESHOLD`` or after
``พ.ศ.`` is Buddhist-era (minus 543), a two-digit year is B.E. 25xx, and a
date without a year takes the year that puts it nearest the reference date
(in the past after ``เมื่อ``/``ที่ผ่านมา``, ahead after ``นี้``), so
``28 ธ.ค.`` read in January is last year's. Dates that cannot exist
(``31 ก.พ.``) are not returned but reported as ``DateProblem`` s, as are
weekdays that do not match their date (that date is kept).

Times (``find_times``): ``เวลา 09.00 น.``, ``09:00 น.``, ``13.30 - 16.30 น.``,
military-style ``เวลา 0800`` / ``1330 น.``,
``10 นาฬิกา``, and clock words (``9 โมงเช้า``, ``บ่ายสองโมง``, ``2 ทุ่ม``,
``ตี 5``, ``เที่ยงวัน``).

Every pattern is compiled once from the lexicons in ``data/`` (months,
weekdays, relative_dates, date_cues, time_words) and uses bounded repeats
(`` {0,3}``), so a scan is linear in the text; a cheap look-ahead skips
offsets where no expression can start. Mentions are named tuples: immutable
and cheap to build (single expressions parse at ~100k/s on one core).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import NamedTuple, Optional

from .lexicon import alternation, load_table
from .text import normalize_view

BE_OFFSET = 543
#: A four-digit year above this is Buddhist-era (``2387`` → 1844), else Gregorian.
BE_THRESHOLD = 2200
#: A bare two-digit year this far from the reference is no year (``10 พฤศจิกายน 12 หน่วยงาน``).
TWO_DIGIT_YEAR_SPAN = 15
#: The longest range accepted, in days; two dates further apart are two dates.
MAX_RANGE_DAYS = 400
#: Spaces allowed wherever one may stand (Thai news pads with runs of them).
SP = " {0,3}"

WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_EN = ("", "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")


# ---------------------------------------------------------------- results


class DateMention(NamedTuple):
    """A date (or date range) found in text; ``start``/``end`` are offsets into it.

    Immutable (a named tuple: cheap to build, which the hot path needs).

    ``kind`` is ``date`` (a written month), ``numeric`` (``10/11/2565``),
    ``iso`` (``2022-11-10``) or ``relative`` (``เมื่อวานนี้``). ``cue`` is the
    relative word before an explicit date (``วันนี้`` in ``วันนี้ (14 พ.ย. 60)``)
    or the word a relative date was read from.
    """

    text: str
    start: int
    end: int
    date: dt.date
    end_date: dt.date | None = None
    has_year: bool = True
    weekday: int | None = None
    cue: str | None = None
    kind: str = "date"

    @property
    def weekday_ok(self) -> bool:
        """False only when a weekday was written and the date falls on another day."""
        return self.weekday is None or self.weekday == self.date.weekday()


class TimeMention(NamedTuple):
    """A clock time (or range) found in text, as HH:MM strings; ``cue`` is ``เวลา`` when written."""

    text: str
    start: int
    end: int
    time: str
    end_time: str | None = None
    cue: str | None = None


@dataclass(frozen=True)
class DateProblem:
    """A date expression that was not taken as written: ``kind`` is ``impossible`` or ``weekday``."""

    text: str
    start: int
    end: int
    kind: str
    message: str


@dataclass
class DateScan:
    """All dates in a text and the problems found on the way."""

    dates: list[DateMention]
    problems: list[DateProblem]


# ---------------------------------------------------------------- lexicons


@lru_cache(maxsize=1)
def month_forms() -> dict[str, int]:
    """Every written month form (dots and spaces removed, lower case) → month number."""
    return {_squash(r["form"]): int(r["month"]) for r in load_table("months.tsv")}


@lru_cache(maxsize=1)
def weekday_forms() -> dict[str, int]:
    """Thai weekday name → ``date.weekday()`` number."""
    return {r["form"]: int(r["weekday"]) for r in load_table("weekdays.tsv")}


@lru_cache(maxsize=1)
def relative_forms() -> dict[str, int]:
    """Relative day word (``เมื่อวานนี้``) → offset in days from the reference date."""
    return {r["form"]: int(r["days"]) for r in load_table("relative_dates.tsv")}


@lru_cache(maxsize=1)
def date_cues() -> dict[str, tuple[str, ...]]:
    """Cue role (``past_after``, ``lead``, ``background`` …) → its words, longest first."""
    roles: dict[str, list[str]] = {}
    for r in load_table("date_cues.tsv"):
        roles.setdefault(r["role"], []).append(r["form"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in roles.items()}


@lru_cache(maxsize=1)
def time_words() -> dict[str, dict[str, str]]:
    """Clock-word kind (``num``, ``unit``, ``before``, ``fixed``, ``cued``, ``half``) → form → value."""
    kinds: dict[str, dict[str, str]] = {}
    for r in load_table("time_words.tsv"):
        kinds.setdefault(r["kind"], {})[r["form"]] = r["value"]
    return kinds


def _squash(s: str) -> str:
    return re.sub(r"[.\s]", "", s).lower()


@lru_cache(maxsize=1024)
def _month_number(written: str) -> int:
    """The month of a matched month form (cached: the same few forms recur)."""
    return month_forms()[_squash(written)]


def _prefix_guard(words: list[str], latin: bool = False) -> str:
    """A look-ahead that passes only where a digit or one of ``words`` (first two letters) starts.

    A failing guard is far cheaper than trying every alternative of a big
    pattern at every offset of an article.
    """
    heads = sorted({w[:2] for w in words if w}, key=len, reverse=True)
    firsts = "".join(sorted({re.escape(h[0]) for h in heads}))
    parts = [r"\d"] + [re.escape(h) for h in heads] + ([r"[A-Za-z]"] if latin else [])
    # a one-character class first (cheapest), then the two-letter heads
    return rf"(?=[\d{firsts}{'A-Za-z' if latin else ''}])(?=" + "|".join(parts) + ")"


def _is_vowel_sign(ch: str) -> bool:
    return ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


def _month_pattern(kinds: tuple[str, ...] = ("full", "short", "abbr", "en")) -> str:
    forms = []
    for row in load_table("months.tsv"):
        form, kind = row["form"], row["kind"]
        if kind not in kinds:
            continue
        if kind == "abbr":
            # ม.ค. is also written ม.ค, ม. ค., มค. — but never ม ค: a space needs its dot.
            letters = [c for c in form if c != "."]
            parts = []
            for i, ch in enumerate(letters):
                parts.append(re.escape(ch))
                # dots separate the letters of the abbreviation, never a consonant from its vowel
                if i + 1 < len(letters) and not _is_vowel_sign(letters[i + 1]):
                    parts.append(r"(?:\. {0,2})?")
            # ก.พ.ร., ก.ค.ศ., ส.ค.ส. are bodies and cards, not months: no letter-dot may follow
            # (except the era พ.ศ./ค.ศ. written without a space).
            forms.append("".join(parts) + r"\.?(?!\.?(?!พ\.? ?ศ|ค\.? ?ศ)[ก-ฮ]\.)")
        elif kind == "en":
            forms.append(rf"(?i:{re.escape(form)})\.?(?![a-zA-Z])")
        else:
            forms.append(re.escape(form))
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


# ---------------------------------------------------------------- grammar


@lru_cache(maxsize=1)
def _grammar() -> SimpleNamespace:
    """All compiled patterns, built once from the lexicons."""
    month = _month_pattern()
    wd = alternation(list(weekday_forms()))
    cues = date_cues()
    dirs = alternation(list(cues.get("past_after", ()) + cues.get("future_after", ()) + cues.get("next_after", ())))
    rel = alternation(list(relative_forms()))
    era = r"(?:พ\.? {0,2}ศ\.?|ค\.? {0,2}ศ\.?)"
    day = r"(?<![\d.,:/])[0-3]?\d(?![\d])"
    en_forms = [r["form"] for r in load_table("months.tsv") if r["kind"] == "en"]
    # a failing one-character look-ahead is far cheaper than trying every alternative at every offset
    date_guard = _prefix_guard(["วัน", "เมื่อ", *relative_forms(), *weekday_forms()], latin=bool(en_forms))
    # the guard must stand before the whole alternation, hence the group
    date_re = date_guard + "(?:" + (
        # 2022-11-10, 2565/11/10, 2022-11-10T09:00:00+07:00
        r"(?P<iso>(?<![\d-])(?P<iy>(?:19|20|24|25)\d\d)(?P<isep>[-/])(?P<im>[01]?\d)(?P=isep)(?P<id>[0-3]?\d)"
        r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\d))"
        # 10/11/2565, 10-11-65, 10.11.2565
        r"|(?P<num>(?<![\d/.:-])(?P<nd>[0-3]?\d)(?P<nsep>[/.-])(?P<nm>[01]?\d)(?P=nsep)(?P<ny>\d{4}|\d{2})"
        r"(?![\d/]|[.:]\d))"
        # วันพฤหัสบดีที่ 10 พฤศจิกายน 2565 / 10-12 พ.ย. 65 / วันที่ 10 ถึงวันที่ 12 เดือนพฤศจิกายน พ.ศ. 2565
        # (a weekday may lack its วัน when ที่ follows: วันนี้ (พฤหัสบดีที่ 5 ตุลาคม 2566))
        rf"|(?P<dm>(?:วัน{SP}(?P<wd>(?>{wd})){SP}(?:ที่{SP})?|วันที่{SP}|(?<![ก-๙])(?P<wdb>(?>{wd})){SP}ที่{SP})?"
        rf"(?P<d1>{day})"
        rf"(?:{SP}(?P<dsep>-|ถึง|จนถึง|และ|,){SP}(?:วันที่{SP})?(?P<d2>{day}))?"
        rf"{SP}(?:เดือน{SP})?(?P<mon>{month})"
        rf"(?:{SP}(?:(?P<era>{era}){SP})?(?P<y>\d{{4}}|\d{{2}})(?!\d))?)"
        # November 10, 2022 (page metadata)
        rf"|(?P<mdy>(?P<em>{_month_pattern(('en',))}){SP}(?P<ed>{day})(?:st|nd|rd|th)?,?{SP}(?P<ey>\d{{4}})(?!\d))"
        # เมื่อวันที่ 10 (ที่ผ่านมา) / วันที่ 10 นี้ — a day of a month left unsaid
        rf"|(?P<dd>(?:(?P<ddpast>เมื่อ){SP})?วันที่{SP}(?P<dday>{day})"
        rf"(?!{SP}(?:[-/.,\d]|ถึง|จนถึง|และ|เดือน|{month}))(?:{SP}(?P<dddir>{dirs}))?)"
        # เมื่อวันจันทร์(ที่ผ่านมา) / วันศุกร์นี้ — a weekday without its date
        rf"|(?P<rwd>(?:(?P<rwpast>เมื่อ){SP})?วัน(?P<rwday>(?>{wd}))(?!{SP}(?:ที่{SP})?\d)(?:{SP}(?P<rwdir>{dirs}))?)"
        # วันนี้ / เมื่อวานนี้ / พรุ่งนี้
        rf"|(?P<rel>{rel})"
    ) + ")"
    tw = time_words()
    num = r"(?:\d{1,2}(?![\d.:])|" + alternation(list(tw.get("num", {}))) + ")"
    suffix = r"(?:น\.|นาฬิกา|น(?![ก-๙]))"
    time_guard = _prefix_guard(["เวลา", "ตอน", "ช่วง", *[w for k in ("num", "before", "fixed", "cued")
                                                        for w in tw.get(k, {})]])
    time_re = time_guard + "(?:" + (
        # เวลา 09.00 น. / 13.30 - 16.30 น. / เวลา 09.00-12.00 น. / 09:00 น.
        rf"(?P<clock>(?:(?P<tcue>เวลา){SP}(?:(?:ประมาณ|ราว ?ๆ|ราว){SP})?)?"
        rf"(?<![\d.:/])(?P<h>[0-2]?\d)[.:](?P<mi>[0-5]\d)(?!\d|[.:/]\d)(?P<suf1>{SP}{suffix})?"
        rf"(?:{SP}(?:-|ถึง|จนถึง){SP}(?:เวลา{SP})?(?P<h2>[0-2]?\d)[.:](?P<mi2>[0-5]\d)(?!\d|[.:/]\d)"
        rf"(?P<suf2>{SP}{suffix})?)?)"
        # military style: เวลา 0800 / 1330 น. / 0800-1200 น. (a cue or น. is required: 2567 is a year)
        rf"|(?P<mil>(?:(?P<mcue>เวลา){SP}(?:(?:ประมาณ|ราว ?ๆ|ราว){SP})?)?"
        rf"(?<![\d.:/,])(?P<mh>[01]\d|2[0-3])(?P<mmi>[0-5]\d)(?![\d]|[.:/,]\d)(?P<msuf>{SP}{suffix})?"
        rf"(?:{SP}(?:-|ถึง|จนถึง){SP}(?P<mh2>[01]\d|2[0-3])(?P<mmi2>[0-5]\d)(?!\d|[.:/,]\d)(?P<msuf2>{SP}{suffix})?)?)"
        # 10 นาฬิกา (30 นาที)
        rf"|(?P<oclock>(?:(?P<ocue>เวลา){SP})?(?<![\d.:])(?P<oh>[0-2]?\d){SP}นาฬิกา(?:{SP}(?P<omi>[0-5]?\d){SP}นาที)?)"
        # บ่ายสองโมง / 9 โมงเช้า / 2 ทุ่ม / ตี 5 / เที่ยงวัน / เวลาเที่ยง
        rf"|(?P<words>(?:(?P<wcue>เวลา|ตอน|ช่วง){SP})?(?:"
        rf"(?P<wb>{alternation(list(tw.get('before', {})))}){SP}(?:(?P<wbn>{num}){SP}(?P<wbu>โมง)?|(?P<wbu2>โมง))"
        rf"|(?P<wn>{num}){SP}(?P<wu>{alternation(list(tw.get('unit', {})))})(?!เท|งบ|ทุน)"
        rf"|(?P<wf>{alternation(list(tw.get('fixed', {})))})"
        rf"|(?P<wc>{alternation(list(tw.get('cued', {})))})(?!ตรง|ธรรม)"
        rf")(?P<whalf>{SP}{alternation(list(tw.get('half', {})))})?)"
    ) + ")"
    return SimpleNamespace(
        date=re.compile(date_re),
        time=re.compile(time_re),
        past_after=re.compile(rf"{SP}(?:{alternation(list(cues.get('past_after', ())))})"),
        future_after=re.compile(rf"{SP}(?:{alternation(list(cues.get('future_after', ())))})"),
        range_gap=re.compile(rf"{SP}(?:-|ถึง|จนถึง|ไปจนถึง|to|until){SP}\Z"),
        bracket_gap=re.compile(rf"{SP}\(?{SP}\Z"),
        time_gap=re.compile(rf"{SP}(?:-|ถึง|จนถึง){SP}(?:เวลา{SP})?\Z"),
        # วัน counts as a unit only alone: วันที่/วันพุธ/วันนี้ after a time is the day it happens on
        duration_after=re.compile(rf"{SP}(?:ชั่วโมง|ชม\.|นาที|วินาที|วัน(?!ที่|จันทร์|อังคาร|พุธ|พฤหัส|ศุกร์|เสาร์|อาทิตย์|นี้|เดียวกัน)"
                                  rf"|ปี|เดือน|%|ครั้ง)"),
    )


# ---------------------------------------------------------------- years


def gregorian_year(year_text: str, era: str | None = None, reference: dt.date | None = None) -> int:
    """The Gregorian year of a written year: ``2565``/``65``/``พ.ศ. 2565`` → 2022, ``ค.ศ. 2022`` → 2022."""
    y = int(year_text)
    ce = bool(era) and _squash(era).startswith("ค")
    be = bool(era) and not ce
    if len(year_text) == 2:
        if ce:
            return 2000 + y
        be_year = 2500 + y - BE_OFFSET
        if not be and reference is not None and abs(be_year - reference.year) > TWO_DIGIT_YEAR_SPAN \
                and abs(2000 + y - reference.year) <= 2:
            return 2000 + y  # 10/11/22 read in 2022 is 2022, not B.E. 2522
        return be_year
    if ce:
        return y
    if be or y > BE_THRESHOLD:
        return y - BE_OFFSET
    return y


def resolve_year(year_text: str | None, era: str | None, month: int, reference: dt.date | None) -> tuple[int | None, bool]:
    """The Gregorian year of a written year (or of none, from ``reference``), and whether it was written."""
    if year_text:
        return gregorian_year(year_text, era, reference), True
    if reference is None:
        return None, False
    best = _nearest(month, 1, reference, None, None)
    return (best.year if best else reference.year), False


def _nearest(month: int, day: int, reference: dt.date, direction: str | None,
             weekday: int | None) -> dt.date | None:
    """The date with this month and day nearest ``reference`` (last, this or next year).

    ``direction`` ``past``/``future`` keeps it on that side of the reference when
    it can; a written weekday prefers the year it falls on.
    """
    cands = []
    for y in (reference.year - 1, reference.year, reference.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            pass
    if not cands:
        return None
    if direction == "past":
        cands = [c for c in cands if c <= reference] or cands
    elif direction == "future":
        cands = [c for c in cands if c >= reference] or cands
    if weekday is not None:
        cands = [c for c in cands if c.weekday() == weekday] or cands
    return min(cands, key=lambda c: abs((c - reference).days))


def _possible(month: int, day: int) -> bool:
    """Whether a day and month exist in some year (29 February does)."""
    try:
        dt.date(2000, month, day)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- scanning


class _Atom:
    """One matched date expression before ranges are joined and years filled in.

    Defaults live on the class so that making an atom sets only what differs.
    """

    day = month = day2 = 0
    year: Optional[int] = None
    has_year = False
    weekday: Optional[int] = None
    direction: Optional[str] = None
    cue: Optional[str] = None
    date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    rel_days: Optional[int] = None
    rel_wd: Optional[int] = None
    rel_dir: Optional[str] = None

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start, self.end, self.kind = start, end, kind


def _direction_words(word: str | None) -> str | None:
    if not word:
        return None
    cues = date_cues()
    if word in cues.get("past_after", ()):
        return "past"
    if word in cues.get("next_after", ()):
        return "next"
    if word in cues.get("future_after", ()):
        return "future"
    return None


def _atoms(v: str, reference: dt.date | None) -> list[_Atom]:
    """Every date expression in the view, as atoms, left to right."""
    g = _grammar()
    wds = weekday_forms()
    out: list[_Atom] = []
    for m in g.date.finditer(v):
        s, e = m.span()
        alt = m.lastgroup
        if alt == "dm":
            a = _Atom(s, e, "date")
            a.day, a.month = int(m["d1"]), _month_number(m["mon"])
            if m["wd"] or m["wdb"]:
                a.weekday = wds[m["wd"] or m["wdb"]]
            if m["d2"]:
                a.day2 = int(m["d2"])
                if m["dsep"] in ("และ", ",") and a.day2 != a.day + 1:
                    a.day2 = 0  # "10 และ 12" lists two days; it is no range
            if m["y"]:
                y = gregorian_year(m["y"], m["era"], reference)
                if len(m["y"]) == 2 and not m["era"] and reference is not None \
                        and abs(y - reference.year) > TWO_DIGIT_YEAR_SPAN:
                    a.end = m.start("y")  # not a year: 10 พฤศจิกายน 12 หน่วยงาน
                    while a.end > s and v[a.end - 1] == " ":
                        a.end -= 1
                else:
                    a.year, a.has_year = y, True
        elif alt == "num":
            a = _Atom(s, e, "numeric")
            a.day, a.month = int(m["nd"]), int(m["nm"])
            if not 1 <= a.month <= 12:
                continue  # 09.30.00 is no date
            a.year, a.has_year = gregorian_year(m["ny"], None, reference), True
        elif alt == "iso":
            a = _Atom(s, e, "iso")
            a.day, a.month = int(m["id"]), int(m["im"])
            if not 1 <= a.month <= 12:
                continue
            a.year, a.has_year = gregorian_year(m["iy"]), True
        elif alt == "mdy":
            a = _Atom(s, e, "date")
            a.day, a.month = int(m["ed"]), _month_number(m["em"])
            a.year, a.has_year = int(m["ey"]), True
        elif alt == "dd":
            if reference is None or not (m["ddpast"] or m["dddir"]):
                continue  # "วันที่ 10" alone is no date (วันที่ 10 ของการแข่งขัน)
            a = _Atom(s, e, "relative")
            a.day = int(m["dday"])
            a.rel_dir = _direction_words(m["dddir"]) or "past"
            a.cue = m.group(0)
        elif alt == "rwd":
            if reference is None or not (m["rwpast"] or m["rwdir"]):
                continue  # ทุกวันจันทร์, วันจันทร์-ศุกร์
            a = _Atom(s, e, "relative")
            a.rel_wd = wds[m["rwday"]]
            a.rel_dir = _direction_words(m["rwdir"]) or "past"
            a.cue = m.group(0)
        else:
            a = _Atom(s, e, "relative")
            a.rel_days = relative_forms()[m["rel"]]
            a.cue = m["rel"]
        if a.kind == "date":
            # เมื่อ before / ที่ผ่านมา, นี้ after: which side of the reference a yearless date is on
            if s >= 5 and v[max(0, s - 8):s].rstrip().endswith("เมื่อ"):
                a.direction = "past"
            elif g.past_after.match(v, a.end):
                a.direction = "past"
            elif g.future_after.match(v, a.end):
                a.direction = "future"
        out.append(a)
    return out


def _fill(a: _Atom, reference: dt.date | None) -> None:
    """Resolve an absolute atom's dates from its parts (year from ``reference`` when unwritten)."""
    m2 = a.month
    m1 = a.month
    d1, d2 = a.day, a.day2
    if d2 and d2 < d1:
        m1 = 12 if a.month == 1 else a.month - 1  # วันที่ 30 - 2 ธ.ค.: the range began last month
    if a.has_year:
        y2 = a.year
    elif reference is not None:
        near = _nearest(m2, d2 or d1, reference, a.direction, None if d2 else a.weekday)
        y2 = near.year if near else None
    else:
        y2 = None
    if y2 is None:
        return
    y1 = y2 - 1 if m1 > m2 else y2
    try:
        a.date = dt.date(y1, m1, d1)
        a.end_date = dt.date(y2, m2, d2) if d2 else None
    except ValueError:
        a.date = None


def _on_year(a: _Atom, year: int) -> dt.date | None:
    try:
        return dt.date(year, a.month, a.day)
    except ValueError:
        return None


def _join(a: _Atom, b: _Atom) -> bool:
    """Make ``a`` the range from ``a`` to ``b`` (30 พ.ย. - 2 ธ.ค. 65); False (nothing changed) when no range.

    A side written without a year takes it from the other side, a year apart
    when the range crosses the year end (28 ธ.ค. - 3 ม.ค. 66).
    """
    if a.day2 or b.day2 or a.kind == "relative" or b.kind == "relative":
        return False
    da, db = a.date, b.date
    if b.has_year and not a.has_year and db is not None:
        da = _on_year(a, db.year - 1 if (a.month, a.day) > (b.month, b.day) else db.year)
    elif a.has_year and not b.has_year and da is not None:
        db = _on_year(b, da.year + 1 if (b.month, b.day) < (a.month, a.day) else da.year)
    elif not a.has_year and not b.has_year and db is not None:
        da = _on_year(a, db.year - 1 if (a.month, a.day) > (b.month, b.day) else db.year)
    if da is None or db is None or not da < db or (db - da).days > MAX_RANGE_DAYS:
        return False
    a.date, a.end_date, a.end = da, db, b.end
    a.has_year = a.has_year or b.has_year
    return True


def _relative(a: _Atom, reference: dt.date) -> None:
    """Resolve a relative atom against the reference date."""
    if a.rel_days is not None:
        a.date = reference + dt.timedelta(days=a.rel_days)
    elif a.rel_wd is not None:
        ahead = (a.rel_wd - reference.weekday()) % 7
        if a.rel_dir == "past":
            a.date = reference - dt.timedelta(days=(reference.weekday() - a.rel_wd) % 7 or 7)
        elif a.rel_dir == "next":
            a.date = reference + dt.timedelta(days=ahead or 7)
        else:
            a.date = reference + dt.timedelta(days=ahead)
    else:
        a.date = _nearest_day(a.day, reference, a.rel_dir)


def _nearest_day(day: int, reference: dt.date, direction: str | None) -> dt.date | None:
    """Day ``day`` of this, last or next month, on the side of ``reference`` that ``direction`` says."""
    cands = []
    for shift in (-1, 0, 1):
        mm = reference.month + shift
        yy = reference.year + (mm - 1) // 12
        mm = (mm - 1) % 12 + 1
        try:
            cands.append(dt.date(yy, mm, day))
        except ValueError:
            pass
    if direction == "past":
        cands = [c for c in cands if c <= reference]
    elif direction in ("future", "next"):
        cands = [c for c in cands if c >= reference]
    return min(cands, key=lambda c: abs((c - reference).days)) if cands else None


def _impossible_message(text: str, a: _Atom) -> str:
    bad_day = a.day if not _possible(a.month, a.day) or not a.day2 else a.day2
    month = f"{MONTH_EN[a.month]} {a.year}" if a.has_year and a.year else MONTH_EN[a.month]
    return (f"the date {text!r} cannot exist ({month} has no day {bad_day}); it was left out of the "
            "dates — check the source article for a typing error")


def scan_dates(text: str, reference: dt.date | None = None, *, view: str | None = None) -> DateScan:
    """Every date expression in ``text``, left to right, without overlaps, and the problems met.

    ``reference`` (usually the publication date) supplies missing years and
    anchors relative dates; without it, dates without a year and relative
    dates are left out. Impossible dates are left out and reported.
    """
    v = view if view is not None else normalize_view(text)
    g = _grammar()
    atoms = _atoms(v, reference)
    problems: list[DateProblem] = []
    for a in atoms:
        if a.kind != "relative":
            _fill(a, reference if not a.has_year else None)
    # ranges between two dates: 30 พ.ย. - 2 ธ.ค. 65, วันที่ 30 ... ถึงวันที่ 2 ...
    joined: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and g.range_gap.match(v, a.end, atoms[i + 1].start) and _join(a, atoms[i + 1]):
            i += 1
        joined.append(a)
        i += 1
    found: list[DateMention] = []
    for k, a in enumerate(joined):
        if a.kind == "relative":
            if reference is None:
                continue
            nxt = joined[k + 1] if k + 1 < len(joined) else None
            if a.rel_days is not None and nxt is not None and nxt.kind != "relative" \
                    and g.bracket_gap.match(v[a.end:nxt.start]):
                nxt.cue = a.cue  # วันนี้ (14 พ.ย. 60): the written date wins
                continue
            _relative(a, reference)
            if a.date is None:
                continue
            s, e = _trim(v, a.start, a.end)
            found.append(DateMention(text[s:e], s, e, a.date, None, False, None, a.cue, "relative"))
            continue
        if a.date is None:
            if not (1 <= a.day <= 31 and a.day2 <= 31):
                continue  # 35 พ.ย. is no date at all
            if a.has_year or not _possible(a.month, a.day) or (a.day2 and not _possible(a.month, a.day2)) \
                    or reference is not None:
                s, e = _trim(v, a.start, a.end)
                problems.append(DateProblem(text[s:e], s, e, "impossible", _impossible_message(text[s:e], a)))
            continue  # without a reference a yearless date cannot be placed: not a problem
        if a.end_date is not None and a.end_date <= a.date:
            a.end_date = None
        s, e = _trim(v, a.start, a.end)
        dm = DateMention(text[s:e], s, e, a.date, a.end_date, a.has_year, a.weekday, a.cue, a.kind)
        if not dm.weekday_ok:
            problems.append(DateProblem(
                dm.text, s, e, "weekday",
                f"the weekday written in {dm.text!r} does not match the date: {a.date.isoformat()} is a "
                f"{WEEKDAY_EN[a.date.weekday()]}; the date was kept — check which of the two is wrong"))
        found.append(dm)
    return DateScan(found, problems)


def _trim(v: str, s: int, e: int) -> tuple[int, int]:
    """A span without the spaces a bounded repeat may have taken at either end."""
    while s < e and v[s] == " ":
        s += 1
    while e > s and v[e - 1] == " ":
        e -= 1
    return s, e


def find_dates(text: str, reference: dt.date | None = None, *, view: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps (see ``scan_dates``)."""
    return scan_dates(text, reference, view=view).dates


def parse_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The first date in ``text``, or None."""
    found = find_dates(text, reference)
    return found[0].date if found else None


# ---------------------------------------------------------------- times


def _hhmm(h: int, mi: int) -> str | None:
    if h == 24 and mi == 0:
        h = 0
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    return f"{h:02d}:{mi:02d}"


def _word_number(s: str) -> int:
    return int(s) if s.isdigit() else int(time_words()["num"][s])


def _word_time(m: re.Match[str]) -> str | None:
    """HH:MM of a clock-word match (บ่ายสองโมง, 9 โมงเช้า, 2 ทุ่ม, ตี 5, เที่ยงวัน)."""
    tw = time_words()
    mi = int(tw.get("half", {}).get(m["whalf"].strip(), 30)) if m["whalf"] else 0
    if m["wf"] or m["wc"]:
        if m["wc"] and not m["wcue"]:
            return None  # เที่ยง alone is also "fair"
        hh, mm = (tw["fixed"].get(m["wf"]) or tw["cued"][m["wc"]]).split(":")
        return _hhmm(int(hh), int(mm) + mi)
    if m["wb"]:
        rule = tw["before"][m["wb"]]
        n = _word_number(m["wbn"]) if m["wbn"] else 1  # บ่ายโมง = one in the afternoon
        if rule == "afternoon":
            return _hhmm(n + 12 if n < 12 else n, mi) if 1 <= n <= 6 else None
        if not m["wbn"] or m["wbu"]:
            return None
        return _hhmm(n, mi) if 1 <= n <= 6 else None  # ตี 5
    n = _word_number(m["wn"])
    rule = tw["unit"][m["wu"]]
    if rule == "morning":
        h = n + 6 if 1 <= n <= 5 else n
        return _hhmm(h, mi) if 6 <= h <= 12 else None
    if rule == "evening":
        return _hhmm(n + 12, mi) if 1 <= n <= 6 else None
    if rule == "night":
        return _hhmm((n + 18) % 24, mi) if 1 <= n <= 6 else None
    return _hhmm(n + 12 if 1 <= n <= 5 else n, mi) if 1 <= n <= 12 else None


def find_times(text: str, *, view: str | None = None) -> list[TimeMention]:
    """Clock times: digits with ``เวลา`` before or ``น.``/``นาฬิกา`` after them, and clock words."""
    v = view if view is not None else normalize_view(text)
    g = _grammar()
    atoms: list[list] = []  # [start, end, time, end_time, cue, core_start]
    for m in g.time.finditer(v):
        s, e = m.span()
        alt = m.lastgroup
        if alt == "clock":
            cue = m["tcue"]
            if cue and v[max(0, s - 4):s].rstrip().endswith(("ใช้", "ะยะ", "ป็น", "สละ")):
                cue = None  # ใช้เวลา 2.30 ชั่วโมง is a duration
            if not (cue or m["suf1"] or m["suf2"]) or g.duration_after.match(v, e):
                continue
            t = _hhmm(int(m["h"]), int(m["mi"]))
            t2 = _hhmm(int(m["h2"]), int(m["mi2"])) if m["h2"] else None
            if t is None:
                continue
            atoms.append([s, e, t, t2, cue, m.start("h")])
        elif alt == "mil":
            if not (m["mcue"] or m["msuf"] or m["msuf2"]) or g.duration_after.match(v, e):
                continue
            if m["mcue"] and v[max(0, s - 4):s].rstrip().endswith(("ใช้", "ะยะ", "ป็น", "สละ")):
                continue  # ใช้เวลา 1200 ชั่วโมง
            t = _hhmm(int(m["mh"]), int(m["mmi"]))
            t2 = _hhmm(int(m["mh2"]), int(m["mmi2"])) if m["mh2"] else None
            if t is not None:
                atoms.append([s, e, t, t2, m["mcue"], m.start("mh")])
        elif alt == "oclock":
            t = _hhmm(int(m["oh"]), int(m["omi"] or 0))
            if t is not None:
                atoms.append([s, e, t, None, m["ocue"], m.start("oh")])
        else:
            t = _word_time(m)
            if t is not None:
                core = s + (len(m["wcue"]) if m["wcue"] else 0)
                atoms.append([s, e, t, None, m["wcue"], core])
    out: list[TimeMention] = []
    i = 0
    while i < len(atoms):
        s, e, t, t2, cue, _ = atoms[i]
        if t2 is None and i + 1 < len(atoms) and g.time_gap.match(v[e:atoms[i + 1][5]]):
            e, t2 = atoms[i + 1][1], atoms[i + 1][2]  # 9 โมงเช้า ถึง เที่ยงวัน
            i += 1
        s, e = _trim(v, s, e)
        out.append(TimeMention(text[s:e], s, e, t, t2, cue))
        i += 1
    return out


def parse_time(text: str) -> str | None:
    """The first time in ``text`` as HH:MM, or None."""
    found = find_times(text)
    return found[0].time if found else None
