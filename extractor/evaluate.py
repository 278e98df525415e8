"""Accuracy against gold files: the scoring rules, a runner, the baseline floors and ``thainews eval``.

The rules are those of ``../shared/spec/RECORD.md`` ("Scoring rules"):

- text is compared after normalization (:func:`norm_text`); names with every
  space removed (:func:`norm_name`);
- ``published``, ``headline``, ``reporter``, ``publisher``, ``date``,
  ``date_end``, ``time``, ``province``, ``district`` and
  ``participant_count`` must be equal; ``place`` and ``project`` need a
  character-level similarity of at least 0.8;
- officials and participants are matched by name (precision, recall, F1);
  the position of a matched official is scored on its own;
- objectives match at similarity 0.9, organizers at 0.8 (precision, recall, F1);
- a ``forbidden`` string anywhere in the main event is an error.

A field that is null or absent in gold is not scored; a gold person marked
``optional`` is neither missed nor spurious. Scoring works on records as JSON
(``ArticleRecord.model_dump(mode="json")``), so it scores this package's
output and any other tool's JSON Lines alike.

The baseline (``fixtures/eval_baseline.json``) pins a floor per scored field
and section; :func:`check_floors` is the gate, :func:`update_section` raises
floors (never lowers them), and :func:`baseline_problems` insists that a
floor someone lowered by hand says why in ``lowered_because``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .settings import PACKAGE_DIR

log = logging.getLogger(__name__)

#: Thresholds of character-level similarity (difflib ratio on normalized text).
PLACE_MIN_SIMILARITY = 0.8
PROJECT_MIN_SIMILARITY = 0.8
OBJECTIVE_MIN_SIMILARITY = 0.9
ORGANIZER_MIN_SIMILARITY = 0.8
#: A matched position may be a little longer or shorter than gold (a trailing word or mark).
POSITION_MAX_LENGTH_DIFFERENCE = 4
#: Scores are reported (and compared with floors) at this many decimals.
DECIMALS = 3

#: Where the article beside a gold file may be, in the order tried.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
GOLD_SUFFIX = ".gold.json"

DEFAULT_BASELINE = PACKAGE_DIR.parent / "fixtures" / "eval_baseline.json"
#: Floors are set this far below the score they were measured at, unless a section says otherwise.
DEFAULT_MARGIN = 0.05

# --------------------------------------------------------------------------- normalization

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
_WHITESPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)")
#: Sara am typed as nikhahit + sara aa looks the same on screen and must compare equal.
_DECOMPOSED_SARA_AM = "\u0e4d\u0e32"


def norm_text(value: object) -> str | None:
    """Text as compared: NFC, no zero-width characters, NBSP as space, ำ joined, spaces collapsed."""
    if value is None:
        return None
    s = unicodedata.normalize("NFC", str(value))
    s = _ZERO_WIDTH.sub("", s).replace("\xa0", " ").replace(_DECOMPOSED_SARA_AM, "\u0e33")
    return _WHITESPACE.sub(" ", s).strip()


def norm_name(value: object) -> str:
    """A name or position as compared: normalized text with every space removed ('' for None)."""
    return _WHITESPACE.sub("", norm_text(value) or "")


def similarity(a: object, b: object) -> float:
    """Character-level similarity of two normalized texts, from 0 to 1 (difflib's ratio)."""
    # autojunk would treat frequent Thai characters as junk in long texts and understate similarity
    return difflib.SequenceMatcher(None, norm_text(a) or "", norm_text(b) or "", autojunk=False).ratio()


def same_text(gold: object, pred: object) -> bool:
    """Equal after normalization."""
    return norm_text(gold) == norm_text(pred)


def same_int(gold: object, pred: object) -> bool:
    """Equal as integers (a count written as "12" equals 12); anything unreadable is wrong."""
    try:
        return int(gold) == int(pred)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def similar_at_least(threshold: float) -> Callable[[object, object], bool]:
    """A comparison that accepts texts at ``threshold`` similarity or more."""

    def check(gold: object, pred: object) -> bool:
        return similarity(gold, pred) >= threshold

    return check


def position_ok(gold: object, pred: object) -> bool:
    """Whether a predicted position is right for a matched official.

    Right when the normalized strings are equal, when one contains the other
    and they differ by at most a few characters, or when they are equal once
    bracketed abbreviations such as ``(ผตร.อก.)`` are removed. Two missing
    positions agree; one missing is wrong.
    """
    a, b = norm_name(gold), norm_name(pred)
    if not a and not b:
        return True
    if not a or not b:
        return False
    if a == b or ((a in b or b in a) and abs(len(a) - len(b)) <= POSITION_MAX_LENGTH_DIFFERENCE):
        return True
    bare = _BRACKETED.sub("", a)
    return bool(bare) and bare == _BRACKETED.sub("", b)


# --------------------------------------------------------------------------- counters


@dataclass
class Accuracy:
    """How many of the scored cases were right."""

    ok: int = 0
    n: int = 0

    def add(self, right: bool) -> None:
        """Count one scored case."""
        self.n += 1
        self.ok += bool(right)

    @property
    def rate(self) -> float | None:
        """The share right, or None when nothing was scored."""
        return self.ok / self.n if self.n else None


@dataclass
class SetScore:
    """True positives, false positives and false negatives summed over articles."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Add one article's counts."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def scored(self) -> bool:
        """Whether anything was expected or predicted at all."""
        return bool(self.tp + self.fp + self.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp). Predicting nothing is perfectly precise only when nothing was expected."""
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- matching


@dataclass
class PeopleMatch:
    """Predicted people matched to gold people by normalized name."""

    tp: int
    fp: int
    fn: int
    pairs: list[tuple[dict, dict]]
    missed: list[str]
    spurious: list[str]


def match_people(gold: list[dict], pred: list[dict]) -> PeopleMatch:
    """Match predicted to gold people by name (spaces ignored).

    A gold person marked ``optional`` matched by a prediction counts neither
    way; a second prediction of an already matched person is ignored rather
    than counted as spurious; of two gold entries with the same name the
    first is kept.
    """
    by_name: dict[str, dict] = {}
    for g in gold:
        by_name.setdefault(norm_name(g.get("name")), g)
    matched: set[str] = set()
    pairs: list[tuple[dict, dict]] = []
    tp, spurious = 0, []
    for p in pred:
        key = norm_name(p.get("name"))
        if key not in by_name:
            spurious.append(p.get("name") or "")
        elif key not in matched:
            matched.add(key)
            pairs.append((by_name[key], p))
            tp += not by_name[key].get("optional")
    missed = [g.get("name") or "" for k, g in by_name.items() if k not in matched and not g.get("optional")]
    return PeopleMatch(tp=tp, fp=len(spurious), fn=len(missed), pairs=pairs, missed=missed, spurious=spurious)


@dataclass
class TextMatch:
    """Predicted texts matched one-to-one to gold texts by similarity."""

    tp: int
    fp: int
    fn: int
    missed: list[str]
    spurious: list[str]


def match_texts(gold: list[str], pred: list[str | None], threshold: float) -> TextMatch:
    """Greedy one-to-one matching: each gold text, in order, takes its most similar unused prediction.

    The pair counts when its similarity is at least ``threshold``; on a tie
    the earlier prediction is taken.
    """
    used: set[int] = set()
    missed: list[str] = []
    for g in gold:
        best, best_i = 0.0, None
        for i, p in enumerate(pred):
            if i in used:
                continue
            s = similarity(g, p)
            if s > best:
                best, best_i = s, i
        if best_i is not None and best >= threshold:
            used.add(best_i)
        else:
            missed.append(g)
    spurious = [p or "" for i, p in enumerate(pred) if i not in used]
    return TextMatch(tp=len(gold) - len(missed), fp=len(spurious), fn=len(missed), missed=missed,
                     spurious=spurious)


# --------------------------------------------------------------------------- reading records


def _get(obj: Any, key: str) -> Any:
    """``obj[key]`` when obj is a dict, else None (a record from another tool may be malformed)."""
    return obj.get(key) if isinstance(obj, dict) else None


def text_of(value: Any, key: str = "text") -> Any:
    """A value given either bare (``"..."``) or as an object with ``key`` (or ``name``)."""
    if isinstance(value, dict):
        return value.get(key) if key in value else value.get("name")
    return value


def main_event(record: Mapping[str, Any]) -> dict:
    """``events[0]`` of a record as a dict ({} when there is none)."""
    events = record.get("events") or [{}]
    return events[0] if isinstance(events[0], dict) else {}


def strings_in(obj: Any) -> Iterable[str]:
    """Every string value inside a JSON object, spans excluded."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k != "span":
                yield from strings_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings_in(v)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class SingleField:
    """A field scored right or wrong per article: where its gold and predicted values are."""

    name: str
    gold: Callable[[Mapping[str, Any], Mapping[str, Any]], Any]  # (gold file, gold event) -> value
    pred: Callable[[Mapping[str, Any], Mapping[str, Any]], Any]  # (record, main event) -> value
    same: Callable[[Any, Any], bool] = same_text


#: The per-article right/wrong fields, in report order.
SINGLE_FIELDS: tuple[SingleField, ...] = (
    SingleField("published", lambda g, ge: g.get("published"), lambda r, e: r.get("published")),
    SingleField("headline", lambda g, ge: g.get("headline"), lambda r, e: r.get("headline")),
    SingleField("reporter", lambda g, ge: g.get("reporter"), lambda r, e: r.get("reporter")),
    SingleField("publisher", lambda g, ge: g.get("publisher"), lambda r, e: r.get("publisher")),
    SingleField("date", lambda g, ge: ge.get("date"), lambda r, e: _get(e.get("date"), "start")),
    SingleField("date_end", lambda g, ge: ge.get("date_end"), lambda r, e: _get(e.get("date"), "end")),
    SingleField("time", lambda g, ge: ge.get("time"), lambda r, e: _get(e.get("time"), "start")),
    SingleField("province", lambda g, ge: _get(ge.get("venue"), "province"),
                lambda r, e: _get(e.get("venue"), "province")),
    SingleField("district", lambda g, ge: _get(ge.get("venue"), "district"),
                lambda r, e: _get(e.get("venue"), "district")),
    SingleField("place", lambda g, ge: _get(ge.get("venue"), "place"), lambda r, e: _get(e.get("venue"), "place"),
                similar_at_least(PLACE_MIN_SIMILARITY)),
    SingleField("participant_count", lambda g, ge: ge.get("participant_count"),
                lambda r, e: _get(e.get("participants"), "count"), same_int),
    SingleField("project", lambda g, ge: ge.get("project"), lambda r, e: text_of(e.get("project"), "name"),
                similar_at_least(PROJECT_MIN_SIMILARITY)),
)

#: Fields scored by precision/recall/F1, in report order.
SET_FIELDS = ("officials", "participants", "objectives", "organizers")
POSITION_FIELD = "official_position_acc"
FORBIDDEN_FIELD = "no_forbidden"


@dataclass(frozen=True)
class Miss:
    """One error in one article: what gold says and what was predicted."""

    article: str
    field: str
    gold: Any
    pred: Any
    note: str = ""

    def describe(self, width: int = 70) -> str:
        """The error in one line, each text cut to ``width`` characters."""
        if self.field == "record":
            return self.note
        if self.field in SET_FIELDS:
            parts = []
            if self.gold:
                parts.append(f"missed {_clip(self.gold, width)}")
            if self.pred:
                parts.append(f"spurious {_clip(self.pred, width)}")
            return f"{self.field}: " + "; ".join(parts)
        head = f"{self.field}" + (f" ({self.note})" if self.note else "")
        return f"{head}: gold={_clip(self.gold, width)!r} predicted={_clip(self.pred, width)!r}"


def _clip(value: Any, width: int) -> Any:
    """Long texts (objectives run to hundreds of characters) cut short for a terminal."""
    if isinstance(value, str) and len(value) > width:
        return value[: width - 1] + "…"
    if isinstance(value, list):
        return [_clip(v, width) for v in value]
    return value


@dataclass
class EvalReport:
    """Scores over a set of gold articles, with the errors behind them."""

    articles: int = 0
    missing: list[str] = field(default_factory=list)
    single: dict[str, Accuracy] = field(default_factory=lambda: {f.name: Accuracy() for f in SINGLE_FIELDS})
    sets: dict[str, SetScore] = field(default_factory=lambda: {name: SetScore() for name in SET_FIELDS})
    position: Accuracy = field(default_factory=Accuracy)
    forbidden: Accuracy = field(default_factory=Accuracy)
    misses: list[Miss] = field(default_factory=list)

    def scores(self) -> dict[str, float]:
        """Every scored field's score, rounded: ``date``, ``officials_f1`` / ``_p`` / ``_r`` ...

        Fields with nothing to score (no gold value anywhere) are left out.
        """
        out: dict[str, float] = {}
        for name, acc in self.single.items():
            if acc.rate is not None:
                out[name] = round(acc.rate, DECIMALS)
        for name, s in self.sets.items():
            if s.scored:
                out[f"{name}_f1"] = round(s.f1, DECIMALS)
                out[f"{name}_p"] = round(s.precision, DECIMALS)
                out[f"{name}_r"] = round(s.recall, DECIMALS)
        if self.position.rate is not None:
            out[POSITION_FIELD] = round(self.position.rate, DECIMALS)
        if self.forbidden.rate is not None:
            out[FORBIDDEN_FIELD] = round(self.forbidden.rate, DECIMALS)
        return out

    def support(self) -> dict[str, dict[str, int]]:
        """The counts behind each score: ``{"ok", "n"}`` or ``{"tp", "fp", "fn"}``."""
        out: dict[str, dict[str, int]] = {}
        for name, acc in [*self.single.items(), (POSITION_FIELD, self.position), (FORBIDDEN_FIELD, self.forbidden)]:
            if acc.n:
                out[name] = {"ok": acc.ok, "n": acc.n}
        for name, s in self.sets.items():
            if s.scored:
                out[name] = {"tp": s.tp, "fp": s.fp, "fn": s.fn}
        return out

    def to_json(self, *, with_misses: bool = False) -> dict[str, Any]:
        """The report as a JSON-ready dict (what ``--format json`` prints)."""
        out: dict[str, Any] = {
            "articles": self.articles,
            "missing_predictions": len(self.missing),
            "scores": self.scores(),
            "support": self.support(),
        }
        if with_misses:
            out["misses"] = [asdict(m) for m in self.misses]
        return out

    def score_article(self, key: str, gold: Mapping[str, Any], record: Mapping[str, Any] | None) -> None:
        """Add one gold article and its predicted record (None when there is none) to the report."""
        self.articles += 1
        if record is None:
            self.missing.append(key)
            self.misses.append(Miss(key, "record", None, None, "no prediction for this article"))
            record = {}
        ev = main_event(record)
        gev = gold.get("event") or {}
        for f in SINGLE_FIELDS:
            gv = f.gold(gold, gev)
            if gv is None:
                continue  # not annotated: not scored
            pv = f.pred(record, ev)
            right = pv is not None and f.same(gv, pv)
            self.single[f.name].add(right)
            if not right:
                self.misses.append(Miss(key, f.name, gv, pv))
        self._score_people(key, gev, ev)
        for name, threshold, scored in (("objectives", OBJECTIVE_MIN_SIMILARITY, gev.get("objectives") is not None),
                                        # an empty organizer list in gold means "not annotated"
                                        ("organizers", ORGANIZER_MIN_SIMILARITY, bool(gev.get("organizers")))):
            if not scored:
                continue
            m = match_texts(gev[name], [text_of(o) for o in ev.get(name) or []], threshold)
            self.sets[name].add(m.tp, m.fp, m.fn)
            if m.missed or m.spurious:
                self.misses.append(Miss(key, name, m.missed, m.spurious))
        if gold.get("forbidden"):
            found = [norm_text(s) or "" for s in strings_in(ev)]
            bad = [f for f in gold["forbidden"] if any((norm_text(f) or "") in s for s in found)]
            self.forbidden.add(not bad)
            if bad:
                self.misses.append(Miss(key, FORBIDDEN_FIELD, bad, None, "forbidden text in the main event"))

    def _score_people(self, key: str, gev: Mapping[str, Any], ev: Mapping[str, Any]) -> None:
        if gev.get("officials") is not None:
            m = match_people(gev["officials"], ev.get("officials") or [])
            self.sets["officials"].add(m.tp, m.fp, m.fn)
            if m.missed or m.spurious:
                self.misses.append(Miss(key, "officials", m.missed, m.spurious))
            for g, p in m.pairs:
                if g.get("optional"):
                    continue
                right = position_ok(g.get("position"), p.get("position"))
                self.position.add(right)
                if not right:
                    self.misses.append(Miss(key, "position", g.get("position"), p.get("position"), g.get("name", "")))
        if gev.get("participants") is not None:
            people = _get(ev.get("participants"), "people") or []
            m = match_people(gev["participants"], people)
            self.sets["participants"].add(m.tp, m.fp, m.fn)
            if m.missed or m.spurious:
                self.misses.append(Miss(key, "participants", m.missed, m.spurious))


def score(golds: Mapping[str, Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]) -> EvalReport:
    """Score predicted records against gold, both keyed by article name (see :func:`record_key`)."""
    report = EvalReport()
    for key, gold in golds.items():
        report.score_article(key, gold, predictions.get(key))
    return report


# --------------------------------------------------------------------------- gold and predictions


def _strip_article_suffix(name: str) -> str:
    return re.sub(r"\.(txt|html?|json)$", "", name)


def record_key(record: Mapping[str, Any]) -> str:
    """The article name a record is matched to gold by: the file name of source_file or url, no suffix."""
    src = record.get("source_file") or record.get("url") or ""
    return _strip_article_suffix(str(src).rstrip("/").replace("\\", "/").rsplit("/", 1)[-1])


@dataclass(frozen=True)
class GoldArticle:
    """One gold file and the article it annotates."""

    key: str
    gold_path: Path
    data: dict

    @property
    def article_path(self) -> Path | None:
        """The article beside the gold file (its ``text_file``, else X.txt / X.html), if it exists."""
        d = self.gold_path.parent
        named = self.data.get("text_file")
        candidates = ([d / named] if named else []) + [d / (self.key + s) for s in ARTICLE_SUFFIXES]
        return next((c for c in candidates if c.is_file()), None)


def load_gold(gold_dir: str | Path) -> dict[str, GoldArticle]:
    """The gold files (``*.gold.json``) in a directory, keyed by article name, in name order."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(str(d), "no such directory (give the folder that holds the *.gold.json files)")
    golds: dict[str, GoldArticle] = {}
    for path in sorted(d.glob("*" + GOLD_SUFFIX)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"is not a readable JSON gold file: {exc}") from None
        if not isinstance(data, dict):
            raise InputError(str(path), "a gold file must hold one JSON object")
        named = data.get("text_file")
        key = _strip_article_suffix(Path(named).name) if named else path.name[: -len(GOLD_SUFFIX)]
        if key in golds:
            log.warning("%s annotates %s again; the later gold file is used", path, key)
        golds[key] = GoldArticle(key=key, gold_path=path, data=data)
    if not golds:
        raise InputError(str(d), f"holds no gold files (*{GOLD_SUFFIX})")
    return golds


def load_predictions(source: str | Path | IO[str]) -> dict[str, dict]:
    """Predicted records from JSON Lines (or a JSON array), keyed by :func:`record_key`.

    ``source`` is a path, ``-`` for standard input, or an open text file.
    When two records share a key the later one is used.
    """
    name = getattr(source, "name", str(source))
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(source).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError(name, "no such predictions file") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(name, f"cannot be read: {exc}") from None
    else:
        text = source.read()
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"is not valid JSON: {exc}") from None
    else:
        records = []
        for no, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(name, f"line {no} is not a JSON record: {exc.msg}") from None
    preds: dict[str, dict] = {}
    for rec in records:
        if not isinstance(rec, dict):
            raise InputError(name, "every prediction must be a JSON object (an ArticleRecord)")
        key = record_key(rec)
        if not key:
            log.warning("%s: a record with neither source_file nor url cannot be matched to gold", name)
            continue
        preds[key] = rec
    return preds


def predict(golds: Mapping[str, GoldArticle], *, use_ner: bool = True) -> dict[str, dict]:
    """Run extraction on the article beside each gold file; records as JSON dicts keyed like gold.

    An article that is missing or cannot be read is logged and left out, so
    it is scored as having no prediction.
    """
    from .pipeline import extract_file

    preds: dict[str, dict] = {}
    for key, gold in golds.items():
        path = gold.article_path
        if path is None:
            log.warning("%s: no article beside it (%s, or %s); scored as missing", gold.gold_path,
                        gold.data.get("text_file") or key + ".txt", key + ".html")
            continue
        try:
            preds[key] = extract_file(path, use_ner=use_ner).model_dump(mode="json")
        except InputError as exc:
            log.warning("%s; scored as missing", exc)
    return preds


def evaluate_dir(gold_dir: str | Path, *, predictions: str | Path | None = None,
                 use_ner: bool = True) -> EvalReport:
    """Score a gold directory: extraction is run on its articles unless a predictions file is given."""
    golds = load_gold(gold_dir)
    preds = load_predictions(predictions) if predictions is not None else predict(golds, use_ner=use_ner)
    return score({k: g.data for k, g in golds.items()}, preds)


# --------------------------------------------------------------------------- baseline floors

_TOLERANCE = 1e-9


def load_baseline(path: str | Path = DEFAULT_BASELINE) -> dict[str, Any]:
    """The baseline file: ``{"sections": {name: {"gold_dir", "margin", "floors": {field: entry}}}}``."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(p), "no such baseline file") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(p), f"is not a readable JSON baseline: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
        raise InputError(str(p), 'a baseline must be a JSON object with a "sections" object')
    return data


def save_baseline(baseline: Mapping[str, Any], path: str | Path = DEFAULT_BASELINE) -> None:
    """Write the baseline back, readable and stable for review."""
    Path(path).write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def section_margin(section: Mapping[str, Any]) -> float:
    """How far below a measured score its floor is set."""
    return float(section.get("margin", DEFAULT_MARGIN))


def check_floors(scores: Mapping[str, float], section: Mapping[str, Any]) -> list[str]:
    """The gate: one message per field whose score is below its floor (or that was not scored)."""
    failures = []
    for name, entry in (section.get("floors") or {}).items():
        floor = float(entry["floor"])
        if name not in scores:
            failures.append(f"{name}: has a floor of {floor:.3f} but was not scored "
                            "(its gold values are gone?); remove the floor with a reason if that is intended")
        elif scores[name] < floor - _TOLERANCE:
            failures.append(f"{name}: scored {scores[name]:.3f}, below its floor {floor:.3f} "
                            f"(best recorded {float(entry.get('best', floor)):.3f})")
    return failures


def baseline_problems(baseline: Mapping[str, Any]) -> list[str]:
    """What is wrong with a baseline: malformed entries, and lowered floors that do not say why.

    A floor is lowered when it sits more than the section's margin below the
    best score recorded for its field; such an entry needs a non-empty
    ``lowered_because`` string.
    """
    problems = []
    for sname, section in (baseline.get("sections") or {}).items():
        margin = section_margin(section)
        for name, entry in (section.get("floors") or {}).items():
            where = f"{sname}.{name}"
            if not isinstance(entry, dict) or not isinstance(entry.get("floor"), (int, float)) \
                    or not isinstance(entry.get("best"), (int, float)):
                problems.append(f"{where}: needs numeric 'floor' and 'best'")
                continue
            floor, best = float(entry["floor"]), float(entry["best"])
            if not (0.0 <= floor <= best <= 1.0):
                problems.append(f"{where}: needs 0 <= floor ({floor}) <= best ({best}) <= 1")
            if floor < best - margin - _TOLERANCE:
                reason = entry.get("lowered_because")
                if not (isinstance(reason, str) and reason.strip()):
                    problems.append(f"{where}: floor {floor:.3f} is more than the margin {margin} below the best "
                                    f"recorded score {best:.3f}; say why in 'lowered_because' or restore the floor")
    return problems


def update_section(section: dict[str, Any], scores: Mapping[str, float]) -> list[str]:
    """Raise the section's floors to each score minus the margin; never lower one. Returns what changed.

    ``best`` keeps the best score ever recorded; a ``lowered_because`` note is
    dropped once its floor is back within the margin of the best.
    """
    margin = section_margin(section)
    floors = section.setdefault("floors", {})
    changes = []
    for name, value in scores.items():
        target = round(max(0.0, value - margin), DECIMALS)
        entry = floors.get(name)
        if entry is None:
            floors[name] = {"floor": target, "best": value}
            changes.append(f"{name}: new floor {target:.3f} (score {value:.3f})")
            continue
        if value > entry["best"]:
            entry["best"] = value
        if target > entry["floor"] + _TOLERANCE:
            changes.append(f"{name}: floor raised {entry['floor']:.3f} -> {target:.3f} (score {value:.3f})")
            entry["floor"] = target
        if "lowered_because" in entry and entry["floor"] >= entry["best"] - margin - _TOLERANCE:
            del entry["lowered_because"]
    return changes


def _repo_root(baseline_path: Path) -> Path:
    """Section gold_dir paths are relative to the checkout: the folder above fixtures/."""
    return baseline_path.resolve().parent.parent


def find_section(baseline: Mapping[str, Any], baseline_path: Path, gold_dir: str | Path) -> str | None:
    """The name of the section whose ``gold_dir`` is ``gold_dir``, if any."""
    target = Path(gold_dir).resolve()
    root = _repo_root(baseline_path)
    for name, section in baseline["sections"].items():
        if section.get("gold_dir") and (root / section["gold_dir"]).resolve() == target:
            return name
    return None


# --------------------------------------------------------------------------- output


def format_text(report: EvalReport, *, gold_dir: str | Path | None = None, show_errors: bool = False) -> str:
    """A readable table of the scores (and, when asked, each article's errors)."""
    lines = []
    where = f" in {gold_dir}" if gold_dir else ""
    lines.append(f"{report.articles} gold articles{where}; {len(report.missing)} without a prediction")
    lines.append(f"{'field':24s} {'score':>6s}  support")
    for name, acc in [*report.single.items(), (POSITION_FIELD, report.position), (FORBIDDEN_FIELD, report.forbidden)]:
        if acc.rate is not None:
            lines.append(f"{name:24s} {acc.rate:6.3f}  {acc.ok}/{acc.n} right")
    lines.append(f"{'field':24s} {'F1':>6s} {'P':>6s} {'R':>6s}  support")
    for name, s in report.sets.items():
        if s.scored:
            lines.append(f"{name:24s} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f}  "
                         f"tp {s.tp}  fp {s.fp}  fn {s.fn}")
    if show_errors:
        lines.append("")
        lines.append("errors:" if report.misses else "errors: none")
        current = None
        for m in report.misses:
            if m.article != current:
                current = m.article
                lines.append(f"  {current}")
            lines.append(f"    {m.describe()}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- CLI


def _cmd_eval(args: argparse.Namespace) -> int:
    report = evaluate_dir(args.gold_dir, predictions=args.pred, use_ner=not args.no_ner)
    if args.format == "json":
        print(json.dumps(report.to_json(with_misses=args.show_errors), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(format_text(report, gold_dir=args.gold_dir, show_errors=args.show_errors))
    if args.update_baseline:
        return _update_baseline(args, report)
    return 0


def _update_baseline(args: argparse.Namespace, report: EvalReport) -> int:
    path = Path(args.baseline)
    baseline = load_baseline(path) if path.exists() else {"sections": {}}
    name = args.section or find_section(baseline, path, args.gold_dir)
    if name is None:
        known = ", ".join(baseline["sections"]) or "none yet"
        print(f"thainews: {args.gold_dir} is not the gold_dir of any section in {path} (sections: {known}); "
              "name one with --section", file=sys.stderr)
        return 2
    section = baseline["sections"].setdefault(name, {"margin": DEFAULT_MARGIN, "floors": {}})
    if "gold_dir" not in section:
        gold = Path(args.gold_dir).resolve()
        try:
            section["gold_dir"] = str(gold.relative_to(_repo_root(path)))
        except ValueError:
            section["gold_dir"] = str(gold)
    changes = update_section(section, report.scores())
    save_baseline(baseline, path)
    for change in changes or ["no floor changed (every score is within the margin of its floor)"]:
        print(f"baseline {name}: {change}", file=sys.stderr)
    return 0


def add_cli(subparsers: Any) -> None:
    """Add the ``eval`` verb to ``thainews``."""
    p = subparsers.add_parser(
        "eval", help="score extraction against gold files (per-field accuracy, precision/recall/F1)",
        description="Score records against the gold files in GOLD_DIR (X.gold.json beside X.txt or X.html) "
                    "by the scoring rules of RECORD.md. Extraction is run on each article unless --pred "
                    "gives predictions (JSON Lines of ArticleRecord, matched by the file name of "
                    "source_file or url).")
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("--pred", metavar="FILE", help="score these predictions instead of running extraction "
                                                  "(- for standard input)")
    p.add_argument("--show-errors", action="store_true", help="list each article's errors")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    p.add_argument("--no-ner", action="store_true", help="extract with rules only (no trained model)")
    p.add_argument("--update-baseline", action="store_true",
                   help="raise the floors of GOLD_DIR's section in the baseline to these scores minus the "
                        "margin (never lowers a floor)")
    p.add_argument("--baseline", metavar="FILE", default=str(DEFAULT_BASELINE),
                   help="the baseline file (default: fixtures/eval_baseline.json of the checkout)")
    p.add_argument("--section", metavar="NAME", help="baseline section to update (default: the section "
                                                     "whose gold_dir is GOLD_DIR)")
    p.set_defaults(func=_cmd_eval)
