"""Article metadata: each field read from an ordered list of sources.

``GENERIC_SOURCES`` is what works on any news page (JSON-LD, OpenGraph and
``article:*`` meta, standard meta, ``<time>``, visible-text patterns). A site
recipe's sources for a field are tried first; the generic ones follow.
"""

from __future__ import annotations

import re
import string
import warnings
from collections.abc import Set as AbstractSet

from newscli import dates
from newscli.extract.page import Page, name_key, strip_site_suffix
from newscli.textclean import clean_line

GENERIC_SOURCES: dict[str, list[str]] = {
    "title": ["jsonld:headline", "meta:og:title", "meta:twitter:title", "css:h1", "title"],
    "summary": ["meta:og:description", "meta:description", "jsonld:description",
                "meta:twitter:description"],
    "authors": ["jsonld:author", "meta:author", "meta:article:author", "meta:parsely-author",
                "meta:sailthru.author", "meta:dc.creator", "css:[rel~=author]",
                "css:[itemprop~=author] [itemprop~=name]", "css:[itemprop~=author]",
                "css:[class*=byline] [class~=author]", "css:[class~=author-name]",
                r"byline:^(?i:by|written\s+by|posted\s+by|article\s+by|por|von|par)\s*:?\s*"
                r"([A-Z\u00c0-\u00dd][^|]{1,80})$"],
    "source": [r"line:^Source:\s*(.{2,80})$"],
    "published": ["jsonld:datePublished", "meta:article:published_time", "meta:article:published",
                  "meta:og:published_time", "meta:datepublished", "meta:date", "meta:pubdate",
                  "meta:publishdate", "meta:dc.date.issued", "meta:dc.date", "meta:sailthru.date",
                  "meta:parsely-pub-date", "css:[itemprop~=datePublished]@datetime",
                  "css:article time@datetime", "css:time@datetime", "jsonld:dateCreated",
                  "css:[itemprop~=datePublished]", "css:[class*=publish-date]",
                  "css:[class*=published]", "htmldate"],
    "updated": ["jsonld:dateModified", "meta:article:modified_time", "meta:article:modified",
                "meta:og:updated_time", "meta:datemodified", "meta:last-modified",
                "css:[itemprop~=dateModified]@datetime"],
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
# Titles written for sharing and search engines, not necessarily the displayed headline.
_SHARED_TITLES = ["meta:og:title", "meta:twitter:title", "title"]
# A separator between a headline and what decorates it (read from the headline side).
_SEPARATED = re.compile(r"^\s+[|\-\u2013\u2014:\u00b7]\s+\S")
_NAME_LABEL = re.compile(r"^\w+:\s+")
_NAME_PARTICLES = {"de", "da", "do", "dos", "das", "di", "del", "della", "van", "von", "der", "den",
                   "le", "la", "du", "bin", "ibn", "al", "el", "ben", "y", "e"}
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
DATE_FIELDS = {"published", "updated"}
_TAG_LABEL = re.compile(r"^(\w[\w ]{0,30}):\s+(\S.*)$")
_TOPIC_LABELS = {"category", "categories", "subject", "subjects", "topic", "topics", "tag", "tags"}
# A UUID or hex id in place of a tag.
_ID_TAG = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,}",
                     re.IGNORECASE)
# A character set where a language code should be (<meta http-equiv="content-language" content="utf-8">).
_CHARSET = re.compile(r"^(?:utf|iso|windows|cp\d|gb|big5|euc|koi|shift|us-ascii|ascii|latin)", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\by\b(?=\s+[A-Z]))\s*")
_BY_PREFIX = re.compile(r"^(?:by|por|von|par|written by|بقلم)[:\s]+", re.IGNORECASE)
# What follows a name in a byline: "Jane Doe | Site", "Jane Doe — Site", "Jane Doe · May 3".
_AFFILIATION = re.compile(r"\s*(?:\s[|\u2013\u2014]\s|[\u00b7\u2022\u22c5]).*$")
# A date after the name: "Jane Doe December 5, 2025", "Jane Doe on 12/05/2025".
_DATE_TAIL = re.compile(
    r"(?:^|\s+)(?:(?:on|at)\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d).*$",
    re.IGNORECASE)
# Someone credited for another job than writing: "Updated by Jon Roe", "Reviewed by ...".
_OTHER_CREDIT = re.compile(r"^(?:updated|edited|reviewed|fact[- ]checked|photos?|illustrations?)\s+by\b",
                           re.IGNORECASE)
# A degree or licence after a name: "Jane Doe, MS, RD", "Jane Doe, Ph.D.".
_CREDENTIAL = re.compile(r"^(?:(?:[A-Z]\.?){1,5}|Ph\.?\s?D\.?|M\.?Sc\.?|B\.?Sc\.?)$")
# What a byline block says where a name should be: its label, a placeholder.
_NOT_A_NAME = re.compile(r"^(?:(?:written|posted|article)\s+by|by|author|admin|guest\s+(?:author|blogger))$",
                         re.IGNORECASE)
# A job title, not a name: "AP Auto Writer", "Staff Reporter".
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|staff|"
    r"producer|photographer|news\s+desk|news\s+service|chief)s?$",
    re.IGNORECASE,
)
# A printed date's label and zone name: "Published 11:11 PM EST Nov 19, 2019".
DATE_LABEL = re.compile(
    r"^\W*(?:(?:last\s+)?(?:published|updated|posted|modified)(?:\s+(?:on|at))?|on)\b\s*:?\s*",
    re.IGNORECASE,
)
# Zone abbreviations python-dateutil does not know, by the zone they name in news
# pages (a zone, not a fixed offset: "ET" is EST or EDT by the date).
ZONE_ABBREVIATIONS = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "BST": "Europe/London", "CET": "Europe/Paris", "CEST": "Europe/Paris",
    "EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata", "PKT": "Asia/Karachi", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
}
_ZONE_ABBREVIATION = re.compile(r"\b({})\b\.?".format("|".join(ZONE_ABBREVIATIONS)))


def read_field(page: Page, name: str, sources: list[str], default_tz: str | None = None):
    """The value of field ``name``: the first source that yields one, normalised."""
    for source in sources:
        values = page.values(source)
        if name in LIST_FIELDS:
            items = normalise_list(name, values, page.site_keys)
            if items:
                return items
            continue
        for value in values:
            value = normalise_value(name, value, default_tz)
            if value and name == "title":
                value = clean_title(value, page, generic=source in GENERIC_SOURCES["title"])
            if value:
                return value
    return [] if name in LIST_FIELDS else None


def clean_title(title: str, page: Page, generic: bool = False) -> str:
    """The headline without the site's name, or without a section label when
    the page's <h1> shows it so ("Opinion | Headline" with <h1>Headline</h1>);
    for a title from the generic sources, the :func:`displayed_headline`."""
    title = strip_site_suffix(title, page.site_keys)
    h1s = page.values("css:h1")
    for h1 in h1s[:3]:
        if h1 != title and (
            (title.startswith(h1) and _SEPARATED.match(title[len(h1):]))
            or (title.endswith(h1) and _SEPARATED.match(title[: -len(h1)][::-1]))
        ):
            return h1
    return displayed_headline(title, h1s[0], page) if generic and len(h1s) == 1 else title


def displayed_headline(title: str, h1: str, page: Page) -> str:
    """The page's one <h1> over a title written for search engines: over a
    JSON-LD headline when og:title repeats the <h1> and not it; with no
    JSON-LD headline, over og:title and <title>, unless the <h1> is the site's
    name, shares no word with them, or is a kicker before them."""
    if page.values("jsonld:headline"):
        og_title = next(iter(page.values("meta:og:title")), "")
        return h1 if _key(strip_site_suffix(og_title, page.site_keys)) == _key(h1) else title
    shared = next((strip_site_suffix(v, page.site_keys) for source in _SHARED_TITLES
                   for v in page.values(source)), "")
    if name_key(h1) in page.site_keys:
        return title
    if shared:
        heading, other = _key(h1), _key(shared)
        if heading != other and len(other) >= 0.4 * len(heading) and (
                heading.startswith(other) or heading.endswith(other)):
            return shared
        if not _words(h1) & _words(shared):
            return title
    return h1


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


def normalise_value(name: str, value: str, default_tz: str | None = None):
    if name in DATE_FIELDS:
        return normalise_date(value, default_tz)
    if name == "lang":
        code = re.split(r"[-_]", value.strip().lower())[0]
        return code if re.fullmatch(r"[a-z]{2,3}", code) and not _CHARSET.match(value.strip()) else None
    if name == "image":
        return value.strip() if re.match(r"^(https?:)?//|^/", value.strip()) else None
    if name == "type":
        return {"video": "video", "videoobject": "video", "video.other": "video", "page": "page",
                "website": None}.get(value.strip().lower(), "article")
    if name in ("word_count", "reading_minutes"):
        value = value.strip()
        return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else None
    return clean_line(value) or None


def normalise_date(value: str, default_tz: str | None = None) -> str | None:
    """ISO 8601 from a printed date: its label dropped, a zone abbreviation
    python-dateutil does not know read as the zone it names."""
    value = DATE_LABEL.sub("", value.strip())
    match = _ZONE_ABBREVIATION.search(value)
    if match:
        value = (value[: match.start()] + " " + value[match.end():]).strip()
        default_tz = ZONE_ABBREVIATIONS[match.group(1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # another unknown zone name: read in default_tz, silently
        return dates.normalise(value, default_tz)


def normalise_list(name: str, values: list[str], site_keys: AbstractSet[str] = frozenset()) -> list[str]:
    """Drop blanks, URLs and duplicates (case-insensitive), keep order. A single
    value is a comma list ("a, b, c"); repeated values (one meta per tag) are
    taken whole, since a tag may itself hold a comma ("Beshear, Andrew")."""
    from newscli.model import unique_tags

    items: list[str] = []
    for value in values:
        value = clean_line(value)
        if name == "authors":
            items += author_names(value)
        elif len(values) == 1:
            items += [p.strip() for p in value.split(",")]
        else:
            items.append(value)
    if name == "authors":
        items = people_first(items, site_keys)
    else:
        items = readers_tags(items)
    return unique_tags([i for i in items if i and len(i) <= 100])


def readers_tags(tags: list[str]) -> list[str]:
    """The tags a reader sees, without a CMS's internal ones: ids, host names
    and, where several tags are "Key: value" labels ("Day: Friday", "NLP
    Category: General"), the labels, but for a topic's ("Category: Travel")."""
    labelled = sum(bool(_TAG_LABEL.match(t)) for t in tags) >= 2
    out = []
    for tag in tags:
        if _ID_TAG.fullmatch(tag) or _DOMAIN.fullmatch(tag):
            continue
        label = _TAG_LABEL.match(tag) if labelled else None
        if label:
            if label.group(1).lower() not in _TOPIC_LABELS:
                continue
            tag = label.group(2)
        out.append(tag)
    return out


def people_first(names: list[str], site_keys: AbstractSet[str]) -> list[str]:
    """Drop the site itself ("Site.com", the publisher; ``site_keys`` as
    :attr:`Page.site_keys`) from the authors, unless it is the only one (an
    agency, a newsroom)."""
    people = [n for n in names if name_key(n) not in site_keys and not _DOMAIN.fullmatch(n)]
    return people or names


def author_names(byline: str) -> list[str]:
    """The people in a byline: "By JANE DOE and John Roe, Staff Writers | Site"
    -> ["Jane Doe", "John Roe"]; editors, degrees and dates beside them dropped."""
    byline = _DATE_TAIL.sub("", _AFFILIATION.sub("", _BY_PREFIX.sub("", byline)))
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(byline):
        part = _name_only(part)
        if (not part or len(part) > 80 or "://" in part or "@" in part or part.isdigit()
                or part.lower().startswith(("www.", "http")) or _ROLE.search(part)
                or _OTHER_CREDIT.match(part) or _NOT_A_NAME.match(part)
                or (names and _CREDENTIAL.match(part))):
            continue
        if part.isupper() and len(part.split()) >= 2:
            part = string.capwords(part)
        names.append(part)
    return names


def _name_only(part: str) -> str:
    """"Text: Jane Doe" -> "Jane Doe"; "Jane Doe published on 3 May" -> "Jane Doe"."""
    part = _NAME_LABEL.sub("", part.strip(" .,"))
    words = part.split()
    capitalised = 0
    for i, word in enumerate(words):
        if word[:1].isupper():
            capitalised += 1
        elif capitalised >= 2 and word.lower() not in _NAME_PARTICLES:
            return " ".join(words[:i]).rstrip(" .,")
    return part


