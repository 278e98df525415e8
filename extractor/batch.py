"""``thainews batch``: whole archives → records, on local processes or a Dask cluster, resumable.

The flow::

    inputs (batch_inputs: files · JSON Lines · WARC · crawl store) ──▶ items with stable input ids
        ──▶ chunks ──▶ workers: process_item (pure) + encode for the output format
        ──▶ sink (outputs / outputs_tables: jsonl · parquet · sqlite) ──▶ done set for --resume

``process_item`` is the whole per-article job and has no side effects: any
engine (the local pool here, Dask, or another) can call it. Models and
lexicons load once per worker process (``warm_up``). The process that reads
the inputs is the only one that writes, one chunk at a time, so a stop at any
moment (kill -9 included) leaves every output file consistent, and
``--resume`` skips exactly the items already written.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .batch_inputs import InputItem, InputSource, open_sources
from .budget import process_item_within
from .errors import ExtractorError, InputError
from .records import ArticleRecord

log = logging.getLogger(__name__)

#: Failure reasons given by the engine (readers add ``bad_line`` and ``bad_archive``).
UNREADABLE = "unreadable"      # the input cannot be read as an article (binary, undecodable, missing)
EMPTY = "empty"                # the page has no article text
EXTRACT_ERROR = "extract_error"  # a bug: extraction raised; the detail names the exception

FORMATS = ("jsonl", "parquet", "sqlite")
DEFAULT_CHUNK = 32
DEFAULT_PART_ROWS = 2000

RESUME_HINT = "what was written is kept: run the same command with --resume to continue"


class BatchStopped(ExtractorError):
    """The run could not go on (a worker died, no scheduler); the output so far is consistent."""


@dataclass
class ItemResult:
    """What ``process_item`` made of one input item: a record, or a failure with its reason."""

    id: str
    record: Optional[ArticleRecord] = None
    reason: Optional[str] = None
    detail: Optional[str] = None

    @property
    def ok(self) -> bool:
        """Whether a record was made."""
        return self.record is not None


def process_item(item: InputItem, *, use_ner: bool = True) -> ItemResult:
    """Turn one input item into its ArticleRecord, or a failure; never raises for bad input.

    Pure: reads only the item (and, for an item given by ``path``, that
    file) and returns a value. The record's ``source_file`` is the item's
    input id, so every record names the input it came from and a resumed run
    can tell what is done. An article whose body is empty is a failure
    (``empty``): a record with no text is of no use downstream.
    """
    from .assemble import assemble
    from .pipeline import read_article

    if item.error is not None:
        return ItemResult(item.id, reason=item.error[0], detail=item.error[1])
    try:
        raw: str | bytes | None = item.content
        if raw is None:
            if item.path is None:
                return ItemResult(item.id, reason=UNREADABLE, detail="the item has neither content nor a path")
            try:
                with open(item.path, "rb") as fh:
                    raw = fh.read()
            except OSError as exc:
                return ItemResult(item.id, reason=UNREADABLE, detail=f"cannot be read: {exc.strerror or exc}")
        # the HTML reader checks the Content-Type's charset against the bytes (labels lie)
        article = read_article(raw, url=item.url, published=item.published, source=item.id, html=item.html,
                               content_type=item.content_type)
        if not article.body.strip():
            return ItemResult(item.id, reason=EMPTY, detail="no article text found")
        record = assemble(article, source_file=item.id, use_ner=use_ner)
    except InputError as exc:
        return ItemResult(item.id, reason=UNREADABLE, detail=exc.problem)
    except Exception as exc:  # one odd page must not stop an archive; the reason says it is a bug
        log.debug("extraction failed on %s", item.id, exc_info=True)
        return ItemResult(item.id, reason=EXTRACT_ERROR, detail=f"{type(exc).__name__}: {exc}")
    return ItemResult(item.id, record=record)


# --- workers -------------------------------------------------------------------------------------

_warm: set[bool] = set()


def warm_up(use_ner: bool = True) -> None:
    """Load extractors, lexicons and models in this process once, so the first chunk is not slow."""
    if use_ner in _warm:
        return
    from .pipeline import extract

    extract("วันที่ 1 มกราคม 2566\nข่าวทดสอบการอุ่นเครื่องของตัวแยกข้อมูล\nเมื่อวันที่ 1 มกราคม 2566 มีการประชุม\n",
            use_ner=use_ner)
    _warm.add(use_ner)


def encoder(fmt: str) -> Callable[[ArticleRecord, str], Any]:
    """The function that turns a record into what the ``fmt`` sink writes."""
    if fmt == "jsonl":
        from .outputs import encode_jsonl

        return encode_jsonl
    if fmt in ("parquet", "sqlite"):
        from .outputs_tables import encode_rows

        return encode_rows
    raise ValueError(f"unknown batch format {fmt!r}; choose one of {', '.join(FORMATS)}")


@dataclass
class ChunkResult:
    """A worker's answer for one chunk: encoded records, failures, and who did it with how much memory."""

    records: list[tuple[str, Any]]
    failures: list[tuple[str, str, str]]
    worker: str
    max_rss_kb: int


def work_chunk(items: list[InputItem], use_ner: bool, fmt: str) -> ChunkResult:
    """Process a chunk of items in a worker (a top-level function, so any engine can ship it)."""
    warm_up(use_ner)
    encode = encoder(fmt)
    records, failures = [], []
    for item in items:
        # under the per-article deadline: a page that cannot even be read in time is a failure
        # (time_budget_exceeded), not a stalled worker
        res = process_item_within(item, use_ner=use_ner)
        if res.record is not None:
            records.append((res.id, encode(res.record, res.id)))
        else:
            failures.append((res.id, res.reason or EXTRACT_ERROR, res.detail or ""))
    return ChunkResult(records, failures, _worker_name(), _max_rss_kb())


def _max_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # not on this platform (Windows): memory is not reported
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux


def _worker_name() -> str:
    # only a Dask worker has distributed loaded; importing it elsewhere would cost a second and 70 MB
    dist = sys.modules.get("distributed")
    if dist is not None:
        try:
            return dist.get_worker().address
        except ValueError:  # not inside a Dask worker
            pass
    return f"pid {os.getpid()}"


def _init_local_worker(use_ner: bool) -> None:
    # a forked worker inherits the parent's warm state; a spawned one loads here
    warm_up(use_ner)


class _Done:
    """A finished future for work run in the calling process."""

    def __init__(self, value: ChunkResult) -> None:
        self.value = value

    def result(self) -> ChunkResult:
        return self.value


class InlineEngine:
    """Runs chunks in this process (``--workers 1``): no process start-up, no copying."""

    workers = 1

    def __init__(self, use_ner: bool, fmt: str) -> None:
        self.use_ner, self.fmt = use_ner, fmt

    def submit(self, items: list[InputItem]) -> _Done:
        return _Done(work_chunk(items, self.use_ner, self.fmt))

    def close(self) -> None:
        pass


class LocalEngine:
    """A pool of worker processes on this machine (forked, so loaded models are shared)."""

    def __init__(self, workers: int, use_ner: bool, fmt: str) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers, self.use_ner, self.fmt = workers, use_ner, fmt
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            warm_up(use_ner)  # load once here; forked workers share the pages
        # ProcessPoolExecutor, not Pool: a worker that dies raises BrokenProcessPool instead of hanging
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                        initializer=_init_local_worker, initargs=(use_ner,))

    def submit(self, items: list[InputItem]):
        return self.pool.submit(work_chunk, items, self.use_ner, self.fmt)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Chunks sent to a Dask cluster: ``tcp://host:port`` of a running scheduler, or ``local``.

    ``local`` starts a LocalCluster of ``workers`` single-threaded worker
    processes (``processes=False`` runs them as threads of this process, for
    tests). Items travel with their content except files given by path, which
    each worker reads itself (so the workers need the same paths mounted).
    """

    def __init__(self, scheduler: str, workers: int, use_ner: bool, fmt: str, processes: bool = True) -> None:
        from distributed import Client, LocalCluster

        if logging.getLogger("extractor").getEffectiveLevel() > logging.INFO:
            # Dask narrates every connection at INFO; show its warnings only, unless -v asked for more
            logging.getLogger("distributed").setLevel(logging.WARNING)
        self.use_ner, self.fmt = use_ner, fmt
        self.cluster = None
        if scheduler == "local":
            # worker processes talk over loopback TCP only; threads use Dask's in-process transport
            where = {"host": "127.0.0.1"} if processes else {}
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                        dashboard_address=None, **where)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise BatchStopped(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address, "
                                   "or use --scheduler local") from None
        threads = sum(self.client.nthreads().values())
        if not threads:
            log.warning("the Dask cluster at %s has no workers yet; work starts when one joins", scheduler)
        self.workers = max(1, threads)

    def submit(self, items: list[InputItem]):
        return self.client.submit(work_chunk, items, self.use_ner, self.fmt, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# --- the run -------------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a batch run did."""

    done: int = 0
    failed: Counter = field(default_factory=Counter)
    skipped: int = 0
    duplicates: int = 0
    ignored: int = 0
    seconds: float = 0.0
    workers: int = 1
    #: Peak resident memory of each worker, in MB (``ru_maxrss``).
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    output: str = ""
    failures_where: str = ""

    @property
    def n_failed(self) -> int:
        """How many items failed in this run."""
        return sum(self.failed.values())

    @property
    def rate(self) -> float:
        """Items processed (done or failed) per second in this run."""
        n = self.done + self.n_failed
        return n / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        parts = [f"{self.done} done"]
        failed = f"{self.n_failed} failed"
        if self.failed:
            failed += " (" + ", ".join(f"{r}: {n}" for r, n in self.failed.most_common()) + ")"
        parts.append(failed)
        parts.append(f"{self.skipped} skipped as already done")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate input ids ignored")
        if self.ignored:
            parts.append(f"{self.ignored} archive records not articles")
        parts.append(f"{self.rate:.1f} articles/s over {self.seconds:.1f} s on {self.workers} worker(s)")
        if self.peak_rss_mb:
            parts.append(f"peak memory per worker {max(self.peak_rss_mb.values()):.0f} MB")
        line = "; ".join(parts)
        if self.n_failed:
            line += f"; failures in {self.failures_where}"
        return line


def make_sink(fmt: str, out: str | os.PathLike, part_rows: int = DEFAULT_PART_ROWS):
    """The resumable output for a format name (``part_rows``: articles per Parquet part)."""
    if fmt == "jsonl":
        from .outputs import JsonlSink

        return JsonlSink(out)
    if fmt == "parquet":
        from .outputs_tables import ParquetSink

        return ParquetSink(out, part_rows=part_rows)
    if fmt == "sqlite":
        from .outputs_tables import SqliteSink

        return SqliteSink(out)
    raise ValueError(f"unknown batch format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _prepare_output(sink, resume: bool, force: bool) -> None:
    existing = [p for p in sink.paths() if os.path.exists(p)]
    if existing and not resume:
        if not force:
            raise InputError(existing[0], "already exists; add --resume to continue that run, "
                                          "or --force to delete it and start over")
        for p in existing:
            shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)


def _chunks(sources: list[InputSource], done: set[str], size: int,
            summary: BatchSummary) -> Iterator[list[InputItem]]:
    """Items still to do, in chunks; counts skipped and duplicate ids as it goes."""
    seen: set[str] = set()
    chunk: list[InputItem] = []
    for source in sources:
        for item in source.items(skip=done):
            if item.skipped:
                summary.skipped += 1
                continue
            if item.id in seen:  # overlapping inputs (a directory and a file in it)
                summary.duplicates += 1
                continue
            seen.add(item.id)
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        summary.ignored += source.ignored
    if chunk:
        yield chunk


def available_cpus() -> int:
    """CPUs this process may run on (the default number of workers)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _total(sources: list[InputSource]) -> Optional[int]:
    counts = [s.count() for s in sources]
    return None if any(c is None for c in counts) else sum(counts)  # type: ignore[arg-type]


def _check_resume_matches(sources: list[InputSource], done: set[str], out: str) -> None:
    """Refuse a resume whose inputs share no id with the output: the inputs were named differently."""
    if not done:
        return
    prefixes = tuple(s.path for s in sources)
    if not any(d.startswith(prefixes) for d in done):
        example = next(iter(done))
        raise InputError(out, f"holds {len(done)} items, none from these inputs (e.g. {example!r}); input ids "
                              "are paths as given, so resume with the inputs named as in the first run")


def _make_engine(scheduler: Optional[str], workers: int, use_ner: bool, fmt: str, dask_processes: bool):
    if scheduler:
        return DaskEngine(scheduler, workers, use_ner, fmt, processes=dask_processes)
    if workers <= 1:
        return InlineEngine(use_ner, fmt)
    return LocalEngine(workers, use_ner, fmt)


def _drive(engine, chunks: Iterator[list[InputItem]], sink, summary: BatchSummary, progress: Any) -> None:
    """Keep every worker busy with a bounded number of chunks in flight; write results in input order."""
    in_flight: deque = deque()
    max_in_flight = 2 * engine.workers + 1  # enough to keep every worker busy, little held in memory

    def collect() -> None:
        try:
            res: ChunkResult = in_flight.popleft().result()
        except BrokenProcessPool:
            raise BatchStopped("a worker process died (out of memory, or killed from outside); "
                               + RESUME_HINT) from None
        sink.write(res.records, res.failures)
        summary.done += len(res.records)
        summary.failed.update(reason for _id, reason, _detail in res.failures)
        if res.max_rss_kb:
            summary.peak_rss_mb[res.worker] = max(summary.peak_rss_mb.get(res.worker, 0.0), res.max_rss_kb / 1024)
        if progress is not None:
            progress.advance(len(res.records) + len(res.failures))

    for chunk in chunks:
        in_flight.append(engine.submit(chunk))
        while len(in_flight) >= max_in_flight:
            collect()
    while in_flight:
        collect()


def run_batch(inputs: Iterable[str | os.PathLike], out: str | os.PathLike, *, fmt: str = "jsonl",
              workers: Optional[int] = None, resume: bool = False, force: bool = False,
              scheduler: Optional[str] = None, use_ner: bool = True, chunk_size: int = DEFAULT_CHUNK,
              progress: Any = None, dask_processes: bool = True,
              part_rows: int = DEFAULT_PART_ROWS) -> BatchSummary:
    """Process every article of ``inputs`` into ``out``; return what was done.

    ``workers`` defaults to the CPUs available; 1 runs in this process.
    ``scheduler`` is a Dask scheduler address or ``"local"`` (a LocalCluster
    of ``workers``). With ``resume``, items already in ``out`` (records or
    failures) are skipped; without it an existing ``out`` is an error unless
    ``force``. ``progress`` is an object with ``start(total)``, ``advance(n)``
    and ``stop()`` (see ``ProgressBar``), or None. ``chunk_size`` items go to
    a worker at a time; a Parquet part file holds ``part_rows`` articles
    (what a stop can lose, to be done again on resume).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown batch format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sources = open_sources(list(inputs))
    workers = workers or available_cpus()
    sink = make_sink(fmt, out, part_rows)
    _prepare_output(sink, resume, force)
    summary = BatchSummary(output=os.fspath(out), failures_where=sink.failures_where)
    started = time.perf_counter()
    # the engine starts before the output is opened, so a cluster that cannot start leaves no file behind
    engine = _make_engine(scheduler, workers, use_ner, fmt, dask_processes)
    shown = False
    try:
        summary.workers = engine.workers
        done = sink.open(resume)
        _check_resume_matches(sources, done, summary.output)
        if progress is not None:
            total = _total(sources)
            progress.start(None if total is None else max(0, total - len(done)))
            shown = True
        _drive(engine, _chunks(sources, done, chunk_size, summary), sink, summary, progress)
    finally:
        summary.seconds = time.perf_counter() - started
        if shown:
            progress.stop()
        engine.close()
        sink.close()
    return summary


# --- command line --------------------------------------------------------------------------------


class ProgressBar:
    """A rich progress bar on stderr with count, rate and ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        class Rate(TextColumn):
            def render(self, task):  # noqa: D102 - rich's column API
                from rich.text import Text

                return Text(f"{task.speed:.1f} articles/s" if task.speed else "… articles/s")

        self.progress = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                 Rate(""), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
        self.task = None

    def start(self, total: Optional[int]) -> None:
        """Show the bar; ``total`` None when the inputs cannot be counted cheaply (WARC)."""
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total)

    def advance(self, n: int) -> None:
        """Count ``n`` more items finished."""
        self.progress.advance(self.task, n)

    def stop(self) -> None:
        """Leave the final state on screen."""
        self.progress.stop()


def _cmd_batch(args: argparse.Namespace) -> int:
    from .cli import EXIT_FAILURES, EXIT_OK

    show = not args.quiet and sys.stderr.isatty()
    try:
        summary = run_batch(args.inputs, args.output, fmt=args.format, workers=args.workers, resume=args.resume,
                            force=args.force, scheduler=args.scheduler, use_ner=not args.no_ner,
                            chunk_size=args.chunk_size, part_rows=args.part_rows,
                            progress=ProgressBar() if show else None)
    except BatchStopped as exc:
        print(f"thainews batch: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print(f"thainews batch: interrupted; {RESUME_HINT}", file=sys.stderr)
        return 130
    print(f"thainews batch: {summary.line()}", file=sys.stderr)
    return EXIT_FAILURES if summary.n_failed else EXIT_OK


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def add_cli(subparsers) -> None:
    """Add the ``batch`` verb to the ``thainews`` command."""
    p = subparsers.add_parser(
        "batch", help="turn whole archives (directories, JSON Lines, WARC, a crawl store) into records, resumably",
        description="Process every article of the inputs into OUT. INPUT is a directory of .txt/.html "
                    "files, a .jsonl file (url plus html or text per line), a .warc/.warc.gz archive, or the store "
                    "directory of 'thainews crawl'. "
                    "Failed items are listed with their reason in OUT.failures.jsonl (the failures table "
                    "for sqlite) and the run goes on; the exit code is 1 when any failed. Stop at any "
                    "time and run again with --resume to continue.")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output file (jsonl, sqlite) or directory (parquet)")
    p.add_argument("--format", choices=FORMATS, default="jsonl",
                   help="jsonl (default); parquet: a directory of articles/events/people tables; "
                        "sqlite: one database with those tables")
    p.add_argument("--workers", type=_positive, metavar="N",
                   help="worker processes (default: the CPUs available; 1 runs in this process)")
    p.add_argument("--resume", action="store_true", help="continue an earlier run into the same OUT")
    p.add_argument("--force", action="store_true", help="delete an existing OUT and start over")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on Dask: tcp://host:port of a scheduler, or 'local' for a LocalCluster")
    p.add_argument("--no-ner", action="store_true", help="rules only (faster; no trained model)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--chunk-size", type=_positive, default=DEFAULT_CHUNK, metavar="N",
                   help=f"articles per task sent to a worker (default {DEFAULT_CHUNK})")
    p.add_argument("--part-rows", type=_positive, default=DEFAULT_PART_ROWS, metavar="N",
                   help=f"parquet: articles per part file (default {DEFAULT_PART_ROWS})")
    p.set_defaults(func=_cmd_batch)
