"""The review page end to end: a real server on 127.0.0.1 and headless Chromium.

Checks that every highlight covers exactly ``body[span]`` (spans count code
points, JavaScript counts UTF-16 units: the emoji article tells them apart),
that a value's button shows its span, and that a correction and a person
added from a selection end up in the saved gold file.

Skipped when the ``playwright`` package or a Chromium binary is missing
(Debian: ``apt-get install chromium fonts-thai-tlwg``; set THAINEWS_CHROMIUM
to use another binary). ``playwright install`` is never needed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

from extractor.server import BackgroundServer, create_app  # noqa: E402

CHROMIUM = os.environ.get("THAINEWS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set THAINEWS_CHROMIUM)",
                allow_module_level=True)


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "fx_001_lampang_tree_planting.txt"

# invented names; emoji (outside the BMP: two UTF-16 units each) before most values
EMOJI_ARTICLE = """วันจันทร์ที่ 6 มีนาคม 2566

😀🎉 บ้านนา จัดอบรมอาชีพเลี้ยงไก่ไข่ให้เกษตรกรในพื้นที่ 🐔🐔
เมื่อวันที่ 3 มีนาคม 2566 เวลา 09.30 น. ณ หอประชุมอำเภอบ้านนา อำเภอบ้านนา จังหวัดนครนายก 👍 นายสมศักดิ์ ทองดีเลิศ นายอำเภอบ้านนา เป็นประธานเปิดการอบรมโครงการส่งเสริมอาชีพเลี้ยงไก่ไข่ โดยมีวัตถุประสงค์เพื่อเพิ่มรายได้ให้เกษตรกร 🙏 โดยมี นางสาวมณีรัตน์ แสงอรุณ เกษตรอำเภอบ้านนา กล่าวรายงาน มีเกษตรกรเข้าร่วม 40 คน ได้แก่ นางบัวผัน ใจงาม 🐣 และนายเสกสรร พรมมา
"""
ADDED = "นายเสกสรร พรมมา"  # the extractor misses this participant; the test adds it from a selection

HIGHLIGHTS_JS = """() => {
  const S = window.thainewsReview.state;
  const art = document.querySelector('#article');
  return {
    text: art.textContent,
    values: S.values.filter(v => v.u).map(v => ({
      id: v.id, span: v.span,
      dom: [...art.querySelectorAll(`mark[data-v~="${CSS.escape(v.id)}"]`)].map(m => m.textContent).join(''),
    })),
  };
}"""

SELECT_JS = """([start, end]) => {
  const art = document.querySelector('#article');
  const walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, started = false, node;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!started && start < pos + len) { range.setStart(node, start - pos); started = true; }
    if (started && end <= pos + len) { range.setEnd(node, end - pos); break; }
    pos += len;
  }
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  art.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


def utf16(text: str, i: int) -> int:
    """The UTF-16 offset of code point ``i`` of ``text`` (what a DOM offset counts)."""
    return len(text[:i].encode("utf-16-le")) // 2


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("review")
    (d / "emoji.txt").write_text(EMOJI_ARTICLE, encoding="utf-8")
    if FIXTURE.is_file():
        shutil.copy(FIXTURE, d / FIXTURE.name)
    return d


@pytest.fixture(scope="module")
def base_url(root):
    with BackgroundServer(create_app(root=root, use_ner=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    p.set_default_timeout(15_000)
    yield p
    p.close()


def open_article(page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/?file={name}")
    page.wait_for_selector("#article mark")


def record_body(root: Path, name: str) -> str:
    from extractor.pipeline import extract_file

    return extract_file(root / name, use_ner=False).body


@pytest.mark.parametrize("name,least", [("emoji.txt", 8), (FIXTURE.name, 10)])
def test_highlights_cover_exactly_the_spans(page, base_url, root, name, least):
    if not (root / name).is_file():
        pytest.skip(f"{name} is not among the fixtures")
    open_article(page, base_url, name)
    body = record_body(root, name)
    got = page.evaluate(HIGHLIGHTS_JS)
    assert got["text"] == body  # the article element is the body, character for character
    assert len(got["values"]) >= least
    for v in got["values"]:
        s, e = v["span"]
        assert v["dom"] == body[s:e], v["id"]
    if name == "emoji.txt":  # values after the emoji would be shifted if code points were taken as UTF-16 units
        assert any(v["span"][0] > body.index("👍") for v in got["values"])


def test_a_value_button_shows_its_span(page, base_url):
    open_article(page, base_url, "emoji.txt")
    page.click('#record button[data-loc="officials.0"]')
    page.wait_for_selector('#article mark.flash[data-v~="officials.0"]')
    flashed = page.eval_on_selector_all("#article mark.flash", "ms => ms.map(m => m.textContent).join('')")
    assert flashed == "นายสมศักดิ์ ทองดีเลิศ"


def test_correct_add_from_selection_and_save(page, base_url, root):
    open_article(page, base_url, "emoji.txt")
    body = record_body(root, "emoji.txt")
    i = body.index(ADDED)

    # correct a field in the record panel
    page.fill('#record [data-id="officials.0"] input.position', "นายอำเภอบ้านนา จังหวัดนครนายก")
    page.fill("#record input.time", "10:00")

    # select a missed name in the article and add it with the toolbar
    page.evaluate(SELECT_JS, [utf16(body, i), utf16(body, i + len(ADDED))])
    page.wait_for_selector("#seltools:not([hidden])")
    page.click('#seltools button[data-add="participant"]')
    added = page.evaluate("() => window.thainewsReview.state.rec.events[0].participants.people.at(-1)")
    assert added["span"] == [i, i + len(ADDED)]  # a selection's offsets come back as code points
    assert (added["honorific"], added["name"], added["position"]) == ("นาย", "เสกสรร พรมมา", None)
    last = page.evaluate("() => window.thainewsReview.state.rec.events[0].participants.people.length - 1")
    marked = page.eval_on_selector_all('#article mark[data-v~="participants.%d"]' % last,
                                       "ms => ms.map(m => m.textContent).join('')")
    assert marked == ADDED

    page.click("#save")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('saved')")
    gold = json.loads((root / "emoji.gold.json").read_text(encoding="utf-8"))
    assert gold["text_file"] == "emoji.txt" and gold["id"] == "emoji"
    assert gold["event"]["time"] == "10:00"
    assert gold["event"]["officials"][0]["position"] == "นายอำเภอบ้านนา จังหวัดนครนายก"
    assert {"honorific": "นาย", "name": "เสกสรร พรมมา", "position": None} in gold["event"]["participants"]

    # opened again, the page shows the saved gold, with the added name found in the text
    page.reload()
    page.wait_for_selector("#article mark")
    assert page.is_visible("#reextract")
    people = page.evaluate("() => window.thainewsReview.state.rec.events[0].participants.people")
    assert [p["span"] for p in people if p["name"] == "เสกสรร พรมมา"] == [[i + 3, i + len(ADDED)]]
