"""pytest plugin: show the scores the accuracy gate measured at the end of the test run.

The gate tests (tests/test_eval_gate.py) put each section's scores and floors
in the session's stash through the ``eval_score_tables`` fixture; the terminal
summary prints them whatever ``-q``/``-s`` say, so a run of the suite always
shows where accuracy stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class ScoreTable:
    """One section's scores next to its floors."""

    gold_dir: str
    articles: int
    scores: dict[str, float]
    floors: dict[str, float] = field(default_factory=dict)


TABLES = pytest.StashKey[dict[str, ScoreTable]]()


@pytest.fixture(scope="session")
def eval_score_tables(request: pytest.FixtureRequest) -> dict[str, ScoreTable]:
    """Where a gate test leaves the scores it measured, by section name."""
    return request.config.stash.setdefault(TABLES, {})


def format_table(name: str, table: ScoreTable) -> list[str]:
    """The lines printed for one section: field, score, floor, and a mark where it is below."""
    lines = [f"{name}: {table.articles} articles in {table.gold_dir}",
             f"  {'field':24s} {'score':>6s} {'floor':>6s}"]
    for key, value in table.scores.items():
        floor = table.floors.get(key)
        below = floor is not None and value < floor
        floor_s = f"{floor:6.3f}" if floor is not None else "     -"
        lines.append(f"  {key:24s} {value:6.3f} {floor_s}" + ("  BELOW FLOOR" if below else ""))
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print every measured section after the test results."""
    tables = config.stash.get(TABLES, {})
    if not tables:
        return
    terminalreporter.write_sep("-", "accuracy (thainews eval)")
    for name, table in tables.items():
        for line in format_table(name, table):
            terminalreporter.write_line(line)
