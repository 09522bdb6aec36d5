"""Rich views for people. JSON output lives with the commands, never here.

Every string from a page goes into a ``rich.text.Text`` (never parsed as
markup) after :func:`clean_text`, so neither escape sequences nor ``[red]``
written on a web page can reach the terminal as anything but literal text.
Colour follows Rich's detection: none when stdout is not a TTY, none with
``NO_COLOR``.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache

from newscli.model import Article
from newscli.textclean import clean_line, clean_text

READ_WIDTH = 88  # a comfortable measure for body text


@lru_cache(maxsize=None)
def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def _text(value: str | None, style: str = ""):
    from rich.text import Text

    return Text(clean_line(value), style=style)


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


def article_view(article: Article):
    """The renderables of `news read`: headline, meta, tags, caption, body."""
    from rich.console import Group
    from rich.text import Text

    from newscli.render.bidi import Paragraph

    parts = [Paragraph(_text(article.title, "bold")), _text(meta_line(article), "dim")]
    if article.tags:
        parts.append(_text("Tags: " + ", ".join(article.tags), "cyan"))
    if article.image_caption:
        parts.append(_text(f"Image: {article.image_caption}", "italic dim"))
    parts.append(_text(f"{article.id}  {article.url}", "dim"))
    for paragraph in clean_text(article.text).split("\n\n"):
        if paragraph.strip():
            # A bare blank line, not Padding: that fills the gap with spaces.
            parts += [Text(""), Paragraph(Text(paragraph.strip()))]
    return Group(*parts)


def show_article(article: Article, pager: bool = True) -> None:
    """Print an article; through a pager when on a TTY and longer than the screen."""
    out = console()
    view = article_view(article)
    width = min(out.width, READ_WIDTH)
    if pager and out.is_terminal and sys.stdin.isatty():
        lines = out.render_lines(view, out.options.update(width=width), pad=False)
        if len(lines) > shutil.get_terminal_size().lines - 1:
            os.environ.setdefault("LESS", "-R")
            with out.pager(styles=True):
                out.print(view, width=width)
            return
    out.print(view, width=width)


def article_table(articles: list[Article], title: str | None = None):
    from rich.table import Table

    table = Table(title=title, show_lines=False, box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("section", style="magenta", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("title", overflow="fold")
    from newscli.render.bidi import Paragraph

    for a in articles:
        table.add_row(a.id[:8], date_only(a.published), _text(a.section or ""), Paragraph(_text(a.title)))
    return table


def snippet_text(snippet: str):
    """A snippet whose match marks (U+E000 ... U+E001) become highlighted text."""
    import re

    from rich.text import Text

    from newscli.index.snippets import MARK_END, MARK_START

    text = Text()
    for piece in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", snippet):
        if piece.startswith(MARK_START):
            text.append(clean_text(piece[1:-1]), style="bold yellow")
        else:
            text.append(clean_text(piece).replace("\n", " "))
    return text


def search_table(hits, total: int, query: str):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=True,
                  caption=f"{len(hits)} of {total} hits", caption_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("section", style="magenta", max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("title / snippet", overflow="fold")
    from rich.console import Group

    from newscli.render.bidi import Paragraph

    for hit in hits:
        a = hit.article
        title = Paragraph(_text(a.title, "bold"))
        body = Group(title, Paragraph(snippet_text(hit.snippet))) if hit.snippet else title
        table.add_row(a.id[:8], date_only(a.published), _text(a.section or ""), body)
    return table


def tags_table(rows: list[tuple[str, int]]):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("tag")
    table.add_column("articles", justify="right")
    for tag, count in rows:
        table.add_row(_text(tag), str(count))
    return table


def stats_table(stats: dict):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key in ("articles", "tags", "breaking_items", "index_docs", "store_bytes", "index_bytes", "last_sync"):
        value = stats.get(key)
        if key.endswith("_bytes") and value is not None:
            value = human_bytes(value)
        table.add_row(key.replace("_", " "), _text(str(value if value is not None else "never")))
    for site, count in stats.get("sites", {}).items():
        table.add_row(f"  {site}", str(count))
    return table


def human_bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, top: int, width: int) -> str:
    """A horizontal bar of ``count`` against ``top`` in ``width`` cells (eighth blocks)."""
    if top <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count * width * 8 / top))
    return "█" * (eighths // 8) + (BAR_EIGHTHS[eighths % 8] if eighths % 8 else "")


def timeline_chart(timeline: dict, width: int = 80):
    """Hits per period as bars, one line per period (``news search --timeline``)."""
    from rich.table import Table

    periods = timeline["periods"]
    top = max((p["count"] for p in periods), default=0)
    label_width = max((len(p["period"]) for p in periods), default=4)
    bar_width = max(10, width - label_width - len(str(top)) - 4)
    table = Table(box=None, pad_edge=False, show_header=False, title=f"hits per {timeline['unit']}",
                  title_justify="left", title_style="bold")
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(style="green", no_wrap=True)
    for period in periods:
        table.add_row(period["period"], str(period["count"]), bar(period["count"], top, bar_width))
    if timeline.get("undated"):
        table.add_row("undated", str(timeline["undated"]), "")
    return table


def facets_view(facets: dict, top: int = 10):
    """Tag, section and month counts side by side (``news search --facets``)."""
    from rich.columns import Columns
    from rich.table import Table

    def counts(title: str, key: str, rows: list[dict]):
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column(title)
        table.add_column("hits", justify="right")
        for row in rows:
            table.add_row(_text(row[key] or "(none)"), str(row["count"]))
        return table

    months = facets["months"]
    if len(months) > 18:   # a long span reads better by year (the JSON keeps the months)
        years: dict = {}
        for row in months:
            year = row["month"][:4] if row["month"] else None
            years[year] = years.get(year, 0) + row["count"]
        dates = counts("year", "year", [{"year": y, "count": n} for y, n in years.items()])
    else:
        dates = counts("month", "month", months)
    return Columns([
        counts("tag", "tag", facets["tags"][:top]),
        counts("section", "section", facets["sections"][:top]),
        dates,
    ], padding=(0, 4))
