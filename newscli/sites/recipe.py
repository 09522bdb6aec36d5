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

from newscli.urls import path_on_site

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
    article_pattern: str | None = None  # regex on the URL path below base_url ("/news/x/y"): articles
    sitemaps: list[str] = field(default_factory=list)   # sitemap (index) paths, newest first
    sections: list[str] = field(default_factory=list)   # section page paths (second discovery path);
                                                        # never articles, even if the pattern matches
    fields: dict[str, list[str]] = field(default_factory=dict)
    lead: list[str] = field(default_factory=list)       # sources of the lead paragraph
    body: list[str] = field(default_factory=list)       # sources of the body paragraphs
    skip_types: tuple[str, ...] = ("page",)             # `type` values that are not news
    ticker: list[str] = field(default_factory=list)     # CSS selectors of breaking items, in order
    ticker_label: str = "BREAKING"                      # fallback: the list after this label
    ticker_path: str = ""                               # page polled for the ticker ("": the home page)
    hook: Callable[[Article, Page, Recipe], None] | None = None
    tests: list[dict] = field(default_factory=list)     # user recipes: [[tests]] (see sites.testing)
    origin: str = "built-in"                            # or the path of a user recipe file

    @property
    def host(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    @property
    def base_path(self) -> str:
        """The path the site lives under: "/" (or "/ar/" for a mirror sharing a host)."""
        return urlsplit(self.base_url).path or "/"

    def url(self, path: str) -> str:
        """Absolute URL of a path relative to ``base_url`` ("sitemaps/all.xml", "news/politics")."""
        return urljoin(self.base_url, path)

    def relative_path(self, url: str) -> str | None:
        """The decoded path of ``url`` below base_url, with a leading "/" ("/news/politics/x");
        None when the URL is not on this site (urls.path_on_site: the one rule)."""
        return path_on_site(url, self.base_url)

    def covers(self, url: str) -> bool:
        """Whether ``url`` belongs to this site."""
        return self.relative_path(url) is not None

    def with_base_url(self, base_url: str) -> Recipe:
        """The same recipe pointed at a mirror (the test replica, say)."""
        if not base_url.endswith("/"):
            base_url += "/"
        return replace(self, base_url=base_url)

    def is_article_url(self, url: str) -> bool:
        """An article page of this site: the pattern matches and it is not a section page
        (``/articles/opinion`` is a section, ``/articles/<slug>`` an article)."""
        path = self.relative_path(url)
        if path is None or not self.article_pattern:
            return False
        if path.strip("/") in {s.strip("/") for s in self.sections}:
            return False
        return bool(re.search(self.article_pattern, path))
