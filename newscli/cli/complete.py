"""Shell completion of values from the data home: site names, tags, article ids.

Asked on every Tab, so fast: one read-only SQLite query, no Whoosh, no
network, nothing written. The group's callback does not run while the shell
completes, so the data home is found here: --home, else $NEWS_HOME, else the
default. Any trouble (no store yet, a locked or damaged one) completes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_IDS = 50


def _home(ctx) -> Path:
    from newscli.config import default_home

    root = ctx.find_root() if ctx is not None else None
    given = root.params.get("home") if root is not None else None
    return Path(given or os.environ.get("NEWS_HOME") or default_home()).expanduser()


def _rows(ctx, sql: str, params: tuple = ()) -> list[tuple]:
    import sqlite3
    from contextlib import closing

    db = _home(ctx) / "news.db"
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.2)) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []


def sites(ctx, incomplete: str) -> list[str]:
    """Recipe names and the sites articles are stored under."""
    from newscli.sites import all_recipes

    try:
        names = {r.name for r in all_recipes()}
    except Exception:   # a broken user recipe must not break Tab
        names = set()
    names |= {row[0] for row in _rows(ctx, "SELECT DISTINCT site FROM articles")}
    return sorted(n for n in names if n.startswith(incomplete))


def recipes(ctx, incomplete: str) -> list[str]:
    """Recipe names only (what `news sync SITE` can crawl)."""
    from newscli.sites import all_recipes

    try:
        return sorted(r.name for r in all_recipes() if r.name.startswith(incomplete))
    except Exception:
        return []


def tags(ctx, incomplete: str) -> list[str]:
    """Stored tags beginning so (case ignored), most used first."""
    rows = _rows(ctx, "SELECT tag, count(*) AS n FROM article_tags WHERE tag LIKE ? ESCAPE '\\' "
                      "GROUP BY tag ORDER BY n DESC, tag LIMIT 100", (_like(incomplete),))
    return [row[0] for row in rows]


def ids(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Article ids beginning so, newest first, each with its title as help."""
    prefix = incomplete.lower()
    if prefix and not all(c in "0123456789abcdef" for c in prefix):
        return []
    rows = _rows(ctx, "SELECT id, title FROM articles WHERE id >= ? AND id < ? "
                      "ORDER BY published_utc DESC LIMIT ?", (prefix, prefix + "g", MAX_IDS))
    return [(row[0], " ".join((row[1] or "").split())[:70]) for row in rows]


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
