"""The store's schema and its migrations, and how a store file is opened.

The schema version is SQLite's ``user_version``; ``MIGRATIONS[n]`` takes a
store from version n to n+1, inside one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

MIGRATIONS: list[str] = [
    # 0 -> 1: the first schema.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL,
        lang TEXT,
        type TEXT NOT NULL DEFAULT 'article',
        title TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        source TEXT,
        published TEXT,
        published_utc TEXT,
        updated TEXT,
        section TEXT,
        subsection TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        image_url TEXT,
        image_caption TEXT,
        word_count INTEGER NOT NULL DEFAULT 0,
        reading_minutes INTEGER NOT NULL DEFAULT 0,
        postid TEXT,
        fetched TEXT,
        added_seq INTEGER NOT NULL,
        starred INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_published ON articles(published_utc);
    CREATE INDEX articles_site ON articles(site);
    CREATE INDEX articles_added ON articles(added_seq);
    CREATE TABLE article_tags (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        PRIMARY KEY (article_id, tag_key)
    );
    CREATE INDEX article_tags_key ON article_tags(tag_key);
    CREATE TABLE pages (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        html BLOB NOT NULL,
        fetched TEXT
    );
    CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        site TEXT,
        status TEXT NOT NULL,
        http_status INTEGER,
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        last_attempt TEXT,
        article_id TEXT
    );
    CREATE INDEX fetch_state_status ON fetch_state(site, status);
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        checked TEXT
    );
    CREATE TABLE breaking (
        id TEXT PRIMARY KEY,
        site TEXT NOT NULL,
        text TEXT NOT NULL,
        url TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        article_id TEXT
    );
    CREATE INDEX breaking_seen ON breaking(site, first_seen);
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    """,
    # 1 -> 2: breaking-news order and the keys that link a line to an article
    # (newscli.breaking.watch.match_keys); seq orders lines first seen in one reading.
    """
    ALTER TABLE breaking ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE breaking ADD COLUMN match_key TEXT;
    ALTER TABLE breaking ADD COLUMN bare_key TEXT;
    UPDATE breaking SET seq = rowid;
    CREATE INDEX breaking_seq ON breaking(seq);
    CREATE INDEX breaking_match ON breaking(match_key);
    CREATE INDEX breaking_bare ON breaking(bare_key);
    CREATE INDEX breaking_url ON breaking(url);
    """,
    # 2 -> 3 (sync): each discovered URL's sitemap <lastmod> (re-fetch changed
    # articles, honour --since) and the order it was queued in (an interrupted
    # run resumes in that order); for a sitemap, the <lastmod> its index gave
    # when it was read (unchanged: no need to ask again) and, for an index, its
    # body (a 304 must still say which monthly sitemaps exist).
    """
    ALTER TABLE fetch_state ADD COLUMN lastmod TEXT;
    ALTER TABLE fetch_state ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX fetch_state_queue ON fetch_state(site, status, queued);
    ALTER TABLE http_cache ADD COLUMN listed_lastmod TEXT;
    ALTER TABLE http_cache ADD COLUMN body BLOB;
    """,
    # 3 -> 4 (`news follow`): the sites followed and their entry points; the
    # sites each article was reached through; keys that name an article besides
    # its URL (a feed item's GUID, a syndicated copy's URL); feed items kept as
    # the fallback of their pages (newscli.sites.followed).
    """
    ALTER TABLE articles ADD COLUMN found_on TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE sites (
        name TEXT PRIMARY KEY,
        home TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        every INTEGER NOT NULL DEFAULT 3600,
        min_every INTEGER NOT NULL DEFAULT 0,
        added TEXT,
        last_success TEXT,
        last_attempt TEXT,
        next_check TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'ok',
        last_error TEXT
    );
    CREATE TABLE entry_points (
        url TEXT PRIMARY KEY,
        site TEXT NOT NULL REFERENCES sites(name) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE article_keys (
        key TEXT PRIMARY KEY,
        article_id TEXT NOT NULL
    );
    CREATE TABLE feed_items (
        url TEXT PRIMARY KEY,
        site TEXT NOT NULL,
        data BLOB NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, create: bool) -> sqlite3.Connection:
    """A connection to the store file; a store we may not write to (a
    read-only disk, someone else's files) is opened read-only for reading."""
    try:
        conn = sqlite3.connect(path, timeout=30)
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn
    except sqlite3.OperationalError:
        if create or os.access(path.parent, os.W_OK):
            raise
    uri = path.resolve().as_uri()
    try:
        # Works while a writer elsewhere keeps the WAL files...
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # ...and with none (none can be made here), nothing writes it: read it as it is.
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)


def _use_wal(conn: sqlite3.Connection, patience: float = 30.0) -> None:
    """WAL mode: readers never wait for a writer. Switching a new store to it
    takes an exclusive lock, and SQLite answers "database is locked" at once,
    without its busy wait, when another process opens the same new store at
    that moment: ask again for a while."""
    import time

    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one at a time (executescript
    would commit the transaction they must run in)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip():
        yield pending
