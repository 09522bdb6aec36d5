"""kill -9 at any moment of a sync, a reindex or a prune: real processes
killed after a number of requests or a random delay. Afterwards `news
doctor` finds only what it can mend (never a damaged store or a wrong
schema), `news doctor --repair` mends it, searches keep working, and the
next run of the same command completes the work.

The kill points come from a seeded generator: NEWS_CRASH_SEED picks another
set (the seed is in every failure message)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import corpus
import pytest
from conftest import news_executable
from replica import Replica

REPAIRABLE = {"not-indexed", "orphans", "stale", "leftover", "index-missing"}
SEED = int(os.environ.get("NEWS_CRASH_SEED", "7"))


def news(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([news_executable(), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NEWS_HOME": str(home)})


def start(home: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([news_executable(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NEWS_HOME": str(home)})


def kill(proc: subprocess.Popen) -> bool:
    """SIGKILL; True if the process was still running (the kill landed mid-work)."""
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return running


def examine(home: Path, where: str) -> set[str]:
    """Doctor's findings after a crash: only ever things it can mend."""
    result = news(home, "doctor", "--json")
    assert result.returncode in (0, 1), (where, result.stderr)
    report = json.loads(result.stdout)
    checks = {p["check"] for p in report["problems"]}
    assert checks <= REPAIRABLE, (where, report)
    assert all(p["repairable"] for p in report["problems"]), (where, report)
    return checks


def repair(home: Path, where: str) -> None:
    result = news(home, "doctor", "--repair", "--json")
    assert result.returncode == 0, (where, result.stdout, result.stderr)
    assert news(home, "doctor").returncode == 0, where


def stored_urls(home: Path) -> set[str]:
    return {a["url"] for a in json.loads(news(home, "list", "--limit", "0", "--json").stdout)}


def wait_until(proc: subprocess.Popen, condition, where: str, timeout: float = 30) -> None:
    """Poll ``condition()`` (every millisecond or so) until true or the process ends."""
    deadline = time.monotonic() + timeout
    while not condition() and proc.poll() is None:
        assert time.monotonic() < deadline, where
        time.sleep(0.001)


def article_count(home: Path) -> int:
    try:
        with sqlite3.connect(f"file:{home / 'news.db'}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def index_generation(home: Path) -> str:
    """The newest Whoosh TOC of the current index: it changes when a commit lands."""
    try:
        return max(p.name for p in (home / "index").resolve().glob("_MAIN_*.toc"))
    except (ValueError, OSError):
        return ""


@pytest.mark.slow
def test_sync_killed_again_and_again_then_completes(tmp_path):
    """Nine syncs killed at random points: after a random delay, after N
    requests, or the moment the store has a new article (inside a batch
    save, between the store and the index). Doctor after each, a repair
    once; then one sync completes everything and leaves doctor nothing to
    mend (it indexes what a killed run stored but did not index)."""
    rng = random.Random(SEED)
    home = tmp_path / "home"
    landed, drift = 0, set()
    with Replica(articles=16) as replica:
        wanted = {r.url for r in replica.wanted()}
        for attempt in range(9):
            where = f"seed {SEED}, attempt {attempt}"
            before, stored = len(replica.requests), article_count(home)
            proc = start(home, "sync", "--base-url", replica.base_url, "--rate", "40")
            if attempt % 3 == 0:
                delay = rng.uniform(0.2, 1.2)
                where += f", after {delay:.2f}s"
                time.sleep(delay)
            elif attempt % 3 == 1:
                after = rng.randint(1, 30)
                where += f", after {after} requests"
                wait_until(proc, lambda: len(replica.requests) - before >= after, where)
            else:
                where += ", inside a batch save"
                wait_until(proc, lambda: article_count(home) > stored, where)
            landed += kill(proc)
            drift |= examine(home, where)
            if attempt == 4:
                repair(home, where)
        assert landed >= 5, f"seed {SEED}: only {landed} kills landed mid-sync"
        final = news(home, "sync", "--base-url", replica.base_url, "--rate", "0")
        assert final.returncode == 0, final.stderr
        assert stored_urls(home) == wanted
    assert examine(home, "after the completing sync") == set()
    found = json.loads(news(home, "search", "*", "--limit", "0", "--json").stdout)
    assert {hit["url"] for hit in found} == wanted


@pytest.fixture(scope="module")
def archive_home(tmp_path_factory) -> Path:
    """A data home of 300 articles, built once; tests work on copies."""
    home = tmp_path_factory.mktemp("archive") / "home"
    corpus.build(home, corpus.generate(300, padding=10))
    return home


def copy_of(home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(home, target, symlinks=True)
    return target


def search_total(home: Path) -> int:
    result = news(home, "search", "*", "--limit", "0", "--json")
    assert result.returncode in (0, 1), result.stderr
    return len(json.loads(result.stdout))


@pytest.mark.slow
def test_reindex_killed_at_random_points_leaves_the_old_index_working(archive_home, tmp_path):
    rng = random.Random(SEED + 1)
    home = copy_of(archive_home, tmp_path)
    total = search_total(home)
    began = time.monotonic()
    assert news(home, "reindex").returncode == 0
    seconds = time.monotonic() - began   # kills land within a whole run, on a fast machine or a slow one
    landed = 0
    for attempt in range(3):
        where = f"seed {SEED}, reindex attempt {attempt} (a whole one took {seconds:.2f} s)"
        proc = start(home, "reindex")
        time.sleep(rng.uniform(0.2, 0.8) * seconds)
        landed += kill(proc)
        assert search_total(home) == total, where        # the old index (or the new one) answers
        examine(home, where)
        if attempt == 1:
            repair(home, where)
    assert landed >= 2, f"seed {SEED}: only {landed} kills landed mid-reindex"
    assert news(home, "reindex").returncode == 0
    assert search_total(home) == total
    repair(home, "after the completing reindex")    # retires what the killed builds left


@pytest.mark.slow
def test_prune_killed_at_random_points_then_completes(archive_home, tmp_path):
    """Prune removes from the index first, then the store: killed in between,
    the articles are still stored, and the next prune removes them."""
    rng = random.Random(SEED + 2)
    home = copy_of(archive_home, tmp_path)
    before = search_total(home)
    for attempt in range(4):
        where = f"seed {SEED}, prune attempt {attempt}"
        if attempt == 0:
            # Hold the store's write lock: the prune stops at its store delete,
            # after its index commit; kill it there.
            where += ", between its index commit and its store delete"
            generation = index_generation(home)
            with sqlite3.connect(home / "news.db", isolation_level=None) as blocker:
                blocker.execute("BEGIN IMMEDIATE")
                proc = start(home, "prune", "--older-than", "2023-01-01")
                wait_until(proc, lambda: index_generation(home) != generation, where)
                assert kill(proc), where
                blocker.execute("ROLLBACK")
            assert examine(home, where) == {"not-indexed"}
        else:
            delay = rng.uniform(0.15, 0.6)
            where += f", after {delay:.2f}s"
            proc = start(home, "prune", "--older-than", "2023-01-01")
            time.sleep(delay)
            kill(proc)
            examine(home, where)
    final = news(home, "prune", "--older-than", "2023-01-01", "--json")
    assert final.returncode == 0, final.stderr
    assert examine(home, "after the completing prune") == set()
    kept = json.loads(news(home, "list", "--limit", "0", "--json").stdout)
    assert kept and all(a["published"] >= "2023-01-01" for a in kept)
    assert search_total(home) == len(kept) < before
