"""Reading a ticker off a page: the recipe's selectors first, then the list
that follows a label reading ``BREAKING``; and the records of what was read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from newscli.breaking.keys import item_key
from newscli.errors import NothingFound
from newscli.textclean import clean_line

MAX_LINE_CHARS = 400      # longer than this is a paragraph, not a ticker line
MAX_LINES = 100
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "title"}


class NoTicker(NothingFound):
    """The page shows no breaking-news ticker (or an empty one)."""


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
    def from_row(cls, row: dict, new: bool = False) -> BreakingItem:
        return cls(**{k: row[k] for k in ("id", "site", "text", "url", "first_seen", "last_seen",
                                          "article_id")}, new=new)

    def to_json(self) -> dict:
        return asdict(self)


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


def _text_lines(el) -> Iterator[TickerLine]:
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
