"""The sync run: discovery feeds a bounded pool of fetch threads; the main
thread saves their articles in batches.

Memory stays flat however big the site: discovery streams into the store's
queue; at most ``2 × concurrency`` URLs are in flight; articles are saved
:data:`BATCH_SIZE` at a time (or every :data:`FLUSH_SECONDS`), each batch under
the data home's write lock, so `news search` and friends run between batches.
Only the main thread touches SQLite; fetch threads fetch, and extract (in
worker processes once a run is past its first pages: sync/extraction.py).
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from newscli.archive.archive import Archive
from newscli.dates import utc_stamp
from newscli.errors import EXIT_BUSY, NewsError
from newscli.fetch import RETRY_STATUSES, Fetcher, FetchError, Response
from newscli.formats import counted
from newscli.interrupts import interrupts_deferred
from newscli.model import Article
from newscli.sites.recipe import Recipe
from newscli.sync.discovery import Discovery, Section
from newscli.sync.extraction import Extraction, Extractor, default_workers
from newscli.sync.ingest import Outcome
from newscli.sync.report import SyncReport
from newscli.sync.robots import Robots
from newscli.sync.state import Queued, SyncState
from newscli.urls import host_of

BATCH_SIZE = 50
FLUSH_SECONDS = 2.0
WAKE_SECONDS = 0.2     # how soon the main thread notices an interrupt
# This many blocked or unanswered article requests in a row: the site is not
# letting us in now; stop asking (the rest stays queued for the next run).
GIVE_UP_STREAK = 10
class SyncBusy(NewsError):
    """Another sync is writing this data home's queue."""

    exit_code = EXIT_BUSY


@dataclass
class SyncOptions:
    limit: int = 0                     # articles to fetch at most (0: all)
    since: datetime | None = None      # skip sitemaps and dated URLs older than this
    section: str | None = None
    full: bool = False                 # revalidate every sitemap, not only the recent ones
    concurrency: int = 2


class FetchPool:
    """``size`` daemon threads applying ``work`` to submitted items; results come
    back in completion order. Daemon threads, so an interrupted run exits at
    once instead of waiting out a slow response."""

    def __init__(self, work: Callable, size: int):
        self._work = work
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._done: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._loop, daemon=True, name=f"news-fetch-{i}")
                         for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, item) -> None:
        self._todo.put(item)

    def result(self, timeout: float):
        """(item, *work result) of a finished item, or None after ``timeout`` seconds."""
        try:
            return self._done.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        for _ in self._threads:
            self._todo.put(None)

    def _loop(self) -> None:
        while (item := self._todo.get()) is not None:
            try:
                self._done.put((item, *self._work(item)))
            except BaseException as exc:  # a bug must surface in the main thread, not hang it
                self._done.put((item, exc, None))


class SyncRun:
    def __init__(self, archive: Archive, recipe: Recipe, fetcher: Fetcher, options: SyncOptions,
                 on_progress: Callable[[SyncReport], None] | None = None):
        self.archive = archive
        self.recipe = recipe
        self.fetcher = fetcher
        self.options = options
        self.on_progress = on_progress or (lambda report: None)
        self.report = SyncReport(recipe.name, recipe.base_url)
        self.state = SyncState(archive.store, recipe.name)
        self.start_seq = self.state.last_seq
        self.section = Section.resolve(recipe, options.section) if options.section else None
        self.since = options.since.astimezone(UTC) if options.since else None
        self.concurrency = max(1, options.concurrency)
        self.extractor = Extractor(default_workers(self.concurrency))
        # Enough work queued for the threads to fill the next batch while one is saved.
        self.max_in_flight = max(2 * self.concurrency, BATCH_SIZE)
        self.robots: Robots | None = None
        self.discovery: Discovery | None = None
        self.batch: list[tuple[Queued, Outcome, Article, bytes | None]] = []   # ready to save
        self.finished: list[tuple] = []
        self.saved_earlier: list[str] = []   # ids stored by a killed run, perhaps not indexed
        self.streak = 0
        self.streak_lock = threading.Lock()
        self.last_flush = time.monotonic()

    def run(self) -> SyncReport:
        started = time.monotonic()
        try:
            with interrupts_deferred(self._stop_at_a_safe_point, (signal.SIGINT, signal.SIGTERM)):
                self._run()
        finally:
            self.report.elapsed = time.monotonic() - started
            self._close()
        return self.report

    def _stop_at_a_safe_point(self) -> None:
        """Ctrl-C (or SIGTERM): stop at the next safe point, so a batch is never
        half saved and the summary still says what was done."""
        self.report.interrupted = True
        self.fetcher.cancel()

    def _run(self) -> None:
        host = host_of(self.recipe.base_url)
        self.report.phase = "reading robots.txt"
        self.on_progress(self.report)
        try:
            self.robots = Robots.fetch(self.fetcher, self.recipe.base_url)
        except FetchError as exc:
            if not self.fetcher.cancelled:
                self.report.error = f"cannot reach {host}: {exc.reason}"
            return
        self.report.robots = self.robots.note
        delay = self.robots.crawl_delay
        if delay and self.fetcher.limiter.interval > 0:  # --rate 0 (a local mirror) means no delay
            self.fetcher.limiter.slow_down(host, delay)
        pool = FetchPool(self._fetch, self.concurrency)
        try:
            self._drive(pool)
        finally:
            self.fetcher.cancel()
            pool.close()
            self.extractor.close()
            self._flush()

    def _drive(self, pool: FetchPool) -> None:
        work = self._work()
        in_flight, more = 0, True
        while True:
            while more and in_flight < self.max_in_flight and not self._should_stop():
                row = next(work, None)
                if row is None:
                    more = False
                    break
                pool.submit(row)
                in_flight += 1
            if in_flight == 0:
                return
            if self.report.interrupted:
                # Keep what has finished; what is still in flight stays queued.
                while (done := pool.result(timeout=0)) is not None:
                    self._handle(*done)
                return
            done = pool.result(timeout=WAKE_SECONDS)
            if done is not None:
                in_flight -= 1
                self._handle(*done)
            if len(self.batch) >= BATCH_SIZE or time.monotonic() - self.last_flush >= FLUSH_SECONDS:
                self._flush()

    def _should_stop(self) -> bool:
        limit = self.options.limit
        return bool(self.report.stopped or self.report.interrupted or (limit and self.report.queued >= limit))

    # -- what to fetch ------------------------------------------------------

    def _work(self):
        """Queued URLs to fetch: first those earlier runs left, then those each
        discovery source adds, as it is read."""
        cursor = 0
        self.discovery = Discovery(self.recipe, self.fetcher, self.robots, self.state, self.report,
                                   since=self.since, section=self.section, full=self.options.full,
                                   on_source=self._reading)
        sources = self.discovery.run()
        while True:
            for row in self.state.queued(after=cursor):
                cursor = row.seq
                if self._selected(row):
                    self.report.queued += 1
                    yield row
            self._count_discovery()
            if next(sources, None) is None:
                return
            self.report.phase = "fetching"

    def _reading(self, url: str) -> None:
        self.report.phase = "reading " + url.rsplit("/", 1)[-1][:40]
        self.on_progress(self.report)

    def _count_discovery(self) -> None:
        if self.discovery is None:
            return
        counts = self.discovery.counts
        self.report.discovered, self.report.changed, self.report.known = counts.new, counts.changed, counts.known
        self.on_progress(self.report)

    def _selected(self, row: Queued) -> bool:
        """Is this queued URL for this run? (Filters leave the others queued.)"""
        if not self.recipe.covers(row.url):
            return False  # queued by a run against another mirror of the site
        if self.section and not self.section.contains(row.url):
            return False
        if self.since:
            if row.lastmod:
                if datetime.fromisoformat(row.lastmod) < self.since:
                    return False
            elif row.seq <= self.start_seq:
                return False  # left by an earlier run: its date is unknown
        if row.status == "pending" and (stored := self.state.stored_id(row.url)):
            # Saved by a run killed before it could note it (or by `news fetch`);
            # perhaps killed before it was indexed too: the next flush makes sure.
            self.finished.append((row.url, "done", None, None, stored))
            self.saved_earlier.append(stored)
            return False
        assert self.robots is not None  # read by _run before any URL is selected
        if not self.robots.allowed(row.url):
            self.report.skip("disallowed by robots.txt")
            self.finished.append((row.url, "skipped", None, "disallowed by robots.txt", None))
            return False
        return True

    # -- fetching (in the pool's threads) -----------------------------------

    def _fetch(self, row: Queued) -> tuple[Extraction | Outcome | FetchError | None, bytes | None]:
        if self.report.stopped:
            return None, None  # the run gave up: not even tried, it stays queued
        try:
            response = self.fetcher.get(row.url)
        except FetchError as exc:
            self._count_streak(exc)
            return exc, None
        self._count_streak(None)
        return self._extract(row, response)

    def _extract(self, row: Queued, response: Response) -> tuple[Extraction | Outcome, bytes | None]:
        """A page that answered, handed to extraction (FollowRun reads more of it first)."""
        if not self.recipe.covers(response.url):
            # Not this site's page (another host, scheme-less trick or edition):
            # never stored under this site's name.
            return Outcome(row.url, "skipped", reason=f"redirected off the site to {response.url[:200]}"), None
        return self.extractor.submit(response.text, response.url, self.recipe, response.status), response.content

    # -- results (main thread) ------------------------------------------------

    def _handle(self, row: Queued, result, raw: bytes | None) -> None:
        if result is None or (isinstance(result, FetchError) and self.fetcher.cancelled):
            return  # never tried, or cut short by an interrupt: it stays queued
        if isinstance(result, Extraction):
            result = result.outcome()
        self.report.attempted += 1
        if isinstance(result, FetchError):
            self._fetch_failed(row, result)
        elif isinstance(result, BaseException):
            raise result
        else:
            self.report.fetched += 1
            article_id = result.article.id if result.article else None
            if result.status == "ready":
                assert result.article is not None  # prepare_page: a ready outcome carries its article
                self.batch.append((row, result, result.article, raw))
            elif result.status == "skipped":
                self.report.skip(result.reason)
                self.finished.append((row.url, "skipped", result.http_status, result.reason, article_id))
            else:
                self.report.fail(row.url, result.reason, result.http_status)
                self.finished.append((row.url, "failed", result.http_status, result.reason, article_id))
        self.on_progress(self.report)

    def _count_streak(self, exc: FetchError | None) -> None:
        """Blocked or unanswered requests in a row (in the fetch threads, as they end)."""
        with self.streak_lock:
            overloaded = exc is not None and exc.status in RETRY_STATUSES  # retries spent
            if exc is None or not (exc.blocked or exc.unreachable or overloaded):
                self.streak = 0
                return
            self.streak += 1
            if self.streak >= GIVE_UP_STREAK and not self.report.stopped:
                what = "blocked" if exc.blocked else "refused by an overloaded server" if overloaded else "unanswered"
                self.report.stopped = f"{self.streak} requests in a row {what}; stopped for now"

    def _fetch_failed(self, row: Queued, exc: FetchError) -> None:
        self.report.fail(row.url, exc.reason, exc.status, exc.blocked)
        status = "gone" if exc.status in (404, 410) else "failed"
        self.finished.append((row.url, status, exc.status, exc.reason, None))

    def _flush(self) -> None:
        """Save the batch (under the write lock), then record what became of each URL."""
        if self.saved_earlier:
            with self.archive.writing():
                self.archive.index_missing(self.saved_earlier)
            self.saved_earlier = []
        if self.batch:
            # Saving and indexing a batch takes seconds (the first opens Whoosh):
            # the progress bar says so instead of standing still on "fetching".
            phase, self.report.phase = self.report.phase, f"storing {counted(len(self.batch), 'article')}"
            self.on_progress(self.report)
            with self.archive.writing():
                statuses = self.archive.save([(article, raw) for _, _, article, raw in self.batch])
            for (row, outcome, article, _), status in zip(self.batch, statuses):
                setattr(self.report, status, getattr(self.report, status) + 1)
                self.finished.append((row.url, "done", outcome.http_status, None, article.id))
            self.batch = []
            self.report.phase = phase
            self.on_progress(self.report)
        if self.finished:
            self.state.finish(self.finished)
            self.finished = []
        self.last_flush = time.monotonic()

    def _close(self) -> None:
        report = self.report
        self._count_discovery()
        report.requests = self.fetcher.requests
        report.waiting = self.state.count_waiting()
        report.phase = "done"
        if not report.nothing_fetched:
            report.last_sync = utc_stamp()
            self.archive.store.set_meta("last_sync", report.last_sync)
            self.archive.store.set_meta(f"last_sync:{report.site}", report.last_sync)


@contextmanager
def one_sync_at_a_time(archive: Archive):
    """Two syncs on one data home would fetch the same queue twice."""
    from newscli.archive.lock import LockTimeout, write_lock

    archive.home.ensure()
    with ExitStack() as stack:
        try:
            stack.enter_context(write_lock(archive.home.path / "sync.lock", timeout=0))
        except LockTimeout:
            raise SyncBusy(f"another `news sync` is already running on {archive.home.path}; "
                           "wait for it to finish") from None
        yield


def sync(archive: Archive, recipe: Recipe, fetcher: Fetcher, options: SyncOptions,
         on_progress: Callable[[SyncReport], None] | None = None) -> SyncReport:
    """Sync one site into the archive; returns what happened (never raises for a
    page or a site that fails: see ``report.error`` and ``report.nothing_fetched``)."""
    with one_sync_at_a_time(archive):
        return SyncRun(archive, recipe, fetcher, options, on_progress).run()
