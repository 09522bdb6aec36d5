"""A small test web for `news follow`: generic news sites, each on its own
loopback address (127.0.0.11 ... 127.0.0.19, a random port each), served by
real HTTP servers with ETags and 304s. Run it by hand: ``python -m tests.support.web``.

    rss       RSS 2.0, summaries only, <link rel=alternate>; pages with JSON-LD; tracking params on links
    atom      Atom with full content, linked only from an <a>; pages without metadata
    jsonfeed  a JSON Feed at /feed.json, named nowhere
    newsmap   no feed; a Google News sitemap named in robots.txt
    section   no feed, no sitemap: /latest and its next pages (rel=next)
    cyrillic  Russian in windows-1251 (feed and pages)
    wire, partner  one story on two sites (canonical link, same GUID, same title)
    faults    301, 410, 503 + Retry-After, a bozo feed, an entity bomb, a gzip bomb,
              a 50 MB feed, 20,000 items, a feed URL redirecting to HTML, hostile items
"""

from .server import Web

__all__ = ["Web"]
