"""Articles for people: one article to read, lists of articles, tags, stats.

JSON output lives with the commands, never here; page text becomes Rich text
only through render.console.plain_text.
"""

from __future__ import annotations

import os
import shutil
import sys

from newscli.formats import date_only, local_time, meta_line, section_shown
from newscli.model import Article
from newscli.render.console import console, plain_text
from newscli.textclean import clean_line, clean_text

READ_WIDTH = 88  # a comfortable measure for body text


def article_view(article: Article):
    """The renderables of `news read`: headline, meta, tags, caption, body."""
    from rich.console import Group
    from rich.text import Text

    from newscli.render.bidi import Paragraph

    parts = [Paragraph(plain_text(article.title, "bold")), plain_text(meta_line(article), "dim")]
    if article.tags:
        parts.append(plain_text("Tags: " + ", ".join(article.tags), "cyan"))
    if article.image_caption:
        parts.append(plain_text(f"Image: {article.image_caption}", "italic dim"))
    parts.append(url_line(article))
    for paragraph in clean_text(article.text).split("\n\n"):
        if paragraph.strip():
            # A bare blank line, not Padding: that fills the gap with spaces.
            parts += [Text(""), Paragraph(Text(paragraph.strip()))]
    return Group(*parts)


def url_line(article: Article):
    """``ID  URL`` on one line however long the URL: never folded, so it can be
    clicked, copied and grepped; on a terminal also a hyperlink (OSC 8): only
    when stdout is a real terminal (not a pipe, even with FORCE_COLOR) that is
    not TERM=dumb. Terminals without OSC 8 ignore it and show the text."""
    from rich.style import Style
    from rich.text import Text

    url = clean_line(article.url)
    line = Text(f"{article.id}  ", style="dim", no_wrap=True, overflow="ignore")
    linked = (url.startswith(("http://", "https://")) and sys.stdout.isatty()
              and os.environ.get("TERM", "dumb") != "dumb")
    line.append(url, style=Style(dim=True, link=url) if linked else "dim")
    return line


def show_article(article: Article, pager: bool = True) -> None:
    """Print an article; through a pager when on a TTY and longer than the screen."""
    out = console()
    view = article_view(article)
    width = min(out.width, READ_WIDTH)
    if pager and out.is_terminal and sys.stdin.isatty():
        lines = out.render_lines(view, out.options.update(width=width), pad=False)
        if len(lines) > shutil.get_terminal_size().lines - 1:
            with out.capture() as captured:
                out.print(view, width=width, crop=False)
            page(captured.get())
            return
    out.print(view, width=width, crop=False)   # crop=False: the URL line is wider than the screen


def pager_command() -> str | None:
    """The pager, as git chooses it: $NEWS_PAGER, else $PAGER, else less;
    None when it is empty or cat (no pager)."""
    for name in ("NEWS_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            break
    else:
        command = "less"
    return None if command in ("", "cat") else command


def page(text: str) -> None:
    """Show styled ``text`` through the pager. As with git, LESS defaults to
    FRX (quit if it fits one screen, colours, and leave the text on the
    screen after quitting) and LV to -c; a LESS of one's own is kept."""
    import subprocess

    command = pager_command()
    if command is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert pager.stdin is not None   # stdin=PIPE
    try:
        with pager.stdin:
            pager.stdin.write(text.encode("utf-8", "replace"))
    except BrokenPipeError:
        pass   # quit before the end: fine
    while True:
        try:
            code = pager.wait()
            break
        except KeyboardInterrupt:
            continue   # Ctrl-C is the pager's to handle (less: stop searching), as in git
    if code == 127:   # the shell found no such command
        sys.stderr.write(f"news: warning: cannot run the pager {command!r}; printing instead\n")
        sys.stdout.write(text)
        sys.stdout.flush()


def article_table(articles: list[Article], title: str | None = None):
    from rich.table import Table

    table = Table(title=title, show_lines=False, box=None, pad_edge=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("section", style="magenta", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("title", overflow="fold")
    from newscli.render.bidi import Paragraph

    for a in articles:
        table.add_row(a.id[:8], date_only(a.published), plain_text(section_shown(a)), Paragraph(plain_text(a.title)))
    return table


def tags_table(rows: list[tuple[str, int]]):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("tag")
    table.add_column("articles", justify="right")
    for tag, count in rows:
        table.add_row(plain_text(tag), str(count))
    return table


def stats_table(stats: dict):
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    if stats.get("home"):
        table.add_row("home", plain_text(stats["home"]))
    for key in ("articles", "tags", "breaking_items", "index_docs", "store_bytes", "index_bytes", "last_sync"):
        value = stats.get(key)
        if key.endswith("_bytes") and value is not None:
            value = human_bytes(value)
        elif key == "last_sync":
            value = local_time(value)
        table.add_row(key.replace("_", " "), plain_text(str(value if value is not None else "never")))
    for site, count in stats.get("sites", {}).items():
        table.add_row(f"  {site}", str(count))
    return table


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
