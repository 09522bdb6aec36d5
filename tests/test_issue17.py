"""Issue 17: what runs beside what, hostile pages and files, bad values,
damaged stores. Real processes, real SQLite, real local HTTP servers."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import news_executable

from newscli.archive.archive import Archive
from newscli.archive.store import Store
from newscli.config import Home
from newscli.model import Article


def run_news(home: Path, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([news_executable(), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NEWS_HOME": str(home), **(env or {})})


def old_article(i: int) -> Article:
    article = Article(url=f"https://example.org/old/{i}", title=f"Old story {i}", text=f"old words {i} " * 20,
                      fetched="2020-01-01T00:00:00+00:00", published="2020-01-01T00:00:00+00:00")
    article.finish()
    assert article.id
    return article


@pytest.fixture(scope="module")
def old_home(tmp_path_factory) -> Path:
    """2,000 articles published in 2020, built once; tests work on copies."""
    home = tmp_path_factory.mktemp("old") / "home"
    with Archive(Home(home), create=True) as archive, archive.writing():
        for start in range(0, 2000, 500):
            archive.save([(old_article(i), None) for i in range(start, start + 500)])
    return home


@pytest.mark.slow
def test_star_beside_a_prune_never_loses_the_starred_article(old_home, tmp_path):
    """Found: star said "starred" (exit 0) and the prune deleted the article
    anyway (17/30), or star failed with "internal error: KeyError" (8/30)."""
    for trial, delay in enumerate((0.05, 0.15, 0.3, 0.6)):
        home = tmp_path / f"home{trial}"
        shutil.copytree(old_home, home, symlinks=True)
        target = old_article(1000 + trial).id
        prune = subprocess.Popen([news_executable(), "prune", "--older-than", "30d"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env={**os.environ, "NEWS_HOME": str(home)})
        time.sleep(delay)
        star = run_news(home, "star", target)
        assert prune.wait(timeout=120) == 0, prune.stderr.read() if prune.stderr else ""
        assert "internal error" not in star.stderr, star.stderr
        with Store.open(home / "news.db") as store:
            left = store.get_many([target])
        if star.returncode == 0:
            assert "starred" in star.stdout
            assert target in left and left[target].starred, f"trial {trial}: starred then pruned"
            found = run_news(home, "search", f"old words {1000 + trial}", "--json")
            assert target in found.stdout, f"trial {trial}: starred article not searchable"
        else:
            errors = [ln for ln in star.stderr.splitlines() if not ln.startswith("news: warning:")]
            assert star.returncode == 1 and errors == [f"news: error: no article with id {target}"], star.stderr
            assert target not in left
