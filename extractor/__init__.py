"""thai-news-extractor: Thai provincial news posts → structured event records.

>>> from extractor import extract
>>> record = extract(text)            # plain text or HTML
>>> record.events[0].date.start       # '2022-11-10'
"""

from __future__ import annotations

from . import settings  # noqa: F401  (sets PYTHAINLP_OFFLINE before PyThaiNLP loads)
from .errors import ExtractorError, InputError
from .pipeline import extract, extract_file, extract_many
from .records import ArticleRecord, DateValue, Event, NamedSpan, Participants, Person, TextSpan, TimeValue, Venue

__version__ = "0.1.0"

__all__ = [
    "extract", "extract_file", "extract_many",
    "ArticleRecord", "Event", "Person", "Participants", "Venue", "DateValue", "TimeValue",
    "NamedSpan", "TextSpan", "ExtractorError", "InputError", "__version__",
]
