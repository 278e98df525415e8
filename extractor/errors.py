"""The exception tree: every error a user can meet names its input and the problem."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class of all errors raised by thai-news-extractor."""


class InputError(ExtractorError):
    """An input (a path, a page, a string) that cannot be read as an article."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ModelError(ExtractorError):
    """A trained model that is missing or cannot be loaded."""


class LexiconError(ExtractorError):
    """A lexicon data file that is missing or unreadable."""
