"""Shared test fixtures: paths of our fixtures and of ../shared (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

pytest_plugins = ["eval_report_plugin"]  # prints the accuracy gate's scores in the summary

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("THAINEWS_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_b22370abc6a28aa9.txt"
THAIGOV_DEV = SHARED / "data" / "thaigov" / "dev"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    if not SEED.is_file():
        pytest.skip("the seed article is not in ../shared/seed")
    return SEED


@pytest.fixture(scope="session")
def thaigov_dev(shared_dir: Path) -> Path:
    if not THAIGOV_DEV.is_dir():
        pytest.skip("../shared/data/thaigov/dev is not present")
    return THAIGOV_DEV
