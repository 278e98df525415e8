"""The review page's routes: the page itself, articles under ``--root``, and ``POST /gold``.

The page (``extractor/web/``: plain HTML, CSS and JavaScript, no build step)
shows an article with every extracted value highlighted at its span, lets a
person correct the record, and saves it as the article's gold file through
``POST /gold`` (``X.gold.json`` beside ``X.txt``, RECORD.md's gold format,
written atomically; see ``extractor.gold``).

Offsets: spans count code points of the body (Python string indexes) while
JavaScript counts UTF-16 units. Thai is all in the Basic Multilingual Plane,
so they agree for Thai text; the page converts both ways for characters
outside it (emoji), see ``Offsets`` in ``web/app.js``.

Every path a request names is relative to the root folder and must stay
inside it once resolved (``..`` and links out of it are refused).
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import __version__
from .server import ApiError, Limits, Service
from .settings import PACKAGE_DIR

#: The review page: plain HTML, CSS and JavaScript shipped as package data.
WEB_DIR = PACKAGE_DIR / "web"
#: Files the review page lists and opens under ``--root``.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: The review page lists at most this many files.
MAX_LISTED_FILES = 5000


class GoldRequest(BaseModel):
    """A reviewed record (or a gold document) to check and save as the gold file of an article under root."""

    model_config = ConfigDict(extra="forbid")

    path: Optional[str] = Field(None, description="the article, relative to --root (X.txt → X.gold.json "
                                                  "beside it); may be left out with dry_run")
    record: Optional[dict[str, Any]] = Field(None, description="the reviewed ArticleRecord JSON (people may "
                                                               "carry \"optional\": true)")
    gold: Optional[dict[str, Any]] = Field(None, description="a gold document in RECORD.md's format")
    forbidden: list[str] = Field(default_factory=list, description="with record: strings that are not "
                                                                   "the article")
    unannotated: list[str] = Field(default_factory=list, description="with record: event lists to write "
                                                                     "as null (not annotated) while empty")
    dry_run: bool = Field(False, description="check and convert, but write nothing")

    @model_validator(mode="after")
    def _one_source(self) -> "GoldRequest":
        if (self.record is None) == (self.gold is None):
            raise ValueError("give exactly one of record or gold")
        if self.path is None and not self.dry_run:
            raise ValueError("path is required to save (or set dry_run to get the gold back without saving)")
        return self


def resolve_article(root: Path, rel: str) -> Path:
    """The article file ``rel`` under ``root``; ApiError when it is outside root, not an article or missing."""
    if not rel or "\x00" in rel:
        raise ApiError(400, "path: give the article's path relative to the root folder")
    if rel.startswith(("/", "\\")) or Path(rel).is_absolute() or (len(rel) > 1 and rel[1] == ":"):
        raise ApiError(400, f"path: {rel!r} must be relative to the root folder, not absolute")
    full = (root / rel).resolve()
    if not full.is_relative_to(root):
        raise ApiError(403, f"path: {rel!r} is outside the root folder")
    if full.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ApiError(400, f"path: {rel!r} is not an article ({', '.join(ARTICLE_SUFFIXES)})")
    if not full.is_file():
        raise ApiError(404, f"path: no article {rel!r} under the root folder")
    return full


def list_articles(root: Path, limit: int = MAX_LISTED_FILES) -> tuple[list[dict[str, Any]], bool]:
    """Article files under ``root`` (hidden folders skipped, links not followed), and whether cut at ``limit``."""
    from .gold import gold_path_for

    found: list[dict[str, Any]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            p = Path(dirpath) / name
            if len(found) >= limit:
                return found, True
            found.append({"path": p.relative_to(root).as_posix(), "has_gold": gold_path_for(p).is_file()})
    return found, False


def install_review(app: Any, *, service: Service, root_dir: Optional[Path], limits: Limits,
                   deadline: Callable[[], float]) -> None:
    """Add the review page, its static files and its routes to ``app``."""
    from fastapi import Query
    from fastapi.responses import FileResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles

    from . import gold as goldfmt

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    def need_root() -> Path:
        if root_dir is None:
            raise ApiError(404, "no root folder: start the server with --root DIR to open and save articles")
        return root_dir

    @app.get("/review/config", tags=["review"], summary="What the review page needs to know")
    async def review_config() -> dict[str, Any]:
        from .lexicon import load_table

        forms = sorted({r["form"] for r in load_table("honorifics.tsv") if r.get("form")}, key=len, reverse=True)
        return {"root": root_dir.name if root_dir else None, "honorifics": forms, "version": __version__,
                "max_body_bytes": limits.max_body_bytes}

    @app.get("/review/files", tags=["review"], summary="Articles under the root folder")
    async def review_files() -> dict[str, Any]:
        base = need_root()
        files, truncated = await asyncio.get_running_loop().run_in_executor(None, list_articles, base)
        return {"root": base.name, "files": files, "truncated": truncated}

    @app.get("/review/file", tags=["review"], summary="An article under root: its record and its gold file")
    async def review_file(path: str = Query(..., description="relative to the root folder")) -> dict[str, Any]:
        base = need_root()
        article = resolve_article(base, path)
        rel = article.relative_to(base).as_posix()
        record = await service.extract_file(article, rel, deadline())
        gold_file = goldfmt.gold_path_for(article)
        out: dict[str, Any] = {"path": rel, "gold_path": gold_file.relative_to(base).as_posix(),
                               "record": record.model_dump(mode="json"), "gold": None, "review": None,
                               "gold_problems": []}
        if gold_file.is_file() and gold_file.resolve().is_relative_to(base):
            try:
                data = goldfmt.read_gold(gold_file)
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                out["gold_problems"] = [f"{out['gold_path']} cannot be read as JSON: {exc}"]
            else:
                out["gold"] = data
                out["gold_problems"] = goldfmt.validate_gold(data)
                if not out["gold_problems"]:
                    out["review"] = goldfmt.gold_to_review(data, record)
        return out

    @app.post("/gold", tags=["review"], summary="Check a reviewed record and save it as the article's gold file")
    async def save_gold(req: GoldRequest) -> dict[str, Any]:
        """``X.txt`` under root gets ``X.gold.json`` beside it, written atomically."""
        article = gold_file = None
        text_file = gold_id = None
        if req.path is not None:
            base = need_root()
            article = resolve_article(base, req.path)
            gold_file = goldfmt.gold_path_for(article)
            if gold_file.is_symlink() and not gold_file.resolve().is_relative_to(base):
                raise ApiError(403, f"path: the gold file beside {req.path!r} links outside the root folder")
            text_file, gold_id = article.name, article.stem
            if gold_file.is_file():
                try:
                    gold_id = goldfmt.read_gold(gold_file).get("id") or gold_id  # keep the annotator's id
                except (OSError, ValueError, AttributeError):
                    pass
        try:
            if req.record is not None:
                data = goldfmt.record_to_gold(req.record, text_file=text_file,
                                              gold_id=req.record.get("gold_id") or gold_id,
                                              forbidden=req.forbidden, unannotated=req.unannotated)
            else:
                data = goldfmt.gold_json(goldfmt.parse_gold(req.gold))
                if text_file and not data.get("text_file"):
                    data["text_file"] = text_file
        except goldfmt.GoldError as exc:
            return JSONResponse({"detail": exc.problems, "message": "; ".join(exc.problems)}, status_code=422)
        written = False
        if not req.dry_run and gold_file is not None:
            data = goldfmt.write_gold(gold_file, data)
            written = True
        rel = gold_file.relative_to(root_dir).as_posix() if gold_file is not None and root_dir else None
        return {"path": rel, "written": written, "gold": data}
