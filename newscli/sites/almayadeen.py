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

``TESTS`` (below) are saved pages with the exact fields expected from each,
checked by tests/test_recipes.py like yt-dlp's extractor tests.
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
    if _structured(page):
        # The site's own markup is there: the body is exactly what p-content holds
        # (nothing at all on video and newscast pages), never a readability guess.
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


def _structured(page: Page) -> bool:
    return bool(page.select("script#tawsiyat-metadata") or page.select("div.p-content")
                or page.select("p.lg_para"))


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
    """The article's image element: the <img> showing the metadata image, else the
    first image between the headline and the end of the body. Its caption is the
    figure's figcaption, a caption element beside it, or its alt text."""
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
        return next((el for el in images if _image_key(urljoin(page.url, el.get("src"))) == wanted), None)
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



# Saved pages (newscli/sites/pages/almayadeen/) and the exact fields expected from each, generated
# once from the test replica with `python -m tests.replica.export newscli/sites/pages/almayadeen`
# (seed text and generated text only); checked by tests/test_recipes.py.
TESTS = [
    {
        "recipe": "almayadeen-en",
        "page": "seed.html",
        "url": "https://english.almayadeen.net/news/politics/west-ignored-russia-main-security-concerns---putin-to-macron",
        "expected": {
            "url": "https://english.almayadeen.net/news/politics/west-ignored-russia-main-security-concerns---putin-to-macron",
            "title": "West ignored Russia main security concerns - Putin to Macron",
            "authors": [
                "Al Mayadeen Net"
            ],
            "source": "Agencies",
            "published": "2022-01-28T18:57:00+02:00",
            "updated": "2022-01-28T18:57:00+02:00",
            "section": "News",
            "subsection": "Politics",
            "tags": [
                "United States",
                "Nato",
                "Lugansk",
                "Russia",
                "Germany",
                "Emmanuel Macron",
                "France",
                "Donetsk",
                "Ukraine",
                "Vladimir Putin",
                "Donbas"
            ],
            "summary": "The United States and NATO ignored Russia's key demands on security guarantees as the situation grows tenser over Ukraine, but Moscow will not take any action.",
            "text": "md5:235359494852476b3f0f8704506a5a62",
            "image_url": "https://english.almayadeen.net/media/image/2022/1/28/67a9c378-eb11-4c8a-ad47-f7c14da5e709.jpg?v=2&width=1000",
            "image_caption": "French President Emmanuel Macron with Russian President Vladimir Putin",
            "postid": "40067",
            "word_count": 546,
            "reading_minutes": 3,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "colon-slug-partial.html",
        "url": "https://english.almayadeen.net/news/environment/food-security:-for-the-farmers-of-the-bekaa--water-comes-fir",
        "expected": {
            "url": "https://english.almayadeen.net/news/environment/food-security:-for-the-farmers-of-the-bekaa--water-comes-fir",
            "title": "Food security: for the farmers of the Bekaa, water comes first",
            "authors": [
                "Al Mayadeen Net"
            ],
            "source": "Al Mayadeen Net",
            "published": "2024-06-17T11:15:00+03:00",
            "updated": "2024-06-17T11:15:00+03:00",
            "section": "News",
            "subsection": "Environment",
            "tags": [
                "Colombia",
                "Bogotá",
                "Coastal Erosion",
                "Tunisia",
                "Environment"
            ],
            "summary": "Residents of Bogotá added that the decision was taken “after long consultations with all parties.”",
            "text": "md5:abc7b29408170aea2c14cd24229add6f",
            "image_url": "https://english.almayadeen.net/media/image/2024/6/17/ac642b4c-5bf4-4971-af26-a23de456697c.jpg?v=2&width=1000",
            "image_caption": "A view of Bogotá on Friday, as coastal erosion dominates the news (AFP)",
            "postid": "40442",
            "word_count": 128,
            "reading_minutes": 1,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "no-subsection.html",
        "url": "https://english.almayadeen.net/articles/why-the-dock-workers-of-tartus-are-so-afraid-of-a-long--dry-",
        "expected": {
            "url": "https://english.almayadeen.net/articles/why-the-dock-workers-of-tartus-are-so-afraid-of-a-long--dry-",
            "title": "Why the dock workers of Tartus are so afraid of a long, dry winter",
            "authors": [
                "Omar Khalil",
                "Karim Saadeh"
            ],
            "source": None,
            "published": "2024-06-10T14:23:00+03:00",
            "updated": "2024-06-10T14:23:00+03:00",
            "section": "Articles",
            "subsection": "Opinion",
            "tags": [
                "Kenya",
                "Nairobi",
                "Memory And Resistance"
            ],
            "summary": "The foreign ministry of Kenya said on Sunday that memory and resistance would be discussed again before the end of the month.",
            "text": "md5:bb922c6df0d836a188a5a8ba7723ef57",
            "image_url": "https://english.almayadeen.net/media/image/2024/6/10/c87a7463-2577-4daf-ab29-0b9438018b47.jpg?v=2&width=1000",
            "image_caption": "A view of Nairobi on Monday, as memory and resistance dominates the news (AFP)",
            "postid": "40335",
            "word_count": 204,
            "reading_minutes": 2,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "tawsiyat-partial.html",
        "url": "https://english.almayadeen.net/news/technology/the-doctors--syndicate-announces-plan-on-a-data-protection-l",
        "expected": {
            "url": "https://english.almayadeen.net/news/technology/the-doctors--syndicate-announces-plan-on-a-data-protection-l",
            "title": "The doctors' syndicate announces plan on a data-protection law",
            "authors": [
                "Al Mayadeen Net"
            ],
            "source": "Al Mayadeen English",
            "published": "2024-06-23T07:33:00+00:00",
            "updated": "2024-06-23T10:35:00+00:00",
            "section": "News",
            "subsection": "Technology",
            "tags": [
                "Venezuela",
                "Caracas",
                "Data-Protection Law"
            ],
            "summary": "The ministry said it had received 74 complaints since the start of the year.",
            "text": "md5:f921f55ea56600c79ccb7bbf9486dba7",
            "image_url": "https://english.almayadeen.net/media/image/2024/6/23/b475e15e-de6c-4831-ac06-c57c48d002be.jpg?v=2&width=1000",
            "image_caption": "A view of Caracas on Sunday, as a data-protection law dominates the news (AFP)",
            "postid": "40476",
            "word_count": 196,
            "reading_minutes": 1,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "utc-metadata-no-published.html",
        "url": "https://english.almayadeen.net/news/technology/the-doctors--syndicate-announces-plan-on-a-data-protection-l",
        "expected": {
            "url": "https://english.almayadeen.net/news/technology/the-doctors--syndicate-announces-plan-on-a-data-protection-l",
            "title": "The doctors' syndicate announces plan on a data-protection law",
            "authors": [
                "Al Mayadeen Net"
            ],
            "source": "Al Mayadeen English",
            "published": "2024-06-23T07:33:00+00:00",
            "updated": "2024-06-23T10:35:00+00:00",
            "section": "News",
            "subsection": "Technology",
            "tags": [
                "Venezuela",
                "Caracas",
                "Data-Protection Law"
            ],
            "summary": "The ministry said it had received 74 complaints since the start of the year.",
            "text": "md5:f921f55ea56600c79ccb7bbf9486dba7",
            "image_url": "https://english.almayadeen.net/media/image/2024/6/23/b475e15e-de6c-4831-ac06-c57c48d002be.jpg?v=2&width=1000",
            "image_caption": "A view of Caracas on Sunday, as a data-protection law dominates the news (AFP)",
            "postid": "40476",
            "word_count": 196,
            "reading_minutes": 1,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "opengraph.html",
        "url": "https://english.almayadeen.net/news/economy/-the-doctors--syndicate--rejects-a-new-port-terminal-in-nair",
        "expected": {
            "url": "https://english.almayadeen.net/news/economy/-the-doctors--syndicate--rejects-a-new-port-terminal-in-nair",
            "title": "'The doctors' syndicate' rejects a new port terminal in Nairobi & beyond",
            "authors": [
                "Al Mayadeen English"
            ],
            "source": "Websites",
            "published": "2024-07-05T07:31:00+03:00",
            "updated": "2024-07-05T07:31:00+03:00",
            "section": "News",
            "subsection": "Economy",
            "tags": [
                "Kenya",
                "Nairobi",
                "New Port Terminal",
                "Lebanon"
            ],
            "summary": "The government has promised a full report on a new port terminal within 41 weeks.",
            "text": "md5:6ec6dc187b406fcbf7c51baabbc96546",
            "image_url": "https://english.almayadeen.net/media/image/2024/7/5/12011caa-1f12-45bf-ab11-586f078548d7.jpg?v=2&width=1000",
            "image_caption": "A view of Nairobi on Saturday, as a new port terminal dominates the news (AFP)",
            "postid": None,
            "word_count": 257,
            "reading_minutes": 2,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "visible.html",
        "url": "https://english.almayadeen.net/news/health/the-union-opens-inquiry-into-hospital-fuel-shortages",
        "expected": {
            "url": "https://english.almayadeen.net/news/health/the-union-opens-inquiry-into-hospital-fuel-shortages",
            "title": "The union opens inquiry into hospital fuel shortages",
            "authors": [
                "Al Mayadeen English"
            ],
            "source": "Websites",
            "published": "2024-07-08T17:28:00+03:00",
            "updated": None,
            "section": "News",
            "subsection": "Health",
            "tags": [
                "Venezuela",
                "Caracas",
                "Hospital Fuel Shortages",
                "Iraq"
            ],
            "summary": "Neighbouring Lebanon has followed the developments closely, its café owners and traders included.",
            "text": "md5:724ae4dd029c4e2489a286fbe3bc8d67",
            "image_url": "https://english.almayadeen.net/media/image/2024/7/8/46e785ad-1cb6-48ee-a9b0-2764b02de52c.jpg?v=2&width=1000",
            "image_caption": "A view of Caracas on Monday, as hospital fuel shortages dominates the news (AFP)",
            "postid": None,
            "word_count": 129,
            "reading_minutes": 1,
            "lang": "en",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "video.html",
        "url": "https://english.almayadeen.net/videos/newsfeed/video--la-paz--the-doctors--syndicate-sets-deadline-for-a-ne",
        "expected": {
            "url": "https://english.almayadeen.net/videos/newsfeed/video--la-paz--the-doctors--syndicate-sets-deadline-for-a-ne",
            "title": "Video: La Paz: The doctors' syndicate sets deadline for a new port terminal as talks stall",
            "authors": [
                "Al Mayadeen English"
            ],
            "source": None,
            "published": "2024-07-11T07:16:00+03:00",
            "updated": "2024-07-11T17:16:00+03:00",
            "section": "Videos",
            "subsection": "NewsFeed",
            "tags": [
                "Bolivia",
                "La Paz",
                "New Port Terminal",
                "Brazil",
                "Economy"
            ],
            "summary": "The plan is expected to cost about 22 million dollars, to be paid in three instalments. In Bogotá, several hundred people gathered outside the ministry on Saturday evening.",
            "text": "md5:e8ac4403b07747deee421ef0f53b7167",
            "image_url": "https://english.almayadeen.net/media/image/2024/7/11/bf1df687-40aa-45a9-a488-c156df0d6301.jpg?v=2&width=1000",
            "image_caption": None,
            "postid": "40738",
            "word_count": 28,
            "reading_minutes": 1,
            "lang": "en",
            "type": "video"
        }
    },
    {
        "recipe": "almayadeen-en",
        "page": "static-page.html",
        "url": "https://english.almayadeen.net/articles/editorial-policy-of-al-mayadeen-english",
        "expected": {
            "url": "https://english.almayadeen.net/articles/editorial-policy-of-al-mayadeen-english",
            "title": "Editorial policy of Al Mayadeen English",
            "authors": [],
            "source": None,
            "published": "2024-01-02T13:38:00+02:00",
            "updated": "2024-01-02T14:55:00+02:00",
            "section": "Articles",
            "subsection": None,
            "tags": [],
            "summary": "Al Mayadeen English publishes news, opinion and analysis in English.",
            "text": "md5:a67fd1bf3e724a32e6e67316526f3ff9",
            "image_url": None,
            "image_caption": None,
            "postid": "40103",
            "word_count": 39,
            "reading_minutes": 1,
            "lang": "en",
            "type": "page"
        }
    },
    {
        "recipe": "almayadeen-ar",
        "page": "arabic.html",
        "url": "https://www.almayadeen.net/news/economy/%D9%85%D8%B3%D8%A4%D9%88%D9%84%D9%88%D9%86-%D9%81%D9%8A-%D8%B9%D9%85-%D8%A7%D9%86-%D9%8A%D9%86%D8%A7%D9%82%D8%B4%D9%88%D9%86-%D8%A7%D9%84%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA",
        "expected": {
            "url": "https://www.almayadeen.net/news/economy/%D9%85%D8%B3%D8%A4%D9%88%D9%84%D9%88%D9%86-%D9%81%D9%8A-%D8%B9%D9%85-%D8%A7%D9%86-%D9%8A%D9%86%D8%A7%D9%82%D8%B4%D9%88%D9%86-%D8%A7%D9%84%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA",
            "title": "مسؤولون في عمّان يناقشون المفاوضات",
            "authors": [
                "علي حيدر"
            ],
            "source": "الميادين نت",
            "published": "2024-07-18T15:51:00+03:00",
            "updated": "2024-07-18T22:38:00+03:00",
            "section": "أخبار",
            "subsection": "اقتصاد",
            "tags": [
                "عمّان",
                "المفاوضات",
                "القاهرة"
            ],
            "summary": "وأشارت مصادر محلية إلى أن الإجراءات ستدخل حيز التنفيذ الأسبوع المقبل.",
            "text": "md5:8912bbbd02cba8322e71954027908a64",
            "image_url": "https://www.almayadeen.net/ar-media/image/2024/7/18/8cea309b-780a-4fa3-a08f-8823c5dd967b.jpg?v=2&width=1000",
            "image_caption": "صورة من عمّان",
            "postid": "40858",
            "word_count": 83,
            "reading_minutes": 1,
            "lang": "ar",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-ar",
        "page": "arabic-newscast.html",
        "url": "https://www.almayadeen.net/newscast/2024/5/30/%D8%A7%D9%84%D8%AC%D8%B2%D8%A7%D8%A6%D8%B1--%D8%AA%D8%B7%D9%88%D8%B1%D8%A7%D8%AA-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%81%D9%8A-%D9%85%D9%84%D9%81-%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9-%D8%A7%D9%84%D8%B9%D8%A7%D9%85%D8%A9",
        "expected": {
            "url": "https://www.almayadeen.net/newscast/2024/5/30/%D8%A7%D9%84%D8%AC%D8%B2%D8%A7%D8%A6%D8%B1--%D8%AA%D8%B7%D9%88%D8%B1%D8%A7%D8%AA-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%81%D9%8A-%D9%85%D9%84%D9%81-%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9-%D8%A7%D9%84%D8%B9%D8%A7%D9%85%D8%A9",
            "title": "الجزائر: تطورات جديدة في ملف الموازنة العامة",
            "authors": [
                "زينب صالح"
            ],
            "source": "الميادين نت",
            "published": "2024-05-30T23:49:00+03:00",
            "updated": "2024-05-31T01:46:00+03:00",
            "section": "النشرة",
            "subsection": None,
            "tags": [
                "الجزائر",
                "الموازنة العامة",
                "القاهرة"
            ],
            "summary": "وأشارت مصادر محلية إلى أن الإجراءات ستدخل حيز التنفيذ الأسبوع المقبل.",
            "text": "md5:2f38cba414465b7bb6467da4244c35b8",
            "image_url": "https://www.almayadeen.net/ar-media/image/2024/5/30/4fb7c3bb-48f3-4037-a6db-fda8c74dd25c.jpg?v=2&width=1000",
            "image_caption": "صورة من الجزائر",
            "postid": "40269",
            "word_count": 11,
            "reading_minutes": 1,
            "lang": "ar",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-es",
        "page": "spanish-opengraph.html",
        "url": "https://espanol.almayadeen.net/news/politica/gobierno-de-uruguay-presenta-plan-para-la-temporada-de-lluvi",
        "expected": {
            "url": "https://espanol.almayadeen.net/news/politica/gobierno-de-uruguay-presenta-plan-para-la-temporada-de-lluvi",
            "title": "Gobierno de Uruguay presenta plan para la temporada de lluvias",
            "authors": [
                "Andrés Peña"
            ],
            "source": "Al Mayadeen Español",
            "published": "2017-03-14T10:30:00+02:00",
            "updated": "2017-03-14T11:12:00+02:00",
            "section": "Noticias",
            "subsection": "Política",
            "tags": [
                "Uruguay",
                "Montevideo",
                "Temporada de lluvias"
            ],
            "summary": "El comité encargado se reunirá otra vez en Montevideo, confirmó su presidenta.",
            "text": "md5:4e005e922247de985f3c9b1c771efc9b",
            "image_url": "https://espanol.almayadeen.net/es-media/image/2017/3/14/e65a3ae4-0404-45cb-a877-f0fcfb46ed39.jpg?v=2&width=1000",
            "image_caption": "Vista de Montevideo",
            "postid": None,
            "word_count": 89,
            "reading_minutes": 1,
            "lang": "es",
            "type": "article"
        }
    },
    {
        "recipe": "almayadeen-es",
        "page": "spanish-visible.html",
        "url": "https://espanol.almayadeen.net/news/economia/la-habana-anuncia-medidas-sobre-la-temporada-de-lluvias",
        "expected": {
            "url": "https://espanol.almayadeen.net/news/economia/la-habana-anuncia-medidas-sobre-la-temporada-de-lluvias",
            "title": "La Habana anuncia medidas sobre la temporada de lluvias",
            "authors": [
                "Al Mayadeen Español"
            ],
            "source": "Al Mayadeen Español",
            "published": "2017-03-23T11:30:00+02:00",
            "updated": None,
            "section": "Noticias",
            "subsection": "Economía",
            "tags": [
                "Cuba",
                "La Habana",
                "Temporada de lluvias"
            ],
            "summary": "Según cifras oficiales, miles de familias se han visto afectadas.",
            "text": "md5:864d5937426918e7794d4a83c5cfbac4",
            "image_url": "https://espanol.almayadeen.net/es-media/image/2017/3/23/2a1bc112-70c4-4ec6-a10b-6d3fed9081c1.jpg?v=2&width=1000",
            "image_caption": "Vista de La Habana",
            "postid": None,
            "word_count": 58,
            "reading_minutes": 1,
            "lang": "es",
            "type": "article"
        }
    }
]
