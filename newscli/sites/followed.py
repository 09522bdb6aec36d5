"""The sites followed: a name, a home URL, its entry points and settings, in the store.

One concept for every source: a built-in or user recipe is a site of kind
``recipe`` (its entry point is its base URL); `news follow` adds sites whose
entry points are feeds, sitemaps or section pages. A data home starts out
following the default recipe, so `news sync` does what it always did.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newscli.archive.store import Store
from newscli.dates import utc_stamp
from newscli.errors import NothingFound, UsageError

DEFAULT_EVERY = 3600
MAX_BACK_OFF = 86400          # a failing site is retried at least once a day
FAILING_AFTER = 3             # failed polls in a row
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$", re.I)
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SUFFIXES = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}
_PREFIXES = {"www", "m", "feeds", "feed", "rss", "news", "en", "amp"}


class UnknownSite(NothingFound):
    """No followed site has that name."""


@dataclass
class EntryPoint:
    url: str
    kind: str    # feed, sitemap, section or recipe

    def to_json(self) -> dict:
        return {"url": self.url, "kind": self.kind}


@dataclass
class Site:
    name: str
    home: str
    entry_points: list[EntryPoint] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    every: int | None = DEFAULT_EVERY    # seconds between polls (None: not followed)
    min_every: int = 0                   # what the site allows (Cache-Control, <ttl>, sy:updatePeriod)
    last_success: str | None = None
    last_attempt: str | None = None
    next_check: str | None = None
    failures: int = 0
    status: str = "ok"                   # ok, failing, gone
    last_error: dict | None = None
    articles: int = 0

    @property
    def kind(self) -> str:
        return self.entry_points[0].kind if self.entry_points else "feed"

    @property
    def url(self) -> str | None:
        return self.entry_points[0].url if self.entry_points else None

    def due(self, now: datetime | None = None) -> bool:
        if not self.next_check:
            return True
        return datetime.fromisoformat(self.next_check) <= (now or datetime.now(UTC))

    def to_json(self) -> dict:
        return {
            "name": self.name, "kind": self.kind, "home": self.home, "url": self.url,
            "entry_points": [e.to_json() for e in self.entry_points], "tags": self.tags,
            "every": format_duration(self.every) if self.every else None, "articles": self.articles,
            "last_success": self.last_success, "next_check": self.next_check, "status": self.status,
            "last_error": self.last_error,
        }


def parse_duration(text: str) -> int:
    """Seconds in '1h', '30m', '2d', '90s' (a bare number: minutes)."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"not a duration: {text!r} (use 30m, 1h, 6h, 1d)")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def format_duration(seconds: int) -> str:
    for unit in ("w", "d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def name_for_host(host: str) -> str:
    """'example' from 'www.example.com', 'bbc' from 'feeds.bbc.co.uk'; an IP address as 127-0-0-5."""
    host = host.lower().strip(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return re.sub(r"[^0-9a-z]+", "-", host).strip("-") or "site"
    labels = host.split(".")
    if len(labels) > 1:
        labels = labels[:-1]                       # the top-level domain
    if len(labels) > 1 and labels[-1] in _SUFFIXES:
        labels = labels[:-1]                       # co.uk, com.au
    while len(labels) > 1 and labels[0] in _PREFIXES:
        labels = labels[1:]
    return re.sub(r"[^0-9a-z-]+", "-", labels[-1]).strip("-") or "site"


class Sites:
    """The sites table of one store (and the default recipe it starts with)."""

    def __init__(self, store: Store, default_recipe: str | None = None):
        self.store = store
        self.conn = store.conn
        if default_recipe and store.get_meta("sites:started") is None:
            self._start(default_recipe)

    def _start(self, recipe_name: str) -> None:
        """A data home first follows the default recipe (once: unfollowing it sticks)."""
        from newscli.sites import all_recipes

        recipe = next((r for r in all_recipes() if r.name == recipe_name), None)
        with self.conn:
            if recipe is not None and self._row(recipe.name) is None:
                self._insert(Site(recipe.name, recipe.base_url, [EntryPoint(recipe.base_url, "recipe")]))
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('sites:started', ?)", (utc_stamp(),))

    # -- reading ---------------------------------------------------------------

    def all(self) -> list[Site]:
        return [self._site(row) for row in self.conn.execute("SELECT * FROM sites ORDER BY rowid")]

    def get(self, name: str) -> Site:
        row = self._row(name)
        if row is None:
            known = ", ".join(s.name for s in self.all()) or "none yet"
            raise UnknownSite(f"no site named {name!r} is followed (followed: {known}; see `news sites`)")
        return self._site(row)

    def find(self, name: str) -> Site | None:
        row = self._row(name)
        return self._site(row) if row else None

    def owner_of(self, url: str) -> Site | None:
        """The site that has ``url`` as an entry point."""
        row = self.conn.execute("SELECT site FROM entry_points WHERE url = ?", (url,)).fetchone()
        return self.get(row[0]) if row else None

    def for_home(self, home: str) -> Site | None:
        """The followed site on ``home``'s host (a second entry point goes there)."""
        from newscli.urls import host_of

        for site in self.all():
            if host_of(site.home) == host_of(home) and site.kind != "recipe":
                return site
        return None

    def unique_name(self, wanted: str) -> str:
        name, n = wanted, 1
        while self._row(name) is not None:
            n += 1
            name = f"{wanted}-{n}"
        return name

    def _row(self, name: str):
        return self.conn.execute("SELECT * FROM sites WHERE name = ?", (name,)).fetchone()

    def _site(self, row) -> Site:
        points = [EntryPoint(r["url"], r["kind"]) for r in self.conn.execute(
            "SELECT url, kind FROM entry_points WHERE site = ? ORDER BY position", (row["name"],))]
        articles = self.conn.execute(
            "SELECT count(*) FROM articles WHERE site = ? OR instr(found_on, json_quote(?))",
            (row["name"], row["name"])).fetchone()[0]
        return Site(row["name"], row["home"], points, json.loads(row["tags"]), row["every"], row["min_every"],
                    row["last_success"], row["last_attempt"], row["next_check"], row["failures"],
                    row["status"], json.loads(row["last_error"]) if row["last_error"] else None, articles)

    # -- writing ---------------------------------------------------------------

    def add(self, site: Site) -> Site:
        with self.conn:
            self._insert(site)
        return self.get(site.name)

    def _insert(self, site: Site) -> None:
        self.conn.execute(
            "INSERT INTO sites (name, home, tags, every, min_every, added) VALUES (?, ?, ?, ?, ?, ?)",
            (site.name, site.home, json.dumps(site.tags, ensure_ascii=False), site.every or DEFAULT_EVERY,
             site.min_every, utc_stamp()))
        for point in site.entry_points:
            self._insert_point(site.name, point)

    def _insert_point(self, name: str, point: EntryPoint) -> None:
        position = self.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM entry_points WHERE site = ?",
                                     (name,)).fetchone()[0]
        self.conn.execute("INSERT INTO entry_points (url, site, kind, position) VALUES (?, ?, ?, ?)",
                          (point.url, name, point.kind, position))

    def add_entry_point(self, name: str, point: EntryPoint, tags: Sequence[str] = (),
                        every: int | None = None) -> Site:
        """Another entry point (and tags, a new interval) for a followed site."""
        site = self.get(name)
        with self.conn:
            self._insert_point(name, point)
            self._settings(site, tags, every)
        return self.get(name)

    def _settings(self, site: Site, tags, every: int | None) -> None:
        from newscli.model import unique_tags

        self.conn.execute("UPDATE sites SET tags = ?, every = ? WHERE name = ?",
                          (json.dumps(unique_tags(site.tags + list(tags)), ensure_ascii=False),
                           every or site.every or DEFAULT_EVERY, site.name))

    def move_entry_point(self, old: str, new: str) -> None:
        """A 301: the entry point lives at ``new`` from now on."""
        with self.conn:
            if self.conn.execute("SELECT 1 FROM entry_points WHERE url = ?", (new,)).fetchone():
                self.conn.execute("DELETE FROM entry_points WHERE url = ?", (old,))
            else:
                self.conn.execute("UPDATE entry_points SET url = ? WHERE url = ?", (new, old))

    def remove(self, name: str) -> Site:
        site = self.get(name)
        with self.conn:
            self.conn.execute("DELETE FROM sites WHERE name = ?", (name,))
            self.conn.execute("DELETE FROM feed_items WHERE site = ?", (name,))
        return site

    def polled(self, name: str, ok: bool, error: dict | None = None, gone: bool = False,
               min_every: int | None = None, not_before: float | None = None) -> None:
        """Record a poll: its time, the next check (the interval, never less than
        the site allows; doubled per failure in a row, up to a day; never before
        a Retry-After), and the status."""
        site = self.get(name)
        now = datetime.now(UTC)
        min_every = site.min_every if min_every is None else min_every
        every = max(site.every or DEFAULT_EVERY, min_every)
        failures = 0 if ok else site.failures + 1
        if failures:
            every = min(every * 2 ** (failures - 1), max(MAX_BACK_OFF, every))
        wait = max(every, not_before or 0)
        status = "gone" if gone else "failing" if failures >= FAILING_AFTER else "ok"
        with self.conn:
            self.conn.execute(
                "UPDATE sites SET last_attempt = ?, last_success = coalesce(?, last_success), next_check = ?, "
                "failures = ?, status = ?, last_error = ?, min_every = ? WHERE name = ?",
                (now.isoformat(timespec="seconds"), now.isoformat(timespec="seconds") if ok else None,
                 (now + timedelta(seconds=wait)).isoformat(timespec="seconds"), failures, status,
                 json.dumps(error) if error else None, min_every, name))

    # -- what articles were reached through ------------------------------------

    def found_on(self, article_id: str, name: str) -> None:
        """Article ``article_id`` was reached through site ``name`` too."""
        row = self.conn.execute("SELECT site, found_on FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        sites = json.loads(row["found_on"]) or [row["site"]]
        if name not in sites:
            with self.conn:
                self.conn.execute("UPDATE articles SET found_on = ? WHERE id = ?",
                                  (json.dumps(sites + [name], ensure_ascii=False), article_id))

    def article_for_key(self, key: str) -> str | None:
        row = self.conn.execute(
            "SELECT k.article_id FROM article_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = ?",
            (key,)).fetchone()
        return row[0] if row else None

    def add_keys(self, pairs: list[tuple[str, str]]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO article_keys VALUES (?, ?)", pairs)

    def only_here(self, name: str) -> list[str]:
        """Ids of the articles reached through site ``name`` alone (what --delete removes)."""
        rows = self.conn.execute(
            "SELECT id, site, found_on FROM articles WHERE site = ? OR instr(found_on, json_quote(?))", (name, name))
        return [r["id"] for r in rows if set(json.loads(r["found_on"]) or [r["site"]]) <= {name}]

    def forget(self, name: str) -> None:
        """Drop ``name`` from the articles it shared with other sites."""
        rows = self.conn.execute("SELECT id, found_on FROM articles WHERE instr(found_on, json_quote(?))",
                                 (name,)).fetchall()
        with self.conn:
            for row in rows:
                rest = [s for s in json.loads(row["found_on"]) if s != name]
                if rest:
                    self.conn.execute("UPDATE articles SET found_on = ?, site = ? WHERE id = ?",
                                      (json.dumps(rest, ensure_ascii=False), rest[0], row["id"]))


def recipe_sites(sites: Sites) -> list[Site]:
    """Recipes not followed, as sites (for `news sites --all`)."""
    from newscli.sites import all_recipes

    followed = {s.name for s in sites.all()}
    return [Site(r.name, r.base_url, [EntryPoint(r.base_url, "recipe")], every=None)
            for r in all_recipes() if r.name not in followed]
