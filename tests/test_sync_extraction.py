"""Sync extracts in worker processes after its first pages (sync/extraction.py):
the articles stored are the ones extraction in the fetch threads gives."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import news_executable, processes_with
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



@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_workers_exit_when_the_sync_is_killed(tmp_path, monkeypatch):
    marker = f"NEWS_HOME={tmp_path / 'home'}".encode()
    with Replica(articles=40) as replica:
        proc = subprocess.Popen([news_executable(), "sync", "--base-url", replica.base_url, "--rate", "0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "NEWS_HOME": str(tmp_path / "home")})
        deadline = time.monotonic() + 30
        while len(processes_with(marker)) < 3:   # sync, forkserver, worker
            assert time.monotonic() < deadline and proc.poll() is None, "no extraction worker started"
            time.sleep(0.05)
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while processes_with(marker):
            assert time.monotonic() < deadline, f"left running: {processes_with(marker)}"
            time.sleep(0.1)
