"""Feeds (RSS, Atom, JSON Feed) and news sitemaps, read from bytes our own
Fetcher got (its timeouts, size limit and conditional GET apply).

A feed is hostile input: a DOCTYPE (where entity bombs and external entities
live) is cut before feedparser sees the document; invalid XML is read as far
as feedparser's loose parser gets (``bozo``); only the first
:data:`MAX_ITEMS` items are kept; links that are not http(s) (javascript:,
file:, data:) are refused; titles lose their HTML and control characters.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC
from urllib.parse import urljoin, urlsplit

from newscli.textclean import clean_line, clean_text
from newscli.urls import canonical_url

MAX_ITEMS = 500                 # items of one feed read per poll
FEED_MAX_BYTES = 10 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S | re.I)
_XML_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_UPDATE_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400,
                   "yearly": 365 * 86400}


@dataclass
class Item:
    """One feed item (or news sitemap entry): what the feed says of an article."""

    link: str | None                 # canonical http(s) URL, None when it has none (or a refused one)
    guid: str | None = None
    title: str = ""
    summary: str = ""
    text: str = ""                   # full content, when the feed carries it
    authors: list[str] = field(default_factory=list)
    published: str | None = None     # ISO 8601
    updated: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    lang: str | None = None

    def to_data(self) -> dict:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> Item:
        return cls(**data)


@dataclass
class Feed:
    format: str                      # rss, atom, json, news-sitemap, sitemap
    title: str = ""
    home: str | None = None          # the site the feed says it is of
    items: list[Item] = field(default_factory=list)
    total: int = 0                   # items in the document (only MAX_ITEMS kept)
    refused: list[str] = field(default_factory=list)   # links refused, as given
    min_interval: int = 0            # seconds between polls the feed asks for (<ttl>, sy:updatePeriod)
    problem: str | None = None       # what was wrong with the document (read anyway)

    @property
    def newest(self) -> str | None:
        dates = [d for i in self.items for d in (i.published or i.updated,) if d]
        return max(dates, default=None)

    @property
    def linked(self) -> int:
        """Items that link to an article page (not to a home page)."""
        return sum(1 for i in self.items if i.link and urlsplit(i.link).path.strip("/"))


def safe_link(value: str | None, base: str) -> str | None:
    """``value`` resolved against ``base``, canonical, if it is http(s); else None."""
    if not value or not value.strip():
        return None
    url = urljoin(base, value.strip())
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname:
        return None
    return canonical_url(url)


def looks_like_feed(data: bytes) -> str | None:
    """'json' or 'xml' when the body is a feed's, else None (HTML, a sitemap, anything else)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json" if b"jsonfeed.org" in data[:4096] else None
    if _XML_FEED.search(data[:4096]) and b"<html" not in head[:512].lower():
        return "xml"
    return None


def parse_feed(data: bytes, url: str) -> Feed | None:
    """The feed in ``data`` (fetched from ``url``), or None when it is not one."""
    kind = looks_like_feed(data)
    if kind == "json":
        return _json_feed(data, url)
    if kind == "xml":
        return _xml_feed(data, url)
    return None


def _xml_feed(data: bytes, url: str) -> Feed | None:
    import feedparser

    problem = None
    if _DOCTYPE.search(data[:65536]):
        data = _DOCTYPE.sub(b"", data, count=1)
        problem = "a DOCTYPE (entity declarations) was ignored"
    import warnings

    # feedparser's own notice about updated_parsed (a filter, not catch_warnings: sites poll in threads)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="feedparser")
    # A stream, never bytes or str: feedparser opens a str that looks like a URL or a path.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    return _from_parsed(parsed, url, problem)


def _from_parsed(parsed, url: str, problem: str | None) -> Feed | None:
    if not parsed.get("version") and not parsed.entries:
        return None
    if parsed.get("bozo") and problem is None:
        problem = f"not well-formed ({clean_line(str(parsed.get('bozo_exception', '')))[:120]}); read what could be"
    channel = parsed.feed
    feed = Feed("atom" if parsed.get("version", "").startswith("atom") else "rss",
                title=_plain(channel.get("title", "")), home=safe_link(channel.get("link"), url),
                total=len(parsed.entries), problem=problem, min_interval=_interval(channel))
    for entry in parsed.entries[:MAX_ITEMS]:
        given = entry.get("link") or ""
        link = safe_link(given, url) if given else None
        if given and link is None:
            feed.refused.append(clean_line(given)[:100])
        content = "".join(c.get("value", "") for c in entry.get("content", [])[:1])
        feed.items.append(Item(
            link=link, guid=clean_line(entry.get("id")) or None, title=_plain(entry.get("title", "")),
            summary=_plain(entry.get("summary", "")), text=_html_text(content),
            authors=[a for a in (_plain(x.get("name", "")) for x in entry.get("authors", [])) if a]
            or ([_plain(entry["author"])] if entry.get("author") else []),
            published=_struct_iso(entry.get("published_parsed")), updated=_struct_iso(entry.get("updated_parsed")),
            tags=[t for t in (_plain(x.get("term") or x.get("label") or "") for x in entry.get("tags", [])) if t],
            image=_image(entry, url), lang=channel.get("language"),
        ))
    return feed


def _json_feed(data: bytes, url: str) -> Feed | None:
    from newscli.dates import normalise

    try:
        doc = json.loads(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return None
    feed = Feed("json", title=_plain(_str(doc.get("title"))), home=safe_link(_str(doc.get("home_page_url")), url),
                total=len(doc["items"]))
    for entry in doc["items"][:MAX_ITEMS]:
        if not isinstance(entry, dict):
            continue
        given = _str(entry.get("url"))
        link = safe_link(given, url) if given else None
        if given and link is None:
            feed.refused.append(clean_line(given)[:100])
        authors = entry.get("authors") or ([entry["author"]] if isinstance(entry.get("author"), dict) else [])
        feed.items.append(Item(
            link=link, guid=clean_line(_str(entry.get("id"))) or None, title=_plain(_str(entry.get("title"))),
            summary=_plain(_str(entry.get("summary"))),
            text=_html_text(_str(entry.get("content_html"))) or clean_text(_str(entry.get("content_text"))),
            authors=[a for a in (_plain(_str(x.get("name"))) for x in authors if isinstance(x, dict)) if a],
            published=_safe(normalise, _str(entry.get("date_published"))),
            updated=_safe(normalise, _str(entry.get("date_modified"))),
            tags=[t for t in (_plain(_str(x)) for x in entry.get("tags") or [] if isinstance(x, str)) if t],
            image=safe_link(_str(entry.get("image") or entry.get("banner_image")), url),
            lang=_str(entry.get("language") or doc.get("language")) or None,
        ))
    return feed


def parse_news_sitemap(data: bytes, url: str) -> Feed | None:
    """A sitemap of pages (``<urlset>``) as items, with its news: title,
    publication date and keywords when it is a Google News sitemap; None when
    it is not a urlset (an index, HTML...). Read with entities, DTDs and the
    network off, in constant memory."""
    from lxml import etree

    from newscli.dates import normalise
    from newscli.sync.sitemaps import BadSitemap, inflate

    try:
        data = inflate(data, FEED_MAX_BYTES)
    except BadSitemap:
        return None
    if data.lstrip()[:1] != b"<" or b"urlset" not in data[:4096]:
        return None
    feed = Feed("news-sitemap" if _NEWS_NS.encode() in data[:8192] else "sitemap")
    events = etree.iterparse(io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, recover=True)
    try:
        for _, element in events:
            if etree.QName(element).localname != "url":
                continue
            values = {etree.QName(child).localname: (child.text or "").strip() for child in element.iter()
                      if isinstance(child.tag, str)}
            element.clear()
            feed.total += 1
            if len(feed.items) >= MAX_ITEMS:
                continue
            link = safe_link(values.get("loc"), url)
            if link is None:
                feed.refused.append(clean_line(values.get("loc", ""))[:100])
                continue
            feed.items.append(Item(
                link=link, title=_plain(values.get("title", "")),
                published=_safe(normalise, values.get("publication_date")),
                updated=_safe(normalise, values.get("lastmod")),
                tags=[t.strip() for t in values.get("keywords", "").split(",") if t.strip()],
                lang=values.get("language") or None,
            ))
    except etree.XMLSyntaxError as exc:
        feed.problem = f"not well-formed ({clean_line(str(exc))[:120]}); read what could be"
    return feed


def is_sitemap_index(data: bytes) -> bool:
    return b"<sitemapindex" in data[:4096]


# -- small readers ---------------------------------------------------------------


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _safe(parse, value):
    try:
        return parse(value) if value else None
    except (ValueError, OverflowError, TypeError):
        return None


def _plain(text: str) -> str:
    """A title or summary as one clean line: HTML tags and entities resolved away."""
    if "<" in text or "&" in text:
        text = _html_text(text) or text
    return clean_line(text)


def _html_text(html: str) -> str:
    """The text of an HTML fragment, a paragraph a line."""
    if not html or not html.strip():
        return ""
    import lxml.html

    html = clean_text(html)   # control characters first: lxml refuses them
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html
    blocks = [clean_line(el.text_content()) for el in root.iter("p", "li", "h2", "h3", "blockquote")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else clean_text(root.text_content())


def _struct_iso(value) -> str | None:
    """feedparser's UTC time tuple as ISO 8601 (None: no date or an impossible one)."""
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime(*value[:6]).replace(tzinfo=UTC).isoformat()
    except (ValueError, TypeError, OverflowError):
        return None


def _image(entry, base: str) -> str | None:
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key, []) or []:
            if media.get("url") and (media.get("medium", "image") == "image" or key == "media_thumbnail"):
                return safe_link(media["url"], base)
    for link in entry.get("links", []) or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return safe_link(link.get("href"), base)
    return None


def _interval(channel) -> int:
    """Seconds between polls a feed asks for: <ttl> (minutes) or sy:updatePeriod/Frequency."""
    ttl = str(channel.get("ttl", "")).strip()
    if ttl.isdigit():
        return min(int(ttl) * 60, 86400)
    period = _UPDATE_PERIODS.get(str(channel.get("sy_updateperiod", "")).strip().lower())
    if period:
        frequency = str(channel.get("sy_updatefrequency", "1")).strip()
        return period // max(1, int(frequency) if frequency.isdigit() else 1)
    return 0
