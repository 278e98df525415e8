"""Where the main event happened: the place and its admin units.

A venue mention starts at a cue (``ณ``; or ``ที่``/``บริเวณ``/``ภายใน`` before
a place word or an admin unit) and runs over space-separated chunks: first the
place (``ห้องประชุมที่ว่าการอำเภอปากท่อ``, ``ห้องประชุม 401 ... ชั้น 4 ...``)
until a chunk that starts an admin unit or ends the phrase (a person, the
next clause), then the admin units (``อำเภอปากท่อ จังหวัดราชบุรี``,
``ต.ปากน้ำโพ อ.เมืองนครสวรรค์ จ.นครสวรรค์``, ``แขวงดุสิต เขตดุสิต กทม.``).
The units are checked against the gazetteer; a unit glued inside the place
(``ที่ว่าการอำเภอกุดชุม``) fills a level the text does not give separately.

The main event's venue is chosen from the main event's paragraph
(``main_event``: the lead holding the event date, or a later event the
headline reports), preferring a ``ณ`` mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import gazetteer
from ..lexicon import load_list
from ..records import Venue
from ..text import Doc
from . import main_event, register
from .base import Context

#: The longest place text taken, in characters, and the most chunks.
MAX_PLACE = 130
#: How far after a venue cue its place and admin units are read.
MAX_MENTION = 400
#: Chunks skipped between a place and its admin units (a bracketed abbreviation, a village name).
MAX_ASIDE_CHUNKS = 2
MAX_CHUNKS = 9
#: An unknown chunk (no place word, number or name) longer than this is the next clause.
MAX_UNKNOWN_CHUNK = 25
#: Spaces allowed between a unit word and its name (``อ. ปากท่อ``).
UNIT_GAP = 2
_LEVELS = ("subdistrict", "district", "province")
_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_VILLAGE_NO = re.compile(r" {1,2}หมู่(?:ที่)? ?\d")


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """``venue_cues.txt`` grouped by kind (strong, weak, not_place, stop, in)."""
    out: dict[str, list[str]] = {}
    for line in load_list("venue_cues.txt"):
        kind, _, word = line.partition("\t")
        out.setdefault(kind.strip(), []).append(word.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def place_heads() -> tuple[str, ...]:
    """Words a place name starts with, longest first."""
    return tuple(sorted(load_list("place_heads.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _unit_forms() -> tuple[tuple[str, dict[str, str]], ...]:
    """Unit words (full, abbreviated, alias), longest first, with their rows."""
    return tuple(sorted(gazetteer.unit_words().items(), key=lambda kv: len(kv[0]), reverse=True))


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    strong = "|".join(re.escape(c) for c in cues().get("strong", ()))
    weak = "|".join(re.escape(c) for c in sorted(cues().get("weak", ()) + cues().get("site", ()), key=len, reverse=True))
    # ณ stands alone (ณ is also a letter inside words: คณะ, ประมาณ); weak cues are checked by what follows.
    return re.compile(rf"(?<![\u0e01-\u0e4e])(?P<strong>{strong})(?![\u0e01-\u0e4e])|(?P<weak>{weak})")


def starts_with_any(text: str, words: tuple[str, ...]) -> str | None:
    """The first (longest) entry of ``words`` that ``text`` starts with."""
    for w in words:
        if text.startswith(w):
            return w
    return None


@dataclass
class Unit:
    """One admin unit read from the text."""

    level: str
    name: str
    start: int
    end: int
    glued: bool = False


@dataclass
class Mention:
    """A venue phrase: its place span and the units written after (or inside) it."""

    cue_start: int
    start: int
    end: int
    strong: bool
    place: tuple[int, int] | None = None
    units: list[Unit] = field(default_factory=list)

    def has(self, level: str) -> bool:
        return any(u.level == level for u in self.units)


def read_unit(view: str, i: int, line_end: int, after_unit: bool = False) -> Unit | None:
    """An admin unit starting exactly at ``i`` (``อำเภอปากท่อ``, ``จ. ราชบุรี``, ``กทม.``, ``หมู่ที่ 5``)."""
    rest = view[i:line_end]
    for word, row in _unit_forms():
        if not rest.startswith(word):
            continue
        level, form = row["level"], row["form"]
        if form == "alias":
            if _THAI_CONSONANT.match(rest[len(word):len(word) + 1] or " "):
                continue  # กรุงเทพฯ is whole; กรุงเทพมหานครฯ glued to a word is not a bare alias
            return Unit(level, row["name"], i, i + len(word))
        j = i + len(word)
        gap = len(rest[len(word):]) - len(rest[len(word):].lstrip(" "))
        if gap > UNIT_GAP:
            continue
        j += gap
        tail = view[j:line_end]
        if level == "village":
            m = re.match(r"\d{1,3}(?!\d)", tail)
            if m and (word != "หมู่" or gap):
                return Unit(level, m.group(), i, j + m.end())
            continue
        known = gazetteer.match_prefix(tail, level)
        if known:
            return Unit(level, known, i, j + len(known))
        if row.get("needs_known") == "yes" or form == "abbr" and not tail[:1].strip():
            continue
        m = re.match(r"[\u0e01-\u0e4e]+", tail)
        if m and len(m.group()) >= 2:
            return Unit(level, m.group(), i, j + m.end())
    if after_unit:
        known = gazetteer.match_prefix(rest, "province")
        if known and not _THAI_CONSONANT.match(rest[len(known):len(known) + 1] or " "):
            return Unit("province", known, i, i + len(known))
    return None


def read_chain(view: str, i: int, line_end: int) -> tuple[list[Unit], int]:
    """Admin units written one after another from ``i``; returns them and where they end."""
    units: list[Unit] = []
    end = i
    pos = i
    while pos < line_end:
        pos = _skip_gap(view, pos, line_end)
        if starts_with_any(view[pos:line_end], cues().get("village", ())):
            name_end = _chunk_end(view, pos, line_end)
            if _VILLAGE_NO.match(view, name_end):
                pos = _skip_gap(view, name_end, line_end)  # บ้าน… before หมู่ที่ N names the village
        lead = starts_with_any(view[pos:line_end], cues().get("in", ()))
        start = pos + len(lead) if lead else pos
        unit = read_unit(view, start, line_end, after_unit=bool(units))
        if unit is None and lead:
            unit = read_unit(view, _skip_gap(view, start, line_end), line_end, after_unit=bool(units))
        if unit is None or any(u.level == unit.level for u in units):
            break
        units.append(unit)
        end = pos = unit.end
        if unit.level == "village":  # หมู่ 4 บ้านควนโพธิ์ ต.…: the village's name between the units
            nxt = _skip_gap(view, pos, line_end)
            if starts_with_any(view[nxt:line_end], cues().get("village", ())):
                name_end = _chunk_end(view, nxt, line_end)
                if read_unit(view, _skip_gap(view, name_end, line_end), line_end, after_unit=True) is not None:
                    end = pos = name_end
    return units, end


def _units_after_aside(view: str, pos: int, line_end: int) -> tuple[list[Unit], int]:
    """Admin units after at most ``MAX_ASIDE_CHUNKS`` chunks that are an aside between a place and
    its units: an abbreviation in brackets or a village's name (``ศูนย์… (ศพก.) บ้านโนนสว่าง ตำบล…``)."""
    for _ in range(MAX_ASIDE_CHUNKS):
        pos = _skip_gap(view, pos, line_end)
        if not (view.startswith("(", pos) or starts_with_any(view[pos:line_end], cues().get("village", ()))):
            break
        pos = _chunk_end(view, pos, line_end)
        units, end = read_chain(view, pos, line_end)
        if units:
            return units, end
    return [], pos


def _skip_gap(view: str, pos: int, end: int) -> int:
    # a line break inside [pos, end) is a hard wrap: the caller's end is the sentence's (main_event.line_end)
    while pos < end and view[pos] in " ,\n":
        pos += 1
    return pos


def _chunk_end(view: str, pos: int, line_end: int) -> int:
    """End of the space-separated chunk at ``pos``; a quoted name counts as one chunk."""
    opener = view[pos] if pos < line_end else ""
    closer = {"“": "”", '"': '"', "‘": "’", "'": "'"}.get(opener)
    if closer:
        k = view.find(closer, pos + 1, min(line_end, pos + 120))
        if k > 0:
            m = re.match(r"\S*", view[k + 1:line_end])
            return k + 1 + (m.end() if m else 0)
    m = re.match(r"[^ ,\n]+", view[pos:line_end])
    return pos + (m.end() if m else 0)


def read_place(view: str, i: int, line_end: int) -> tuple[tuple[int, int] | None, int]:
    """The place from ``i``: chunks up to an admin unit or a chunk that ends the phrase."""
    stops, heads = cues().get("stop", ()), place_heads()
    pos, end, n = i, i, 0
    while pos < line_end and n < MAX_CHUNKS:
        if n:
            nxt = _skip_gap(view, pos, line_end)
            if nxt >= line_end or "," in view[pos:nxt]:
                break  # a comma ends the place
            pos = nxt
        chunk_end = _chunk_end(view, pos, line_end)
        chunk = view[pos:chunk_end]
        if not chunk:
            break
        unit = read_unit(view, pos, line_end)
        lead = starts_with_any(chunk, cues().get("in", ()))
        if lead and unit is None:
            unit = read_unit(view, _skip_gap(view, pos + len(lead), line_end), line_end)
        if unit is not None:
            break
        if n and not _continues_place(chunk, stops, heads):
            break
        if n and starts_with_any(chunk, cues().get("village", ())) and _VILLAGE_NO.match(view, pos + len(chunk)):
            break  # บ้าน… หมู่ที่ 5: the village of the place, not part of its name
        if chunk.startswith("(") and not starts_with_any(chunk[1:], heads):
            break  # an abbreviation in brackets after a place is not part of its name
        if pos + len(chunk) - i > MAX_PLACE:
            break
        end = pos + len(chunk)
        pos = end
        n += 1
    end = _trim_end(view, i, end)
    return ((i, end) if end > i else None), end


def _continues_place(chunk: str, stops: tuple[str, ...], heads: tuple[str, ...]) -> bool:
    """Whether a chunk after the first one still belongs to the place name."""
    if starts_with_any(chunk, heads):
        return True
    if starts_with_any(chunk, stops):
        return False
    if chunk[0] in "“\"'‘(":
        return True
    return len(chunk) <= MAX_UNKNOWN_CHUNK


def _trim_end(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1] in " ,.;:-/":
        end -= 1
    return end


def glued_units(view: str, start: int, end: int) -> list[Unit]:
    """Admin units written inside a place name (``ที่ว่าการอำเภอกุดชุม``), only names the gazetteer knows."""
    out: list[Unit] = []
    for word, row in _unit_forms():
        if row["form"] != "full" or row["level"] == "village":
            continue
        for m in re.finditer(re.escape(word), view[start:end]):
            tail = view[start + m.end():end]
            known = gazetteer.match_prefix(tail, row["level"])
            after = tail[len(known):len(known) + 1] if known else ""
            if known and not _THAI_CONSONANT.match(after or " ") and not any(u.level == row["level"] for u in out):
                s = start + m.start()
                out.append(Unit(row["level"], known, s, start + m.end() + len(known), glued=True))
    return out


def trailing_province(view: str, start: int, end: int) -> Unit | None:
    """A province name ending the place (``โรงแรม... อุดรธานี``, ``วิทยาลัย...สุราษฎร์ธานี``)."""
    text = view[start:end]
    for k in range(max(0, len(text) - gazetteer.MAX_NAME), len(text) - 3):
        name = text[k:]
        if k and _is_mark(text[k]):
            continue
        if gazetteer.is_known(name, "province") and (k == 0 or text[k - 1] == " " or len(name) >= 5):
            return Unit("province", name, start + k, end, glued=True)
    return None


def _is_mark(ch: str) -> bool:
    return "\u0e30" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e" or ch == "\u0e45"


def find_mentions(doc: Doc, lo: int, hi: int) -> list[Mention]:
    """Venue mentions whose cue lies in ``[lo, hi)``, in text order, none inside another."""
    return doc.memo_get(("venue_mentions", lo, hi), lambda: _find_mentions(doc, lo, hi))


def _find_mentions(doc: Doc, lo: int, hi: int) -> list[Mention]:
    view = doc.view
    out: list[Mention] = []
    taken = lo
    in_names = _name_spans(doc)
    for m in _cue_re().finditer(view, lo, hi):
        if m.start() < taken:
            continue
        if _inside(in_names, m.start()):
            continue  # ณ in a family name (เกียรติศักดิ์ ณ นครพนม), not a venue cue
        strong = m.group("strong") is not None
        # a mention is short: never look further than MAX_MENTION, so a long line stays linear
        line_end = main_event.line_end(doc, m.end(), min(hi, m.end() + MAX_MENTION))
        i = _skip_gap(view, m.end(), line_end) if strong else m.end()
        if not strong and i != m.end():
            continue  # a weak cue is glued to its place (ที่ศูนย์..., บริเวณลาน...)
        rest = view[i:line_end]
        if strong:
            if starts_with_any(rest, cues().get("not_place", ())) or not rest[:1].strip():
                continue
        elif m.group("weak") in cues().get("site", ()):
            if not starts_with_any(rest, cues().get("site_head", ())):
                continue
        else:
            if not (starts_with_any(rest, place_heads()) or read_unit(view, i, line_end)):
                continue
        mention = read_mention(view, m.start(), i, line_end, strong)
        if mention is not None:
            out.append(mention)
            taken = mention.end
    return out


def _name_spans(doc: Doc) -> tuple[list[int], list[int]]:
    """Starts and ends of the person mentions, sorted, for ``_inside``."""
    from ..names import mentions_for  # names is heavier than venues needs unless a cue is read

    spans = sorted((m.start, m.end) for m in mentions_for(doc))
    return [s for s, _ in spans], [e for _, e in spans]


def _inside(spans: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = spans
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def read_mention(view: str, cue_start: int, i: int, line_end: int, strong: bool) -> Mention | None:
    """Place and units from ``i`` (just after the cue)."""
    first = read_unit(view, i, line_end)
    place = None
    pos = i
    if first is None:
        place, pos = read_place(view, i, line_end)
    units, end = read_chain(view, pos, line_end)
    if place is not None and not units:
        units, aside_end = _units_after_aside(view, pos, line_end)
        end = aside_end if units else end
    if place is None and not units:
        return None
    village = next((u for u in units if u.level == "village"), None)
    if place is None and village is not None:
        place = (village.start, village.end)  # only a village is named: it is the site
    mention = Mention(cue_start, i, max(end, place[1] if place else i), strong, place, units)
    if place is not None:
        for u in glued_units(view, *place):
            if not mention.has(u.level):
                mention.units.append(u)
        if not mention.has("province"):
            tp = trailing_province(view, *place)
            if tp is not None:
                mention.units.append(tp)
    return mention


def paragraph_of(doc: Doc, pos: int) -> tuple[int, int] | None:
    """The paragraph (non-empty line) holding ``pos``."""
    for s, e in doc.paragraphs:
        if s <= pos < e:
            return s, e
    return None


def lead_paragraph(doc: Doc, ctx: Context) -> tuple[int, int] | None:
    """The block that narrates the event date ``dates`` chose (see ``main_event.lead_block``)."""
    return main_event.lead_block(doc, ctx)


def event_paragraph(doc: Doc, ctx: Context) -> tuple[int, int] | None:
    """The block narrating the main event (``events[0]``): see ``main_event.main_paragraph``."""
    return main_event.main_paragraph(doc, ctx)


def choose(mentions: list[Mention], lead: tuple[int, int] | None) -> Mention | None:
    """The main event's venue: a ``ณ`` mention in the lead paragraph, else the best one after it."""
    def rank(pool: list[Mention]) -> Mention | None:
        strong = [m for m in pool if m.strong]
        weak_with_place = [m for m in pool if not m.strong and m.place]
        return (strong or weak_with_place or pool or [None])[0]

    if lead is not None:
        inside = [m for m in mentions if lead[0] <= m.cue_start < lead[1]]
        best = rank(inside)
        if best is not None:
            return best
        after = [m for m in mentions if m.cue_start >= lead[1] and m.strong]
        if after:
            return after[0]
    return rank(mentions)


def _province_hint(doc: Doc, ctx: Context, mentions: list[Mention], lead: tuple[int, int] | None,
                   chosen_place: tuple[int, int] | None = None) -> Unit | None:
    """A province for a venue that names none: an area-only mention in the lead paragraph
    (``ลงพื้นที่จังหวัด…``), else, for a venue without a site, the one province the headline names."""
    if lead is not None:
        # Only a mention that names an area and no site (ลงพื้นที่จังหวัด..., ในพื้นที่จังหวัด...):
        # a site elsewhere in the paragraph may be another place altogether.
        for m in mentions:
            if lead[0] <= m.cue_start < lead[1] and m.place is None:
                for u in m.units:
                    if u.level == "province" and gazetteer.is_known(u.name, "province"):
                        return u
    if ctx.headline_span and chosen_place is None:
        # Only for a venue that names no site: a named site (ทำเนียบรัฐบาล, a hotel) may lie
        # outside the province the headline is about.
        s, e = ctx.headline_span
        found = {}
        for m in re.finditer(r"(?:จังหวัด|จ\.) ?", doc.view[s:e]):
            name = gazetteer.match_prefix(doc.view[s + m.end():e], "province")
            if name:
                found.setdefault(gazetteer.normalize_name(name), Unit("province", name, s + m.end(), s + m.end() + len(name)))
        if len(found) == 1:
            return next(iter(found.values()))
    return None


def to_venue(doc: Doc, mention: Mention, ctx: Context, hint: Unit | None = None) -> Venue:
    """Resolve a mention's units against the gazetteer and build the Venue."""
    written = {lvl: next((u.name for u in mention.units if u.level == lvl and not u.glued), None) for lvl in _LEVELS}
    glued = {lvl: next((u.name for u in mention.units if u.level == lvl and u.glued), None) for lvl in _LEVELS}
    res = gazetteer.resolve(written["subdistrict"], written["district"], written["province"])
    merged = {lvl: written[lvl] or glued[lvl] for lvl in _LEVELS}
    if merged != written:
        # A unit inside the place name helps only when it agrees with what is written.
        trial = gazetteer.resolve(merged["subdistrict"], merged["district"], merged["province"])
        if len(trial.warnings) <= len(res.warnings):
            res = trial
    if res.province is None and hint is not None:
        trial = gazetteer.resolve(res.subdistrict, res.district, hint.name)
        if len(trial.warnings) <= len(res.warnings):
            res = trial
    for w in res.warnings:
        ctx.warn(w)
    place = None
    if mention.place is not None:
        ps, pe = mention.place
        place = doc.text[ps:pe].strip()
    return Venue(
        text=doc.text[mention.start:mention.end].strip(),
        place=place or None,
        subdistrict=res.subdistrict,
        district=res.district,
        province=res.province,
        admin_code=res.admin_code,
        span=(mention.start, mention.end),
    )


@register("venues")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``venue`` of the main event."""
    zs, ze = doc.zone  # type: ignore[misc]
    mentions = find_mentions(doc, zs, ze)
    lead = event_paragraph(doc, ctx)
    chosen = choose(mentions, lead)
    if chosen is None:
        return {"venue": None}
    hint = None if any(u.level == "province" for u in chosen.units) else _province_hint(doc, ctx, mentions, lead, chosen.place)
    return {"venue": to_venue(doc, chosen, ctx, hint)}
