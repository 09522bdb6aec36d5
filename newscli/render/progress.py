"""The one progress bar: Rich on stderr, gone from the screen when the work ends.

Commands show it only when stderr is a terminal (:func:`progress_bar`); in a
pipe or a cron job nothing is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A bar (spinner, what is being done, done of total, counts, rate, time
    left); gives ``update(description=, completed=, total=, counts=)``. When
    stderr is no terminal, ``update`` does nothing."""
    if not sys.stderr.isatty():
        yield lambda **changes: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from newscli.render.console import console
    from newscli.textclean import clean_line

    class Rate(ProgressColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "  -/s")

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                   MofNCompleteColumn(), TextColumn("{task.fields[counts]}", markup=False),
                   Rate(), TimeRemainingColumn(), console=console(stderr=True), transient=True)
    task = bar.add_task(clean_line(description)[:48], total=total, counts="")

    def update(**changes: Any) -> None:
        if "description" in changes:
            changes["description"] = clean_line(changes["description"])[:48]
        bar.update(task, **changes)

    with bar:
        yield update
