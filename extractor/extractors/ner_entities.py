"""What the trained NER adds to the rules: only values the rules left empty or missed.

Runs last, and only when ``ctx.use_ner`` (``--no-ner`` turns it off). It reads
the fields the rule extractors put in ``ctx.found`` and never replaces or
removes them ("rules win where they are sure"). It adds:

* **officials** — a PERSON written without an honorific (``สมชาย ทองดี
  นายอำเภอ…``), as two Thai words, followed on the same line by a position that
  ``names.parse_position`` reads; the rules find people by their honorific, so
  they miss these. A name already listed (officials or participants) is skipped.
* **organizers** — when the rules found none: an ORGANIZATION that opens the
  main event's paragraph (only a date or time before it: the subject of the
  lead), whose name starts with one of our organization heads
  (``org_heads.txt``), so the model's span is only trusted where our lexicon
  agrees it names an organization, and that is not the office in a person's
  title. Further into the lead it was mostly the committee of a meeting or the
  venue, never the organizer, on the articles we measured.
* **venue** admin units — when the venue has no province (or district): the
  one province (district) that LOCATION entities inside the venue text or right
  after it name, checked against the gazetteer and what the venue already has.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Iterable

from .. import gazetteer, ner
from ..names import TH, MAX_NAME, honorifics, is_stopword, name_key, organization_of, parse_position, position_text
from ..records import NamedSpan, Person, Venue
from ..text import Doc
from . import main_event, register
from .base import Context
from .organizers import lex as org_lex
from .organizers import starts_with_any

log = logging.getLogger(__name__)

_NAME = re.compile(f"[{TH}]{{2,{MAX_NAME}}} [{TH}]{{2,{MAX_NAME}}}")
#: Spaces allowed between a name and the position after it (never a line break).
_GAP = re.compile(r" {1,3}")
#: Characters a name may follow: it must start a word, not sit inside one.
_WORD_BEFORE = frozenset(" \n(“\"',")
#: How far into the main paragraph an organizer may start (the lead sentence's subject).
LEAD_CHARS = 200


@register("ner")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """Officials, organizers and venue units the rules missed (see module doc); {} with ``--no-ner``."""
    if not ctx.use_ner or not ner.available():
        return {}
    ents = ner.entities(doc)
    out: dict[str, Any] = {}
    officials = _officials(doc, ctx, ents)
    if officials is not None:
        out["officials"] = officials
    organizers = _organizers(doc, ctx, ents)
    if organizers is not None:
        out["organizers"] = organizers
    venue = _venue(doc, ctx, ents)
    if venue is not None:
        out["venue"] = venue
    return out


# --------------------------------------------------------------------------- officials

def _known_people(ctx: Context) -> list[Person]:
    people = list(ctx.found.get("officials") or [])
    participants = ctx.found.get("participants")
    if participants is not None:
        people += list(getattr(participants, "people", []) or [])
    return people


def _has_honorific(view: str, s: int, e: int) -> bool:
    """Whether the span starts with an honorific or has one written just before it."""
    forms = honorifics()
    text = view[s:e]
    before = view[max(0, s - 30):s].rstrip(" ")
    return any(text.startswith(f) or before.endswith(f) for f in forms)


def _person_at(doc: Doc, s: int, e: int, taken: Iterable[tuple[int, int]], keys: set[str]) -> Person | None:
    """The official whose bare name is ``body[s:e]``, when a position follows it; else None."""
    view = doc.view
    name = view[s:e]
    if not _NAME.fullmatch(name) or name_key(name) in keys:
        return None
    if s > 0 and view[s - 1] not in _WORD_BEFORE:
        return None
    if any(is_stopword(w) for w in name.split(" ")) or _has_honorific(view, s, e):
        return None
    if any(a < e and s < b for a, b in taken):
        return None
    if parse_position(view, s, e) is not None:
        return None  # the "name" starts with a title: a position, not a person
    gap = _GAP.match(view, e)
    if not gap:
        return None
    line_end = view.find("\n", e)
    span = parse_position(view, gap.end(), len(view) if line_end < 0 else line_end)
    if span is None:
        return None
    position = position_text(doc.text, span)
    return Person(honorific=None, name=doc.text[s:e], position=position,
                  organization=organization_of(position), span=(s, e))


def _officials(doc: Doc, ctx: Context, ents: list[tuple[str, int, int]]) -> list[Person] | None:
    known = _known_people(ctx)
    keys = {name_key(p.name) for p in known}
    taken = [tuple(p.span) for p in known]
    added: list[Person] = []
    for label, s, e in ents:
        if label != "PERSON":
            continue
        person = _person_at(doc, s, e, taken, keys)
        if person is not None:
            added.append(person)
            keys.add(name_key(person.name))
            taken.append((s, e))
    if not added:
        return None
    return sorted(list(ctx.found.get("officials") or []) + added, key=lambda p: p.span[0])


# --------------------------------------------------------------------------- organizers

def _organizers(doc: Doc, ctx: Context, ents: list[tuple[str, int, int]]) -> list[NamedSpan] | None:
    if ctx.found.get("organizers"):
        return None
    para = main_event.main_paragraph(doc, ctx)
    if para is None:
        return None
    heads = org_lex().get("head", ()) + org_lex().get("known", ())
    titles = "".join(name_key(p.position or "") for p in _known_people(ctx))
    not_heads = org_lex().get("not_head", ())
    for label, s, e in ents:
        if label != "ORGANIZATION" or not (para[0] <= s < min(para[1], para[0] + LEAD_CHARS)) or e > para[1]:
            continue
        name = doc.view[s:e]
        if "\n" in name or not starts_with_any(name, heads) or starts_with_any(name, not_heads):
            continue
        if (titles and name_key(name) in titles) or _after_title(doc.view, s, para[0]):
            continue  # the office in a person's title is not the organizer (the rules decide that)
        if not _opens(doc, para[0], s):
            continue  # after a verb it is the meeting's committee or the venue, not who held it
        return [NamedSpan(name=doc.text[s:e], span=(s, e))]
    return None


_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


def _opens(doc: Doc, lo: int, s: int) -> bool:
    """Whether ``s`` is the subject of the paragraph: only dates and times written before it."""
    chars = list(doc.view[lo:s])
    for m in main_event.dates_and_times(doc):
        for k in range(max(lo, m.start), min(s, m.end)):
            chars[k - lo] = " "
    return not _THAI_LETTER.search("".join(chars))


def _after_title(view: str, s: int, lo: int) -> bool:
    """Whether a position word is glued before ``s`` (``รัฐมนตรีว่าการ|กระทรวง…``)."""
    before = view[max(lo, s - 40):s].rstrip(" ")
    return before.endswith(org_lex().get("position", ()) + org_lex().get("position_alone", ()))


# --------------------------------------------------------------------------- venue

def _units_named(doc: Doc, ents: list[tuple[str, int, int]], lo: int, hi: int,
                 province: str | None) -> tuple[set[str], set[str]]:
    """Provinces and districts the LOCATION entities within ``[lo, hi)`` name, as the gazetteer knows them."""
    provinces, districts = set(), set()
    for label, s, e in ents:
        if label != "LOCATION" or not (lo <= s < hi) or "\n" in doc.view[s:e]:
            continue
        text = doc.view[s:e]
        if gazetteer.is_known(text, "province"):
            res = gazetteer.resolve(province=text)
            if res.province and not res.warnings:
                provinces.add(res.province)
        elif text.startswith(("อำเภอ", "อ.", "เขต")) and gazetteer.is_known(text, "district"):
            res = gazetteer.resolve(district=text, province=province)
            if res.district and res.province and not res.warnings:
                districts.add(f"{res.district}\t{res.province}")
    return provinces, districts


def _venue(doc: Doc, ctx: Context, ents: list[tuple[str, int, int]]) -> Venue | None:
    """The venue with a province or district the model tags inside it or right after it.

    Only there: a province named elsewhere in the lead is often the subject's (a
    ministry's visit to a province, announced in Bangkok), not the venue's.
    """
    venue = ctx.found.get("venue")
    if venue is None or (venue.province and venue.district):
        return None
    lo, hi = venue.span
    after = _GAP.match(doc.view, hi)
    provinces, districts = _units_named(doc, ents, lo, after.end() + 1 if after else hi + 1, venue.province)
    province, district = venue.province, venue.district
    if not province and len(provinces) == 1:
        province = next(iter(provinces))
    if not district and len(districts) == 1:
        d, p = next(iter(districts)).split("\t")
        if not province or gazetteer.normalize_name(p) == gazetteer.normalize_name(province):
            district, province = d, p
    if (province, district) == (venue.province, venue.district):
        return None
    res = gazetteer.resolve(venue.subdistrict, district, province)
    if res.warnings:
        return None  # what the model adds must agree with what the rules read
    return venue.model_copy(update={"province": res.province, "district": res.district,
                                    "admin_code": res.admin_code or venue.admin_code})
