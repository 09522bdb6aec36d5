"""Breaking news: read a site's ticker, remember every line, report the new ones.

No feed or API for breaking news is known, so the ticker is read off a page
(the recipe's ``ticker_path``): the recipe's CSS selectors first, in order,
then the list that follows a label reading ``BREAKING`` (ticker.py). Each line gets a
stable id from its site and its normalised text (keys.py), so small
edits (case, spacing, punctuation, quote styles) keep the same item; the store
keeps when each line was first and last seen. A line links to a stored
article whose title matches it: when the line is first seen (recently stored
articles) and when such an article is stored later (``Store.upsert``).

:func:`watch` is the polling loop as a generator of events, with the sleep
and the randomness injectable, so tests drive it without a clock or terminal.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from newscli.breaking.keys import item_id, match_keys, matches
from newscli.breaking.ticker import BreakingItem, NoTicker, TickerLine, parse_ticker
from newscli.dates import utc_stamp, utcnow
from newscli.interrupts import interrupts_deferred

if TYPE_CHECKING:
    from newscli.archive.archive import Archive
    from newscli.fetch import Fetcher
    from newscli.sites.recipe import Recipe

BLOCKED_HINT = ("; poll less often (--interval), or set another user_agent in config.toml; "
                "the site may let you in again later")


class Ticker:
    """One site's ticker: fetch and parse its page, record what it shows.

    With ``conditional`` the page is asked for with the validators of the
    last answer; a 304 means the ticker shows what it showed then.
    """

    def __init__(self, archive: Archive, recipe: Recipe, fetcher: Fetcher,
                 clock: Callable[[], datetime] = utcnow, conditional: bool = False):
        self.archive = archive
        self.recipe = recipe
        self.fetcher = fetcher
        self.clock = clock
        self.conditional = conditional
        self._validators: tuple[str | None, str | None] = (None, None)
        self._last_lines: list[TickerLine] = []

    @property
    def url(self) -> str:
        """The polled page, under the recipe's base URL (a mirror's path prefix kept)."""
        return self.recipe.url(self.recipe.ticker_path.lstrip("/"))

    def read(self) -> list[TickerLine]:
        """The lines the ticker shows now. Raises FetchError or NoTicker."""
        from newscli.fetch import FetchError

        etag, modified = self._validators if self.conditional and self._last_lines else (None, None)
        try:
            response = self.fetcher.get(self.url, etag=etag, last_modified=modified)
        except FetchError as exc:
            if not exc.blocked:
                raise
            raise FetchError(exc.url, exc.reason + BLOCKED_HINT, exc.status, blocked=True) from None
        if response.not_modified:
            return self._last_lines
        lines = parse_ticker(response.text, self.recipe.ticker, self.recipe.ticker_label, response.url)
        if not lines:
            raise NoTicker(f"no breaking-news ticker found on {response.url}")
        self._validators = (response.etag, response.last_modified)
        self._last_lines = lines
        return lines

    def record(self, lines: list[TickerLine]) -> list[BreakingItem]:
        """Store one reading (under the write lock, briefly); the items in
        ticker order, new ones flagged."""
        site = self.recipe.name
        rows, ids = [], []
        for line in lines:
            line_id = item_id(site, line.text)
            whole, bare = match_keys(line.text)
            rows.append({"id": line_id, "text": line.text, "url": line.url, "match_key": whole, "bare_key": bare})
            ids.append(line_id)
        with self.archive.writing(), interrupts_deferred():
            new_ids = self.archive.store.breaking.record(site, rows, utc_stamp(self.clock()))
        stored = {r["id"]: r for r in self.archive.store.breaking.rows(ids=ids)}
        return [BreakingItem.from_row(stored[r["id"]], new=r["id"] in new_ids)
                for r in rows if r["id"] in stored]

    def poll(self) -> list[BreakingItem]:
        return self.record(self.read())


def history(archive: Archive, site: str | None = None, since: datetime | None = None,
            limit: int | None = None, words: Iterable[str] = ()) -> list[BreakingItem]:
    """Stored items, newest first."""
    words = list(words)
    rows = archive.store.breaking.rows(site=site, since=utc_stamp(since) if since else None,
                                       limit=None if words else limit)
    items = [BreakingItem.from_row(r) for r in rows if matches(r["text"], words)]
    return items[:limit] if limit else items


# -- watching -------------------------------------------------------------------


@dataclass
class WatchEvent:
    """What :func:`watch` reports.

    kind: ``current`` (the first reading: every item on the ticker), ``new``
    (items that appeared since the last reading, newest first), ``failed``
    (a reading failed; ``message``, ``retry_in``), ``recovered`` (readings
    work again after ``failures`` failed ones), ``checked`` (a reading
    succeeded; the next is in ``retry_in`` seconds).
    """

    kind: str
    items: list[BreakingItem] = field(default_factory=list)
    message: str = ""
    retry_in: float = 0.0
    failures: int = 0


def watch(poll: Callable[[], list[BreakingItem]], interval: float = 60.0, *,
          sleep: Callable[[float], None] = time.sleep, rand: Callable[[], float] = random.random,
          jitter: float = 0.1, max_backoff: float = 300.0) -> Iterator[WatchEvent]:
    """Poll forever; yield events as readings succeed, bring news or fail.

    Failures (network, firewall, a page without a ticker, a busy data home)
    back off exponentially, from twice the interval up to eight times it
    or ``max_backoff``, whichever is shorter (but never below the interval). Every item a reading returns is already
    stored, so stopping between events loses nothing.
    """
    from newscli.archive.lock import LockTimeout
    from newscli.fetch import FetchError

    failures = 0
    first = True
    while True:
        try:
            items = poll()
        except (FetchError, NoTicker, LockTimeout) as exc:
            failures += 1
            delay = min(interval * 2 ** failures, max(interval, min(max_backoff, interval * 8)))
            delay *= 1 + jitter * (2 * rand() - 1)
            yield WatchEvent("failed", message=str(exc), retry_in=delay, failures=failures)
            sleep(delay)
            continue
        if failures:
            yield WatchEvent("recovered", failures=failures)
            failures = 0
        if first:
            first = False
            yield WatchEvent("current", items=items)
        else:
            fresh = [item for item in items if item.new]
            if fresh:
                yield WatchEvent("new", items=fresh)
        delay = interval * (1 + jitter * (2 * rand() - 1))
        yield WatchEvent("checked", retry_in=delay)
        sleep(delay)
