"""How breaking news looks: the table of `news breaking`, the plain lines of a
watch written to a pipe, and the live view of a watch on a terminal.

As in :mod:`newscli.render`, page text only ever reaches Rich as ``Text``
after :func:`clean_line`; times are shown in the local zone.
"""

from __future__ import annotations

import time
from datetime import datetime

from newscli.breaking.ticker import BreakingItem
from newscli.textclean import clean_line


def seen_time(iso_time: str, now: datetime | None = None) -> str:
    """'14:03:27' today, '28 Jan 14:03' before (local time)."""
    local = datetime.fromisoformat(iso_time).astimezone()
    now = now or datetime.now().astimezone()
    return local.strftime("%H:%M:%S") if local.date() == now.date() else local.strftime("%d %b %H:%M")


def plain_line(item: BreakingItem) -> str:
    """One line of a watch written to a pipe: time first seen, text, linked article."""
    line = f"{seen_time(item.first_seen)}  {clean_line(item.text)}"
    return line + (f"  [{item.article_id}]" if item.article_id else "")


def breaking_table(items: list[BreakingItem], mark_new: bool = True):
    """Items newest first: first seen, the line, its article; new ones marked."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold", show_header=True)
    if mark_new:
        table.add_column("", no_wrap=True, style="bold yellow")
    table.add_column("first seen", no_wrap=True, style="dim")
    table.add_column("breaking", overflow="fold")
    table.add_column("article", no_wrap=True, style="cyan")
    for item in items:
        row: list[str | Text] = [seen_time(item.first_seen),
                                 Text(clean_line(item.text), style="bold" if item.new else ""), item.article_id or ""]
        table.add_row(*(["NEW" if item.new else "", *row] if mark_new else row))
    return table


class LiveView:
    """The screen of `news breaking --watch` on a terminal: the ticker newest
    first (lines that appeared during the watch highlighted) over a status
    line. Rich re-renders it on its own clock, so the countdown moves."""

    KEEP = 200  # items remembered for the screen (all are in the store)

    def __init__(self, site: str, url: str, height: int = 24):
        self.site = site
        self.url = url
        self.height = height
        self.items: list[BreakingItem] = []
        self.fresh: set[str] = set()
        self.checked: float | None = None
        self.next_at: float | None = None
        self.problem: str | None = None

    def show(self, items: list[BreakingItem], fresh: bool = False) -> None:
        """Put ``items`` (newest first) on top; ``fresh``: they appeared during the watch."""
        ids = {item.id for item in items}
        self.items = (items + [item for item in self.items if item.id not in ids])[:self.KEEP]
        if fresh:
            self.fresh |= ids

    def relink(self, links: dict[str, str | None]) -> None:
        """Article ids found since the items were shown."""
        for item in self.items:
            item.article_id = links.get(item.id, item.article_id)

    def checked_ok(self, next_in: float) -> None:
        self.problem = None
        self.checked = time.time()
        self.next_at = time.monotonic() + next_in

    def failed(self, message: str, retry_in: float) -> None:
        self.problem = message
        self.next_at = time.monotonic() + retry_in

    def __rich__(self):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        header = Text.assemble(("BREAKING", "bold white on red"), "  ",
                               (clean_line(self.site), "bold"), "  ", (clean_line(self.url), "dim"))
        table = Table(box=None, pad_edge=False, show_header=False, expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(overflow="fold", ratio=1)
        table.add_column(no_wrap=True, style="cyan")
        for item in self.items[:max(1, self.height - 4)]:
            is_new = item.id in self.fresh
            table.add_row(seen_time(item.first_seen),
                          Text(clean_line(item.text), style="bold yellow" if is_new else ""),
                          item.article_id or "")
        return Group(header, table, self._status())

    def _status(self):
        from rich.text import Text

        wait = max(0, round(self.next_at - time.monotonic())) if self.next_at else None
        parts = [f"{len(self.fresh)} new"]
        if self.checked:
            parts.append("checked " + time.strftime("%H:%M:%S", time.localtime(self.checked)))
        if wait is not None:
            parts.append(f"next in {wait}s")
        parts.append("Ctrl-C to stop")
        status = Text(" · ".join(parts), style="dim")
        if self.problem:
            status = Text.assemble((clean_line(self.problem)[:120], "bold red"), " · ", status)
        return status
