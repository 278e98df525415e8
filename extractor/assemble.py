"""Run the extractors over an Article and assemble the ArticleRecord."""

from __future__ import annotations

import logging
import time

from . import budget, settings
from .article import Article
from .extractors import load_all
from .extractors.base import Context
from .records import ArticleRecord, Event
from .text import Doc

log = logging.getLogger(__name__)


def assemble(article: Article, *, source_file: str | None = None, use_ner: bool = True,
             time_budget: float | None = None) -> ArticleRecord:
    """Extract the main event of ``article`` and build its record.

    Extractors run in registry order; each sees the fields found before it in
    ``ctx.found``. An extractor that fails, or the article running past its
    time budget (``time_budget`` seconds, default ``settings.ARTICLE_TIME_BUDGET``;
    see ``extractor.budget``), leaves a warning on the record instead of
    losing the article.
    """
    limit = max(settings.ARTICLE_TIME_BUDGET if time_budget is None else time_budget, 1e-3)
    ctx = Context(
        published=article.published,
        headline=article.headline,
        headline_span=article.headline_span,
        warnings=list(article.warnings),
        use_ner=use_ner,
    )
    if use_ner:  # load the model once per process outside the time budget (it takes seconds)
        from . import ner

        ner.preload()
    fields: dict = {}
    started = time.perf_counter()
    name = "the first extractor"
    try:
        # hard in the main thread on POSIX (a runaway step is interrupted), else cooperative
        with budget.deadline(limit, what="extraction"):
            doc = Doc(article.body, zone=article.zone)
            for name, fn in load_all().items():
                if budget.expired():  # the cooperative check: this budget or an outer deadline
                    ctx.warn(_stopped(time.perf_counter() - started, f"skipped: {name} and later steps"))
                    break
                try:
                    found = fn(doc, ctx)
                except Exception as exc:  # one broken rule must not lose the article
                    log.exception("extractor %s failed", name)
                    ctx.warn(f"extractor {name!r} failed on this article: {type(exc).__name__}: {exc}")
                    continue
                fields.update({k: v for k, v in found.items() if v is not None or k not in fields})
                ctx.found.update(found)
    except budget.BudgetExceeded:  # a step was interrupted: keep what was found before it
        ctx.warn(_stopped(time.perf_counter() - started, f"{name} was interrupted; it and later steps skipped"))
    event = Event(title=article.headline, **{k: v for k, v in fields.items() if k in Event.model_fields})
    return ArticleRecord(
        url=article.url,
        source_file=source_file,
        headline=article.headline,
        published=article.published.isoformat() if article.published else None,
        publisher=article.publisher,
        reporter=article.reporter,
        body=article.body,
        events=[event],
        warnings=ctx.warnings,
    )


def _stopped(elapsed: float, what: str) -> str:
    """The warning of an article that ran out of time, in words a user can act on."""
    return (f"extraction stopped after {elapsed:.1f} s (time budget, THAINEWS_TIME_BUDGET); {what}. "
            "The fields found before the stop are kept.")
