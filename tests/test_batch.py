"""The batch engine: the pure per-article function, outputs, failures, resume, Dask, the CLI verb."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from extractor import batch
from extractor.batch import EMPTY, EXTRACT_ERROR, UNREADABLE, ItemResult, process_item, run_batch
from extractor.batch_inputs import BAD_LINE, InputItem
from extractor.cli import main
from extractor.outputs_tables import MANIFEST, read_parquet_table, read_sqlite_ids
from extractor.tables import TABLES

MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน"]


def article(i: int) -> str:
    """A short invented district news post; ``i`` varies the date, names and count."""
    day, month = i % 27 + 1, MONTHS[i % len(MONTHS)]
    return (f"วันที่ {day} {month} 2566\n"
            f"อำเภอนาดีจัดประชุมกำนันผู้ใหญ่บ้าน ประจำเดือน ครั้งที่ {i}\n"
            f"เมื่อวันที่ {day} {month} 2566 เวลา 09.30 น. ที่ห้องประชุมที่ว่าการอำเภอนาดี "
            f"นายสมศักดิ์ ทดสอบ{i} นายอำเภอนาดี เป็นประธานการประชุม มีผู้เข้าร่วม {20 + i} คน\n")


def make_dir(root: Path, n: int, start: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (root / f"a{i:04d}.txt").write_text(article(i), encoding="utf-8")
    return root


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the pure per-article function ---------------------------------------------------------------


def test_process_item_content_and_path_give_the_same_record(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text(article(3), encoding="utf-8")
    by_path = process_item(InputItem(id="x", path=str(f)))
    by_content = process_item(InputItem(id="x", content=article(3)))
    assert by_path.ok and by_path.record == by_content.record
    assert by_path.record.source_file == "x" and by_path.record.events[0].date.start == "2023-04-04"
    assert process_item(InputItem(id="x", path=str(f))).record == by_path.record, "same input, same record"


@pytest.mark.parametrize("item, reason, words", [
    (InputItem(id="m", path="/no/such/file.txt"), UNREADABLE, "cannot be read"),
    (InputItem(id="b", content=b"\x00\x01\x02binary"), UNREADABLE, "binary"),
    (InputItem(id="e", content="<html><body><script>x()</script></body></html>", html=True), EMPTY, "no article"),
    (InputItem(id="j", error=(BAD_LINE, "not valid JSON")), BAD_LINE, "not valid JSON"),
    (InputItem(id="p", content="ข่าว", published="12/03/2566"), UNREADABLE, "YYYY-MM-DD"),
])
def test_process_item_failures_have_reasons(item, reason, words):
    res = process_item(item)
    assert not res.ok and res.id == item.id and res.reason == reason and words in res.detail


def test_process_item_catches_a_bug_as_extract_error(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr("extractor.assemble.assemble", boom)
    res = process_item(InputItem(id="z", content=article(1)))
    assert res == ItemResult("z", reason=EXTRACT_ERROR, detail="RuntimeError: rule exploded")


def test_encoded_charset_from_http_header_is_used():
    html = f"<html><body><p>{article(2)}</p></body></html>".encode("cp874")
    res = process_item(InputItem(id="w", content=html, html=True, content_type="text/html; charset=tis-620"))
    assert res.ok and "นายอำเภอนาดี" in res.record.body


# --- runs ----------------------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[list[Path], set[str], dict[str, str]]:
    """A directory, a JSON Lines dump and a WARC; the ids that succeed and the failures by id."""
    from test_batch_inputs import write_warc

    d = make_dir(tmp_path / "dir", 5)
    (d / "broken.txt").write_bytes(b"\x00\x00binary")
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([json.dumps({"url": "https://n.example/1", "text": article(10)}, ensure_ascii=False),
                               "{torn", json.dumps({"url": "https://n.example/3",
                                                    "html": f"<p>{article(11)}</p>"}, ensure_ascii=False)]) + "\n",
                    encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [("response", f"https://n.example/w{i}", "text/html; charset=utf-8",
                       f"<html><body><h1>ข่าว {i}</h1><p>{article(20 + i)}</p></body></html>".encode())
                      for i in range(3)])
    ok = {str(d / f"a{i:04d}.txt") for i in range(5)} | {f"{dump}#1", f"{dump}#3"}
    from extractor.batch_inputs import WarcSource

    ok |= {i.id for i in WarcSource(warc).items()}
    return [d, dump, warc], ok, {str(d / "broken.txt"): UNREADABLE, f"{dump}#2": BAD_LINE}


def test_jsonl_run_with_failures_on_two_workers(mixed, tmp_path):
    inputs, ok, failed = mixed
    out = tmp_path / "out.jsonl"
    s = run_batch(inputs, out, workers=2, chunk_size=2)
    recs = read_jsonl(out)
    assert sorted(r["source_file"] for r in recs) == sorted(ok)
    assert {r["url"] for r in recs if r["url"]} >= {"https://n.example/1", "https://n.example/w0"}
    fails = read_jsonl(Path(str(out) + ".failures.jsonl"))
    assert {f["id"]: f["reason"] for f in fails} == failed and all(f["detail"] for f in fails)
    assert (s.done, s.n_failed, s.skipped, s.workers) == (len(ok), 2, 0, 2)
    assert len(s.peak_rss_mb) == 2 and all(0 < mb < 600 for mb in s.peak_rss_mb.values())
    assert "2 failed (" in s.line() and "failures in" in s.line()


def test_resume_skips_done_cuts_torn_line_and_keeps_failures(tmp_path):
    src = make_dir(tmp_path / "in", 12)
    out = tmp_path / "out.jsonl"
    run_batch([src], out, workers=1)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # a run killed while writing: 7 whole records and half of the 8th
    out.write_text("".join(lines[:7]) + lines[7][: len(lines[7]) // 2], encoding="utf-8")
    s = run_batch([src], out, workers=1, resume=True)
    assert (s.done, s.skipped) == (5, 7)
    ids = [r["source_file"] for r in read_jsonl(out)]
    assert len(ids) == len(set(ids)) == 12
    again = run_batch([src], out, workers=1, resume=True)
    assert (again.done, again.skipped) == (0, 12)
    from extractor.errors import InputError

    elsewhere = tmp_path / "moved"
    src.rename(elsewhere)
    with pytest.raises(InputError, match="none from these inputs"):
        run_batch([elsewhere], out, workers=1, resume=True)


def test_resume_refuses_an_output_that_is_not_ours(tmp_path):
    src = make_dir(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    out.write_text('{"source_file": "x"}\nsome notes, not JSON\n', encoding="utf-8")
    from extractor.errors import InputError

    with pytest.raises(InputError, match="line 2 is not a JSON record"):
        run_batch([src], out, workers=1, resume=True)
    assert out.read_text(encoding="utf-8").endswith("not JSON\n"), "a file we did not understand is left as is"


def test_existing_output_needs_resume_or_force(tmp_path):
    src = make_dir(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    run_batch([src], out, workers=1)
    from extractor.errors import InputError

    with pytest.raises(InputError, match="--resume .* --force"):
        run_batch([src], out, workers=1)
    assert run_batch([src], out, workers=1, force=True).done == 2
    assert len(read_jsonl(out)) == 2


def test_parquet_tables_and_uncommitted_parts_dropped_on_resume(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    src = make_dir(tmp_path / "in", 9)
    out = tmp_path / "out.parquet"
    s = run_batch([src], out, fmt="parquet", workers=1, chunk_size=2, part_rows=4)
    assert s.done == 9
    parts = sorted((out / "articles").glob("*.parquet"))
    assert len(parts) == 3  # 4 + 4 + 1 articles
    arts = read_parquet_table(out, "articles")
    assert sorted(a["article_id"] for a in arts) == sorted(str(src / f"a{i:04d}.txt") for i in range(9))
    events = read_parquet_table(out, "events")
    assert {e["article_id"] for e in events} == {a["article_id"] for a in arts}
    people = read_parquet_table(out, "people")
    assert all(p["role"] in ("official", "participant") for p in people)
    assert pq.read_schema(out / "events" / parts[0].name).names == [c for c, _ in TABLES["events"]]
    # a run killed between renaming a part into place and committing it: the last commit is lost
    manifest = out / MANIFEST
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]), encoding="utf-8")
    s2 = run_batch([src], out, fmt="parquet", workers=1, resume=True, part_rows=4)
    assert (s2.done, s2.skipped) == (1, 8)
    ids = [a["article_id"] for a in read_parquet_table(out, "articles")]
    assert len(ids) == len(set(ids)) == 9
    assert len(list((out / "articles").glob("*.parquet"))) == 3, "the orphan part was removed"


def test_sqlite_tables_indexes_failures_and_resume(tmp_path):
    src = make_dir(tmp_path / "in", 6)
    (src / "zz.txt").write_bytes(b"\x00bin")
    out = tmp_path / "out.db"
    s = run_batch([src], out, fmt="sqlite", workers=2, chunk_size=2)
    assert (s.done, s.n_failed) == (6, 1) and "table failures" in s.line()
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT reason FROM failures").fetchall() == [(UNREADABLE,)]
        idx = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"idx_events_province", "idx_events_date_start", "idx_people_article_id"} <= idx
        rows = conn.execute("SELECT e.date_start, p.name FROM events e JOIN people p USING (article_id) "
                            "WHERE p.role = 'official'").fetchall()
        assert all(d is None or d.startswith("2023-") for d, _ in rows)
        conn.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM articles LIMIT 2)")
    s2 = run_batch([src], out, fmt="sqlite", workers=1, resume=True)
    assert (s2.done, s2.n_failed, s2.skipped) == (2, 0, 5)
    ids = read_sqlite_ids(out)
    assert len(ids) == len(set(ids)) == 6


def test_dask_local_cluster_gives_the_same_records(tmp_path):
    pytest.importorskip("distributed")
    src = make_dir(tmp_path / "in", 8)
    local = run_batch([src], tmp_path / "local.jsonl", workers=1)
    dask = run_batch([src], tmp_path / "dask.jsonl", workers=2, scheduler="local", dask_processes=False,
                     chunk_size=3)
    assert (dask.done, dask.workers) == (local.done, 2)
    by_id = {r["source_file"]: r for r in read_jsonl(tmp_path / "local.jsonl")}
    assert {r["source_file"]: r for r in read_jsonl(tmp_path / "dask.jsonl")} == by_id


def test_progress_gets_the_remaining_total_and_every_item(tmp_path):
    src = make_dir(tmp_path / "in", 7)
    out = tmp_path / "out.jsonl"
    run_batch([src / "a0000.txt", src / "a0001.txt"], out, workers=1)

    class Spy:
        total, seen, stopped = None, 0, False

        def start(self, total):
            self.total = total

        def advance(self, n):
            self.seen += n

        def stop(self):
            self.stopped = True

    spy = Spy()
    run_batch([src], out, workers=1, resume=True, progress=spy, chunk_size=2)
    assert (spy.total, spy.seen, spy.stopped) == (5, 5, True)


# --- the command ---------------------------------------------------------------------------------


def test_cli_exit_codes_and_summary(mixed, tmp_path, capsys):
    inputs, ok, failed = mixed
    out = tmp_path / "cli.jsonl"
    code = main(["batch", *map(str, inputs), "-o", str(out), "--workers", "2", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{len(ok)} done; 2 failed (" in err and "bad_line: 1" in err and "unreadable: 1" in err
    code = main(["batch", *map(str, inputs), "-o", str(out), "--resume", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0 and f"0 done; 0 failed; {len(ok) + 2} skipped as already done" in err
    code = main(["batch", str(inputs[0] / "a0000.txt"), "-o", str(tmp_path / "one.db"), "--format", "sqlite",
                 "--workers", "1", "--no-ner"])
    assert code == 0 and read_sqlite_ids(tmp_path / "one.db") == [str(inputs[0] / "a0000.txt")]


def test_cli_refuses_existing_output_in_words(tmp_path, capsys):
    src = make_dir(tmp_path / "in", 1)
    out = tmp_path / "o.jsonl"
    out.write_text("", encoding="utf-8")
    assert main(["batch", str(src), "-o", str(out), "--quiet"]) != 0
    assert "already exists; add --resume" in capsys.readouterr().err


def _die_in_worker(items, use_ner, fmt):
    import os

    os._exit(3)  # what the kernel's OOM killer does to a worker, as far as the pool can tell


def test_dead_worker_stops_the_run_with_a_resume_hint(tmp_path, monkeypatch):
    src = make_dir(tmp_path / "in", 4)
    monkeypatch.setattr(batch, "work_chunk", _die_in_worker)
    with pytest.raises(batch.BatchStopped, match="worker process died.*--resume"):
        run_batch([src], tmp_path / "out.jsonl", workers=2)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""
