"""Finding article URLs: the sitemap index, its monthly sitemaps, section pages.

Sources are read one at a time, newest first, and each one's URLs are queued
in the store before the next is read (see :mod:`newscli.sync.state`), so
fetching can start after the first sitemap and a run capped by ``--limit``
reads only as much of the archive as it needs.

The monthly sitemaps are taken from the index, never built from a pattern.
Each is revalidated with a conditional GET; old months that the index does not
date are re-checked only now and then (:data:`REVALIDATE_AFTER`), since a
site with years of archives would otherwise cost a hundred requests per run
to learn that nothing changed. ``--full`` re-checks all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from urllib.parse import unquote, urljoin, urlsplit

from newscli.dates import utc_stamp
from newscli.fetch import Fetcher, FetchError, Response
from newscli.sites.recipe import Recipe
from newscli.sync.robots import Robots
from newscli.sync.sitemaps import MAX_SITEMAP_BYTES, BadSitemap, Entry, parse_sitemap
from newscli.sync.state import Cached, RecordCounts, SyncState
from newscli.urls import canonical_url

RECENT_SITEMAPS = 2                  # the newest sitemaps of an index are revalidated every run
REVALIDATE_AFTER = timedelta(days=7)  # older undated ones, this often
MAX_INDEX_CHILDREN = 10_000
MAX_DEPTH = 2                        # an index may list indexes, once
RECORD_CHUNK = 500
MAX_LISTING_PAGES = 20               # pages of one section listing followed in a run
_MONTH_IN_URL = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/](\d{1,2})(?!\d)")


@dataclass
class Section:
    """What ``--section NAME`` selects: URLs under its path, and its landing page."""

    name: str
    landing: list[str]   # URLs of the recipe's section pages that NAME names

    @classmethod
    def resolve(cls, recipe: Recipe, name: str) -> Section:
        key = name.strip().strip("/").lower()
        paths = [p for p in recipe.sections
                 if p.strip("/").lower() == key or p.strip("/").lower().rsplit("/", 1)[-1] == key]
        if not paths and "/" in key:
            paths = [key]
        return cls(key, [recipe.url(p.lstrip("/")) for p in paths])

    def contains(self, url: str) -> bool:
        path = unquote(urlsplit(url).path).lower()
        if self.landing:
            return any(path.startswith(unquote(urlsplit(u).path).lower().rstrip("/") + "/")
                       for u in self.landing)
        folders = path.strip("/").split("/")[:-1]
        return self.name in folders


@dataclass
class Child:
    """A sitemap listed by an index."""

    url: str
    lastmod: datetime | None
    month: tuple[int, int] | None   # the month it covers, read from its URL

    @property
    def newest(self) -> datetime | None:
        """The latest time its entries can be from (None: unknown)."""
        if self.month:
            year, month = self.month
            return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        return self.lastmod


def month_in_url(url: str) -> tuple[int, int] | None:
    """(2024, 7) from '.../sitemap-2024-7.xml'."""
    name = urlsplit(url).path.rsplit("/", 1)[-1] or urlsplit(url).path
    match = _MONTH_IN_URL.search(name) or _MONTH_IN_URL.search(urlsplit(url).path)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    return None


def newest_first(entries: Iterable[Entry]) -> list[Child]:
    """Index entries as children, newest first; undated ones first of all (a
    'latest' or 'news' sitemap), in the index's order."""
    children = [Child(e.loc, e.lastmod, month_in_url(e.loc)) for e in entries]

    def key(child: Child):
        if child.month:
            return (1, datetime(*child.month, 1, tzinfo=UTC))
        if child.lastmod:
            return (1, child.lastmod)
        return (2, datetime.min.replace(tzinfo=UTC))

    return sorted(children, key=key, reverse=True)


def listing(html: str, page_url: str, recipe: Recipe) -> tuple[list[Entry], str | None]:
    """The distinct article links of a section page, in page order, and the
    URL of its next page (``rel="next"``, on the site), if any."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], None
    seen, out = set(), []
    for href in doc.xpath("//a/@href"):
        url = canonical_url(urljoin(page_url, href.strip()))
        if url not in seen and recipe.is_article_url(url) and recipe.covers(url):
            seen.add(url)
            out.append(Entry(url))
    nexts = doc.xpath("(//a|//link)[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href")
    following = canonical_url(urljoin(page_url, nexts[0].strip())) if nexts else None
    return out, following if following and recipe.covers(following) else None


class Discovery:
    """Reads the sources of one site and queues their article URLs."""

    def __init__(self, recipe: Recipe, fetcher: Fetcher, robots: Robots, state: SyncState, report,
                 since: datetime | None = None, section: Section | None = None, full: bool = False,
                 on_source: Callable[[str], None] | None = None):
        self.recipe = recipe
        self.fetcher = fetcher
        self.robots = robots
        self.state = state
        self.report = report
        self.since = since
        self.section = section
        self.full = full
        self.on_source = on_source or (lambda url: None)
        self.counts = RecordCounts()

    def run(self) -> Iterator[str]:
        """Read the sources one by one, yielding each one's URL once its links are queued."""
        if self.section:
            for url in self.section.landing:
                yield from self._page(url)
        roots = [self.recipe.url(p) for p in self.recipe.sitemaps] or \
            [u for u in self.robots.sitemaps if self.recipe.covers(u)]
        read_before = self._sitemaps_answered()
        for url in roots:
            yield from self._sitemap(url, depth=0)
        if self._sitemaps_answered() == read_before:
            # No sitemap at all: the home page and the section pages instead.
            done = self.section.landing if self.section else []
            for url in [self.recipe.base_url] + [self.recipe.url(p.lstrip("/")) for p in self.recipe.sections]:
                if url not in done:
                    yield from self._page(url)

    def _sitemaps_answered(self) -> int:
        s = self.report.sitemaps
        return s["read"] + s["not_modified"]

    # -- sitemaps -----------------------------------------------------------

    def _sitemap(self, url: str, depth: int, listed: datetime | None = None) -> Iterator[str]:
        """Read a sitemap (``listed``: the <lastmod> its index gives it)."""
        cached = self.state.cached(url)
        response = self._get(url, cached, MAX_SITEMAP_BYTES)
        if response is None:
            self.report.sitemaps["failed"] += not self.fetcher.cancelled
            return
        if response.not_modified:
            self.state.touch(url, listed)
            self.report.sitemaps["not_modified"] += 1
            if cached is None or cached.body is None:
                return           # a page sitemap, all of it queued before
            body = cached.body   # an index: its children are still needed
        else:
            self.report.sitemaps["read"] += 1
            body = response.content
        try:
            sitemap = parse_sitemap(body)
        except BadSitemap as exc:
            self.report.discovery_error(url, str(exc))
            return
        if sitemap.kind == "urlset":
            if self._record(url, sitemap.entries):
                self.state.remember(url, response.etag, response.last_modified, listed)
            yield url
            return
        if depth >= MAX_DEPTH:
            self.report.discovery_error(url, "sitemap indexes nested too deep; ignored")
            return
        children = self._children(url, sitemap.entries, save=None if response.not_modified else response)
        for rank, child in enumerate(children):
            if self._wanted(child, rank):
                yield from self._sitemap(child.url, depth + 1, child.lastmod)

    def _children(self, url: str, entries: Iterator[Entry], save: Response | None) -> list[Child]:
        """The on-site sitemaps an index lists, newest first. The index body is
        kept (with its validators) only when read in full."""
        onsite = self._onsite(entries)
        try:
            children = newest_first(islice(onsite, MAX_INDEX_CHILDREN))
            complete = True
        except BadSitemap as exc:
            self.report.discovery_error(url, str(exc))
            children, complete = [], False
        if save is not None and complete:
            self.state.remember(url, save.etag, save.last_modified, body=save.content)
        return children

    def _wanted(self, child: Child, rank: int) -> bool:
        """Should this run (re)read the sitemap ``child``?"""
        newest = child.newest
        if self.since and newest and newest < self.since:
            self.report.sitemaps["too_old"] += 1
            return False
        cached = self.state.cached(child.url)
        if self.full or cached is None or cached.checked is None:
            return True
        if child.lastmod:
            # Compared with what the index said last time, not with our clock:
            # the server's clock and ours need not agree.
            wanted = cached.listed_lastmod != (utc_stamp(child.lastmod) if child.lastmod else None)
        else:
            now = datetime.now(UTC)
            wanted = rank < RECENT_SITEMAPS or now - cached.checked > REVALIDATE_AFTER
        if not wanted:
            self.report.sitemaps["unchanged"] += 1
        return wanted

    # -- section pages ------------------------------------------------------

    def _page(self, url: str) -> Iterator[str]:
        """A section page, then its next pages (``rel="next"``) while each
        brings URLs not seen before: listings run newest first, so a page
        of known links means the older pages are known too."""
        for _ in range(MAX_LISTING_PAGES):
            cached = self.state.cached(url)
            response = self._get(url, cached, self.fetcher.max_bytes)
            if response is None or response.not_modified:
                return
            links, following = listing(response.text, response.url, self.recipe)
            before = self.counts.new + self.counts.changed
            if self._record(url, iter(links)):
                self.state.remember(url, response.etag, response.last_modified)
            yield url
            if not following or following == url or self.counts.new + self.counts.changed == before:
                return
            url = following

    # -- shared -------------------------------------------------------------

    def _get(self, url: str, cached: Cached | None, max_bytes: int) -> Response | None:
        """A conditional GET of a discovery source; None when it failed (reported)."""
        if not self.robots.allowed(url):
            self.report.discovery_error(url, "disallowed by robots.txt")
            return None
        self.on_source(url)
        try:
            response = self.fetcher.get(
                url, etag=cached.etag if cached else None,
                last_modified=cached.last_modified if cached else None, max_bytes=max_bytes,
            )
        except FetchError as exc:
            if not self.fetcher.cancelled:
                self.report.discovery_error(url, exc.reason, exc)
            return None
        self.report.answered += 1
        return response

    def _onsite(self, entries: Iterator[Entry]) -> Iterator[Entry]:
        for entry in entries:
            if self.recipe.covers(entry.loc):
                yield entry
            else:
                self.report.offsite += 1

    def _record(self, url: str, entries: Iterator[Entry]) -> bool:
        """Queue every on-site entry, a chunk at a time; False if the source broke off."""
        onsite = self._onsite(entries)
        try:
            while chunk := list(islice(onsite, RECORD_CHUNK)):
                self.state.record(chunk, self.counts)
        except BadSitemap as exc:
            self.report.discovery_error(url, str(exc))
            return False
        return True
