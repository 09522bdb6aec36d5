"""The SQLite store: migrations, upserts in place, id resolution, filters."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newscli.archive.filters import Filters
from newscli.archive.schema import MIGRATIONS, SCHEMA_VERSION
from newscli.archive.store import Ambiguous, NotFound, Store, StoreError
from newscli.model import Article
from newscli.urls import article_id, canonical_url


def test_new_store_is_at_current_schema_in_wal_mode(tmp_path):
    with Store.open(tmp_path / "news.db") as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrates_an_older_store_and_keeps_its_rows(tmp_path):
    path = tmp_path / "news.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    conn.execute("INSERT INTO meta VALUES ('kept', 'yes')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_meta("kept") == "yes"


def test_refuses_a_store_from_a_newer_news(tmp_path):
    path = tmp_path / "news.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_a_newer_store_is_one_line_and_exit_4(tmp_path, news):
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "news.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    result = news("--home", home, "list")
    assert result.code == 4, result   # (EXIT_STORAGE)
    assert result.stderr.count("\n") == 1 and "newer than this news understands" in result.stderr, result


def test_missing_store_is_not_created_for_reads(tmp_path):
    path = tmp_path / "nothing.db"
    with Store.open(path, create=False) as store:
        assert store.count() == 0
    assert not path.exists()


def test_same_canonical_url_same_row(tmp_path):
    with Store.open(tmp_path / "news.db") as store:
        first = Article(url="HTTPS://Example.com/a?utm_source=x#top", title="One", text="a b c")
        assert store.upsert(first) == "new"
        again = Article(url="https://example.com/a", title="One, corrected", text="a b c")
        assert store.upsert(again) == "updated"
        assert store.count() == 1
        assert store.get(article_id("https://example.com/a")).title == "One, corrected"


def test_resolve_prefix_url_and_ambiguity(tmp_path):
    with Store.open(tmp_path / "news.db") as store:
        urls = [f"https://example.com/{i}" for i in range(300)]
        for url in urls:
            store.upsert(Article(url=url, title=url))
        ids = sorted(article_id(u) for u in urls)
        assert store.resolve(ids[0]) == ids[0]
        assert store.resolve(urls[5]) == article_id(urls[5])
        # the shortest unique prefix of 4+ characters resolves
        for i, full in enumerate(ids):
            neighbours = [ids[j] for j in (i - 1, i + 1) if 0 <= j < len(ids)]
            n = max([4] + [next(k for k in range(1, 13) if full[:k] != other[:k]) for other in neighbours])
            assert store.resolve(full[:n]) == full
        shared = next(a[:4] for a, b in zip(ids, ids[1:]) if a[:4] == b[:4])
        with pytest.raises(Ambiguous) as info:
            store.resolve(shared)
        assert len(info.value.candidates) >= 2
        for bad in ("abc", "zzzz", "https://example.com/none"):
            with pytest.raises(NotFound):
                store.resolve(bad)


@pytest.fixture(scope="module")
def one_article_store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("s") / "news.db") as store:
        store.upsert(Article(url="https://example.com/x", title="x"))
        yield store


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=40))
def test_resolve_never_crashes_on_any_input(one_article_store, text):
    try:
        assert one_article_store.resolve(text) == article_id("https://example.com/x")
    except NotFound:
        pass


@example("http://.//")  # an empty host: urlunsplit dropped its "//"
@given(st.from_regex(r"https?://[a-zA-Z0-9.-]{1,20}(:\d{1,5})?(/[\w%.~-]{0,10}){0,4}(\?[\w=&]{0,20})?(#\w*)?", fullmatch=True))
def test_canonical_url_is_idempotent(url):
    try:
        once = canonical_url(url)
    except ValueError:  # e.g. a port out of range
        return
    assert canonical_url(once) == once
    assert article_id(once) == article_id(url)


def test_filters_combine(tmp_path):
    with Store.open(tmp_path / "news.db") as store:
        store.upsert(Article(url="https://e.com/1", title="a", tags=["NATO", "Ukraine"], section="Politics",
                             published="2024-01-10T10:00:00+02:00"))
        store.upsert(Article(url="https://e.com/2", title="b", tags=["Nató"], section="Economy",
                             published="2024-02-10T10:00:00+00:00"))
        store.upsert(Article(url="https://e.com/3", title="c", tags=["Gaza"], published=None))
        titles = lambda f: [a.title for a in store.query(f)]  # noqa: E731
        assert titles(Filters(tags=("nato",))) == ["b", "a"]
        assert titles(Filters(tags=("nato", "ukraine"))) == ["a"]
        assert titles(Filters(section="politics")) == ["a"]
        assert titles(Filters(since="2024-02-01T00:00:00+00:00")) == ["b"]
        assert titles(Filters(until="2024-01-10T08:00:00+00:00")) == ["a"]  # 10:00+02:00 is 08:00Z
        assert titles(Filters()) == ["b", "a", "c"]                          # undated last
        assert store.tags() == [("NATO", 2), ("Gaza", 1), ("Ukraine", 1)]
