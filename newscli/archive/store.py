"""The SQLite store of record.

Articles, their raw HTML (zlib-compressed, so pages can be re-extracted when
the extractor improves), fetch state, HTTP validators, breaking-news history
and small key/value facts. The schema version is SQLite's ``user_version``;
``MIGRATIONS[n]`` takes a store from version n to n+1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newscli.errors import EXIT_STORAGE, NewsError
from newscli.model import Article, primary_language
from newscli.textclean import fold
from newscli.urls import canonical_url, looks_like_url

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

_COLUMNS = (
    "id", "url", "site", "lang", "type", "title", "summary", "text", "authors", "source",
    "published", "published_utc", "updated", "section", "subsection", "tags", "image_url",
    "image_caption", "word_count", "reading_minutes", "postid", "fetched", "found_on",
)
# What `news list` and search hits need: everything but the body.
RECENT_TITLES = 1000  # newest articles a new ticker line is matched against
_LIGHT = ", ".join(c if c != "text" else "'' AS text" for c in _COLUMNS) + ", starred"


class StoreError(NewsError):
    """The store cannot be opened or used (corrupt, newer schema, read-only...)."""

    exit_code = EXIT_STORAGE


class NotFound(NewsError):
    """No article matches the id, prefix or URL."""


class Ambiguous(NewsError):
    """An id prefix matches several articles."""

    def __init__(self, prefix: str, candidates: list[Article]):
        super().__init__(f"{prefix!r} matches {len(candidates)} articles")
        self.prefix = prefix
        self.candidates = candidates


@dataclass
class Filters:
    """Filters shared by list, export and search (tags all must match)."""

    tags: tuple[str, ...] = ()
    section: str | None = None
    site: str | None = None
    lang: str | None = None
    since: str | None = None   # ISO 8601, compared in UTC
    until: str | None = None
    starred: bool = False

    def sql(self) -> tuple[str, list]:
        """A WHERE clause (or '') and its parameters."""
        where, params = [], []
        for tag in self.tags:
            where.append("id IN (SELECT article_id FROM article_tags WHERE tag_key = ?)")
            params.append(fold(tag))
        if self.section:
            where.append("(lower(section) = ? OR lower(subsection) = ?)")
            params += [fold(self.section)] * 2
        if self.site:
            where.append("site = ?")
            params.append(self.site)
        if self.lang:   # the primary language, as search filters: en finds en-GB
            primary = primary_language(self.lang)
            where.append("(lower(replace(lang, '_', '-')) = ? OR substr(lower(replace(lang, '_', '-')), 1, ?) = ?)")
            params += [primary, len(primary) + 1, primary + "-"]
        if self.since:
            where.append("published_utc >= ?")
            params.append(_utc(self.since))
        if self.until:
            where.append("published_utc <= ?")
            params.append(_utc(self.until))
        if self.starred:
            where.append("starred = 1")
        return (" WHERE " + " AND ".join(where)) if where else "", params


def _utc(iso_time: str | None) -> str | None:
    """ISO time -> sortable UTC string (what published_utc holds)."""
    if not iso_time:
        return None
    from datetime import datetime, timezone

    dt = datetime.fromisoformat(iso_time)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """One SQLite file. Open with :meth:`open`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, create: bool = True) -> "Store":
        """Open (and migrate) the store. With ``create=False`` a missing store
        is not created: an empty in-memory one answers the reads instead."""
        try:
            if not create and not path.exists():
                conn = sqlite3.connect(":memory:")
            else:
                conn = _connect(path, create)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from None
        return store

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- schema -------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        if self._check_version() == SCHEMA_VERSION:
            return
        # Several processes may open a new or older store at once (a cron sync
        # and a watch): one migrates, the others wait for its write lock and
        # then find the work done (the version is read again inside the lock).
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for step in range(self._check_version(), SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def _check_version(self) -> int:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} has schema version {version}, newer than this "
                f"news understands ({SCHEMA_VERSION}); upgrade news"
            )
        return version

    # -- articles -----------------------------------------------------------

    def upsert(self, article: Article, html: str | bytes | None = None) -> str:
        """Insert or update an article (and its raw HTML). Returns 'new',
        'updated' or 'unchanged'. Same canonical URL, same row."""
        article.url = canonical_url(article.url)
        article.finish()
        with self.conn:
            old = self.conn.execute(
                "SELECT " + ", ".join(_COLUMNS) + " FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if old is not None and article.found_on:   # reached again, maybe through another site
                earlier = json.loads(old["found_on"]) or [old["site"]]
                article.found_on = list(dict.fromkeys(earlier + article.found_on))
                article.site = article.found_on[0]
            row = self._row(article)
            if old is None:
                seq = self._next_seq()
                self.conn.execute(
                    f"INSERT INTO articles ({', '.join(_COLUMNS)}, added_seq) "
                    f"VALUES ({', '.join('?' * len(_COLUMNS))}, ?)",
                    [row[c] for c in _COLUMNS] + [seq],
                )
                outcome = "new"
            else:
                changed = any(old[c] != row[c] for c in _COLUMNS if c != "fetched")
                self.conn.execute(
                    "UPDATE articles SET " + ", ".join(f"{c} = ?" for c in _COLUMNS[1:]) + " WHERE id = ?",
                    [row[c] for c in _COLUMNS[1:]] + [article.id],
                )
                outcome = "updated" if changed else "unchanged"
            self.conn.execute("DELETE FROM article_tags WHERE article_id = ?", (article.id,))
            seen = set()
            for pos, tag in enumerate(article.tags):
                key = fold(tag)
                if key and key not in seen:
                    seen.add(key)
                    self.conn.execute(
                        "INSERT INTO article_tags VALUES (?, ?, ?, ?)", (article.id, pos, tag, key)
                    )
            if html is not None:
                raw = html.encode("utf-8") if isinstance(html, str) else html
                self.conn.execute(
                    "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                    (article.id, article.url, zlib.compress(raw, 6), article.fetched),
                )
            self._link_breaking(article)
        return outcome

    def _next_seq(self) -> int:
        # Never reuse a number, even after the newest articles were deleted:
        # `news new` shows what lies above its mark.
        return self.conn.execute(
            "SELECT max(coalesce((SELECT max(added_seq) FROM articles), 0),"
            " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_added_seq'), 0)) + 1"
        ).fetchone()[0]

    @staticmethod
    def _row(a: Article) -> dict:
        return {
            "id": a.id, "url": a.url, "site": a.site, "lang": a.lang, "type": a.type,
            "title": a.title, "summary": a.summary, "text": a.text,
            "authors": json.dumps(a.authors, ensure_ascii=False), "source": a.source,
            "published": a.published, "published_utc": _utc(a.published), "updated": a.updated,
            "section": a.section, "subsection": a.subsection,
            "tags": json.dumps(a.tags, ensure_ascii=False), "image_url": a.image_url,
            "image_caption": a.image_caption, "word_count": a.word_count,
            "reading_minutes": a.reading_minutes, "postid": a.postid, "fetched": a.fetched,
            "found_on": json.dumps(a.found_on, ensure_ascii=False),
        }

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        data = dict(row)
        data.pop("published_utc", None)
        data.pop("added_seq", None)
        data["authors"] = json.loads(data["authors"])
        data["tags"] = json.loads(data["tags"])
        data["found_on"] = json.loads(data["found_on"])
        data["starred"] = bool(data.get("starred"))
        return Article(**data)

    def get(self, article_id: str) -> Article:
        row = self.conn.execute(
            "SELECT " + ", ".join(_COLUMNS) + ", starred FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return self._article(row)

    def get_many(self, ids: Iterable[str], with_text: bool = False) -> dict[str, Article]:
        """Articles by id (missing ids are left out), in one query per 500 ids."""
        ids = list(ids)
        cols = ", ".join(_COLUMNS) + ", starred" if with_text else _LIGHT
        out: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.conn.execute(
                f"SELECT {cols} FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            for row in rows:
                out[row["id"]] = self._article(row)
        return out

    def resolve(self, ref: str) -> str:
        """The id named by ``ref``: a full id, a unique prefix (4+ characters) or a URL."""
        ref = ref.strip()
        if looks_like_url(ref):
            row = self.conn.execute(
                "SELECT id FROM articles WHERE url = ?", (canonical_url(ref),)
            ).fetchone()
            if row is None:
                raise NotFound(f"no stored article has the URL {ref}")
            return row["id"]
        ref = ref.lower()
        if len(ref) < 4 or not all(c in "0123456789abcdef" for c in ref):
            raise NotFound(f"no article with id {ref!r} (ids are hex, give at least 4 characters)")
        rows = self.conn.execute(
            f"SELECT {_LIGHT} FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 21",
            (ref, ref + "g"),
        ).fetchall()
        if not rows:
            raise NotFound(f"no article with id {ref}")
        if len(rows) > 1:
            raise Ambiguous(ref, [self._article(r) for r in rows])
        return rows[0]["id"]

    def query(self, filters: Filters | None = None, limit: int | None = None,
              order: str = "newest", with_text: bool = False) -> list[Article]:
        """Articles matching ``filters``, newest (or oldest) published first."""
        return list(self.iter_query(filters, limit, order, with_text))

    def iter_query(self, filters: Filters | None = None, limit: int | None = None,
                   order: str = "newest", with_text: bool = False) -> Iterator[Article]:
        where, params = (filters or Filters()).sql()
        direction = "ASC" if order == "oldest" else "DESC"
        cols = ", ".join(_COLUMNS) + ", starred" if with_text else _LIGHT
        sql = (
            f"SELECT {cols} FROM articles{where} ORDER BY published_utc IS NULL, "
            f"published_utc {direction}, added_seq {direction}"
        )
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.conn.execute(sql, params):
            yield self._article(row)

    def ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM articles")}

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def raw_html(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT html FROM pages WHERE article_id = ?", (article_id,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8", "replace") if row else None

    def tags(self, limit: int | None = None) -> list[tuple[str, int]]:
        """(tag, article count), most used first. Spelling variants count together;
        the most common spelling is shown."""
        sql = """
            SELECT (SELECT t2.tag FROM article_tags t2 WHERE t2.tag_key = t.tag_key
                    GROUP BY t2.tag ORDER BY count(*) DESC, t2.tag LIMIT 1) AS shown,
                   count(*) AS n
            FROM article_tags t GROUP BY tag_key ORDER BY n DESC, shown
        """
        params: list = []
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [(r[0], r[1]) for r in self.conn.execute(sql, params)]

    def set_starred(self, article_id: str, starred: bool) -> None:
        with self.conn:
            self.conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO meta SELECT 'last_added_seq', max(coalesce(max(added_seq), 0), "
                "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_added_seq'), 0)) FROM articles"
            )
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                self.conn.execute(f"DELETE FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        return len(ids)

    # -- breaking news ----------------------------------------------------------

    def record_breaking(self, site: str, lines: list[dict], seen: str) -> set[str]:
        """Store one reading of a ticker: ``lines`` (dicts with id, text, url,
        match_key, bare_key), newest first. Known lines only get ``last_seen``
        (and a URL if they had none); new ones are inserted oldest first, so
        ``seq`` orders them, and linked to a stored article. Returns the new ids."""
        ids = [line["id"] for line in lines]
        if not ids:
            return set()
        with self.conn:
            known = {r[0] for r in self.conn.execute(
                f"SELECT id FROM breaking WHERE id IN ({', '.join('?' * len(ids))})", ids)}
            seq = self.conn.execute("SELECT coalesce(max(seq), 0) FROM breaking").fetchone()[0]
            new: set[str] = set()
            headlines: dict[str, str] | None = None
            for line in reversed(lines):
                if line["id"] in known or line["id"] in new:
                    self.conn.execute(
                        "UPDATE breaking SET last_seen = ?, url = coalesce(url, ?) WHERE id = ?",
                        (seen, line["url"], line["id"]))
                    continue
                seq += 1
                new.add(line["id"])
                if headlines is None:
                    headlines = self._recent_headlines()
                self.conn.execute(
                    "INSERT INTO breaking (id, site, text, url, first_seen, last_seen, article_id, seq, "
                    "match_key, bare_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (line["id"], site, line["text"], line["url"], seen, seen,
                     self._article_for_line(line, headlines), seq, line["match_key"], line["bare_key"]))
        return new

    def breaking_rows(self, site: str | None = None, since: str | None = None,
                      ids: list[str] | None = None, limit: int | None = None) -> list[dict]:
        """Stored ticker lines, newest first. ``since``: first seen at or after (UTC ISO)."""
        where, params = [], []
        if site:
            where.append("site = ?")
            params.append(site)
        if since:
            where.append("first_seen >= ?")
            params.append(since)
        if ids is not None:
            where.append(f"id IN ({', '.join('?' * len(ids))})")
            params += ids
        sql = "SELECT * FROM breaking" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY seq DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(r) for r in self.conn.execute(sql, params)]

    def _article_for_line(self, line: dict, headlines: dict[str, str]) -> str | None:
        """The stored article a new ticker line names: by its link, else by
        headline (``headlines``: match key -> id of recent articles)."""
        if line["url"]:
            row = self.conn.execute("SELECT id FROM articles WHERE url = ?", (line["url"],)).fetchone()
            if row:
                return row[0]
        return headlines.get(line["match_key"]) or headlines.get(line["bare_key"])

    def _recent_headlines(self) -> dict[str, str]:
        """Match keys of the newest articles' headlines -> article id (newest wins)."""
        from newscli.breaking.watch import match_keys

        out: dict[str, str] = {}
        for row in self.conn.execute("SELECT id, title FROM articles ORDER BY added_seq DESC LIMIT ?",
                                     (RECENT_TITLES,)):
            for key in match_keys(row[1]):
                if key:
                    out.setdefault(key, row[0])
        return out

    def _link_breaking(self, article: Article) -> None:
        """Link the ticker lines that name ``article`` (by link or headline) and have no article yet."""
        from newscli.breaking.watch import match_keys

        keys = [k for k in match_keys(article.title) if k]
        marks = ", ".join("?" * len(keys))
        where = "url = ?" + (f" OR match_key IN ({marks}) OR bare_key IN ({marks})" if keys else "")
        self.conn.execute(f"UPDATE breaking SET article_id = ? WHERE article_id IS NULL AND ({where})",
                          [article.id, article.url, *keys, *keys])

    # -- reading flow ---------------------------------------------------------

    def new_articles(self, mark_key: str, limit: int | None = None, claim: bool = True) -> list[Article]:
        """Articles stored after the mark ``mark_key`` (by added_seq), oldest
        first; with ``claim`` the mark moves past them in the same IMMEDIATE
        transaction, so concurrent readers never get one article twice, and
        one stored meanwhile (a higher added_seq, committed later) waits for the next call."""
        self.conn.execute("BEGIN IMMEDIATE" if claim else "BEGIN")
        try:
            mark = int(self.get_meta(mark_key) or 0)
            sql = f"SELECT {_LIGHT}, added_seq FROM articles WHERE added_seq > ? ORDER BY added_seq"
            rows = self.conn.execute(sql + (" LIMIT ?" if limit else ""), (mark, limit) if limit else (mark,)).fetchall()
            if claim and rows:
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (mark_key, str(rows[-1]["added_seq"])))
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        return [self._article(row) for row in rows]

    def older_than(self, cutoff_utc: str, keep_starred: bool = True) -> list[str]:
        """Ids of articles published (or, undated, fetched) before ``cutoff_utc``
        ('YYYY-MM-DDTHH:MM:SSZ'), starred ones left out."""
        sql = "SELECT id FROM articles WHERE coalesce(published_utc, fetched) < ?"
        if keep_starred:
            sql += " AND starred = 0"
        return [row[0] for row in self.conn.execute(sql, (cutoff_utc,))]

    # -- small facts ----------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stats(self) -> dict:
        """Counts for `news stats` (index figures are added by the caller)."""
        sites = dict(self.conn.execute("SELECT site, count(*) FROM articles GROUP BY site ORDER BY 2 DESC"))
        return {
            "articles": self.count(),
            "sites": sites,
            "tags": self.conn.execute("SELECT count(DISTINCT tag_key) FROM article_tags").fetchone()[0],
            "breaking_items": self.conn.execute("SELECT count(*) FROM breaking").fetchone()[0],
            "store_bytes": _file_bytes(self.path),
            "last_sync": self.get_meta("last_sync"),
        }


def _connect(path: Path, create: bool) -> sqlite3.Connection:
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


def _statements(script: str) -> Iterator[str]:
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


def _file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
