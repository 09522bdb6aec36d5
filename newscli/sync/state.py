"""What sync remembers between runs, in the store's ``fetch_state`` and ``http_cache``.

Every article URL discovery finds gets a ``fetch_state`` row at once, queued
as ``pending`` (or ``changed``, when its sitemap <lastmod> moves on after it
was fetched); fetching moves it to ``done``, ``skipped`` (not news), ``gone``
(404/410) or ``failed`` (retried by later runs, up to :data:`MAX_ATTEMPTS`). Because the queue is in the store, a run killed at any
point leaves the rest of its work queued, and the next run starts there.

A sitemap's validators (ETag, Last-Modified) are remembered only once all of
its URLs are queued, so a 304 always means "nothing here you have not queued".
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from newscli.archive.store import Store
from newscli.dates import utc_stamp
from newscli.sync.sitemaps import Entry
from newscli.urls import canonical_url

MAX_ATTEMPTS = 5
PAGE_SIZE = 500
# Statuses a newer sitemap <lastmod> sends back to the queue.
_SETTLED = ("done", "skipped", "gone", "failed")


# Rows still to fetch (failed ones while attempts < MAX_ATTEMPTS).
_WAITING = "status IN ('pending', 'changed', 'failed') AND attempts < ?"


@dataclass
class Queued:
    url: str
    status: str           # pending, changed or failed
    lastmod: str | None   # ISO UTC
    seq: int              # queue order
    attempts: int


@dataclass
class Cached:
    etag: str | None
    last_modified: str | None
    checked: datetime | None   # when it was last read in full (or answered 304)
    listed_lastmod: str | None  # the <lastmod> its sitemap index gave then
    body: bytes | None


@dataclass
class RecordCounts:
    new: int = 0       # never seen before: queued
    changed: int = 0   # seen, but its sitemap <lastmod> moved on since: queued again
    known: int = 0     # seen and unchanged (or already stored)


class SyncState:
    """The queue and HTTP validators of one site, on the store's connection
    (one thread only: the sync's main thread)."""

    def __init__(self, store: Store, site: str):
        self.conn = store.conn
        self.site = site
        self.last_seq = self.conn.execute("SELECT coalesce(max(queued), 0) FROM fetch_state").fetchone()[0]

    # -- the queue ----------------------------------------------------------

    def record(self, entries: Iterable[Entry], counts: RecordCounts) -> None:
        """Queue the article URLs of one discovery source (one transaction)."""
        now = utc_stamp()
        with self.conn:
            for entry in entries:
                url = canonical_url(entry.loc)
                lastmod = utc_stamp(entry.lastmod) if entry.lastmod else None
                row = self.conn.execute(
                    "SELECT status, lastmod FROM fetch_state WHERE url = ?", (url,)
                ).fetchone()
                if row is None:
                    stored = self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
                    self.conn.execute(
                        "INSERT INTO fetch_state (url, site, status, first_seen, lastmod, queued) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (url, self.site, "done" if stored else "pending", now, lastmod, self._next_seq()),
                    )
                    if stored:
                        counts.known += 1
                    else:
                        counts.new += 1
                elif lastmod and row["status"] in _SETTLED and row["lastmod"] and lastmod > row["lastmod"]:
                    self.conn.execute(
                        "UPDATE fetch_state SET status = 'changed', lastmod = ?, attempts = 0, queued = ? "
                        "WHERE url = ?", (lastmod, self._next_seq(), url),
                    )
                    counts.changed += 1
                else:
                    if lastmod:
                        self.conn.execute("UPDATE fetch_state SET lastmod = ? WHERE url = ?", (lastmod, url))
                    counts.known += 1

    def _next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

    def queued(self, after: int) -> Iterator[Queued]:
        """URLs waiting to be fetched, queued after ``after``, in queue order.
        Read a page at a time, so it sees rows recorded while it runs."""
        while True:
            rows = self.conn.execute(
                "SELECT url, status, lastmod, queued, attempts FROM fetch_state "
                f"WHERE site = ? AND {_WAITING} AND queued > ? "
                "ORDER BY queued LIMIT ?",
                (self.site, MAX_ATTEMPTS, after, PAGE_SIZE),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Queued(row["url"], row["status"], row["lastmod"], row["queued"], row["attempts"])
            after = rows[-1]["queued"]

    def count_waiting(self) -> int:
        return self.conn.execute(
            f"SELECT count(*) FROM fetch_state WHERE site = ? AND {_WAITING}",
            (self.site, MAX_ATTEMPTS),
        ).fetchone()[0]

    def stored_id(self, url: str) -> str | None:
        """The id of the stored article at ``url``, if any."""
        row = self.conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def finish(self, results: Iterable[tuple[str, str, int | None, str | None, str | None]]) -> None:
        """Record fetch results: (url, status, http_status, reason, article_id)."""
        now = utc_stamp()
        with self.conn:
            self.conn.executemany(
                "UPDATE fetch_state SET status = ?, http_status = ?, reason = ?, article_id = ?, "
                "attempts = attempts + 1, last_attempt = ? WHERE url = ?",
                [(status, http, reason, article_id, now, url) for url, status, http, reason, article_id in results],
            )

    # -- HTTP validators ------------------------------------------------------

    def cached(self, url: str) -> Cached | None:
        row = self.conn.execute(
            "SELECT etag, last_modified, checked, listed_lastmod, body FROM http_cache WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        checked = datetime.fromisoformat(row["checked"]) if row["checked"] else None
        body = zlib.decompress(row["body"]) if row["body"] else None
        return Cached(row["etag"], row["last_modified"], checked, row["listed_lastmod"], body)

    def remember(self, url: str, etag: str | None, last_modified: str | None,
                 listed_lastmod: datetime | None = None, body: bytes | None = None) -> None:
        """``url`` was read in full now; keep its validators, the <lastmod> its
        index gave it, and ``body`` if given."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, checked, listed_lastmod, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (url, etag, last_modified, utc_stamp(), utc_stamp(listed_lastmod) if listed_lastmod else None,
                 zlib.compress(body, 6) if body else None),
            )

    def touch(self, url: str, listed_lastmod: datetime | None = None) -> None:
        """``url`` answered 304: unchanged as of now (and as of its index's <lastmod>)."""
        with self.conn:
            self.conn.execute(
                "UPDATE http_cache SET checked = ?, listed_lastmod = coalesce(?, listed_lastmod) WHERE url = ?",
                (utc_stamp(), utc_stamp(listed_lastmod) if listed_lastmod else None, url),
            )

