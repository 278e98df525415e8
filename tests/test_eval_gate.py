"""The accuracy gate: each section of fixtures/eval_baseline.json scores at or above its floors.

Raising floors is routine (``thainews eval GOLD_DIR --update-baseline``);
lowering one is an edit of the baseline that says why in ``lowered_because``.
Sections whose gold lives in ../shared skip cleanly when it is absent.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from eval_report_plugin import ScoreTable

from extractor import evaluate as ev
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PATH = ROOT / "fixtures" / "eval_baseline.json"
BASELINE = ev.load_baseline(BASELINE_PATH)
DATA = Path(__file__).resolve().parent / "data" / "eval"


def _gold_dir(section: dict, request: pytest.FixtureRequest) -> Path:
    """A section's gold folder; one under ../shared follows THAINEWS_SHARED and skips when absent."""
    rel = Path(section["gold_dir"])
    if rel.parts[:2] == ("..", "shared"):
        shared: Path = request.getfixturevalue("shared_dir")
        path = shared.joinpath(*rel.parts[2:])
        if not path.is_dir():
            pytest.skip(f"{path} is not present")
        return path
    return ROOT / rel


def test_baseline_is_well_formed_and_every_lowered_floor_says_why():
    problems = ev.baseline_problems(BASELINE)
    assert not problems, "fixtures/eval_baseline.json:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", sorted(BASELINE["sections"]))
def test_accuracy_at_or_above_floors(name, request, eval_score_tables):
    section = BASELINE["sections"][name]
    gold_dir = _gold_dir(section, request)
    report = ev.evaluate_dir(gold_dir, use_ner=section.get("use_ner", True))
    scores = report.scores()
    eval_score_tables[name] = ScoreTable(str(gold_dir), report.articles, scores,
                                         {k: v["floor"] for k, v in section["floors"].items()})
    assert report.missing == [], f"articles beside gold that could not be extracted: {report.missing}"
    failures = ev.check_floors(scores, section)
    assert not failures, (
        f"accuracy on {name} ({gold_dir}) is below its floors:\n  " + "\n  ".join(failures)
        + "\nFix the regression, or lower the floor in fixtures/eval_baseline.json with a 'lowered_because'.")


# ---------------------------------------------------------------- the baseline rules themselves


def _section(**floors: tuple) -> dict:
    out = {"margin": 0.05, "floors": {}}
    for name, entry in floors.items():
        floor, best, *reason = entry
        out["floors"][name] = {"floor": floor, "best": best, **({"lowered_because": reason[0]} if reason else {})}
    return out


@pytest.mark.parametrize("entry, problem", [
    ((0.85, 0.9), None),  # floor at best minus the margin
    ((0.9, 0.9), None),
    ((0.5, 0.9), "more than the margin"),  # lowered, no reason
    ((0.5, 0.9, "  "), "more than the margin"),  # a blank reason is no reason
    ((0.5, 0.9, "the gold for tg_010 was corrected"), None),
    ((0.95, 0.9), "floor"),  # a floor above the best ever measured
    ((0.5, 1.2, "x"), "<= 1"),
])
def test_baseline_problems(entry, problem):
    problems = ev.baseline_problems({"sections": {"s": _section(date=entry)}})
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0] and "s.date" in problems[0]


def test_check_floors_names_field_score_and_floor():
    section = _section(date=(0.8, 0.85), time=(0.5, 0.55), place=(0.2, 0.25))
    failures = ev.check_floors({"date": 0.75, "time": 0.5}, section)
    assert failures[0].startswith("date: scored 0.750, below its floor 0.800")
    assert failures[1].startswith("place: has a floor of 0.200 but was not scored")
    assert len(failures) == 2  # time is exactly at its floor


def test_update_raises_floors_never_lowers_them_and_keeps_the_best():
    section = _section(date=(0.85, 0.9), time=(0.4, 0.9, "time gold redone"), place=(0.5, 0.55))
    changes = ev.update_section(section, {"date": 0.7, "time": 0.98, "place": 0.6, "project": 0.3})
    floors = section["floors"]
    assert floors["date"] == {"floor": 0.85, "best": 0.9}  # a worse score changes nothing
    assert floors["time"] == {"floor": 0.93, "best": 0.98}  # raised, so the reason is no longer needed
    assert floors["place"] == {"floor": 0.55, "best": 0.6}
    assert floors["project"] == {"floor": 0.25, "best": 0.3}
    assert len(changes) == 3 and not any(c.startswith("date") for c in changes)
    assert ev.baseline_problems({"sections": {"s": section}}) == []
    before = copy.deepcopy(section)
    assert ev.update_section(section, {k: 0.0 for k in floors}) == [] and section == before


def test_cli_update_baseline_finds_the_section_by_gold_dir(tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "gold")
    (repo / "fixtures").mkdir()
    baseline = repo / "fixtures" / "eval_baseline.json"
    baseline.write_text(json.dumps({"sections": {"mine": {"gold_dir": "gold", "margin": 0.1, "floors": {
        "published": {"floor": 0.2, "best": 0.3, "lowered_because": "test"}}}}}), encoding="utf-8")
    pred = str(DATA / "predictions.jsonl")
    assert main(["eval", str(repo / "gold"), "--pred", pred, "--update-baseline", "--baseline", str(baseline)]) == 0
    floors = json.loads(baseline.read_text(encoding="utf-8"))["sections"]["mine"]["floors"]
    assert floors["published"] == {"floor": 0.9, "best": 1.0}
    assert floors["time"] == {"floor": 0.4, "best": 0.5}
    assert "baseline mine: time: new floor 0.400" in capsys.readouterr().err
    # a gold folder no section names needs --section, which then records it
    assert main(["eval", str(DATA), "--pred", pred, "--update-baseline", "--baseline", str(baseline)]) == 2
    assert "--section" in capsys.readouterr().err
    assert main(["eval", str(DATA), "--pred", pred, "--update-baseline", "--baseline", str(baseline),
                 "--section", "other"]) == 0
    other = json.loads(baseline.read_text(encoding="utf-8"))["sections"]["other"]
    assert other["gold_dir"] == str(DATA) and other["floors"]["no_forbidden"] == {"floor": 0.0, "best": 0.0}
