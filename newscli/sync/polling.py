"""`news sync` over the sites followed: each entry point polled, each item's
page fetched and extracted as any sync does, the feed as its fallback.

A followed site's run is a :class:`~newscli.sync.runner.SyncRun` (the same
bounded fetch pool, batched saves, queue in the store) whose discovery reads
the site's entry points instead of a recipe's sitemaps:

- feeds and sitemaps are revalidated with their ETag / Last-Modified, so a
  poll with nothing new costs one 304 per entry point and no article page;
- item links may lead to other hosts: each host's robots.txt is read, and the
  Fetcher keeps each host's rate;
- an item's feed data (title, authors, dates, categories, image, GUID, full
  content) fills what the page leaves blank, and replaces the page when it
  cannot be fetched or holds less text; an item without a link is stored
  from the feed alone;
- one story reached twice is one article: the same canonical URL (a
  ``<link rel=canonical>`` to another host is honoured), else the same GUID,
  else a title of ~90% the same 4-gram shingles; ``found_on`` lists the sites.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from newscli.archive.archive import Archive
from newscli.dates import parse_date, utc_stamp
from newscli.fetch import Fetcher, FetchError, Response
from newscli.model import Article
from newscli.sites import recipe_for_url
from newscli.sites.followed import Site, Sites
from newscli.sites.recipe import Recipe
from newscli.sync.extraction import Extraction
from newscli.sync.feeds import (
    FEED_MAX_BYTES,
    MAX_ITEMS,
    Feed,
    Item,
    is_sitemap_index,
    parse_feed,
    parse_news_sitemap,
    safe_link,
)
from newscli.sync.follow import MAX_SECTION_PAGES, article_links
from newscli.sync.ingest import Outcome
from newscli.sync.report import SyncReport
from newscli.sync.robots import Robots
from newscli.sync.runner import SyncOptions, SyncRun
from newscli.sync.sitemaps import Entry
from newscli.sync.state import Queued, RecordCounts
from newscli.urls import article_id, canonical_url, host_of

SAME_TITLE = 0.9               # shingle overlap of two titles of one story
RECENT_TITLES = 2000           # stored articles a new title is compared with
_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_HREF = re.compile(r"\bhref=[\"']([^\"'>]+)[\"']", re.I)
_MAX_AGE = re.compile(r"max-age=(\d+)")


@dataclass
class FollowReport(SyncReport):
    """A followed site's run: a sync report, plus its entry points' fate."""

    feeds: Counter = field(default_factory=lambda: Counter(read=0, not_modified=0, failed=0))
    notes: list[str] = field(default_factory=list)   # what was wrong with a feed, one line each
    duplicates: int = 0        # stories already stored through another site or feed
    from_feed: int = 0         # articles stored from the feed alone

    def summary(self) -> str:
        line = super().summary()
        extra = [f"{self.feeds['read']} read, {self.feeds['not_modified']} unchanged (304)"]
        if self.duplicates:
            extra.append(f"{self.duplicates} already stored via another site")
        if self.from_feed:
            extra.append(f"{self.from_feed} from the feed alone")
        return line + "; entry points: " + ", ".join(extra)

    def to_json(self) -> dict:
        return {**super().to_json(), "feeds": dict(self.feeds), "notes": self.notes,
                "duplicates": self.duplicates, "from_feed": self.from_feed}


class FollowRun(SyncRun):
    """One followed site's poll."""

    report: FollowReport

    def __init__(self, archive: Archive, site: Site, sites: Sites, fetcher: Fetcher, options: SyncOptions,
                 on_progress: Callable | None = None):
        super().__init__(archive, Recipe(name=site.name, title=site.name, base_url=site.home), fetcher, options,
                         on_progress)
        from newscli.sites import all_recipes

        self.site, self.sites = site, sites
        self.report = FollowReport(site.name, site.home)
        self.recipes = all_recipes()
        self.canonicals: dict[str, str] = {}
        self.structured: dict[str, set[str]] = {}   # fields the page's JSON-LD or meta tags give
        self.robots_by_host: dict[str, Robots] = {}
        self.titles: list[tuple[str, set[str]]] | None = None
        self.moved: list[tuple[str, str]] = []
        self.entry_errors: list[FetchError] = []
        self.min_every = 0
        self.counts = RecordCounts()

    # -- the entry points -----------------------------------------------------------

    def _work(self):
        self.report.phase = "reading entry points"
        for point in self.site.entry_points:
            self._read(point.url, point.kind)
        counts = self.counts
        self.report.discovered, self.report.changed, self.report.known = counts.new, counts.changed, counts.known
        self.report.phase = "fetching"
        self.on_progress(self.report)
        for row in self.state.queued(after=0):
            if self._selected(row):
                self.report.queued += 1
                yield row

    def _get(self, url: str, conditional: bool = True):
        if not self._robots(url).allowed(url):
            self.report.discovery_error(url, "disallowed by robots.txt")
            return None
        cached = self.state.cached(url) if conditional else None
        self.on_progress(self.report)
        try:
            response = self.fetcher.get(url, etag=cached.etag if cached else None,
                                        last_modified=cached.last_modified if cached else None,
                                        max_bytes=FEED_MAX_BYTES)
        except FetchError as exc:
            if not self.fetcher.cancelled:
                self.report.discovery_error(url, exc.reason, exc)
                self.entry_errors.append(exc)
                self.report.feeds["failed"] += 1
            return None
        self.report.answered += 1
        age = _MAX_AGE.search(response.headers.get("cache-control", ""))
        if age:
            self.min_every = max(self.min_every, min(int(age.group(1)), 86400))
        return response

    def _read(self, url: str, kind: str) -> None:
        response = self._get(url)
        if response is None:
            return
        if response.moved and canonical_url(response.url) != url:
            self.moved.append((url, canonical_url(response.url)))
        if response.not_modified:
            self.state.touch(url)
            self.report.feeds["not_modified"] += 1
            return
        self.report.feeds["read"] += 1
        if kind == "section":
            self._section(url, response)
            return
        if kind == "sitemap" and is_sitemap_index(response.content):
            self._index(url, response)
            return
        feed = (parse_feed if kind == "feed" else parse_news_sitemap)(response.content, response.url)
        if feed is None:
            self.report.discovery_error(url, f"not a {kind} any more (an HTML page?)")
            return
        self._noted(url, feed)
        self.min_every = max(self.min_every, feed.min_interval)
        self._record(feed.items, url)
        self.state.remember(url, response.etag, response.last_modified)

    def _index(self, url: str, response) -> None:
        """A sitemap index: its news sitemaps (else its first two) read. Its own
        validators are not kept: a 304 for the index says nothing of its children."""
        from newscli.sync.discovery import newest_first
        from newscli.sync.sitemaps import BadSitemap, parse_sitemap

        try:
            children = [c.url for c in newest_first(parse_sitemap(response.content).entries)][:50]
        except BadSitemap as exc:
            self.report.discovery_error(url, str(exc))
            return
        for child in ([c for c in children if "news" in c.lower()] or children)[:2]:
            self._read(child, "sitemap")

    def _section(self, url: str, response) -> None:
        """A section page and its next pages, while each brings new links."""
        self.state.remember(url, response.etag, response.last_modified)
        for _ in range(MAX_SECTION_PAGES):
            links, following = article_links(response.text, response.url)
            before = self.counts.new
            self._record([Item(link) for link in links], url)
            if not following or following == url or self.counts.new == before:
                return
            url = following
            response = self._get(url, conditional=False)
            if response is None:
                return

    def _noted(self, url: str, feed: Feed) -> None:
        """One line for each thing wrong with a feed (it is read anyway)."""
        if feed.problem:
            self.report.notes.append(f"{url}: {feed.problem}")
        if feed.refused:
            self.report.notes.append(f"{url}: {len(feed.refused)} item links refused (not http(s): "
                                     f"{', '.join(feed.refused[:3])})")
        if feed.total > MAX_ITEMS:
            self.report.notes.append(f"{url}: {feed.total:,} items; the first {MAX_ITEMS} read")

    def _record(self, items: list[Item], source: str) -> None:
        """Queue the items' links; keep their feed data; an item known under
        another URL or GUID is only noted as found here too."""
        entries, rows = [], []
        for item in items:
            if item.link is None:
                if item.title and (item.text or item.summary):
                    self._feed_only(item, source)
                continue
            known = self.sites.article_for_key("guid:" + item.guid) if item.guid else None
            known = known or self.sites.article_for_key("url:" + item.link)
            if known and known != article_id(item.link):
                self.sites.found_on(known, self.site.name)
                self.counts.known += 1
                continue
            if stored := self.state.stored_id(item.link):
                self.sites.found_on(stored, self.site.name)
            when = parse_date(item.updated or item.published)
            entries.append(Entry(item.link, when))
            if item.title or item.guid:
                rows.append((item.link, self.site.name, zlib.compress(json.dumps(item.to_data()).encode(), 6)))
        with self.state.conn:
            self.state.conn.executemany("INSERT OR REPLACE INTO feed_items VALUES (?, ?, ?)", rows)
        self.state.record(entries, self.counts)

    def _feed_only(self, item: Item, source: str) -> None:
        """An item with no link: an article from the feed alone, under a stable made-up URL."""
        digest = hashlib.sha256(f"{source}\n{item.guid or item.title}".encode()).hexdigest()[:20]
        url = f"urn:news-item:{digest}"
        if self.state.stored_id(url) is None:
            article = self._from_item(item, url)
            self.batch.append((Queued(url, "pending", None, 0, 0), Outcome(url, "ready", article), article, None))
            self.report.from_feed += 1

    def _from_item(self, item: Item, url: str) -> Article:
        return Article(url=url, site=self.site.name, lang=item.lang, title=item.title, summary=item.summary,
                       text=item.text or item.summary, authors=item.authors, published=item.published,
                       updated=item.updated, tags=item.tags + self.site.tags, image_url=item.image,
                       fetched=utc_stamp(), found_on=[self.site.name]).finish()

    # -- fetching -------------------------------------------------------------------

    def _selected(self, row: Queued) -> bool:
        if self.section and not self.section.contains(row.url):
            return False   # --section: URLs with that folder (it stays queued)
        if self.since and row.lastmod and datetime.fromisoformat(row.lastmod) < self.since:
            return False
        if row.status == "pending" and (stored := self.state.stored_id(row.url)):
            self.finished.append((row.url, "done", None, None, stored))
            return False
        if not self._robots(row.url).allowed(row.url):
            self.report.skip("disallowed by robots.txt")
            self.finished.append((row.url, "skipped", None, "disallowed by robots.txt", None))
            return False
        return True

    def _robots(self, url: str) -> Robots:
        host = host_of(url)
        if host == host_of(self.site.home) and self.robots is not None:
            return self.robots
        if host not in self.robots_by_host:
            try:
                self.robots_by_host[host] = Robots.fetch(self.fetcher, url)
            except FetchError as exc:
                self.robots_by_host[host] = Robots(self.fetcher.user_agent, note=exc.reason)
        return self.robots_by_host[host]

    def _extract(self, row: Queued, response: Response):
        declared = _declared_canonical(response.text[:65536], response.url)
        if declared:
            self.canonicals[row.url] = declared
        self.structured[row.url] = structured_fields(response.text, response.url)
        recipe = recipe_for_url(response.url, self.recipes)
        return self.extractor.submit(response.text, response.url, recipe, response.status), response.content

    # -- results (main thread) --------------------------------------------------------

    def _handle(self, row: Queued, result, raw: bytes | None) -> None:
        if isinstance(result, Extraction):
            result = result.outcome()
        item = self._item(row.url)
        if item is not None and item.text:
            unfetched = isinstance(result, FetchError) and not self.fetcher.cancelled
            if unfetched or (isinstance(result, Outcome) and result.status == "failed"):
                result, raw = Outcome(row.url, "ready", self._from_item(item, row.url)), None
                self.report.from_feed += 1
        structured = self.structured.pop(row.url, set())
        if isinstance(result, Outcome) and result.status == "ready":
            assert result.article is not None   # a ready outcome has its article
            if item is not None:
                _fill(result.article, item, structured)
            self._adopt(result.article, row)
        super()._handle(row, result, raw)

    def _item(self, url: str) -> Item | None:
        row = self.state.conn.execute("SELECT data FROM feed_items WHERE url = ?", (url,)).fetchone()
        return Item.from_data(json.loads(zlib.decompress(row[0]))) if row else None

    def _adopt(self, article: Article, row: Queued) -> None:
        """The article as this site's: its name, its tags, the canonical URL the page declares."""
        article.site = self.site.name
        article.found_on = [self.site.name]
        article.tags = article.tags + self.site.tags
        declared = self.canonicals.pop(row.url, None)
        if declared and declared != article.url:
            article.url, article.id = declared, article_id(declared)
        article.finish()

    def _duplicate(self, article: Article, item: Item | None) -> str | None:
        """The id of the same story stored through another site (None: not stored, or this site's own)."""
        mine = self.site.name
        row = self.state.conn.execute("SELECT site, found_on FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is not None:
            first = (json.loads(row["found_on"]) or [row["site"]])[0]
            return article.id if first != mine else None
        if item is not None and item.guid and (known := self.sites.article_for_key("guid:" + item.guid)):
            return known
        return self._same_title(article)

    def _same_title(self, article: Article) -> str | None:
        shingles = _shingles(article.title)
        if len(shingles) < 4:
            return None
        if self.titles is None:
            rows = self.state.conn.execute(
                "SELECT id, title FROM articles WHERE site != ? ORDER BY added_seq DESC LIMIT ?",
                (self.site.name, RECENT_TITLES)).fetchall()
            self.titles = [(r["id"], _shingles(r["title"])) for r in rows]
        for other_id, other in self.titles:
            if other and len(shingles & other) / len(shingles | other) >= SAME_TITLE:
                return other_id
        return None

    def _flush(self) -> None:
        """Save the batch, as SyncRun does, but first, under the write lock (so
        sites polled at once see each other's saves), set aside the stories
        already stored through another site: they only gain a ``found_on``."""
        if self.saved_earlier:
            with self.archive.writing():
                self.archive.index_missing(self.saved_earlier)
            self.saved_earlier = []
        if self.batch:
            with self.archive.writing():
                self.titles = None
                keep, keys = [], []
                for row, outcome, article, raw in self.batch:
                    item = self._item(row.url)
                    if (earlier := self._duplicate(article, item)) is not None:
                        self.sites.found_on(earlier, self.site.name)
                        self.report.duplicates += 1
                        self.finished.append((row.url, "done", outcome.http_status, None, earlier))
                        continue
                    keep.append((row, outcome, article, raw))
                    if item is not None and item.guid:
                        keys.append(("guid:" + item.guid, article.id))
                    if canonical_url(row.url) != article.url:
                        keys.append(("url:" + canonical_url(row.url), article.id))
                statuses = self.archive.save([(article, raw) for _, _, article, raw in keep])
                self.sites.add_keys(keys)
            for (row, outcome, article, _), status in zip(keep, statuses):
                setattr(self.report, status, getattr(self.report, status) + 1)
                self.finished.append((row.url, "done", outcome.http_status, None, article.id))
            self.batch = []
        if self.finished:
            self.state.finish(self.finished)
            self.finished = []
        self.last_flush = time.monotonic()


# Fields an item may give, and the article attribute each fills.
_ITEM_FIELDS = {"title": "title", "summary": "summary", "authors": "authors", "published": "published",
                "updated": "updated", "tags": "tags", "image": "image_url", "lang": "lang"}


def structured_fields(html: str, url: str) -> set[str]:
    """The fields a page's structured data (JSON-LD, meta tags) gives: those
    outrank a feed's; the feed's outrank the generic guesses (h1, <time>, bylines)."""
    from newscli.extract.metadata import GENERIC_SOURCES, read_field
    from newscli.extract.page import Page

    page = Page(html, url)
    return {name for name in _ITEM_FIELDS
            if read_field(page, name, [s for s in GENERIC_SOURCES[name] if s.startswith(("jsonld:", "meta:"))])}


def _fill(article: Article, item: Item, structured: set[str]) -> None:
    """The item's data where the page has no structured data for a field (and
    where it has no value at all); the feed's text when the page's is shorter."""
    for name, attribute in _ITEM_FIELDS.items():
        given = getattr(item, name)
        if given and (name not in structured or not getattr(article, attribute)):
            setattr(article, attribute, given)
    if len(item.text) > len(article.text):
        article.text, article.word_count, article.reading_minutes = item.text, 0, 0


def _declared_canonical(head: str, url: str) -> str | None:
    """The http(s) URL a page's ``<link rel=canonical>`` names, read cheaply from its start."""
    match = _CANONICAL.search(head)
    href = _HREF.search(match.group(0)) if match else None
    return safe_link(href.group(1), url) if href else None


def _shingles(title: str) -> set[str]:
    from newscli.textclean import fold

    text = " ".join(re.findall(r"\w+", fold(title or "")))
    return {text[i:i + 4] for i in range(max(0, len(text) - 3))}


# -- every site ------------------------------------------------------------------------


@dataclass
class PollReport:
    """`news sync` over several sites: totals and one summary per site."""

    reports: list[SyncReport] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def nothing_polled(self) -> bool:
        return all(r.nothing_fetched for r in self.reports)

    def to_json(self) -> dict:
        total = {key: sum(getattr(r, key) for r in self.reports)
                 for key in ("new", "updated", "unchanged", "skipped", "requests")}
        return {**total, "failed": sum(r.failed_total for r in self.reports), "elapsed": round(self.elapsed, 3),
                "sites": [r.to_json() for r in self.reports]}


def poll(archive: Archive, sites: Sites, chosen: list[Site], make_fetcher: Callable[[], Fetcher],
         options: SyncOptions, base_url: str | None = None) -> PollReport:
    """Poll each site; a site that fails is recorded as failing and the others
    go on. Sites on different hosts are polled at once (up to
    :data:`PARALLEL_HOSTS`), those of one host one after the other, so each
    host keeps its own rate."""
    from newscli.sync.runner import one_sync_at_a_time

    out = PollReport()
    started = time.monotonic()
    by_host: dict[str, list[Site]] = {}
    for site in chosen:
        by_host.setdefault(host_of(site.url or site.home), []).append(site)
    fetchers: list[Fetcher] = []

    def fetcher() -> Fetcher:
        made = make_fetcher()   # one per run: a run cancels its fetcher when it ends
        fetchers.append(made)
        return made

    with one_sync_at_a_time(archive):
        if len(by_host) <= 1:
            done = {}
            for site in chosen:   # in this (the main) thread, so Ctrl-C stops the run at a safe point
                done[site.name] = _poll_one(archive, sites, site, fetcher(), options, base_url)
                if done[site.name].interrupted:
                    break
        else:
            done = _in_parallel(archive, list(by_host.values()), fetcher, options, base_url, fetchers)
    out.reports = [done[site.name] for site in chosen if site.name in done]
    out.elapsed = time.monotonic() - started
    return out


PARALLEL_HOSTS = 4


def _in_parallel(archive: Archive, groups: list[list[Site]], fetcher, options, base_url, fetchers) -> dict:
    """Each host's sites in a thread of its own, on a store connection of its own
    (SQLite connections stay in their thread; saves still take the write lock)."""
    from concurrent.futures import ThreadPoolExecutor

    def group_run(group: list[Site]) -> dict:
        with Archive(archive.home, create=True) as own:
            mine = Sites(own.store)
            return {site.name: _poll_one(own, mine, site, fetcher(), options, base_url) for site in group}

    done: dict = {}
    with ThreadPoolExecutor(min(PARALLEL_HOSTS, len(groups)), thread_name_prefix="news-site") as pool:
        futures = [pool.submit(group_run, group) for group in groups]
        try:
            for future in futures:
                done.update(future.result())
        except BaseException:
            for made in fetchers:   # Ctrl-C: every run stops at its next request
                made.cancel()
            raise
    return done


def _poll_one(archive: Archive, sites: Sites, site: Site, fetcher: Fetcher, options: SyncOptions,
              base_url: str | None) -> SyncReport:
    run = None
    if site.kind == "recipe":
        from newscli.sites import get_recipe

        recipe = get_recipe(site.name)
        report = SyncRun(archive, recipe.with_base_url(base_url) if base_url else recipe, fetcher, options).run()
    else:
        run = FollowRun(archive, site, sites, fetcher, options)
        report = run.run()
    record(sites, site, report, run)
    return report


def record(sites: Sites, site: Site, report: SyncReport, run: FollowRun | None = None) -> None:
    """The poll's outcome in the site's row: next check, status, last error; a
    301 moves the entry point, a 410 on every entry point marks the site gone."""
    errors = run.entry_errors if run else []
    for old, new in run.moved if run else []:
        sites.move_entry_point(old, new)
    failed = report.nothing_fetched
    error = None
    if report.error or failed:
        first = errors[0] if errors else None
        listed = report.failures or report.discovery_errors or [{"reason": "no answer"}]
        reason = report.error or (first.reason if first else listed[0]["reason"])
        error = {"status": first.status if first else None, "reason": reason}
    gone = bool(errors) and len(errors) >= len(site.entry_points) and all(e.status == 410 for e in errors)
    waits = [e.retry_after for e in errors if e.retry_after]
    sites.polled(site.name, ok=not failed, error=error, gone=gone,
                 min_every=run.min_every if run else None, not_before=max(waits, default=None))
