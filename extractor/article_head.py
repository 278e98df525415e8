"""What each line at the top of a plain-text post is: dateline, page furniture, publisher, byline.

A post copied from a web page or a Facebook page often starts with the
page's name and its menu before the headline (``โรงพยาบาลX`` / ``หน้าแรก |
ข่าว | ติดต่อเรา`` / headline / ``โพสต์เมื่อ 14/03/2567 · ข่าวกิจกรรม``).
These helpers classify one line each by its shape, using the lexicons
``head_skip_cues.tsv``, ``publisher_cues.txt``, ``org_heads.txt`` and the
``posted`` words of ``date_cues.tsv``; ``extractor.article.read_text`` walks
the lines with them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .lexicon import alternation, load_list, load_table
from .thaidate import DateMention, date_cues, find_dates, find_times

#: Page-meta segments beside a posting date (``| เข้าชม 214 ครั้ง``, ``· ข่าวกิจกรรม``) are this short.
META_SEGMENT_MAX = 30
#: A dateline is at most this long; longer, it is a sentence that contains a date.
DATELINE_MAX = 100
#: Letters left in a dated segment once the date, times and posting words are gone (``📅``, ``น.``).
DATELINE_REST = 6
#: A menu or breadcrumb item is this short.
MENU_ITEM_MAX = 30
#: A label's tail (``หมวดหมู่ : ข่าวหน่วย``) is at most this long and this many words.
LABEL_TAIL_MAX, LABEL_TAIL_WORDS = 30, 2
#: A release number line (``ข่าวที่ 12/2567``) is at most this long.
NUMBER_LINE_MAX = 30
#: A publisher line names an outlet: at most this long and this many words.
PUBLISHER_MAX, PUBLISHER_WORDS = 60, 3
#: A line right after a publisher line that is longer than this is a lead paragraph, not a headline.
HEADLINE_MAX = 220

#: A menu or breadcrumb line is at most this long (and longer lines are not split at all).
MENU_LINE_MAX = 200

#: Separators of page-meta segments in a dateline (| · •). Split on the character alone and
#: strip the items: a ``\s*`` around it would rescan a long run of spaces from every position.
_META_SPLIT = re.compile(r"[|\u00b7\u2022\u30fb]| {3,}")
#: A segment of a page-meta line: the text between two separators.
_META_SEGMENT = re.compile(rf"(?:(?!{_META_SPLIT.pattern}).)+")
#: Breadcrumb separators (one is enough) and menu separators (two are needed).
_CRUMB_SEP = re.compile(r"[\u203a\u00bb>\u2192]")
_MENU_SEP = re.compile(r"[|\u2022\u00b7]")
#: A social-media post's relative time (``2 ชม. · 🌏``, ``5 นาที``, ``เมื่อวานนี้ เวลา 10:00``).
_RELATIVE_POST_TIME = re.compile(r"^(?:\d{1,2}\s*(?:ชม\.?|ชั่วโมง|นาที|วัน|สัปดาห์)(?:ที่แล้ว)?|เมื่อวานนี้?(?:\s*เวลา\s*\d{1,2}[:.]\d\d(?:\s*น\.)?)?)"
                                r"\s*(?:[·•]\s*)?[^\w]*$")
#: Who posted a page (``โดย admin01``) at the end of a dateline segment.
_BY_TAIL = re.compile(r"โดย\s*[:：]?\s*\S+\s*$")
#: A category separator written with spaces around a slash (``ข่าวชุมชน / ร้อยเอ็ด``).
_SLASH_SEP = re.compile(r"\s+/\s+")
#: How a one-word outlet name ends (หนองบัวลำภูวันนี้, ตรังนิวส์, ข่าวสดออนไลน์).
_OUTLET_SUFFIX = re.compile(r"(?:วันนี้|ทูเดย์|นิวส์|ออนไลน์|ทีวี|โพสต์|ไทมส์|ไทม์ส|Today|News|Online|TV|Post|Times)$")
#: A reference date for spotting relative dates (their value does not matter there).
_ANY_DAY = dt.date(2000, 1, 1)
_LETTERS = re.compile(r"[ก-๙A-Za-z0-9]")


@lru_cache(maxsize=1)
def _skip_cues() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for r in load_table("head_skip_cues.tsv"):
        kinds.setdefault(r["kind"], []).append(r["form"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def _posted_re() -> re.Pattern[str]:
    return re.compile(alternation(list(date_cues().get("posted", ()))))


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    labels = alternation(list(_skip_cues().get("label", ())))
    alone = alternation(list(_skip_cues().get("alone", ())))
    return re.compile(rf"^(?:(?:{labels})(?:(?:\s*[:：]\s*|\s+)(?P<tail>\S.*))?|(?:{alone}))\s*[:：]?$")


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(list(_skip_cues().get('number', ())))})\s*\d{{1,4}}(?:\s*/\s*\d{{2,4}})?\s*$")


@lru_cache(maxsize=1)
def _publisher_re() -> re.Pattern[str]:
    return re.compile(alternation(list(load_list("publisher_cues.txt"))))


@lru_cache(maxsize=1)
def _org_head_re() -> re.Pattern[str]:
    heads = [ln.split("\t")[1] for ln in load_list("org_heads.txt") if ln.startswith("head\t")]
    return re.compile(rf"^(?:{alternation(heads)})\S")


@lru_cache(maxsize=1)
def _admin_re() -> re.Pattern[str]:
    words = [r["word"] for r in load_table("admin_units.tsv") if r["level"] != "village"]
    words += list(_skip_cues().get("affiliation", ()))
    return re.compile(rf"^(?:{alternation(words)})\S")


def _dated_segment(seg: str) -> DateMention | None:
    """The date of a segment that is a date and little else (a time, posting words, an emoji)."""
    found = find_dates(seg)
    if len(found) != 1:
        return None
    d = found[0]
    rest = seg[:d.start] + " " + seg[d.end:]
    times = find_times(rest)
    for t in reversed(times):
        rest = rest[:t.start] + " " + rest[t.end:]
    rest = _posted_re().sub(" ", rest)
    rest = _BY_TAIL.sub(" ", rest)  # … โดย admin01: who posted it
    if "เมื่อ" in rest:
        if times:
            return None  # a bare เมื่อ before a date and a time opens a lead (เมื่อวันที่ 3 … เวลา 09.00 น.)
        rest = rest.replace("เมื่อ", " ")
    return d if len(_LETTERS.findall(rest)) <= DATELINE_REST else None


def dateline_date(line: str) -> DateMention | None:
    """The posting date when ``line`` is a dateline, else None.

    A dateline is a date with at most a time and posting words
    (``วันศุกร์ที่ 9 สิงหาคม 2567 เวลา 15:42 น.``, ``โพสต์เมื่อ 14/03/2567``),
    optionally beside short page-meta segments separated by ``|``, ``·`` or three spaces
    (``ประกาศเมื่อ : 28 มิ.ย. 2567 | เข้าชม 214 ครั้ง``). Offsets are the line's.
    """
    if len(line) > DATELINE_MAX:
        return None
    dated = None
    for m in _META_SEGMENT.finditer(line):
        raw = m.group()
        seg, at = raw.strip(), m.start() + len(raw) - len(raw.lstrip())
        if not seg:
            continue
        d = _dated_segment(seg)
        if d is not None and dated is None:
            dated = d._replace(start=d.start + at, end=d.end + at)
        elif d is not None and _posted_re().search(seg):
            continue  # a second posting date (ปรับปรุง: …): the first one is the publication
        elif len(seg) > META_SEGMENT_MAX or find_dates(seg):
            return None  # a long or second dated segment: a sentence, not page meta
    return dated


def is_menu_line(line: str) -> bool:
    """A site menu (``หน้าแรก | ข่าว | ติดต่อเรา``) or a breadcrumb (``หน้าแรก › ข่าว``)."""
    if len(line) > MENU_LINE_MAX:
        return False
    crumbs = [c.strip() for c in _CRUMB_SEP.split(line)]
    if len(crumbs) >= 2 and all(0 < len(c) <= MENU_ITEM_MAX for c in crumbs):
        return True
    items = [c.strip() for c in _MENU_SEP.split(line)]
    if len(items) >= 3 and all(0 < len(c) <= MENU_ITEM_MAX for c in items):
        return True
    spaced = [c for c in re.split(r" {2,}", line.strip().lstrip("☰≡").strip()) if c]
    return (line.lstrip().startswith(("☰", "≡")) or len(spaced) >= 4) and len(spaced) >= 2 \
        and all(len(c) <= MENU_ITEM_MAX and len(c.split()) <= 2 for c in spaced)


def is_label_line(line: str) -> bool:
    """A section heading (``ข่าวประชาสัมพันธ์``, ``หมวดหมู่ : ข่าวหน่วย``), with at most a short tail."""
    m = _label_re().match(line.strip())
    if not m:
        return False
    tail = m.group("tail")
    return not tail or (len(tail) <= LABEL_TAIL_MAX and len(tail.split()) <= LABEL_TAIL_WORDS)


def is_skip_line(line: str) -> bool:
    """Page furniture in the head: a menu, breadcrumb, section label, release number,
    hashtags only, a print button or a line without letters."""
    text = line.strip()
    if not _LETTERS.search(text) or _RELATIVE_POST_TIME.match(text):
        return True
    if text in _skip_cues().get("print", ()):
        return True
    if all(w.startswith("#") for w in text.split()):
        return True
    if len(text) <= NUMBER_LINE_MAX and _number_re().match(text):
        return True
    return is_label_line(text) or is_menu_line(text)


def is_affiliation_line(line: str) -> bool:
    """A line under a page's name saying whom its owner belongs to (``สังกัด สพป. …``)."""
    return line.lstrip().startswith(_skip_cues().get("affiliation", ())) and len(line) <= PUBLISHER_MAX


def _lead_like(line: str) -> bool:
    """A line that reads as a lead, not a headline: a clock time, a relative date
    (``เมื่อวันจันทร์ที่ผ่านมา``) or a date after a lead cue (``เมื่อวันที่ 4 มีนาคม 2567``)."""
    if find_times(line):
        return True
    lead = _lead_re()
    # any reference will do: only whether a relative date (เมื่อวันจันทร์ที่ผ่านมา) is there matters
    return any(d.kind == "relative" or lead.search(line[max(0, d.start - 12):d.start])
               for d in find_dates(line, _ANY_DAY))


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(list(date_cues().get('lead', ())))})\s*\(?\s*$")


def is_publisher_line(line: str, next_line: str) -> bool:
    """Whether a line before the headline names the outlet or page that published the post.

    It must be short and name-like (no date, few words) and be followed by a
    longer line that reads as a headline (``next_line``, the next content line:
    at most ``HEADLINE_MAX`` long, no lead date or time in it): a page name
    over a headline, not a short headline over its lead.
    A single word names a page (``โรงพยาบาลX``, ``Xทูเดย์``); with more words
    the first must name an outlet (``สำนักข่าวX …``) or an organization that
    only where-words follow (``โรงพยาบาลX อ.Y จ.Z``).
    """
    text = line.strip()
    words = text.split()
    if not words or len(text) > PUBLISHER_MAX or len(words) > PUBLISHER_WORDS:
        return False
    if not (len(text) < len(next_line) <= HEADLINE_MAX) or find_dates(text):
        return False
    if _lead_like(next_line) and not (len(words) == 1 and _OUTLET_SUFFIX.search(text)):
        return False  # a short headline over its lead, unless the line plainly names an outlet
    if len(words) == 1:
        return len(_LETTERS.findall(text)) >= 4
    if text.isascii():  # an outlet named in English (Khon Kaen Today): any word may be the outlet cue
        return bool(_publisher_re().search(text))
    # several words: the first names an outlet (สำนักข่าวX …), or an organization followed only
    # by where it is (โรงพยาบาลX จ.Y); an organization and a verb (อบต.X จัดงาน…) is a headline
    if _publisher_re().search(words[0]):
        return True
    return bool(_org_head_re().match(words[0])) and all(_admin_re().match(w) for w in words[1:])


def publisher_name(line: str) -> str:
    """The outlet's name on a publisher line, without a social-network page word (``เพจ X`` → X)
    or the where-words after an organization's name."""
    text = line.strip()
    for word in _skip_cues().get("page_word", ()):
        if text.startswith(word) and len(text) > len(word) and text[len(word)] in " :":
            return text[len(word):].strip(" :")
    words = text.split()
    if len(words) > 1 and _org_head_re().match(words[0]) and all(_admin_re().match(w) for w in words[1:]):
        return words[0]  # องค์การบริหารส่วนตำบลX อำเภอY จังหวัดZ: the outlet is the organization
    return text


def is_slash_category(line: str) -> bool:
    """A category line written with spaced slashes (``ข่าวชุมชน / ร้อยเอ็ด``): short items, no colon.

    The caller rules out bylines first (``ภาพ / ข่าว X``)."""
    text = line.strip()
    if ":" in text or "：" in text or len(text) > MENU_LINE_MAX:
        return False
    items = [c.strip() for c in _SLASH_SEP.split(text)]
    return len(items) >= 2 and all(0 < len(c) <= MENU_ITEM_MAX and len(c.split()) <= 2 for c in items)


def is_headline_like(line: str) -> bool:
    """A line that could be (part of) a headline: not too long, no lead date or clock time."""
    return 0 < len(line) <= HEADLINE_MAX and not _lead_like(line) and dateline_date(line) is None


def _outlet_like(text: str) -> bool:
    """A short name that reads as an outlet's: an outlet word first (สำนักข่าวX), a name in
    English with one (Maeklong Today), or one word ending in one (ชากังราวโพสต์, …ทูเดย์)."""
    words = text.split()
    if not words or len(text) > PUBLISHER_MAX or len(words) > PUBLISHER_WORDS:
        return False
    if _publisher_re().search(words[0]) or (text.isascii() and _publisher_re().search(text)):
        return True
    if len(words) > 1 and _OUTLET_SUFFIX.search(words[-1]) and len(words[-1]) <= 8:
        return True  # เกษตรก้าวหน้า นิวส์, ทุ่งสงโพสต์ ออนไลน์
    return len(words) == 1 and bool(_OUTLET_SUFFIX.search(text) or _publisher_re().search(text))


def outlet_and_date(line: str) -> tuple[str, DateMention] | None:
    """The outlet's name and the posting date when one head line gives both
    (``สำนักข่าวX 14 มีนาคม 2568``, ``ชากังราวโพสต์ | 17 ตุลาคม 2568``), else None."""
    if len(line) > DATELINE_MAX:
        return None
    segments = [s.strip() for s in _META_SPLIT.split(line)]
    if len(segments) >= 2 and _outlet_like(segments[0]):
        dated = dateline_date(" | ".join(segments[1:]))
        if dated is not None:
            return publisher_name(segments[0]), dated
    words = line.split()
    for k in range(1, min(PUBLISHER_WORDS, len(words) - 1) + 1):
        name = " ".join(words[:k])
        if _outlet_like(name):
            dated = dateline_date(" ".join(words[k:]))
            if dated is not None:
                return publisher_name(name), dated
    return None


_TAGLINE_SEP = re.compile(r"\s+[|–—-]\s+")


def outlet_with_tagline(line: str) -> str | None:
    """The outlet's name on a line that adds a tagline or its English name after a separator
    (``สุโขทัยโพสต์ออนไลน์ – ข่าวจริง ทันเหตุการณ์``, ``มหาวิทยาลัยX | X University``), else None."""
    parts = _TAGLINE_SEP.split(line.strip(), maxsplit=1)
    if len(parts) != 2 or len(line) > PUBLISHER_MAX + 30 or find_dates(line):
        return None
    name, rest = parts
    if _outlet_like(name) or (len(name.split()) == 1 and _org_head_re().match(name) and rest.isascii()):
        return publisher_name(name)
    return None


_BY_SEGMENT = re.compile(r"^(?:โดย|เขียนโดย|รายงานโดย)\s*[:：]?\s*(?P<name>\S+\s\S+)$")


def dateline_writer(line: str) -> str | None:
    """The writer named in a segment of a dateline (``โดย X Y | 14 ส.ค. 2567 | อ่าน 1,284 ครั้ง``)."""
    for raw in _META_SPLIT.split(line):
        m = _BY_SEGMENT.match(raw.strip())
        if m:
            return m.group("name")
    return None


def lead_dateline(line: str) -> DateMention | None:
    """A dateline opening the lead (``จันทบุรี 8 เม.ย.68 – เมื่อเวลา …``): a place word, the
    date, then a dash or colon; the posting date of a post that gives no other."""
    m = re.match(r"[^\s\d]{2,30}\s+", line)
    if not m:
        return None
    found = find_dates(line[m.end():m.end() + 40])
    if not found or found[0].start != 0:
        return None
    d = found[0]
    tail = line[m.end() + d.end:m.end() + d.end + 4]
    return d if re.match(r"\s*[–—:-]", tail) else None
