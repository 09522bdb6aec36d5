"""Small pages with a breaking-news ticker, in the chrome of the seed page
(header, nav, BREAKING block, article), in the markup variants the site notes
name: the Arabic edition's ``#ticker-box`` list, the English ``.ticker__item``
and a bare "BREAKING" label followed by a list."""

from __future__ import annotations

from html import escape

# Lines of the seed's BREAKING block.
SEED_LINES = [
    "Russia leaves intergovernmental agreement with countries of Euro-Arctic region on "
    "cooperation in emergency prevention and response: Moscow",
    "PIJ: These reports aim to sow discord and incite against our Palestinian people and the camps",
    "PIJ: We deny reports that the movement is strengthening its capabilities in Syria",
    "Taiwan’s President: Taiwan will adopt a self-defense strategy to confront China’s threats.",
    "Taiwan’s President: “One country, two regimes” is a red line for Taiwan.",
    "Taiwan’s President: Beijing continues to increase military drills and gray zone harassment near Taiwan.",
    "Palestinian sources: Apache helicopters open fire over Tubas in northern West Bank.",
    "No specific date for a ceasefire in Ukraine, Trump says.",
    "Witkoff will meet Putin in Moscow next week, Trump says",
    "Trump: The 28-point plan for Ukraine is but a map.",
]

_HEADER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Al Mayadeen English</title>
<script>var label = "BREAKING"; window.ticker = [];</script></head><body>
<header><a class="logo" href="/">Al Mayadeen English</a>
<ul class="langs"><li><a href="https://www.almayadeen.net/">Ar</a></li><li><a href="https://espanol.almayadeen.net/">Es</a></li></ul>
<nav><ul><li><a href="/news">News</a><ul><li><a href="/news/politics">Politics</a></li><li><a href="/news/economy">Economy</a></li></ul></li>
<li><a href="/articles">Articles</a></li><li><a href="/videos">Videos</a></li><li><a href="/infographs">Infographs</a></li>
<li><a href="/live">• LIVE</a></li></ul></nav></header>
"""
_ARTICLE = """<main><h1>West ignored Russia main security concerns - Putin to Macron</h1>
<ul class="meta"><li>By Al Mayadeen Net</li><li>Source: Agencies</li><li>28 Jan 2022 18:57</li></ul>
<p class="lg_para summary">Putin told Macron the West ignored Russia's main security concerns.</p>
<div class="p-content"><p>In a phone call, the Russian President said the answers of the United States
and NATO did not take into account Russia's fundamental concerns.</p></div></main>
<footer><h3>Most Read</h3><ul><li><a href="/news/a">First</a></li><li><a href="/news/b">Second</a></li></ul></footer>
</body></html>"""


def _item(line) -> tuple[str, str | None]:
    return (line, None) if isinstance(line, str) else line


def ticker_box(lines) -> str:
    """The Arabic edition's markup: #ticker-box ul li .ticker-item .ticker-text, text in `a p`."""
    items = []
    for text, href in map(_item, lines):
        items.append(f'<li><div class="ticker-item"><span class="ticker-time"></span><div class="ticker-text">'
                     f'<a href="{escape(href or "#")}"><p>{escape(text)}</p></a></div></div></li>')
    return f'<div id="ticker-box"><h4>عاجل</h4><ul>{"".join(items)}</ul></div>'


def ticker_en(lines) -> str:
    """The English markup claimed by scrapers: .ticker__item, text only, repeated for the scroll."""
    items = "".join(f'<div class="ticker__item">{escape(text)}</div>' for text, _ in map(_item, lines))
    return f'<div class="ticker-wrap"><div class="ticker">{items}{items}</div></div>'


def label_list(lines) -> str:
    """No known class: a "BREAKING" label in its own box, then a list of lines."""
    items = "".join(
        f'<li><a href="{escape(href)}">{escape(text)}</a></li>' if href else f"<li>{escape(text)}</li>"
        for text, href in map(_item, lines))
    return (f'<section class="urgent"><div class="urgent__head"><strong>Breaking</strong></div>'
            f'<div class="urgent__body"><ul>{items}</ul></div></section>')


def label_lines(lines) -> str:
    """The seed as text: a BREAKING line, then one line per item separated by <br>."""
    body = "<br>".join(escape(text) for text, _ in map(_item, lines))
    return f'<div class="bar">BREAKING<br>{body}</div>'


VARIANTS = {"ticker_box": ticker_box, "ticker_en": ticker_en, "label_list": label_list,
            "label_lines": label_lines}


def page(lines, variant: str = "ticker_box") -> str:
    """A whole article page whose ticker shows ``lines`` (text, or (text, href))."""
    return _HEADER + VARIANTS[variant](lines) + _ARTICLE


def page_without_ticker() -> str:
    return _HEADER + _ARTICLE
