"""Right-to-left text (Arabic) in a terminal.

We send text in logical order, as stored, and leave the visual reordering to
the terminal's bidi algorithm: reversing it ourselves would scramble it on
every terminal that does bidi. What a terminal cannot know is a wrapped
line's direction: a line of an Arabic paragraph that happens to start with a
number or a Latin name ("NATO ...") is laid out left-to-right, its Arabic
runs in the wrong order. So :class:`Paragraph` wraps the text itself and
starts every line of a right-to-left paragraph with a RIGHT-TO-LEFT MARK
(U+200F: zero width, no glyph, a strong RTL character for the algorithm).

The embedding and override controls (U+202A-E, U+2066-9) stay forbidden: page
text is cleaned of them (textclean) and we never emit them.
"""

from __future__ import annotations

import unicodedata

RLM = "\u200f"


def direction(text: str) -> str:
    """'rtl' or 'ltr': the direction of the first strong character (UAX #9, P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


class Paragraph:
    """A Rich renderable: ``text`` wrapped to the width, each line of a
    right-to-left paragraph led by U+200F. Works in tables too."""

    def __init__(self, text):
        self.text = text

    def __rich_console__(self, console, options):
        from rich.text import Text

        lines = self.text.wrap(console, options.max_width, overflow="fold")
        for line in lines:
            line.rstrip()   # the space a line was broken at: no trailing blanks to copy
        if direction(self.text.plain) == "rtl":
            lines = [Text(RLM) + line for line in lines]
        joined = Text("\n").join(lines)
        joined.no_wrap = True
        yield joined

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement.get(console, options, self.text)
