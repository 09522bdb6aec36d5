"""Search hits as a table, with the query's words highlighted in each snippet."""

from __future__ import annotations

from newscli.formats import counted, date_only, section_shown
from newscli.render.console import plain_text
from newscli.textclean import clean_text


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
                  caption=f"{len(hits)} of {counted(total, 'hit')}", caption_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("section", style="magenta", max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("title / snippet", overflow="fold")
    from rich.console import Group

    from newscli.render.bidi import Paragraph

    for hit in hits:
        a = hit.article
        title = Paragraph(plain_text(a.title, "bold"))
        body = Group(title, Paragraph(snippet_text(hit.snippet))) if hit.snippet else title
        table.add_row(a.id[:8], date_only(a.published), plain_text(section_shown(a)), body)
    return table
