"""Getting pages into the archive: fetch by URL, import saved files.

Each page becomes one :class:`Outcome`; one bad page never stops the rest.
Network work happens outside the write lock; only the save takes it.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newscli.archive import Archive
from newscli.dates import utcnow_iso
from newscli.encoding import decode_html
from newscli.errors import NewsError
from newscli.extract import extract
from newscli.model import Article
from newscli.sites import recipe_for_url
from newscli.sites.recipe import Recipe

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
MAX_IMPORT_BYTES = 50 * 1024 * 1024
# Below this, a page is an article only if it has a headline and a lead
# (video pages); otherwise it is navigation or an error page.
MIN_BODY_WORDS = 25


class NoArticle(NewsError):
    """The page holds nothing that reads as an article."""


@dataclass
class Outcome:
    source: str                    # the URL or file it came from
    status: str                    # new | updated | unchanged | skipped | failed (| ready: not saved yet)
    article: Article | None = None
    reason: str | None = None
    http_status: int | None = None
    blocked: bool = False

    def to_json(self, with_text: bool = True) -> dict:
        data = {"source": self.source, "status": self.status, "reason": self.reason}
        if self.article is not None:
            data["article"] = self.article.to_json(with_text=with_text)
        return data


def page_to_article(html: str, url: str, recipe: Recipe | None = None) -> Article:
    """Extract an article or raise NoArticle (empty page, no text, not news)."""
    if not html.strip():
        raise NoArticle("empty page")
    article = extract(html, url, recipe if recipe is not None else recipe_for_url(url))
    if article.word_count < MIN_BODY_WORDS and not (article.title and article.summary):
        raise NoArticle("no article found in the page")
    return article


def prepare_page(html: str, url: str, recipe: Recipe | None = None) -> Outcome:
    """Extract one page without storing it: status 'ready' (to save), 'failed'
    or 'skipped'. Needs no lock, so sync runs it in its fetch threads."""
    try:
        article = page_to_article(html, url, recipe)
    except NoArticle as exc:
        return Outcome(url, "failed", reason=str(exc))
    if not article.url:
        return Outcome(url, "failed", reason="the page has no URL (give one with --url)")
    skip = recipe.skip_types if recipe else ("page",)
    if article.type in skip:
        return Outcome(url, "skipped", article, reason=f"not news (type {article.type})")
    article.fetched = utcnow_iso()
    return Outcome(url, "ready", article)


def save_page(archive: Archive, html: str, url: str, recipe: Recipe | None = None,
              raw: bytes | None = None) -> Outcome:
    """Extract and store one page (the caller holds the write lock)."""
    outcome = prepare_page(html, url, recipe)
    if outcome.status == "ready":
        outcome.status = archive.save([(outcome.article, raw if raw is not None else html)])[0]
    return outcome


def fetch_urls(archive: Archive, urls: Iterable[str], fetcher) -> Iterator[Outcome]:
    """Download, extract, store and index each URL."""
    from newscli.fetch import FetchError

    for url in urls:
        try:
            response = fetcher.get(url)
        except FetchError as exc:
            yield Outcome(url, "failed", reason=exc.reason, http_status=exc.status, blocked=exc.blocked)
            continue
        with archive.writing():
            yield save_page(archive, response.text, response.url, raw=response.content)


def html_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the HTML files inside the folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES))
        else:
            yield path


def read_html_file(path: Path) -> tuple[str, bytes]:
    """(decoded text, raw bytes) of a saved page; NoArticle when it is not one."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise NoArticle(f"file too large ({size:,} bytes, limit {MAX_IMPORT_BYTES:,})")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NoArticle("no such file") from None
    except IsADirectoryError:
        raise NoArticle("is a directory") from None
    except OSError as exc:
        raise NoArticle(f"cannot read: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise NoArticle("corrupt gzip file") from None
        if len(raw) > MAX_IMPORT_BYTES:
            raise NoArticle("file too large once decompressed")
    if not raw.strip():
        raise NoArticle("empty file")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NoArticle("binary file, not HTML")
    text = decode_html(raw)
    if "<" not in text[:65536]:
        raise NoArticle("not an HTML file")
    return text, raw


def import_paths(archive: Archive, paths: Iterable[Path], url: str | None = None) -> Iterator[Outcome]:
    """Ingest saved HTML files (and folders of them)."""
    for path in html_files(paths):
        try:
            html, raw = read_html_file(path)
        except NoArticle as exc:
            yield Outcome(str(path), "failed", reason=str(exc))
            continue
        page_url = url or _declared_url(html) or path.resolve().as_uri()
        with archive.writing():
            outcome = save_page(archive, html, page_url, raw=raw)
        outcome.source = str(path)
        yield outcome


def _declared_url(html: str) -> str | None:
    """The canonical URL a saved page declares about itself."""
    from newscli.extract.page import Page

    page = Page(html)
    for source in ("css:link[rel=canonical]@href", "meta:og:url"):
        for value in page.values(source):
            if value.startswith(("http://", "https://")):
                return value
    return None
