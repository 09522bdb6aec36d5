"""robots.txt, read the way RFC 9309 says, with protego.

protego (Scrapy's parser) implements the RFC's matching: ``*`` and ``$``
wildcards, the longest matching rule wins, Allow beats Disallow on a tie,
percent-encoding normalised, user-agent product tokens matched at word
boundaries, plus Crawl-delay and Sitemap lines. ``urllib.robotparser`` does
none of the wildcard or precedence rules, so it would both over- and
under-block on real sites.

What the RFC says to do when robots.txt cannot be read: a 4xx means there are
no rules (everything allowed); a 5xx, once retries are spent, means assume
everything is disallowed. No answer at all means the site is unreachable,
which the caller reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from newscli.fetch import Fetcher, FetchError

if TYPE_CHECKING:
    from protego import Protego

# The RFC asks crawlers to read at least 500 KiB; anything larger is not a robots.txt.
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass
class Robots:
    user_agent: str
    parser: Protego | None = None       # None: no rules
    disallow_all: bool = False
    note: str | None = None             # why there are no rules, for the report
    sitemaps: list[str] = field(default_factory=list)

    @classmethod
    def fetch(cls, fetcher: Fetcher, base_url: str) -> Robots:
        """Read the robots.txt of ``base_url``'s host. Raises FetchError (unreachable)
        when the server cannot be reached at all."""
        url = urljoin(base_url, "/robots.txt")
        try:
            response = fetcher.get(url, max_bytes=MAX_ROBOTS_BYTES)
        except FetchError as exc:
            if exc.unreachable:
                raise
            if exc.status is None or exc.status < 500:
                return cls(fetcher.user_agent, note=f"robots.txt: {exc.reason}; no rules apply")
            return cls(fetcher.user_agent, disallow_all=True,
                       note=f"robots.txt: {exc.reason}; the RFC says to fetch nothing until it answers")
        return cls.parse(response.text, fetcher.user_agent)

    @classmethod
    def parse(cls, text: str, user_agent: str) -> Robots:
        from protego import Protego

        parser = Protego.parse(text)
        return cls(user_agent, parser, sitemaps=list(parser.sitemaps))

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, self.user_agent)

    @property
    def crawl_delay(self) -> float | None:
        """Seconds between requests the site asks for (Crawl-delay or Request-rate)."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.user_agent)
        rate = self.parser.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            delay = max(delay or 0.0, rate.seconds / rate.requests)
        return float(delay) if delay else None
