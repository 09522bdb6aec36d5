"""The replica serves what it claims: chrome order, variants, discovery,
conditional GETs, the ticker, and each fault, over real HTTP."""

from __future__ import annotations

import gzip
import json
import re
import time
from urllib.parse import unquote, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest
import requests
from lxml.cssselect import CSSSelector
from replica import TICKER_STYLES, Replica, Site
from replica import seed as seed_page
from replica.site import slugify


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)


def visible_lines(html: str) -> list[str]:
    from newscli.extract.page import Page

    return Page(html).lines


def select(html: str, selector: str) -> list:
    return CSSSelector(selector)(lxml.html.fromstring(html))


def _index_of(lines: list[str], text: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i] == text:
            return i
    raise AssertionError(f"{text!r} not found after line {start}: {lines[start:start + 40]}")


@pytest.mark.parametrize("style", TICKER_STYLES)
def test_article_page_shows_the_chrome_in_the_seed_order(replica, style):
    replica.ticker_style = style
    record = replica.site.seed_record
    page = get(record.url)
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    lines = visible_lines(page.text)
    order = ["Al Mayadeen English", "Ar", "Es", "x", "Slogan", "News", "Politics", "Environment",
             "Articles", "Opinion", "Videos", "NewsFeed", "Digital Series", "Infographs", "In Pictures",
             "\u2022 LIVE", "Africa", "US & Canada", "BREAKING", seed_page.BREAKING[0], seed_page.BREAKING[-1],
             seed_page.TITLE, "By Al Mayadeen Net", "Source: Agencies", "28 Jan 2022 18:57", "3 Min Read",
             seed_page.LEAD, seed_page.CAPTION, seed_page.PARAGRAPHS[0], "Ball in Putin's court: West",
             seed_page.PARAGRAPHS[-1], *seed_page.TAGS, "Most Read", "Coverage", "All", "In Five",
             "Read Next", "Al Mayadeen is an Arab Independent Media Satellite Channel.",
             "All Rights Reserved", "Privacy Policy", "About Us", "Contact Us", "Authors"]
    at = 0
    for text in order:
        at = _index_of(lines, text, at)
    assert "Android iOS" in lines[-1]


def test_ticker_markups(replica):
    home = replica.base_url
    texts = [item.text for item in replica.ticker]
    assert texts == seed_page.BREAKING
    replica.ticker_style = "ticker-box"
    html = get(home).text
    assert [el.text_content() for el in select(html, "#ticker-box ul li .ticker-item .ticker-text a p")] == texts
    hrefs = [a.get("href") for a in select(html, "#ticker-box ul li .ticker-item .ticker-text a")]
    linked = [i for i, item in enumerate(replica.ticker) if item.url]
    assert linked and all(hrefs[i].startswith("/") and replica.url(hrefs[i]) == replica.ticker[i].url for i in linked)
    replica.ticker_style = "ticker__item"
    html = get(home).text
    assert [el.text_content() for el in select(html, ".ticker__item")] == texts
    replica.ticker_style = "label"
    html = get(home).text
    assert not select(html, "#ticker-box") and not select(html, ".ticker__item")
    lines = visible_lines(html)
    start = lines.index("BREAKING")
    assert lines[start + 1: start + 11] == texts


def test_default_ticker_markup_varies_between_pages(replica):
    styles = set()
    for record in replica.wanted("en"):
        html = record.html
        styles.add("ticker-box" if 'id="ticker-box"' in html else
                   "ticker__item" if "ticker__item" in html else "label")
    assert styles == set(TICKER_STYLES)


def test_push_breaking_advances_the_ticker_on_every_page(replica):
    home = get(replica.base_url)
    validators = {"If-None-Match": home.headers["etag"]}
    assert get(replica.base_url, headers=validators).status_code == 304
    before = [i.text for i in replica.ticker]
    item = replica.push_breaking("Sanaa: a new breaking line", url=replica.site.seed_record.url)
    after = [i.text for i in replica.ticker]
    assert after == [item.text] + before[:9]
    for url in (replica.base_url, replica.articles[3].url, replica.url("/news/politics")):
        lines = visible_lines(get(url).text)
        assert "Sanaa: a new breaking line" in lines and before[-1] not in lines
    assert get(replica.base_url, headers=validators).status_code == 200
    assert get(replica.base_url, headers={"If-Modified-Since": home.headers["last-modified"]}).status_code == 200
    generated = replica.push_breaking()
    assert generated.text not in before and replica.ticker[0] is generated
    assert replica.push_breaking(edition="ar").text == replica.tickers("ar")[0].text


def test_sitemaps_list_every_page_once_by_month(replica):
    index = get(replica.url("/sitemaps/all.xml"))
    assert index.status_code == 200 and "<sitemapindex" in index.text
    monthly = re.findall(r"<loc>([^<]+)</loc>", index.text)
    assert all(re.search(r"/sitemaps/all/sitemap-\d{4}-[1-9]\d?\.xml$", loc) for loc in monthly)
    assert replica.url("/sitemaps/all/sitemap-2022-1.xml") in monthly      # the seed's month
    listed = []
    for loc in monthly:
        body = get(loc).text
        assert "<urlset" in body
        listed += [unquote(u) for u in re.findall(r"<loc>([^<]+)</loc>", body)]
    english = {unquote(r.url) for r in replica.articles if r.edition_code == "en"}
    assert sorted(listed) == sorted(english)
    assert get(replica.url("/sitemaps/all/sitemap-2024-07.xml")).status_code == 404
    arabic = get(replica.base_urls["ar"] + "sitemaps/all.xml").text
    first = get(re.findall(r"<loc>([^<]+)</loc>", arabic)[0]).text
    assert "%D8" in first and "<lastmod>" not in first      # Arabic slugs percent-encoded; no lastmod


def test_conditional_get_and_new_articles(replica):
    index_url = replica.url("/sitemaps/all.xml")
    first = get(index_url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert get(index_url, headers={"If-None-Match": etag}).status_code == 304
    assert get(index_url, headers={"If-Modified-Since": modified}).status_code == 304
    assert get(index_url, headers={"If-None-Match": '"other"'}).status_code == 200
    newest = re.findall(r"<loc>([^<]+)</loc>", first.text)[0]
    newest_body = get(newest).text
    record = replica.add_article(subsection="economy")
    again = get(index_url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert get(index_url, headers={"If-Modified-Since": modified}).status_code == 200
    assert record.url in get(newest).text and record.url not in newest_body
    assert record.wire_path in get(replica.url("/news/economy")).text
    assert record in replica.wanted("en") and replica.wanted("en")[0] is record
    assert get(record.url).status_code == 200


def test_robots_txt_disallows_some_listed_articles(replica):
    robots = get(replica.url("/robots.txt"))
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    parser = RobotFileParser()
    parser.parse(robots.text.splitlines())
    disallowed = [r for r in replica.articles if r.disallowed]
    assert len(disallowed) >= 2
    assert all(not parser.can_fetch("news", r.url) for r in disallowed)
    assert all(parser.can_fetch("news", r.url) for r in replica.wanted("en"))
    assert not parser.can_fetch("GPTBot", replica.base_url)
    listed = get(replica.url("/sitemaps/all/sitemap-2024-7.xml")).text + get(replica.base_url).text
    assert any(r.url in listed or r.wire_path in listed for r in disallowed)
    assert "Sitemap: " + replica.url("/sitemaps/all.xml") in robots.text


def test_section_pages_list_their_articles_and_paginate(replica):
    politics = [r for r in replica.wanted("en") if r.subsection == "politics"]
    html = get(replica.url("/news/politics")).text
    links = {a.get("href") for a in select(html, "main a")}
    assert {r.wire_path for r in politics} <= links
    no_sub = next(r for r in replica.articles if r.section == "articles" and r.subsection is None and r.is_news)
    assert no_sub.wire_path.count("/") == 2 and get(no_sub.url).status_code == 200
    assert "<h1>Opinion</h1>" in get(replica.url("/articles/opinion")).text
    with Replica(articles=60) as big:
        first = get(big.url("/news")).text
        assert 'rel="next"' in first and get(big.url("/news?page=2")).status_code == 200
        assert get(big.url("/news?page=99")).status_code == 404


def test_slugs_follow_the_site_rules():
    assert slugify(seed_page.TITLE) == "west-ignored-russia-main-security-concerns---putin-to-macron"
    assert slugify("Why the Israelis are so afraid of a liberated Yemen") == \
        "why-the-israelis-are-so-afraid-of-a-liberated-yemen"
    assert len(slugify("x" * 80)) == 60
    assert slugify("Food security: for all", keep_colon=True) == "food-security:-for-all"
    site = Site()
    twins = [r for r in site.records if "Arab League ministers" in r.story.title]
    assert len(twins) == 2 and twins[0].path.split("/")[-1] == twins[1].path.split("/")[-1]
    assert twins[0].url != twins[1].url
    assert any(":" in r.path for r in site.records)
    for record in site.records:
        if record.variant != "newscast":
            assert len(record.path.split("/")[-1]) <= 60


def test_tawsiyat_metadata_has_the_verified_shape(replica):
    for record in [r for r in replica.articles if r.variant.startswith("tawsiyat")]:
        html = get(record.url).text
        raw = re.search(r'<script id="tawsiyat-metadata" type="text/tawsiyat">(.*?)</script>', html, re.S).group(1)
        assert "\r\n" in raw and "\n" not in raw.replace("\r\n", "")
        data = json.loads(raw)
        for key, value in data.items():
            assert value is None or isinstance(value, (str, list)), key
        assert f'name="postid" content="{record.postid}"' in html
        if "keywords" in data:
            parts = [p.strip() for p in data["keywords"].split(",")]
            assert len(parts) > len({p.lower() for p in parts})   # duplicates, as on the site
        if "published_time" in data:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["published_time"])
        if "url" in data:
            assert data["url"] == record.url and data["url"].startswith(replica.base_urls[record.edition_code])
        mappings = {c["mapping"] for c in data.get("classes", [])}
        assert mappings <= {"posttype", "category", "country", "coverage", "author"}
        assert 'class="lg_para summary"' in html
        assert ('<div class="p-content">' in html) == (record.markup["body"] == "p-content")
    partial = [r for r in replica.articles if r.variant == "tawsiyat-partial"]
    assert partial and all(r.omit for r in partial)


def test_other_variants_carry_only_what_they_claim(replica):
    by_variant = {}
    for record in replica.articles:
        by_variant.setdefault(record.variant, record)
    og = get(by_variant["opengraph"].url).text
    assert "tawsiyat" not in og and 'property="article:published_time"' in og and '"NewsArticle"' in og
    assert "p-content" not in og and "lg_para" not in og
    visible = get(by_variant["visible"].url).text
    assert "<meta property" not in visible and "ld+json" not in visible and "tawsiyat" not in visible
    assert 'rel="canonical"' not in visible
    video = get(by_variant["video"].url).text
    assert '"type": "videoobject"' in video and '<div class="p-content"></div>' in video
    assert by_variant["video"].expected["text"] == by_variant["video"].story.lead
    page = by_variant["page"]
    assert '"type": "page"' in get(page.url).text and page.expected["type"] == "page" and not page.is_news
    newscast = by_variant["newscast"]
    assert re.search(r"^/ar/newscast/2024/5/30/(%D[89A-F]%[89AB][0-9A-F])+-", newscast.wire_path) and "p-content" not in get(newscast.url).text
    spanish = [r for r in replica.articles if r.edition_code == "es"]
    assert spanish and all("/es/news?tags=" in get(r.url).text for r in spanish)
    tagged = get(replica.base_urls["es"] + "news", params={"tags": spanish[0].story.tags[0]}).text
    assert spanish[0].wire_path in tagged
    assert all(r.published.year == 2017 for r in spanish)


def test_arabic_pages_are_percent_encoded_on_the_wire(replica):
    record = next(r for r in replica.articles if r.edition_code == "ar" and r.variant == "tawsiyat")
    assert record.wire_path.startswith("/ar/news/") and "%D8" in record.wire_path
    page = get(record.url)
    assert page.status_code == 200 and 'lang="ar" dir="rtl"' in page.text
    assert replica.requests[-1].path == record.wire_path
    assert unquote(record.wire_path).endswith(record.path)
    assert get(replica.base_urls["ar"]).status_code == 200
    lines = visible_lines(get(replica.base_urls["ar"]).text)
    assert "عاجل" in lines


def test_expected_fields_are_consistent(replica):
    for record in replica.articles:
        expected = record.expected
        assert expected["url"] == record.url
        assert expected["text"].split("\n\n")[0] == expected["summary"] == record.story.lead
        assert expected["lang"] == {"en": "en", "ar": "ar", "es": "es"}[record.edition_code]
        assert expected["type"] in ("article", "video", "page")
        assert expected["section"], record.path
        if record.variant == "visible":
            assert expected["postid"] is None and expected["updated"] is None
        assert expected["reading_minutes"] >= 1
    assert replica.site.seed_record.expected["published"] == "2022-01-28T18:57:00+02:00"
    assert replica.site.seed_record.expected["tags"] == seed_page.TAGS


def test_same_seed_same_site_other_seed_other_site():
    a, b, c = Site(seed_value=1), Site(seed_value=1), Site(seed_value=2)
    assert [r.url for r in a.records] == [r.url for r in b.records]
    assert a.records[5].html == b.records[5].html
    assert [r.url for r in a.records] != [r.url for r in c.records]


def test_site_can_render_for_the_real_hosts():
    bases = {"en": "https://english.almayadeen.net/", "ar": "https://www.almayadeen.net/",
             "es": "https://espanol.almayadeen.net/"}
    site = Site(bases=bases)
    arabic = next(r for r in site.records if r.edition_code == "ar")
    assert arabic.url.startswith("https://www.almayadeen.net/news/")
    assert site.seed_record.url == ("https://english.almayadeen.net/news/politics/"
                                    "west-ignored-russia-main-security-concerns---putin-to-macron")
    assert 'href="/news/politics"' in arabic.html


# -- faults ------------------------------------------------------------------------


def test_error_then_success_and_retry_after(replica):
    url = replica.articles[1].url
    fault = replica.set_fault(url, "error", times=2, status=503)
    assert [get(url).status_code for _ in range(3)] == [503, 503, 200]
    assert fault.hits == 2 and not fault.active
    replica.set_fault(url, "rate_limit", retry_after=3)
    limited = get(url)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "3"
    assert get(url).status_code == 200
    replica.set_fault(url, "rate_limit", http_date=True, retry_after=5)
    assert get(url).headers["retry-after"].endswith(" GMT")


def test_not_found_and_firewall(replica):
    url = replica.articles[2].url
    replica.set_fault(url, "not_found")
    assert get(url).status_code == 404 and get(url).status_code == 404
    replica.set_fault(url, "firewall")
    blocked = get(url)
    assert blocked.status_code == 403 and blocked.headers["server"] == "cloudflare"
    assert blocked.headers["cf-ray"] and "Sorry, you have been blocked" in blocked.text
    replica.clear_faults()
    assert get(url).status_code == 200
    assert get(replica.url("/rss")).status_code == 403


def test_slow_and_drip(replica):
    url = replica.articles[1].url
    replica.set_fault(url, "slow", delay=1.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(url, timeout=(5, 0.3))
    replica.set_fault(url, "drip", chunk=4096, interval=0.01)
    dripped = get(url, headers={"Accept-Encoding": "identity"})
    assert dripped.status_code == 200 and dripped.text == replica.articles[1].html


def test_truncated_body(replica):
    url = replica.articles[1].url
    replica.set_fault(url, "truncate", keep=1000)
    with pytest.raises(requests.exceptions.RequestException):
        _ = get(url).content
    assert get(replica.base_url).status_code == 200      # the server is still fine


def test_wrong_and_missing_charset(replica):
    record = next(r for r in replica.articles if "\u2019" in r.html or "\u201c" in r.html)
    replica.set_fault(record.url, "charset", encoding="cp1252", declared="utf-8")
    wrong = get(record.url)
    assert wrong.headers["content-type"] == "text/html; charset=utf-8"
    assert wrong.content.decode("cp1252") == record.html
    with pytest.raises(UnicodeDecodeError):
        wrong.content.decode("utf-8")
    replica.set_fault(record.url, "charset", encoding="utf-8", declared=None, meta=None)
    missing = get(record.url)
    assert missing.headers["content-type"] == "text/html" and b"charset" not in missing.content[:400]
    assert missing.content.decode("utf-8") == record.html.replace('<meta charset="utf-8">', "", 1)


def test_huge_pages(replica):
    url = replica.articles[1].url
    replica.set_fault(url, "huge")
    huge = get(url)
    assert int(huge.headers["content-length"]) > 10 * 1024 * 1024 and len(huge.content) > 10 * 1024 * 1024
    replica.set_fault(url, "huge", gzip=True, content_length=False)
    raw = requests.get(url, timeout=10, stream=True)
    assert raw.headers["content-encoding"] == "gzip" and "content-length" not in raw.headers
    packed = b"".join(raw.raw.stream(65536, decode_content=False))
    assert len(packed) < 1024 * 1024 and len(gzip.decompress(packed)) > 10 * 1024 * 1024


def test_requests_are_logged_with_headers(replica):
    record = replica.articles[4]
    get(record.url, headers={"User-Agent": "probe/1"})
    requests.head(record.url, timeout=10)
    logged = replica.requests_for(record.url)
    assert [r.method for r in logged] == ["GET", "HEAD"]
    assert logged[0].headers["user-agent"] == "probe/1" and logged[0].status == 200
    assert logged[0].path == record.wire_path and urlsplit(record.url).path == record.wire_path


def test_concurrent_requests_are_counted(replica):
    from concurrent.futures import ThreadPoolExecutor

    url = replica.articles[1].url
    replica.set_fault(url, "slow", delay=0.3)
    with ThreadPoolExecutor(3) as pool:
        assert [r.status_code for r in pool.map(lambda _: get(url), range(3))] == [200] * 3
    assert replica.max_in_flight == 3
    deadline = time.monotonic() + 5    # the handlers finish just after their answers arrive
    while replica.in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    assert replica.in_flight == 0


def test_edit_article_moves_its_lastmod_and_changes_its_fields(replica):
    record = replica.wanted("en")[3]
    month = f"/sitemaps/all/sitemap-{record.published.year}-{record.published.month}.xml"
    page_before, sitemap_before = get(record.url), get(replica.url(month))
    old_text = record.expected["text"]
    replica.edit_article(record, "A correction was added to this article.")
    assert record.expected["text"] == old_text + "\n\nA correction was added to this article."
    assert record.updated == replica.site.clock
    page = get(record.url, headers={"If-Modified-Since": page_before.headers["last-modified"]})
    assert page.status_code == 200 and "A correction was added to this article." in page.text
    sitemap = get(replica.url(month), headers={"If-None-Match": sitemap_before.headers["etag"]})
    assert sitemap.status_code == 200
    assert record.updated.isoformat(timespec="seconds") in sitemap.text
