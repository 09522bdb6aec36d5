"""Article metadata: each field read from an ordered list of sources.

``GENERIC_SOURCES`` is what works on any news page (JSON-LD, OpenGraph and
``article:*`` meta, standard meta, ``<time>``, visible-text patterns). A site
recipe's sources for a field are tried first; the generic ones follow.
"""

from __future__ import annotations

import re

from newscli import dates
from newscli.extract.page import Page
from newscli.textclean import clean_line

GENERIC_SOURCES: dict[str, list[str]] = {
    "title": ["jsonld:headline", "meta:og:title", "meta:twitter:title", "css:h1", "title"],
    "summary": ["meta:og:description", "meta:description", "jsonld:description",
                "meta:twitter:description"],
    "authors": ["jsonld:author", "meta:author", "meta:article:author", "meta:parsely-author",
                "meta:sailthru.author", "meta:dc.creator", "css:[rel~=author]",
                "css:[itemprop=author] [itemprop=name]", "css:[itemprop=author]",
                r"line:^By\s+([A-Z][^|]{1,80})$"],
    "source": [r"line:^Source:\s*(.{2,80})$"],
    "published": ["jsonld:datePublished", "meta:article:published_time", "meta:og:published_time",
                  "meta:datepublished", "meta:date", "meta:pubdate", "meta:publishdate",
                  "meta:dc.date.issued", "meta:dc.date", "meta:sailthru.date",
                  "meta:parsely-pub-date", "css:article time@datetime", "css:time@datetime",
                  "jsonld:dateCreated"],
    "updated": ["jsonld:dateModified", "meta:article:modified_time", "meta:og:updated_time",
                "meta:datemodified", "meta:last-modified"],
    "section": ["meta:article:section", "jsonld:articleSection", "meta:section"],
    "subsection": [],
    "tags": ["meta:article:tag", "jsonld:keywords", "meta:news_keywords", "meta:keywords",
             "css:a[rel~=tag]", "css:a[href*='/tag/']", "css:a[href*='/tags/']",
             "css:a[href*='?tags=']", "css:a[href*='/topic/']"],
    "image": ["meta:og:image", "meta:og:image:url", "meta:twitter:image", "jsonld:image.url",
              "jsonld:image", "jsonld:thumbnailUrl"],
    "image_caption": ["jsonld:image.caption", "css:article figure figcaption", "css:figure figcaption"],
    "lang": ["css:html@lang", "jsonld:inLanguage", "meta:og:locale", "meta:content-language"],
    "postid": [],
    "type": ["meta:og:type"],
    "word_count": ["jsonld:wordCount"],
    "reading_minutes": [r"line:(?i)^(\d{1,3})\s*min(?:ute)?s?\.?\s+read$"],
}
LIST_FIELDS = {"authors", "tags"}
DATE_FIELDS = {"published", "updated"}
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\by\b(?=\s+[A-Z]))\s*")
_BY_PREFIX = re.compile(r"^(?:by|por|written by|بقلم)[:\s]+", re.IGNORECASE)


def read_field(page: Page, name: str, sources: list[str], default_tz: str | None = None):
    """The value of field ``name``: the first source that yields one, normalised."""
    for source in sources:
        values = page.values(source)
        if name in LIST_FIELDS:
            items = normalise_list(name, values)
            if items:
                return items
            continue
        for value in values:
            value = normalise_value(name, value, default_tz)
            if value:
                return value
    return [] if name in LIST_FIELDS else None


def normalise_value(name: str, value: str, default_tz: str | None = None):
    if name in DATE_FIELDS:
        return dates.normalise(value, default_tz)
    if name == "lang":
        code = re.split(r"[-_]", value.strip().lower())[0]
        return code if re.fullmatch(r"[a-z]{2,3}", code) else None
    if name == "image":
        return value.strip() if re.match(r"^(https?:)?//|^/", value.strip()) else None
    if name == "type":
        return {"video": "video", "videoobject": "video", "video.other": "video", "page": "page",
                "website": None}.get(value.strip().lower(), "article")
    if name in ("word_count", "reading_minutes"):
        value = value.strip()
        return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else None
    return clean_line(value) or None


def normalise_list(name: str, values: list[str]) -> list[str]:
    """Drop blanks, URLs and duplicates (case-insensitive), keep order. A single
    value is a comma list ("a, b, c"); repeated values (one meta per tag) are
    taken whole, since a tag may itself hold a comma ("Beshear, Andrew")."""
    from newscli.model import unique_tags

    items: list[str] = []
    for value in values:
        value = clean_line(value)
        if name == "authors":
            value = _BY_PREFIX.sub("", value)
            parts = _AUTHOR_SPLIT.split(value)
            items += [p for p in parts if p and len(p) <= 80 and "://" not in p and "@" not in p
                      and not p.lower().startswith(("www.", "http"))]
        elif len(values) == 1:
            items += [p.strip() for p in value.split(",")]
        else:
            items.append(value)
    return unique_tags([i for i in items if i and len(i) <= 100])
