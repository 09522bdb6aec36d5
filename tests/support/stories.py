"""Made-up articles, stored straight into a data home, for tests that need a few."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscli.archive.archive import Archive
from newscli.config import Home
from newscli.model import Article


def article(n: int, published: datetime | None = None, **fields) -> Article:
    """Story number ``n``, published ``n`` days after 1 January 2024 unless told."""
    published = published or datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=n)
    values = {"url": f"https://paper.example/story/{n}", "title": f"Story number {n}", "lang": "en",
              "text": f"Body of story {n}. " * 30, "published": published.isoformat(timespec="seconds"),
              "fetched": published.isoformat(timespec="seconds")}
    values.update(fields)
    return Article(**values).finish()


def save(home: Path, articles: Iterable[Article]) -> None:
    with Archive(Home(home), create=True) as archive, archive.writing():
        archive.save((a, None) for a in articles)
