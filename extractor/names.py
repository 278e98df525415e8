"""People in Thai news text: honorifics, names and the positions written with them.

Shared by the ``people`` and ``participants`` extractors. Everything here works
on ``Doc.view`` (same length as the body, ASCII digits, plain spaces), so the
offsets it returns are offsets into the body.

A *mention* is one place a person is named::

    นางสาวกมลวรรณ ศรีสุข เจ้าหน้าที่พัฒนาชุมชนอำเภอบ้านโป่ง
    └honorific┘└given┘ └surname┘ └──────── position ────────┘

Thai writes no space between words, so an honorific is found even when glued
to the word before it (``โดยมีนายเวียง``); what follows it must then look like
a name (not a stop word, not a position or a group) and, for weak honorifics
(``ท่าน``, ``คุณ``, bare ``พระ``), be a given name PyThaiNLP knows. A position
starts with a title from ``data/positions.tsv`` (or an abbreviation from
``data/position_abbrev.tsv``) and runs over space-separated pieces while each
piece continues it (an organization, a connector such as ``รักษาการ``, a place,
a number, an abbreviation, a bracket); it ends at the next person, a group
word, a cue such as ``กล่าวว่า`` or ``เป็นประธาน``, or the end of the line.

The lexicons are loaded once and compiled into prefix-tree regexes, so one
scan of a 5,000-character article costs about 2 ms (bench/bench_people.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexicon import load_table

log = logging.getLogger(__name__)

#: Thai letters, without ฯ (abbreviation mark) and ๆ (repetition mark), which end a name.
TH = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_TH_RUN = re.compile(f"[{TH}]+")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]*){1,3}")
_LATIN_RUN = re.compile(r"[A-Z][A-Za-z0-9&'\-\.]*(?: [A-Za-z0-9&'\-\.]+){0,5}")
_LATIN_POSITION_TAIL = re.compile(r"[A-Za-z0-9&'\-\.]+(?: [A-Za-z0-9&'\-\.]+)*")
#: Dotted abbreviations used as position pieces: คปภ. ป.ป.ส บก.ปส.2
# The dot is compulsory inside the repeat: with it optional, "ก." + a long word backtracks exponentially.
_ABBR = re.compile(rf"[ก-ฮ]{{1,5}}\.(?:[ก-ฮ0-9]{{1,5}}\.)*[ก-ฮ0-9]{{0,5}}(?:[{TH}]+)?")  # also สภ.คอหงส์
_NUMBER = re.compile(r"(?:ที่ ?)?\d{1,4}(?=[\s,()]|$)")
_ADMIN_PREFIX = re.compile(r"(?:จังหวัด|อำเภอ|จ\. ?|อ\. ?)")
_SPACES = re.compile(r" {1,3}")
#: One line break (not a blank line) between two words of a hard-wrapped paragraph.
_LINE_WRAP = re.compile(r" {0,3}\n {0,3}(?=[^\s])")
_ADMIN_WORD = re.compile(r"จังหวัด|อำเภอ|ตำบล")
_WS = re.compile(r"\s+")
#: Person-count classifiers that look like honorifics (ทหาร 50 นาย ร่วม ...).
_CLASSIFIER_BEFORE = re.compile(r"\d ?$")

#: Longest given name or surname (characters); a longer run is a phrase, not a name.
MAX_NAME = 25
#: Longest nickname in brackets between a name and its position: พระครู ก (พระครูต้น) ผู้ช่วยเจ้าอาวาส...
MAX_NICKNAME = 30
#: Longest position kept (characters); beyond this the parser has run away.
MAX_POSITION = 220
#: Longest bracket taken into a position: ``(หัวหน้ากลุ่มภารกิจ...)``, ``(รมว.พม.)``.
MAX_BRACKET = 80
#: How far back a position written before the name is looked for.
POSITION_BEFORE_WINDOW = 120


# --------------------------------------------------------------------------- lexicons

def trie_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex matching any of ``words``, built as a prefix tree so the longest form wins.

    A plain alternation of a few hundred literals is tried branch by branch at
    every position; a tree shares prefixes and fails on the first character.
    """
    tree: dict = {}
    for w in words:
        if not w:
            continue
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body if len(branches) == 1 else body

    return emit(tree)


@dataclass(frozen=True)
class Honorific:
    """One honorific form from ``data/honorifics.tsv``."""

    form: str
    canonical: str
    kind: str


WEAK_KINDS = frozenset({"polite", "foreign"})
#: Kinds whose every form also has a female form, the rank followed by ``FEMALE_SUFFIX``.
RANK_KINDS = frozenset({"military", "police"})
FEMALE_SUFFIX = "หญิง"


@lru_cache(maxsize=1)
def honorifics() -> dict[str, Honorific]:
    """Honorific forms → their row (first row wins for a form listed twice).

    Military and police ranks get their female forms too (``พ.ต.ท.หญิง``,
    ``ร้อยตรีหญิง``): Thai writes a woman's rank with หญิง after it, and
    without the form the name would be read as ``หญิง...``.
    """
    out: dict[str, Honorific] = {}
    for r in load_table("honorifics.tsv"):
        h = Honorific(r["form"], r["canonical"] or r["form"], r["kind"] or "civil")
        out.setdefault(h.form, h)
    for h in list(out.values()):
        if h.kind in RANK_KINDS and not h.form.endswith(FEMALE_SUFFIX):
            f = h.form + FEMALE_SUFFIX
            out.setdefault(f, Honorific(f, h.canonical + FEMALE_SUFFIX, h.kind))
    return out


@lru_cache(maxsize=1)
def _hon_one() -> re.Pattern[str]:
    return re.compile(trie_pattern(list(honorifics())))


@lru_cache(maxsize=1)
def _hon_stack() -> re.Pattern[str]:
    one = trie_pattern(list(honorifics()))
    # stacked: พล.ต.อ.ดร., รองศาสตราจารย์ ดร., ว่าที่ ร.ต.
    return re.compile(f"(?:{one})(?: ?(?:{one}))*")


@lru_cache(maxsize=1)
def _positions() -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {k: set() for k in ("head", "chain", "andchain", "cont", "grade", "org", "lead",
                                                     "place")}
    for r in load_table("positions.tsv"):
        if r["kind"] not in kinds:
            log.warning("positions.tsv: unknown kind %r for %r; row skipped", r["kind"], r["form"])
            continue
        kinds[r["kind"]].add(r["form"])
    for r in load_table("position_abbrev.tsv"):
        kinds["head"].add(r["form"])
    kinds["andchain"] |= kinds["chain"]
    kinds["cont"] |= kinds["grade"]
    kinds["head"] |= kinds["andchain"]
    return kinds


@lru_cache(maxsize=None)
def _rx(name: str) -> re.Pattern[str]:
    """Compiled prefix-tree regexes of the lexicons, by name."""
    p = _positions()
    words = {
        "head": p["head"],
        "chain": p["chain"],
        "andchain": p["andchain"],
        "cont": p["cont"],
        "grade": p["grade"],
        "lead": p["lead"],
        "org": p["org"] | p["place"],
        "organization": p["org"],
        "group": set(group_words()),
        "group_ends_title": {r["group"] for r in load_table("groups.tsv") if r["ends_title"] == "yes"},
        "glued_cue": {r["cue"] for r in load_table("position_end_cues.tsv") if r["glued"] == "yes"},
        "end_cue": {r["cue"] for r in load_table("position_end_cues.tsv") if r["glued"] == "end"},
        "cue": {r["cue"] for r in load_table("position_end_cues.tsv")},
        "province": set(provinces()),
        "district": set(districts()),
    }[name]
    return re.compile(trie_pattern(sorted(words)))


@lru_cache(maxsize=1)
def group_words() -> tuple[str, ...]:
    """Unnamed groups of people (หัวหน้าส่วนราชการ, อสม., นักเรียน) from ``data/groups.tsv``."""
    return tuple(r["group"] for r in load_table("groups.tsv"))


@lru_cache(maxsize=1)
def _stopwords() -> tuple[frozenset[str], tuple[str, ...]]:
    exact, prefix = set(), []
    for r in load_table("name_stopwords.tsv"):
        (prefix.append if r["match"] == "prefix" else exact.add)(r["word"])
        exact.add(r["word"])
    return frozenset(exact), tuple(prefix)


@lru_cache(maxsize=1)
def provinces() -> tuple[str, ...]:
    """Thai province names (from geothai), for ending a title after its province."""
    try:
        import geothai

        return tuple(p.name_th for p in geothai.provinces())
    except Exception as exc:  # the rules still work, only less sharply, without the list
        log.warning("province names are unavailable (%s); positions may run past a province name", exc)
        return ()


@lru_cache(maxsize=1)
def districts() -> tuple[str, ...]:
    """Thai district names without the Bangkok ``เขต`` prefix (from geothai)."""
    try:
        import geothai

        names = {d.name_th for p in geothai.provinces() for d in geothai.districts(p.code)}
        return tuple(sorted({n[3:] if n.startswith("เขต") else n for n in names}))
    except Exception as exc:
        log.warning("district names are unavailable (%s); positions may run past a district name", exc)
        return ()


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Thai given names known to PyThaiNLP (offline corpus), for weak honorifics."""
    try:
        from pythainlp.corpus import thai_female_names, thai_male_names

        return frozenset(thai_male_names()) | frozenset(thai_female_names())
    except Exception as exc:
        log.warning("PyThaiNLP name lists are unavailable (%s); names after ท่าน/คุณ are skipped", exc)
        return frozenset()


@lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    """Thai family names known to PyThaiNLP, so a known surname is never split."""
    try:
        from pythainlp.corpus import thai_family_names

        return frozenset(thai_family_names())
    except Exception as exc:
        log.warning("PyThaiNLP family names are unavailable (%s)", exc)
        return frozenset()


# --------------------------------------------------------------------------- small tests on text

def _starts(name: str, s: str, i: int = 0) -> int:
    """Length of the ``name`` lexicon word starting at ``s[i]`` (0 if none)."""
    m = _rx(name).match(s, i)
    return m.end() - i if m else 0


def is_stopword(token: str) -> bool:
    """Whether ``token`` is a word that cannot be a given name or surname."""
    exact, prefix = _stopwords()
    return token in exact or token.startswith(prefix)


def _name_like(token: str, *, surname: bool = False) -> bool:
    """Whether a Thai token may be a given name (or surname)."""
    if not 2 <= len(token) <= MAX_NAME or is_stopword(token):
        return False
    if _starts("glued_cue", token) or _starts("grade", token):
        return False  # ชำนาญการ after นายแพทย์/เภสัชกร: the title is a position, not an honorific
    limit = 5 if surname else 4  # a title or group word at the start means it is not a name
    if _starts("head", token) >= limit or _starts("group", token) >= limit or _starts("org", token) >= 4:
        return False
    return True


def _province_end(s: str, i: int) -> int:
    """End of a province or district name at ``s[i]`` after an admin prefix, else -1."""
    m = _ADMIN_PREFIX.match(s, i)
    if not m:
        return -1
    j = m.end()
    for lex in ("province", "district"):
        n = _starts(lex, s, j)
        if n:
            return j + n
    return -1


def split_glued_suffix(token: str) -> int | None:
    """Where a name token runs into the next word, if it does.

    ``วรสหวัฒน์จ.ราชบุรี`` → 9 (before ``จ.ราชบุรี``); ``ใจดีนายอำเภอเมือง`` → 4;
    ``ใจดีกล่าวว่า`` → 4. None when the token is a name as a whole. Splits only
    before a province, a cue that ends a name, or a title of five letters or more.
    """
    return _glued_cut(token, 0, len(token))


def _glued_cut(s: str, start: int, end: int) -> int | None:
    """``split_glued_suffix`` for the token ``s[start:end]``, looking past its end for the
    rest of a place name (``วรสหวัฒน์จ`` + ``.ราชบุรี``); the cut is relative to ``start``."""
    if s[start:end] in family_names():
        return None
    rx = _split_rx()
    m = rx.search(s, start + 2, end + 40)
    while m and m.start() < end:
        i = m.start()
        if _starts("glued_cue", s, i) or _province_end(s, i) > 0:
            return i - start
        n = _starts("head", s, i)
        # a title run into the surname (ใจดีนายอำเภอเมือง) has more after it; a surname may end
        # in a bare title word (คล่องพยาบาล), so that alone is no split
        if n >= 5 and (i + n < end or _starts("andchain", s, i) == n):
            return i - start
        m = rx.search(s, i + 1, end + 40)
    return None


@lru_cache(maxsize=1)
def _split_rx() -> re.Pattern[str]:
    """Where a name token may run into the next word: a cue, a long title or a place prefix."""
    p = _positions()
    words = {r["cue"] for r in load_table("position_end_cues.tsv") if r["glued"] == "yes"}
    words |= {h for h in p["head"] if len(h) >= 5} | {"จังหวัด", "อำเภอ", "จ.", "อ."}
    return re.compile(trie_pattern(sorted(words)))


def strip_place_suffix(name: str) -> str:
    """A name without a place or title glued to its end (``สุพจน์ วรสหวัฒน์จ.ราชบุรี`` → ``สุพจน์ วรสหวัฒน์``).

    For bylines (``article.py``): only the last word is looked at.
    """
    name = _WS.sub(" ", name).strip()
    head, _, last = name.rpartition(" ")
    if head and _province_end(last, 0) == len(last):  # สุพจน์ วรสหวัฒน์ จ.ราชบุรี
        return head
    cut = split_glued_suffix(last)
    if cut is None:
        return name
    return (head + " " + last[:cut]).strip()


def name_key(name: str) -> str:
    """The comparison key of a name: all spaces removed."""
    return re.sub(r"\s+", "", name)


# --------------------------------------------------------------------------- positions

def _piece_end(view: str, i: int, limit: int, skip: int = 0) -> int:
    """End of the space-free piece starting at ``i``: at a space, punctuation or a glued cue.

    ``skip`` characters at the start are not searched for a glued cue (the
    title itself, so ``ผู้ว่าราชการ`` is not cut at ``ว่า``).
    """
    j = i
    n = min(limit, len(view))
    while j < n and view[j] not in " \n,;\"“”'(":
        j += 1
    # a cue glued to the title ends it (...นายกรัฐมนตรีมอบหมายให้), and so does the end of a
    # province or district name run into the next word (...จังหวัดอุบลราชธานีมาร่วมงาน)
    k = i + 1
    while k < j:
        if k >= i + skip:
            if _starts("glued_cue", view, k):
                return k
            n = _starts("end_cue", view, k)
            if n and k + n == j:
                return k
            # ...จังหวัดนครปฐมและหัวหน้าส่วนราชการ: และ glued before a group or a person
            if view.startswith("และ", k) and (
                    _starts("group_ends_title", view, k + 3) or _is_person_start(view, k + 3)):
                return k
        pe = _province_end(view, k)
        if 0 < pe < j and re.match(f"[{TH}]", view[pe]) and not _starts("org", view, pe):
            return pe  # ...จังหวัดพัทลุงและนายอำเภอควนขนุน: after a place, และ starts someone else
        k += 1
    return j


def _bracket_end(view: str, i: int, limit: int) -> int:
    """End of a short bracket ``(...)`` at ``i`` on one line, or -1 (also for a list number ``(2)``)."""
    close = view.find(")", i, min(limit, i + MAX_BRACKET))
    if close < 0 or "\n" in view[i:close] or "(" in view[i + 1:close] or view[i + 1:close].strip().isdigit():
        return -1
    return close + 1


def _company_end(view: str, i: int, limit: int) -> int:
    """End of ``บริษัท X จำกัด (มหาชน)`` starting at ``i``, or -1."""
    m = re.compile(r"[^\n]{0,60}?จำกัด(?: ?\(มหาชน\))?").match(view, i, limit)
    return m.end() if m else -1


def _start_of_position(view: str, i: int) -> int:
    """Length of the title at ``view[i]`` that may start a position (0 if none)."""
    n = _starts("head", view, i)
    if n:
        return n
    c = _starts("cont", view, i) or _starts("lead", view, i)  # รักษาการประธาน..., รอง เลขาธิการ...
    if c:
        j = i + c
        j += 1 if view[j:j + 1] == " " else 0
        n = _starts("head", view, j)
        return (j - i) + n if n else 0
    # a provincial office head not in the lexicon: <word>จังหวัด<province> (แรงงานจังหวัดมหาสารคาม)
    m = _TH_RUN.match(view, i)
    if m:
        run = m.group()
        for marker in ("จังหวัด", "อำเภอ"):
            k = run.find(marker, 2)
            if 2 <= k <= 20 and _province_end(run, k) > 0 and _office_stem(run[:k]):
                return k
    return 0


def _office_stem(stem: str) -> bool:
    """Whether ``stem`` (the part before จังหวัด/อำเภอ) may name an office (แรงงาน, สถิติ).

    Not a group (ประชาชนจังหวัด...), and no function word or honorific inside it
    (ภายใต้การนำของท่านนายอำเภอ... is a phrase, not a title).
    """
    if _starts("group", stem) or _starts("cue", stem) or _hon_one().search(stem):
        return False
    return not any(is_stopword(stem[t:]) for t in range(len(stem)))


def _ends_with_grade(view: str, s: int, e: int) -> bool:
    """Whether ``view[s:e]`` ends with a civil-service grade (``พยาบาลวิชาชีพชำนาญการ``)."""
    return any(view.endswith(g, s, e) for g in _positions()["grade"])


def _continuation(view: str, k: int, limit: int, after_connector: bool, after_grade: bool = False,
                  bare_title: bool = False) -> int | None:
    """End of the piece at ``view[k]`` when it continues the position before it, else None.

    ``after_connector``: the piece before was a bare connector (``รักษาการในตำแหน่ง``,
    ``หรือ``), which any next piece continues unless it is a group or a cue.
    ``after_grade``: the piece before ended with a grade (``ครูชำนาญการพิเศษ``); a title
    after it is the administrative post the same person holds (``หัวหน้ากลุ่มสาระ...``).
    ``bare_title``: the position so far is a chain title alone (``ประธาน``), so a group written
    after it is what the title is of (``ประธาน อสม.บ้านนาดี``), not the next item of a list.
    """
    n_head = _starts("head", view, k)
    piece_end = _piece_end(view, k, limit, skip=n_head or _starts("org", view, k))
    piece = view[k:piece_end]
    if not piece:
        return None
    if after_connector:
        return None if _starts("group", view, k) or _starts("cue", view, k) == len(piece) else piece_end
    if after_grade and n_head >= 4 and _starts("group", view, k) < n_head and not _is_person_start(view, k):
        return piece_end
    if piece.startswith("และ"):  # a second title of the same person: ...นายกรัฐมนตรี และรัฐมนตรีว่าการ...
        j = k + 3 + (1 if view[k + 3:k + 4] == " " else 0)
        n = _starts("andchain", view, j)
        # และกำนันผู้ใหญ่บ้าน..., และนายอำเภอ...: a title that is also a group word starts
        # another (unnamed) person, not a second title of this one
        if j >= limit or not n or _starts("group", view, j) >= n:
            return None
        return _piece_end(view, j, limit, skip=n)
    if _starts("group", view, k) > max(_starts("org", view, k), _starts("cont", view, k)):
        return piece_end if bare_title and _starts("chain", view, k) == 0 else None
    if _starts("cont", view, k) or _starts("chain", view, k):
        return piece_end
    if _starts("org", view, k):
        if piece.startswith("บริษัท"):
            ce = _company_end(view, k, limit)
            return ce if ce > 0 else piece_end
        return piece_end
    number = _NUMBER.match(view, k)
    if number:
        return number.end()
    if _ABBR.fullmatch(piece) or _province_end(view, k) == piece_end \
            or len(piece) in (_starts("province", view, k), _starts("district", view, k)):
        return piece_end
    if piece[:1].isascii() and piece[:1].isupper():  # Singapore Tourism Board
        lm = _LATIN_RUN.match(view, k, limit)
        return k + len(lm.group().rstrip(" .,")) if lm else None
    return None


def parse_position(view: str, i: int, limit: int) -> tuple[int, int] | None:
    """The position starting at ``view[i]``, as a span, or None when none starts there.

    ``limit`` is where the next person's mention starts (a position never runs into it).
    """
    limit = min(limit, len(view))
    first = _start_of_position(view, i)
    if not first:
        return None
    s0 = view.rfind(" ", i, i + first) + 1 or i  # รอง เลขาธิการ...: the first piece is the title's
    e = _piece_end(view, s0, limit, skip=i + first - s0)
    if e <= i:
        return None
    after_connector = False
    while True:
        m = _SPACES.match(view, e)
        k = m.end() if m else e
        if view[k:k + 1] == "(":  # (รมว.พม.), (หัวหน้ากลุ่มภารกิจ...)
            b = _bracket_end(view, k, limit)
            if b < 0:
                break
            e = b
            continue
        if not m or k >= limit or view[k] == "\n":
            break
        end = _continuation(view, k, limit, after_connector, _ends_with_grade(view, i, e),
                           e - i == first == _starts("chain", view, i))
        if end is None or end - i > MAX_POSITION:
            break
        after_connector = _starts("cont", view, k) == end - k
        e = end
    while e > i and view[e - 1] in " ,:;-":  # trailing marks are not part of a title
        e -= 1
    return (i, e) if e > i else None


def parse_latin_position(view: str, i: int, limit: int) -> tuple[int, int] | None:
    """An English title after a foreign name: ``, Director for the Directorate of ...``."""
    m = re.compile(r",? ?").match(view, i)
    j = m.end() if m else i
    if not _starts("head", view, j) or not view[j:j + 1].isascii():
        return None
    t = _LATIN_POSITION_TAIL.match(view, j, limit)
    return (j, t.end()) if t else None


# --------------------------------------------------------------------------- mentions

@dataclass(frozen=True)
class Mention:
    """One place a person is named; spans are offsets into the body."""

    start: int                      #: start of the honorific (or of the name when there is none)
    end: int                        #: end of the name
    honorific: str | None
    given: str
    surname: str | None
    kind: str                       #: honorific kind (civil, monastic, ...)
    short: bool = False             #: a given name only (นายสุทธิพงษ์ฯ): refers to an earlier full mention
    needs_position: bool = False    #: kept only with a position: a title as name (พระราชวิสุทธิโมลี), พระมหาเถระ
    position: tuple[int, int] | None = None
    position_before: bool = False   #: the position is written before the honorific
    position_shared: bool = False   #: the position is the next person's (listed together before it)

    @property
    def name(self) -> str:
        """Given name and surname, one space between."""
        return f"{self.given} {self.surname}" if self.surname else self.given

    @property
    def claimed_end(self) -> int:
        """Where this mention's text ends: after its position when that follows the name."""
        if self.position and not self.position_before and not self.position_shared:
            return max(self.end, self.position[1])
        return self.end


def _honorific_parts(text: str) -> list[Honorific]:
    """The honorifics stacked in ``text`` (``พล.ต.อ.ดร.`` → [พล.ต.อ., ดร.])."""
    table = honorifics()
    parts, i = [], 0
    one = _hon_one()
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        m = one.match(text, i)
        if not m:
            break
        parts.append(table[m.group()])
        i = m.end()
    return parts


#: Family names of the form ณ <place> whose place is not a province (ณ อยุธยา, ณ ถลาง ...).
_ROYAL_SURNAME_PLACES = frozenset({"อยุธยา", "บางช้าง", "ถลาง", "ป้อมเพชร", "ตะกั่วทุ่ง", "นคร"})


def _royal_surname(view: str, q: int) -> tuple[str, int] | None:
    """A surname ``ณ <place>`` at ``q`` (ณ อยุธยา, ณ นครพนม) with where it ends, else None."""
    if not view.startswith("ณ ", q):
        return None
    m = _TH_RUN.match(view, q + 2)
    if not m:
        return None
    from . import gazetteer  # the gazetteer loads geothai: only when a ณ follows a given name

    word = m.group()
    if word in _ROYAL_SURNAME_PLACES or gazetteer.is_known(word, "province"):
        return f"ณ {word}", m.end()
    return None


def _parse_thai_name(view: str, p: int, weak: bool, monastic: bool):
    """Given name, surname and end at ``view[p]``: ``(given, surname, end, short)`` or None."""
    m = _TH_RUN.match(view, p)
    if not m:
        return None
    given, end = m.group(), m.end()
    cut = _glued_cut(view, p, end)
    glued_end = cut is not None
    if glued_end:
        given, end = given[:cut], p + cut
    if not _name_like(given) or (weak and given not in given_names()):
        return None
    if glued_end:
        return given, None, end, not monastic
    if view[end:end + 1] == "ฯ":
        return given, None, end + 1, True
    sp = _SPACES.match(view, end)
    wrapped = False
    if not sp:
        # hard-wrapped text: the given name ends a line and the surname starts the next
        sp = _LINE_WRAP.match(view, end)
        wrapped = True
    if sp:
        q = sp.end()
        royal = _royal_surname(view, q)
        if royal:  # เกียรติศักดิ์ ณ นครพนม: a surname of the ณ <place> family form
            return given, royal[0], royal[1], False
        m2 = _TH_RUN.match(view, q)
        if m2 and not _is_person_start(view, q):
            surname, s_end = m2.group(), m2.end()
            cut = _glued_cut(view, q, s_end)
            if cut is not None:
                surname, s_end = surname[:cut], q + cut
            if _name_like(surname, surname=True) and (_start_of_position(view, q) < 4 or surname in family_names()) \
                    and (not wrapped or _wrapped_surname_ok(view, surname, s_end)):
                return given, surname, s_end, False
    return given, None, end, not monastic


def _wrapped_surname_ok(view: str, surname: str, end: int) -> bool:
    """Whether the first word of the next line is the surname of a name broken by a line end:
    a known family name, or a word followed by a title, another person or a list comma."""
    if surname in family_names():
        return True
    sp = _SPACES.match(view, end)
    if sp:
        j = sp.end()
        return _start_of_position(view, j) > 0 or _is_person_start(view, j)
    return view[end:end + 1] == ","


def _extend_name(view: str, surname: str, end: int) -> tuple[str, int]:
    """Names of three or four words (foreign names in Thai script) when a title follows them.

    ``นายอาหมัด ซัยนัล บิน ยูซุฟ รมว....``: the extra words are taken only when
    none of them is a stop word, title or group and a title starts right after them.
    """
    extra, e = [], end
    for _ in range(2):
        sp = _SPACES.match(view, e)
        if not sp:
            return surname, end
        m = _TH_RUN.match(view, sp.end())
        if not m or not _name_like(m.group(), surname=True) or _start_of_position(view, sp.end()) \
                or _starts("org", view, sp.end()) or _starts("cont", view, sp.end()) \
                or _starts("lead", view, sp.end()) \
                or _is_person_start(view, sp.end()) or _starts("province", view, sp.end()):
            return surname, end
        extra.append(m.group())
        e = m.end()
        sp2 = _SPACES.match(view, e)
        if sp2 and _starts("head", view, sp2.end()):
            return " ".join([surname, *extra]), e
    return surname, end


def _is_person_start(view: str, i: int) -> bool:
    """Whether a strong honorific followed by a name-like word starts at ``view[i]``."""
    m = _hon_one().match(view, i)
    if not m:
        return False
    h = honorifics()[m.group()]
    if h.kind in WEAK_KINDS or h.form == "พระ":
        return False
    if _starts("head", view, i) > len(m.group()) or _starts("group", view, i) > len(m.group()):
        return False
    j = m.end() + (1 if view[m.end():m.end() + 1] == " " else 0)
    r = _TH_RUN.match(view, j)
    return bool(r and _name_like(r.group()))


def _mention_at(view: str, m: re.Match[str]) -> Mention | None:
    """Read the person whose honorific ``m`` matched, or None when it is not one."""
    s = m.start()
    hon_text = m.group()
    parts = _honorific_parts(hon_text)
    if not parts:
        return None
    first = parts[0]
    # นายอำเภอ, นายกรัฐมนตรี, ครูใหญ่ (also stacked: ท่านนายอำเภอ): a title that begins like an honorific
    k = s
    for h in parts:
        k = view.find(h.form, k)
        if _starts("head", view, k) > len(h.form) or _starts("group", view, k) > len(h.form):
            return None
        k += len(h.form)
    if first.form == "นาย" and _CLASSIFIER_BEFORE.search(view, max(0, s - 3), s) \
            and not re.match(f"[{TH}]", view[m.end():m.end() + 1]):
        return None  # ทหาร 50 นาย ร่วม...: a classifier, not an honorific (วันที่ 10 นายสมชาย is one)
    if all(h.kind == "acting" for h in parts):
        return None
    last = parts[-1]
    if last.kind == "monastic-title":
        # พระเดชพระคุณ พระเทพวิสุทธิญาณ: the title prefix is part of the name; it starts a
        # word (in เลขานุการสมเด็จพระสังฆราช it is part of someone else's title)
        if len(parts) == 1 and s > 0 and re.match(f"[{TH}]", view[s - 1]):
            return None
        k = s + hon_text.rfind(last.form)
        r = _TH_RUN.match(view, k)
        if not r or r.end() - k < len(last.form) + 2:
            return None
        hon = hon_text[: k - s].strip() or None
        return Mention(s, r.end(), hon, r.group(), None, "monastic", needs_position=True)
    kind = next((h.kind for h in reversed(parts) if h.kind != "acting"), last.kind)
    weak = all(h.kind in WEAK_KINDS for h in parts) or hon_text == "พระ"
    # a weak honorific glued to the word before is a syllable of that word (ถวายพระกุศล),
    # unless that word is a function word (ของท่านอนุทิน)
    if weak and s > 0 and re.match(f"[{TH}]", view[s - 1]) and not _ends_with_function_word(view, max(0, s - 12), s):
        return None
    monastic = any(h.kind == "monastic" for h in parts)
    p = m.end()
    sp = _SPACES.match(view, p)
    if sp:
        p = sp.end()
    if kind == "foreign" or (view[p:p + 1].isascii() and view[p:p + 1].isupper()):
        lm = _LATIN_NAME.match(view, p)
        if not lm:
            return None
        given, _, surname = lm.group().partition(" ")
        return Mention(s, lm.end(), _WS.sub(" ", hon_text), given, surname, "foreign")
    parsed = _parse_thai_name(view, p, weak, monastic)
    if parsed is None:
        return None
    given, surname, end, short = parsed
    if weak and not surname:
        return None  # ท่าน/คุณ/พระ + one word is too often an ordinary word (พระนคร, คุณค่า)
    if short and view[end - 1] != "ฯ" and s > 0 and re.match(f"[{TH}]", view[s - 1]) \
            and not _ends_with_function_word(view, max(0, s - 12), s):
        return None  # เดิมบางนางบวช: an honorific inside a word, with no surname after it
    if surname:
        surname, end = _extend_name(view, surname, end)
    # พระครูวิมลธรรมรักษ์ is a full name; พระมหาเถระ (an elder) is one only with a title after it
    needs_position = monastic and not surname and not short and "พระครู" not in hon_text
    return Mention(s, end, _WS.sub(" ", hon_text), given, surname, kind, short=short,
                   needs_position=needs_position)


def _scan(view: str, zone: tuple[int, int]) -> list[Mention]:
    """Every honorific+name mention in the zone, in order, without positions."""
    zs, ze = zone
    out: list[Mention] = []
    last_end = zs
    for m in _hon_stack().finditer(view, zs, ze):
        if m.start() < last_end:
            continue
        men = _mention_at(view, m)
        if men is None or men.end > ze:
            continue
        if out and view[out[-1].end:men.start].strip() == "(":
            continue  # a nickname in brackets after a name: พระครู ก (พระครูต้น)
        out.append(men)
        last_end = men.end
    return out


def _ends_with_function_word(view: str, lo: int, c: int) -> bool:
    """Whether ``view[lo:c]`` ends with a function word a title may be glued to (โดยมี, ของ)."""
    exact, _ = _stopwords()
    return any(view.startswith(w, c - len(w)) for w in exact if c - len(w) >= lo)


def _position_before(view: str, men: Mention, boundary: int) -> tuple[int, int] | None:
    """A title written just before the honorific (``ผู้ว่าราชการจังหวัดราชบุรี นายสมชาย``)."""
    lo = max(boundary, men.start - POSITION_BEFORE_WINDOW)
    line = view.rfind("\n", lo, men.start)
    lo = line + 1 if line >= 0 else lo
    for hm in _rx("head").finditer(view, lo, men.start):
        c = hm.start()
        # only at a word start: after a space, or glued after a list cue (โดยมีผู้ว่าราชการ...)
        if c > lo and view[c - 1] not in " (,\n" and not _ends_with_function_word(view, lo, c):
            continue
        span = parse_position(view, c, men.start)
        if span and not view[span[1]:men.start].strip():
            return span
    return None


@lru_cache(maxsize=16)
def find_mentions(view: str, zone: tuple[int, int]) -> tuple[Mention, ...]:
    """All person mentions in ``zone`` of ``view``, with their positions.

    Positions are read after the name; failing that, just before the honorific;
    a person with neither, followed only by spaces and a person with a position,
    shares that position (``รองศาสตราจารย์ ก ผู้ช่วยศาสตราจารย์ ข ที่ปรึกษา...``).
    """
    mentions = _scan(view, zone)
    ze = zone[1]
    with_pos: list[Mention] = []
    for idx, men in enumerate(mentions):
        limit = mentions[idx + 1].start if idx + 1 < len(mentions) else ze
        sp = _WS.match(view, men.end)
        i = sp.end() if sp and sp.group().count("\n") <= 1 else men.end
        if view[i:i + 1] == "(":  # a nickname: พระครูวิมลธรรมรักษ์ (พระครูต้น) ผู้ช่วยเจ้าอาวาส...
            b = _bracket_end(view, i, min(limit, i + MAX_NICKNAME))
            if b > 0:
                sp = _SPACES.match(view, b)
                i = sp.end() if sp else b
        if men.kind == "foreign":
            span = parse_latin_position(view, men.end, limit) or parse_position(view, i, limit)
        else:
            span = parse_position(view, i, limit)
        with_pos.append(replace(men, position=span))
    # a title written before the name, not claimed by the person before
    for idx, men in enumerate(with_pos):
        if men.position is None and not men.short:
            boundary = with_pos[idx - 1].claimed_end if idx else zone[0]
            span = _position_before(view, men, boundary)
            if span:
                with_pos[idx] = replace(men, position=span, position_before=True)
    # people listed together before one shared title
    for idx in range(len(with_pos) - 2, -1, -1):
        men, nxt = with_pos[idx], with_pos[idx + 1]
        if men.position is None and nxt.position and not nxt.position_before and not men.short \
                and not view[men.end:nxt.start].strip():
            with_pos[idx] = replace(men, position=nxt.position, position_shared=True)
    return tuple(m for m in with_pos if not (m.needs_position and m.position is None))


# --------------------------------------------------------------------------- people

@dataclass
class PersonEntry:
    """One person after linking all mentions of them; ``first`` is the first full mention."""

    first: Mention
    position: tuple[int, int] | None
    mentions: list[Mention]

    @property
    def key(self) -> str:
        return name_key(self.first.name)


def _better_position(view: str, old: tuple[int, int] | None, new: tuple[int, int] | None):
    """Keep the first position, unless a later one is the same title written out further."""
    if old is None:
        return new
    if new is None:
        return old
    a, b = view[old[0]:old[1]], view[new[0]:new[1]]
    return new if len(b) > len(a) and name_key(b).startswith(name_key(a)) else old


def link_people(view: str, mentions: tuple[Mention, ...]) -> list[PersonEntry]:
    """Group mentions by person: one entry per full name, short mentions linked by given name."""
    people: dict[str, PersonEntry] = {}
    by_given: dict[str, PersonEntry] = {}
    for men in mentions:
        if men.short:
            entry = by_given.get(men.given)
            if entry is not None:
                entry.mentions.append(men)
                if entry.position is None:
                    entry.position = men.position
            continue
        key = name_key(men.name)
        entry = people.get(key)
        if entry is None:
            entry = PersonEntry(men, men.position, [men])
            people[key] = entry
        else:
            entry.mentions.append(men)
            entry.position = _better_position(view, entry.position, men.position)
        by_given[men.given] = entry
    return list(people.values())


def mentions_for(doc) -> tuple[Mention, ...]:
    """The person mentions of a ``Doc`` (cached, so both extractors share one scan)."""
    return find_mentions(doc.view, tuple(doc.zone))


def position_text(text: str, span: tuple[int, int] | None) -> str | None:
    """The position as written (spaces folded), without a trailing ``ว่า``/``และ``."""
    if span is None:
        return None
    s = _WS.sub(" ", text[span[0]:span[1]]).strip(" ,")
    s = re.sub(r"\s*(?:(?<!ผู้)ว่า|และ|กล่าว)$", "", s)
    return s or None


def organization_of(position: str | None) -> str | None:
    """The organization inside a position, when it names one after the title.

    From the first organization word after the title's first letter to the end
    of the position, without a trailing connector piece (``ในฐานะ...``):
    ``ปลัดกระทรวงมหาดไทย`` → ``กระทรวงมหาดไทย``; ``ผู้อำนวยการสำนักก่อสร้างสะพาน
    กรมทางหลวงชนบท`` → ``สำนักก่อสร้างสะพาน กรมทางหลวงชนบท``. Place words
    (``จังหวัด``, ``เขต``) are not organizations, nor is ``วัด`` inside ``จังหวัด``.
    """
    if not position:
        return None
    places = [(m.start(), m.end()) for m in _ADMIN_WORD.finditer(position)]
    start = None
    for i in range(1, len(position)):
        n = _starts("organization", position, i)
        if n and not any(a <= i < b for a, b in places):
            start = i
            break
    if start is None:
        return None
    pieces = position[start:].split(" ")
    for k in range(1, len(pieces)):
        # a connector (ในฐานะ...) or a bracketed title (หัวหน้ากลุ่ม...) is not part of it
        if _starts("cont", pieces[k]) or (pieces[k].startswith("(") and _starts("head", pieces[k], 1)):
            pieces = pieces[:k]
            break
    if pieces and pieces[0].endswith(")") and "(" in pieces[0] and _starts("head", pieces[0], pieces[0].index("(") + 1):
        pieces[0] = pieces[0][:pieces[0].index("(")]
    return " ".join(pieces).strip() or None
