"""`news reindex` with sub-writer processes (index_writers.py): the same
answers as the index it replaces, and safe to interrupt or kill."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import corpus as gen
import pytest
from conftest import news_executable, processes_with
from processes import default_sigint

from newscli.archive.archive import Archive
from newscli.config import Home

QUERIES = ["ceasefire", "negotiations", '"security guarantees"', "مفاوضات", "sanctions OR nato"]


def build_home(home: Path, count: int, padding: int = 0) -> None:
    records = gen.generate(count, padding=padding)
    for start in range(0, count, 40):   # several batches: several segments
        gen.build(home, records[start:start + 40])


def answers(home: Path) -> dict[str, tuple[int, set[str]]]:
    from newscli.cli.options import make_filters

    with Archive(Home(home)) as archive:
        found = {q: archive.search(q, make_filters(), limit=None) for q in QUERIES}
        return {q: (page.total, {hit.article.id for hit in page.hits}) for q, page in found.items()}


def segments(home: Path) -> int:
    with Archive(Home(home)) as archive:
        return len(archive.index._open(create=False)._segments())


def test_reindex_answers_as_the_index_it_replaces(home):
    build_home(home, 150)
    before = answers(home)
    assert segments(home) > 2 and all(total for total, _ in before.values())
    result = subprocess.run([news_executable(), "reindex"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "NEWS_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    with Archive(Home(home)) as archive:
        assert result.stderr.strip() == f"indexed {archive.store.count()} articles"
    assert answers(home) == before
    assert segments(home) <= 2


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="sub-writers run only on 2+ cores")
def test_an_interrupt_during_the_commit_stops_the_sub_writers(home, monkeypatch):
    """Interrupted while the sub-writers finish their work, the rebuild ends
    them: they had gone on indexing into the removed generation, and the exit
    of news waited for them."""
    import multiprocessing

    from newscli.index.writers import _ParallelWriter

    build_home(home, 400, padding=200)
    before = answers(home)

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(_ParallelWriter, "_merge_segments", interrupted)   # the commit's first step after queueing the work
    with Archive(Home(home)) as archive, pytest.raises(KeyboardInterrupt):
        archive.reindex()
    assert not [p for p in multiprocessing.active_children() if type(p).__name__ == "_SubWriter"]
    monkeypatch.undo()
    assert answers(home) == before
    with Archive(Home(home)) as archive:
        assert not archive.index.dir.leftovers()



@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_an_interrupted_reindex_leaves_the_index_and_no_process(home, how):
    build_home(home, 400, padding=200)
    before = answers(home)
    marker = f"NEWS_HOME={home}".encode()
    proc = subprocess.Popen([news_executable(), "reindex"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "NEWS_HOME": str(home)}, preexec_fn=default_sigint)
    deadline = time.monotonic() + 30
    while len(processes_with(marker)) < 3:   # news and its two sub-writers at work
        assert time.monotonic() < deadline and proc.poll() is None, "no sub-writer started"
        time.sleep(0.05)
    proc.send_signal(getattr(signal, how))
    _, err = proc.communicate(timeout=30)
    if how == "SIGINT":
        assert proc.returncode == 130
        assert err.decode().strip().splitlines() == ["news: error: interrupted"]
    deadline = time.monotonic() + 10
    while processes_with(marker):
        assert time.monotonic() < deadline, f"left running: {processes_with(marker)}"
        time.sleep(0.1)
    assert answers(home) == before


# A helper process whose parent is killed before the helper has even begun to
# watch for it: its first parent is gone (a zombie, not yet reaped), and it must
# not take whoever adopted it for news.
LATE_HELPER = """
import os, sys, time
from newscli.workers import serve
main = os.getpid()
if os.fork() == 0:
    time.sleep(0.5)            # news is killed meanwhile
    serve(main, parent=main)
    time.sleep(60)             # waiting for work that will never come
    os._exit(0)
os._exit(0)                    # news dies (the test does not reap it yet)
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_helper_exits_when_news_died_before_it_started_watching(tmp_path):
    import sys

    marker = f"NEWS_TEST_HELPER={tmp_path}"
    news = subprocess.Popen([sys.executable, "-c", LATE_HELPER],
                            env={**os.environ, "NEWS_TEST_HELPER": str(tmp_path)})
    time.sleep(0.2)
    deadline = time.monotonic() + 5
    while processes_with(marker.encode()):
        assert time.monotonic() < deadline, "the helper outlived news"
        time.sleep(0.1)
    news.wait()
