"""The reading flow: what is new since last time, retention, export.

Commands stay thin (newscli/cli/reading.py); the rules live here so tests
call them without a terminal.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from newscli.archive.archive import Archive
from newscli.archive.filters import Filters
from newscli.dates import utc_key
from newscli.model import Article

# The high-water mark of `news new` in the store's meta table (one per data home).
NEW_MARK = "new_mark"


def new_articles(archive: Archive, limit: int | None = None, peek: bool = False) -> list[Article]:
    """Articles stored since the last `news new`, newest first. Unless
    ``peek``, they are claimed: the next call starts after them. With a
    ``limit`` the oldest unseen are claimed first, so none is ever skipped."""
    claimed = archive.store.new_articles(NEW_MARK, limit, claim=not peek)
    # Claimed in the order stored (a sync stores as it fetches, not by date);
    # shown by publication, newest first, the undated (by fetch time) last.
    return sorted(claimed, key=lambda a: (bool(a.published), utc_key(a.published or a.fetched) or ""),
                  reverse=True)


def prune(archive: Archive, cutoff: datetime, dry_run: bool = False) -> list[Article]:
    """Remove articles published (undated: fetched) before ``cutoff`` from the
    store and the index, under the write lock. Starred articles are always kept.
    Returns what was (or, with ``dry_run``, would be) removed."""
    stamp = utc_key(cutoff.isoformat()) or ""   # (never empty: a datetime has an ISO form)
    if dry_run:   # it only reads: no lock, so a read-only data home can be asked too
        ids = archive.store.older_than(stamp, keep_starred=True)
        doomed = list(archive.store.get_many(ids).values())
        return sorted(doomed, key=lambda a: (a.published or "", a.id))
    with archive.writing():
        ids = archive.store.older_than(stamp, keep_starred=True)
        doomed = list(archive.store.get_many(ids).values())
        if not dry_run and ids:
            # The index first: killed in between, the articles are still stored
            # (not searchable), and the next prune finds and removes them.
            archive.index.delete(ids)
            # `news star` takes the write lock too, so none is starred meanwhile;
            # the DELETE still leaves starred rows alone (and they go back into
            # the index): a starred article is never removed.
            deleted = archive.store.delete(ids, keep_starred=True)
            kept = [i for i in ids if i not in deleted]
            if kept:
                archive.index_missing(kept)
                doomed = [a for a in doomed if a.id in deleted]
    return sorted(doomed, key=lambda a: (a.published or "", a.id))


def export(archive: Archive, filters: Filters, fmt: str, out: IO[str]) -> int:
    """Write every article matching ``filters`` to ``out`` (oldest first),
    one at a time: memory stays flat however large the archive."""
    from newscli.formats import FORMATTERS, SEPARATORS

    render, separator = FORMATTERS[fmt], SEPARATORS[fmt]
    n = 0
    for article in archive.store.iter_query(filters, order="oldest", with_text=True):
        if n and separator:
            out.write(separator)
        out.write(render(article))
        n += 1
    return n


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` only once fully written."""
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
