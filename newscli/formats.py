"""Articles as documents: the meta line and dates as shown, Markdown for `news read --format markdown` and
`news export --format markdown`, JSON Lines for export. Plain strings, no Rich.

Page text is cleaned (control characters, escapes) and Markdown's own
characters in titles and meta lines are escaped, so a headline cannot turn
into a link or a heading in the rendered document.
"""

from __future__ import annotations

import re

from newscli.model import Article
from newscli.textclean import clean_line, clean_text, safe_json

_INLINE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_MARK = re.compile(r"^(\s*)([#>+-])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 article', '2 articles', '0 articles' (``plural`` when not noun + s)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def local_time(iso_time: str | None, now=None) -> str:
    """A stored UTC time as the reader's own clock shows it, and how long ago:
    '2024-05-30 17:04 CEST (3 hours ago)'. ``now``: an aware datetime (tests)."""
    from datetime import UTC, datetime

    if not iso_time:
        return "never"
    try:
        when = datetime.fromisoformat(iso_time.replace("Z", "+00:00"))
    except ValueError:
        return iso_time
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''} ({ago(when, now)})".replace("  (", " (")


def ago(when, now=None) -> str:
    """'just now', '5 minutes ago', '3 hours ago', '2 days ago' ('in 2 hours' ahead)."""
    from datetime import UTC, datetime

    seconds = ((now or datetime.now(UTC)) - when).total_seconds()
    ahead, seconds = seconds < 0, abs(seconds)
    if seconds < 60:
        return "just now"
    for unit, size, up_to in (("minute", 60, 3600), ("hour", 3600, 2 * 86400), ("day", 86400, None)):
        if up_to is None or seconds < up_to:
            text = counted(int(seconds // size), unit)
            return f"in {text}" if ahead else f"{text} ago"
    return ""


def section_shown(article: Article) -> str:
    """The section a reader means: the subsection (Economy, Opinion) when there
    is one, not the top menu above it (News, Articles). JSON keeps both."""
    return article.subsection or article.section or ""


def date_only(iso_time: str | None) -> str:
    return (iso_time or "")[:10]


def display_date(iso_time: str | None) -> str:
    """'28 Jan 2022 18:57 +02:00' from an ISO time (as published, in its own zone)."""
    if not iso_time:
        return ""
    from datetime import datetime

    dt = datetime.fromisoformat(iso_time)
    offset = dt.strftime("%z")
    zone = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return dt.strftime("%d %b %Y %H:%M") + zone


def meta_line(article: Article) -> str:
    parts = []
    if article.authors:
        parts.append("By " + ", ".join(article.authors))
    if article.source:
        parts.append(f"Source: {article.source}")
    if article.published:
        parts.append(display_date(article.published))
    if article.reading_minutes:
        parts.append(f"{article.reading_minutes} min read")
    section = " / ".join(s for s in (article.section, article.subsection) if s)
    if section:
        parts.append(section)
    parts.append(article.site)
    return " · ".join(parts)


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML, or a
    heading/list/quote made by how a paragraph starts."""
    text = _INLINE.sub(r"\\\1", text)
    return _LIST_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", text))


def article_markdown(article: Article) -> str:
    """One article as a Markdown document: headline, meta list, body, source link."""
    lines = [f"# {escape_markdown(clean_line(article.title))}", ""]
    lines.append(f"*{escape_markdown(clean_line(meta_line(article)))}*")
    if article.tags:
        lines += ["", "Tags: " + ", ".join(escape_markdown(clean_line(t)) for t in article.tags)]
    if article.image_caption:
        lines += ["", f"> {escape_markdown(clean_line(article.image_caption))}"]
    for paragraph in clean_text(article.text).split("\n\n"):
        if paragraph.strip():
            lines += ["", escape_markdown(" ".join(paragraph.split()))]
    lines += ["", f"<{clean_line(article.url)}>", f"<!-- news id {article.id} -->", ""]
    return "\n".join(lines)


def article_jsonl(article: Article) -> str:
    """One JSON Lines record: the article object with its text."""
    return safe_json(article.to_json(with_text=True)) + "\n"


FORMATTERS = {"jsonl": article_jsonl, "markdown": article_markdown}
SEPARATORS = {"jsonl": "", "markdown": "\n---\n\n"}
