"""Al Mayadeen (English, Arabic, Spanish editions).

What is known of the site, with how sure each fact is, is in the project's
site notes; nothing here depends on one selector. Each field is read from the
embedded ``tawsiyat-metadata`` JSON first (verified on the Arabic edition),
then standard metadata, then the visible lines the English pages show
("By ...", "Source: ...", "28 Jan 2022 18:57"), then generic extraction.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from newscli.extract.page import Page, loads_json
from newscli.model import Article
from newscli.sites.recipe import Recipe

_META = "json:script#tawsiyat-metadata:"
# The visible date: day, month abbreviation, year, 24h time, no zone.
VISIBLE_DATE = r"(\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2})"

FIELDS = {
    "title": [_META + "title"],
    "summary": [_META + "description", "css:p.lg_para.summary"],
    "authors": [_META + "author", r"line:^By\s+(.{2,80})$"],
    "source": [r"line:^Source:\s*(.{2,80})$"],
    "published": [_META + "published_time", "meta:article:published_time", "jsonld:datePublished",
                  "line:^" + VISIBLE_DATE + "$"],
    "updated": [_META + "last_updated"],
    "tags": [_META + "keywords", "meta:article:tag", "jsonld:keywords"],
    "image": [_META + "thumbnail"],
    "lang": [_META + "lang"],
    "postid": [_META + "postid", "meta:postid"],
    "type": [_META + "type"],
}


def _hook(article: Article, page: Page) -> None:
    """Section and subsection: the `classes` category, else the URL path."""
    segments = [unquote(s) for s in urlsplit(page.url or article.url).path.split("/") if s]
    categories = [c.get("value") for c in _classes(page) if c.get("mapping") == "category"]
    if categories and categories[0]:
        article.section = article.section or categories[0]
    elif len(segments) >= 2:
        article.section = article.section or segments[0].replace("-", " ").title()
    if len(segments) >= 3 and not article.subsection:
        article.subsection = segments[1].replace("-", " ").title()


def _classes(page: Page) -> list[dict]:
    for el in page.select("script#tawsiyat-metadata"):
        data = loads_json(el.text or "")
        if isinstance(data, dict) and isinstance(data.get("classes"), list):
            return [c for c in data["classes"] if isinstance(c, dict)]
    return []


def _edition(name: str, title: str, base_url: str, lang: str, article_pattern: str,
             ticker_label: str = "BREAKING") -> Recipe:
    return Recipe(
        name=name,
        title=title,
        base_url=base_url,
        lang=lang,
        timezone="Asia/Beirut",
        article_pattern=article_pattern,
        sitemaps=["sitemaps/all.xml"],
        fields=FIELDS,
        lead=["css:p.lg_para.summary"],
        body=["css:div.p-content > p"],
        ticker=["#ticker-box ul li .ticker-item .ticker-text", ".ticker__item"],
        ticker_label=ticker_label,   # ar, es: the usual words for "breaking" (guess)
        hook=_hook,
    )


RECIPES = [
    _edition("almayadeen-en", "Al Mayadeen English", "https://english.almayadeen.net/", "en",
             r"^/(?:news|articles|videos|infographs|in-pictures)/[^/]+(?:/[^/]+)?/?$"),
    _edition("almayadeen-ar", "Al Mayadeen (Arabic)", "https://www.almayadeen.net/", "ar",
             r"^/(?:news|articles|newscast|programs|investigations)/.+", ticker_label="عاجل"),
    _edition("almayadeen-es", "Al Mayadeen Español", "https://espanol.almayadeen.net/", "es",
             r"^/(?:news|articulos|articles)/.+", ticker_label="Última hora"),
]
