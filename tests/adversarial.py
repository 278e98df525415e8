"""Adversarial inputs and a regex-structure checker, shared by the robustness tests and the bench.

Three tools:

* ``TEXT_GENERATORS`` / ``lexicon_generators()`` / ``HTML_GENERATORS`` — functions ``n -> str`` that
  build about ``n`` characters of hostile input for every pattern family the extractors use: long
  runs of digits, dots, spaces, honorifics, month names, ``ณ``, ``โครงการ``, ``วัตถุประสงค์``, list
  markers, brackets and quotes, plus one generator per lexicon file (its entries repeated), so a cue
  list added later is covered without editing this file. Text payloads sit inside a minimal news
  frame (dateline, headline, lead) so that every extractor reaches its deep paths.
* ``pattern_problems(pattern)`` — reads a regex with the stdlib parser and names the shapes that
  backtrack catastrophically: an unbounded repeat whose body can split the same text between
  iterations (``(a+)+``, ``(\\s*\\S+)*``, ``(.*)*``, ``(?:x+|y)*``) and alternatives inside an
  unbounded repeat that another alternative can also match (``(?:\\w|\\d\\d)+``).
* ``source_patterns(path)`` — the regex literals of a Python file (first argument of
  ``re.compile/search/...`` calls), module string constants filled in and other f-string holes
  replaced by a placeholder character.

Everything here is test tooling; nothing in ``extractor`` imports it.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path
from typing import Callable, Iterator

try:  # Python 3.11+
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extractor"
DATA = PACKAGE / "data"

Generator = Callable[[int], str]

#: A minimal article around each payload: dateline, headline, a lead with date, time and venue,
#: the payload running on from the lead. ``test_regex_safety`` checks the payload lands in the zone
#: (a head-line parser that takes the lead for a headline would silently blunt every generator).
FRAME_HEAD = ("วันที่ 12 พฤศจิกายน 2565\n"
              "เปิดงานทดสอบความทนทาน ของระบบแยกข้อมูลข่าว ประจำปีที่ห้องประชุมใหญ่\n\n"
              "เมื่อวันที่ 10 พฤศจิกายน 2565 เวลา 09.30 น. ณ ห้องประชุมศาลากลางจังหวัดลำปาง "
              "นายสมมติ ทดสอบ นายอำเภอเมืองลำปาง เป็นประธานเปิดงาน ")
FRAME_TAIL = "\nข่าว/ภาพ : สมมติ ทดสอบ\n"


def _fill(unit: str, n: int) -> str:
    """``unit`` repeated to about ``n`` characters (at least once)."""
    return unit * max(1, n // max(1, len(unit)))


def framed(payload: str) -> str:
    """``payload`` inside the news frame."""
    return FRAME_HEAD + payload + FRAME_TAIL


def _rep(unit: str) -> Generator:
    return lambda n: framed(_fill(unit, n))


def _pair(open_: str, close: str) -> Generator:
    return lambda n: framed(_fill(open_, n // 2) + _fill(close, n // 2))


#: Hand-written families: each targets a kind of rule (numbers, names, dates, venues, lists, quotes).
TEXT_GENERATORS: dict[str, Generator] = {
    "digits": _rep("1"),
    "digits_commas": _rep("1,"),
    "thai_digits": _rep("๑"),
    "digits_spaced": _rep("1 "),
    "decimal_run": _rep("9.9."),
    "dots": _rep("."),
    "ellipsis": _rep("…"),
    "spaces": lambda n: framed("ก" + " " * n + "ข"),
    "nbsp_tabs": _rep("\u00a0\t "),
    "newlines": lambda n: framed("ก" + "\n" * n + "ข"),
    "short_lines": _rep("ก\n"),
    "thai_no_spaces": _rep("การประชุมคณะกรรมการพัฒนาจังหวัด"),
    "latin_word": lambda n: framed("a" * n),
    "honorific_glued": _rep("นาย"),
    "honorific_spaced": _rep("นาย "),
    "honorific_mix": _rep("นายนางนางสาวดร."),
    "rank_dots": _rep("พล.ต.อ."),
    "name_run": _rep("นายสมมติ ทดสอบ "),
    "position_run": _rep("นายอำเภอ"),
    "month_full": _rep("มกราคม "),
    "month_abbr": _rep("ม.ค."),
    "date_run": _rep("วันที่ 1 "),
    "date_full_run": _rep("1 มกราคม 2566 "),
    "time_run": _rep("เวลา 09.00 น. "),
    "clock_digits": _rep("09.00"),
    "na_spaced": _rep("ณ "),
    "na_glued": _rep("ณ"),
    "na_place": _rep("ณ ห้องประชุม"),
    "admin_units": _rep("ตำบลอำเภอจังหวัด"),
    "admin_abbr": _rep("ต.อ.จ."),
    "project_glued": _rep("โครงการ"),
    "project_spaced": _rep("โครงการ "),
    "objective_glued": _rep("วัตถุประสงค์"),
    "objective_lead": _rep("วัตถุประสงค์เพื่อ"),
    "objective_list": _rep("วัตถุประสงค์ ดังนี้\n1. "),
    "list_dotted": _rep("1.1.1."),
    "list_items": _rep("\n1. "),
    "list_paren": _rep("(1)"),
    "list_half_paren": _rep("1)"),
    "open_parens": _rep("("),
    "parens_nested": _pair("(", ")"),
    "brackets": _pair("[", "]"),
    "quotes_ascii": _rep('"'),
    "quotes_curly": _rep("“"),
    "quotes_single": _rep("'"),
    "dashes": _rep("-"),
    "colons": _rep(":"),
    "slashes": _rep("/"),
    "byline_cue": _rep("/รายงาน"),
    "attendance": _rep("จำนวน 1 คน "),
    "participants_cue": _rep("โดยมี"),
    "combining_marks": lambda n: framed("ก" + "\u0e48\u0e49\u0e4a" * (n // 3)),
    "mixed_cues": _rep("ณ โครงการ วัตถุประสงค์ นาย 1. ( “ "),
}


def _lexicon_entries(path: Path) -> list[str]:
    """The Thai words of a lexicon file: every tab-separated cell holding Thai letters."""
    entries: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for cell in line.split("\t"):
            cell = cell.strip()
            if cell and len(cell) <= 40 and re.search("[\u0e01-\u0e4e]", cell):
                entries.extend(w for w in cell.split(",") if w.strip())
    return entries


def lexicon_generators() -> dict[str, Generator]:
    """One generator per lexicon file: its entries cycled, alternately glued and spaced."""
    out: dict[str, Generator] = {}
    for path in sorted(DATA.glob("*.t[xs][tv]")):
        entries = _lexicon_entries(path)
        if not entries:
            continue

        def gen(n: int, entries: list[str] = entries) -> str:
            parts: list[str] = []
            size = 0
            for i, word in enumerate(itertools.cycle(entries)):
                piece = word + (" " if i % 2 else "")
                parts.append(piece)
                size += len(piece)
                if size >= n:
                    break
            return framed("".join(parts))

        out[f"lex:{path.stem}"] = gen
    return out


def all_text_generators() -> dict[str, Generator]:
    """The hand-written families and the lexicon-driven ones."""
    return {**TEXT_GENERATORS, **lexicon_generators()}


# ------------------------------------------------------------------------------------------- HTML

_ARTICLE_P = ("<p>เมื่อวันที่ 10 พฤศจิกายน 2565 เวลา 09.30 น. ณ ห้องประชุมศาลากลางจังหวัด "
              "นายสมมติ ทดสอบ นายอำเภอเมือง เป็นประธานเปิดโครงการทดสอบ</p>")


def _page(body: str) -> str:
    return ("<!doctype html><html lang=th><head><meta charset=utf-8><title>ข่าวทดสอบความทนทาน</title></head>"
            f"<body><h1>ข่าวทดสอบความทนทาน</h1>{_ARTICLE_P}{body}</body></html>")


HTML_GENERATORS: dict[str, Generator] = {
    "deep_divs": lambda n: _page("<div>" * (n // 5) + "ข่าว" + "</div>" * (n // 5)),
    "deep_unclosed": lambda n: _page("<div><span><b>" * (n // 16) + "ข่าว"),
    "unclosed_p": lambda n: _page(_fill("<p>ย่อหน้า", n)),
    "many_br": lambda n: _page(_fill("ก<br>", n)),
    "list_items": lambda n: _page("<ol>" + _fill("<li>ข้อ", n) + "</ol>"),
    "table_cells": lambda n: _page("<table>" + _fill("<tr><td>ช่อง</td>", n) + "</table>"),
    "attributes": lambda n: _page("<div " + _fill('a="1" ', n) + ">ข่าว</div>"),
    "long_attribute": lambda n: _page('<div class="' + "x" * n + '">ข่าว</div>'),
    "class_soup": lambda n: _page(_fill('<div class="post-content entry related share">ข่าว</div>', n)),
    "comment": lambda n: _page("<!--" + "-" * n + "-->"),
    "unclosed_comment": lambda n: _page("<!--" + "ข่าว" * (n // 4)),
    "script": lambda n: _page("<script>" + "var a=1;" * (n // 8) + "</script>"),
    "unclosed_script": lambda n: _page("<script>" + "var a=1;" * (n // 8)),
    "jsonld_huge": lambda n: _page('<script type="application/ld+json">{"headline":"'
                                   + "ก" * n + '"}</script>'),
    "jsonld_broken": lambda n: _page('<script type="application/ld+json">' + "{[" * (n // 2) + "</script>"),
    "entities": lambda n: _page("<p>" + _fill("&amp;&#3585;&#x0e01;&nbsp;&bogus;", n) + "</p>"),
    "lt_runs": lambda n: _page("<p>" + "<" * n + "</p>"),
    "tag_soup": lambda n: _page(_fill("<<p>>/</ div><a href=<b>", n)),
    "meta_flood": lambda n: _page(_fill('<meta property="article:published_time" content="2022-11-10">', n)),
    "time_flood": lambda n: _page(_fill('<time datetime="2022-11-10">10 พ.ย. 65</time>', n)),
    "headings": lambda n: _page(_fill("<h2>หัวข้อข่าว</h2>", n)),
    "text_blob": lambda n: _page("<p>" + _fill("การประชุมคณะกรรมการ ", n) + "</p>"),
}


# --------------------------------------------------------------------------- regex structure check

_SAMPLE = "".join(chr(c) for c in range(0x20, 0x7F)) + "\n\t\u00a0\u2013\u201c\u201d\ue000" + \
    "".join(chr(c) for c in range(0x0E01, 0x0E5C))
_CATEGORY_TEST: dict[object, Callable[[str], bool]] = {
    sre_c.CATEGORY_DIGIT: str.isdecimal,
    sre_c.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre_c.CATEGORY_SPACE: str.isspace,
    sre_c.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre_c.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre_c.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    sre_c.CATEGORY_LINEBREAK: lambda c: c == "\n",
    sre_c.CATEGORY_NOT_LINEBREAK: lambda c: c != "\n",
}
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT}
_ASSERTIONS = {sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT}
_ALL = frozenset(_SAMPLE)


def _in_class(items: list, c: str) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            hit |= chr(av) == c
        elif op is sre_c.RANGE:
            hit |= av[0] <= ord(c) <= av[1]
        elif op is sre_c.CATEGORY:
            hit |= _CATEGORY_TEST.get(av, lambda _c: True)(c)
        else:  # CHARSET/BIGCHARSET appear only after compiling; be conservative
            hit = True
    return hit != negate


def _leaf_chars(op, av) -> frozenset[str] | None:
    if op is sre_c.LITERAL:
        return frozenset({chr(av)})
    if op is sre_c.NOT_LITERAL:
        return _ALL - {chr(av)}
    if op is sre_c.ANY:
        return _ALL
    if op is sre_c.IN:
        return frozenset(c for c in _SAMPLE if _in_class(av, c))
    if op is sre_c.CATEGORY:
        return frozenset(c for c in _SAMPLE if _CATEGORY_TEST[av](c))
    return None


def _children(op, av) -> list[list]:
    """The sub-sequences of an item (each a list of (op, av))."""
    if op is sre_c.SUBPATTERN:
        return [list(av[-1])]
    if op in _REPEATS or op is getattr(sre_c, "POSSESSIVE_REPEAT", None):
        return [list(av[2])]
    if op is sre_c.BRANCH:
        return [list(b) for b in av[1]]
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        return [list(av[1])]
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return [list(av)]
    if op is sre_c.GROUPREF_EXISTS:
        return [list(av[1])] + ([list(av[2])] if av[2] is not None else [])
    return []


def _nullable(seq: list) -> bool:
    return all(_item_nullable(op, av) for op, av in seq)


def _item_nullable(op, av) -> bool:
    if _leaf_chars(op, av) is not None:
        return False
    if op in _REPEATS or op is getattr(sre_c, "POSSESSIVE_REPEAT", None):
        return av[0] == 0 or _nullable(list(av[2]))
    if op is sre_c.BRANCH:
        return any(_nullable(list(b)) for b in av[1])
    if op is sre_c.SUBPATTERN or op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _nullable(_children(op, av)[0])
    if op is sre_c.GROUPREF_EXISTS:
        return any(_nullable(c) for c in _children(op, av))
    return True  # anchors, look-arounds, back-references (conservative)


def _first(seq: list) -> frozenset[str]:
    out: set[str] = set()
    for op, av in seq:
        leaf = _leaf_chars(op, av)
        if leaf is not None:
            out |= leaf
            return frozenset(out)
        for child in _children(op, av):
            if op not in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                out |= _first(child)
        if op is sre_c.GROUPREF:
            out |= _ALL
        if not _item_nullable(op, av):
            break
    return frozenset(out)


def _unbounded(op, av) -> bool:
    return op in _REPEATS and av[1] == sre_c.MAXREPEAT


def _splittable(seq: list) -> bool:
    """Whether a repeat body can match one run of text in more than one way across iterations.

    After dropping what may match nothing, the body is a single item that takes a varying
    number of characters from one run: an unbounded or ranged repeat (``(\\s*\\S+)*``,
    ``(\\d{1,3},?)+``), one character followed by optional ones of the same kind
    (``(aa?)+``, which is also what ``(?:a|aa)+`` is parsed into), a group or an alternative of
    such a body.
    """
    core = [(op, av) for op, av in seq if not _item_nullable(op, av)]
    optional = [(op, av) for op, av in seq if _item_nullable(op, av) and op not in _ASSERTIONS]
    if not core:
        # every part may match nothing: (a*)*, (a?b*)+ — splittable when any part consumes text
        return bool(_all_chars(optional))
    if len(core) != 1:
        return False
    op, av = core[0]
    if op in _REPEATS and av[1] > av[0]:
        return True
    if op is sre_c.SUBPATTERN:
        return _splittable(_children(op, av)[0] + optional)
    if op is sre_c.BRANCH:
        return any(_splittable(list(b) + optional) for b in av[1])
    leaf = _leaf_chars(op, av)
    return leaf is not None and bool(leaf & _all_chars(optional))


def _all_chars(seq: list) -> frozenset[str]:
    """Every character some part of ``seq`` can consume."""
    out: set[str] = set()
    for op, av in seq:
        leaf = _leaf_chars(op, av)
        if leaf is not None:
            out |= leaf
        elif op not in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            for child in _children(op, av):
                out |= _all_chars(child)
    return frozenset(out)


def _char_loop(seq: list) -> frozenset[str] | None:
    """The class of a body that is one character class, or a repeat of one (``\\w``, ``\\d+``)."""
    core = [(op, av) for op, av in seq if not _item_nullable(op, av)]
    if len(core) != 1 or len(core) != len(seq):
        return None
    op, av = core[0]
    leaf = _leaf_chars(op, av)
    if leaf is not None:
        return leaf
    if op is sre_c.SUBPATTERN or op in _REPEATS:
        return _char_loop(_children(op, av)[0])
    return None


def _overlapping_alternatives(seq: list) -> bool:
    """``(?:\\w|\\d\\d)``: an alternative that one other alternative (a character class or a run of
    one) can also match, so a run of text splits between iterations in many ways."""
    core = [(op, av) for op, av in seq if not _item_nullable(op, av)]
    if len(core) != 1:
        return False
    op, av = core[0]
    if op is sre_c.SUBPATTERN:
        return _overlapping_alternatives(_children(op, av)[0])
    if op is not sre_c.BRANCH:
        return False
    branches = [list(b) for b in av[1]]
    for i, a in enumerate(branches):
        loop = _char_loop(a)
        if loop is None:
            continue
        for j, b in enumerate(branches):
            chars = _all_chars(b)
            if i != j and chars and chars <= loop:
                return True
    return False


def _walk(seq: list, out: list[str], atomic: bool = False) -> None:
    for op, av in seq:
        if _unbounded(op, av) and not atomic:
            body = list(av[2])
            if _splittable(body):
                out.append("nested repeat: an unbounded repeat whose body can take one run of text in "
                           "several ways across iterations, like (a+)+, (\\s*\\S+)* or (aa?)*")
            elif _overlapping_alternatives(body):
                out.append("overlapping alternatives inside an unbounded repeat, like (?:\\w|\\d\\d)+")
        inner_atomic = atomic or op is getattr(sre_c, "ATOMIC_GROUP", None) \
            or op is getattr(sre_c, "POSSESSIVE_REPEAT", None)
        for child in _children(op, av):
            _walk(child, out, inner_atomic)


def pattern_problems(pattern: str, flags: int = 0) -> list[str]:
    """Shapes in ``pattern`` that can backtrack catastrophically (empty list: none found).

    Every such shape is reported, even at the end of the pattern where ``search`` would never
    backtrack into it: ``fullmatch``, a ``$`` or a pattern composed from this one later make it
    explode (names.py's ``_ABBR`` was such a case), and the safe spelling costs nothing.
    Atomic groups and possessive repeats (Python 3.11+) never backtrack and are not reported.
    """
    parsed = sre_parse.parse(pattern, flags)
    out: list[str] = []
    _walk(list(parsed), out)
    return sorted(set(out))


# ------------------------------------------------------------------------------------ source scan

#: Calls whose first argument is a pattern.
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
#: What an f-string hole becomes: one private-use character (a word, a class fragment).
PLACEHOLDER = "\ue000"


def _static_text(node: ast.AST, consts: dict[str, str]) -> str | None:
    """The text of a string expression, f-string holes and unknown names as the placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id in consts:
                parts.append(consts[v.value.id])
            else:
                parts.append(PLACEHOLDER)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # r"{0,%d}" % LIMIT
        left = _static_text(node.left, consts)
        return None if left is None else re.sub(r"%[ds]", "1", left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _static_text(node.left, consts), _static_text(node.right, consts)
        return None if left is None and right is None else (left or PLACEHOLDER) + (right or PLACEHOLDER)
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    return None


def source_patterns(path: Path) -> Iterator[tuple[int, str]]:
    """(line, pattern text) of every regex literal in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    consts: dict[str, str] = {}
    for node in tree.body:  # module constants used to build patterns (TH = "ก-๙" ...)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                consts[node.targets[0].id] = node.value.value
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else None
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
        if owner == "re" and name in _RE_FUNCS:
            text = _static_text(node.args[0], consts)
            if text is not None and text != PLACEHOLDER:
                yield node.lineno, text


def package_sources() -> list[Path]:
    """Every Python file of the package."""
    return sorted(PACKAGE.rglob("*.py"))


# ---------------------------------------------------------------------------- attack strings

_PREFERRED = "กนา1 .(\u201ca-"
FAIL_CHAR = "\x01"  # matched by (almost) no rule: makes the engine give up and backtrack


def _pick(chars: frozenset[str]) -> str:
    for c in _PREFERRED:
        if c in chars:
            return c
    return min(chars) if chars else ""


def _sample(seq: list, target: object, n: int) -> tuple[str, bool]:
    """A short string matching ``seq``, with the repeat ``target`` taken ``n`` times; and whether
    ``target`` was reached (the string is cut right after it then)."""
    out: list[str] = []
    for op, av in seq:
        leaf = _leaf_chars(op, av)
        if leaf is not None:
            out.append(_pick(leaf))
            continue
        if op in _REPEATS or op is getattr(sre_c, "POSSESSIVE_REPEAT", None):
            body, hit = _sample(list(av[2]), target, n)
            if hit:
                return "".join(out) + body, True
            if (op, av) is target or av is target:
                return "".join(out) + body * n, True
            out.append(body * av[0])
            continue
        if op is sre_c.BRANCH:
            texts = [_sample(list(b), target, n) for b in av[1]]
            hit = next((t for t in texts if t[1]), None)
            if hit:
                return "".join(out) + hit[0], True
            out.append(texts[0][0])
            continue
        if op is sre_c.SUBPATTERN or op is getattr(sre_c, "ATOMIC_GROUP", None):
            text, hit = _sample(_children(op, av)[0], target, n)
            out.append(text)
            if hit:
                return "".join(out), True
        # anchors, look-arounds, back-references: nothing to add
    return "".join(out), False


def _repeats(seq: list) -> Iterator[object]:
    for op, av in seq:
        if _unbounded(op, av):
            yield av
        for child in _children(op, av):
            yield from _repeats(child)


def attack_strings(pattern: str, n: int, flags: int = 0) -> list[str]:
    """Strings that drive each unbounded repeat of ``pattern`` over ``n`` characters and then fail:
    a matching start, the repeat's body ``n`` times, a character nothing matches."""
    parsed = list(sre_parse.parse(pattern, flags))
    out = []
    for av in _repeats(parsed):
        text, hit = _sample(parsed, av, n)
        if hit and text:
            out.append(text + FAIL_CHAR)
    return out


# ------------------------------------------------------------------------------ runtime inventory

def _install_recorder(found: dict[tuple[str, int], set[str]]) -> None:
    """Wrap ``re._compile`` so every pattern compiled from package code is recorded with its site."""
    import sys

    original = re._compile  # type: ignore[attr-defined]
    re_dir = str(Path(re.__file__).parent)
    package = str(PACKAGE)

    def recording(pattern, flags):  # type: ignore[no-untyped-def]
        if isinstance(pattern, str):
            frame = sys._getframe(1)
            while frame is not None and (frame.f_code.co_filename.startswith(re_dir)
                                         or frame.f_code.co_filename.endswith("functools.py")):
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(package):
                site = f"{Path(frame.f_code.co_filename).relative_to(ROOT)}:{frame.f_lineno}"
                found.setdefault((pattern, int(flags)), set()).add(site)
        return original(pattern, flags)

    re._compile = recording  # type: ignore[attr-defined]


def runtime_inventory(size: int = 400) -> list[dict]:
    """Every regex the package compiles while extracting our fixtures and every adversarial input.

    Must run in a fresh interpreter (patterns compiled at import time are seen only if the
    package is imported after the recorder is installed): ``python tests/adversarial.py``.
    Covers patterns built at run time from lexicons, which a source scan cannot see.
    """
    found: dict[tuple[str, int], set[str]] = {}
    _install_recorder(found)
    from extractor import extract  # noqa: E402 - after the recorder, on purpose

    inputs: list[str | bytes] = []
    for sub, pattern in (("articles", "*.txt"), ("html", "*.html")):
        inputs += [p.read_bytes() for p in sorted((ROOT / "fixtures" / sub).glob(pattern))]
    inputs += [gen(size) for gen in all_text_generators().values()]
    inputs += [gen(size) for gen in HTML_GENERATORS.values()]
    for raw in inputs:
        try:
            extract(raw, use_ner=False)
        except Exception:  # robustness is tested elsewhere; here we only want the patterns
            pass
    return [{"pattern": p, "flags": f, "sites": sorted(s)} for (p, f), s in sorted(found.items())]


if __name__ == "__main__":
    import json
    import sys

    json.dump(runtime_inventory(), sys.stdout, ensure_ascii=False)
