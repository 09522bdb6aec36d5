"""The consoles news prints on, and the one way page text becomes Rich text.

Every string from a page goes into a ``rich.text.Text`` (never parsed as
markup) after cleaning, so neither escape sequences nor ``[red]`` written on
a web page can reach the terminal as anything but literal text. Colour
follows Rich's detection: none when stdout is not a TTY, none with NO_COLOR.
"""

from __future__ import annotations

from functools import cache

from newscli.textclean import clean_line


@cache
def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False,
                   soft_wrap=False)


def show(renderable) -> None:
    """Print on stdout. In a pipe, without the spaces Rich pads every table
    cell with (`news list | grep`, diffs): each line ends at its last character."""
    import re

    out = console()
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    # Spaces before the end of a line, or before the style resets ending it (FORCE_COLOR).
    trailing = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")
    out.file.write("\n".join(trailing.sub(r"\1", line) for line in captured.get().split("\n")))
    out.file.flush()


def plain_text(value: str | None, style: str = ""):
    from rich.text import Text

    return Text(clean_line(value), style=style)
