"""Getting pages into the archive: fetch by URL, import saved files.

Each page becomes one :class:`Outcome`; one bad page never stops the rest.
Network work happens outside the write lock; only the save takes it.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newscli.archive.archive import Archive
from newscli.config import short_path
from newscli.dates import utc_stamp
from newscli.encoding import decode_html
from newscli.errors import NothingFound
from newscli.extract import extract
from newscli.model import Article
from newscli.sites import recipe_for_article, recipe_for_url
from newscli.sites.recipe import Recipe

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
MAX_PAGE_BYTES = 10 * 1024 * 1024   # as for fetched pages (settings: max_bytes)
# Below this, a page is an article only if it has a headline and a lead
# (video pages); otherwise it is navigation or an error page.
MIN_BODY_WORDS = 25


class NoArticle(NothingFound):
    """The page holds nothing that reads as an article."""


@dataclass
class Outcome:
    source: str                    # the URL or file it came from
    status: str                    # new | updated | unchanged | skipped | failed (| ready: not saved yet)
    article: Article | None = None
    reason: str | None = None
    http_status: int | None = None
    blocked: bool = False
    kept: list[str] = field(default_factory=list)   # stored fields the new extraction lacked, kept

    def to_json(self, with_text: bool = True) -> dict:
        article = self.article.to_json(with_text=with_text) if self.article is not None else None
        return {"source": self.source, "status": self.status, "reason": self.reason, "kept": self.kept,
                "article": article}


# The fields an update keeps from the stored article when the new extraction has
# nothing for them (a page that lost its metadata, a generic read of a site page).
KEPT_FIELDS = ("title", "summary", "text", "lang", "authors", "source", "published", "updated",
               "section", "subsection", "tags", "image_url", "image_caption", "postid")


def keep_known(old: Article, new: Article) -> list[str]:
    """Give ``new`` the values of ``old`` for the fields it has nothing for;
    returns their names (the caller says so)."""
    kept = []
    if new.site == "web" and old.site != "web":
        new.site = old.site
        kept.append("site")
    for name in KEPT_FIELDS:
        if getattr(old, name) and not getattr(new, name):
            setattr(new, name, getattr(old, name))
            kept.append(name)
    if "text" in kept:
        new.word_count, new.reading_minutes = old.word_count, old.reading_minutes
    return kept


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
    article.fetched = utc_stamp()
    return Outcome(url, "ready", article)


def save_page(archive: Archive, html: str, url: str, recipe: Recipe | None = None,
              raw: bytes | None = None) -> Outcome:
    """Extract and store one page (the caller holds the write lock). A page
    that crashes extraction is one failed outcome: the run goes on. A stored
    article keeps the fields the page no longer gives (``Outcome.kept``)."""
    try:
        outcome = prepare_page(html, url, recipe)
    except (ValueError, LookupError, TypeError, RecursionError) as exc:
        return Outcome(url, "failed", reason=f"extraction failed ({type(exc).__name__}: {exc})")
    if outcome.status == "ready":
        article = outcome.article
        assert article is not None   # a ready outcome has its article
        old = archive.store.get_many([article.id], with_text=True).get(article.id)
        if old is not None:
            outcome.kept = keep_known(old, article)
        outcome.status = archive.save([(article, raw if raw is not None else html)])[0]
    return outcome


def stored_at(archive: Archive, url: str) -> Article | None:
    """The stored article at ``url`` (any spelling of it), if any."""
    from newscli.urls import article_id

    return archive.store.get_many([article_id(url)]).get(article_id(url))


def fetch_urls(archive: Archive, urls: Iterable[str], fetcher) -> Iterator[Outcome]:
    """Download, extract, store and index each URL."""
    from newscli.fetch import FetchError

    for url in urls:
        try:
            response = fetcher.get(url)
        except FetchError as exc:
            yield Outcome(url, "failed", reason=exc.reason, http_status=exc.status, blocked=exc.blocked)
            continue
        # A stored article is read again with the recipe it was stored with (a
        # mirror's too: its URL is not on the recipe's own site).
        stored = stored_at(archive, response.url) or stored_at(archive, url)
        recipe = recipe_for_article(stored.site, response.url) if stored is not None else None
        with archive.writing():
            yield save_page(archive, response.text, response.url, recipe, raw=response.content)


def html_files(paths: Iterable[Path]) -> Iterator[Path | OSError]:
    """The files named, and the HTML files inside the folders named (in name
    order); a folder that cannot be read comes out as its OSError."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        unreadable: list[OSError] = []
        for folder, folders, files in os.walk(path, onerror=unreadable.append):
            folders.sort()
            yield from (Path(folder) / name for name in sorted(files) if name.lower().endswith(HTML_SUFFIXES))
        yield from unreadable


def read_html_file(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> tuple[str, bytes]:
    """(decoded text, raw bytes) of a saved page; NoArticle when it is not one."""
    from newscli.config import ConfigError, read_regular_file

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise NoArticle(f"file too large ({size:,} bytes, limit {max_bytes:,})")
        # Bounded whatever st_size says (/dev/zero says 0), and never blocking
        # on a FIFO: what is not a regular file is refused.
        raw = read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise NoArticle("no such file") from None
    except OSError as exc:
        raise NoArticle(f"cannot read: {exc.strerror or exc}") from None
    except ConfigError as exc:
        reason = str(exc).split("; give")[0]
        raise NoArticle(reason.replace(f"the file {short_path(path)} ", "", 1)) from None
    return html_from_bytes(raw, max_bytes), raw


def html_from_bytes(raw: bytes, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """The text of a page given as bytes (a file, stdin); NoArticle when it is
    too large (extraction takes about a second a megabyte), compressed past
    the limit, empty, binary or not HTML."""
    if len(raw) > max_bytes:
        raise NoArticle(f"page too large (over {max_bytes:,} bytes)")
    if raw[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = inflater.decompress(raw, max_bytes + 1)   # a gzip bomb stops at the limit
        except zlib.error:
            raise NoArticle("corrupt gzip file") from None
        if len(raw) > max_bytes:
            raise NoArticle("file too large once decompressed")
    if not raw.strip():
        raise NoArticle("empty file")
    if raw[:8192].count(b"\x00") > 8 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NoArticle("binary file, not HTML")
    text = decode_html(raw)
    if "<" not in text[:65536]:
        raise NoArticle("not an HTML file")
    return text


def import_paths(archive: Archive, paths: Iterable[Path], url: str | None = None,
                 max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Outcome]:
    """Ingest saved HTML files (and folders of them)."""
    for path in html_files(paths):
        if isinstance(path, OSError):
            yield Outcome(str(path.filename), "failed", reason=f"cannot read the folder: {path.strerror}")
            continue
        try:
            html, raw = read_html_file(path, max_bytes)
        except NoArticle as exc:
            yield Outcome(short_path(path), "failed", reason=str(exc))
            continue
        page_url = url or _declared_url(html) or path.resolve().as_uri()
        with archive.writing():
            outcome = save_page(archive, html, page_url, raw=raw)
        outcome.source = short_path(path)
        yield outcome


def _declared_url(html: str) -> str | None:
    """The canonical URL a saved page declares about itself."""
    from newscli.extract.page import Page
    from newscli.urls import InvalidURL, canonical_url

    page = Page(html)
    for source in ("css:link[rel=canonical]@href", "meta:og:url"):
        for value in page.values(source):
            if value.strip().startswith(("http://", "https://")):
                try:
                    return canonical_url(value)   # (controls dropped)
                except InvalidURL:
                    continue
    return None
