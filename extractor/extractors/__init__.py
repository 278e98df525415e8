"""Extractors: one module per kind of value, each registered by name.

An extractor is a function ``(doc, ctx) -> dict`` returning some fields of an
``Event`` (``{"date": DateValue, "time": TimeValue}``, ``{"venue": Venue}``
...). It reads only ``doc.zone`` of the body, adds warnings to
``ctx.warnings`` and never raises for odd text. ``assemble`` runs them in
registry order and merges their fields into the main event, so a new or
deeper extractor is added here without touching the others.
"""

from __future__ import annotations

from typing import Callable

from .base import Context, ExtractorFn

REGISTRY: dict[str, ExtractorFn] = {}

#: Extractor modules, in the order they run (a later one may read ``ctx.found``).
MODULES: tuple[str, ...] = ("dates", "main_event", "people", "participants", "venues", "organizers", "objectives", "ner_entities")


def register(name: str) -> Callable[[ExtractorFn], ExtractorFn]:
    """Decorator: register an extractor function under ``name``."""

    def wrap(fn: ExtractorFn) -> ExtractorFn:
        REGISTRY[name] = fn
        return fn

    return wrap


def load_all() -> dict[str, ExtractorFn]:
    """Import every extractor module (which registers it); the registry in ``MODULES`` order.

    The order comes from ``MODULES``, not from which module happened to be
    imported first (a test or a caller may import one early).
    """
    import importlib

    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
    rank = {f"{__name__}.{m}": i for i, m in enumerate(MODULES)}
    ordered = sorted(REGISTRY.items(), key=lambda kv: rank.get(kv[1].__module__, len(rank)))
    if list(REGISTRY) != [name for name, _ in ordered]:
        REGISTRY.clear()
        REGISTRY.update(ordered)
    return REGISTRY


__all__ = ["Context", "ExtractorFn", "REGISTRY", "register", "load_all"]
