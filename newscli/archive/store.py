"""The SQLite store of record: one file per data home.

Articles, their raw HTML (zlib-compressed, so pages can be re-extracted when
the extractor improves), fetch state, HTTP validators, the breaking-news log
(breaking_log.py) and small key/value facts. The schema and its migrations
are in schema.py, the filters of list/export/search in filters.py.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.archive.filters import Filters
from newscli.archive.schema import MIGRATIONS, SCHEMA_VERSION, connect, statements
from newscli.dates import utc_key
from newscli.errors import EXIT_STORAGE, NewsError, NothingFound
from newscli.model import Article
from newscli.textclean import fold
from newscli.urls import canonical_url, looks_like_url

if TYPE_CHECKING:
    from newscli.archive.breaking_log import BreakingLog

_COLUMNS = (
    "id", "url", "site", "lang", "type", "title", "summary", "text", "authors", "source",
    "published", "published_utc", "updated", "section", "subsection", "tags", "image_url",
    "image_caption", "word_count", "reading_minutes", "postid", "fetched", "found_on",
)
# What `news list` and search hits need: everything but the body.
_LIGHT = ", ".join(c if c != "text" else "'' AS text" for c in _COLUMNS) + ", starred"


class StoreError(NewsError):
    """The store cannot be opened or used (corrupt, newer schema, read-only...)."""

    exit_code = EXIT_STORAGE


class NotFound(NothingFound):
    """No article matches the id, prefix or URL."""


class Ambiguous(NothingFound):
    """An id prefix matches several articles."""

    def __init__(self, prefix: str, candidates: list[Article]):
        super().__init__(f"{prefix!r} matches {len(candidates)} articles")
        self.prefix = prefix
        self.candidates = candidates


class Store:
    """One SQLite file. Open with :meth:`open`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @cached_property
    def breaking(self) -> BreakingLog:
        """The breaking-news log (loaded when first used: list, read and search never do)."""
        from newscli.archive.breaking_log import BreakingLog

        return BreakingLog(self.conn)

    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        """Open (and migrate) the store. With ``create=False`` a missing store
        is not created: an empty in-memory one answers the reads instead."""
        try:
            if not create and not path.exists():
                conn = sqlite3.connect(":memory:")
            else:
                conn = connect(path, create)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            store._migrate()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:   # a damaged file: garbage where text was
            raise StoreError(f"cannot open the store {path}: {exc}") from None
        return store

    def __enter__(self) -> Store:
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
                for statement in statements(MIGRATIONS[step]):
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
            self.breaking.link(article)
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
            "published": a.published, "published_utc": utc_key(a.published), "updated": a.updated,
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

    def raw_page(self, article_id: str) -> tuple[str, bytes] | None:
        """(URL it was read from, raw bytes) of an article's stored page."""
        row = self.conn.execute("SELECT url, html FROM pages WHERE article_id = ?", (article_id,)).fetchone()
        return (row[0], zlib.decompress(row[1])) if row else None

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

    def delete(self, ids: Iterable[str], keep_starred: bool = False) -> set[str]:
        """Delete the articles ``ids``; returns the ids deleted. With
        ``keep_starred`` the DELETE itself leaves starred rows alone (in the same
        transaction), so one starred after the ids were chosen is never lost."""
        ids = list(ids)
        deleted: set[str] = set()
        guard = " AND starred = 0" if keep_starred else ""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO meta SELECT 'last_added_seq', max(coalesce(max(added_seq), 0), "
                "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_added_seq'), 0)) FROM articles"
            )
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                deleted.update(r[0] for r in self.conn.execute(
                    f"SELECT id FROM articles WHERE id IN ({marks}){guard}", chunk))
                self.conn.execute(f"DELETE FROM articles WHERE id IN ({marks}){guard}", chunk)
        return deleted

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


def _file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
