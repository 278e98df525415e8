"""What one article may cost: input size caps and a time deadline, so one bad page cannot stall a batch.

Two kinds of bound:

* **Size caps** (``settings.MAX_HTML_BYTES``, ``settings.MAX_TEXT_CHARS``): a page or a text over
  the cap is cut before the expensive steps (HTML parsing, extraction), and the record says so in
  a warning. ``pipeline.read_article`` applies them to every input.
* **A deadline** (``settings.ARTICLE_TIME_BUDGET`` seconds). ``deadline()`` arms it:

  - *hard* in the main thread on POSIX: a ``SIGALRM`` timer raises ``BudgetExceeded`` wherever the
    code is, even inside a regular expression that backtracks for minutes;
  - *cooperative* elsewhere (worker threads, Windows): ``expired()`` turns True and ``assemble``
    checks it between extractors, so a slow step is not followed by the next one, but a step that
    never returns is not stopped.

  ``assemble`` always runs the extractors under ``deadline()``. ``extract_within()`` (what
  ``extract()``, ``extract_file()`` and the CLI call) and ``process_item_within()`` (what each
  batch worker calls) put the reading (HTML parsing) under it too.

What an overrun becomes (the documented contract):

* In the extractors (any entry point): **a record** with what was found before the stop and the
  warning ``extraction stopped after N s (time budget, THAINEWS_TIME_BUDGET); …``.
* While the article is still being read (no body yet, so nothing to point spans into):
  ``extract_within()`` raises ``InputError`` naming the input; ``process_item_within()`` (batch)
  returns **a failure** with reason ``time_budget_exceeded`` — the item is listed with the
  failures and the batch goes on.

Known slow input: BeautifulSoup's tree builder re-links the deepest descendant each time text
lands in an already closed element, so tag soup nested thousands deep (``<a href=<b>`` repeated)
parses in time quadratic in its size (2.4 s for 128 KB). Real pages are far from that; the
deadline is what bounds it.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import settings

if TYPE_CHECKING:  # imported lazily at run time: pipeline and batch import this module
    from .article import Article
    from .batch import ItemResult
    from .batch_inputs import InputItem
    from .records import ArticleRecord

log = logging.getLogger(__name__)

#: The batch failure reason of an item whose page could not even be read within the budget.
TIME_BUDGET_EXCEEDED = "time_budget_exceeded"
#: A text cut for size ends at the last line break when one is this close to the cap (fraction).
_LINE_BREAK_SLACK = 0.2


class BudgetExceeded(BaseException):
    """An article ran past its time budget.

    A ``BaseException`` (like ``KeyboardInterrupt``) on purpose: broad ``except Exception``
    handlers in extractors must not swallow it and run on past the deadline. It is raised once
    per deadline; should something swallow it all the same, ``expired()`` still stops the
    extractors that come after.
    """

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        super().__init__(f"{what} ran past its time budget of {seconds:g} s")


# ---------------------------------------------------------------------------------------- deadline

_local = threading.local()


@dataclass
class _Deadline:
    end: float      # time.monotonic() when it passes
    seconds: float
    what: str
    hard: bool      # whether this deadline armed the SIGALRM timer


def _stack() -> list[_Deadline]:
    """This thread's active deadlines, innermost last."""
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def remaining() -> float | None:
    """Seconds left before the nearest active deadline of this thread; None when none is active."""
    stack = _stack()
    if not stack:
        return None
    return min(d.end for d in stack) - time.monotonic()


def expired() -> bool:
    """Whether an active deadline of this thread has passed (the cooperative check)."""
    left = remaining()
    return left is not None and left <= 0


def hard_guard_available() -> bool:
    """Whether ``deadline()`` can interrupt running code here: POSIX timers, in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class deadline:  # noqa: N801 - used like a function: ``with deadline(5): ...``
    """Run a ``with`` block under a deadline of ``seconds`` (default ``settings.ARTICLE_TIME_BUDGET``).

    ``with deadline(5) as hard:`` — ``hard`` is True when the deadline interrupts (``BudgetExceeded``
    is raised inside the block when time is up, once), False when it is cooperative only
    (``expired()`` turns True; see the module doc). Deadlines nest; an outer ``SIGALRM`` timer
    (pytest-timeout, the caller's own) is restored on exit, and when it would fire first this
    block leaves it alone and is cooperative.

    A class, not a generator: an alarm that arrives while the block is being set up or taken down
    must not skip the clean-up (the handler does not raise inside these methods).
    """

    def __init__(self, seconds: float | None = None, what: str = "extraction") -> None:
        self.seconds = settings.ARTICLE_TIME_BUDGET if seconds is None else seconds
        if self.seconds <= 0:
            raise ValueError("a deadline needs a positive number of seconds")
        self.what = what
        self.armed = False

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if frame is not None and frame.f_code in _QUIET_CODES:
            return  # the block is being set up or taken down: nothing left to interrupt
        raise BudgetExceeded(self.seconds, self.what)

    def __enter__(self) -> bool:
        self.started = time.monotonic()
        hard = False
        self.old_delay = self.old_interval = 0.0
        if hard_guard_available():
            self.old_delay, self.old_interval = signal.getitimer(signal.ITIMER_REAL)
            hard = not (0 < self.old_delay <= self.seconds)
        _stack().append(_Deadline(self.started + self.seconds, self.seconds, self.what, hard))
        if hard:
            self.old_handler = signal.getsignal(signal.SIGALRM)
            self.armed = True
            signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)  # one shot (see BudgetExceeded)
        return hard

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            old = self.old_handler
            signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
            if self.old_delay > 0:  # give the outer timer back what it had left (at least a tick)
                left = max(self.old_delay - (time.monotonic() - self.started), 1e-3)
                signal.setitimer(signal.ITIMER_REAL, left, self.old_interval)
            self.armed = False
        _stack().pop()


#: Code in which an alarm is let pass: setting a deadline up and taking it down.
_QUIET_CODES = frozenset({deadline.__enter__.__code__, deadline.__exit__.__code__, deadline._on_alarm.__code__,
                          _stack.__code__})


# -------------------------------------------------------------------------------------- size caps

def _cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: a line break near the cap, else the
    cap itself moved back off combining marks (a Thai vowel or tone mark is never orphaned)."""
    nl = text.rfind("\n", int(limit * (1 - _LINE_BREAK_SLACK)), limit)
    if nl > 0:
        return nl
    cut = limit
    while cut > 0 and unicodedata.category(text[cut]) in ("Mn", "Mc", "Me"):
        cut -= 1
    return cut


def cap_text(text: str, limit: int | None = None) -> tuple[str, str | None]:
    """``text`` cut to ``settings.MAX_TEXT_CHARS`` (or ``limit``), and the warning when it was cut."""
    limit = settings.MAX_TEXT_CHARS if limit is None else limit
    if len(text) <= limit:
        return text, None
    cut = _cut_point(text, limit)
    return text[:cut], (f"the article text is longer than {limit:,} characters; only the first {cut:,} "
                        "were read (limit THAINEWS_MAX_TEXT_CHARS)")


def cap_text_bytes(data: bytes, limit: int | None = None) -> bytes:
    """Raw text cut to 4 × ``settings.MAX_TEXT_CHARS`` bytes (no encoding takes more per character)
    at a line break or a character boundary, so decoding a huge file stays cheap; ``cap_text``
    then cuts the decoded text to the cap and says so."""
    limit = 4 * (settings.MAX_TEXT_CHARS if limit is None else limit)
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    if cut <= 0:
        cut = limit
        while cut > 0 and 0x80 <= data[cut] <= 0xBF:  # not inside a UTF-8 sequence
            cut -= 1
    return data[:cut]


def cap_html(page: str | bytes, limit: int | None = None) -> tuple[str | bytes, str | None]:
    """``page`` cut to ``settings.MAX_HTML_BYTES`` (or ``limit``) before the last tag that starts
    under the cap, and the warning when it was cut. A str is measured in characters."""
    limit = settings.MAX_HTML_BYTES if limit is None else limit
    if len(page) <= limit:
        return page, None
    lt = page.rfind(b"<" if isinstance(page, bytes) else "<", 0, limit)  # type: ignore[arg-type]
    cut = lt if lt > limit // 2 else limit  # a tag boundary is always ASCII: no split character
    unit = "bytes" if isinstance(page, bytes) else "characters"
    return page[:cut], (f"the page is {len(page):,} {unit}, over the limit of {limit:,}; only the first "
                        f"{cut:,} were read (limit THAINEWS_MAX_HTML_BYTES)")


def cap_article(article: "Article", limit: int | None = None) -> None:
    """Cut an Article's body (from a page) to ``settings.MAX_TEXT_CHARS``, keeping zone and headline
    span inside it, with a warning."""
    body, note = cap_text(article.body, limit)
    if note is None:
        return
    n = len(body)
    article.body = body
    zs, ze = article.zone
    article.zone = (min(zs, n), min(ze, n))
    if article.headline_span and article.headline_span[1] > n:
        article.headline_span = None
    article.warnings.append(note)


# ------------------------------------------------------------------------------- guarded entry points

def _overrun_note(exc: BudgetExceeded) -> str:
    return (f"time budget exceeded: the article could not even be read within {exc.seconds:g} s "
            "(THAINEWS_TIME_BUDGET); nothing was extracted")


def extract_within(text_or_html: str | bytes, *, seconds: float | None = None, url: str | None = None,
                   published: dt.date | str | None = None, use_ner: bool = True,
                   source: str = "<input>", html: bool | None = None,
                   source_file: str | None = None) -> "ArticleRecord":
    """Read and extract one article under a deadline (what ``extract`` and ``extract_file`` run).

    See the module doc for what an overrun gives. Raises ``InputError`` naming ``source`` when
    the time ran out before the article was read.
    """
    from . import pipeline
    from .assemble import assemble
    from .errors import InputError

    if use_ner:  # loading the model takes seconds once per process: not part of any article's budget
        from . import ner

        ner.preload()
    record = None
    try:
        with deadline(seconds, what=f"extraction of {source}"):
            article = pipeline.read_article(text_or_html, url=url, published=published, source=source, html=html)
            # an overrun inside the extractors is handled by assemble: a record with a warning
            record = assemble(article, source_file=source_file, use_ner=use_ner)
    except BudgetExceeded as exc:
        if record is None:  # reading ran out of time: there is no body to make a record of
            raise InputError(source, _overrun_note(exc)) from None
    return record


def process_item_within(item: "InputItem", *, seconds: float | None = None,
                        use_ner: bool = True) -> "ItemResult":
    """``batch.process_item`` under a deadline: an overrun while reading is a failure with reason
    ``time_budget_exceeded``; an overrun in the extractors is a record with a warning."""
    from .batch import ItemResult, process_item

    result = None
    try:
        with deadline(seconds, what=f"extraction of {item.id}"):
            result = process_item(item, use_ner=use_ner)
    except BudgetExceeded as exc:
        if result is None:
            log.warning("%s: %s", item.id, _overrun_note(exc))
            result = ItemResult(item.id, reason=TIME_BUDGET_EXCEEDED, detail=_overrun_note(exc))
    return result
