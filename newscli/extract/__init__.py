"""HTML page -> Article: metadata from ordered sources, body from the recipe or readability.

``extract(html, url, recipe)`` is the one entry point. With no recipe (any
news site) only the generic sources are used; a recipe's sources for each
field are tried first, and its hook may adjust the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscli.extract.body import body_paragraphs, dedupe
from newscli.extract.metadata import GENERIC_SOURCES, read_field
from newscli.extract.page import Page
from newscli.model import Article
from newscli.textclean import clean_line
from newscli.urls import InvalidURL, canonical_url, host_of

if TYPE_CHECKING:
    from newscli.sites.recipe import Recipe

__all__ = ["extract", "Page"]


def extract(html: str, url: str = "", recipe: Recipe | None = None) -> Article:
    page = Page(html, url)
    tz = recipe.timezone if recipe else None
    values = {}
    for name, generic in GENERIC_SOURCES.items():
        sources = (recipe.fields.get(name, []) if recipe else []) + generic
        values[name] = read_field(page, name, sources, tz)
    title = values["title"] or ""
    lead = _first(page, recipe.lead) if recipe else None
    paragraphs = _paragraphs(page, recipe.body) if recipe else []
    if not paragraphs:
        paragraphs = body_paragraphs(page, title)
    if lead:
        paragraphs = dedupe([lead, *paragraphs])
    article_url = _article_url(page, url)
    article = Article(
        url=article_url,
        site=recipe.name if recipe else "web",
        lang=values["lang"] or (recipe.lang if recipe else None),
        title=title,
        summary=values["summary"] or lead or "",
        text="\n\n".join(paragraphs),
        authors=values["authors"],
        source=values["source"],
        published=values["published"],
        updated=values["updated"],
        section=values["section"],
        subsection=values["subsection"],
        tags=values["tags"],
        image_url=_absolute(values["image"], article_url),
        image_caption=values["image_caption"],
        type=values["type"] or "article",
        postid=values["postid"],
        word_count=values["word_count"] or 0,          # what the page declares; else counted
        reading_minutes=values["reading_minutes"] or 0,
    )
    if recipe and recipe.hook:
        recipe.hook(article, page, recipe)
    return article.finish()


def _first(page: Page, sources: list[str]) -> str | None:
    for source in sources:
        for value in page.values(source):
            value = clean_line(value)
            if value:
                return value
    return None


def _paragraphs(page: Page, sources: list[str]) -> list[str]:
    """Body paragraphs from the first recipe source that yields any."""
    for source in sources:
        paragraphs = [p for p in (clean_line(v) for v in page.values(source)) if p]
        if paragraphs:
            return dedupe(paragraphs)
    return []


def _article_url(page: Page, url: str) -> str:
    """The page's declared canonical URL when it is on the same host, else the fetched URL."""
    declared = _first(page, ["css:link[rel=canonical]@href", "meta:og:url"])
    if declared:
        try:
            declared = canonical_url(declared, base=url or None)
        except InvalidURL:   # a host holding "[" or "]": the field is left out
            declared = ""
        if declared and (not url or host_of(declared) == host_of(url)):
            return declared
    return canonical_url(url) if url else ""


def _absolute(link: str | None, base: str) -> str | None:
    if not link:
        return None
    if link.startswith("//"):
        link = "https:" + link
    try:
        return canonical_url(link, base=base or None) if base or link.startswith("http") else link
    except InvalidURL:
        return None
