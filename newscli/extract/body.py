"""The article body of any news page: readability-lxml, then cleaning.

Readability finds the main content block. Around the story it keeps things a
reader does not count as the article: captions and photo credits, bylines and
datelines, the standfirst, share and related-link blocks, "Read more" and
newsletter lines, wire-service credits. They are removed here in two passes,
each guarded so that a rule never eats the story itself:

* elements, by the class/id vocabulary news templates use, only when they
  hold a small part of the text;
* paragraphs, by their words and link density, only when they are short.

Embedded social posts (quoted tweets) are part of the story and readability
throws them away with the sharing widgets, so they are rescued beforehand.
The headline is never part of the body. The result is a list of paragraphs,
in page order.
"""

from __future__ import annotations

import logging
import re

from newscli.extract.page import Block, Page, text_blocks
from newscli.textclean import clean_line

_WORD = re.compile(r"\w+")

# class/id words that mark boilerplate inside the content block.
_NOISE = re.compile(
    r"caption|credit|byline|share|sharing|social|related|promo|newsletter|subscribe|"
    r"advert|\bad\b|ads-|sponsor|recommend|read-?more|more-stories|tags?-list|breadcrumb",
    re.IGNORECASE,
)
# An element may be dropped for its class only while it holds less than this
# share of the block's words: a whole story wrapped in class="share-body" stays.
_NOISE_SHARE = 0.3

# Embedded posts that carry their text in the page (the script that would turn
# them into an iframe never runs here).
_SOCIAL_POST = re.compile(r"twitter-tweet|twitter-video|instagram-media|tiktok-embed", re.IGNORECASE)


def body_paragraphs(page: Page, title: str | None = None) -> list[str]:
    """Paragraphs of the article body found by readability, cleaned."""
    root = content_root(page)
    if root is None:
        return []
    drop_noise_elements(root)
    paragraphs = (clean_line(block.text) for block in text_blocks(root) if not is_noise(block, title))
    return drop_repeats(p for p in paragraphs if p)


def content_root(page: Page):
    """The content block readability picks, parsed (None if there is none)."""
    import lxml.html

    html = readability_html(page)
    return lxml.html.fromstring(html) if html.strip() else None


def readability_html(page: Page) -> str:
    """The content block readability picks, as an HTML fragment ('' if none)."""
    from readability import Document

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        return Document(prepared_tree(page), url=page.url or None).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on empty or odd pages
        return ""


def prepared_tree(page: Page):
    """A copy of the page's tree readability can read the story from.

    Readability drops every element whose class or id says "tweet"; embedded
    posts lose those words (on the post and on its wrappers) so they survive.
    """
    import copy

    tree = copy.deepcopy(page.tree)
    for post in tree.iter("blockquote"):
        if not _SOCIAL_POST.search(post.get("class") or ""):
            continue
        size = len(post.text_content())
        wrapper = post
        while wrapper is not None and wrapper.tag not in ("body", "article", "main") and (
            len(wrapper.text_content()) <= size * 1.2 + 20
        ):
            for attr in ("class", "id"):
                wrapper.attrib.pop(attr, None)
            wrapper = wrapper.getparent()
    return tree


def drop_noise_elements(root) -> None:
    """Remove figures and elements whose class/id names boilerplate, when small."""
    total = len(_WORD.findall(root.text_content()))
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if el.tag in ("figure", "figcaption"):
            doomed.append(el)
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _NOISE.search(attrs) and len(_WORD.findall(el.text_content())) < _NOISE_SHARE * total:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def is_noise(block: Block, title: str | None) -> bool:
    """A paragraph that is not part of the story: the headline or a bare date."""
    return _is_headline(block.text, title) or _is_dateline(block.text)


def _is_headline(paragraph: str, title: str | None) -> bool:
    return bool(title) and _WORD.findall(paragraph.lower()) == _WORD.findall(title.lower())


def _is_dateline(paragraph: str) -> bool:
    """A paragraph that is only a date ("5 March 2024", "Updated: 12:04 GMT")."""
    from newscli.dates import parse_date

    if len(paragraph) > 60 or not any(c.isdigit() for c in paragraph):
        return False
    return parse_date(re.sub(r"^(?:published|updated|posted)\s*:?\s*", "", paragraph, flags=re.I)) is not None


def drop_repeats(paragraphs) -> list[str]:
    """Drop a paragraph that repeats the one just before it (same words).

    Only the neighbour counts: a list, recipe or interview legitimately repeats
    its labels and questions further down the page.
    """
    out: list[str] = []
    previous: list[str] = []
    for para in paragraphs:
        key = _WORD.findall(para.lower())
        if key and key != previous:
            out.append(para)
        previous = key
    return out


def dedupe(paragraphs) -> list[str]:
    """Drop repeated paragraphs (same words) anywhere, keeping the first."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for para in paragraphs:
        key = tuple(_WORD.findall(para.lower()))
        if key and key not in seen:
            seen.add(key)
            out.append(para)
    return out
