"""A local replica of Al Mayadeen (English, Arabic, Spanish) for tests and demos.

The real site cannot be reached, so this serves what the site notes say it
serves, on 127.0.0.1 with a real ``ThreadingHTTPServer``, deterministically
(one seed, one site). Run it by hand with ``python -m tests.support.replica``.

API (stable; other areas build on it)::

    from replica import Replica               # tests/support/ is on sys.path under pytest

    with Replica(articles=24, seed=0) as r:   # or the `replica` fixture
        r.base_url            # "http://127.0.0.1:PORT/"  (English edition)
        r.base_urls           # {"en": ".../", "ar": ".../ar/", "es": ".../es/"}
        r.url("/robots.txt")  # absolute URL of a path
        r.recipe("en")        # the built-in recipe pointed at the replica
        r.articles            # every ArticleRecord (all editions, pages and disallowed ones too)
        r.wanted("en")        # what a complete polite sync stores, newest first
        r.record(url)         # the record served at a URL or path
        rec.url, rec.wire_path, rec.edition_code, rec.variant, rec.type, rec.disallowed,
        rec.html, rec.expected  # expected: exact field values (see ArticleRecord.expected)
        r.requests            # [LoggedRequest(method, path, headers, time, status)]
        r.requests_for(path)
        r.max_in_flight       # most requests answered at once so far
        r.set_fault(path, kind, times=None, **params)   # see Replica.set_fault
        r.clear_faults()
        r.add_article(edition="en", variant="tawsiyat", section="news", subsection="politics")
        r.edit_article(rec)
        r.ticker              # [BreakingItem(text, url)], newest first (English)
        r.tickers("ar")
        r.push_breaking(text=None, url=None, edition="en")
        r.ticker_style = "ticker-box" | "ticker__item" | "label" | None

What is served: ``/robots.txt`` (a ``Disallow: /news/embargoed/`` rule with
articles under it that are listed and linked but must never be fetched),
``{base}sitemaps/all.xml`` -> ``{base}sitemaps/all/sitemap-2024-7.xml``, the
home page and section landing pages (``news/politics``, ``articles``, ...;
``?page=N``), article pages in every variant (see ``site.VARIANTS``), tag
pages, ``/rss`` (a Cloudflare 403, as reported of the real site), images.
Every answer has an ETag and a Last-Modified and honours conditional GETs.
"""

from .server import FAULT_KINDS, Fault, LoggedRequest, Replica
from .site import TICKER_STYLES, VARIANTS, ArticleRecord, BreakingItem, Site

__all__ = ["Replica", "ArticleRecord", "BreakingItem", "Fault", "LoggedRequest", "Site",
           "FAULT_KINDS", "TICKER_STYLES", "VARIANTS"]
