"""The article body of any news page: readability-lxml, then cleaning.

Readability finds the main content block; what it keeps beside the story
(captions, photo credits, bylines, share and related-link blocks, repeated
paragraphs, the headline) is removed here. The result is a list of
paragraphs, in page order.
"""

from __future__ import annotations

import logging
import re

from newscli.extract.page import Page, block_text
from newscli.textclean import clean_line

# class/id words that mark boilerplate inside the content block.
_NOISE = re.compile(
    r"caption|credit|byline|share|sharing|social|related|promo|newsletter|subscribe|"
    r"advert|\bad\b|ads-|sponsor|recommend|read-?more|more-stories|tags?-list|breadcrumb",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def readability_html(page: Page) -> str:
    """The content block readability picks, as an HTML fragment ('' if none)."""
    from readability import Document

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        return Document(page.html, url=page.url or None).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on empty or odd pages
        return ""


def body_paragraphs(page: Page, title: str | None = None) -> list[str]:
    """Paragraphs of the article body found by readability, cleaned."""
    import lxml.html

    summary = readability_html(page)
    if not summary.strip():
        return []
    root = lxml.html.fromstring(summary)
    total = len(_WORD.findall(root.text_content()))
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if el.tag in ("figure", "figcaption"):
            doomed.append(el)
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _NOISE.search(attrs) and len(_WORD.findall(el.text_content())) < 0.3 * total:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    paragraphs = [clean_line(p) for p in block_text(root).split("\n")]
    return dedupe(p for p in paragraphs if p and not _is_headline(p, title) and not _is_dateline(p))


def _is_headline(paragraph: str, title: str | None) -> bool:
    return bool(title) and _WORD.findall(paragraph.lower()) == _WORD.findall(title.lower())


def _is_dateline(paragraph: str) -> bool:
    """A paragraph that is only a date ("5 March 2024", "Updated: 12:04 GMT")."""
    from newscli.dates import parse_date

    if len(paragraph) > 60 or not any(c.isdigit() for c in paragraph):
        return False
    return parse_date(re.sub(r"^(?:published|updated|posted)\s*:?\s*", "", paragraph, flags=re.I)) is not None


def dedupe(paragraphs) -> list[str]:
    """Drop repeated paragraphs (same words), keeping the first."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for para in paragraphs:
        key = tuple(_WORD.findall(para.lower()))
        if key and key not in seen:
            seen.add(key)
            out.append(para)
    return out
