"""Polite HTTP: one place that talks to web servers.

- a User-Agent naming the tool and its version;
- connect and read timeouts, and a total deadline per response: a watchdog
  shuts the socket when it passes, so a server dripping a few bytes at a
  time (which never trips the read timeout) cannot hold a request for long;
- retries with exponential backoff on connection errors, 5xx and 429,
  honouring Retry-After (seconds or an HTTP date), capped;
- a size limit on the decoded body (also stops gzip bombs);
- conditional GET (ETag / Last-Modified) for pages that are polled;
- a per-host rate limit shared by all threads (a host may ask for a slower
  one: robots.txt Crawl-delay; each 429 halves the rate for the rest of the run);
- cookies from a browser's cookies.txt, for sites behind a bot filter;
- a count of the requests made, and ``cancel()`` to stop waiting threads at once;
- bodies decoded by :func:`newscli.encoding.decode_html`.

requests is imported lazily: commands that never fetch do not pay for it.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime

from newscli import __version__
from newscli.encoding import declared_charset, decode_html
from newscli.errors import NetworkError
from newscli.urls import host_of

USER_AGENT = f"news/{__version__} (newscli; +https://github.com/newscli/news) python-requests"
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Each 429 doubles the spacing of a host's requests, up to this many times the rate's.
MAX_BACK_OFF = 8
_FIREWALL_MARKERS = ("cf-ray", "cf-mitigated")
_FIREWALL_TEXT = ("attention required", "just a moment", "cf-chl", "access denied",
                  "captcha", "cloudflare", "request blocked", "firewall")


class FetchError(NetworkError):
    """A URL could not be fetched. ``blocked`` marks a firewall/bot block;
    ``unreachable`` a failure to get any answer from the server at all."""

    def __init__(self, url: str, reason: str, status: int | None = None, blocked: bool = False,
                 unreachable: bool = False, retry_after: float | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.blocked = blocked
        self.unreachable = unreachable
        self.retry_after = retry_after   # seconds the server asked us to wait (Retry-After)


@dataclass
class Response:
    url: str                 # after redirects
    status: int
    headers: dict
    content: bytes = b""
    not_modified: bool = False
    moved: bool = False      # reached through permanent redirects only (301, 308): the URL changed

    @property
    def text(self) -> str:
        return decode_html(self.content, declared_charset(self.headers.get("content-type")))

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class RateLimiter:
    """At most ``rate`` requests per second per host (0 = no limit), across threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self._intervals: dict[str, float] = {}
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def interval_for(self, host: str) -> float:
        return self._intervals.get(host, self.interval)

    def slow_down(self, host: str, interval: float) -> None:
        """Space requests to ``host`` at least ``interval`` seconds apart."""
        with self._lock:
            self._intervals[host] = max(self.interval_for(host), interval)

    def wait(self, host: str, stop: threading.Event | None = None) -> None:
        """Block until this thread may send a request to ``host`` (or ``stop`` is set).
        A turn is taken only when it comes, so a defer() made meanwhile holds back
        threads already waiting too."""
        stop = stop or threading.Event()
        while not stop.is_set():
            with self._lock:
                now = time.monotonic()
                at = self._next.get(host, now)
                if at <= now:
                    self._next[host] = now + self.interval_for(host)
                    return
            stop.wait(at - now)

    def back_off(self, host: str) -> None:
        """A 429: ``host`` asked us to slow down, so its requests are spaced
        twice as far apart for the rest of the run, up to MAX_BACK_OFF times
        the rate asked for. Without a rate (``--rate 0``, a local mirror) the
        Retry-After wait alone applies."""
        with self._lock:
            current = self._intervals.get(host, self.interval)
            self._intervals[host] = max(current, min(2 * current, self.interval * MAX_BACK_OFF))

    def defer(self, host: str, seconds: float) -> None:
        """Nobody asks ``host`` again for ``seconds`` (a Retry-After)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)


@dataclass
class Fetcher:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 90.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0            # first retry delay, doubled each time
    max_retry_after: float = 120.0  # longest Retry-After we are willing to wait
    rate: float = 0.0
    max_redirects: int = 10
    cookies: str | None = None      # a cookies.txt (Netscape format) exported from a browser
    on_retry: object = None         # callable(url, attempt, delay, reason)
    limiter: RateLimiter = field(init=False)

    def __post_init__(self):
        self.limiter = RateLimiter(self.rate)
        self._local = threading.local()
        self._stop = threading.Event()
        self._count_lock = threading.Lock()
        self.requests = 0           # HTTP requests sent, retries included
        self._cookie_jar = _load_cookies(self.cookies) if self.cookies else None

    @classmethod
    def from_settings(cls, settings, **overrides) -> Fetcher:
        """A fetcher with the user's settings (config.toml), then ``overrides``
        (command-line options; None means "not given")."""
        values = {"user_agent": settings.user_agent or USER_AGENT, "read_timeout": settings.timeout,
                  "total_timeout": settings.total_timeout, "retries": settings.retries,
                  "max_bytes": settings.max_bytes, "rate": settings.rate, "cookies": settings.cookies}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def cancel(self) -> None:
        """Stop: waiting threads wake up and every later get() fails at once."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    @property
    def session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = requests.Session()
            session.headers.update({
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            })
            session.max_redirects = self.max_redirects
            if self._cookie_jar is not None:
                session.cookies.update(self._cookie_jar)
            self._local.session = session
        return session

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Response:
        """GET with retries. Raises FetchError; returns not_modified on a 304.
        ``max_bytes`` overrides the size limit for this URL (sitemaps are bigger)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        host = host_of(url)
        while True:
            attempt += 1
            self.limiter.wait(host, self._stop)
            if self.cancelled:
                raise FetchError(url, "cancelled")
            try:
                response = self._get_once(url, headers, max_bytes or self.max_bytes)
            except _Transient as exc:
                delay = self._retry_delay(url, attempt, exc)
                if exc.status in (429, 503):
                    # The host as a whole is overloaded: every thread waits.
                    self.limiter.defer(host, delay)
                if exc.status == 429:
                    self.limiter.back_off(host)
                if callable(self.on_retry):
                    self.on_retry(url, attempt, delay, exc.reason)
                if self._stop.wait(delay):
                    raise FetchError(url, "cancelled") from None
                continue
            return response

    def _retry_delay(self, url: str, attempt: int, exc: _Transient) -> float:
        """Seconds to wait before the next attempt; FetchError when we give up."""
        if attempt > self.retries or exc.permanent:
            raise FetchError(url, exc.reason, exc.status, unreachable=exc.unreachable, retry_after=exc.retry_after)
        if exc.retry_after is not None:
            if exc.retry_after > self.max_retry_after:
                raise FetchError(url, f"{exc.reason}, and the server asks to wait "
                                      f"{exc.retry_after:.0f}s (Retry-After); try again later", exc.status,
                                 retry_after=exc.retry_after)
            return exc.retry_after
        return self.backoff * 2 ** (attempt - 1) * (0.8 + 0.4 * random.random())

    def _get_once(self, url: str, headers: dict, max_bytes: int) -> Response:
        import requests

        with self._count_lock:
            self.requests += 1
        deadline = time.monotonic() + self.total_timeout
        try:
            raw = self.session.get(url, headers=headers, stream=True,
                                   timeout=(self.connect_timeout, self.read_timeout))
        except requests.exceptions.TooManyRedirects:
            raise FetchError(url, "too many redirects (a redirect loop?)") from None
        except (requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema) as exc:
            named = re.search(r"for '(.*)'", str(exc))   # requests names the URL it refused
            if named and named.group(1) != url:
                raise FetchError(url, f"redirected to a URL that is not http(s): {named.group(1)[:100]}") from None
            raise FetchError(url, f"not a fetchable URL ({str(exc)[:200]})") from None
        except requests.exceptions.ConnectionError as exc:
            reason = _connection_reason(exc)
            raise _Transient(reason, permanent=reason in NOT_RETRIED, unreachable=True) from None
        except requests.exceptions.Timeout:
            raise _Transient("timed out", unreachable=True) from None
        with raw:
            status = raw.status_code
            response_headers = {k.lower(): v for k, v in raw.headers.items()}
            final_url = raw.url
            moved = bool(raw.history) and all(r.status_code in (301, 308) for r in raw.history)
            if status == 304:
                return Response(final_url, status, response_headers, not_modified=True, moved=moved)
            if status in RETRY_STATUSES:
                raise _Transient(f"HTTP {status}", status, _retry_after(response_headers.get("retry-after")))
            content = self._read_body(raw, url, max_bytes, deadline)
        if status >= 400:
            blocked = status in (401, 403, 451) and _is_firewall(response_headers, content)
            reason = f"HTTP {status}" + (" (blocked by a firewall or bot filter)" if blocked else "")
            raise FetchError(url, reason, status, blocked)
        return Response(final_url, status, response_headers, content, moved=moved)

    def _read_body(self, raw, url: str, max_bytes: int, deadline: float) -> bytes:
        import requests

        declared = raw.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"page too large ({int(declared):,} bytes, limit {max_bytes:,})")
        too_slow = _Transient(f"response took longer than {self.total_timeout:g}s", permanent=True)
        chunks, size = [], 0
        try:
            with _Watchdog(raw.raw, deadline) as watchdog:
                for chunk in raw.iter_content(65536):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, f"page too large (over {max_bytes:,} bytes)")
                    chunks.append(chunk)
        except requests.exceptions.ChunkedEncodingError:
            if watchdog.fired:
                raise too_slow from None
            raise _Transient("connection broken mid-response (truncated body)") from None
        except requests.exceptions.ConnectionError as exc:
            raise (too_slow if watchdog.fired else _Transient(_connection_reason(exc))) from None
        except requests.exceptions.ContentDecodingError:
            raise FetchError(url, "response body could not be decompressed") from None
        except requests.exceptions.Timeout:
            raise _Transient("timed out while reading") from None
        if watchdog.fired:
            raise too_slow
        body = b"".join(chunks)
        if declared and declared.isdigit() and "content-encoding" not in {k.lower() for k in raw.headers} \
                and len(body) < int(declared):
            raise _Transient(f"truncated body ({len(body):,} of {int(declared):,} bytes)")
        return body


class _Watchdog:
    """Shuts a response's socket for reading when ``deadline`` (time.monotonic())
    passes, so a blocked read returns at once. Checking the clock between reads
    is not enough: one read waits for its whole buffer, and a drip of a few
    bytes every few milliseconds keeps each socket receive under the read
    timeout (100 bytes every 50 ms took 16 s against a 1 s deadline)."""

    def __init__(self, response, deadline: float):
        self._response = response       # urllib3's HTTPResponse
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self.fired = False

    def _fire(self) -> None:
        self.fired = True
        try:
            self._response.shutdown()
        except (OSError, RuntimeError, ValueError):  # already read and released, or closed
            pass

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


class _Transient(Exception):
    """A failure worth retrying (unless ``permanent``: no use asking again now)."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None,
                 permanent: bool = False, unreachable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        self.permanent = permanent
        self.unreachable = unreachable


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    from datetime import datetime

    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _is_firewall(headers: dict, content: bytes) -> bool:
    if any(marker in headers for marker in _FIREWALL_MARKERS):
        return True
    if "cloudflare" in headers.get("server", "").lower():
        return True
    head = content[:20000].decode("utf-8", "replace").lower()
    return any(marker in head for marker in _FIREWALL_TEXT)


COOKIES_MAX_BYTES = 16 * 1024 * 1024


def _load_cookies(path: str):
    """A browser's cookies.txt (Netscape format, what cookie-export add-ons write)."""
    from http.cookiejar import LoadError, MozillaCookieJar
    from pathlib import Path

    from newscli.config import ConfigError, read_regular_file

    # Read with a bound, and only a regular file: "/dev/zero" or a FIFO hung fetch and sync.
    read_regular_file(Path(path).expanduser(), COOKIES_MAX_BYTES, "cookies file")
    jar = MozillaCookieJar(str(Path(path).expanduser()))
    try:
        jar.load(ignore_discard=True, ignore_expires=True)
    except (OSError, LoadError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the cookies file {path}: {exc}") from None
    for cookie in jar:
        if not cookie.expires:  # exporters write 0 for a session cookie: not an expired one
            cookie.expires = None
    return jar


DNS_FAILURE = "DNS lookup failed (no network, or the host does not exist)"
REFUSED = "connection refused"
# Not retried: an offline machine or a server that is down answers at once, and
# will answer the same a few seconds later; timeouts and resets are retried.
NOT_RETRIED = (DNS_FAILURE, REFUSED)


def _connection_reason(exc) -> str:
    text = str(exc)
    if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text \
            or "Temporary failure in name resolution" in text:
        return DNS_FAILURE
    if "Connection refused" in text:
        return REFUSED
    if "timed out" in text.lower():
        return "timed out"
    return "connection failed"
