"""HTML page → Article. (A first cut: title and paragraph text; deepened by the HTML work.)"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from .article import Article, read_text


def read_html(raw: str | bytes, *, url: str | None = None) -> Article:
    """Read a news page: headline from ``<h1>``/``<title>``, body from its block text."""
    soup = BeautifulSoup(raw, "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = (h1.get_text(" ", strip=True) if h1 else None) or (
        soup.title.get_text(" ", strip=True) if soup.title else None)
    root = soup.find("article") or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    blocks = [b.get_text(" ", strip=False) for b in root.find_all(["p", "li", "h2", "h3", "td"])] or [root.get_text("\n")]
    text = "\n".join(re.sub(r"[ \t]+", " ", b).strip() for b in blocks if b.strip())
    art = read_text(((title + "\n") if title else "") + text, url=url)
    return art
