"""Hostile and broken input, from pages and from users: nothing on a page
reaches the terminal or the files as anything but plain text, and every bad
input is one clear line with the documented exit code, never a traceback.

(Also covered elsewhere: escape sequences in titles and Rich markup,
test_hostile_text.py; entity bombs, XXE and gzip bombs in sitemaps,
test_sync_parts.py; off-site sitemap entries, test_sync.py; server faults,
test_faults.py; bad query syntax, test_search.py.)"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from conftest import PAGES
from replica import Replica

PAGE = PAGES / "generic_article.html"
# What must never reach a terminal: ESC, BEL and the other C0 controls but tab
# and newline, C1 controls (8-bit CSI/OSC), DEL, bidi overrides and isolates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b31m\x85\u202e\u2066"


def evil_page() -> str:
    """Escapes, C1 controls and bidi overrides in every field a page can set,
    Rich markup in the text, and one NUL."""
    return f"""<html lang="en"><head><title>T{EVIL}itle</title>
<meta property="og:title" content="Head{EVIL}line [red]x[/red]">
<meta name="author" content="Auth{EVIL}or">
<meta property="article:section" content="Sec{EVIL}tion">
<meta property="article:tag" content="Ta{EVIL}g">
<meta property="article:tag" content="Tag2 [bold]b[/bold]">
<meta property="og:description" content="Sum{EVIL}mary">
<meta property="article:published_time" content="2024-01-02T03:04:05+00:00">
<meta property="og:image" content="https://evil.example/i{EVIL}.jpg">
<script type="application/ld+json">{{"@type": "NewsArticle", "author": {{"name": "LD{EVIL}Author"}},
 "publisher": {{"name": "Pub{EVIL}"}}}}</script>
</head><body><article><h1>Head{EVIL}line</h1>
<figure><img src="a.jpg"><figcaption>Cap{EVIL}tion</figcaption></figure>
<p>First paragraph {EVIL} with enough words in it to count as the body of an article for the extractor.</p>
<p>Second paragraph: [red]not red[/red], [link=https://evil.example]link[/link], \x00nul, :smile: and
more words so that the extractor keeps this as part of the story it found.</p>
</article></body></html>"""


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_every_field_of_a_hostile_page_is_plain_text_everywhere(cli, news, tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(evil_page(), encoding="utf-8")
    imported = cli("import", page, "--url", "https://evil.example/story", "--json")
    assert imported.code == 0, imported
    article = imported.json()[0]["article"]
    assert all(not UNSAFE.search(s) for s in strings(article)), article
    assert "[red]not red[/red]" in article["text"]
    out = tmp_path / "export.md"
    outputs = [cli("export", "--format", "markdown", "-o", out).stdout, cli("export").stdout]
    for args in (("read", article["id"], "--no-pager"), ("list",), ("search", "paragraph"), ("tags",),
                 ("read", article["id"], "--json"), ("search", "paragraph", "--json"), ("stats",)):
        shown = news(*args, env={"COLUMNS": "120", "FORCE_COLOR": "1"})
        assert shown.code == 0, (args, shown)
        # Colour is on, so our own styles are there; nothing else is.
        outputs.append(re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout))
    outputs.append(out.read_text(encoding="utf-8"))
    for text in outputs:
        assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    body = news("read", article["id"], "--no-pager").stdout
    assert "[red]not red[/red]" in body and "[link=https://evil.example]link[/link]" in body


def test_hostile_ticker_lines_are_plain_text(cli):
    with Replica(articles=2) as replica:
        replica.push_breaking(text=f"Breaking{EVIL} [blink]news[/blink] now")
        live = cli("breaking", "--base-url", replica.base_url)
        as_json = cli("breaking", "--base-url", replica.base_url, "--json")
    stored = cli("breaking", "--offline", "--json")
    for result in (live, as_json, stored):
        assert result.code == 0, result
        assert not UNSAFE.search(result.stdout)
    assert "[blink]news[/blink]" in live.stdout
    # The 8-bit CSI's parameters ("31m") stay as text: C1 controls go one by one.
    assert any(item["text"].startswith("Breaking") and item["text"].endswith(" [blink]news[/blink] now")
               for item in stored.json())


def nested(depth: int, closed: bool = True) -> str:
    body = "<p>" + "deep words in a paragraph " * 20 + "</p>"
    return ("<html><head><title>Deep</title></head><body>" + "<div><span>" * depth + body
            + ("</span></div>" * depth if closed else "") + "</body></html>")


@pytest.mark.parametrize("html", [nested(100_000), nested(60_000, closed=False),
                                  "<table><tr><td>" * 20_000 + "x"], ids=["deep", "deep-unclosed", "tables"])
def test_deeply_nested_html_is_read_or_refused_in_one_line(cli, html):
    result = cli("extract", "--url", "https://example.org/deep", input=html)
    assert result.code in (0, 1), result
    if result.code:
        assert result.stderr.strip() == "news: error: no article found in the page"


def test_pages_past_the_size_limit_are_refused_at_once(cli, tmp_path):
    """50 MB of HTML took 44 s and 1 GB to extract: pages over max_bytes
    (10 MB) are refused, whether fetched, imported or piped in."""
    paragraph = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>\n"
    huge = "<html><body><article>" + paragraph * (50 * 1024 * 1024 // len(paragraph)) + "</article></body></html>"
    extracted = cli("extract", input=huge)
    assert extracted.code == 1 and extracted.stderr.strip() == "news: error: page too large (over 10,485,760 bytes)"
    path = tmp_path / "huge.html"
    path.write_text(huge)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body>" + b" " * (24 * 1024 * 1024) + b"</body></html>", 1))
    imported = cli("import", path, bomb, "--json")
    assert imported.code == 1, imported
    reasons = [item["reason"] for item in imported.json()]
    assert reasons[0].startswith("file too large (52,4") and reasons[1] == "file too large once decompressed"


@pytest.mark.parametrize("lang", ["en", None])
def test_invalid_utf8_and_a_wrong_charset_decode_to_valid_text(cli, tmp_path, lang):
    """A cp1252 page that declares UTF-8, with bytes invalid in UTF-8: the
    page's language names the legacy code page to use; with no hint at all
    the text is still valid text (a guess, never a crash or a lone surrogate)."""
    paragraph = "Café crème, naïve façade: déjà vu in the old town, said the mayor of the région. "
    opening = f"<html lang='{lang}'>" if lang else "<html>"
    page = f"{opening}<head><meta charset='utf-8'><title>Café</title></head><body><article>" \
           f"<p>{paragraph * 4}</p></article></body></html>"
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("cp1252"))
    result = cli("import", path, "--url", "https://example.org/cafe", "--json")
    assert result.code == 0, result
    article = result.json()[0]["article"]
    json.dumps(article, ensure_ascii=False).encode("utf-8")   # no lone surrogates
    assert not UNSAFE.search(article["text"])
    if lang:
        assert "naïve façade" in article["text"]


@pytest.mark.parametrize("html", ["<html><head><title>Menu</title></head><body><nav><a href=/>Home</a></nav></body></html>",
                                  "<html></html>", "<p>two words</p>", "<!-- only a comment -->"])
def test_a_page_with_no_article_is_one_line_exit_1(cli, html):
    result = cli("extract", "--url", "https://example.org/x", input=html)
    assert result.code == 1
    assert result.stderr.strip() == "news: error: no article found in the page"


BAD_INVOCATIONS = [
    # args, exit code, what the one line says
    (("read", "zzzz"), 1, "ids are hex"),
    (("read", ""), 1, "ids are hex"),
    (("read", "ffffffff"), 1, "no article with id ffffffff"),
    (("read", "https://nowhere.example/x"), 1, "no stored article has the URL"),
    (("open", "0123"), 1, "no article with id"),
    (("star", "not-an-id"), 1, "ids are hex"),
    (("list", "--since", "yesterdayish"), 2, "not a date: 'yesterdayish'"),
    (("list", "--until", "2022-13-45"), 2, "not a date"),
    (("search", "x", "--since", "yesterdayish"), 2, "not a date"),
    (("export", "--since", "tomorrowish"), 2, "not a date"),
    (("breaking", "--offline", "--since", "yesterdayish"), 2, "not a date"),
    (("prune", "--older-than", "nonsense"), 2, "not a date"),
    (("search", "date:>yesterdayish"), 2, "is not a date"),
    (("search", '"unclosed'), 2, "the quote is never closed"),
    (("search", "(" * 1500), 2, "is never closed"),
    (("search", "x " * 20_000), 2, "query too long (40,000 characters"),
    (("search", " ".join(f"w{i}" for i in range(100))), 2, "query too long (100 words"),
    (("search", ""), 2, "empty query"),
    (("fetch", "notaurl"), 2, "not a web address: 'notaurl'"),
    (("fetch", "file:///etc/passwd"), 2, "not a web address"),
    (("sync", "nosuchsite"), 2, "no site recipe named 'nosuchsite'"),
    (("sync", "--base-url", "ftp://example.com/"), 2, "--base-url must be an http(s) URL"),
    (("import", "/nonexistent/page.html"), 1, "no such file"),
    (("import", "/dev/null"), 2, "/dev/null is not a regular file"),   # (issue 17: devices are refused)
]


@pytest.mark.parametrize("args,code,fragment", BAD_INVOCATIONS, ids=[" ".join(a)[:40] for a, _, _ in BAD_INVOCATIONS])
def test_bad_user_input_is_one_line_and_the_right_exit_code(cli, args, code, fragment):
    cli("import", PAGE)
    result = cli(*args)
    assert result.code == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result
    assert len(lines[0]) < 600      # a huge query is not echoed back whole


@pytest.mark.parametrize("data,fragment", [
    (b"\x00\x01\x02binary\x00" * 100, "binary file, not HTML"),
    (b"just some words, no markup at all", "not an HTML file"),
    (b"", "empty file"),
], ids=["binary", "text", "empty"])
def test_extract_refuses_what_is_not_a_page(cli, data, fragment):
    result = cli("extract", input=data)
    assert result.code == 1 and result.stderr.strip() == f"news: error: {fragment}"


# Cleans unterminated escape strings of each kind, 20,000 of them before 200 KB
# of text; the old pattern (".*?" to a terminator) took quadratic time: hours.
CLEAN_MANY_STARTS = """
import sys
from newscli.textclean import clean_text
for start in ("\\x1b]", "\\x1bP", "\\x9d", "\\x90", "\\x9b"):
    assert clean_text(start * 20000 + "x" * 200000) == "x" * 200000 or start == "\\x9b"
print("ok")
"""


def test_cleaning_text_full_of_escape_starts_takes_linear_time():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", CLEAN_MANY_STARTS], capture_output=True, text=True, timeout=20)
    assert done.stdout.strip() == "ok", done.stderr
