"""Canonical URLs and the article ids derived from them.

The id is the first 12 hex digits of the SHA-256 of the canonical URL, so the
same URL gives the same id on any machine and a re-fetch updates in place.
"""

from __future__ import annotations

import re
from urllib.parse import (
    parse_qsl,
    quote,
    unquote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

from newscli.errors import UsageError

ID_LENGTH = 12
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left unescaped in a canonical path: RFC 3986 unreserved + sub-delims + ':@/'.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
# Controls, bidi overrides and isolates, lone surrogates: never part of a URL;
# a page's canonical link may carry them (as "&#27;"), and the URL is printed.
_URL_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class InvalidURL(UsageError, ValueError):
    """A URL that cannot be parsed (a host holding "[" or "]", a bad port);
    exit 2 when the user typed it, a skipped field or page when a page holds it."""


def clean_url(url: str) -> str:
    """``url`` without the characters no URL holds."""
    return _URL_JUNK.sub("", url)


def canonical_url(url: str, base: str | None = None) -> str:
    """Normalise a URL: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, a consistent percent-encoding of the path."""
    url = clean_url(url)
    try:
        if base:
            url = urljoin(clean_url(base), url)
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError as exc:   # "Invalid IPv6 URL", "Port out of range"
        raise InvalidURL(f"not a valid URL ({exc}): {url[:200]}") from None
    netloc = host
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not k.lower().startswith(_TRACKING_PREFIXES)]
    )
    if scheme not in _DEFAULT_PORTS:   # no scheme, or a URN: as it was written
        return urlunsplit((scheme, netloc, path, query, ""))
    # Written out: urlunsplit drops the "//" of an empty host, and the URL
    # would then read differently a second time ("http://.//" -> "http://").
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def article_id(url: str) -> str:
    """Short stable id of the article at ``url``."""
    import hashlib  # (here: loading OpenSSL costs every command ~2 ms, and only writers need ids)

    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:ID_LENGTH]


def path_on_site(url: str, base_url: str) -> str | None:
    """The decoded path of ``url`` below ``base_url``, with a leading "/"; None
    when the URL is not on that site: another host, another port (a scheme's
    default port is no port: http and https of one host are one site), or
    outside the base path ("/ar/" holds "/ar/x", not "/arabic")."""
    parts, base = urlsplit(url), urlsplit(base_url)
    try:
        if (parts.hostname or "").lower() != (base.hostname or "").lower() or _port(parts) != _port(base):
            return None
    except ValueError:   # a port out of range
        return None
    path, base_path = unquote(parts.path) or "/", unquote(base.path) or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    if not (path + "/").startswith(base_path):
        return None
    return "/" + path[len(base_path):]


def _port(parts) -> int | None:
    return parts.port if parts.port not in _DEFAULT_PORTS.values() else None


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:   # a host holding "[" or "]"
        return ""


def looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))
