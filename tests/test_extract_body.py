"""Generic body extraction: each cleaning rule on a page written for it.

Every page is the same made-up story (``STORY``) inside a news template, with
the one thing the rule is about added before, inside or after it. Each test
asserts what the rule removes and, where the rule has a guard, what it keeps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscli.extract import extract
from newscli.extract.page import text_blocks

PAGES = Path(__file__).parent / "pages"
URL = "https://valleyherald.example/news/2024/05/ferry-returns"
HEADLINE = "Ferry service returns to the valley after forty years"
STORY = [
    "The first passenger ferry in four decades crossed the estuary on Saturday morning, carrying "
    "sixty people from the old quay at Aberdour to the new pontoon on the far shore in eleven minutes.",
    "The service, run by a cooperative of local boat owners, will sail every half hour in summer and "
    "every hour in winter, with a reduced timetable on Sundays and public holidays.",
    "Residents had campaigned for the crossing since the road bridge was closed for repairs, which "
    "turned a short trip to the market town into a drive of more than forty minutes each way.",
    "The cooperative bought the vessel from a harbour authority in the north, refitted it over the "
    "winter and trained six skippers, two of whom grew up watching the last ferry make the same run.",
    "Tickets cost two pounds for adults and nothing for children under twelve, and bicycles travel "
    "free, a decision the cooperative said it hoped would keep cars off the narrow estuary roads.",
    "The council has agreed to review the service after its first year and has promised to help with "
    "the cost of a second pontoon if passenger numbers reach the forecast of a thousand a week.",
]


def page(inside: str = "", before: str = "", top: str = "", after: str = "", head: str = "",
         story=STORY, title: str = HEADLINE) -> str:
    """A news page: headline, ``before``, then the body block: ``top``, the
    story paragraphs with ``inside`` after the third, ``after``; site furniture
    around the article. Readability keeps what is in the body block."""
    paragraphs = [f"<p>{p}</p>" for p in story]
    paragraphs.insert(3, inside)
    return f"""<!DOCTYPE html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="Valley Herald">{head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{HEADLINE}</h1>{before}
<div class="article-body">{top}{"".join(paragraphs)}{after}</div></article></main>
<footer><p>Copyright Valley Herald. All rights reserved.</p></footer></body></html>"""


def body(html: str, url: str = URL) -> str:
    return extract(html, url).text


def paragraphs(html: str) -> list[str]:
    return body(html).split("\n\n")


def test_story_paragraphs_come_out_whole_with_a_blank_line_between():
    assert paragraphs(page()) == STORY


def test_a_line_break_in_the_html_source_does_not_split_a_paragraph():
    wrapped = ["\n    ".join(p.split(", ")) for p in STORY]
    assert paragraphs(page(story=wrapped)) == [" ".join(p.split()) for p in wrapped]


def test_text_blocks_collapse_source_whitespace_but_keep_preformatted_text():
    import lxml.html

    root = lxml.html.fromstring("<div><p>one\n   two</p><pre>a\n  b</pre>"
                                "<p>see <a href='/x'>linked words</a><br>next line</p></div>")
    blocks = text_blocks(root)
    assert [(b.text, b.tag) for b in blocks] == [
        ("one two", "p"), ("a\n  b", "pre"), ("see linked words", "p"), ("next line", "p")]
    assert blocks[2].linked == len("linked words")


def test_a_table_row_is_one_line():
    table = ("<table><tr><th>Crossing</th><th>Minutes</th></tr>"
             "<tr><td>Aberdour to pontoon</td><td>11</td></tr>"
             "<tr><td>Pontoon to Aberdour</td><td>11</td></tr></table>")
    lines = paragraphs(page(inside=table))
    assert "Crossing Minutes" in lines
    assert "Aberdour to pontoon 11" in lines and "Pontoon to Aberdour 11" in lines


def test_the_headline_is_not_part_of_the_body():
    text = body(page(title=f"{HEADLINE} - Valley Herald", top=f"<h2>{HEADLINE}</h2>"))
    assert HEADLINE not in text
    assert text.startswith(STORY[0])


def test_figures_and_captions_are_removed():
    figure = ('<figure><img src="/ferry.jpg" alt=""><figcaption>The ferry leaves the old quay. '
              "Photograph: Jane Example</figcaption></figure>")
    text = body(page(inside=figure))
    assert "The ferry leaves the old quay" not in text and "Photograph" not in text
    assert paragraphs(page(inside=figure)) == STORY


def test_a_styled_line_right_after_an_image_is_its_caption():
    captioned = '<p><img src="/skipper.jpg" alt=""></p><p><em>Skipper Ana Price at the wheel</em></p>'
    assert "Skipper Ana Price" not in body(page(inside=captioned))


def test_an_italic_line_that_follows_text_is_kept():
    aside = "<p><em>This article was updated with the Sunday timetable</em></p>"
    assert "updated with the Sunday timetable" in body(page(inside=aside))


def test_blocks_named_for_credits_and_newsletters_are_removed():
    credit = '<p class="image-credit">Pictures by Jane Example for the Herald</p>'
    newsletter = ('<div class="newsletter-box"><p>Our weekly guide to estuary walks arrives every '
                  "Thursday morning, with tide tables.</p></div>")
    text = body(page(inside=credit + newsletter))
    assert "Pictures by Jane Example" not in text and "estuary walks" not in text
    assert paragraphs(page(inside=credit + newsletter)) == STORY


@pytest.mark.parametrize("wrapper", ['<div class="share-container">', "<figure>"])
def test_a_noise_name_or_figure_around_the_whole_story_does_not_remove_it(wrapper):
    tag = wrapper[1:].split()[0].rstrip(">")
    html = page(inside=f"</div>{wrapper}", after=f"</{tag}><div>")  # the second half, wrapped
    assert paragraphs(html) == STORY


@pytest.mark.parametrize("where", ["before", "top"])
def test_the_standfirst_under_the_headline_is_removed(where):
    dek = '<p class="article-dek">Sixty passengers made the first crossing in eleven minutes.</p>'
    text = body(page(**{where: dek}))
    assert "Sixty passengers made the first crossing" not in text
    assert text.startswith(STORY[0])


def test_a_subtitle_inside_the_story_is_kept():
    subtitle = '<h2 class="subtitle">What happens next for the crossing</h2>'
    assert "What happens next for the crossing" in body(page(inside=subtitle))


def test_a_hover_card_inside_a_sentence_is_removed_and_the_sentence_kept():
    story = list(STORY)
    story[1] = ('The service, run by skipper <a href="/people/ana-price">Ana Price</a>'
                '<span class="person-tooltip">Ana Price has written 40 stories for the Herald</span>, '
                "will sail every half hour in summer and every hour in winter.")
    text = body(page(story=story))
    assert "written 40 stories" not in text
    assert ("The service, run by skipper Ana Price, will sail every half hour in summer "
            "and every hour in winter.") in text


def test_bylines_and_datelines_go_with_their_labels():
    byline = ('<p>By <span itemprop="author">Ana Price</span></p>'
              '<p>Last modified <time datetime="2024-05-04T10:00:00Z">Saturday 10:00</time></p>')
    assert paragraphs(page(top=byline)) == STORY


def test_a_time_inside_a_sentence_stays():
    story = list(STORY)
    story[0] = story[0].replace("on Saturday morning", 'on <time datetime="2024-05-04">Saturday</time> morning')
    assert "crossed the estuary on Saturday morning" in body(page(story=story))


def test_a_paragraph_that_is_only_a_date_is_removed_but_a_bare_time_is_a_heading():
    live = "<p>4 May 2024</p><h3>10 a.m.</h3><p>The first ferry of the day left on time.</p>"
    lines = paragraphs(page(inside=live))
    assert "4 May 2024" not in lines
    assert "10 a.m." in lines


@pytest.mark.parametrize("line", [
    "\u201cDon't miss the last boat,\u201d the skipper called.",
    "More than sixty people: the ferry was full.",
    "The ferry office can be reached at 01234 567890 from Monday.",
])
def test_story_lines_that_look_like_boilerplate_stay(line):
    assert line in paragraphs(page(inside=f"<p>{line}</p>"))


def test_a_long_paragraph_that_starts_like_a_call_to_action_is_story():
    long = ("Related to the ferry, the council also voted to repair the slipway at the old quay, a job "
            "it had postponed for years while the bridge works took all of the transport budget and "
            "most of the engineers the county could find.")
    assert long in body(page(inside=f"<p>{long}</p>"))


def test_a_paragraph_that_is_all_link_is_a_teaser_for_another_story():
    teaser = '<p><a href="/news/bridge">Bridge repairs to finish in autumn, council says</a></p>'
    assert "Bridge repairs" not in body(page(inside=teaser))


def test_links_that_show_an_address_or_a_source_name_stay():
    links = ('<p><a href="https://coop.example/timetable">https://coop.example/timetable</a></p>'
             '<p><a href="https://wire.example">[Wire]</a></p>')
    text = body(page(inside=links))
    assert "https://coop.example/timetable" in text and "[Wire]" in text


@pytest.mark.parametrize("line", [
    # calls to action
    "Read more: Bridge repairs to finish in autumn",
    "Related: How the estuary lost its ferry",
    "Advertisement",
    "You may also like",
    "Tags: ferries, estuary, transport",
    "Share this on WhatsApp",
    "Sign up for alerts",
    "5 min read",
    # promotions
    "Follow the Valley Herald on Twitter and Facebook.",
    "Ana Price can be reached at ana@valleyherald.example.",
    "Get the morning briefing delivered to your inbox. Sign up for our newsletter.",
    "To see the full timetable, click here for the cooperative's website.",
    # wire credits
    "(Reporting by Ana Price; Editing by Tom Reed)",
    "Tom Reed contributed reporting from the market town.",
])
def test_boilerplate_lines_are_removed(line):
    assert paragraphs(page(inside=f"<p>{line}</p>")) == STORY


def test_embedded_posts_are_kept_though_readability_drops_them():
    tweet = ('<div class="social-embed twitter-embed"><blockquote class="twitter-tweet">'
             '<p lang="en">First crossing done, sixty happy passengers and one seal '
             '<a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; Valley Coop (@valleycoop) '
             '<a href="https://twitter.com/valleycoop/status/1">May 4, 2024</a></blockquote></div>')
    text = body(page(inside=tweet))
    assert "First crossing done, sixty happy passengers and one seal" in text
    assert "Valley Coop (@valleycoop) May 4, 2024" in text


def test_a_paragraph_repeated_right_away_goes_but_recurring_labels_stay():
    qa = "".join(f"<h3>Question</h3><p>{p}</p>" for p in STORY[:3])
    repeated = f"<p>{STORY[3]}</p>"  # the story's fourth paragraph follows: twice in a row
    lines = paragraphs(page(inside=qa + repeated))
    assert lines.count("Question") == 3
    assert lines.count(STORY[3]) == 1


def test_the_json_ld_article_body_stands_in_when_the_page_shows_little():
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
            "articleBody": "\n\n".join(STORY)}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    html = (f"<html><head><title>{HEADLINE}</title>{head}</head><body><h1>{HEADLINE}</h1>"
            "<div id='app'><p>Loading the article, please wait a moment.</p></div></body></html>")
    assert paragraphs(html) == STORY


def test_the_json_ld_article_body_does_not_replace_a_fuller_page():
    data = {"@type": "NewsArticle", "articleBody": STORY[0] + " " + STORY[1]}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert paragraphs(page(head=head)) == STORY


def page_file(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_a_page_nested_in_head_by_a_stray_tag_before_body_is_found():
    text = body(page_file("stray_tag_in_head.html"), "https://gazette.example/local/cider-press")
    assert text.startswith("Eleven orchard owners on the north slope")
    assert text.endswith("pointing visitors to the barn.")


def test_text_encoded_twice_is_repaired_not_cut_between_its_control_characters():
    # Read as Latin-1, a closing quote's UTF-8 bytes end in U+009D and an opening
    # quote's in U+009C: once taken for an escape string from one to the other.
    text = body(page_file("double_encoded_utf8.html"), "https://shore.example/news/dredger")
    assert "\u201cWe\u2019ve waited three winters for this,\u201d she told the meeting," in text
    assert text.split("\n\n")[1].startswith("Fishermen said the silt had cut the channel")
    assert "six weeks \u2014 longer if the autumn gales come early \u2014 and" in text


def test_a_page_builder_naming_every_block_widget_keeps_its_story():
    text = body(page_file("page_builder_widgets.html"), "https://millbrook.example/blog/bakery-oven")
    assert text.startswith("The brick oven behind the village hall")
    assert "A retired mason from the next valley" in text
    assert text.endswith("the next repair to the shed roof.")
    assert "Millbrook Notes is written by" not in text


def test_a_long_comment_thread_under_a_short_post_is_not_the_article():
    text = body(page_file("comment_thread_under_short_post.html"), "https://kilnworth.example/posts/railway-path")
    assert text.startswith("We finally opened the footpath")
    assert text.endswith("every day of the year.")
    assert "Rosa Lindqvist" not in text and "kingfisher" not in text and "responses" not in text


def test_a_teaser_for_another_post_is_not_chosen_over_the_post():
    text = body(page_file("teaser_longer_than_post.html"), "https://wenlow.example/news/library-van")
    assert text.startswith("The library van will stop in the square")
    assert text.endswith("when the lease on the old chapel ran out.")
    assert "campaign was won" not in text and "Continue reading" not in text


def test_a_story_streamed_into_a_hidden_block_is_read_but_a_small_hidden_block_is_not():
    secret = "<div hidden><p>An unpublished draft paragraph that readers never see on the page.</p></div>"
    html = page(inside=secret).replace("<main>", '<main><div hidden id="S:0">').replace("</main>", "</div></main>")
    assert paragraphs(html) == STORY


def test_a_story_split_over_blocks_is_read_whole_though_readability_keeps_one():
    html = page_file("story_split_over_blocks.html")
    lines = paragraphs(html)
    assert lines[0].startswith("Pick a sheltered corner") and lines[-1].startswith("Fine mesh over brassicas")
    assert sum(line.endswith(".") for line in lines) == 8
