"""Writers for records: JSON Lines, a JSON array, a readable terminal summary, and the
resumable JSON Lines output of batch runs (Parquet and SQLite are in ``outputs_tables``)."""

from __future__ import annotations

import json
import logging
import os
from typing import IO, Callable, Iterable

from .errors import InputError
from .records import ArticleRecord, Person

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "json", "pretty")


def record_to_json(record: ArticleRecord, *, indent: int | None = None) -> str:
    """One record as JSON text (Thai kept as is, not escaped)."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=indent)


class JsonlWriter:
    """Writes one record per line, flushing each so a stopped run keeps what it wrote."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, record: ArticleRecord) -> None:
        """Write one record."""
        self.fh.write(record_to_json(record) + "\n")
        self.fh.flush()

    def close(self) -> None:
        """Nothing buffered; present so all writers close alike."""


class JsonArrayWriter:
    """Writes records as one JSON array, opened on the first record and closed at the end."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.count = 0

    def write(self, record: ArticleRecord) -> None:
        """Write one record into the array."""
        self.fh.write(("[\n" if self.count == 0 else ",\n") + record_to_json(record, indent=1))
        self.count += 1

    def close(self) -> None:
        """Close the array (an empty one when nothing was written)."""
        self.fh.write("[]\n" if self.count == 0 else "\n]\n")
        self.fh.flush()


class PrettyWriter:
    """A readable summary of each record for a person at a terminal (rich)."""

    def __init__(self, fh: IO[str]) -> None:
        from rich.console import Console

        self.console = Console(file=fh, highlight=False, soft_wrap=False)

    def write(self, record: ArticleRecord) -> None:
        """Show one record."""
        self.console.print(render_pretty(record))

    def close(self) -> None:
        """Nothing to close."""


def _person(p: Person) -> str:
    return " ".join(x for x in (f"{p.honorific or ''}{p.name}", p.position or "") if x)


def render_pretty(record: ArticleRecord):
    """A rich renderable summarizing one record."""
    from rich.panel import Panel
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    ev = record.events[0] if record.events else None

    def row(label: str, value) -> None:
        if value not in (None, "", []):
            table.add_row(label, str(value))

    row("published", record.published)
    row("publisher", record.publisher)
    row("reporter", record.reporter)
    if ev is not None:
        if ev.date:
            row("date", ev.date.start + (f" – {ev.date.end}" if ev.date.end else "") + f"  ({ev.date.text})")
        if ev.time:
            row("time", ev.time.start + (f"–{ev.time.end}" if ev.time.end else ""))
        if ev.venue:
            v = ev.venue
            row("venue", " · ".join(x for x in (v.place, v.subdistrict, v.district, v.province) if x)
                + (f"  [{v.admin_code}]" if v.admin_code else ""))
        row("organizers", ", ".join(o.name for o in ev.organizers))
        row("project", ev.project.name if ev.project else None)
        for i, p in enumerate(ev.officials):
            row("officials" if i == 0 else "", _person(p))
        parts = ev.participants
        if parts.count is not None or parts.people or parts.groups:
            row("participants", (f"{parts.count} people" if parts.count is not None else "")
                + (f"; {len(parts.people)} named" if parts.people else "")
                + (f"; groups: {', '.join(parts.groups)}" if parts.groups else ""))
            for p in parts.people:
                row("", _person(p))
        for i, o in enumerate(ev.objectives):
            row("objectives" if i == 0 else "", f"{i + 1}. {o.text}")
    for w in record.warnings:
        row("warning", w)
    title = record.headline or record.source_file or record.url or "(no headline)"
    subtitle = record.source_file or record.url
    return Panel(table, title=f"[bold]{title}[/bold]", subtitle=subtitle, title_align="left")


def make_writer(fmt: str, fh: IO[str]):
    """The writer for an output format name."""
    if fmt == "jsonl":
        return JsonlWriter(fh)
    if fmt == "json":
        return JsonArrayWriter(fh)
    if fmt == "pretty":
        return PrettyWriter(fh)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_all(records: Iterable[ArticleRecord], fmt: str, fh: IO[str]) -> int:
    """Write every record in ``fmt``; return how many were written."""
    writer = make_writer(fmt, fh)
    n = 0
    for rec in records:
        writer.write(rec)
        n += 1
    writer.close()
    return n


# --- Resumable outputs of ``thainews batch`` -------------------------------------------------
#
# A batch sink takes finished items chunk by chunk and can say, after any
# stop (kill -9 included), which input ids it already holds, so a resumed run
# writes none twice and loses none. Each item's outcome goes to exactly one
# place (a record, or a failure), so sinks only need each of their files to be
# consistent on its own: a JSON Lines file is consistent up to its last
# newline, and a torn last line is cut off on resume.


def encode_jsonl(record: ArticleRecord, article_id: str) -> str:
    """A record as one JSON line (run in the workers, so the writer only writes).

    ``article_id`` is already in ``record.source_file``; the parameter keeps
    the signature of the other formats' encoders.
    """
    return record.model_dump_json()


def recover_jsonl(path: str | os.PathLike, on_line: Callable[[dict], None]) -> int:
    """Call ``on_line`` with each object of a JSON Lines file, cutting off a torn last line.

    A run stopped while writing leaves at most one partial line at the end;
    it is truncated away so appending starts on a clean line. A complete line
    that is not JSON means the file is not ours, and resuming stops with an
    error rather than guessing. Returns the number of lines read.
    """
    n = 0
    good_end = 0
    with open(path, "r+b") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                obj = json.loads(raw)
            except ValueError:
                raise InputError(os.fspath(path), f"line {n + 1} is not a JSON record; cannot resume "
                                                  "safely (remove the line, or start over with --force)") from None
            if isinstance(obj, dict):
                on_line(obj)
            n += 1
            good_end += len(raw)
        fh.seek(0, os.SEEK_END)
        if fh.tell() != good_end:
            log.info("%s: cut off a partial last line (%d bytes) left by a stopped run",
                     path, fh.tell() - good_end)
            fh.truncate(good_end)
    return n


class JsonlLog:
    """An append-only JSON Lines file of dicts, flushed per write; ``recover`` lists a key's values."""

    def __init__(self, path: str | os.PathLike, key: str) -> None:
        self.path = os.fspath(path)
        self.key = key
        self.fh: IO[str] | None = None

    def open(self, resume: bool) -> set[str]:
        """Open for appending (``resume``) or anew; return the ``key`` values already written."""
        seen: set[str] = set()
        if resume and os.path.exists(self.path):
            recover_jsonl(self.path, lambda obj: seen.add(obj.get(self.key)))
            seen.discard(None)  # type: ignore[arg-type]
        self.fh = open(self.path, "a" if resume else "w", encoding="utf-8", newline="")
        return seen

    def write_lines(self, lines: list[str]) -> None:
        """Append lines of JSON (without newlines), in one write, and flush."""
        if lines and self.fh is not None:
            self.fh.write("".join(line + "\n" for line in lines))
            self.fh.flush()

    def close(self) -> None:
        """Close the file."""
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def failure_line(item_id: str, reason: str, detail: str) -> str:
    """One line of a failures file: ``{"id", "reason", "detail"}``."""
    return json.dumps({"id": item_id, "reason": reason, "detail": detail}, ensure_ascii=False)


class JsonlSink:
    """Batch output as JSON Lines: records in ``OUT``, failures in ``OUT.failures.jsonl``.

    A record's ``source_file`` is its input id, which is what resume reads back.
    """

    fmt = "jsonl"

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.fspath(path)
        self.records = JsonlLog(self.path, "source_file")
        self.failures = JsonlLog(self.path + ".failures.jsonl", "id")
        self.failures_where = self.failures.path

    def paths(self) -> list[str]:
        """Every file this sink writes (to check for an earlier run or clear it)."""
        return [self.records.path, self.failures.path]

    def open(self, resume: bool) -> set[str]:
        """Start writing; with ``resume``, return the ids already done (records and failures)."""
        return self.records.open(resume) | self.failures.open(resume)

    def write(self, records: list[tuple[str, str]], failures: list[tuple[str, str, str]]) -> None:
        """Write one chunk: ``(id, json line)`` records and ``(id, reason, detail)`` failures."""
        self.records.write_lines([line for _id, line in records])
        self.failures.write_lines([failure_line(*f) for f in failures])

    def close(self) -> None:
        """Close both files."""
        self.records.close()
        self.failures.close()
