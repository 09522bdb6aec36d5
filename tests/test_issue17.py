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


LONE_SURROGATE_LD = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x \\ud800 y",'
                     ' "description": "lead \\udfff", "keywords": ["a\\ud83d"]}</script></head>')


def test_a_lone_surrogate_in_a_page_stops_neither_sync_nor_import(cli, server, home, tmp_path):
    """Found: a JSON-LD headline "x \\ud800" made `news sync` exit 1 "internal
    error: UnicodeEncodeError": later pages never stored, saved ones unindexed."""
    from minisite import MiniSite, article_page

    paths = [f"/news/politics/story-{i}" for i in range(5)]
    site = MiniSite(server, {"2024-7": paths})
    bad = article_page(paths[0], "Bad story").replace('"title": "Bad story"', '"title": "x \\ud800 y"')
    server.add(paths[0], bad.replace("</head>", LONE_SURROGATE_LD))
    result = cli("sync", "--base-url", site.base, "--rate", "0", "--json")
    assert result.code == 0, result
    assert result.json()["new"] == 5 and result.json()["failed"] == []
    listed = cli("list", "--limit", "0", "--json").json()
    assert len(listed) == 5
    assert all("\ud800" not in str(a) for a in listed)
    assert cli("search", "harbour", "--limit", "0", "--json").code == 0
    assert len(cli("search", "harbour", "--limit", "0", "--json").json()) == 5
    assert cli("doctor", "--json").json()["ok"] is True

    files = []
    for i in range(2):
        page = tmp_path / f"page{i}.html"
        page.write_text(article_page(f"/p/{i}", f"Imported {i}").replace("</head>", LONE_SURROGATE_LD),
                        encoding="utf-8")
        files.append(str(page))
    imported = cli("import", *files, "--json")
    assert imported.code == 0, imported
