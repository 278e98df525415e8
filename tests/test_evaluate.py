"""The scoring rules of RECORD.md, the gold/prediction readers and ``thainews eval``.

tests/data/eval holds two invented articles with gold (ev_a.txt, ev_b.html)
and predictions.jsonl, written by hand to hit each rule: an optional
participant, a duplicate and a spurious official, a position with a bracketed
abbreviation, an objective with its list number, a forbidden string, a record
matched by url, organizers given as bare strings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import evaluate as ev
from extractor.cli import main
from extractor.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "eval"
PRED = DATA / "predictions.jsonl"

#: What predictions.jsonl scores, worked out by hand from the rules.
EXPECTED = {
    "published": 1.0, "headline": 1.0,  # ev_a's headline has NBSP and a zero-width space: still equal
    "reporter": 0.0,  # the province is still glued to the name
    "publisher": 1.0, "date": 1.0,
    "time": 0.5, "province": 0.5,  # 10:30 for 10:00; จังหวัดราชบุรี is not bare
    "district": 1.0, "place": 1.0,  # ev_a's place carries the district: similarity 0.83 >= 0.8
    "participant_count": 1.0, "project": 1.0,
    # officials: ev_a 2 right (+1 duplicate ignored), 1 spurious, 1 missed; ev_b 2 right
    "officials_f1": 0.8, "officials_p": 0.8, "officials_r": 0.8,
    # the optional presider counts neither way; ev_b has gold [] and one predicted
    "participants_f1": 0.5, "participants_p": 0.5, "participants_r": 0.5,
    "objectives_f1": 0.5, "objectives_p": 0.5, "objectives_r": 0.5,
    "organizers_f1": 1.0, "organizers_p": 1.0, "organizers_r": 1.0,
    # right: กานดา (bracketed abbreviation), อรุณี; wrong: สมมติ (+ " เป็นประธาน"), ธงชัย (none)
    "official_position_acc": 0.5,
    "no_forbidden": 0.0,
}


@pytest.mark.parametrize("raw, expected", [
    ("ก\u00a0\u00a0ข", "ก ข"),
    ("  ก \n\t ข  ", "ก ข"),
    ("ก\u200bข\ufeff", "กข"),
    ("น\u0e4d\u0e32", "นำ"),  # sara am typed as two characters
    ("e\u0301", "\u00e9"),  # NFC
    (None, None),
    (12, "12"),
])
def test_norm_text(raw, expected):
    assert ev.norm_text(raw) == expected


@pytest.mark.parametrize("a, b, same", [
    ("สมชาย ใจดี", "สมชายใจดี", True),
    ("สมชาย  ใจดี", "สมชาย\u00a0ใจดี", True),
    ("สมชาย ใจดี", "สมชาย ใจดีมาก", False),
])
def test_names_compare_without_spaces(a, b, same):
    assert (ev.norm_name(a) == ev.norm_name(b)) is same


@pytest.mark.parametrize("gold, pred, ok", [
    ("นายอำเภอปากท่อ", "นายอำเภอปากท่อ", True),
    ("นายอำเภอปากท่อ", "นายอำเภอ ปากท่อ", True),  # spaces do not count
    ("นายอำเภอปากท่อ", "นายอำเภอปากท่อว่า", True),  # contains, 3 characters more
    ("นายอำเภอปากท่อ", "นายอำเภอปากท่อกล่าว", False),  # contains, 5 more (ก ล ่ า ว)
    ("นายอำเภอปากท่อ", "นายอำเภอปากท่อ เป็นประธาน", False),  # contains, 9 more
    ("ปลัดจังหวัด (ปจ.)", "ปลัดจังหวัด", True),  # contained but 5 longer: right by the bracket rule ...
    ("ผู้ตรวจราชการ (ผตร.อก.) กระทรวง", "ผู้ตรวจราชการ กระทรวง", True),  # ... which needs the rest equal
    ("นายอำเภอปากท่อ", None, False),
    (None, None, True),
    ("", None, True),
    ("(ปจ.)", "(ผตร.)", False),  # nothing left once brackets go
])
def test_position_ok(gold, pred, ok):
    assert ev.position_ok(gold, pred) is ok


@pytest.mark.parametrize("tp, fp, fn, p, r, f1", [
    (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
    (0, 0, 0, 1.0, 1.0, 1.0),
    (0, 0, 4, 0.0, 0.0, 0.0),  # predicting nothing when people were expected is not "precise"
    (0, 2, 0, 0.0, 1.0, 0.0),
])
def test_set_score_conventions(tp, fp, fn, p, r, f1):
    s = ev.SetScore(tp, fp, fn)
    assert (s.precision, s.recall) == pytest.approx((p, r))
    assert s.f1 == pytest.approx(f1)


def test_match_people_optional_duplicates_and_first_gold_kept():
    gold = [{"name": "ก ข", "position": "หนึ่ง"}, {"name": "กข", "position": "สอง"},
            {"name": "ค ง", "optional": True}, {"name": "จ ฉ"}]
    pred = [{"name": "กข"}, {"name": "ก  ข"}, {"name": "ค ง"}, {"name": "ซ ฌ"}]
    m = ev.match_people(gold, pred)
    assert (m.tp, m.fp, m.fn) == (1, 1, 1)
    assert m.missed == ["จ ฉ"] and m.spurious == ["ซ ฌ"]
    assert [g["position"] for g, _ in m.pairs[:1]] == ["หนึ่ง"]
    assert len(m.pairs) == 2  # the optional one is paired but does not count


def test_match_texts_is_one_to_one_and_greedy_in_gold_order():
    gold = ["เพื่อพัฒนาทักษะอาชีพ", "เพื่อพัฒนาทักษะอาชีพของสตรี"]
    pred = ["เพื่อพัฒนาทักษะอาชีพของสตรี"]
    m = ev.match_texts(gold, pred, 0.8)
    # the first gold text takes the only prediction (similarity 0.85), so the exact one goes unmatched
    assert (m.tp, m.fp, m.fn) == (1, 0, 1) and m.missed == ["เพื่อพัฒนาทักษะอาชีพของสตรี"]
    assert ev.match_texts(["ก"], [None, "ข"], 0.9).spurious == ["", "ข"]


def test_scores_of_the_hand_made_predictions():
    report = ev.evaluate_dir(DATA, predictions=PRED)
    assert report.articles == 2 and report.missing == []
    assert report.scores() == EXPECTED
    assert report.support()["officials"] == {"tp": 4, "fp": 1, "fn": 1}
    assert report.support()["project"] == {"ok": 1, "n": 1}  # null in ev_b's gold: not scored


def test_article_without_prediction_is_missed_everywhere(tmp_path):
    only_a = tmp_path / "pred.jsonl"
    only_a.write_text(PRED.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = ev.evaluate_dir(DATA, predictions=only_a)
    assert report.missing == ["ev_b"]
    s = report.scores()
    assert s["date"] == 0.5 and s["district"] == 0.5 and s["organizers_r"] == 0.5
    assert any(m.article == "ev_b" and m.field == "record" for m in report.misses)


def test_running_extraction_scores_the_articles_beside_gold():
    report = ev.evaluate_dir(DATA, use_ner=False)
    assert report.articles == 2 and report.missing == []
    assert report.scores()["published"] == 1.0  # a dateline in .txt and a <p> date in .html


@pytest.mark.parametrize("record, key", [
    ({"source_file": "/data/x/tg_006.txt"}, "tg_006"),
    ({"source_file": "C:\\news\\a.html"}, "a"),
    ({"source_file": None, "url": "https://site.example/news/ev_b.htm"}, "ev_b"),
    ({"url": "https://site.example/news/123/"}, "123"),
    ({"source_file": "a.b.txt"}, "a.b"),
    ({}, ""),
])
def test_record_key(record, key):
    assert ev.record_key(record) == key


def test_load_predictions_accepts_a_json_array_and_names_a_bad_line(tmp_path):
    recs = [json.loads(line) for line in PRED.read_text(encoding="utf-8").splitlines()]
    arr = tmp_path / "p.json"
    arr.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    assert sorted(ev.load_predictions(arr)) == ["ev_a", "ev_b"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(PRED.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3"):
        ev.load_predictions(bad)
    with pytest.raises(InputError, match="no such predictions file"):
        ev.load_predictions(tmp_path / "nope.jsonl")


def test_load_gold_errors_name_the_problem(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        ev.load_gold(tmp_path / "nope")
    with pytest.raises(InputError, match="holds no gold files"):
        ev.load_gold(tmp_path)
    (tmp_path / "x.gold.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="x.gold.json: is not a readable JSON gold file"):
        ev.load_gold(tmp_path)


def test_gold_without_text_file_finds_its_article_by_name(tmp_path):
    (tmp_path / "y.gold.json").write_text('{"published": "2023-03-06"}', encoding="utf-8")
    (tmp_path / "y.html").write_text("<p>x</p>", encoding="utf-8")
    golds = ev.load_gold(tmp_path)
    assert golds["y"].article_path == tmp_path / "y.html"


def test_cli_json_and_errors(capsys):
    assert main(["eval", str(DATA), "--pred", str(PRED), "--format", "json", "--show-errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scores"] == EXPECTED and out["articles"] == 2 and out["missing_predictions"] == 0
    assert {"article": "ev_a", "field": "time", "gold": "10:00", "pred": "10:30", "note": ""} in out["misses"]
    assert main(["eval", str(DATA), "--pred", str(PRED), "--show-errors"]) == 0
    text = capsys.readouterr().out
    assert "official_position_acc" in text and "  ev_b\n" in text
    assert "time: gold='10:00' predicted='10:30'" in text


def test_cli_missing_gold_dir_is_one_line(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope")]) == 1
    assert "no such directory" in capsys.readouterr().err


# ---------------------------------------------------------------- agreement with the reference script


@pytest.fixture(scope="module")
def reference(shared_dir: Path) -> Path:
    """The reference implementation of the scoring rules in ../shared/tools."""
    path = shared_dir / "tools" / "score_gold.py"
    if not path.is_file():
        pytest.skip("../shared/tools/score_gold.py is not present")
    return path


def _reference_scores(reference: Path, gold_dir: Path, pred: Path) -> dict:
    proc = subprocess.run([sys.executable, str(reference), str(gold_dir), str(pred), "--json"],
                          capture_output=True, text=True, check=True, encoding="utf-8")
    return json.loads(proc.stdout)


def _ours_in_reference_form(report: ev.EvalReport) -> dict:
    return {"articles": report.articles, "missing_predictions": len(report.missing), **report.scores()}


@pytest.mark.shared
def test_same_numbers_as_reference_on_hand_made_predictions(reference, tmp_path):
    only_a = tmp_path / "pred.jsonl"
    only_a.write_text(PRED.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    for pred in (PRED, only_a):
        ours = _ours_in_reference_form(ev.evaluate_dir(DATA, predictions=pred))
        assert ours == _reference_scores(reference, DATA, pred)


@pytest.mark.shared
@pytest.mark.slow
def test_same_numbers_as_reference_on_thaigov_dev(reference, thaigov_dev, tmp_path):
    golds = ev.load_gold(thaigov_dev)
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for rec in ev.predict(golds).values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    ours = _ours_in_reference_form(ev.evaluate_dir(thaigov_dev, predictions=pred))
    theirs = _reference_scores(reference, thaigov_dev, pred)
    assert ours.keys() == theirs.keys()
    for field, value in theirs.items():
        assert ours[field] == value, f"{field}: ours {ours[field]} vs reference {value}"
