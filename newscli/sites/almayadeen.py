"""Al Mayadeen (English, Arabic, Spanish editions).

What is known of the site, with how sure each fact is, is in the project's
site notes; nothing here depends on one selector. Each field is read from the
embedded ``tawsiyat-metadata`` JSON first (verified on the Arabic edition),
then standard metadata, then the visible lines the pages show ("By ...",
"Source: ...", "28 Jan 2022 18:57", "3 Min Read"), then generic extraction.
The hook does what sources cannot say: section names from the URL and the
page's own nav links, the body of pages whose structure is known (no
readability guesswork on video pages), the lead when nothing marks it, and
the image and caption found next to each other in the page.

Saved pages and the exact fields expected from each are beside the pages
(``pages/almayadeen/expected.json``), checked by tests/test_recipes.py like
yt-dlp's extractor tests.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from newscli.extract.body import dedupe
from newscli.extract.metadata import read_field
from newscli.extract.page import Page, loads_json
from newscli.model import Article
from newscli.sites.recipe import Recipe
from newscli.textclean import clean_line

_META = "json:script#tawsiyat-metadata:"
# The visible date: day, month abbreviation, year, 24h time, no zone.
VISIBLE_DATE = r"(\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2})"
# Byline labels of the three editions.
_BY = r"(?:By|Por|بقلم)"
_SOURCE = r"(?:Source|Fuente|المصدر)"

_VISIBLE_DATE_SOURCE = "line:^" + VISIBLE_DATE + "$"
_METADATA_DATES = [_META + "published_time", "meta:article:published_time", "jsonld:datePublished",
                   _META + "last_updated", "meta:article:modified_time", "jsonld:dateModified"]

FIELDS = {
    "title": [_META + "title", "meta:og:title", "css:h1"],
    "summary": [_META + "description", "css:p.lg_para.summary"],
    "authors": [_META + "author", rf"line:^{_BY}\s+(.{{2,80}})$"],
    "source": [rf"line:^{_SOURCE}\s*:\s*(.{{2,80}})$"],
    "published": _METADATA_DATES[:3] + [_VISIBLE_DATE_SOURCE],
    "updated": _METADATA_DATES[3:],
    "tags": [_META + "keywords", "meta:article:tag", "jsonld:keywords", "css:a[rel~=tag]",
             "css:a[href*='/tags/']", "css:a[href*='/tag/']", "css:a[href*='?tags=']"],
    "image": [_META + "thumbnail", "meta:og:image", "jsonld:image.url"],
    "lang": [_META + "lang", "css:html@lang"],
    "postid": [_META + "postid", "meta:postid"],
    "type": [_META + "type", "meta:og:type"],
    "word_count": [_META + "word_count", "jsonld:wordCount"],
    "reading_minutes": [r"line:^(\d{1,3}) Min Read$"],
}
LEAD = ["css:p.lg_para.summary"]
# The body: the direct children of div.p-content (subheadings included, in page order).
BODY = ["css:" + ", ".join(f"div.p-content > {tag}" for tag in ("p", "h2", "h3", "h4", "blockquote"))]


def hook(article: Article, page: Page, recipe: Recipe) -> None:
    _sections(article, page, recipe)
    _visible_date_zone(article, page)
    if _body_is_what_the_markup_says(article, page):
        # The body is exactly what p-content holds (nothing at all on video and
        # newscast pages): never a readability guess at the rest of the page.
        lead = read_field(page, "summary", LEAD) or article.summary
        paragraphs = [clean_line(v) for source in BODY for v in page.values(source)]
        article.text = "\n\n".join(dedupe([p for p in [lead, *paragraphs] if p]))
    if not article.summary and article.text:
        article.summary = article.text.split("\n\n", 1)[0]
    _image(article, page)


def _visible_date_zone(article: Article, page: Page) -> None:
    """The visible date has no zone: when it is all there is for `published`, read it
    in the zone of the page's other metadata dates (the site's zone, Asia/Beirut,
    is only the default when the page has none)."""
    from newscli.dates import iso, parse_date

    visible = page.values(_VISIBLE_DATE_SOURCE)
    if not visible or read_field(page, "published", _METADATA_DATES[:3]):
        return
    stamped = [v for source in _METADATA_DATES[3:] for v in page.values(source)
               if re.search(r"(?:[+-]\d\d:?\d\d|Z)$", v.strip())]   # with an explicit offset
    zoned = parse_date(stamped[0]) if stamped else None
    when = parse_date(visible[0])
    if zoned is not None and when is not None:
        article.published = iso(when.replace(tzinfo=zoned.tzinfo))


def _body_is_what_the_markup_says(article: Article, page: Page) -> bool:
    """True on video pages and where div.p-content exists (even empty), and where the
    word count the page declares is the lead's alone (a newscast: no body at all, so
    whatever readability found is the page around it). Otherwise (a body kept in other
    markup) readability's text stands."""
    if article.type == "video" or page.select("div.p-content"):
        return True
    declared = read_field(page, "word_count", [_META + "word_count"])
    lead = read_field(page, "summary", LEAD) or article.summary
    return declared is not None and bool(lead) and declared <= 1.25 * len(lead.split()) + 5


# -- section and subsection -------------------------------------------------------


def _sections(article: Article, page: Page, recipe: Recipe) -> None:
    """Section: the first URL segment, named as the page's nav names it ("news" ->
    "News"). Subsection: the `classes` category, else the category the standard
    metadata gives, else the second URL segment of /{section}/{subsection}/{slug}."""
    path = recipe.relative_path(article.url) or recipe.relative_path(page.url) or ""
    segments = [s for s in path.split("/") if s]
    category_meta = article.section       # generic sources read article:section (a category)
    if len(segments) >= 2:
        article.section = _nav_label(page, recipe, segments[:1])
    category = next((c.get("value") for c in _classes(page) if c.get("mapping") == "category"), None)
    if category and isinstance(category, str) and clean_line(category):
        article.subsection = clean_line(category)
    elif category_meta and category_meta != article.section:
        article.subsection = category_meta
    elif len(segments) == 3:
        article.subsection = _nav_label(page, recipe, segments[:2])
    else:
        article.subsection = None


def _nav_label(page: Page, recipe: Recipe, segments: list[str]) -> str:
    """The text of the page's link to a section page, else the slug in title case."""
    target = unquote(urlsplit(recipe.url("/".join(segments))).path).rstrip("/")
    for link in page.select("a[href]"):
        href = urljoin(page.url or recipe.base_url, link.get("href", ""))
        if unquote(urlsplit(href).path).rstrip("/") == target:
            text = clean_line(link.text_content())
            if text:
                return text
    return segments[-1].replace("-", " ").title()


def _classes(page: Page) -> list[dict]:
    for el in page.select("script#tawsiyat-metadata"):
        data = loads_json(el.text or "")
        if isinstance(data, dict) and isinstance(data.get("classes"), list):
            return [c for c in data["classes"] if isinstance(c, dict)]
    return []


# -- image and caption ------------------------------------------------------------


def _image(article: Article, page: Page) -> None:
    """The article's image element: the <img> showing the metadata image (whatever
    its size), else the first image between the headline and the end of the body.
    Its caption is the figure's figcaption, a caption element beside it, or its alt
    text; its URL is used only when the metadata names no image."""
    img = _image_element(article, page)
    if img is None:
        # A figcaption elsewhere (a "Most Read" card) is not this image's caption.
        article.image_caption = read_field(page, "image_caption", ["jsonld:image.caption"])
        return
    if not article.image_url:
        src = img.get("src", "").strip()
        article.image_url = urljoin(article.url or page.url, src) if src else None
    caption = _caption_of(img)
    if caption:
        article.image_caption = caption


def _image_element(article: Article, page: Page):
    images = [el for el in page.tree.iter("img") if el.get("src")]
    if article.image_url:
        wanted = _image_key(article.image_url)
        for el in images:
            if _image_key(urljoin(page.url, el.get("src"))) == wanted:
                return el
    headline = next(iter(page.tree.iter("h1")), None)
    paragraphs = [p for p in article.text.split("\n\n")[1:] if p]
    if headline is None or not paragraphs:
        return None
    order = {el: i for i, el in enumerate(page.tree.iter())}
    ends = [order[el] for el in page.tree.iter("p", "h2", "h3", "h4", "blockquote")
            if clean_line(el.text_content()) == paragraphs[-1]]
    if not ends:
        return None
    for img in images:
        if order[headline] < order[img] < ends[0] and not any(a.tag == "a" for a in img.iterancestors()):
            return img
    return None


def _image_key(url: str) -> str:
    """An image URL without scheme, host or query (sizes and versions vary)."""
    return unquote(urlsplit(url).path)


def _caption_of(img) -> str | None:
    for ancestor in img.iterancestors():
        if ancestor.tag == "figure":
            captions = ancestor.findall(".//figcaption")
            if captions and clean_line(captions[0].text_content()):
                return clean_line(captions[0].text_content())
            break
    parent = img.getparent()
    if parent is not None:
        for sibling in parent:
            if sibling is not img and re.search(r"caption", sibling.get("class") or "", re.I):
                text = clean_line(sibling.text_content())
                if text:
                    return text
    return clean_line(img.get("alt") or img.get("title") or "") or None


# -- the editions -----------------------------------------------------------------

_EN_SECTIONS = [
    "news/politics", "news/economy", "news/sports", "news/arts-culture", "news/health",
    "news/miscellaneous", "news/technology", "news/environment", "articles/opinion",
    "articles/analysis", "articles/blog", "articles/features", "videos/newsfeed",
    "videos/video-features", "videos/explainers", "videos/tv", "videos/digital-series",
    "infographs", "in-pictures", "news", "articles", "videos",
]


def _edition(name: str, title: str, base_url: str, lang: str, article_pattern: str,
             sections: list[str], ticker_label: str) -> Recipe:
    return Recipe(
        name=name,
        title=title,
        base_url=base_url,
        lang=lang,
        timezone="Asia/Beirut",
        article_pattern=article_pattern,
        sitemaps=["sitemaps/all.xml"],
        sections=sections,
        fields=FIELDS,
        lead=LEAD,
        body=BODY,
        ticker=["#ticker-box ul li .ticker-item .ticker-text", ".ticker__item"],
        ticker_label=ticker_label,
        hook=hook,
    )


RECIPES = [
    _edition("almayadeen-en", "Al Mayadeen English", "https://english.almayadeen.net/", "en",
             r"^/(?:news|articles|videos|infographs|in-pictures)/[^/]+(?:/[^/]+)?/?$",
             _EN_SECTIONS, "BREAKING"),
    _edition("almayadeen-ar", "Al Mayadeen Arabic", "https://www.almayadeen.net/", "ar",
             r"^/(?:news|articles|programs|investigations)/[^/]+(?:/[^/]+)?/?$"
             r"|^/newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+/?$",
             ["news/politics", "news/economy", "news/sports", "articles/opinion", "articles/analysis",
              "newscast", "news", "articles"], "عاجل"),
    _edition("almayadeen-es", "Al Mayadeen Español", "https://espanol.almayadeen.net/", "es",
             r"^/(?:news|articulos|articles)/[^/]+/[^/]+/?$",
             ["news/politica", "news/economia", "news/cultura", "news/deportes", "news"], "ÚLTIMA HORA"),
]
