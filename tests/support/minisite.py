"""A few article pages and sitemaps on the conftest PageServer, for the sync
engine's own tests (the faithful site replica lives in tests/support/replica/)."""

from __future__ import annotations

import gzip
import json

WORDS = ["the", "council", "said", "on", "monday", "that", "the", "harbour", "wall", "would", "be", "rebuilt", "before", "winter", "storms", "and", "that", "residents", "of", "the", "terraces", "would", "be", "consulted", "on", "the", "design"]


def article_page(path: str, title: str, kind: str = "article", base: str = "") -> str:
    meta = {"type": kind, "postid": str(abs(hash(path)) % 10**7), "title": title, "url": base + path,
            "description": f"{title}: the lead paragraph.", "lang": "en",
            "published_time": "2024-07-02T10:00:00+03:00"}
    body = "".join(f"<p>{' '.join(WORDS[i:] + WORDS[:i])}.</p>" for i in range(4))
    return (f'<html><head><title>{title}</title>'
            f'<script id="tawsiyat-metadata" type="text/tawsiyat">{json.dumps(meta)}</script></head>'
            f'<body><h1>{title}</h1><p class="lg_para summary">{meta["description"]}</p>'
            f'<div class="p-content">{body}</div></body></html>')


def urlset(urls: list[str], lastmods: dict[str, str] | None = None) -> str:
    items = "".join(
        f"<url><loc>{u}</loc>" + (f"<lastmod>{lastmods[u]}</lastmod>" if lastmods and u in lastmods else "")
        + "</url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'


def sitemapindex(urls: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'


class MiniSite:
    """``months`` maps 'YYYY-M' to a list of article paths; served as a sitemap
    index (oldest month first, as a careless site might) of monthly sitemaps."""

    def __init__(self, server, months: dict[str, list[str]], robots: str = "User-agent: *\nAllow: /\n",
                 gzip_months: bool = False):
        self.server = server
        self.base = server.base
        self.months = months
        server.add("/robots.txt", robots, headers={"Content-Type": "text/plain"})
        month_urls = []
        for month, paths in months.items():
            suffix = ".xml.gz" if gzip_months else ".xml"
            month_path = f"/sitemaps/all/sitemap-{month}{suffix}"
            body = urlset([self.base + p for p in paths])
            server.add(month_path, gzip.compress(body.encode()) if gzip_months else body,
                       headers={"Content-Type": "application/xml"})
            month_urls.append(self.base + month_path)
            for path in paths:
                self.add_article(path)
        server.add("/sitemaps/all.xml", sitemapindex(month_urls), headers={"Content-Type": "application/xml"})

    def add_article(self, path: str, kind: str = "article") -> None:
        title = path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        self.server.add(path, article_page(path, title, kind))

    @property
    def paths(self) -> list[str]:
        return [p for paths in self.months.values() for p in paths]

    def article_requests(self) -> list[str]:
        return [p for p in self.server.requests if p in set(self.paths)]
