"""What every extractor receives: the Doc and a Context about the article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ..text import Doc


@dataclass
class Context:
    """Facts about the article that extractors may use, and where they leave warnings."""

    published: dt.date | None = None
    headline: str | None = None
    headline_span: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)
    #: Fields found by extractors that ran earlier (by registry order).
    found: dict[str, Any] = field(default_factory=dict)
    use_ner: bool = True

    def warn(self, message: str) -> None:
        """Record a warning once."""
        if message not in self.warnings:
            self.warnings.append(message)


ExtractorFn = Callable[[Doc, Context], dict[str, Any]]
