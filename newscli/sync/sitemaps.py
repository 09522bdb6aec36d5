"""Sitemaps (sitemaps.org protocol), read safely and in constant memory.

A sitemap is XML from the network, so it is hostile: lxml's ``iterparse``
runs with entity expansion, DTD loading and network access off (no billion
laughs, no XXE) and ``huge_tree`` off (libxml2's depth and text-size limits
stay on). Gzip bodies are inflated with a cap (no gzip bombs), and each
element is freed once read, so a 50,000-URL sitemap costs the memory of one
entry. Plain-text sitemaps (one URL a line) are read too.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newscli.errors import EXIT_NETWORK, NewsError

# The protocol's limits are 50 MB (uncompressed) and 50,000 URLs; be a little lenient.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 100_000
_URL_LINE = re.compile(r"^https?://\S+$")


class BadSitemap(NewsError):
    """The document is not a sitemap we can read (or stops being one midway)."""

    exit_code = EXIT_NETWORK


@dataclass(frozen=True)
class Entry:
    """One ``<url>`` or ``<sitemap>`` of a sitemap: where, and when it last changed."""

    loc: str
    lastmod: datetime | None = None   # timezone-aware, UTC


@dataclass
class Sitemap:
    kind: str                  # "index" (of sitemaps) or "urlset" (of pages)
    entries: Iterator[Entry]   # lazy: parse errors surface while iterating


def parse_sitemap(data: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Read a sitemap body (XML or text, gzip or not). Raises BadSitemap."""
    data = inflate(data, max_bytes)
    start = data.lstrip()[:5]
    if not start.startswith(b"<") and not start.startswith(b"\xef\xbb\xbf<"):
        return Sitemap("urlset", _text_entries(data))
    from lxml import etree

    events = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        _, root = next(events)
    except (etree.XMLSyntaxError, StopIteration) as exc:
        raise BadSitemap(f"not XML ({_first_line(exc)})") from None
    name = _local_name(root.tag)
    if name == "sitemapindex":
        return Sitemap("index", _xml_entries(events, root, "sitemap"))
    if name == "urlset":
        return Sitemap("urlset", _xml_entries(events, root, "url"))
    raise BadSitemap(f"not a sitemap (its root element is <{name}>)")


def inflate(data: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gunzip ``data`` if it is gzip (a ``.xml.gz`` served without Content-Encoding),
    refusing to grow past ``max_bytes``."""
    if data[:2] != b"\x1f\x8b":
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise BadSitemap(f"corrupt gzip ({exc})") from None
    if len(out) > max_bytes:
        raise BadSitemap(f"larger than {max_bytes:,} bytes once decompressed")
    return out


def _xml_entries(events, root, entry_tag: str) -> Iterator[Entry]:
    from lxml import etree

    count = 0
    try:
        for event, element in events:
            if event != "end" or _local_name(element.tag) != entry_tag:
                continue
            entry = _entry(element)
            root.clear()  # frees this entry and every one before it
            if entry is None:
                continue
            count += 1
            if count > MAX_ENTRIES:
                raise BadSitemap(f"more than {MAX_ENTRIES:,} entries; the rest is ignored")
            yield entry
    except etree.XMLSyntaxError as exc:
        raise BadSitemap(f"malformed XML after {count:,} entries ({_first_line(exc)})") from None


def _entry(element) -> Entry | None:
    loc = lastmod = None
    for child in element:
        name = _local_name(child.tag)
        if name == "loc" and len(child) == 0:  # a child here is an unexpanded entity
            loc = (child.text or "").strip()
        elif name == "lastmod":
            lastmod = parse_lastmod(child.text)
    if not loc or not loc.startswith(("http://", "https://")):
        return None
    return Entry(loc, lastmod)


def _text_entries(data: bytes) -> Iterator[Entry]:
    count = 0
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip().lstrip("\ufeff")
        if not _URL_LINE.match(line):
            continue
        count += 1
        if count > MAX_ENTRIES:
            raise BadSitemap(f"more than {MAX_ENTRIES:,} entries; the rest is ignored")
        yield Entry(line)


def parse_lastmod(text: str | None) -> datetime | None:
    """A W3C datetime (``2024-07-01`` or ``2024-07-01T10:00:00+03:00``), in UTC."""
    from newscli.dates import parse_date

    when = parse_date((text or "").strip())
    return when.astimezone(UTC) if when else None


def _local_name(tag) -> str:
    """The element name without its namespace ('' for entities and the like)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or ["unreadable"])[0][:120]
