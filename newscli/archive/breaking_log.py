"""The breaking-news log: every ticker line seen, when, and the article it names.

Lines are linked to stored articles by their link or by headline keys
(newscli.breaking.keys), both when a line is first seen and when an article
that a line names is stored later.
"""

from __future__ import annotations

import sqlite3

from newscli.breaking.keys import match_keys
from newscli.model import Article

RECENT_TITLES = 1000  # newest articles a new ticker line is matched against


class BreakingLog:
    """The ``breaking`` table of one store connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def record(self, site: str, lines: list[dict], seen: str) -> set[str]:
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

    def rows(self, site: str | None = None, since: str | None = None,
                      ids: list[str] | None = None, limit: int | None = None) -> list[dict]:
        """Stored ticker lines, newest first. ``since``: first seen at or after (UTC ISO)."""
        where: list[str] = []
        params: list[str | int] = []
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
        out: dict[str, str] = {}
        for row in self.conn.execute("SELECT id, title FROM articles ORDER BY added_seq DESC LIMIT ?",
                                     (RECENT_TITLES,)):
            for key in match_keys(row[1]):
                if key:
                    out.setdefault(key, row[0])
        return out

    def link(self, article: Article) -> None:
        """Link the ticker lines that name ``article`` (by link or headline) and have no article yet."""
        keys = [k for k in match_keys(article.title) if k]
        marks = ", ".join("?" * len(keys))
        where = "url = ?" + (f" OR match_key IN ({marks}) OR bare_key IN ({marks})" if keys else "")
        self.conn.execute(f"UPDATE breaking SET article_id = ? WHERE article_id IS NULL AND ({where})",
                          [article.id, article.url, *keys, *keys])
