"""Writers for records: JSON Lines, a JSON array, and a readable terminal summary."""

from __future__ import annotations

import json
from typing import IO, Iterable

from .records import ArticleRecord, Person

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
