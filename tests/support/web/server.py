"""The test web served: one ThreadingHTTPServer per site, each on its own 127.0.0.x."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from . import sites as s
from .sites import Route, Story

ADDRESSES = {"rss": "127.0.0.11", "atom": "127.0.0.12", "jsonfeed": "127.0.0.13", "newsmap": "127.0.0.14",
             "section": "127.0.0.15", "cyrillic": "127.0.0.16", "wire": "127.0.0.17", "partner": "127.0.0.18",
             "faults": "127.0.0.19"}
CYRILLIC = ["совет", "министр", "бюджет", "река", "гавань", "выборы", "союз", "суд", "вакцина", "засуха", "переговоры", "саммит", "рынок", "железная", "дорога", "фестиваль", "музей", "мост", "учителя", "фермеры"]


@dataclass
class Logged:
    path: str
    headers: dict
    status: int
    time: float = 0.0    # time.monotonic() on arrival


@dataclass
class WebSite:
    """One site: its routes (path with query -> Route) and the requests it answered."""

    name: str
    address: str
    routes: dict[str, Route] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)
    base: str = ""
    httpd: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
            **headers) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, content_type, {k.replace("_", "-"): v for k, v in headers.items()})
        return self.url(path)

    def hits(self, path: str) -> list[Logged]:
        return [r for r in self.requests if urlsplit(r.path).path == path or r.path == path]


class Web:
    """All the sites, started together: ``with Web() as web: web["rss"].url("/")``."""

    def __init__(self):
        self.sites = {name: WebSite(name, address) for name, address in ADDRESSES.items()}

    def __getitem__(self, name: str) -> WebSite:
        return self.sites[name]

    def __enter__(self) -> Web:
        for site in self.sites.values():
            site.httpd = ThreadingHTTPServer((site.address, 0), _handler(site))
            site.httpd.daemon_threads = True
            site.base = f"http://{site.address}:{site.httpd.server_port}/"
            threading.Thread(target=site.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        build(self)
        return self

    def __exit__(self, *exc) -> None:
        for site in self.sites.values():
            if site.httpd:
                site.httpd.shutdown()
                site.httpd.server_close()

    def clear_requests(self) -> None:
        for site in self.sites.values():
            site.requests.clear()


def _handler(site: WebSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            route = site.routes.get(self.path) or site.routes.get(unquote(urlsplit(self.path).path))
            if route is None:
                route = Route(404, b"<html><body>not found</body></html>")
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            status, body = route.status, route.body
            if status == 200 and route.conditional and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            site.requests.append(Logged(self.path, {k.lower(): v for k, v in self.headers.items()}, status,
                                        time.monotonic()))
            self.send_response(status)
            if route.status == 200:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", format_datetime(s.START, usegmt=True))
            self.send_header("Content-Type", route.content_type)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if "Content-Length" in route.headers and not body:
                return
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


def build(web: Web) -> None:
    """Every site's pages and feeds (the bases are known once the servers listen)."""
    xml, rss_type = "application/xml", "application/rss+xml; charset=utf-8"

    # 1. RSS 2.0, summaries only, linked from <link rel=alternate>; pages with JSON-LD;
    #    feed links carry tracking parameters.
    site = web["rss"]
    site.stories = s.make_stories("harbour", 5)
    site.add("/", s.home("Harbour Times", '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'))
    site.add("/rss.xml", s.rss("Harbour Times", site.base, site.stories, link_suffix="?utm_source=rss&utm_medium=feed",
                               ttl=30), rss_type)
    for story in site.stories:
        site.add(f"/news/{story.slug}.html", s.page(story, site.base.rstrip("/")))
    # 2. Atom with full content, found only through an <a> link; pages without metadata
    #    (their <h1> is a generic guess the feed's title outranks).
    site = web["atom"]
    site.stories = s.make_stories("valley", 4)
    site.add("/", s.home("Valley Post", extra_body='<p><a href="/feeds/all.atom">Subscribe</a></p>'))
    site.add("/feeds/all.atom", s.atom("Valley Post", site.base, site.stories), "application/atom+xml")
    for story in site.stories:
        site.add(f"/posts/{story.slug}", s.page(story, site.base.rstrip("/"), json_ld=False,
                                                heading="Live: " + story.title))
    # 3. JSON Feed at a usual path (/feed.json), named nowhere.
    site = web["jsonfeed"]
    site.stories = s.make_stories("summit", 3)
    site.add("/", s.home("Summit Daily"))
    site.add("/feed.json", s.json_feed("Summit Daily", site.base, site.stories), "application/feed+json")
    for story in site.stories:
        site.add(f"/articles/{story.slug}", s.page(story, site.base.rstrip("/")))
    # 4. No feed; a Google News sitemap named in robots.txt.
    site = web["newsmap"]
    site.stories = s.make_stories("railway", 4)
    site.add("/", s.home("Railway Gazette", '<link rel="alternate" type="application/rss+xml" href="/private/rss">'))
    site.add("/private/rss", s.rss("Private", site.base, site.stories), rss_type)   # robots.txt: disallowed
    site.add("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {site.base}sitemaps/news.xml\n",
             "text/plain")
    site.add("/sitemaps/news.xml", s.news_sitemap(site.base, site.stories), xml)
    site.add("/sitemaps/index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             f'sitemap/0.9"><sitemap><loc>{site.base}sitemaps/news.xml</loc></sitemap></sitemapindex>', xml)
    for story in site.stories:
        site.add(f"/story/{story.slug}", s.page(story, site.base.rstrip("/"), json_ld=False))
    # 5. No feed, no sitemap: a section listing of three pages (rel=next).
    site = web["section"]
    site.stories = s.make_stories("museum", 6)
    site.add("/", s.home("Museum Review", extra_body='<a href="/latest">Latest</a>'))
    pages = [site.stories[i:i + 2] for i in range(0, 6, 2)]
    for n, chunk in enumerate(pages, 1):
        path = "/latest" if n == 1 else f"/latest?page={n}"
        following = f"/latest?page={n + 1}" if n < len(pages) else None
        site.add(path, s.listing([f"/museum/{x.slug}" for x in chunk], following))
    for story in site.stories:
        site.add(f"/museum/{story.slug}", s.page(story, site.base.rstrip("/")))
    # 6. Cyrillic in windows-1251: the feed (XML declaration) and the pages (meta charset).
    site = web["cyrillic"]
    site.stories = s.make_stories("novosti", 3, CYRILLIC)
    for story in site.stories:
        story.title = "Новости: " + " ".join(story.paragraphs[0].split()[:4])
        story.summary = "Кратко: " + " ".join(story.paragraphs[1].split()[:5])
        site.add(f"/news/{story.slug}.html", s.page(story, site.base.rstrip("/"), charset="windows-1251")
                 .encode("cp1251"), "text/html")
    site.add("/", s.home("Novosti", '<link rel="alternate" type="application/rss+xml" href="/rss">'))
    site.add("/rss", s.rss("Новости", site.base, site.stories, encoding="windows-1251"), "application/rss+xml")
    # 7. Syndication: the wire's stories republished by a partner: [0] with a
    #    canonical link to the wire, [1] with the wire's GUID, [2] under the same title.
    wire, partner = web["wire"], web["partner"]
    wire.stories = s.make_stories("wire", 4)
    wire.add("/", s.home("Wire", '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'))
    wire.add("/rss.xml", s.rss("Wire", wire.base, wire.stories), rss_type)
    for story in wire.stories:
        wire.add(f"/news/{story.slug}.html", s.page(story, wire.base.rstrip("/")))
    own = s.make_stories("partner", 1)[0]
    partner.stories = [*wire.stories[:3], own]
    partner.add("/", s.home("Partner", '<link rel="alternate" type="application/rss+xml" href="/feed">'))
    partner.add("/feed", s.rss("Partner", partner.base, partner.stories, link_suffix="?utm_source=partner"), rss_type)
    for i, story in enumerate(partner.stories):
        canonical = wire.url(f"/news/{story.slug}.html") if i == 0 else None
        partner.add(f"/news/{story.slug}.html", s.page(story, partner.base.rstrip("/"), canonical=canonical))
    # 8. Faults.
    faults = web["faults"]
    faults.stories = s.make_stories("fault", 3)
    faults.add("/", s.home("Faults"))
    faults.add("/feed.xml", s.rss("Faults", faults.base, faults.stories[:2]), rss_type)
    faults.add("/old-feed.xml", b"", status=301, Location=faults.url("/feed.xml"))
    faults.add("/gone.xml", b"gone", status=410)
    faults.add("/busy.xml", b"busy", status=503, Retry_After="7200")
    faults.add("/to-html", b"", status=302, Location=faults.url("/"))
    for story in faults.stories:
        faults.add(f"/news/{story.slug}.html", s.page(story, faults.base.rstrip("/")))
    bozo = s.rss("Bozo & Co", faults.base, faults.stories[2:]).replace(b"</channel></rss>", b"<item><title>Broken")
    faults.add("/bozo.xml", bozo.replace(b"<title>Bozo", b"<title>Bozo & Sons"), rss_type)
    faults.add("/bomb.xml", s.ENTITY_BOMB, rss_type)
    faults.add("/gzbomb.xml", s.gzip_bomb(), rss_type, Content_Encoding="gzip")
    faults.routes["/huge.xml"] = Route(200, b"", rss_type, {"Content-Length": str(50 * 1024 * 1024)})
    many = "".join(f"<item><title>Item {i}</title><link>/news/many-{i}</link></item>" for i in range(20000))
    faults.add("/many.xml", f'<rss version="2.0"><channel><title>Many</title>{many}</channel></rss>', rss_type)
    hostile_items = (
        "<item><title>Script \x1b[31mred\x1b[0m &lt;b&gt;bold&lt;/b&gt;</title><link>javascript:alert(1)</link>"
        "<pubDate>not a date</pubDate><description>x</description></item>"
        "<item><title>File</title><link>file:///etc/passwd</link></item>"
        "<item><title>Data</title><link>data:text/html,hi</link></item>"
        "<item><title>Fine &lt;i&gt;one&lt;/i&gt;</title>"
        f"<link>{faults.url(f'/news/{faults.stories[0].slug}.html')}</link>"
        "<pubDate>Mon, 99 Foo 2024 99:99:99 GMT</pubDate></item>")
    faults.add("/hostile.xml", f'<rss version="2.0"><channel><title>Hostile</title>{hostile_items}</channel></rss>'
               .replace("\x1b", "&#27;"), rss_type)
