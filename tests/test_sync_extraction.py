"""Sync extracts in worker processes after its first pages (sync/extraction.py):
the articles stored are the ones extraction in the fetch threads gives."""

from __future__ import annotations

import pytest
from replica import Replica

import newscli.sync.extraction as extraction
from newscli.archive import Archive
from newscli.config import Home


def stored(home) -> dict[str, dict]:
    with Archive(Home(home)) as archive:
        return {a.id: {k: v for k, v in a.to_json().items() if k != "fetched"}
                for a in archive.store.query(limit=None, with_text=True)}


@pytest.mark.slow
def test_worker_processes_store_what_the_threads_would(cli, tmp_path, monkeypatch):
    started = []
    real_prepare = extraction.Extractor.prepare

    def prepare(self, html, url, recipe):
        started.append(self._pool is not None)
        return real_prepare(self, html, url, recipe)

    monkeypatch.setattr(extraction.Extractor, "prepare", prepare)
    monkeypatch.setattr(extraction, "IN_THREAD_PAGES", 3)
    with Replica(articles=12) as replica:
        homes = {}
        for workers in (0, 1):
            monkeypatch.setattr(extraction, "default_workers", lambda concurrency, n=workers: n)
            homes[workers] = tmp_path / f"home-{workers}"
            result = cli("--home", homes[workers], "sync", "--base-url", replica.base_url, "--rate", "0", "--json")
            assert result.code == 0, result
    assert any(started)                      # the second sync did hand pages to a worker
    in_threads, in_workers = stored(homes[0]), stored(homes[1])
    assert len(in_threads) > 10
    assert in_workers == in_threads
