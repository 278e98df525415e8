"""Options and paths shared by the package: data files, models, tokenizer engine."""

from __future__ import annotations

import os
from pathlib import Path

# Nothing in this package may download at run time; PyThaiNLP honours this.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MODELS_DIR = Path(os.environ.get("THAINEWS_MODELS", PACKAGE_DIR.parent / "models"))

#: PyThaiNLP word tokenizer engine: "newmm" (default) or "nlpo3" (Rust, when installed).
TOKENIZER_ENGINE = os.environ.get("THAINEWS_TOKENIZER", "newmm")

#: Seconds the extractors may spend on one article before they stop with a warning; in the main
#: thread on POSIX a step still running then is interrupted (see ``extractor.budget``).
ARTICLE_TIME_BUDGET = float(os.environ.get("THAINEWS_TIME_BUDGET", "5"))

#: Largest HTML page read, in bytes (characters for a str); a bigger page is cut with a warning
#: before parsing. News pages are 0.1-1.5 MB; parsing costs about 0.7 s per MB.
MAX_HTML_BYTES = int(os.environ.get("THAINEWS_MAX_HTML_BYTES", "5000000"))

#: Longest article text read, in characters; a longer text (or page body) is cut with a warning.
#: A long Thai news article is 20,000 characters; extraction costs about 3 ms per KB.
MAX_TEXT_CHARS = int(os.environ.get("THAINEWS_MAX_TEXT_CHARS", "300000"))
