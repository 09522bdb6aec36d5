"""Generic metadata: each source kind and each normalisation on a page written for it.

JSON-LD (plain, @graph, typed by URL, author objects and lists, entities),
OpenGraph and article:* meta, itemprop meta, <time>, printed dates and the
visible "By ..." line; titles without the site's name; dates without a zone.
"""

from __future__ import annotations

import json

import pytest

from newscli.extract import extract
from newscli.extract.metadata import author_names, normalise_date, people_first
from newscli.extract.page import Page, strip_site_suffix

URL = "https://www.valleyherald.example/news/2024/05/ferry-returns"
STORY = "".join(f"<p>{s}</p>" for s in [
    "The first passenger ferry in four decades crossed the estuary on Saturday morning, carrying sixty "
    "people from the old quay to the new pontoon on the far shore in eleven minutes.",
    "The service, run by a cooperative of local boat owners, will sail every half hour in summer and "
    "every hour in winter, with a reduced timetable on Sundays and public holidays.",
    "Residents had campaigned for the crossing since the road bridge was closed for repairs, which "
    "turned a short trip to the market town into a drive of more than forty minutes each way.",
])


def page(head: str = "", top: str = "", title: str = "Ferry returns", h1: str = "Ferry returns") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body><article><h1>{h1}</h1>{top}"
            f"<div class='article-body'>{STORY}</div></article></body></html>")


def ld(*objects) -> str:
    data = objects[0] if len(objects) == 1 else list(objects)
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta(**attrs) -> str:
    return "<meta " + " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items()) + ">"


def article(html: str, url: str = URL):
    return extract(html, url)


# -- JSON-LD ------------------------------------------------------------------

def test_json_ld_article_gives_headline_authors_and_dates():
    a = article(page(head=ld({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry service returns",
        "datePublished": "2024-05-04T09:00:00+01:00", "dateModified": "2024-05-04T11:30:00+01:00",
        "author": [{"@type": "Person", "name": "Ana Price"}, {"@type": "Person", "name": "Tom Reed"}],
        "articleSection": "Transport", "keywords": "ferries, estuary"})))
    assert a.title == "Ferry service returns"
    assert a.authors == ["Ana Price", "Tom Reed"]
    assert a.published == "2024-05-04T09:00:00+01:00"
    assert a.updated == "2024-05-04T11:30:00+01:00"
    assert a.section == "Transport"
    assert a.tags == ["ferries", "estuary"]


def test_json_ld_graph_finds_the_article_among_other_objects():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Valley Herald", "url": "https://www.valleyherald.example/"},
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": ["Article", "NewsArticle"], "headline": "Ferry service returns",
         "datePublished": "2024-05-04T09:00:00Z", "author": {"@type": "Person", "name": "Ana Price"}},
    ]}
    a = article(page(head=ld(graph)))
    assert (a.title, a.authors, a.published) == ("Ferry service returns", ["Ana Price"], "2024-05-04T09:00:00+00:00")


def test_json_ld_type_written_as_a_url_is_understood():
    a = article(page(head=ld({"@type": "http://schema.org/NewsArticle", "headline": "Ferry service returns"})))
    assert a.title == "Ferry service returns"


def test_json_ld_html_entities_are_decoded():
    a = article(page(head=ld({"@type": "NewsArticle", "headline": "&#8216;A lifeline&#8217; &#8211; the ferry"})))
    assert a.title == "\u2018A lifeline\u2019 \u2013 the ferry"


def test_json_ld_organisation_author_is_dropped_beside_a_person():
    a = article(page(head=ld({"@type": "NewsArticle", "headline": "Ferry", "publisher": {"name": "Valley Herald"},
                              "author": [{"@type": "Person", "name": "Ana Price"},
                                         {"@type": "Organization", "name": "Valley Herald"}]})))
    assert a.authors == ["Ana Price"]


def test_json_ld_agency_as_the_only_author_is_kept():
    a = article(page(head=ld({"@type": "NewsArticle", "headline": "Ferry", "author": {"name": "Wire Service"}})))
    assert a.authors == ["Wire Service"]


def test_json_ld_author_as_a_byline_string():
    a = article(page(head=ld({"@type": "NewsArticle", "headline": "Ferry", "author": "By Ana Price and Tom Reed"})))
    assert a.authors == ["Ana Price", "Tom Reed"]


def test_json_ld_placeholder_date_falls_through_to_meta():
    a = article(page(head=ld({"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"})
                     + meta(property="article:published_time", content="2024-05-04T09:00:00Z")))
    assert a.published == "2024-05-04T09:00:00+00:00"


# -- meta -----------------------------------------------------------------------

def test_open_graph_and_article_meta():
    head = (meta(property="og:title", content="Ferry service returns | Valley Herald")
            + meta(property="og:site_name", content="Valley Herald")
            + meta(property="article:published_time", content="2024-05-04T09:00:00+01:00")
            + meta(property="article:modified_time", content="2024-05-05T08:00:00+01:00")
            + meta(property="article:section", content="Transport")
            + meta(property="article:tag", content="Ferries") + meta(property="article:tag", content="Estuary")
            + meta(name="author", content="Ana Price"))
    a = article(page(head=head, h1="Ferry service returns"))
    assert a.title == "Ferry service returns"
    assert (a.published, a.updated) == ("2024-05-04T09:00:00+01:00", "2024-05-05T08:00:00+01:00")
    assert (a.section, a.tags, a.authors) == ("Transport", ["Ferries", "Estuary"], ["Ana Price"])


def test_a_meta_tag_is_found_by_each_name_it_declares():
    head = meta(property="article:published", itemprop="datePublished dateCreated",
                content="2024-05-04T09:00:00.000Z")
    p = Page(page(head=head), URL)
    assert p.values("meta:article:published") == p.values("meta:datecreated") == ["2024-05-04T09:00:00.000Z"]
    assert article(page(head=head)).published == "2024-05-04T09:00:00+00:00"


def test_time_element_gives_the_date():
    a = article(page(top='<p>By Ana Price</p><time datetime="2024-05-04T09:00:00+01:00">4 May</time>'))
    assert a.published == "2024-05-04T09:00:00+01:00"


def test_printed_date_with_label_and_us_zone_name():
    a = article(page(top='<div class="publish-date">Published 11:11 PM EST Nov 19, 2019</div>'))
    assert a.published == "2019-11-19T23:11:00-05:00"


@pytest.mark.parametrize("printed, iso", [
    ("Updated: July 4, 2019 10:00 PDT", "2019-07-04T10:00:00-07:00"),
    ("Posted on 4 May 2024 09:00 BST", "2024-05-04T09:00:00+01:00"),
    ("2024-05-04 09:00", "2024-05-04T09:00:00+00:00"),  # no zone: UTC unless a recipe says
    ("1:39 am ET, Wednesday, November 20, 2019", "2019-11-20T01:39:00-05:00"),
])
def test_normalise_date(printed, iso):
    assert normalise_date(printed) == iso


def test_a_date_without_zone_takes_the_recipes_zone():
    assert normalise_date("2024-05-04 09:00", "Asia/Beirut") == "2024-05-04T09:00:00+03:00"


# -- visible bylines ----------------------------------------------------------------

def test_visible_by_line():
    assert article(page(top="<p>By Ana Price and Tom Reed</p>")).authors == ["Ana Price", "Tom Reed"]


def test_byline_label_and_name_in_separate_elements():
    box = "<div class='author-box'><span class='label'>Written by</span><p>Edzel Tabing</p></div>"
    assert article(page(top=box)).authors == ["Edzel Tabing"]


def test_a_by_link_in_the_menu_above_the_headline_is_not_a_byline():
    html = page().replace("<body>", "<body><nav><ul><li><a href='/c'>By Category</a></li></ul></nav>")
    assert article(html).authors == []


def test_only_the_first_byline_after_the_headline_counts():
    comments = "<section class='comments'><p>by Tom Reed</p><p>by Lee Hart</p></section>"
    assert article(page(top="<p>by Ana Price</p>") + comments).authors == ["Ana Price"]


def test_byline_block_author_element():
    top = '<div class="byline-section"><span class="author"> Ana Price </span><span>Valley Herald</span></div>'
    assert article(page(top=top)).authors == ["Ana Price"]


@pytest.mark.parametrize("byline, names", [
    ("By TOM REED, Staff Writer", ["Tom Reed"]),
    ("Ana Price | Valley Herald Media", ["Ana Price"]),
    ("Text: Ana Price", ["Ana Price"]),
    ("Ana Price published on 4 May 2024", ["Ana Price"]),
    ("Jean de la Fontaine", ["Jean de la Fontaine"]),
    ("Ana Price, MS, RD", ["Ana Price"]),
    ("Ana Price, Updated by Tom Reed", ["Ana Price"]),
    ("Ana Price December 2, 2025", ["Ana Price"]),
    ("anaprice on Friday December 19, 2025 @08:00PM", ["anaprice"]),
    ("Ana Price \u00b7 Dec 20, 2025 at 3:00 am", ["Ana Price"]),
    ("Written By", []),
])
def test_author_names(byline, names):
    assert author_names(byline) == names


def test_the_site_is_an_author_only_when_alone():
    site = {"valleyherald", "valleyheraldexample"}
    assert people_first(["Ana Price", "valleyherald.example", "Valley Herald"], site) == ["Ana Price"]
    assert people_first(["Valley Herald"], site) == ["Valley Herald"]


# -- titles -------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("Ferry service returns | Valley Herald", "Ferry service returns"),
    ("Valley Herald - Ferry service returns", "Ferry service returns"),
    ("Ferry service returns - ValleyHerald.example", "Ferry service returns"),  # the host's name
    ("Ferry returns: what it means - for the valley", "Ferry returns: what it means - for the valley"),
])
def test_site_name_is_cut_from_the_title(title, expected):
    p = Page(page(head=meta(property="og:site_name", content="Valley Herald")), URL)
    assert strip_site_suffix(title, p.site_keys) == expected


def test_the_h1_that_og_title_repeats_wins_over_a_json_ld_headline_variant():
    head = ld({"@type": "NewsArticle", "headline": "Ferry back after forty years"}) + meta(
        property="og:title", content="Ferry service returns to the estuary")
    assert article(page(head=head, h1="Ferry service returns to the estuary")).title == \
        "Ferry service returns to the estuary"


def test_without_json_ld_the_displayed_h1_wins_over_a_search_title():
    head = meta(property="og:title", content="Estuary ferry: timetable, fares and how to book")
    html = page(head=head, title="Estuary ferry: timetable, fares and how to book",
                h1="The estuary ferry is back after forty years")
    assert article(html).title == "The estuary ferry is back after forty years"


@pytest.mark.parametrize("h1", [
    "Transport - Ferry service returns to the estuary",  # a kicker before the title
    "Valley Herald",                                      # the site's name
    "Latest stories",                                     # no word in common
])
def test_the_search_title_stays_when_the_h1_is_not_the_headline(h1):
    head = (meta(property="og:title", content="Ferry service returns to the estuary")
            + meta(property="og:site_name", content="Valley Herald"))
    assert article(page(head=head, h1=h1)).title == "Ferry service returns to the estuary"


def test_title_element_drops_short_labels_after_bars():
    html = page(title="Ferry service returns to the valley | Transport | Valley Herald", h1="")
    assert article(html).title == "Ferry service returns to the valley"


def test_a_section_label_before_the_headline_goes_when_the_h1_shows_it():
    html = page(head=ld({"@type": "NewsArticle", "headline": "Opinion | The ferry is a lifeline"}),
                h1="The ferry is a lifeline")
    assert article(html).title == "The ferry is a lifeline"


# -- dates where meta and JSON-LD are silent (htmldate) -----------------------

def test_a_date_shown_only_as_text_is_found():
    a = article(page(top='<p class="date">February 9, 2016</p>'), url="https://www.valleyherald.example/ferry")
    assert a.published and a.published.startswith("2016-02-09")


def test_a_date_on_a_json_ld_web_page_node_is_found():
    a = article(page(head=ld({"@type": "WebPage", "name": "Ferry returns", "datePublished": "2024-05-04"})),
                url="https://www.valleyherald.example/ferry")
    assert a.published and a.published.startswith("2024-05-04")


# -- tags and language ----------------------------------------------------------------

def test_a_cms_internal_tags_are_dropped_and_topic_labels_read():
    tags = ["26157981-b4f7-4929-adc1-e860c6f03636", "Category: Travel", "NLP Category: General",
            "Ferries", "valleyherald.example"]
    a = article(page(head="".join(meta(property="article:tag", content=t) for t in tags)))
    assert a.tags == ["Travel", "Ferries"]


def test_a_single_tag_with_a_colon_is_a_tag():
    a = article(page(head=meta(property="article:tag", content="Ferries: a history")
                     + meta(property="article:tag", content="Estuary")))
    assert a.tags == ["Ferries: a history", "Estuary"]


def test_a_charset_is_not_a_language():
    a = article(page(head='<meta http-equiv="content-language" content="utf-8">'))
    assert a.lang is None
