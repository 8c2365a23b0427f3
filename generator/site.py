"""The page layer: turns the gathered data into HTML pages (placeholder until the website lands)."""

from __future__ import annotations

from pathlib import Path


def render(gathered, out: Path) -> list[str]:
    return []
