"""The replica served over real HTTP: routing, conditional GET, faults, request log."""

from __future__ import annotations

import gzip
import hashlib
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import pages
from .site import EDITIONS, START, TICKER_STYLES, ArticleRecord, BreakingItem, Site

FAULT_KINDS = ("error", "rate_limit", "not_found", "firewall", "slow", "drip", "truncate", "charset", "huge",
               "redirect")
# Faults that answer instead of the page, and how many requests they hit by default.
_DEFAULT_TIMES = {"error": 1, "rate_limit": 1}
_MONTHLY = re.compile(r"^sitemaps/all/sitemap-(\d{4})-([1-9]\d?)\.xml$")
# A 1x1 JPEG: what image URLs answer.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00d2cf20ffd9"
)


@dataclass
class LoggedRequest:
    method: str
    path: str                  # as sent: percent-encoded, with the query
    headers: dict[str, str]    # lower-cased names
    time: float                # time.monotonic() on arrival
    status: int | None = None  # what the replica answered

    @property
    def decoded_path(self) -> str:
        return unquote(urlsplit(self.path).path)


@dataclass
class Fault:
    kind: str
    params: dict = field(default_factory=dict)
    times: int | None = None   # requests it affects (None: all)
    hits: int = 0

    @property
    def active(self) -> bool:
        return self.times is None or self.hits < self.times


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    last_modified: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Replica:
    """The Al Mayadeen replica on 127.0.0.1. See the package docstring for the API."""

    def __init__(self, articles: int = 24, seed: int = 0, port: int = 0, gzip: bool = True,
                 cloudflare: bool = True):
        self._articles, self._seed, self._port = articles, seed, port
        self.gzip, self.cloudflare = gzip, cloudflare
        self.site: Site | None = None
        self.requests: list[LoggedRequest] = []
        self.faults: dict[str, Fault] = {}
        self.in_flight = 0          # requests being answered now
        self.max_in_flight = 0      # the most at once so far (politeness checks)
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> Replica:
        if self._httpd is not None:
            return self
        replica = self

        class Handler(_Handler):
            owner = replica

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._httpd.daemon_threads = True
        root = f"http://127.0.0.1:{self._httpd.server_port}"
        self.site = Site(self._articles, self._seed, root=root)
        # A short poll interval: close() (shutdown) waits up to one interval.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="replica", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Replica:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def serve_forever(self) -> None:
        """Block until interrupted (for ``python -m tests.support.replica``)."""
        self.start()
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.close()

    # -- what it serves ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The English edition's base URL, e.g. ``http://127.0.0.1:PORT/``."""
        return self.base_urls["en"]

    @property
    def base_urls(self) -> dict[str, str]:
        """Base URL of each edition: ``{"en": .../, "ar": .../ar/, "es": .../es/}``."""
        return dict(self._site.bases)

    @property
    def _site(self) -> Site:
        if self.site is None:
            raise RuntimeError("the replica is not started (use `with Replica() as r:` or .start())")
        return self.site

    @property
    def articles(self) -> list[ArticleRecord]:
        """Every page the sitemaps list, all editions, in generation order."""
        return list(self._site.records)

    def wanted(self, edition: str = "en") -> list[ArticleRecord]:
        """What a complete, polite sync of ``edition`` stores: news pages robots.txt allows."""
        return [r for r in self._site.edition_records(edition) if r.is_news and not r.disallowed]

    def record(self, url_or_path: str) -> ArticleRecord:
        """The record served at a URL or path (KeyError if none)."""
        found = self._site.find(unquote(urlsplit(url_or_path).path))
        if found is None:
            raise KeyError(url_or_path)
        return found

    def url(self, path: str) -> str:
        """Absolute URL of a path on the replica (``/robots.txt`` -> ``http://127.0.0.1:P/robots.txt``)."""
        return self._site.root + "/" + path.lstrip("/")

    def recipe(self, edition: str = "en"):
        """The built-in recipe of ``edition`` pointed at this replica."""
        from newscli.sites import get_recipe

        return get_recipe(EDITIONS[edition].recipe).with_base_url(self.base_urls[edition])

    # -- changing it ------------------------------------------------------------------

    def add_article(self, **kwargs) -> ArticleRecord:
        """A new article, newest of all: it appears in the newest monthly sitemap, its
        section pages and the home page. Keywords: edition, variant, section, subsection,
        title, published (see :meth:`Site.add_article`)."""
        with self._lock:
            return self._site.add_article(**kwargs)

    def edit_article(self, record: ArticleRecord, paragraph: str | None = None) -> ArticleRecord:
        """Append a paragraph and move `last_updated` (the sitemap lastmod follows)."""
        with self._lock:
            return self._site.edit_article(record, paragraph)

    @property
    def ticker(self) -> list[BreakingItem]:
        """The English BREAKING items, newest first."""
        return self.tickers("en")

    def tickers(self, edition: str) -> list[BreakingItem]:
        with self._lock:
            return list(self._site.tickers[edition])

    def push_breaking(self, text: str | None = None, url: str | None = None, edition: str = "en") -> BreakingItem:
        """A new breaking item, shown first on every page; the oldest drops off.
        With no text, a generated one."""
        with self._lock:
            return self._site.push_breaking(text or self._site.new_breaking_text(edition), url, edition)

    @property
    def ticker_style(self) -> str | None:
        return self._site.ticker_style

    @ticker_style.setter
    def ticker_style(self, style: str | None) -> None:
        """Force one ticker markup on every page (None: each page its own)."""
        if style is not None and style not in TICKER_STYLES:
            raise ValueError(f"ticker style must be one of {TICKER_STYLES}")
        self._site.ticker_style = style

    def set_fault(self, path: str, kind: str, times: int | None = None, **params) -> Fault:
        """Make requests for ``path`` (a path or URL; the query is ignored) misbehave.

        kinds and params: error(status=500), rate_limit(retry_after=1, http_date=False),
        not_found, firewall, slow(delay=2.0), drip(chunk=256, interval=0.05),
        truncate(keep=None: half), charset(encoding="cp1252", declared="utf-8", meta="utf-8";
        None drops the header charset / the meta tag), huge(size=11 MiB, gzip=False,
        content_length=True), redirect(location=URL, status=302). ``times``: how many requests are hit (default 1 for error and
        rate_limit, else all), after which the path answers normally.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r} (known: {', '.join(FAULT_KINDS)})")
        fault = Fault(kind, params, times if times is not None else _DEFAULT_TIMES.get(kind))
        with self._lock:
            self.faults[_fault_key(path)] = fault
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def requests_for(self, path: str) -> list[LoggedRequest]:
        """Logged requests whose decoded path equals ``path``'s (query ignored)."""
        key = _fault_key(path)
        return [r for r in list(self.requests) if r.decoded_path == key]

    # -- answering --------------------------------------------------------------------

    def handle(self, handler: _Handler, head: bool) -> None:
        entry = LoggedRequest(handler.command, handler.path,
                              {k.lower(): v for k, v in handler.headers.items()}, time.monotonic())
        self.requests.append(entry)
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(handler, head, entry)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, handler: _Handler, head: bool, entry: LoggedRequest) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        with self._lock:
            fault = self.faults.get(path)
            if fault is not None and fault.active:
                fault.hits += 1
            else:
                fault = None
            reply = self._fault_reply(fault) if fault and fault.kind in _ANSWERING else None
            if reply is None:
                reply = self.route(path, parse_qs(parts.query))
        if fault and fault.kind == "slow":
            time.sleep(float(fault.params.get("delay", 2.0)))
        entry.status = _Sender(self, handler, reply, fault, head).send()

    def _fault_reply(self, fault: Fault) -> Reply:
        p = fault.params
        if fault.kind == "error":
            status = int(p.get("status", 500))
            return Reply(status, f"<html><body><h1>{status} Server Error</h1></body></html>".encode())
        if fault.kind == "rate_limit":
            wait = float(p.get("retry_after", 1))
            value = str(int(wait))
            if p.get("http_date"):
                value = format_datetime(datetime.now(UTC).replace(microsecond=0)
                                        + timedelta(seconds=wait), usegmt=True)
            return Reply(429, b"<html><body><h1>429 Too Many Requests</h1></body></html>",
                         headers={"Retry-After": value})
        if fault.kind == "firewall":
            return _firewall_reply()
        if fault.kind == "redirect":
            return Reply(int(p.get("status", 302)), b"", headers={"Location": p["location"]})
        return Reply(404, pages.not_found_page(self._site).encode())

    def route(self, path: str, query: dict[str, list[str]]) -> Reply:
        """The normal answer for a decoded path."""
        site = self._site
        if path == "/robots.txt":
            return Reply(200, pages.robots_txt(site).encode(), "text/plain; charset=utf-8", START)
        if path == "/rss":
            return _firewall_reply()   # as reported of the real site
        if re.match(r"^/(?:ar-|es-)?media/", path):
            return Reply(200, JPEG, "image/jpeg", START)
        if path.startswith("/static/"):
            return Reply(200, b"/* replica */\n", "text/css" if path.endswith(".css") else "text/javascript", START)
        for code in sorted(EDITIONS, key=lambda c: -len(site.base_path(c))):
            base = site.base_path(code)
            if path + "/" == base or path.startswith(base):
                reply = self._edition_route(EDITIONS[code], path[len(base):], query)
                if reply is not None:
                    return reply
                break
        return Reply(404, pages.not_found_page(site).encode())

    def _edition_route(self, edition, rest: str, query) -> Reply | None:
        site = self._site
        page = _int(query.get("page", ["1"])[0])
        changed = site.ticker_changed(edition.code)
        if rest == "sitemaps/all.xml":
            records = site.edition_records(edition.code)
            return Reply(200, pages.sitemap_index(site, edition).encode(), "application/xml; charset=utf-8",
                         max(r.updated for r in records))
        match = _MONTHLY.match(rest)
        if match:
            records = site.months(edition.code).get((int(match.group(1)), int(match.group(2))))
            if not records:
                return None
            return Reply(200, pages.monthly_sitemap(site, edition, records).encode(),
                         "application/xml; charset=utf-8", max(r.updated for r in records))
        record = site.find(site.base_path(edition.code) + rest)
        if record is not None:
            return Reply(200, record.html.encode(), last_modified=max(record.updated, changed))
        listed, heading = self._listing(edition, rest.rstrip("/"), query)
        if heading is None:
            if edition.code == "en" and rest in dict(pages.FOOTER_PAGES):
                return Reply(200, pages.static_page(site, dict(pages.FOOTER_PAGES)[rest],
                                                    "A page about the channel.").encode(), last_modified=START)
            return None
        home_style = {"en": "label", "ar": "ticker-box", "es": "ticker__item"}[edition.code]
        html = pages.listing_page(site, edition, heading, listed, page, site.base_path(edition.code) + rest,
                                  ticker_style=home_style)
        if html is None:
            return None
        newest = max([changed] + [r.updated for r in listed[:pages.PER_PAGE * page]])
        return Reply(200, html.encode(), last_modified=newest)

    def _listing(self, edition, rest: str, query) -> tuple[list[ArticleRecord], str | None]:
        """Records listed at ``rest`` and the page heading (None: not a listing)."""
        site = self._site
        news = [r for r in site.edition_records(edition.code) if r.is_news]
        if rest == "":
            return news, "Latest News"
        if rest == "news" and "tags" in query:
            tag = query["tags"][0]
            return [r for r in news if tag in r.story.tags], tag
        if rest in edition.section_paths():
            section, _, sub = rest.partition("/")
            listed = [r for r in news if r.section == section and (not sub or r.subsection == sub)]
            return listed, edition.label(*rest.split("/"))
        tag_match = re.match(r"^tags?/(.+)$", rest)
        if tag_match:
            name = tag_match.group(1)
            return [r for r in news if name in r.story.tags or name in map(pages.slugify, r.story.tags)], name
        if re.match(r"^(?:region|authors)/[^/]+$|^live$", rest) and edition.code == "en":
            return [], rest.split("/")[-1].replace("-", " ").title()
        return [], None


_ANSWERING = {"error", "rate_limit", "not_found", "firewall", "redirect"}


def _firewall_reply() -> Reply:
    ray = hashlib.sha1(str(time.monotonic()).encode()).hexdigest()[:16]
    return Reply(403, pages.FIREWALL_PAGE.format(ray=ray).encode(),
                 headers={"cf-ray": f"{ray}-BEY", "cf-mitigated": "challenge", "Server": "cloudflare",
                          "Cache-Control": "private, max-age=0, no-store, no-cache, must-revalidate"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: Replica

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm
        # and delayed ACKs add 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self.owner.handle(self, head=False)

    def do_HEAD(self):
        self.owner.handle(self, head=True)

    def log_message(self, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Sender:
    """Writes one reply, with conditional GET, gzip and the byte-level faults."""

    def __init__(self, replica: Replica, handler: _Handler, reply: Reply, fault: Fault | None, head: bool):
        self.replica, self.handler, self.reply, self.fault, self.head = replica, handler, reply, fault, head

    def send(self) -> int:
        reply, kind = self.reply, self.fault.kind if self.fault else None
        body, headers = reply.body, {"Content-Type": reply.content_type, **reply.headers}
        if kind == "charset":
            body, headers["Content-Type"] = self._recode()
        elif kind == "huge":
            body = self._huge(body)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if reply.status == 200:
            headers["ETag"] = etag
            if reply.last_modified:
                headers["Last-Modified"] = format_datetime(reply.last_modified.astimezone(UTC), usegmt=True)
            if self._not_modified(etag, reply.last_modified):
                return self._write(304, {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}, None)
        accepts_gzip = "gzip" in self.handler.headers.get("Accept-Encoding", "")
        if kind == "huge" and self.fault.params.get("gzip") or (
                kind is None and self.replica.gzip and accepts_gzip and len(body) > 512
                and reply.content_type.startswith(("text/", "application/xml"))):
            body = gzip.compress(body, 6)
            headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
            if "ETag" in headers:
                headers["ETag"] = "W/" + etag
        return self._write(reply.status, headers, body)

    def _not_modified(self, etag: str, last_modified: datetime | None) -> bool:
        request = self.handler.headers
        if_none_match = request.get("If-None-Match")
        if if_none_match:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or etag in tags
        since = request.get("If-Modified-Since")
        if since and last_modified:
            try:
                return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _recode(self) -> tuple[bytes, str]:
        p = self.fault.params
        text = self.reply.body.decode("utf-8")
        meta = p.get("meta", "utf-8")
        tag = f'<meta charset="{meta}">' if meta else ""
        text = text.replace('<meta charset="utf-8">', tag, 1)
        body = text.encode(p.get("encoding", "cp1252"), "xmlcharrefreplace")
        declared = p.get("declared", "utf-8")
        return body, "text/html" + (f"; charset={declared}" if declared else "")

    def _huge(self, body: bytes) -> bytes:
        size = int(self.fault.params.get("size", 11 * 1024 * 1024))
        filler = b"<p class=\"filler\">" + b"padding text " * 40 + b"</p>\n"
        needed = max(0, size - len(body))
        pad = filler * (needed // len(filler) + 1)
        cut = body.rfind(b"</body>")
        return body[:cut] + pad[:needed] + body[cut:]

    def _write(self, status: int, headers: dict, body: bytes | None) -> int:
        h, kind = self.handler, self.fault.kind if self.fault else None
        params = self.fault.params if self.fault else {}
        chunked = kind == "huge" and params.get("content_length") is False
        try:
            h.send_response_only(status)
            h.send_header("Server", headers.pop("Server", "cloudflare" if self.replica.cloudflare else "replica"))
            h.send_header("Date", h.date_time_string())
            if self.replica.cloudflare and "cf-ray" not in headers:
                headers["CF-RAY"] = hashlib.sha1(h.path.encode() + str(time.monotonic()).encode()).hexdigest()[:16] + "-BEY"
            for key, value in headers.items():
                h.send_header(key, value)
            if body is not None:
                h.send_header("Transfer-Encoding" if chunked else "Content-Length",
                              "chunked" if chunked else str(len(body)))
            if kind == "truncate":
                h.send_header("Connection", "close")
            h.end_headers()
            if body is None or self.head:
                return status
            if chunked:
                for i in range(0, len(body), 65536):
                    piece = body[i:i + 65536]
                    h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                h.wfile.write(b"0\r\n\r\n")
            elif kind == "truncate":
                keep = params.get("keep")
                h.wfile.write(body[: len(body) // 2 if keep is None else int(keep)])
                h.wfile.flush()
                h.close_connection = True
            elif kind == "drip":
                step, pause = int(params.get("chunk", 256)), float(params.get("interval", 0.05))
                for i in range(0, len(body), step):
                    h.wfile.write(body[i:i + step])
                    h.wfile.flush()
                    time.sleep(pause)
            else:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True
        return status


def _fault_key(path_or_url: str) -> str:
    return unquote(urlsplit(path_or_url).path) or "/"


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


