"""The replica's content: editions, articles, sitemaps and the ticker (no HTTP).

A :class:`Site` is deterministic for a given seed: the same articles, URLs,
dates and markup choices every time. Each :class:`ArticleRecord` knows the
page it renders and the exact field values a correct reader extracts from
that page (:attr:`ArticleRecord.expected`), derived from what the page shows,
independently of the tool's code.

URLs follow the site notes: ``{section}/{subsection}/{slug}`` (or no
subsection), the slug is the lower-cased title with every space or
punctuation mark turned into ``-`` without collapsing, cut at 60 characters.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from . import seed
from .text import (
    Story,
    arabic_breaking,
    arabic_story,
    breaking_line,
    english_story,
    spanish_breaking,
    spanish_story,
    video_story,
)

BEIRUT = ZoneInfo("Asia/Beirut")
# The replica's "now" when it starts; mutations move it forward.
START = datetime(2024, 7, 20, 12, 0, tzinfo=BEIRUT)
TICKER_SIZE = 10
TICKER_STYLES = ("ticker-box", "ticker__item", "label")
# Characters a canonical URL path leaves unescaped (what newscli.urls uses too).
PATH_SAFE = "/:@!$&'()*+,;=-._~"

# Article variants: which metadata the page carries.
VARIANTS = (
    "tawsiyat",          # tawsiyat-metadata JSON + meta postid + OpenGraph, lg_para lead, p-content body
    "tawsiyat-partial",  # the same with some JSON keys missing
    "opengraph",         # only OpenGraph/article:* meta and JSON-LD NewsArticle; other body markup
    "visible",           # no metadata at all: only what the page shows
    "video",             # tawsiyat type videoobject, empty p-content: the lead is all the text
    "newscast",          # Arabic newscast: dated path, no p-content
    "page",              # tawsiyat type page: a static page, not news
)
OPTIONAL_KEYS = ("title", "author", "published_time", "last_updated", "keywords", "thumbnail",
                 "description", "word_count", "lang", "classes", "type")


@dataclass(frozen=True)
class Edition:
    code: str                 # "en"
    recipe: str               # the newscli recipe name
    name: str                 # header text
    lang: str
    prefix: str               # path base under the replica root ("" or "ar/")
    direction: str
    breaking_label: str
    by_label: str
    source_label: str
    nav: tuple                # ((slug, label, ((subslug, label), ...)), ...)
    regions: tuple = ()
    shows_minutes: bool = True

    def label(self, *slugs: str) -> str | None:
        """The nav label of a section (one slug) or subsection (two)."""
        for slug, label, children in self.nav:
            if slug != slugs[0]:
                continue
            if len(slugs) == 1:
                return label
            return dict(children).get(slugs[1])
        return None

    def section_paths(self) -> list[str]:
        """Every section landing page, relative to the edition base."""
        paths = []
        for slug, _label, children in self.nav:
            paths.append(slug)
            paths += [f"{slug}/{sub}" for sub, _ in children]
        return paths


EN = Edition(
    code="en", recipe="almayadeen-en", name="Al Mayadeen English", lang="en", prefix="",
    direction="ltr", breaking_label="BREAKING", by_label="By", source_label="Source",
    nav=(
        ("news", "News", (("politics", "Politics"), ("economy", "Economy"), ("sports", "Sports"),
                          ("arts-culture", "Arts&Culture"), ("health", "Health"),
                          ("miscellaneous", "Miscellaneous"), ("technology", "Technology"),
                          ("environment", "Environment"))),
        ("articles", "Articles", (("opinion", "Opinion"), ("analysis", "Analysis"), ("blog", "Blog"),
                                  ("features", "Features"))),
        ("videos", "Videos", (("newsfeed", "NewsFeed"), ("video-features", "Video Features"),
                              ("explainers", "Explainers"), ("tv", "TV"), ("digital-series", "Digital Series"))),
        ("infographs", "Infographs", ()),
        ("in-pictures", "In Pictures", ()),
    ),
    regions=("Africa", "Asia", "Asia-Pacific", "Europe", "Latin America", "MENA", "Palestine", "US & Canada"),
)
AR = Edition(
    code="ar", recipe="almayadeen-ar", name="الميادين", lang="ar", prefix="ar/", direction="rtl",
    breaking_label="عاجل", by_label="بقلم", source_label="المصدر",
    nav=(
        ("news", "أخبار", (("politics", "سياسة"), ("economy", "اقتصاد"), ("sports", "رياضة"))),
        ("articles", "مقالات", (("opinion", "رأي"), ("analysis", "تحليل"))),
        ("newscast", "النشرة", ()),
    ),
    shows_minutes=False,
)
ES = Edition(
    code="es", recipe="almayadeen-es", name="Al Mayadeen Español", lang="es", prefix="es/",
    direction="ltr", breaking_label="ÚLTIMA HORA", by_label="Por", source_label="Fuente",
    nav=(
        ("news", "Noticias", (("politica", "Política"), ("economia", "Economía"), ("cultura", "Cultura"),
                              ("deportes", "Deportes"))),
    ),
    shows_minutes=False,
)
EDITIONS = {e.code: e for e in (EN, AR, ES)}


def slugify(title: str, keep_colon: bool = False) -> str:
    """The site's slug: lower-cased, each space or punctuation mark -> '-', cut at 60."""
    out = []
    for ch in title.lower():
        out.append(ch if ch.isalnum() or (keep_colon and ch == ":") else "-")
    return "".join(out)[:60]


def count_words(text: str) -> int:
    """Words as the reader counts them (runs of word characters)."""
    return len(re.findall(r"\w+", text))


@dataclass
class BreakingItem:
    text: str
    url: str | None = None     # absolute URL of the linked article, if any


@dataclass
class ArticleRecord:
    """One page of the replica and what a correct reader extracts from it."""

    site: Site = field(repr=False)
    edition: Edition = field(repr=False)
    variant: str
    path: str                          # decoded, relative to the edition base
    story: Story = field(repr=False)
    published: datetime
    updated: datetime
    postid: str
    section: str                       # slugs
    subsection: str | None
    type: str = "article"              # the site's type: article | videoobject | page
    disallowed: bool = False           # under a robots.txt Disallow rule
    category: str | None = None        # `classes` category, when the page has one
    omit: frozenset = frozenset()      # tawsiyat keys left out
    markup: dict = field(default_factory=dict)   # ticker/image/tags/body style choices
    image: str | None = None           # path of the image under the replica root

    @property
    def edition_code(self) -> str:
        return self.edition.code

    @property
    def url(self) -> str:
        """The article URL as served (percent-encoded)."""
        return self.site.bases[self.edition.code] + quote(self.path, safe=PATH_SAFE)

    @property
    def wire_path(self) -> str:
        """The request path of this page on the replica server."""
        return quote(self.site.base_path(self.edition.code) + self.path, safe=PATH_SAFE)

    @property
    def image_url(self) -> str | None:
        return urljoin(self.site.bases[self.edition.code], self.image) if self.image else None

    @property
    def shown_image_url(self) -> str | None:
        """The image as the page's <img> shows it (a smaller size on some pages)."""
        if self.image_url and self.markup.get("image_size") == "small":
            return self.image_url.replace("width=1000", "width=600")
        return self.image_url

    @property
    def is_news(self) -> bool:
        return self.type != "page"

    @property
    def html(self) -> str:
        from .pages import article_page

        return article_page(self.site, self)

    @property
    def cms_words(self) -> int:
        """The word count the site's CMS declares (whitespace-separated tokens)."""
        return len(" ".join([self.story.lead, *self.story.paragraphs]).split())

    @property
    def minutes(self) -> int:
        """The site's "N Min Read"."""
        if self.story.title == seed.TITLE:
            return seed.MINUTES
        return max(1, math.ceil(self.cms_words / 200))

    @property
    def shows_minutes(self) -> bool:
        return self.edition.shows_minutes and self.type == "article" and self.variant != "newscast"

    def has(self, key: str) -> bool:
        """Whether the page's tawsiyat JSON carries ``key``."""
        return self.variant in ("tawsiyat", "tawsiyat-partial", "video", "newscast", "page") \
            and key not in self.omit

    @property
    def expected(self) -> dict:
        """The exact field values a correct reader extracts from this page."""
        story = self.story
        text = "\n\n".join([story.lead, *story.paragraphs])
        page = self.type == "page"   # a static page: no byline, no tags
        if self.has("word_count") or self.variant == "opengraph":
            words = self.cms_words
        else:
            words = count_words(text)
        if self.shows_minutes:
            minutes = self.minutes
        else:
            minutes = max(1, round(words / 230)) if words else 0
        has_updated = self.has("last_updated") or self.variant == "opengraph"
        return {
            "url": self.url,
            "title": story.title,
            "authors": [] if page else list(story.authors),
            "source": None if page or self.type == "videoobject" else story.source,
            "published": self.published.isoformat(timespec="seconds"),
            "updated": self.updated.isoformat(timespec="seconds") if has_updated else None,
            "section": self.edition.label(self.section),
            "subsection": self.expected_subsection(),
            "tags": [] if page else list(story.tags),
            "summary": story.lead,
            "text": text,
            "image_url": self.shown_image_url if self.variant == "visible" else self.image_url,
            "image_caption": story.caption if self.image and self.type != "videoobject" else None,
            "postid": self.postid if self.has("postid") else None,
            "word_count": words,
            "reading_minutes": minutes,
            "lang": self.edition.lang,
            "type": {"videoobject": "video"}.get(self.type, self.type),
        }

    def expected_subsection(self) -> str | None:
        if self.category and (self.has("classes") or self.variant == "opengraph"):
            return self.category
        if self.subsection:
            return self.edition.label(self.section, self.subsection) or self.subsection.replace("-", " ").title()
        return None


class Site:
    """Everything the replica serves, generated from ``seed``."""

    def __init__(self, articles: int = 24, seed_value: int = 0, root: str = "http://127.0.0.1",
                 bases: dict[str, str] | None = None):
        """``root`` serves every edition under its path prefix; ``bases`` instead gives each
        edition its own base URL (to render pages as the real hosts would show them)."""
        self.rng = random.Random(seed_value)
        if bases:
            parts = urlsplit(bases["en"])
            root = f"{parts.scheme}://{parts.netloc}"
        self.root = root.rstrip("/")
        self.bases = bases or {code: f"{self.root}/{e.prefix}" for code, e in EDITIONS.items()}
        self.clock = START
        self.records: list[ArticleRecord] = []
        self._by_path: dict[str, ArticleRecord] = {}   # decoded request path -> record
        self.tickers: dict[str, list[BreakingItem]] = {}
        self.ticker_style: str | None = None   # None: each page's own style
        self._ticker_changed = dict.fromkeys(EDITIONS, START)
        self._next_postid = 40000
        self._build_catalogue()
        self._build_generated(articles)
        self._assign_postids()
        self._build_tickers()

    # -- building ---------------------------------------------------------------

    def _record(self, edition: Edition, story: Story, variant: str, section: str,
                subsection: str | None, published: datetime, *, slug: str | None = None,
                **extra) -> ArticleRecord:
        slug = slug or slugify(story.title)
        path = "/".join(p for p in (section, subsection, slug) if p)
        kind = {"video": "videoobject", "page": "page"}.get(variant, "article")
        updated = published
        if self.rng.random() < 0.5:
            updated = min(published + timedelta(minutes=self.rng.randint(5, 600)), max(published, START))
        category = None
        if subsection:
            category = edition.label(section, subsection) or subsection.replace("-", " ").title()
        record = ArticleRecord(
            site=self, edition=edition, variant=variant, path=path, story=story,
            published=published, updated=updated, postid="", section=section,
            subsection=subsection, type=kind, category=category,
            markup=self._markup(edition), **extra,
        )
        if variant == "tawsiyat-partial" and not record.omit:
            record.omit = frozenset(self.rng.sample(OPTIONAL_KEYS, 3))
        if record.image is None and variant != "page":
            record.image = self._image_path(edition, published)
        key = self.base_path(edition.code) + record.path
        if key in self._by_path:
            raise ValueError(f"duplicate path {record.path}")
        self.records.append(record)
        self._by_path[key] = record
        return record

    def _markup(self, edition: Edition) -> dict:
        rng = self.rng
        return {
            "ticker": rng.choice(TICKER_STYLES),
            "image": rng.choice(("figure", "lightbox")),
            "tags": "query" if edition.code == "es" else rng.choice(("rel-tag", "tags-path", "tag-path")),
            "most_read": rng.choice(("figure", "plain")),
            # English markup is unverified: some pages keep their body outside div.p-content.
            "body": "article-content" if edition.code == "en" and rng.random() < 0.25 else "p-content",
            "image_size": rng.choice(("full", "small")),
        }

    def _image_path(self, edition: Edition, when: datetime) -> str:
        uuid = "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}".format(*(self.rng.getrandbits(b) for b in (32, 16, 12, 12, 48)))
        host = {"ar": "ar-media", "es": "es-media"}.get(edition.code, "media")
        return f"/{host}/image/{when.year}/{when.month}/{when.day}/{uuid}.jpg?v=2&width=1000"

    def _published(self, days_back: float) -> datetime:
        """A time ``days_back`` days before the start, at a plausible hour (never after it)."""
        moment = (START - timedelta(days=days_back)).replace(
            hour=self.rng.randint(7, 22), minute=self.rng.randint(0, 59), second=0, microsecond=0)
        return moment - timedelta(days=1) if moment >= START else moment

    def _build_catalogue(self) -> None:
        """Pages every replica has, whatever its size: one of each variant and edge case."""
        rng = self.rng
        seed_story = Story(seed.TITLE, seed.LEAD, list(seed.PARAGRAPHS), list(seed.TAGS), seed.CAPTION,
                           [seed.AUTHOR], seed.SOURCE, set(seed.SUBHEADINGS))
        self.seed_record = self._record(EN, seed_story, "tawsiyat", "news", "politics",
                                        datetime(*seed.PUBLISHED, tzinfo=BEIRUT))
        self.seed_record.markup.update(image="lightbox", tags="rel-tag", body="p-content")

        # An article with no subsection (/articles/<slug>), filed under a category.
        story = english_story(rng, "opinion", opinion=True)
        story.title = "Why the dock workers of Tartus are so afraid of a long, dry winter"
        self._record(EN, story, "tawsiyat", "articles", None, self._published(40)).category = "Opinion"
        # A slug that kept its colon.
        story = english_story(rng, "environment")
        story.title = "Food security: for the farmers of the Bekaa, water comes first"
        self._record(EN, story, "tawsiyat-partial", "news", "environment", self._published(33),
                     slug=slugify(story.title, keep_colon=True), omit=frozenset({"keywords", "title"}))
        # Two titles that share the 60-character slug, in two subsections.
        for sub, river in (("politics", "Nile"), ("environment", "Tigris")):
            story = english_story(rng, sub)
            story.title = f"Arab League ministers meet in Cairo to discuss the water crisis of the {river} basin"
            self._record(EN, story, "tawsiyat", "news", sub, self._published(20))
        self._record(EN, english_story(rng, "economy"), "opengraph", "news", "economy", self._published(15))
        self._record(EN, english_story(rng, "health"), "visible", "news", "health", self._published(12))
        self._record(EN, video_story(rng), "video", "videos", "newsfeed", self._published(9))
        page = Story("Editorial policy of Al Mayadeen English",
                     "Al Mayadeen English publishes news, opinion and analysis in English.",
                     ["Corrections are published at the foot of the article concerned, with the date of the change.",
                      "Opinion pieces reflect the views of their authors, not those of the channel."],
                     [], "", [], None)
        self._record(EN, page, "page", "articles", None, self._published(200))
        # Metadata in UTC and no published_time: the visible date is in the metadata's zone.
        utc = self._published(27).astimezone(UTC)
        self._record(EN, english_story(rng, "technology"), "tawsiyat-partial", "news", "technology", utc,
                     omit=frozenset({"published_time", "keywords", "author"}))
        # Pages under the robots.txt Disallow rule: listed, linked, never to be fetched.
        for days in (3, 6):
            self._record(EN, english_story(rng, "politics"), "tawsiyat", "news", "embargoed",
                         self._published(days), disallowed=True)

        for days in (2, 8, 25):
            self._record(AR, arabic_story(rng), "tawsiyat", "news", rng.choice(["politics", "economy"]),
                         self._published(days))
        when = datetime(2024, 5, 30, 23, 49, tzinfo=BEIRUT)
        story = arabic_story(rng, paragraphs=0)
        self._record(AR, story, "newscast", "newscast", None, when,
                     slug=f"{when.year}/{when.month}/{when.day}/{slugify(story.title)}")

        old = datetime(2017, 3, 14, 10, 30, tzinfo=BEIRUT)
        for i, variant in enumerate(("opengraph", "visible", "opengraph")):
            self._record(ES, spanish_story(rng), variant, "news", ("politica", "economia", "cultura")[i],
                         old + timedelta(days=9 * i, hours=i))

    def _build_generated(self, count: int) -> None:
        rng = self.rng
        cycle = ("tawsiyat", "tawsiyat-partial", "opengraph", "tawsiyat", "visible", "video", "tawsiyat")
        news_subs = [sub for sub, _ in EN.nav[0][2]]
        for i in range(count):
            variant = cycle[i % len(cycle)]
            published = self._published(rng.uniform(0.05, 80))
            if variant == "video":
                story, section, sub = video_story(rng), "videos", rng.choice(["newsfeed", "explainers"])
            elif rng.random() < 0.25:
                sub = rng.choice(["opinion", "analysis", "blog", "features"])
                story, section = english_story(rng, sub, opinion=True), "articles"
            else:
                sub = rng.choice(news_subs)
                story, section = english_story(rng, sub), "news"
            path = f"{section}/{sub}/{slugify(story.title)}"
            if any(r.path == path for r in self.records):
                continue
            self._record(EN, story, variant, section, sub, published)

    def _assign_postids(self) -> None:
        for record in sorted(self.records, key=lambda r: r.published):
            record.postid = self._new_postid()

    def _new_postid(self) -> str:
        self._next_postid += self.rng.randint(1, 40)
        return str(self._next_postid)

    def _build_tickers(self) -> None:
        rng = self.rng
        english = [r for r in self.records if r.edition is EN and r.is_news and not r.disallowed]
        items = [BreakingItem(text) for text in seed.BREAKING]
        for i in (1, 6):   # a couple of items link to an article
            items[i].url = rng.choice(english).url
        self.tickers = {
            "en": items,
            "ar": [BreakingItem(arabic_breaking(rng)) for _ in range(TICKER_SIZE)],
            "es": [BreakingItem(spanish_breaking(rng)) for _ in range(TICKER_SIZE)],
        }

    # -- reading ----------------------------------------------------------------

    def edition_records(self, code: str) -> list[ArticleRecord]:
        """An edition's pages, newest first."""
        return sorted((r for r in self.records if r.edition.code == code), key=lambda r: r.published,
                      reverse=True)

    def find(self, path: str) -> ArticleRecord | None:
        """The record served at a decoded request path (``/ar/news/...``)."""
        return self._by_path.get(path.rstrip("/") or "/")

    def base_path(self, code: str) -> str:
        """The path an edition lives under ("/", or "/ar/" when editions share a host)."""
        return urlsplit(self.bases[code]).path or "/"

    def months(self, code: str) -> dict[tuple[int, int], list[ArticleRecord]]:
        """The edition's records by (year, month) of publication, newest month first."""
        out: dict[tuple[int, int], list[ArticleRecord]] = {}
        for record in self.edition_records(code):
            out.setdefault((record.published.year, record.published.month), []).append(record)
        return out

    # -- changing ---------------------------------------------------------------

    def tick(self, minutes: int = 1) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    def add_article(self, edition: str = "en", variant: str = "tawsiyat", section: str = "news",
                    subsection: str | None = "politics", title: str | None = None,
                    published: datetime | None = None) -> ArticleRecord:
        ed = EDITIONS[edition]
        when = published or self.tick(5)
        for _attempt in range(20):
            if ed is AR:
                story = arabic_story(self.rng)
            elif ed is ES:
                story = spanish_story(self.rng)
            elif variant == "video":
                story = video_story(self.rng)
            else:
                story = english_story(self.rng, subsection or "politics", opinion=section == "articles")
            if title:
                story = replace(story, title=title)
            try:
                record = self._record(ed, story, variant, section, subsection, when)
            except ValueError:
                if title:
                    raise
                continue
            record.updated = when
            record.postid = self._new_postid()
            return record
        raise ValueError("could not make a new unique article URL")

    def edit_article(self, record: ArticleRecord, paragraph: str | None = None) -> ArticleRecord:
        """A correction: one more paragraph and a new `last_updated`."""
        when = self.tick(7)
        record.story.paragraphs.append(paragraph or f"Update: this article was corrected on {when:%d %B %Y at %H:%M}.")
        record.updated = when
        return record

    def push_breaking(self, text: str, url: str | None = None, edition: str = "en") -> BreakingItem:
        item = BreakingItem(text, url)
        items = self.tickers[edition]
        items.insert(0, item)
        del items[TICKER_SIZE:]
        self._ticker_changed[edition] = self.tick(1)
        return item

    def ticker_changed(self, edition: str) -> datetime:
        """When the edition's ticker last changed (every page shows it)."""
        return self._ticker_changed[edition]

    def new_breaking_text(self, edition: str = "en") -> str:
        make = {"en": breaking_line, "ar": arabic_breaking, "es": spanish_breaking}[edition]
        current = {i.text for i in self.tickers[edition]}
        while True:
            text = make(self.rng)
            if text not in current:
                return text
