"""A real run, killed with SIGKILL part-way, then resumed: no record lost, none written twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.outputs_tables import MANIFEST, read_parquet_table

N_ARTICLES = 300
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม"]


def make_archive(root: Path, n: int) -> Path:
    """``n`` invented posts, each a few paragraphs long, so the run lasts long enough to be killed."""
    root.mkdir(parents=True)
    for i in range(n):
        day, month = i % 28 + 1, MONTHS[i % len(MONTHS)]
        para = (f"เมื่อวันที่ {day} {month} 2566 เวลา 10.00 น. ที่หอประชุมโรงเรียนบ้านหนองแก้ว "
                f"นางมาลัย ทดลอง{i} ผู้อำนวยการโรงเรียน เป็นประธานเปิดกิจกรรมวันวิทยาศาสตร์ "
                f"มีนักเรียนและผู้ปกครองเข้าร่วม {50 + i} คน เพื่อส่งเสริมการเรียนรู้ของนักเรียน\n")
        (root / f"{i:05d}.txt").write_text(f"วันที่ {day} {month} 2566\nโรงเรียนจัดกิจกรรมวันวิทยาศาสตร์ {i}\n"
                                           + para * 3, encoding="utf-8")
    return root


def count_jsonl(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


def count_sqlite(out: Path) -> int:
    if not out.exists():
        return 0
    try:
        with sqlite3.connect(out, timeout=0.05) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy for a moment
        return 0


def count_parquet(out: Path) -> int:
    manifest = out / MANIFEST
    if not manifest.exists():
        return 0
    return sum(len(json.loads(line)["ids"]) for line in manifest.read_text(encoding="utf-8").splitlines(True)
               if line.endswith("\n"))


def ids_jsonl(out: Path) -> list[str]:
    return [json.loads(line)["source_file"] for line in out.read_text(encoding="utf-8").splitlines()]


def ids_sqlite(out: Path) -> list[str]:
    with sqlite3.connect(out) as conn:
        return [r[0] for r in conn.execute("SELECT article_id FROM articles")]


def ids_parquet(out: Path) -> list[str]:
    return [r["article_id"] for r in read_parquet_table(out, "articles")]


FORMATS = {
    "jsonl": (count_jsonl, ids_jsonl, []),
    "sqlite": (count_sqlite, ids_sqlite, []),
    "parquet": (count_parquet, ids_parquet, ["--part-rows", "16"]),
}


def batch_cmd(src: Path, out: Path, fmt: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "batch", str(src), "-o", str(out), "--format", fmt,
            "--workers", "2", "--chunk-size", "4", "--quiet", *FORMATS[fmt][2], *extra]


ENV = {**os.environ, "PYTHAINLP_OFFLINE": "1"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return make_archive(tmp_path_factory.mktemp("resume") / "archive", N_ARTICLES)


@pytest.fixture(scope="module")
def clean_ids(archive, tmp_path_factory) -> list[str]:
    """The ids of an uninterrupted run (the same for every format)."""
    clean = tmp_path_factory.mktemp("clean") / "clean.jsonl"
    subprocess.run(batch_cmd(archive, clean, "jsonl"), env=ENV, check=True, capture_output=True)
    ids = ids_jsonl(clean)
    assert len(ids) == N_ARTICLES
    return ids


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sigkill_then_resume_writes_each_item_once(archive, clean_ids, tmp_path, fmt):
    count, read_ids, _ = FORMATS[fmt]
    out = tmp_path / f"out.{fmt}"
    env = ENV
    # its own session, so the kill takes the workers too, as kill -9 of a whole run would
    proc = subprocess.Popen(batch_cmd(archive, out, fmt), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while count(out) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, f"the run ended before the kill (exit {proc.returncode}): {proc.stderr.read().decode()}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = count(out)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 0 < written < N_ARTICLES, f"the kill must land mid-run (had {written} of {N_ARTICLES})"

    resumed = subprocess.run(batch_cmd(archive, out, fmt, "--resume"), env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{written} skipped as already done" in resumed.stderr
    ids = read_ids(out)
    assert len(ids) == len(set(ids)), "an item was written twice"
    assert sorted(ids) == sorted(clean_ids), "the union of both runs must be exactly a clean run's items"
