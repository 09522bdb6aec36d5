"""A parsed page and the small language that reads values out of it.

A *source* is a string naming where a field's value can be found. Recipes and
the generic extractor are both ordered lists of sources per field, so a site
recipe is data (it can live in a TOML file) and the first source that yields
a value wins:

    meta:NAME            <meta name|property|itemprop=NAME content=...>
    jsonld:PATH          the page's schema.org Article object (dotted path, e.g. author.name)
    json:SELECTOR:PATH   JSON inside the element matched by a CSS selector
    css:SELECTOR         text of the matched elements
    css:SELECTOR@ATTR    an attribute of the matched elements
    line:REGEX           visible text lines matching REGEX (group 1 if any)
    byline:REGEX         the first such line from the headline (<h1>) on, a bare label
                         line ("Written by") joined to the next line
    url:REGEX            group 1 of REGEX matched against the URL path
    title                the <title> element, minus a " | Site name" suffix
    htmldate             the publication day htmldate finds (URL, printed dates, scripts)

Every source returns a list of strings (possibly empty); single-valued fields
take the first.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlsplit

from newscli.textclean import clean_line, clean_text

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report",
    "videoobject",
}
SITE_TYPES = {"website", "organization", "newsmediaorganization"}
_TITLE_SEPARATOR = re.compile(r"(\s+(?:[|\-\u2013\u2014:\u00b7\u2022\u00bb]|::)\s+)")
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
}
# Table cells are separated by a space: a table row is one line, as it reads.
_CELL_TAGS = {"td", "th"}
_WHITESPACE = re.compile(r"\s+")
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe"}
_BYLINE_LABEL = re.compile(r"^(?:(?:written|posted|article)\s+by|by|authors?|autor|auteur|von|por|par)\s*:?$",
                           re.IGNORECASE)


# A character reference to a C0 control ("&#27;", "&#x1f;"): the parser puts
# the control into the tree, and lxml then refuses any text joined with it.
_CONTROL_REFERENCE = re.compile(
    r"&#(?:0*(?:[0-8]|1[1-24-9]|2\d|3[01])(?!\d)|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F]))")


_UNSAFE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean_tree(tree) -> None:
    for el in tree.iter():
        if el.text and _UNSAFE_CONTROL.search(el.text):
            el.text = clean_text(el.text)
        if el.tail and _UNSAFE_CONTROL.search(el.tail):
            el.tail = clean_text(el.tail)


# What a <head> holds; anything else there is page content the parser misplaced.
_HEAD_TAGS = {"title", "meta", "link", "base", "script", "style", "noscript", "template"}


def _lift_body_out_of_head(tree) -> None:
    """Put the page content back in a <body> of its own.

    An unclosed unknown tag before <body> ("<consent-banner>", no </head>)
    makes libxml2 nest the whole page, <body> included, inside <head>, which
    everything reading the body skips.
    """
    head = tree.find("head")
    if head is None or tree.find("body") is not None:
        return
    body = head.find(".//body")
    if body is None:
        body = tree.makeelement("body")
        body.extend([child for child in head if child.tag not in _HEAD_TAGS])
    tree.append(body)


class Page:
    """One HTML page, parsed once, with lazily computed views."""

    def __init__(self, html: str, url: str = ""):
        # Control characters and escape sequences go before any parsing: lxml
        # keeps them in the tree but refuses them when text is set again (a
        # "\x1f" beside a dropped <figure> crashed body extraction).
        self.html = clean_text(html)
        self.url = url

    @cached_property
    def tree(self):
        import lxml.html
        from lxml import etree

        text = self.html if self.html.strip() else "<html></html>"
        for attempt in (text, text.encode("utf-8", "replace")):
            try:
                tree = lxml.html.document_fromstring(attempt)
            except (etree.ParserError, ValueError):
                continue   # an encoding declaration in str input
            if _CONTROL_REFERENCE.search(text):
                _clean_tree(tree)
            _lift_body_out_of_head(tree)
            return tree
        return lxml.html.document_fromstring("<html></html>")

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """<meta> contents, in page order, under every lower-cased name the tag
        declares (``<meta property="article:published" itemprop="datePublished
        dateCreated">`` is found by all three)."""
        out: dict[str, list[str]] = {}
        for el in self.tree.iter("meta"):
            content = (el.get("content") or "").strip()
            if not content:
                continue
            names = " ".join(el.get(attr) or "" for attr in ("property", "name", "itemprop", "http-equiv"))
            for key in dict.fromkeys(names.lower().split()):
                out.setdefault(key, []).append(content)
        return out

    @cached_property
    def jsonld(self) -> list[dict]:
        """Every JSON object in ld+json scripts, nested ones and @graph members too."""
        found: list[dict] = []
        for script in self.tree.iter("script"):
            if "ld+json" not in (script.get("type") or "").lower():
                continue
            data = loads_json(script.text or "")
            stack = [data]
            while stack:
                obj = stack.pop(0)
                if isinstance(obj, list):
                    stack.extend(obj)
                elif isinstance(obj, dict):
                    found.append(obj)
                    stack.extend(v for v in obj.values() if isinstance(v, (list, dict)))
        return found

    @cached_property
    def article_ld(self) -> dict:
        """The page's schema.org Article-like object ({} if none)."""
        for obj in self.jsonld:
            if _ld_types(obj) & ARTICLE_TYPES:
                return obj
        return {}

    @cached_property
    def site_names(self) -> list[str]:
        """What the site calls itself: og:site_name, application-name, the
        JSON-LD publisher and WebSite/Organization names."""
        names = self.meta.get("og:site_name", []) + self.meta.get("application-name", [])
        names += flatten(dig(self.article_ld, "publisher.name"))
        names += [obj["name"] for obj in self.jsonld
                  if _ld_types(obj) & SITE_TYPES and isinstance(obj.get("name"), str)]
        return list(dict.fromkeys(clean_line(n) for n in names if clean_line(n)))

    @cached_property
    def site_keys(self) -> set[str]:
        """The site's names as compared (case, spaces and punctuation dropped),
        with the name in the URL's host ("morebikes", "morebikescouk")."""
        return ({name_key(n) for n in self.site_names} | _host_names(self.url)) - {""}

    @cached_property
    def lines(self) -> list[str]:
        """Visible text, one block element per line (for line: patterns)."""
        return [ln for ln in (clean_line(x) for x in block_text(self.tree).split("\n")) if ln]

    @cached_property
    def byline_lines(self) -> list[str]:
        """:attr:`lines` from the headline on (menus above it hold "By
        Category" links), a line that is only a byline label joined to the
        name on the next one (author boxes put them in separate elements)."""
        lines = self.lines
        headline = next(iter(self.values("css:h1")), None)
        if headline in lines:
            lines = lines[lines.index(headline):]
        out: list[str] = []
        for line in lines:
            if out and _BYLINE_LABEL.match(out[-1]):
                out[-1] = f"{out[-1].rstrip(':')} {line}"
            else:
                out.append(line)
        return out

    # -- the source language -------------------------------------------------

    def values(self, source: str) -> list[str]:
        kind, _, arg = source.partition(":")
        reader = getattr(self, f"_read_{kind.replace('-', '_')}", None)
        if reader is None:
            raise ValueError(f"unknown source kind {kind!r} in {source!r}")
        try:
            return [v for v in reader(arg) if v]
        except (ValueError, TypeError, LookupError):
            return []

    def _read_meta(self, name: str) -> list[str]:
        return self.meta.get(name.lower(), [])

    def _read_jsonld(self, path: str) -> list[str]:
        # Many CMSs write HTML entities into JSON-LD strings ("&#8217;").
        return [html.unescape(v) if "&" in v else v for v in flatten(dig(self.article_ld, path))]

    def _read_json(self, arg: str) -> list[str]:
        selector, _, path = arg.rpartition(":")
        for el in self.select(selector):
            return flatten(dig(loads_json(el.text or ""), path))
        return []

    def _read_css(self, arg: str) -> list[str]:
        selector, attr = arg, None
        match = re.match(r"^(.*)@([\w:-]+)$", arg)
        if match:
            selector, attr = match.groups()
        if attr:
            return [el.get(attr, "").strip() for el in self.select(selector)]
        return [clean_line(el.text_content()) for el in self.select(selector)]

    def _read_line(self, pattern: str, lines: list[str] | None = None) -> list[str]:
        regex = re.compile(pattern)
        out = []
        for line in self.lines if lines is None else lines:
            match = regex.search(line)
            if match:
                out.append(match.group(1) if regex.groups else match.group(0))
        return out

    def _read_byline(self, pattern: str) -> list[str]:
        # The first one: later ones belong to comments and related stories.
        return self._read_line(pattern, self.byline_lines)[:1]

    def _read_url(self, pattern: str) -> list[str]:
        match = re.search(pattern, unquote(urlsplit(self.url).path))
        return [match.group(1)] if match else []

    def _read_title(self, _arg: str) -> list[str]:
        el = self.tree.find(".//title")
        if el is None:
            return []
        return [strip_site_suffix(clean_line(el.text_content()), self.site_keys, bars=True)]

    def _read_htmldate(self, _arg: str) -> list[str]:
        # Its heuristics (the URL, printed dates, scripts, any JSON-LD node)
        # find the day on most pages whose meta and JSON-LD say nothing.
        from htmldate import find_date

        found = find_date(self.tree, url=self.url or None, original_date=True)
        return [found] if found else []

    def select(self, selector: str) -> list:
        try:
            return _compiled_selector(selector)(self.tree)
        except Exception:  # cssselect raises several types for bad selectors
            raise ValueError(f"bad CSS selector {selector!r}") from None


_selectors = threading.local()


def _compiled_selector(selector: str):
    """The CSS selector translated to XPath and compiled, once per thread:
    translating (cssselect, pure Python) was half the time of an extraction,
    ~50 selectors a page. Per thread, as lxml's compiled XPath objects are
    not documented as safe to share between threads."""
    from lxml.cssselect import CSSSelector

    cache = _selectors.__dict__.setdefault("by_text", {})
    if selector not in cache:
        cache[selector] = CSSSelector(selector)
    return cache[selector]


def strip_site_suffix(title: str, site_keys: set[str], bars: bool = False) -> str:
    """The headline without the site's name: "Headline | Site", "Site - Headline".

    A part of the title is the site when its :func:`name_key` is one of
    ``site_keys`` (see :attr:`Page.site_keys`). A dash or colon is common
    inside headlines, so only known names are cut there; with ``bars`` (a
    <title>), short parts after " | " go too ("Headline | Opinion | Site").
    """
    parts = _TITLE_SEPARATOR.split(title)  # text, separator, text, ...

    def is_site(part: str) -> bool:
        return name_key(part) in site_keys

    while len(parts) >= 3:
        last, separator = parts[-1], parts[-2].strip()
        short = bars and separator == "|" and len(last.split()) <= 4 < len(" ".join(parts[:-2]).split())
        if is_site(last) or short:
            del parts[-2:]
        elif is_site(parts[0]):
            del parts[:2]
        else:
            break
    return "".join(parts).strip()


def name_key(name: str) -> str:
    """A name as compared: "The Hill" and "thehill" are the same."""
    return re.sub(r"\W+", "", name.casefold())


def _host_names(url: str) -> set[str]:
    """{"morebikes", "morebikescouk"} for www.morebikes.co.uk: how a title may
    name the site (the registered name, with or without its suffix)."""
    try:
        labels = (urlsplit(url).hostname or "").lower().split(".")
    except ValueError:   # "Invalid IPv6 URL"
        return set()
    while labels and labels[0] in ("www", "m", "amp", "mobile", "edition"):
        labels.pop(0)
    # The registered name is the label before the public suffix: "name.tld",
    # else the last label before short ones (.co.uk, .com.br), roughly.
    end = 1 if len(labels) == 2 else len(labels)
    while end > 1 and (len(labels[end - 1]) <= 3 or labels[end - 1] in ("info", "news", "online")):
        end -= 1
    if end == len(labels) or len(labels[end - 1]) < 4:
        return set()
    name = labels[end - 1]
    return {name, name + "".join(labels[end:])}


def loads_json(text: str):
    text = text.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", text).strip()
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None
    return data if _depth_at_most(data, MAX_JSON_DEPTH) else None


# JSON nested deeper than this is not metadata (schema.org objects nest a few
# levels); 900 levels made flatten() and dig() raise RecursionError.
MAX_JSON_DEPTH = 64


def _depth_at_most(data, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth > limit:
                return False
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return True


def _ld_types(obj: dict) -> set[str]:
    """Lower-cased types of a JSON-LD object ("http://schema.org/NewsArticle" -> "newsarticle")."""
    types = obj.get("@type", "")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return set()
    return {str(t).rstrip("/").rsplit("/", 1)[-1].lower() for t in types if t}


def dig(data, path: str):
    """Follow a dotted path through dicts; lists are mapped over."""
    if not path:
        return data
    head, _, rest = path.partition(".")
    if isinstance(data, list):
        return [dig(item, path) for item in data]
    if isinstance(data, dict):
        return dig(data.get(head), rest)
    return None


def flatten(value) -> list[str]:
    """Strings out of a JSON value: lists flattened, objects by their name/@value/url."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value).strip()]
    if isinstance(value, list):
        return [s for item in value for s in flatten(item)]
    if isinstance(value, dict):
        for key in ("name", "@value", "url", "text"):
            if key in value:
                return flatten(value[key])
    return []


@dataclass
class Block:
    """One line of visible text: a paragraph, heading, list item or table row."""

    text: str
    tag: str  # the innermost block element holding it ("p", "li", "h2", "tr", ...)
    linked: int = 0  # characters of ``text`` inside links

    @property
    def link_share(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0


def text_blocks(root) -> list[Block]:
    """The visible text of an element tree as blocks, in document order.

    Source whitespace is collapsed (kept inside <pre>), <br> starts a new block,
    table cells are joined by a space so that a row reads as one line, and
    scripts, styles and other invisible elements are skipped.
    """
    from lxml import etree

    blocks: list[Block] = []
    parts: list[str] = []
    opened: list[str] = []  # block tags currently open, innermost last
    linked = skip = pre = links = 0

    def add(text: str | None) -> None:
        nonlocal linked
        if text:
            text = text if pre else _WHITESPACE.sub(" ", text)
            parts.append(text)
            if links:
                linked += len(text.strip())

    def flush() -> None:
        nonlocal linked
        text = "".join(parts).strip()
        if text:
            blocks.append(Block(text, opened[-1] if opened else "", min(linked, len(text))))
        parts.clear()
        linked = 0

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None:
                continue
            if tag in _SKIP_TAGS:
                skip += 1
                continue
            if skip:
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                flush()
                if tag != "br":
                    opened.append(tag)
                    pre += tag == "pre"
            elif tag in _CELL_TAGS and parts:
                parts.append(" ")
            links += tag == "a"
            add(el.text)
        else:
            if tag in _SKIP_TAGS:
                skip -= 1
            elif not skip and tag is not None:
                links -= tag == "a"
                if tag in _BLOCK_TAGS:
                    flush()
                    opened.pop()
                    pre -= tag == "pre"
            if not skip and el is not root:
                add(el.tail)
    flush()
    return blocks


def block_text(root) -> str:
    """Text of an element tree, one block per line (see :func:`text_blocks`)."""
    return "\n".join(block.text for block in text_blocks(root))
