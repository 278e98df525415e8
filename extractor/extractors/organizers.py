"""Who held the main event (organizers) and the project it belongs to.

Organizers, strongest evidence first:

1. said outright: ``จัดขึ้นโดย X``, ``X และ Y ร่วมกันจัดขึ้น``,
   ``โดย X จึงได้จัดโครงการ``, ``X ร่วมกับ Y จัดงาน``;
2. the subject of the lead: an organization opening the event paragraph or
   a paragraph before it, or right after the date/venue of the lead sentence
   (``... ณ ห้องประชุม... จังหวัดราชบุรี สำนักงานพัฒนาชุมชนจังหวัดราชบุรีลงพื้นที่``);
3. the headline's subject or the partners it names (when the body does not repeat it);
4. the office of the person who gives the host's report (``... อธิบดีกรมการปกครอง
   กล่าวรายงาน``);
5. the organization in the title of the lead's first official
   (``รัฐมนตรีว่าการกระทรวงศึกษาธิการ`` → ``กระทรวงศึกษาธิการ``).

An abbreviation defined in the text (``ศูนย์... (ศปบ.จชต.)``) stands for its full
name. Organization names end where the name ends: after the province or
district they carry (``...จังหวัดราชบุรี`` + ``ลงพื้นที่``), before a glued verb,
or at the next space unless an abbreviation, a number or a parent department
follows (``สำนักงาน คปภ.``, ``...ภาคที่ 3 กรมส่งเสริมอุตสาหกรรม``).

The project is the ``โครงการ…`` name in the event paragraph (else the first
in the article): quoted names end at the closing quote; others run over
chunks until one that starts a new clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import gazetteer
from ..lexicon import load_list
from ..records import NamedSpan
from ..text import Doc
from . import register
from .base import Context
from .venues import event_paragraph, find_mentions, starts_with_any

#: Most organizers reported for one event.
MAX_ORGANIZERS = 4
#: Longest project name taken, in characters, and the most chunks.
MAX_PROJECT = 170
MAX_PROJECT_CHUNKS = 16
#: How far before a glued โครงการ an organization's name containing it may start.
_MAX_ORG_BEFORE = 80
#: Longest word after a quoted project title that still belongs to the name.
MAX_AFTER_QUOTE = 25
#: How far before a project name a cue that the event belongs to it is looked for.
PROJECT_CUE_WINDOW = 25
#: How far before a held verb (``จัดขึ้น``) its organizers are looked for.
HELD_WINDOW = 160
_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}
_ABBR = re.compile(r"[\u0e01-\u0e2eA-Za-z][\u0e01-\u0e4eA-Za-z.]{0,14}")
_ENUMERATOR = re.compile(r"\(?\d{1,2}[.)](?!\d)")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
#: Heads that are an admin unit's word: the name after them must be one the gazetteer knows.
_AREA_HEADS = {"จังหวัด": "province", "จ.": "province", "อำเภอ": "district"}


@lru_cache(maxsize=1)
def lex() -> dict[str, tuple[str, ...]]:
    """``org_heads.txt`` grouped by kind, longest entries first."""
    out: dict[str, list[str]] = {}
    for line in load_list("org_heads.txt"):
        kind, _, rest = line.partition("\t")
        out.setdefault(kind.strip(), []).append(rest.split("\t")[0].strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency names that start with โครงการ → what must follow them (``province`` or ``any``)."""
    out = {}
    for line in load_list("org_heads.txt"):
        parts = [p.strip() for p in line.split("\t")]
        if parts[0] == "agency_project" and len(parts) >= 3:
            out[parts[1]] = parts[2]
    return out


def agency_at(view: str, i: int, limit: int) -> tuple[int, int] | None:
    """The span of an agency named ``โครงการ…`` at ``i`` (``โครงการชลประทาน<จังหวัด>``), else None.

    A regional office of a department may be called a โครงการ; it is an
    organization (an organizer), not the programme an event belongs to.
    """
    for word in sorted(agencies(), key=len, reverse=True):
        if not view.startswith(word, i):
            continue
        tail = view[i + len(word):limit]
        if agencies()[word] == "province":
            name = gazetteer.match_prefix(tail, "province")
            if name and not _THAI_LETTER.match(tail[len(name):len(name) + 1] or " "):
                return i, i + len(word) + len(name)
            return None
        m = re.match(r"[\u0e01-\u0e4e]{2,}", tail)
        return (i, i + len(word) + m.end()) if m else None
    return None


@lru_cache(maxsize=1)
def head_rank() -> dict[str, int]:
    """Organization head word → rank (1 ministry, 2 department, 3 unit, 0 stands alone)."""
    ranks = {}
    for line in load_list("org_heads.txt"):
        parts = [p.strip() for p in line.split("\t")]
        if parts[0] == "head" and len(parts) >= 3:
            ranks[parts[1]] = int(parts[2])
    return ranks


@dataclass(frozen=True)
class Org:
    """An organization found in the body.

    ``start``/``end`` span its name; ``at``/``at_end`` span this mention, which
    differ for an abbreviation (the name is its full form where the text defines it).
    """

    start: int
    end: int
    head: str
    at: int = -1
    at_end: int = -1

    def __post_init__(self) -> None:
        if self.at < 0:
            object.__setattr__(self, "at", self.start)
            object.__setattr__(self, "at_end", self.end)


def is_abbreviation(chunk: str) -> bool:
    """``คปภ.``, ``ป.ป.ส.``, ``DIPROM``: short, dotted or capitals, no spaces."""
    if not chunk or len(chunk) > 15 or not _ABBR.fullmatch(chunk):
        return False
    return "." in chunk or chunk.isupper()


def read_org(view: str, i: int, limit: int, *, parent: bool = True) -> Org | None:
    """The organization whose name starts at ``i`` (a head word from ``org_heads.txt``)."""
    head = starts_with_any(view[i:limit], lex().get("head", ()))
    if head is None or starts_with_any(view[i:limit], lex().get("not_head", ())):
        return None
    body_start = i + len(head)
    if head.startswith("โครงการ"):
        span = agency_at(view, i, limit)
        return Org(span[0], span[1], head) if span else None
    if head in lex().get("needs_parent", ()):
        return _with_parent(view, i, body_start, limit, head)
    known = starts_with_any(view[i:limit], lex().get("known", ()))
    if known:
        return _extend(view, Org(i, i + len(known), head), limit, parent)
    area = _AREA_HEADS.get(head)
    if area is not None:
        name = gazetteer.match_prefix(view[body_start:limit].lstrip(" "), area)
        if not name:
            return None  # จังหวัดทั้ง…, อำเภอนำร่อง: not a named province or district
        gap = len(view[body_start:limit]) - len(view[body_start:limit].lstrip(" "))
        if gap > 1:
            return None
        return Org(i, body_start + gap + len(name), head)
    token = re.match(r"[^\s,()“”\"]*", view[body_start:limit])
    end = body_start + (token.end() if token else 0)
    end = _cut_glued(view, i, body_start, end)
    if end - body_start < 2:
        # A bare head followed by an abbreviation: สำนักงาน คปภ., สำนักงาน ป.ป.ส.
        nxt = re.match(r" {1,2}(\S+)", view[body_start:limit])
        if nxt and is_abbreviation(nxt.group(1).rstrip(",")):
            end = body_start + nxt.end(1) - (1 if nxt.group(1).endswith(",") else 0)
            end = _area_after(view, end, limit)
        elif head not in lex().get("whole", ()):
            return None
    num = re.match(r" ?\d{1,3}(?!\d)", view[end:limit])
    if num and re.search(r"(?:ที่|ภาค|เขต)$", view[i:end]):
        end += num.end()
    return _extend(view, Org(i, end, head), limit, parent)


def _with_parent(view: str, i: int, body_start: int, limit: int, head: str) -> Org | None:
    """A unit named only with its parent after it (``คณะ… มหาวิทยาลัย…``), else None."""
    token = re.match(r"[^\s,()“”\"]{2,}", view[body_start:limit])
    if not token:
        return None
    end = body_start + token.end()
    gap = re.match(r" {1,2}", view[end:limit])
    if not gap or not starts_with_any(view[end + gap.end():limit], lex().get("parent", ())):
        return None
    up = read_org(view, end + gap.end(), limit, parent=False)
    return Org(i, up.end, head) if up is not None else None


def _extend(view: str, org: Org, limit: int, parent: bool) -> Org:
    """A unit's name with the department written right after it (``ศูนย์... กรม...``)."""
    if parent and head_rank().get(org.head, 0) == 3:
        gap = re.match(r" {1,2}", view[org.end:limit])
        if gap:
            up = read_org(view, org.end + gap.end(), limit, parent=False)
            if up is not None and head_rank().get(up.head, 0) == 2:
                return Org(org.start, up.end, org.head)
    return org


def _area_after(view: str, end: int, limit: int) -> int:
    """A head named by an abbreviation may carry its branch's province after a space
    (``มูลนิธิ พอ.สว. จังหวัดแม่ฮ่องสอน``): the name runs to the end of that province."""
    m = re.match(r" (?:จังหวัด|จ\.) ?", view[end:limit])
    if m:
        name = gazetteer.match_prefix(view[end + m.end():limit], "province")
        if name and not _THAI_LETTER.match(view[end + m.end() + len(name):end + m.end() + len(name) + 1] or " "):
            return end + m.end() + len(name)
    return end


def _cut_glued(view: str, start: int, body_start: int, end: int) -> int:
    """Where a glued name really ends: before a glued verb or a second title, and right
    after the area it names (``สำนักงานพัฒนาชุมชนจังหวัดราชบุรี`` + ``ลงพื้นที่``)."""
    offset = body_start - start + 2
    text = view[start:end]
    for pos_word in lex().get("position", ()):
        k = text.find("และ" + pos_word, offset)
        if k > 0:
            end = min(end, start + k)  # two titles joined by และ are two names
    for verb in lex().get("verb", ()):
        k = text.find(verb, offset)
        if k > 0:
            end = min(end, start + k)
    text = view[start:end]
    for word, level in (("จังหวัด", "province"), ("จ.", "province"), ("อำเภอ", "district"), ("ตำบล", "subdistrict")):
        k = text.find(word, 1)
        while k >= 0:
            name = gazetteer.match_prefix(text[k + len(word):], level)
            if name:
                return start + k + len(word) + len(name)
            k = text.find(word, k + 1)
    return end


def org_starts(view: str, lo: int, hi: int, abbrs: dict[str, tuple[int, int]]) -> list[Org]:
    """Organizations that start a chunk (or follow a joiner glued to them) in ``[lo, hi)``.

    Names inside a person's title (``ผู้ว่าราชการจังหวัด...``) do not start a chunk
    and are left out; defined abbreviations count, pointing at their full name.
    """
    out: list[Org] = []
    joiners = lex().get("glue", ())
    pos = lo
    while pos < hi:
        m = re.compile(r"[^\s]+").search(view, pos, hi)
        if not m:
            break
        chunk_start = m.start()
        starts = [chunk_start]
        glue = starts_with_any(view[chunk_start:hi], joiners + lex().get("with", ()))
        if glue:
            starts.append(chunk_start + len(glue))
        for s in starts:
            org = read_org(view, s, hi)
            if org is not None:
                out.append(org)
                pos = max(org.at_end, m.end())
                break
            word = re.match(r"[^\s,]+", view[s:hi])
            if word and word.group() in abbrs:
                full = abbrs[word.group()]
                out.append(Org(full[0], full[1], word.group(), s, s + word.end()))
                pos = s + word.end()
                break
        else:
            pos = m.end()
            continue
        pos = max(pos, m.end())
    return out


def abbreviations(doc: Doc, lo: int, hi: int) -> dict[str, tuple[int, int]]:
    """Abbreviations the text defines for an organization: ``ชื่อเต็ม (ABBR)`` → span of the full name.

    The full name may be glued to a title before it (``ผู้อำนวยการศูนย์... (ศปบ.จชต.)``).
    """
    view = doc.view
    out: dict[str, tuple[int, int]] = {}
    heads = "|".join(re.escape(h) for h in lex().get("head", ()))
    for m in re.finditer(r"\(([^()\s]{2,15})\)", view[lo:hi]):
        abbr = m.group(1)
        if not is_abbreviation(abbr) or abbr in out:
            continue
        before = lo + m.start()
        stop = before - 1 if view[before - 1:before] == " " else before
        line_start = max(view.rfind("\n", 0, stop) + 1, stop - 150)
        for h in re.finditer(heads, view[line_start:stop]):
            at = line_start + h.start()
            if not _may_start_name(view, at):
                continue
            org = read_org(view, at, stop)
            if org is not None and org.end == stop:
                out[abbr] = (org.start, org.end)
                break
    return out


def _may_start_name(view: str, at: int) -> bool:
    """A name starts a chunk, or follows a glue word or a title glued to it."""
    if at == 0 or not _THAI_LETTER.match(view[at - 1]):
        return True
    before = view[max(0, at - 20):at]
    return before.endswith(lex().get("glue", ()) + lex().get("position", ()) + lex().get("with", ()))


def _held_verbs() -> re.Pattern[str]:
    pre = "|".join(re.escape(w) for w in lex().get("held_pre", ()))
    held = "|".join(re.escape(w) for w in lex().get("held", ()))
    return re.compile(rf"(?:{pre})? ?(?:{held})")


def explicit_organizers(doc: Doc, lo: int, hi: int, abbrs: dict[str, tuple[int, int]], *,
                        partners: bool = False) -> list[Org]:
    """Organizers the text names outright (``จัดขึ้นโดย X``, ``X ร่วมกันจัดขึ้น``, ``X ร่วมกับ Y``);
    ``partners``: also ``ร่วมกับ Y`` with no organization before it (for the event paragraph)."""
    view = doc.view
    found: list[Org] = []
    by = "|".join(re.escape(w) for w in lex().get("by", ()))
    for m in re.finditer(rf"(?:{by}) ?", view[lo:hi]):
        start = lo + m.end()
        line_end = _line_end(view, start, hi)
        orgs = org_starts(view, start, min(line_end, start + 200), abbrs)
        found.extend(_linked(view, start, orgs))
    for m in _held_verbs().finditer(view, lo, hi):
        if view[max(lo, m.start() - 3):m.start()].endswith("การ"):
            continue  # การจัดงาน is the event itself, not who held it
        line_start = max(lo, view.rfind("\n", 0, m.start()) + 1, m.start() - HELD_WINDOW)
        orgs = org_starts(view, line_start, m.start(), abbrs)
        found.extend(_linked_backwards(view, m.start(), orgs))
    with_words = "|".join(re.escape(w) for w in lex().get("with", ()))
    for m in re.finditer(rf" ?(?:{with_words}) *", view[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        line_start = max(lo, view.rfind("\n", 0, a) + 1, a - HELD_WINDOW)
        left = [o for o in org_starts(view, line_start, a, abbrs) if _ends_at(view, o, a)]
        if not left:
            left = _glued_before(view, line_start, a)
        left = [_outer(view, line_start, o, abbrs) for o in left[-1:]]
        right = org_starts(view, b, min(_line_end(view, b, hi), b + 200), abbrs)
        if right and right[0].at == b and (left or partners):
            # With no organization on its left (a person leads: … นำทีมออกหน่วย ร่วมกับ X), the
            # partner named in the event's own paragraph still held the event with the host.
            found.extend([*left[-1:], *_linked(view, b, right)])
    return found


def _outer(view: str, lo: int, org: Org, abbrs: dict[str, tuple[int, int]]) -> Org:
    """The organization that acts through ``org`` (``เทศบาลX โดยงาน… สำนักปลัดเทศบาล ร่วมกับ``):
    a unit (an office inside an organization) named after ``<organization> โดย`` is that
    organization's own division. A department acting for its ministry (``กระทรวงX โดยกรมY``)
    is an organizer in its own right and stays."""
    if head_rank().get(org.head, 0) != 3:
        return org
    k = view.rfind(" โดย", lo, org.at)
    if k < 0 or org.at - k > HELD_WINDOW // 2:
        return org
    outer = [o for o in org_starts(view, lo, k, abbrs) if _ends_at(view, o, k)]
    return outer[-1] if outer else org


def _glued_before(view: str, lo: int, pos: int) -> list[Org]:
    """An organization glued to the end of the word before ``pos`` (``…จิตอาสามณฑลทหารบกที่ 31 ร่วมกับ``).

    The name may follow a word for the people sent (กำลังพล, ข้าราชการ…), but not a
    person's title: ``นายอำเภอ…`` is a person, not the office.
    """
    end = len(view[:pos].rstrip())
    k = view.rfind(" ", lo, end)
    if re.search(r"(?:ที่|ภาค|เขต) ?\d{1,3}$", view[max(lo, k - 6):end]):
        k = view.rfind(" ", lo, k)  # a number ends the name (มณฑลทหารบกที่ 31): take the word before it too
    chunk_start = max(lo, k + 1)
    heads = "|".join(re.escape(h) for h in lex().get("head", ()))
    for h in re.finditer(heads, view[chunk_start:pos]):
        at = chunk_start + h.start()
        if at == chunk_start or view[max(0, at - 20):at].endswith(lex().get("position", ())):
            continue
        org = read_org(view, at, pos)
        if org is not None and not view[org.end:pos].strip():
            return [org]
    return []


def _ends_at(view: str, org: Org, pos: int) -> bool:
    """Whether only spaces separate the organization's mention from ``pos``."""
    return org.at_end <= pos and not view[org.at_end:pos].strip()


def _linked(view: str, start: int, orgs: list[Org]) -> list[Org]:
    """The organizations listed from ``start`` on, joined by และ/ร่วมกับ/commas.

    A Thai list may separate its items by spaces alone and join only the last
    (``A B และ C``): names after a bare space count when a link word follows them.
    """
    out: list[Org] = []
    pending: list[Org] = []  # names after a bare space, kept once a link word closes the list
    pos = start
    links = lex().get("link", ()) + lex().get("with", ())
    for org in orgs:
        raw = view[pos:org.at]
        gap = raw.strip(" ")
        if not out and gap:
            break
        if out and gap in links:
            out.extend(pending)
            pending = []
        elif out and not gap and raw and "\n" not in raw:
            pending.append(org)
            pos = org.at_end
            continue
        elif out:
            break  # no link word: the next name is a parent office or another clause
        out.append(org)
        pos = org.at_end
    return out


def _linked_backwards(view: str, verb_at: int, orgs: list[Org]) -> list[Org]:
    """The organizations that end right before a held verb, with those joined to them."""
    out: list[Org] = []
    pos = verb_at
    for org in reversed(orgs):
        if not _ends_at(view, org, pos):
            between = view[org.at_end:pos].strip(" ")
            if between not in lex().get("link", ()) + lex().get("with", ()) + lex().get("held_pre", ()):
                break
        out.insert(0, org)
        pos = org.at
        lead = view[max(0, pos - 8):pos]
        pos -= len(lead) - len(lead.rstrip())
        for j in lex().get("link", ()) + lex().get("with", ()):
            if view[max(0, pos - len(j)):pos] == j:
                pos -= len(j)
                break
    return out


def _line_end(view: str, pos: int, hi: int) -> int:
    k = view.find("\n", pos, hi)
    return hi if k < 0 else k


def subject_organizers(doc: Doc, ctx: Context, para: tuple[int, int] | None,
                       abbrs: dict[str, tuple[int, int]]) -> list[Org]:
    """An organization as the subject of the lead: opening a paragraph up to the event
    paragraph, or right after the date, time and venue that open the lead sentence."""
    view = doc.view
    zs, ze = doc.zone  # type: ignore[misc]
    spots: list[int] = []
    for s, e in doc.paragraphs:
        if s < zs or e > ze or (para is not None and s > para[0]):
            continue
        spots.append(s)
    if para is not None:
        for m in find_mentions(doc, para[0], para[1]):
            spots.append(m.end)
            break
        for key in ("date", "time"):
            value = ctx.found.get(key)
            if value is not None and para[0] <= value.span[0] < para[1]:
                spots.append(value.span[1])
    out: list[Org] = []
    for spot in spots:
        out.extend(subject_at(view, spot, ze, abbrs))
    return out


def subject_at(view: str, spot: int, hi: int, abbrs: dict[str, tuple[int, int]]) -> list[Org]:
    """The organizations opening a sentence at ``spot`` (with those linked to them)."""
    pos = spot
    while pos < hi and view[pos] in " ,)":
        pos += 1
    line_end = _line_end(view, pos, hi)
    orgs = org_starts(view, pos, min(line_end, pos + 150), abbrs)
    if not orgs or orgs[0].at != pos:
        return []
    after = view[orgs[0].at_end:line_end].lstrip()
    if after[:1] in (":", "-", "–") or not after:
        return []  # a dateline (จังหวัดเพชรบุรี : ...) or a bare line, not a subject
    return _linked(view, pos, orgs)


def headline_organizers(doc: Doc, ctx: Context, abbrs: dict[str, tuple[int, int]]) -> list[Org]:
    """Organizers the headline names (``วัด… จับมือโรงพยาบาล… ออกหน่วย…``) when the body does not
    repeat it: its subject, or those it says held the event."""
    if not ctx.headline_span or doc.in_zone(*ctx.headline_span):
        return []
    s, e = ctx.headline_span
    found = explicit_organizers(doc, s, e, abbrs)
    subject = subject_at(doc.view, s, e, abbrs)
    return subject + [o for o in found if o not in subject]


def report_organizers(doc: Doc, para: tuple[int, int] | None) -> list[Org]:
    """The office of the person giving the host's report (``อธิบดีกรม... กล่าวรายงาน``)."""
    if para is None:
        return []
    view = doc.view
    zs, ze = doc.zone  # type: ignore[misc]
    out: list[Org] = []
    for word in lex().get("report", ()):
        for m in re.finditer(re.escape(word), view[para[0]:para[1]]):
            at = para[0] + m.start()
            title = re.search(r"(\S+)\s*$", view[max(para[0], at - 80):at])
            if not title:
                continue
            t_start = at - len(view[max(para[0], at - 80):at]) + title.start(1)
            org = _org_in_title(view, t_start, t_start + len(title.group(1)))
            if org is not None:
                out.append(org)
                continue
            # A provincial chief is titled by the office's name without สำนักงาน
            # (แรงงานจังหวัด... heads สำนักงานแรงงานจังหวัด...): take that office if the text names it.
            office = "สำนักงาน" + title.group(1)
            k = view.find(office, zs, ze)
            if k >= 0 and gazetteer.match_prefix(title.group(1).split("จังหวัด")[-1], "province"):
                out.append(Org(k, k + len(office), "สำนักงาน"))
    return out


def _org_in_title(view: str, lo: int, hi: int) -> Org | None:
    """The organization inside a position title (``รัฐมนตรีว่าการกระทรวงศึกษาธิการ``)."""
    for pos_word in lex().get("position", ()):
        k = view.find(pos_word, lo, hi)
        if k >= 0:
            org = read_org(view, k + len(pos_word), max(hi, k + len(pos_word) + 80))
            if org is not None:
                return org
    return None


def official_organizers(doc: Doc, para: tuple[int, int] | None) -> list[Org]:
    """The organization in the title of the first official named in the event paragraph.

    Only the paragraph's first title counts: a title without an organization
    (``นายกรัฐมนตรี``) or a concurrent second title (``…และรัฐมนตรีว่าการกระทรวง…``)
    gives none, rather than reaching for someone else's office further on.
    """
    if para is None:
        return []
    view = doc.view
    words = sorted(lex().get("position", ()) + lex().get("position_alone", ()), key=len, reverse=True)
    titles = "|".join(re.escape(w) for w in words)
    for m in re.finditer(titles, view[para[0]:para[1]]):
        at = para[0] + m.start()
        if m.group() in lex().get("position_alone", ()):
            if view[max(0, at - 5):at] == "สำนัก":
                continue  # สำนักนายกรัฐมนตรี is an office, not the title
            return []
        if view[max(para[0], at - 4):at].rstrip().endswith("และ"):
            return []
        org = read_org(view, para[0] + m.end(), para[1])
        if org is not None:
            return [org]
        # No organization after it: a title without one, or a name that starts like a title (นายกมล).
    return []


def find_organizers(doc: Doc, ctx: Context) -> list[NamedSpan]:
    """Organizers of the main event, strongest evidence first (see module doc)."""
    zs, ze = doc.zone  # type: ignore[misc]
    para = event_paragraph(doc, ctx)
    abbrs = abbreviations(doc, zs, ze)
    orgs: list[Org] = []
    if para is not None:
        orgs = explicit_organizers(doc, para[0], para[1], abbrs, partners=True)
    if not orgs:
        orgs = explicit_organizers(doc, zs, ze, abbrs)
    # The subject of the lead holds the event even when a partner is named outright.
    orgs = subject_organizers(doc, ctx, para, abbrs) + orgs
    if not orgs:
        orgs = headline_organizers(doc, ctx, abbrs)
    if not orgs:
        orgs = report_organizers(doc, para)
    if not orgs:
        orgs = official_organizers(doc, para)
    names = [doc.text[o.start:o.end].strip() for o in orgs]
    keys = [re.sub(r"\s+", "", n) for n in names]
    out: list[NamedSpan] = []
    seen: set[str] = set()
    for org, name, key in zip(orgs, names, keys):
        if not name or key in seen or any(key != k and key in k for k in keys):
            continue  # a repeat, or a shorter form of a name also found in full
        seen.add(key)
        out.append(NamedSpan(name=name, span=(org.start, org.end)))
        if len(out) >= MAX_ORGANIZERS:
            break
    return out


def project_at(view: str, k: int, limit: int) -> tuple[int, int] | None:
    """The project name whose ``โครงการ`` starts at ``k``, or None for a generic mention."""
    word_end = k + len("โครงการ")
    # a name is at most MAX_PROJECT long: never look further, so a long line full of
    # โครงการ costs linear time
    limit = min(limit, word_end + MAX_PROJECT + 2)
    if re.search(r"\d[\d,]* ?$", view[max(0, k - 12):k]):
        return None  # 1,000 โครงการ: a count's classifier, not a name
    if agency_at(view, k, limit) is not None or _inside_org(view, k, limit):
        return None  # โครงการชลประทาน<จังหวัด>, ศูนย์พัฒนาโครงการหลวง…: an organization's name
    before = view[k - 1] if k > 0 else ""
    if before in _QUOTES:
        close = view.find(_QUOTES[before], word_end, min(limit, word_end + MAX_PROJECT))
        if close > word_end + 1:
            return k, close
    rest = view[word_end:limit]
    if not rest.strip() or starts_with_any(rest.lstrip(" "), lex().get("project_generic", ())):
        return None
    if rest.lstrip(" ")[:1].isdigit():
        return None  # โครงการ 1,000 แห่ง: a count, not a name
    gap = len(rest) - len(rest.lstrip(" "))
    if gap <= 1 and rest.lstrip(" ")[:1] in _QUOTES:
        q = word_end + gap
        close = view.find(_QUOTES[view[q]], q + 1, min(limit, q + MAX_PROJECT))
        if close > q + 1:
            return k, _qualifiers_end(view, close + 1, limit)
    return k, _project_end(view, k, limit)


_YEAR_OR_NUMBER = re.compile(r"(?:พ\.ศ\.|ค\.ศ\.)?\s?\d{1,4}(?!\d)")


def _qualifiers_end(view: str, end: int, limit: int) -> int:
    """After a quoted project title, the qualifiers that still belong to the name
    (``“…” ประจำปีงบประมาณ พ.ศ. 2568``, ``“…” ครั้งที่ 3``, ``“…” รุ่นที่ 2``)."""
    qualifiers = lex().get("project_after_quote", ())
    for _ in range(3):
        pos = end + 1 if view[end:end + 1] == " " else end
        word = starts_with_any(view[pos:min(limit, pos + 40)], qualifiers)
        if not word or word == "(":
            break
        chunk = re.match(r"[^\s,]+", view[pos:min(limit, pos + 40)])
        end = pos + (chunk.end() if chunk else len(word))
        num = _YEAR_OR_NUMBER.match(view, end + 1 if view[end:end + 1] == " " else end, limit)
        if num:
            end = num.end()
    return end


def _after_quote(chunk: str) -> bool:
    """A chunk that may follow a quoted project title and still belong to the name: a
    qualifier (ประจำปี…, ครั้งที่…, a number) or a short word (แบบบูรณาการ); a long run of
    letters there opens the next clause (``โครงการ… “…” ขุดลอกและกำจัดวัชพืช…``)."""
    if starts_with_any(chunk, lex().get("project_after_quote", ())) or chunk[:1].isdigit():
        return True
    return len(chunk) <= MAX_AFTER_QUOTE


def _inside_org(view: str, k: int, limit: int) -> bool:
    """Whether the โครงการ at ``k`` is glued inside an organization's name (ศูนย์พัฒนาโครงการ…)."""
    if k == 0 or not _THAI_LETTER.match(view[k - 1]):
        return False
    floor = max(0, k - _MAX_ORG_BEFORE)  # bounded, so a long space-free run stays linear
    chunk_start = max(view.rfind(" ", floor, k), view.rfind("\n", floor, k), floor - 1) + 1
    org = read_org(view, chunk_start, limit)
    return org is not None and org.end > k + len("โครงการ")


def _project_end(view: str, k: int, limit: int) -> int:
    """Run over the chunks of a project name until one that starts a new clause."""
    stops = lex().get("project_stop", ())
    line_end = view.find("\n", k, limit)
    line_end = limit if line_end < 0 else line_end
    pos, end, n = k, k, 0
    while pos < line_end and n < MAX_PROJECT_CHUNKS:
        if n:
            nxt = pos
            while nxt < line_end and view[nxt] == " ":
                nxt += 1
            if nxt >= line_end or view[pos:nxt].count(" ") > 2:
                break
            pos = nxt
        ch = view[pos]
        if ch in _QUOTES:
            close = view.find(_QUOTES[ch], pos + 1, min(line_end, pos + 120))
            chunk_end = close + 1 if close > 0 else pos + 1
            m = re.match(r"[^\s,]*", view[chunk_end:line_end])
            chunk_end += m.end() if m else 0
        else:
            m = re.match(r"[^\s,]+", view[pos:line_end])
            chunk_end = pos + (m.end() if m else 0)
        chunk = view[pos:chunk_end]
        if not chunk or (n and (starts_with_any(chunk, stops) or _ENUMERATOR.match(chunk))):
            break
        if n and view[end - 1:end] in _QUOTES.values() and not _after_quote(chunk):
            break  # a long phrase right after a quoted title is the next clause (the activity)
        if chunk_end - k > MAX_PROJECT:
            break
        end = chunk_end
        if view[end:end + 1] == ",":
            break
        pos = end
        n += 1
    while end > k and view[end - 1] in " ,.:;-":
        end -= 1
    return end


def find_projects(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of named projects in ``[lo, hi)``, in text order."""
    out = []
    for m in re.finditer("โครงการ", doc.view[lo:hi]):
        span = project_at(doc.view, lo + m.start(), hi)
        if span is not None and span[1] - span[0] > len("โครงการ") + 2:
            out.append(span)
    return out


def find_project(doc: Doc, ctx: Context) -> NamedSpan | None:
    """The project of the main event.

    Named in the event paragraph; else in a paragraph before it (the repeated
    headline and sub-headline) or one the article says the event belongs to
    (``จัดโครงการ…``, ``ภายใต้โครงการ…``); else in the headline.
    """
    zs, ze = doc.zone  # type: ignore[misc]
    para = event_paragraph(doc, ctx)
    spans = find_projects(doc, *para) if para is not None else []
    if not spans:
        cue = tuple(lex().get("project_cue", ()))
        for s, e in find_projects(doc, zs, ze):
            before = doc.view[max(zs, s - PROJECT_CUE_WINDOW):s].rstrip(" “\"'")
            if (para is not None and e <= para[0]) or before.endswith(cue):
                spans.append((s, e))
    if not spans and ctx.headline_span:
        spans = find_projects(doc, *ctx.headline_span)
    if not spans:
        return None
    s, e = spans[0]
    return NamedSpan(name=doc.text[s:e].strip(), span=(s, e))


@register("organizers")
def extract(doc: Doc, ctx: Context) -> dict[str, Any]:
    """``organizers`` and ``project`` of the main event."""
    return {"organizers": find_organizers(doc, ctx), "project": find_project(doc, ctx)}


__all__ = ["extract", "find_organizers", "find_project", "read_org", "project_at"]
