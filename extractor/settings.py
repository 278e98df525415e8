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

#: Seconds one article may take before extraction stops with a warning.
ARTICLE_TIME_BUDGET = float(os.environ.get("THAINEWS_TIME_BUDGET", "5"))
