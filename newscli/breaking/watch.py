"""Breaking news: read a site's ticker, remember every line, report the new ones.

No feed or API for breaking news is known, so the ticker is read off a page
(the recipe's ``ticker_path``): the recipe's CSS selectors first, in order,
then the list that follows a label reading ``BREAKING``. Each line gets a
stable id from its site and its normalised text (:func:`item_key`), so small
edits (case, spacing, punctuation, quote styles) keep the same item; the store
keeps when each line was first and last seen. A line links to a stored
article whose title matches it: when the line is first seen (recently stored
articles) and when such an article is stored later (``Store.upsert``).

:func:`watch` is the polling loop as a generator of events, with the sleep
and the randomness injectable, so tests drive it without a clock or terminal.
"""

from __future__ import annotations

import hashlib
import random
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from newscli.errors import EXIT_NOTHING, NewsError
from newscli.textclean import clean_line, fold

if TYPE_CHECKING:
    from newscli.archive.archive import Archive
    from newscli.fetch import Fetcher
    from newscli.sites.recipe import Recipe

ID_LENGTH = 12
MAX_LINE_CHARS = 400      # longer than this is a paragraph, not a ticker line
MAX_LINES = 100
MIN_MATCH_CHARS = 12      # shorter keys ("live", "video") would link anything
BLOCKED_HINT = ("; poll less often (--interval), or set another user_agent in config.toml; "
                "the site may let you in again later")
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "title"}
_DECIMAL_MARK = re.compile(r"(?<=\d)[.,\u066b](?=\d)")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_\u0640]+")
_DIGIT = re.compile(r"\d")
# "Iraq: ...", "Taiwan's President: ...": a short speaker or place before a colon.
_SPEAKER = re.compile(r"^[^:：]{2,40}[:：]\s+(?=\S)")


class NoTicker(NewsError):
    """The page shows no breaking-news ticker (or an empty one)."""

    exit_code = EXIT_NOTHING


# -- identity ---------------------------------------------------------------


def item_key(text: str) -> str:
    """What stays of a line when small edits are ignored: letters and digits
    only, case- and accent-folded, digits in ASCII, decimal marks kept (so
    "1.5%" and "15%" differ). "Taiwan’s" and "TAIWAN'S", "self-defense" and
    "self defense" give the same key."""
    # NFKD splits accents off their letters; \W then drops them with the
    # punctuation, spaces and symbols (and the tatweel that stretches Arabic).
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    key = ".".join(_NOT_LETTER_OR_DIGIT.sub("", part) for part in _DECIMAL_MARK.split(decomposed))
    if not key.isascii():
        key = _DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), key)
    return key


def item_id(site: str, text: str) -> str:
    """Stable short id of a ticker line on ``site``."""
    return hashlib.sha256(f"{site}\n{item_key(text)}".encode("utf-8")).hexdigest()[:ID_LENGTH]


def match_keys(text: str) -> tuple[str, str | None]:
    """(key of the whole line, key without a leading "Speaker: ") for linking
    lines and headlines; keys too short to be telling are None."""
    text = text.strip()
    whole = item_key(text)
    bare_text = _SPEAKER.sub("", text, count=1)
    bare = item_key(bare_text) if bare_text != text else ""
    return (whole if len(whole) >= MIN_MATCH_CHARS else None,
            bare if len(bare) >= MIN_MATCH_CHARS else None)


# -- records ----------------------------------------------------------------


@dataclass(frozen=True)
class TickerLine:
    """One line as the page shows it."""

    text: str
    url: str | None = None


@dataclass
class BreakingItem:
    """One stored ticker line. ``new``: never seen before this reading."""

    id: str
    site: str
    text: str
    url: str | None
    first_seen: str
    last_seen: str
    article_id: str | None = None
    new: bool = False

    @classmethod
    def from_row(cls, row: dict, new: bool = False) -> "BreakingItem":
        return cls(**{k: row[k] for k in ("id", "site", "text", "url", "first_seen", "last_seen",
                                          "article_id")}, new=new)

    def to_json(self) -> dict:
        return asdict(self)


def matches(text: str, words: Iterable[str]) -> bool:
    """Does ``text`` contain any of ``words`` (case and accents ignored)? No words: yes."""
    words = [fold(w) for w in words if w.strip()]
    if not words:
        return True
    folded = fold(text)
    return any(w in folded for w in words)


def match_words(values: Iterable[str] | None) -> list[str]:
    """--match values ("putin, trump" or repeated) -> words."""
    return [w for value in values or () for w in re.split(r"[\s,]+", value) if w]


# -- parsing ----------------------------------------------------------------


def parse_ticker(html: str, selectors: Iterable[str] = (), label: str | None = "BREAKING",
                 base_url: str = "") -> list[TickerLine]:
    """The ticker's lines, in page order (duplicates dropped: tickers often
    repeat their items for a seamless scroll). Tries ``selectors`` in order
    (each match is one line), then the list after an element reading ``label``."""
    from newscli.extract.page import Page

    page = Page(html, base_url)
    for selector in selectors:
        try:
            elements = page.select(selector)
        except ValueError:
            continue
        lines = _unique(_line(el, base_url) for el in elements)
        if lines:
            return lines
    return _after_label(page.tree, label, base_url) if label else []


def _unique(lines: Iterable[TickerLine | None]) -> list[TickerLine]:
    seen: set[str] = set()
    out = []
    for line in lines:
        if line is None:
            continue
        key = item_key(line.text)
        if key and key not in seen:
            seen.add(key)
            out.append(line)
        if len(out) >= MAX_LINES:
            break
    return out


def _line(el, base_url: str) -> TickerLine | None:
    from newscli.extract.page import block_text

    text = clean_line(block_text(el))
    if not text or len(text) > MAX_LINE_CHARS:
        return None
    return TickerLine(text, _link(el, base_url))


def _link(el, base_url: str) -> str | None:
    """The item's own link: the element if it is one, a link inside it, or the link around it."""
    from newscli.urls import canonical_url

    candidates = [el] + el.xpath(".//a[@href]") + el.xpath("ancestor::a[@href]")
    for a in candidates:
        href = (a.get("href") or "").strip() if a.tag == "a" else ""
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            url = canonical_url(href, base_url or None)
            return url if url.startswith(("http://", "https://")) else None
    return None


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _shows_text(el) -> bool:
    """An element (not a comment, script or style) with visible text."""
    return _tag(el) is not None and _tag(el) not in _SKIP_TAGS and bool(clean_line(el.text_content()))


def _after_label(tree, label: str, base_url: str) -> list[TickerLine]:
    """The lines after the first element whose whole text is ``label``."""
    want = item_key(label)
    for text_node in tree.xpath("//body//text()"):
        if item_key(text_node) != want:
            continue
        holder = text_node.getparent()
        if text_node.is_tail:  # "<br>BREAKING": the text belongs to holder's parent
            holder = holder.getparent()
        if holder is None or any(_tag(a) in _SKIP_TAGS for a in holder.iterancestors()) \
                or _tag(holder) in _SKIP_TAGS:
            continue
        if item_key(holder.text_content()) != want:
            lines = _lines_after_text(holder, want)
        else:
            lines = _lines_after_element(_widest_label(holder, want), base_url)
        if lines:
            return lines
    return []


def _widest_label(el, want: str):
    """<h2><span>BREAKING</span></h2>: the label is the h2."""
    while el.getparent() is not None and item_key(el.getparent().text_content()) == want:
        el = el.getparent()
    return el


def _lines_after_element(label, base_url: str, levels: int = 4) -> list[TickerLine]:
    """The first following sibling with text holds the list, or is its first
    item when the siblings after it, of the same tag, are one line each. If
    the label has no such sibling, its parent's siblings are tried (a label
    wrapped in its own box)."""
    node = label
    for _ in range(levels):
        siblings = [s for s in node.itersiblings() if _shows_text(s)]
        if siblings:
            lines = _unique(_lines_in(siblings[0], base_url))
            if len(lines) != 1:
                return lines
            for sibling in siblings[1:]:
                more = _unique(_lines_in(sibling, base_url))
                if _tag(sibling) != _tag(siblings[0]) or len(more) != 1:
                    break
                lines += more
            return _unique(lines)
        node = node.getparent()
        if node is None or _tag(node) == "body":
            break
    return []


def _lines_in(container, base_url: str) -> Iterator[TickerLine | None]:
    """Items of a list-like element: its <li>s, else its children with text,
    else its text lines (items separated by <br> or blocks)."""
    items = container.xpath(".//li[not(ancestor::li)]") if _tag(container) != "li" else []
    if items:
        yield from (_line(li, base_url) for li in items)
        return
    children = [c for c in container if _shows_text(c)]
    own_text = clean_line((container.text or "") + "".join(c.tail or "" for c in container))
    if len(children) == 1 and not own_text:
        yield from _lines_in(children[0], base_url)
    elif len(children) >= 2 and not own_text:
        yield from (_line(child, base_url) for child in children)
    else:
        yield from _text_lines(container)


def _text_lines(el) -> Iterator[TickerLine | None]:
    from newscli.extract.page import block_text

    for raw in block_text(el).split("\n"):
        text = clean_line(raw)
        if text and len(text) <= MAX_LINE_CHARS:
            yield TickerLine(text)


def _lines_after_text(holder, want: str) -> list[TickerLine]:
    """"<div>BREAKING<br>line<br>line</div>": the lines after the label line."""
    lines = list(_text_lines(holder))
    for i, line in enumerate(lines):
        if item_key(line.text) == want:
            return _unique(lines[i + 1:])
    return []


# -- reading and recording ----------------------------------------------------


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def interrupts_held():
    """Let a Ctrl-C that comes during the block take effect when it ends, so
    a reading is stored whole or not at all (the block is a quick write)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(signal.SIGINT, None)


class Ticker:
    """One site's ticker: fetch and parse its page, record what it shows.

    With ``conditional`` the page is asked for with the validators of the
    last answer; a 304 means the ticker shows what it showed then.
    """

    def __init__(self, archive: "Archive", recipe: "Recipe", fetcher: "Fetcher",
                 clock: Callable[[], datetime] = utcnow, conditional: bool = False):
        self.archive = archive
        self.recipe = recipe
        self.fetcher = fetcher
        self.clock = clock
        self.conditional = conditional
        self._validators: tuple[str | None, str | None] = (None, None)
        self._last_lines: list[TickerLine] = []

    @property
    def url(self) -> str:
        """The polled page, under the recipe's base URL (a mirror's path prefix kept)."""
        return self.recipe.url(self.recipe.ticker_path.lstrip("/"))

    def read(self) -> list[TickerLine]:
        """The lines the ticker shows now. Raises FetchError or NoTicker."""
        from newscli.fetch import FetchError

        etag, modified = self._validators if self.conditional and self._last_lines else (None, None)
        try:
            response = self.fetcher.get(self.url, etag=etag, last_modified=modified)
        except FetchError as exc:
            if not exc.blocked:
                raise
            raise FetchError(exc.url, exc.reason + BLOCKED_HINT, exc.status, blocked=True) from None
        if response.not_modified:
            return self._last_lines
        lines = parse_ticker(response.text, self.recipe.ticker, self.recipe.ticker_label, response.url)
        if not lines:
            raise NoTicker(f"no breaking-news ticker found on {response.url}")
        self._validators = (response.etag, response.last_modified)
        self._last_lines = lines
        return lines

    def record(self, lines: list[TickerLine]) -> list[BreakingItem]:
        """Store one reading (under the write lock, briefly); the items in
        ticker order, new ones flagged."""
        site = self.recipe.name
        rows = []
        for line in lines:
            whole, bare = match_keys(line.text)
            rows.append({"id": item_id(site, line.text), "text": line.text, "url": line.url,
                         "match_key": whole, "bare_key": bare})
        with self.archive.writing(), interrupts_held():
            new_ids = self.archive.store.record_breaking(site, rows, _stamp(self.clock()))
        stored = {r["id"]: r for r in self.archive.store.breaking_rows(ids=[r["id"] for r in rows])}
        return [BreakingItem.from_row(stored[r["id"]], new=r["id"] in new_ids)
                for r in rows if r["id"] in stored]

    def poll(self) -> list[BreakingItem]:
        return self.record(self.read())


def history(archive: "Archive", site: str | None = None, since: datetime | None = None,
            limit: int | None = None, words: Iterable[str] = ()) -> list[BreakingItem]:
    """Stored items, newest first."""
    words = list(words)
    rows = archive.store.breaking_rows(site=site, since=_stamp(since) if since else None,
                                       limit=None if words else limit)
    items = [BreakingItem.from_row(r) for r in rows if matches(r["text"], words)]
    return items[:limit] if limit else items


# -- watching -------------------------------------------------------------------


@dataclass
class WatchEvent:
    """What :func:`watch` reports.

    kind: ``current`` (the first reading: every item on the ticker), ``new``
    (items that appeared since the last reading, newest first), ``failed``
    (a reading failed; ``message``, ``retry_in``), ``recovered`` (readings
    work again after ``failures`` failed ones), ``checked`` (a reading
    succeeded; the next is in ``retry_in`` seconds).
    """

    kind: str
    items: list[BreakingItem] = field(default_factory=list)
    message: str = ""
    retry_in: float = 0.0
    failures: int = 0


def watch(poll: Callable[[], list[BreakingItem]], interval: float = 60.0, *,
          sleep: Callable[[float], None] = time.sleep, rand: Callable[[], float] = random.random,
          jitter: float = 0.1, max_backoff: float = 300.0) -> Iterator[WatchEvent]:
    """Poll forever; yield events as readings succeed, bring news or fail.

    Failures (network, firewall, a page without a ticker, a busy data home)
    back off exponentially, from twice the interval up to eight times it
    or ``max_backoff``, whichever is shorter (but never below the interval). Every item a reading returns is already
    stored, so stopping between events loses nothing.
    """
    from newscli.fetch import FetchError
    from newscli.archive.lock import LockTimeout

    failures = 0
    first = True
    while True:
        try:
            items = poll()
        except (FetchError, NoTicker, LockTimeout) as exc:
            failures += 1
            delay = min(interval * 2 ** failures, max(interval, min(max_backoff, interval * 8)))
            delay *= 1 + jitter * (2 * rand() - 1)
            yield WatchEvent("failed", message=str(exc), retry_in=delay, failures=failures)
            sleep(delay)
            continue
        if failures:
            yield WatchEvent("recovered", failures=failures)
            failures = 0
        if first:
            first = False
            yield WatchEvent("current", items=items)
        else:
            fresh = [item for item in items if item.new]
            if fresh:
                yield WatchEvent("new", items=fresh)
        delay = interval * (1 + jitter * (2 * rand() - 1))
        yield WatchEvent("checked", retry_in=delay)
        sleep(delay)
