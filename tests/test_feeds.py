"""Feeds and site names, read directly (no server): hostile input, dates, links."""

from __future__ import annotations

import time

import pytest
from web.sites import ENTITY_BOMB

from newscli.errors import UsageError
from newscli.sites.followed import format_duration, name_for_host, parse_duration
from newscli.sync.feeds import parse_feed, parse_news_sitemap


def test_hostile_items_clean_titles_refuse_links_and_drop_bad_dates():
    feed = parse_feed(
        b'<rss version="2.0"><channel><title>T &lt;b&gt;x&lt;/b&gt;</title>'
        b"<item><title>Red \x1b[31malert\x1b[0m &lt;b&gt;bold&lt;/b&gt;</title><link>javascript:alert(1)</link>"
        b"<pubDate>not a date</pubDate></item>"
        b"<item><title>File</title><link>file:///etc/passwd</link></item>"
        b"<item><title>Fine</title><link>/news/fine-story-123?utm_source=x&amp;id=2</link>"
        b"<pubDate>Mon, 99 Foo 2024</pubDate><guid>g-1</guid></item></channel></rss>",
        "http://example.org/rss")
    assert feed.title == "T x"
    red, file_, fine = feed.items
    assert red.title == "Red alert bold"
    assert "\x1b" not in red.title and "<b>" not in red.title
    assert red.link is None and file_.link is None and red.published is None
    assert len(feed.refused) == 2 and feed.refused[0] == "javascript:alert(1)" and feed.refused[1].startswith("file:")
    assert fine.link == "http://example.org/news/fine-story-123?id=2" and fine.guid == "g-1"
    assert fine.published is None


def test_an_entity_bomb_is_defused_quickly():
    started = time.monotonic()
    feed = parse_feed(ENTITY_BOMB, "http://example.org/bomb.xml")
    assert time.monotonic() - started < 2
    assert feed is not None and "DOCTYPE" in feed.problem
    assert len(feed.title) < 100


def test_an_external_entity_is_not_read():
    feed = parse_feed(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                      b'<rss version="2.0"><channel><title>&x;</title></channel></rss>', "http://e.org/")
    assert "root:" not in feed.title


def test_json_feed_and_html_are_told_apart():
    assert parse_feed(b"<html><body><a href='/feed'>feed</a></body></html>", "http://e.org/") is None
    feed = parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", '
                      b'"url": "data:text/html,x", "title": "<i>T</i>", "date_published": "bad"}]}', "http://e.org/")
    assert feed.format == "json" and feed.items[0].link is None and feed.items[0].title == "T"


def test_news_sitemap_fields():
    feed = parse_news_sitemap(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://e.org/a-story-1</loc>'
        b"<news:news><news:publication_date>2024-05-01T10:00:00Z</news:publication_date>"
        b"<news:title>A &amp; B</news:title><news:keywords>x, y</news:keywords></news:news></url></urlset>",
        "http://e.org/sitemap.xml")
    [item] = feed.items
    assert feed.format == "news-sitemap" and item.title == "A & B" and item.tags == ["x", "y"]
    assert item.published == "2024-05-01T10:00:00+00:00"


@pytest.mark.parametrize("host, name", [("www.example.com", "example"), ("feeds.bbc.co.uk", "bbc"),
                                        ("127.0.0.5", "127-0-0-5"), ("news.ycombinator.com", "ycombinator"),
                                        ("example", "example")])
def test_names_from_hosts(host, name):
    assert name_for_host(host) == name


def test_durations():
    assert parse_duration("90m") == 5400 and parse_duration("1h") == 3600 and parse_duration("2d") == 172800
    assert format_duration(5400) == "90m" and format_duration(3600) == "1h"
    with pytest.raises(UsageError, match="not a duration"):
        parse_duration("soon")
