"""Sync extracts in worker processes after its first pages (sync/extraction.py):
the articles stored are the ones extraction in the fetch threads gives."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import news_executable, processes_with
from replica import Replica

import newscli.sync.extraction as extraction
from newscli.archive.archive import Archive
from newscli.config import Home


def stored(home) -> dict[str, dict]:
    with Archive(Home(home)) as archive:
        return {a.id: {k: v for k, v in a.to_json().items() if k != "fetched"}
                for a in archive.store.query(limit=None, with_text=True)}


@pytest.mark.slow
def test_worker_processes_store_what_the_threads_would(cli, tmp_path, monkeypatch):
    started = []
    real_submit = extraction.Extractor.submit

    def submit(self, *page):
        started.append(self._pool is not None)
        return real_submit(self, *page)

    monkeypatch.setattr(extraction.Extractor, "submit", submit)
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
@pytest.mark.parametrize("reaped", [True, False], ids=["reaped", "not reaped"])
def test_workers_exit_when_the_sync_is_killed(tmp_path, reaped):
    """Not reaped: the killed sync stays a zombie while its parent (here the
    test) has not waited for it; its helpers must not take that for alive."""
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
        if reaped:
            proc.wait()
        deadline = time.monotonic() + 10
        while processes_with(marker):
            assert time.monotonic() < deadline, f"left running: {processes_with(marker)}"
            time.sleep(0.1)
        proc.wait()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_killed_worker_costs_no_article(cli, tmp_path):
    """The pages handed to a worker that dies are extracted in news instead."""
    home, reference = tmp_path / "home", tmp_path / "reference"
    marker = f"NEWS_HOME={home}".encode()
    with Replica(articles=60) as replica:
        assert cli("--home", reference, "sync", "--base-url", replica.base_url, "--rate", "0").code == 0
        records = [r for r in replica.site.edition_records("en") if r.is_news]
        for record in records[30:]:            # the run lasts well past the worker's start
            replica.set_fault(record.wire_path, "slow", delay=0.2)
        proc = subprocess.Popen([news_executable(), "sync", "--base-url", replica.base_url, "--rate", "0", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "NEWS_HOME": str(home)})
        deadline = time.monotonic() + 30
        while not (workers := [p for p in processes_with(marker) if _parent(p) not in (proc.pid, os.getpid())]):
            assert time.monotonic() < deadline and proc.poll() is None, "no extraction worker started"
            time.sleep(0.02)
        os.kill(workers[0], 9)   # (a child of the forkserver)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["failed"] == [] and summary["new"] > 60
    assert stored(home) == stored(reference)


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
