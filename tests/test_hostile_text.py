"""Text from pages is hostile: escapes and control characters never reach the
terminal, and Rich markup in article text is shown literally."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.textclean import clean_line, clean_text

EVIL_TITLE = "Breaking\x1b[2J\x1b]0;pwned\x07 news\x1b[31m red\x9b31m \u202eevil\u202c [bold red]markup[/bold red]"
EVIL_PAGE = f"""<html><head><title>x</title>
<meta property="og:title" content="{EVIL_TITLE}">
<meta property="article:published_time" content="2024-01-02T03:04:05+00:00">
</head><body><article><h1>{EVIL_TITLE}</h1>
<p>First paragraph with [link=https://evil.example]a Rich link[/link] and \x1b[5mblink\x1b[0m text,
written long enough to count as the body of an article for the extractor to keep it.</p>
<p>Second paragraph: [red]not red[/red], \x07bell, \x00nul and :smile: stay plain text in the
terminal, because page text is never interpreted as markup or emoji codes by the renderer.</p>
</article></body></html>"""


def test_clean_text_strips_escape_sequences_and_controls():
    assert clean_text("a\x1b[31mb\x1b[0mc") == "abc"
    assert clean_text("title\x1b]0;window title\x07end") == "titleend"
    assert clean_text("x\x1b[2Jy") == "xy"
    assert clean_text("keep\ttab\nand newline") == "keep\ttab\nand newline"
    assert clean_text("\u202eevil") == "evil"
    assert clean_line("  two\n lines  ") == "two lines"


# No deadline: the first text with a C1 control imports ftfy to repair it.
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_leaves_no_control_characters(text):
    out = clean_text(text)
    assert "\x1b" not in out and "\x9b" not in out
    assert all(c in "\t\n" or not (ord(c) < 32 or 0x7f <= ord(c) <= 0x9f) for c in out)


def test_c1_controls_go_one_by_one_and_never_take_the_text_between_them():
    assert clean_text("one\x9d two three \x9cfour").startswith("one two three ")
    assert clean_text("x\x90kept\x07y") == "xkepty"
    twice = "\u201cYes,\u201d she said. \u201cNo.\u201d".encode("utf-8").decode("latin-1")
    assert clean_text(twice) == "\u201cYes,\u201d she said. \u201cNo.\u201d"


def test_hostile_page_reaches_terminal_clean(news, tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(EVIL_PAGE, encoding="utf-8")
    imported = news("import", page, "--url", "https://evil.example/story", "--json")
    assert imported.code == 0, imported
    article = json.loads(imported.stdout)[0]["article"]
    assert "\x1b" not in article["title"] and "\x07" not in article["title"]
    for args in (("read", article["id"], "--no-pager"), ("list",), ("search", "paragraph")):
        shown = news(*args, env={"COLUMNS": "200"})
        assert shown.code == 0, shown
        assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "\x00" not in shown.stdout
    body = news("read", article["id"], "--no-pager", env={"COLUMNS": "200"}).stdout
    assert "[bold red]markup[/bold red]" in body      # markup shown literally
    assert "[red]not red[/red]" in body
    assert ":smile:" in body


def test_hostile_page_with_colour_forced(news, tmp_path):
    """Even with colour on, only our own styles are emitted: no escape from the page."""
    page = tmp_path / "evil.html"
    page.write_text(EVIL_PAGE, encoding="utf-8")
    article = json.loads(news("import", page, "--url", "https://evil.example/s", "--json").stdout)[0]["article"]
    shown = news("read", article["id"], "--no-pager", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "\x1b[" in shown                           # colour is on...
    assert "\x1b[2J" not in shown and "\x1b]0;" not in shown and "\x1b[5m" not in shown
    assert "[bold red]markup[/bold red]" in shown
