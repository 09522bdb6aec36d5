"""`news doctor` finds drift between store and index, and --repair mends it."""

from __future__ import annotations

from conftest import PAGES

from newscli.archive.archive import Archive
from newscli.config import Home
from newscli.model import Article

PAGE = PAGES / "generic_article.html"


def _articles(n: int) -> list[Article]:
    return [Article(url=f"https://example.org/a/{i}", title=f"Story {i}", text=f"body words {i} " * 20,
                    fetched=f"2024-01-0{1 + i % 9}T00:00:00+00:00") for i in range(n)]


def _archive(home) -> Archive:
    return Archive(Home(home), create=True)


def test_healthy_home(cli):
    cli("import", PAGE)
    result = cli("doctor", "--json")
    assert result.code == 0, result
    assert result.json()["ok"] is True


def test_empty_home_is_healthy(cli):
    assert cli("doctor").code == 0


def test_finds_and_repairs_drift(cli, home):
    with _archive(home) as archive, archive.writing():
        articles = _articles(5)
        archive.save([(a, None) for a in articles])
        # Drift 1: stored but not indexed (a crash between the two writes).
        extra = Article(url="https://example.org/late", title="Late", text="late words " * 20, fetched="2024-02-01T00:00:00+00:00")
        archive.store.upsert(extra)
        # Drift 2: an index entry whose article is gone (a crash mid-prune).
        archive.store.delete([articles[0].id])
        # Drift 3: re-fetched, the index still has the old version.
        articles[1].fetched = "2024-03-01T00:00:00+00:00"
        archive.store.upsert(articles[1])

    found = cli("doctor", "--json")
    assert found.code == 1
    checks = {p["check"]: p["count"] for p in found.json()["problems"]}
    assert checks == {"not-indexed": 1, "orphans": 1, "stale": 1}

    repaired = cli("doctor", "--repair", "--json")
    assert repaired.code == 0, repaired
    assert repaired.json()["remaining"] == []
    assert cli("doctor", "--json").json()["ok"] is True
    assert cli("search", "late", "--json").json()[0]["id"] == extra.id
    assert cli("search", "title:\"story 0\"", "--json").code == 1


def test_rebuilds_a_missing_or_half_built_index(cli, home):
    with _archive(home) as archive, archive.writing():
        archive.save([(a, None) for a in _articles(3)])
    import shutil

    shutil.rmtree((home / "index").resolve())
    (home / "index").unlink()
    (home / "index-7").mkdir()        # a reindex killed before its swap
    (home / "index.new").mkdir()      # the same, by an earlier version of news
    found = cli("doctor", "--json").json()
    assert {p["check"] for p in found["problems"]} == {"index-missing", "leftover"}
    assert cli("doctor", "--repair").code == 0
    assert not (home / "index.new").exists()
    assert (home / "index-7" / ".retired-at").exists()   # deleted by a write after the grace
    assert cli("doctor", "--json").json()["ok"] is True
    assert cli("stats", "--json").json()["index_docs"] == 3
