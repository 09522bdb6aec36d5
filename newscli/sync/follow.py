"""`news follow URL`: find what to poll on a site (its entry points), and pick one.

The order is the issue's: the URL itself as a feed; ``<link rel=alternate>``
feeds; ``<a>`` links that look like feeds; the usual feed paths; sitemaps
named in robots.txt or at the usual paths (news sitemaps first); last, the
page's own article links (a section page). Probing stops once a feed whose
items link to article pages is found. The best candidate is a feed whose
items link to article pages, else a news sitemap, else a sitemap, else the
section page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newscli.fetch import Fetcher, FetchError, Response
from newscli.sync.feeds import (
    FEED_MAX_BYTES,
    Feed,
    is_sitemap_index,
    looks_like_feed,
    parse_feed,
    parse_news_sitemap,
    safe_link,
)
from newscli.urls import canonical_url, host_of

if TYPE_CHECKING:
    from newscli.sites.followed import Site, Sites

COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/feed.json")
SITEMAP_PATHS = ("/news-sitemap.xml", "/sitemap-news.xml", "/sitemap_news.xml", "/sitemap.xml",
                 "/sitemap_index.xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "application/x.atom+xml")
MAX_PROBES = 8                 # <a> links and alternates tried, each
MAX_SECTION_PAGES = 20         # pages of one section listing read in a poll
_FEEDISH = re.compile(r"(/feed|/rss|/atom|\.rss$|\.atom$|feed\.json$|\.xml$|/feeds?/)", re.I)
_NOT_ARTICLES = re.compile(r"/(tag|tags|category|categories|author|authors|page|search|about|contact|"
                           r"login|subscribe|privacy|terms)(/|$)", re.I)


@dataclass
class Candidate:
    url: str
    kind: str              # feed, sitemap or section
    format: str            # rss, atom, json, news-sitemap, sitemap, section
    found: str             # how it was found
    items: int = 0
    linked: int = 0        # items linking to article pages
    newest: str | None = None
    title: str = ""
    problem: str | None = None
    min_interval: int = 0  # seconds between polls the feed asks for

    def to_json(self) -> dict:
        return {"url": self.url, "kind": self.kind, "format": self.format, "found": self.found,
                "items": self.items, "newest": self.newest, "title": self.title, "problem": self.problem}


@dataclass
class Found:
    url: str                           # what the user gave
    home: str                          # the site's home page
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    why: str = ""
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"url": self.url, "home": self.home, "candidates": [c.to_json() for c in self.candidates],
                "chosen": self.chosen.to_json() if self.chosen else None, "why": self.why,
                "errors": self.errors}


def home_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def discover(url: str, fetcher: Fetcher, robots=None) -> Found:
    """Candidates for the URL's site, and the one to follow (None: nothing found)."""
    return _Discoverer(url, fetcher, robots).run()


class _Discoverer:
    def __init__(self, url: str, fetcher: Fetcher, robots):
        self.url = canonical_url(url)
        self.fetcher = fetcher
        self.robots = robots
        self.found = Found(self.url, home_of(self.url))
        self.tried: set[str] = set()

    def run(self) -> Found:
        if self.robots is None:
            from newscli.sync.robots import Robots

            try:
                self.robots = Robots.fetch(self.fetcher, self.url)
            except FetchError as exc:
                self.found.errors.append(f"{self.found.home}: {exc.reason}")
                self.found.why = f"{host_of(self.url)} cannot be reached ({exc.reason})"
                return self.found
        response = self._get(self.url)
        if response is None:
            self.found.why = "the URL could not be fetched"
            return self.found
        if self._as_feed(response, "the URL itself") or self._as_sitemap(response, "the URL itself"):
            return self._choose()
        html = response.text
        self.found.home = home_of(response.url)
        alternates, anchors = _feed_links(html, response.url)
        for link in alternates[:MAX_PROBES]:
            self._probe(link, "<link rel=alternate>")
        if not self._good_feed():
            for link in anchors[:MAX_PROBES]:
                self._probe(link, "an <a> link")
        if not self._good_feed():
            for path in COMMON_FEED_PATHS:
                self._probe(urljoin(self.found.home, path), "a usual feed path")
        if not self._good_feed():
            self._sitemaps()
        if not self._good_feed() and not self._sitemap_found():
            links, _ = article_links(html, response.url)
            if links:
                self.found.candidates.append(Candidate(canonical_url(response.url), "section", "section",
                                                       "the page's article links", items=len(links),
                                                       linked=len(links)))
        return self._choose()

    # -- probes ----------------------------------------------------------------

    def _get(self, url: str, quiet: bool = False) -> Response | None:
        if url in self.tried:
            return None
        self.tried.add(url)
        if self.robots is not None and host_of(url) == host_of(self.url) and not self.robots.allowed(url):
            if not quiet:
                self.found.errors.append(f"{url}: disallowed by robots.txt")
            return None
        try:
            return self.fetcher.get(url, max_bytes=FEED_MAX_BYTES)
        except FetchError as exc:
            if not quiet:
                self.found.errors.append(f"{url}: {exc.reason}")
            return None

    def _probe(self, url: str, how: str) -> None:
        response = self._get(url, quiet=how == "a usual feed path")
        if response is not None:
            self._as_feed(response, how)

    def _as_feed(self, response: Response, how: str) -> bool:
        if not looks_like_feed(response.content):
            return False   # an HTML page (a probe redirected to one is not a feed)
        feed = parse_feed(response.content, response.url)
        if feed is None:
            return False
        self.found.candidates.append(_candidate(canonical_url(response.url), "feed", feed, how))
        if feed.home:
            self.found.home = home_of(feed.home)
        return True

    def _as_sitemap(self, response: Response, how: str) -> bool:
        body = response.content
        if is_sitemap_index(body):
            from newscli.sync.sitemaps import BadSitemap, parse_sitemap

            try:
                children = [e.loc for _, e in zip(range(50), parse_sitemap(body).entries)]
            except BadSitemap:
                return False
            news = [c for c in children if "news" in c.lower()] or children
            self.found.candidates.append(Candidate(canonical_url(response.url), "sitemap", "sitemap", how,
                                                   items=len(children)))
            for child in news[:2]:
                if (got := self._get(child)) is not None:
                    self._as_sitemap(got, "the sitemap index")
            return True
        feed = parse_news_sitemap(body, response.url)
        if feed is None:
            return False
        self.found.candidates.append(_candidate(canonical_url(response.url), "sitemap", feed, how))
        return True

    def _sitemaps(self) -> None:
        from newscli.sync.robots import Robots

        try:
            robots = self.robots if host_of(self.url) == host_of(self.found.home) else \
                Robots.fetch(self.fetcher, self.found.home)
        except FetchError:
            robots = None
        named = [u for u in (robots.sitemaps if robots else []) if host_of(u) == host_of(self.found.home)]
        named.sort(key=lambda u: "news" not in u.lower())
        for url in named[:MAX_PROBES]:
            if (got := self._get(url)) is not None:
                self._as_sitemap(got, "robots.txt")
        if not self._sitemap_found():
            for path in SITEMAP_PATHS:
                if (got := self._get(urljoin(self.found.home, path), quiet=True)) is not None:
                    self._as_sitemap(got, "a usual sitemap path")
                    if self._sitemap_found():
                        break

    # -- the choice ------------------------------------------------------------

    def _good_feed(self) -> bool:
        return any(c.kind == "feed" and c.linked for c in self.found.candidates)

    def _sitemap_found(self) -> bool:
        return any(c.kind == "sitemap" and c.items for c in self.found.candidates)

    def _choose(self) -> Found:
        c = self.found.candidates
        rules = [
            (lambda x: x.kind == "feed" and x.linked, "a feed whose items link to article pages"),
            (lambda x: x.format == "news-sitemap" and x.items, "no feed links to articles; a news sitemap"),
            (lambda x: x.kind == "sitemap" and x.format == "sitemap" and x.items,
             "no feed or news sitemap; a sitemap"),
            (lambda x: x.kind == "section", "no feed or sitemap; the page's own article links"),
            (lambda x: x.kind == "feed", "a feed (its items link to no article page)"),
        ]
        for test, why in rules:
            best = [x for x in c if test(x)]
            if best:
                # The first found in discovery order; among feeds, the one with most linked items.
                chosen = max(best, key=lambda x: x.linked) if best[0].kind == "feed" else best[0]
                self.found.chosen, self.found.why = chosen, f"{why} ({chosen.found})"
                return self.found
        self.found.why = "no feed, sitemap or article links found"
        return self.found


def _candidate(url: str, kind: str, feed: Feed, how: str) -> Candidate:
    return Candidate(url, kind, feed.format, how, items=feed.total, linked=feed.linked, newest=feed.newest,
                     title=feed.title, problem=feed.problem, min_interval=feed.min_interval)


def _feed_links(html: str, page_url: str) -> tuple[list[str], list[str]]:
    """Feed URLs a page names: ``<link rel=alternate>`` with a feed type, and
    ``<a>`` links that look like feeds (http(s) only)."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], []
    alternates = []
    for link in doc.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES and (url := safe_link(link.get("href"), page_url)):
            alternates.append(url)
    anchors = []
    for href in doc.xpath("//a/@href"):
        url = safe_link(href, page_url)
        if url and _FEEDISH.search(urlsplit(url).path) and url not in anchors and url not in alternates:
            anchors.append(url)
    return list(dict.fromkeys(alternates)), anchors


def article_links(html: str, page_url: str) -> tuple[list[str], str | None]:
    """The links of a section page that look like articles (same host, a
    slug-like path, not navigation), in page order, and its next page."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], None
    host, here = host_of(page_url), canonical_url(page_url)
    out: list[str] = []
    for href in doc.xpath("//a/@href"):
        url = safe_link(href, page_url)
        if not url or url == here or host_of(url) != host or url in out:
            continue
        path = urlsplit(url).path
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if _NOT_ARTICLES.search(path) or _FEEDISH.search(path) or not last:
            continue
        if ("-" in last and len(last) >= 12) or re.search(r"\d{3,}", last):
            out.append(url)
    nexts = doc.xpath("(//a|//link)[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href")
    following = safe_link(nexts[0], page_url) if nexts else None
    return out, following if following and host_of(following) == host else None


@dataclass
class Followed:
    site: Site | None
    found: Found | None
    added: bool            # an entry point was added
    note: str              # what happened, for people


def follow(sites: Sites, url: str, fetcher: Fetcher | None, name: str | None = None, tags: Sequence[str] = (),
           every: int | None = None, dry_run: bool = False, kind: str | None = None) -> Followed:
    """Follow ``url``: discover its entry point (or take it as ``kind``, with no
    request: an import's feed URL) and add it to its site, a new one or the
    one named. An entry point already followed changes nothing."""
    from newscli.sites.followed import DEFAULT_EVERY, EntryPoint, Site, name_for_host

    if not url.startswith(("http://", "https://")) or not host_of(url):
        from newscli.errors import UsageError

        raise UsageError(f"not an http(s) URL: {url!r}")
    url = canonical_url(url)
    if (owner := sites.owner_of(url)) is not None:
        return Followed(owner, None, False, f"{url} is already followed (site {owner.name})")
    if kind is not None:
        found, point = None, EntryPoint(url, kind)
        home = home_of(url)
    else:
        assert fetcher is not None   # only an entry point given with its kind needs no request
        found = discover(url, fetcher)
        if dry_run or found.chosen is None:
            return Followed(None, found, False, "dry run: nothing followed" if dry_run else found.why)
        point = EntryPoint(found.chosen.url, found.chosen.kind)
        home = found.home
        if (owner := sites.owner_of(point.url)) is not None:
            return Followed(owner, found, False, f"{point.url} is already followed (site {owner.name})")
    if dry_run:
        return Followed(None, found, False, "dry run")
    site = sites.find(name) if name else sites.for_home(home)
    if site is not None:
        site = sites.add_entry_point(site.name, point, tags, every)
        return Followed(site, found, True, f"added {point.kind} {point.url} to site {site.name}")
    allowed = found.chosen.min_interval if found is not None and found.chosen is not None else 0
    site = sites.add(Site(sites.unique_name(name or name_for_host(host_of(home))), home, [point], list(tags),
                          every or DEFAULT_EVERY, min_every=allowed))
    return Followed(site, found, True, f"following {site.name}: {point.kind} {point.url}")
