"""Take a screenshot of the review page on one fixture article (for the README).

    .venv/bin/python bench/screenshot_review.py                       # -> docs/review-page.png
    .venv/bin/python bench/screenshot_review.py --article fixtures/articles/fx_002_ratchaburi_otop_fair.txt

Needs the ``playwright`` Python package and a Chromium (Debian: ``apt-get install
chromium fonts-thai-tlwg``); ``playwright install`` is not needed. The server runs
in this process on an ephemeral port with the article's folder as ``--root``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.server import BackgroundServer, create_app  # noqa: E402

DEFAULT_ARTICLE = ROOT / "fixtures" / "articles" / "fx_001_lampang_tree_planting.txt"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

log = logging.getLogger("screenshot_review")


def screenshot(article: Path, out: Path, chromium: str, width: int, height: int) -> None:
    """Open ``article`` in the review page (what the extractor finds, not its gold) and save a PNG to ``out``."""
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="thainews-shot-"))
    shutil.copy(article, root / article.name)  # alone, without its gold file: the page shows the extraction
    app = create_app(root=root)
    with BackgroundServer(app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto(f"{url}/?file={article.name}")
            page.wait_for_selector("#article mark", timeout=30_000)
            page.wait_for_function("document.fonts.ready.then(() => true)")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()
            shutil.rmtree(root, ignore_errors=True)
    log.info("wrote %s", out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-page.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    screenshot(args.article.resolve(), args.out, args.chromium, args.width, args.height)
    return 0


if __name__ == "__main__":
    sys.exit(main())
