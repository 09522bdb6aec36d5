"""What each site of the test web serves: stories, pages and feeds, deterministically."""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

START = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
WORDS = ["council", "minister", "budget", "river", "harbour", "election", "union", "court", "vaccine", "drought", "talks", "summit", "market", "railway", "festival", "museum", "bridge", "teachers", "farmers", "ceasefire", "energy", "grid", "port", "water"]


@dataclass
class Story:
    slug: str
    title: str
    author: str
    published: datetime
    tags: list[str]
    paragraphs: list[str]
    image: str | None = None
    summary: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def make_stories(prefix: str, n: int, lang_words=WORDS, start: int = 0) -> list[Story]:
    out = []
    for i in range(start, start + n):
        w = [lang_words[(i * 7 + k) % len(lang_words)] for k in range(12)]
        title = f"{prefix.title()} {w[0]} {w[1]} report number {i}"
        paragraphs = [" ".join(lang_words[(i + j + k) % len(lang_words)] for k in range(18)) + f" ({prefix} {i}.{j})."
                      for j in range(4)]
        out.append(Story(f"{prefix}-{w[0]}-{w[1]}-story-{i}", title, f"Reporter {i % 3}",
                         START + timedelta(hours=i), [w[2].title(), w[3].title()], paragraphs,
                         image=f"/img/{prefix}-{i}.jpg", summary=f"Summary of {prefix} story {i}: {w[4]} {w[5]}."))
    return out


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    conditional: bool = True     # answers If-None-Match / If-Modified-Since with 304


def page(story: Story, base: str, json_ld: bool = True, canonical: str | None = None,
         charset: str = "utf-8", heading: str | None = None) -> str:
    ld = ""
    if json_ld:
        ld = '<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "author": {"@type": "Person", "name": story.author},
            "datePublished": story.published.isoformat(), "keywords": ", ".join(story.tags),
            "image": base + story.image if story.image else None,
        }, ensure_ascii=False) + "</script>"
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{escape(story.title)} | Site</title>'
            f"{ld}{link}</head><body><nav><a href='/'>Home</a></nav><article><h1>{escape(heading or story.title)}</h1>"
            f"{body}</article><footer>Copyright</footer></body></html>")


def rss(title: str, base: str, stories: list[Story], link_suffix: str = "", ttl: int | None = None,
        encoding: str = "utf-8") -> bytes:
    items = []
    for s in stories:
        link = escape(f"{base}news/{s.slug}.html{link_suffix}")
        items.append(
            f"<item><title>{escape(s.title)}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">{s.slug}</guid><pubDate>{format_datetime(s.published)}</pubDate>"
            f"<dc:creator>{escape(s.author)}</dc:creator>"
            + "".join(f"<category>{escape(t)}</category>" for t in s.tags)
            + f"<description>{escape(s.summary)}</description></item>")
    doc = (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           f"<channel><title>{escape(title)}</title><link>{base}</link>"
           + (f"<ttl>{ttl}</ttl>" if ttl else "") + "".join(items) + "</channel></rss>")
    return doc.encode(encoding, "xmlcharrefreplace")


def atom(title: str, base: str, stories: list[Story]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(s.title)}</title><link rel=\"alternate\" href=\"{base}posts/{s.slug}\"/>"
        f"<id>tag:atom.test,2024:{s.slug}</id><published>{s.published.isoformat()}</published>"
        f"<updated>{s.published.isoformat()}</updated><author><name>{escape(s.author)}</name></author>"
        + "".join(f'<category term="{escape(t)}"/>' for t in s.tags)
        + f"<content type=\"html\">{escape(''.join(f'<p>{p}</p>' for p in s.paragraphs))}</content></entry>"
        for s in stories)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><link href=\"{base}\"/><id>{base}</id>"
            f"<updated>{stories[0].published.isoformat()}</updated>{entries}</feed>").encode()


def json_feed(title: str, base: str, stories: list[Story]) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": base,
        "items": [{"id": s.slug, "url": f"{base}articles/{s.slug}", "title": s.title, "summary": s.summary,
                   "content_html": "".join(f"<p>{p}</p>" for p in s.paragraphs),
                   "date_published": s.published.isoformat(), "authors": [{"name": s.author}],
                   "tags": s.tags, "image": base + s.image.lstrip("/")} for s in stories],
    }).encode()


def news_sitemap(base: str, stories: list[Story]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}story/{s.slug}</loc><news:news><news:publication><news:name>Sitemap News</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{s.published.isoformat()}"
        f"</news:publication_date><news:title>{escape(s.title)}</news:title>"
        f"<news:keywords>{escape(', '.join(s.tags))}</news:keywords></news:news></url>" for s in stories)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()


def listing(links: list[str], next_url: str | None) -> str:
    items = "".join(f'<li><a href="{escape(u)}">Read more</a></li>' for u in links)
    nxt = f'<a rel="next" href="{escape(next_url)}">Older</a>' if next_url else ""
    return (f"<!doctype html><html><head><title>Latest</title></head><body><nav><a href='/'>Home</a> "
            f"<a href='/about'>About</a> <a href='/tag/world'>World</a></nav><ul>{items}</ul>{nxt}</body></html>")


def home(title: str, extra_head: str = "", extra_body: str = "") -> str:
    return (f"<!doctype html><html><head><title>{escape(title)}</title>{extra_head}</head><body>"
            f"<h1>{escape(title)}</h1><p>Welcome.</p>{extra_body}</body></html>")


@functools.lru_cache(maxsize=1)
def gzip_bomb(size: int = 60 * 1024 * 1024) -> bytes:
    """A small gzip body that inflates to ``size`` bytes (made once: it takes a second)."""
    chunk = b"<rss version=\"2.0\"><channel><title>" + b"A" * (1024 * 1024 - 40)
    out = gzip.compress(chunk + b"A" * (size - len(chunk)), compresslevel=9)
    return out


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                          for i in range(1, 10))
               + b']><rss version="2.0"><channel><title>&lol9;</title><item><title>Bomb item</title>'
                 b"<link>/news/bomb-item-story-1.html</link></item></channel></rss>")
