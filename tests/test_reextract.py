"""`news reextract`: the stored pages read again offline with today's recipes."""

from __future__ import annotations

import json
import sqlite3


def _synced(news, replica, n: int = 4) -> list[dict]:
    result = news("sync", "--base-url", replica.base_url, "--limit", str(n), "--rate", "0", "--json")
    assert result.code == 0, result
    return news("list", "--json").json()


def _as_an_older_extractor_left_it(home, article_id: str) -> None:
    """What an older extractor could have stored: no section, no tags, another title."""
    with sqlite3.connect(home / "news.db") as conn:
        conn.execute("UPDATE articles SET section = NULL, subsection = NULL, tags = '[]', "
                     "title = 'Untitled page' WHERE id = ?", (article_id,))
        conn.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))


def test_reextract_mends_what_an_older_extraction_stored(news, replica, home):
    articles = _synced(news, replica)
    target = next(a for a in articles if a["section"] and a["tags"])
    _as_an_older_extractor_left_it(home, target["id"])
    assert news("reindex").code == 0
    assert news("read", target["id"], "--json").json()["section"] is None

    result = news("reextract", "--json")
    assert result.code == 0, result
    report = result.json()
    assert report["examined"] == len(articles)
    assert report["changed"] == 1 and report["changed_ids"] == [target["id"]]
    assert {"title", "section", "tags"} <= set(report["fields"])
    after = news("read", target["id"], "--json").json()
    assert (after["title"], after["section"], after["tags"]) == (target["title"], target["section"], target["tags"])
    # The index follows: the real title's words find it again.
    word = max(target["title"].split(), key=len).strip(",.:'\"")
    hits = news("search", word, "--json", "--limit", "0").json()
    assert target["id"] in {h["id"] for h in hits}

    # Run again: nothing left to change. Text output says how many and which fields.
    again = news("reextract")
    assert again.code == 0, again
    assert again.stdout.startswith(f"re-extracted {len(articles)} articles: 0 changed"), again


def test_reextract_filters_and_resumes(news, replica, home):
    articles = _synced(news, replica)
    unknown = news("reextract", "--site", "nosuchsite", "--json")   # as every --site: a usage error
    assert unknown.code == 2 and "unknown site 'nosuchsite'" in unknown.stderr, unknown
    ids = sorted(a["id"] for a in articles)
    for article_id in ids:
        _as_an_older_extractor_left_it(home, article_id)
    # An interrupted run left its mark after the first two ids: the next run goes on from there.
    with sqlite3.connect(home / "news.db") as conn:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('reextract:*:*', ?)", (ids[1],))
    report = news("reextract", "--json").json()
    assert report["resumed_after"] == ids[1]
    assert sorted(report["changed_ids"]) == ids[2:]
    with sqlite3.connect(home / "news.db") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key LIKE 'reextract:%'").fetchall() == []
    # Finished: a new run starts from the beginning.
    assert sorted(news("reextract", "--json").json()["changed_ids"]) == ids[:2]
    json.dumps(report)
