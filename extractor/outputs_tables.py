"""Resumable table outputs of ``thainews batch``: Parquet part files and SQLite.

Both hold the tables of ``extractor.tables`` (articles, events, people, keyed
by ``article_id`` = the input id).

* **Parquet** — ``OUT/`` is a directory with one folder per table
  (``OUT/articles/part-000001.parquet`` ...), readable as a dataset by
  pyarrow, pandas or DuckDB. Records are buffered and written as one part per
  table every ``part_rows`` articles; each part file is written under a
  temporary name and renamed into place, then the part is committed by a line
  in ``OUT/_manifest.jsonl`` listing its input ids. On resume, the manifest is
  the truth: part files it does not list (a run stopped between rename and
  commit) are deleted, and their items are done again. Failures go to
  ``OUT.failures.jsonl`` beside the directory.
* **SQLite** — ``OUT`` is one database with the three tables, their indexes
  and a ``failures`` table; each chunk is one transaction, so the done set
  (``articles.article_id`` ∪ ``failures.input_id``) always matches the rows.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from .outputs import JsonlLog, failure_line
from .records import ArticleRecord
from .tables import INDEXES, TABLES, Row, record_rows

log = logging.getLogger(__name__)

MANIFEST = "_manifest.jsonl"


def encode_rows(record: ArticleRecord, article_id: str) -> dict[str, list[Row]]:
    """A record as table rows (run in the workers, so the writer only writes)."""
    return record_rows(record, article_id)


def arrow_schema(table: str):
    """The pyarrow schema of one table (fixed, so empty parts and all parts agree)."""
    import pyarrow as pa

    types = {"str": pa.string(), "json": pa.string(), "int": pa.int64()}
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


class ParquetSink:
    """Batch output as a directory of Parquet part files with a commit manifest (see module doc)."""

    fmt = "parquet"

    def __init__(self, path: str | os.PathLike, part_rows: int = 2000) -> None:
        self.path = os.fspath(path)
        self.part_rows = part_rows
        self.failures = JsonlLog(self.path.rstrip("/\\") + ".failures.jsonl", "id")
        self.failures_where = self.failures.path
        self.manifest = JsonlLog(os.path.join(self.path, MANIFEST), "part")
        self._buffer: dict[str, list[Row]] = {t: [] for t in TABLES}
        self._ids: list[str] = []
        self._next_part = 1

    def paths(self) -> list[str]:
        """Every path this sink writes (to check for an earlier run or clear it)."""
        return [self.path, self.failures.path]

    def open(self, resume: bool) -> set[str]:
        """Start writing; with ``resume``, drop uncommitted parts and return the ids already done."""
        root = Path(self.path)
        root.mkdir(parents=True, exist_ok=True)
        for t in TABLES:
            (root / t).mkdir(exist_ok=True)
        done: set[str] = set()
        parts: set[str] = set()
        if resume and os.path.exists(self.manifest.path):
            from .outputs import recover_jsonl

            def take(entry: dict) -> None:
                parts.add(entry["part"])
                done.update(entry["ids"])

            recover_jsonl(self.manifest.path, take)
        for t in TABLES:
            for f in (root / t).iterdir():
                if f.name.endswith(".tmp") or (f.suffix == ".parquet" and f.stem not in parts):
                    log.info("%s: removing %s, written by a stopped run but never committed", self.path, f)
                    f.unlink()
        numbers = [int(p.split("-")[1]) for p in parts]
        self._next_part = max(numbers, default=0) + 1
        self.manifest.open(resume)
        return done | self.failures.open(resume)

    def write(self, records: list[tuple[str, dict[str, list[Row]]]], failures: list[tuple[str, str, str]]) -> None:
        """Take one chunk; write a part once ``part_rows`` articles are buffered."""
        self.failures.write_lines([failure_line(*f) for f in failures])
        for item_id, rows in records:
            self._ids.append(item_id)
            for t in TABLES:
                self._buffer[t].extend(rows[t])
        if len(self._ids) >= self.part_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered records as one committed part."""
        if not self._ids:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self._next_part:06d}"
        for t in TABLES:
            table = pa.Table.from_pylist(self._buffer[t], schema=arrow_schema(t))
            final = os.path.join(self.path, t, name + ".parquet")
            tmp = final + ".tmp"
            pq.write_table(table, tmp)
            os.replace(tmp, final)  # a part file is either whole or absent
        # the commit: only now do these ids count as done
        self.manifest.write_lines([json.dumps({"part": name, "ids": self._ids}, ensure_ascii=False)])
        if self.manifest.fh is not None:
            os.fsync(self.manifest.fh.fileno())
        self._next_part += 1
        self._ids = []
        self._buffer = {t: [] for t in TABLES}

    def close(self) -> None:
        """Write what is buffered and close."""
        self.flush()
        self.manifest.close()
        self.failures.close()


_SQL_TYPES = {"str": "TEXT", "json": "TEXT", "int": "INTEGER"}


class SqliteSink:
    """Batch output as one SQLite database: the tables, their indexes and ``failures``."""

    fmt = "sqlite"

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.fspath(path)
        self.failures_where = f"{self.path} (table failures)"
        self.conn: sqlite3.Connection | None = None

    def paths(self) -> list[str]:
        """Every file this sink writes (to check for an earlier run or clear it)."""
        return [self.path, self.path + "-wal", self.path + "-shm", self.path + "-journal"]

    def open(self, resume: bool) -> set[str]:
        """Create the schema (if new) and return the ids already done."""
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA journal_mode=WAL")  # readers can watch a running batch
        conn.execute("PRAGMA synchronous=NORMAL")
        with conn:
            for table, cols in TABLES.items():
                defs = ", ".join(f"{name} {_SQL_TYPES[kind]}" + (" PRIMARY KEY" if table == "articles"
                                                                  and name == "article_id" else "")
                                 for name, kind in cols)
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({defs})")
            conn.execute("CREATE TABLE IF NOT EXISTS failures (input_id TEXT PRIMARY KEY, reason TEXT, detail TEXT)")
            for table, col in INDEXES:
                conn.execute(f"CREATE INDEX IF NOT EXISTS idx_{table}_{col} ON {table} ({col})")
        self.conn = conn
        done: set[str] = set()
        if resume:
            done.update(r[0] for r in conn.execute("SELECT article_id FROM articles"))
            done.update(r[0] for r in conn.execute("SELECT input_id FROM failures"))
        return done

    def write(self, records: list[tuple[str, dict[str, list[Row]]]], failures: list[tuple[str, str, str]]) -> None:
        """Write one chunk in one transaction."""
        assert self.conn is not None, "open() first"
        rows: dict[str, list[Row]] = {t: [] for t in TABLES}
        for _id, by_table in records:
            for t in TABLES:
                rows[t].extend(by_table[t])
        with self.conn:
            for t, cols in TABLES.items():
                if rows[t]:
                    names = [c for c, _ in cols]
                    sql = f"INSERT INTO {t} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                    self.conn.executemany(sql, [tuple(r[c] for c in names) for r in rows[t]])
            if failures:
                self.conn.executemany("INSERT INTO failures (input_id, reason, detail) VALUES (?, ?, ?)", failures)

    def close(self) -> None:
        """Close the database."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def read_sqlite_ids(path: str | os.PathLike) -> list[str]:
    """The article ids in a batch SQLite database (for checks and tests)."""
    with sqlite3.connect(os.fspath(path)) as conn:
        return [r[0] for r in conn.execute("SELECT article_id FROM articles")]


def read_parquet_table(path: str | os.PathLike, table: str) -> list[dict[str, Any]]:
    """All rows of one table of a batch Parquet output, committed parts only."""
    import pyarrow.parquet as pq

    parts: list[str] = []
    manifest = os.path.join(os.fspath(path), MANIFEST)
    with open(manifest, encoding="utf-8") as fh:
        for line in fh:
            if line.endswith("\n"):
                parts.append(json.loads(line)["part"])
    rows: list[dict[str, Any]] = []
    for name in parts:
        rows.extend(pq.read_table(os.path.join(os.fspath(path), table, name + ".parquet")).to_pylist())
    return rows
