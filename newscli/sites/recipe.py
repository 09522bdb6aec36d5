"""What a site recipe is: declarative data, plus an optional code hook.

Like a calibre news recipe, a site is described by where to discover
articles, how to read each field (an ordered list of sources in the language
of :mod:`newscli.extract.page`, tried before the generic ones) and where the
breaking-news ticker is. Code goes in ``hook`` only where data cannot say it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from newscli.extract.page import Page
    from newscli.model import Article


@dataclass
class Recipe:
    name: str                          # "almayadeen-en": what users type
    title: str                         # "Al Mayadeen English"
    base_url: str                      # "https://english.almayadeen.net/"
    lang: str | None = None
    timezone: str | None = None        # zone of dates printed without one
    article_pattern: str | None = None  # regex on the URL path: which links are articles
    sitemaps: list[str] = field(default_factory=list)   # sitemap (index) paths, newest first
    sections: list[str] = field(default_factory=list)   # section page paths (second discovery path)
    fields: dict[str, list[str]] = field(default_factory=dict)
    lead: list[str] = field(default_factory=list)       # sources of the lead paragraph
    body: list[str] = field(default_factory=list)       # sources of the body paragraphs
    skip_types: tuple[str, ...] = ("page",)             # `type` values that are not news
    ticker: list[str] = field(default_factory=list)     # CSS selectors of breaking items, in order
    ticker_label: str = "BREAKING"                      # fallback: the list after this label
    ticker_path: str = "/"                              # the page polled for the ticker
    hook: Callable[["Article", "Page"], None] | None = None
    origin: str = "built-in"                            # or the path of a user recipe file

    @property
    def host(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def with_base_url(self, base_url: str) -> "Recipe":
        """The same recipe pointed at a mirror (the test replica, say)."""
        if not base_url.endswith("/"):
            base_url += "/"
        return replace(self, base_url=base_url)

    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() != self.host:
            return False
        return bool(self.article_pattern and re.search(self.article_pattern, parts.path))
