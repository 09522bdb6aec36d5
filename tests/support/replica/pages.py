"""HTML, XML and text the replica serves, rendered from a :class:`~.site.Site`.

Every HTML page carries the site chrome in the order the seed page shows it:
header ("Al Mayadeen English", Ar, Es), the nav lists, the region list, the
BREAKING block, the content, then the footer. The English markup is not
known, so the ticker, the image block, the tags list and the side blocks come
in several plausible forms (chosen per page by the site's generator).
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from urllib.parse import quote, urljoin
from xml.sax.saxutils import escape as xml_escape

from .site import (
    EDITIONS,
    PATH_SAFE,
    ArticleRecord,
    BreakingItem,
    Edition,
    Site,
    slugify,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AR_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول")
FOOTER_PAGES = (("privacy-policy", "Privacy Policy"), ("about-us", "About Us"),
                ("contact-us", "Contact Us"), ("authors", "Authors"))
PER_PAGE = 20


def e(text) -> str:
    return escape(str(text), quote=True)


def visible_date(edition: Edition, when: datetime, with_time: bool = True) -> str:
    """'28 Jan 2022 18:57' (Arabic month names on the Arabic edition)."""
    month = (AR_MONTHS if edition.code == "ar" else MONTHS)[when.month - 1]
    text = f"{when.day} {month} {when.year}"
    return f"{text} {when:%H:%M}" if with_time else text


def rel(site: Site, edition: Edition, path: str = "") -> str:
    """A root-relative link to ``path`` of an edition (as the site's own links are)."""
    return quote(site.base_path(edition.code) + path, safe=PATH_SAFE)


# -- the chrome -------------------------------------------------------------------


def document(site: Site, edition: Edition, title: str, content: str, head: str = "",
             ticker_style: str | None = None, body_class: str = "") -> str:
    nav = chrome_nav(site, edition)
    return f"""<!DOCTYPE html>
<html lang="{edition.lang}" dir="{edition.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
{head}
<link rel="stylesheet" href="/static/site.css">
</head>
<body class="{e(body_class)}">
<div class="top-bar">
<a class="brand" href="{rel(site, edition)}">{e(edition.name)}</a>
<ul class="editions">
<li><a href="{rel(site, EDITIONS['ar'])}" hreflang="ar">Ar</a></li>
<li><a href="{rel(site, EDITIONS['es'])}" hreflang="es">Es</a></li>
<li><button type="button" class="menu-close">x</button></li>
</ul>
</div>
<header class="site-header">
<a class="logo" href="{rel(site, edition)}"><span>{e(edition.name)}</span></a>
<p class="slogan">Slogan</p>
{nav}
</header>
{ticker(site, edition, ticker_style)}
<main id="main">
{content}
</main>
{footer(site, edition)}
<script src="/static/app.js"></script>
</body>
</html>
"""


def chrome_nav(site: Site, edition: Edition) -> str:
    """The nested main menu, the flat side menu (the seed shows both) and the regions."""
    nested, flat = [], []
    for slug, label, children in edition.nav:
        subs = "".join(f'<li><a href="{rel(site, edition, f"{slug}/{sub}")}">{e(name)}</a></li>'
                       for sub, name in children)
        link = f'<a href="{rel(site, edition, slug)}">{e(label)}</a>'
        nested.append(f"<li>{link}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>")
        flat.append(f'<div class="side-group"><h4>{link}</h4>' + (f"<ul>{subs}</ul>" if subs else "") + "</div>")
    if edition.code == "en":
        nested.append('<li class="live"><a href="/live"><ul><li><span class="dot">\u2022</span> LIVE</li></ul></a></li>')
    regions = "".join(f'<li><a href="/region/{slugify(name)}">{e(name)}</a></li>' for name in edition.regions)
    return (f'<nav class="main-menu"><ul>{"".join(nested)}</ul></nav>\n'
            f'<div class="side-menu">{"".join(flat)}</div>\n'
            + (f'<ul class="regions">{regions}</ul>' if regions else ""))


def ticker(site: Site, edition: Edition, style: str | None) -> str:
    """The BREAKING block in one of three markups."""
    style = site.ticker_style or style or "label"
    items: list[BreakingItem] = site.tickers[edition.code]
    label = e(edition.breaking_label)

    def link(item: BreakingItem) -> str:
        if not item.url:
            return "#"
        return item.url[len(site.root):] if item.url.startswith(site.root) else item.url

    if style == "ticker-box":
        lis = "".join(f'<li><div class="ticker-item"><div class="ticker-text"><a href="{e(link(i))}">'
                      f"<p>{e(i.text)}</p></a></div></div></li>" for i in items)
        return f'<div id="ticker-box" class="breaking"><span class="ticker-label">{label}</span><ul>{lis}</ul></div>'
    if style == "ticker__item":
        divs = "".join(f'<div class="ticker__item"><a href="{e(link(i))}">{e(i.text)}</a></div>' if i.url
                       else f'<div class="ticker__item">{e(i.text)}</div>' for i in items)
        return (f'<section class="ticker"><h2 class="ticker__title">{label}</h2>'
                f'<div class="ticker__track">{divs}</div></section>')
    lis = "".join(f'<li><a href="{e(link(i))}">{e(i.text)}</a></li>' if i.url else f"<li>{e(i.text)}</li>"
                  for i in items)
    return f'<div class="urgent-bar"><div class="urgent-label"><strong>{label}</strong></div><ul class="marquee">{lis}</ul></div>'


def footer(site: Site, edition: Edition) -> str:
    links = "".join(f'<li><a href="/{slug}">{e(name)}</a></li>' for slug, name in FOOTER_PAGES)
    return f"""<footer class="site-footer">
<div class="footer-brand"><a href="{rel(site, edition)}">{e(edition.name)}</a>
<p>Al Mayadeen is an Arab Independent Media Satellite Channel.</p></div>
<p class="rights">All Rights Reserved</p>
<ul class="footer-links"><li><button type="button">x</button></li>{links}</ul>
<div class="apps"><a href="https://play.google.com/">Android</a> <a href="https://apps.apple.com/">iOS</a></div>
</footer>"""


# -- article pages ------------------------------------------------------------------


def article_page(site: Site, record: ArticleRecord) -> str:
    edition, story = record.edition, record.story
    head = {
        "opengraph": opengraph_head,
        "visible": lambda r: "",
    }.get(record.variant, tawsiyat_head)(record)
    body = {"opengraph": opengraph_body, "visible": visible_body}.get(record.variant, tawsiyat_body)(record)
    content = body + side_blocks(site, record)
    return document(site, edition, f"{story.title} | {edition.name}", content, head,
                    ticker_style=record.markup["ticker"], body_class=f"post {record.variant}")


def keywords(record: ArticleRecord) -> str:
    """One comma string with duplicates, as the site writes it."""
    from . import seed

    if record.story.title == seed.TITLE:
        return seed.KEYWORDS
    tags = record.story.tags
    if not tags:
        return ""
    rng = record.site.rng.__class__(record.postid)   # stable per article
    extra = [t.upper() if rng.random() < 0.5 else t for t in rng.sample(tags, min(2, len(tags)))]
    return rng.choice([",", ", "]).join(tags + extra)


def tawsiyat_json(record: ArticleRecord) -> str:
    story, site = record.story, record.site
    rng = site.rng.__class__(record.postid + "classes")
    classes = [{"key": "class1", "mapping": "posttype", "value": "News" if record.section == "news" else "Article"}]
    if record.category:
        classes.append({"key": "class2", "mapping": "category", "value": record.category})
    if rng.random() < 0.6 and story.tags:
        classes.append({"key": "class3", "mapping": "country", "value": story.tags[0]})
    if rng.random() < 0.3:
        classes.append({"key": "class4", "mapping": "coverage", "value": "Coverage"})
    if story.authors and rng.random() < 0.5:
        classes.append({"key": "class5", "mapping": "author", "value": ", ".join(story.authors)})
    data = {
        "type": record.type,
        "postid": record.postid,
        "title": story.title,
        "url": record.url,
        "keywords": keywords(record),
        "thumbnail": record.image_url or "",
        "video_duration": "00:02:31" if record.type == "videoobject" else None,
        "word_count": str(record.cms_words),
        "lang": record.edition.lang,
        "published_time": record.published.isoformat(timespec="seconds"),
        "last_updated": record.updated.isoformat(timespec="seconds"),
        "description": story.lead,
        "author": ", ".join(story.authors),
        "classes": classes,
        "html": "",
        "lite_url": "",
    }
    for key in record.omit:
        data.pop(key, None)
    text = json.dumps(data, ensure_ascii=False, indent=4).replace("</", "<\\/")
    return text.replace("\n", "\r\n")


def og_meta(record: ArticleRecord) -> list[str]:
    story = record.story
    og_type = {"videoobject": "video.other", "page": "website"}.get(record.type, "article")
    tags = [
        f'<meta name="description" content="{e(story.lead)}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:site_name" content="{e(record.edition.name)}">',
        f'<meta property="og:title" content="{e(story.title)}">',
        f'<meta property="og:description" content="{e(story.lead)}">',
        f'<meta property="og:url" content="{e(record.url)}">',
    ]
    if record.image_url:
        tags.append(f'<meta property="og:image" content="{e(record.image_url)}">')
    return tags + [f'<link rel="canonical" href="{e(record.url)}">']


def tawsiyat_head(record: ArticleRecord) -> str:
    return "\n".join(og_meta(record) + [
        f'<meta name="postid" content="{e(record.postid)}">',
        f'<script id="tawsiyat-metadata" type="text/tawsiyat">{tawsiyat_json(record)}</script>',
    ])


def opengraph_head(record: ArticleRecord) -> str:
    story = record.story
    meta = og_meta(record) + [
        f'<meta property="article:published_time" content="{record.published.isoformat(timespec="seconds")}">',
        f'<meta property="article:modified_time" content="{record.updated.isoformat(timespec="seconds")}">',
    ]
    if record.category:
        meta.append(f'<meta property="article:section" content="{e(record.category)}">')
    meta += [f'<meta property="article:tag" content="{e(tag)}">' for tag in story.tags]
    meta.append(f'<meta property="article:author" content="{e(record.site.root)}/authors">')
    authors = [{"@type": "Person" if name not in ("Al Mayadeen Net", "Al Mayadeen English") else "Organization",
                "name": name} for name in story.authors]
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": record.url},
        "headline": story.title,
        "description": story.lead,
        "datePublished": record.published.isoformat(timespec="seconds"),
        "dateModified": record.updated.isoformat(timespec="seconds"),
        "author": authors if len(authors) > 1 else authors[0],
        "publisher": {"@type": "Organization", "name": record.edition.name,
                      "logo": {"@type": "ImageObject", "url": f"{record.site.root}/static/logo.png"}},
        "image": {"@type": "ImageObject", "url": record.image_url, "caption": story.caption},
        "keywords": story.tags if int(record.postid) % 2 else ", ".join(story.tags),
        "articleSection": record.category,
        "inLanguage": record.edition.lang,
        "wordCount": record.cms_words,
    }
    return "\n".join(meta) + f'\n<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'


def byline_items(record: ArticleRecord) -> list[str]:
    """The visible lines under the headline: By, Source, date."""
    ed, story = record.edition, record.story
    items = []
    if story.authors:
        names = ", ".join(f'<a href="/authors/{slugify(a)}">{e(a)}</a>' for a in story.authors)
        items.append(f"{e(ed.by_label)} {names}")
    if story.source and record.type != "videoobject":
        items.append(f"{e(ed.source_label)}: {e(story.source)}")
    items.append(e(visible_date(ed, record.published)))
    return items


def minutes_line(record: ArticleRecord) -> str:
    return f'<div class="read-time">{record.minutes} Min Read</div>' if record.shows_minutes else ""


def image_block(record: ArticleRecord, style: str | None = None) -> str:
    if not record.image_url or record.type == "videoobject":
        return ""
    src, caption = e(record.shown_image_url), e(record.story.caption)
    if (style or record.markup["image"]) == "lightbox":
        return (f'<ul class="gallery"><li><button type="button" class="close">x</button></li>'
                f'<li><img src="{src}" alt="{caption}" title="{caption}"><p class="img-caption">{caption}</p></li></ul>')
    return f'<figure class="article-image"><img src="{src}" alt="{caption}"><figcaption>{caption}</figcaption></figure>'


def tags_block(record: ArticleRecord) -> str:
    tags, style = record.story.tags, record.markup["tags"]
    if not tags:
        return ""
    if style == "query":
        base = rel(record.site, record.edition, "news")
        links = "".join(f'<li><a href="{base}?tags={quote(t)}">{e(t)}</a></li>' for t in tags)
        return f'<ul class="etiquetas">{links}</ul>'
    if style == "tag-path":
        links = " ".join(f'<a href="/tag/{quote(slugify(t))}">{e(t)}</a>' for t in tags)
        return f'<div class="keywords">{links}</div>'
    rel_attr = ' rel="tag"' if style == "rel-tag" else ""
    links = "".join(f'<li><a href="{rel(record.site, record.edition, "tags/" + t)}"{rel_attr}>{e(t)}</a></li>'
                    for t in tags)
    return f'<div class="tags"><ul>{links}</ul></div>'


def paragraphs_html(record: ArticleRecord, noisy: bool) -> str:
    """Body paragraphs (subheadings as h3). ``noisy`` adds what a CMS leaves among them:
    an empty paragraph and a "Read also" box that is not a paragraph."""
    out = []
    for i, para in enumerate(record.story.paragraphs):
        if para in record.story.subheadings:
            out.append(f"<h3>{e(para)}</h3>")
        else:
            out.append(f"<p>{e(para)}</p>")
        if noisy and i == 1:
            out.append("<p>&nbsp;</p>")
        if noisy and i == 2 and len(record.site.records) > 1:
            other = next(r for r in record.site.records if r is not record and r.edition is record.edition)
            out.append(f'<div class="read-also"><span>Read also:</span> '
                       f'<a href="{e(other.url)}">{e(other.story.title)}</a></div>')
    return "\n".join(out)


def tawsiyat_body(record: ArticleRecord) -> str:
    lis = "".join(f"<li>{item}</li>" for item in byline_items(record))
    if record.type == "page":
        lis = ""
    player = ""
    if record.type == "videoobject":
        player = ('<div class="video-player"><iframe src="https://www.youtube.com/embed/replica" '
                  'title="video" allowfullscreen></iframe></div>')
    if record.variant == "newscast":
        content = ""                                   # no p-content at all
    elif record.type == "videoobject":
        content = '<div class="p-content"></div>'      # present but empty
    elif record.markup["body"] == "p-content":
        content = f'<div class="p-content">\n{paragraphs_html(record, noisy=True)}\n</div>'
    else:
        content = f'<div class="article-content">\n{paragraphs_html(record, noisy=False)}\n</div>'
    return f"""<article class="news-details">
{player}
<h1 class="news-title">{e(record.story.title)}</h1>
{f'<ul class="news-info">{lis}</ul>' if lis else ''}
{minutes_line(record)}
<p class="lg_para summary">{e(record.story.lead)}</p>
{image_block(record)}
{content}
{tags_block(record)}
</article>"""


def opengraph_body(record: ArticleRecord) -> str:
    lines = "".join(f'<p class="byline-line">{item}</p>' for item in byline_items(record))
    return f"""<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<header class="story-header">
<h1 itemprop="headline">{e(record.story.title)}</h1>
<div class="story-meta">{lines}</div>
{minutes_line(record)}
</header>
<div class="article-body" itemprop="articleBody">
<p class="intro">{e(record.story.lead)}</p>
{image_block(record, "figure")}
{paragraphs_html(record, noisy=False)}
</div>
{tags_block(record)}
</article>"""


def visible_body(record: ArticleRecord) -> str:
    lis = "".join(f"<li>{item}</li>" for item in byline_items(record))
    return f"""<div class="post-wrapper">
<h1>{e(record.story.title)}</h1>
<ul class="info">{lis}</ul>
{minutes_line(record)}
<div class="content">
<p class="summary">{e(record.story.lead)}</p>
{image_block(record, "figure")}
{paragraphs_html(record, noisy=False)}
</div>
{tags_block(record)}
</div>"""


def side_blocks(site: Site, record: ArticleRecord) -> str:
    """Most Read, Coverage and Read Next: links to other articles of the edition."""
    others = [r for r in site.edition_records(record.edition.code) if r is not record and r.is_news]
    if not others:
        return ""
    start = int(record.postid or 0) % len(others)
    picks = (others[start:] + others[:start])[:8]
    most = "".join(card(site, r, record.markup["most_read"]) for r in picks[:4])
    nxt = "".join(f'<div class="next-card"><a href="{e(rel(site, r.edition, r.path))}"><img src="{e(r.image_url or "")}" '
                  f'alt="{e(r.story.title)}"></a><span class="cat">{e(r.category or r.edition.label(r.section))}</span>'
                  f'<h3><a href="{e(rel(site, r.edition, r.path))}">{e(r.story.title)}</a></h3></div>'
                  for r in picks[4:])
    return f"""<aside class="most-read"><h2>Most Read</h2>{most}</aside>
<div class="coverage"><h2>Coverage</h2><ul class="tabs"><li>All</li><li>In Five</li></ul></div>
<section class="read-next"><h2>Read Next</h2><ul class="tabs"><li>All</li></ul>{nxt}</section>"""


def card(site: Site, r: ArticleRecord, style: str = "plain") -> str:
    href = e(rel(site, r.edition, r.path))
    cat = r.category or r.edition.label(r.section) or ""
    meta = (f'<ul class="card-meta"><li><a href="{e(rel(site, r.edition, r.section))}">{e(cat)}</a></li>'
            f"<li>{e(visible_date(r.edition, r.published, with_time=False))}</li></ul>")
    if style == "figure":
        return (f'<div class="card"><figure><a href="{href}"><img src="{e(r.image_url or "")}" alt="{e(r.story.title)}">'
                f'</a><figcaption><a href="{href}">{e(r.story.title)}</a></figcaption></figure>{meta}</div>')
    return (f'<div class="card"><a href="{href}"><img src="{e(r.image_url or "")}" alt="{e(r.story.title)}"></a>'
            f'<h3><a href="{href}">{e(r.story.title)}</a></h3>{meta}</div>')


# -- listings ---------------------------------------------------------------------


def listing_page(site: Site, edition: Edition, heading: str, records: list[ArticleRecord], page: int,
                 page_path: str, ticker_style: str | None = None) -> str | None:
    """A landing page: a heading and article cards, PER_PAGE at a time (None past the end)."""
    total_pages = max(1, -(-len(records) // PER_PAGE))
    if page < 1 or page > total_pages:
        return None
    chunk = records[(page - 1) * PER_PAGE: page * PER_PAGE]
    cards = "\n".join(card(site, r) for r in chunk) or '<p class="empty">No articles yet.</p>'
    pager = ""
    if page < total_pages:
        pager += f'<a class="next" rel="next" href="{e(page_path)}?page={page + 1}">Next</a>'
    if page > 1:
        pager = f'<a class="prev" rel="prev" href="{e(page_path)}?page={page - 1}">Previous</a>' + pager
    content = f'<section class="listing"><h1>{e(heading)}</h1>\n{cards}\n<nav class="pager">{pager}</nav></section>'
    return document(site, edition, f"{heading} | {edition.name}", content, ticker_style=ticker_style,
                    body_class="listing")


def static_page(site: Site, title: str, text: str) -> str:
    return document(site, EDITIONS["en"], f"{title} | Al Mayadeen English",
                    f'<div class="static"><h1>{e(title)}</h1><p>{e(text)}</p></div>')


def not_found_page(site: Site) -> str:
    return document(site, EDITIONS["en"], "Page not found | Al Mayadeen English",
                    '<div class="error"><h1>Page not found</h1><p>The page you asked for does not exist.</p></div>')


FIREWALL_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head><title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8"><meta name="robots" content="noindex, nofollow"></head>
<body><div id="cf-wrapper"><div class="cf-alert cf-alert-error cf-cookie-error" id="cookie-alert">
Please enable cookies.</div><div id="cf-error-details" class="cf-error-details-wrapper">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> almayadeen.net</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
<p>Cloudflare Ray ID: <strong class="font-semibold">{ray}</strong></p>
</div></div></body></html>
"""


# -- discovery ----------------------------------------------------------------------


def robots_txt(site: Site) -> str:
    sitemaps = "\n".join(f"Sitemap: {site.bases[code]}sitemaps/all.xml" for code in EDITIONS)
    return f"""# Replica of the Al Mayadeen sites
User-agent: GPTBot
Disallow: /

User-agent: *
Disallow: /news/embargoed/
Disallow: /search
Disallow: /ar/search
Allow: /

{sitemaps}
"""


def sitemap_index(site: Site, edition: Edition) -> str:
    entries = []
    for (year, month), records in site.months(edition.code).items():
        lastmod = max(r.updated for r in records).isoformat(timespec="seconds")
        loc = f"{site.bases[edition.code]}sitemaps/all/sitemap-{year}-{month}.xml"
        entries.append(f"<sitemap><loc>{xml_escape(loc)}</loc><lastmod>{lastmod}</lastmod></sitemap>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries) + "\n</sitemapindex>\n")


def monthly_sitemap(site: Site, edition: Edition, records: list[ArticleRecord]) -> str:
    with_lastmod = edition.code != "ar"   # whether <lastmod> exists is unknown: vary it
    rows = []
    for r in records:
        lastmod = f"<lastmod>{r.updated.isoformat(timespec='seconds')}</lastmod>" if with_lastmod else ""
        rows.append(f"<url><loc>{xml_escape(r.url)}</loc>{lastmod}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n")


def absolute(site: Site, href: str) -> str:
    return urljoin(site.root + "/", href)
