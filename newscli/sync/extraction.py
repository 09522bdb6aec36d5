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
only the page it was on; extraction goes back to the fetch threads.
"""

from __future__ import annotations

import os
import threading

from newscli.ingest import Outcome, prepare_page
from newscli.sites.recipe import Recipe
from newscli.workers import serve

# Pages extracted in the fetch threads before workers are started.
IN_THREAD_PAGES = 20


def default_workers(concurrency: int) -> int:
    """One worker per fetch thread, leaving one core to the main process
    (storing and indexing); none on a single core."""
    return max(0, min(concurrency, (os.cpu_count() or 1) - 1))


class Extractor:
    """prepare_page() for the fetch threads: in ``workers`` processes once
    IN_THREAD_PAGES pages have been extracted in the threads (0: always there)."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None
        self._pages = 0
        self._lock = threading.Lock()
        self._closed = False

    def prepare(self, html: str, url: str, recipe: Recipe | None) -> Outcome:
        pool = self._pool_for_next_page()
        if pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return pool.submit(prepare_page, html, url, recipe).result()
            except BrokenProcessPool:
                with self._lock:
                    self.workers = 0   # back to the threads for the rest of the run
        return prepare_page(html, url, recipe)

    def _pool_for_next_page(self):
        with self._lock:
            self._pages += 1
            if self._pool is None and self.workers and not self._closed and self._pages > IN_THREAD_PAGES:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # forkserver: workers are forked from a clean process that has
                # imported the extractors, not from this one and its threads.
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["newscli.ingest"])
                self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=serve,
                                                 initargs=(os.getpid(),))
            return self._pool if self.workers else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
