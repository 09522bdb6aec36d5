"""Extraction in worker processes, for syncs of more than a few pages.

Turning a page into an article (lxml, readability, the recipe's rules) is
CPU work that holds the GIL. In sync's fetch threads it takes turns with the
main thread, which stores and indexes (CPU work too), so a sync used one
core. Handed to worker processes it runs on another core, beside the
indexing. The first pages of a run are extracted in the fetch threads: a
daily sync of a few articles does not wait for workers to start (~0.3 s).

Workers ignore Ctrl-C: the main process stops the run at a safe point and
shuts them down. If the main process is killed outright, each worker notices
within a second and exits (it would otherwise wait for work forever, and the
forkserver with it). A worker that dies (killed, crashed in C code) costs
no page: those it had are extracted in news itself, and the rest of the run
in the fetch threads.
"""

from __future__ import annotations

import os
import threading

from newscli.sites.recipe import Recipe
from newscli.sync.ingest import Outcome, prepare_page
from newscli.workers import serve

# Pages extracted in the fetch threads before workers are started.
IN_THREAD_PAGES = 20


def default_workers(concurrency: int) -> int:
    """One worker per fetch thread, leaving one core to the main process
    (storing and indexing); none on a single core."""
    return max(0, min(concurrency, (os.cpu_count() or 1) - 1))


class Extractor:
    """prepare_page() for the fetch threads: in ``workers`` processes once
    IN_THREAD_PAGES pages have been extracted in the threads (0: always there).
    A fetch thread hands a page to a worker and goes on fetching; the main
    thread takes the outcome when it handles the page. (Measured against a
    thread that waits: 55-73 against 57-59 articles/s from a 1,500-article
    replica, two runs each: no clear gain; the main thread's indexing bounds
    a sync. Kept for what it made clear: a dead worker costs no page.)"""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None
        self._pages = 0
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, html: str, url: str, recipe: Recipe | None, http_status: int | None = None) -> Extraction:
        pool = self._pool_for_next_page()
        if pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return Extraction(self, (html, url, recipe), http_status,
                                  pool.submit(prepare_or_fail, html, url, recipe))
            except BrokenProcessPool:   # a worker died: the rest of the run in the threads
                self._in_threads_from_now()
        return Extraction(self, (html, url, recipe), http_status)

    def _in_threads_from_now(self) -> None:
        with self._lock:
            self.workers = 0

    def _pool_for_next_page(self):
        with self._lock:
            self._pages += 1
            if self._pool is None and self.workers and not self._closed and self._pages > IN_THREAD_PAGES:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # forkserver: workers are forked from a clean process that has
                # imported the extractors, not from this one and its threads.
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["newscli.sync.extraction"])
                self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=serve,
                                                 initargs=(os.getpid(),))
            return self._pool if self.workers else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class Extraction:
    """One page's extraction: under way in a worker, or done at once in the
    calling thread (no worker, or the first pages of a run)."""

    def __init__(self, extractor: Extractor, page: tuple, http_status: int | None, future=None):
        self.http_status = http_status
        self._extractor, self._future = extractor, future
        self._page: tuple | None = page   # None once the outcome is known
        self._outcome = prepare_or_fail(*page) if future is None else None

    def outcome(self) -> Outcome:
        """The article or why there is none (waits for the worker)."""
        if self._outcome is None:
            from concurrent.futures.process import BrokenProcessPool

            assert self._page is not None  # dropped only once the outcome is known
            try:
                self._outcome = self._future.result()
            except BrokenProcessPool:   # the worker died: this page, and the rest, here
                self._extractor._in_threads_from_now()
                self._outcome = prepare_or_fail(*self._page)
            self._page = self._future = None
        self._outcome.http_status = self.http_status
        return self._outcome


def prepare_or_fail(html: str, url: str, recipe: Recipe | None) -> Outcome:
    """prepare_page(), an exception turned into a failed outcome: one bad page never stops a run."""
    try:
        return prepare_page(html, url, recipe)
    except Exception as exc:
        return Outcome(url, "failed", reason=f"extraction failed ({type(exc).__name__}: {exc})")
