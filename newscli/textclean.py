"""Make text from the web safe for a terminal.

Web pages are hostile input: a title may carry ANSI escape sequences that
move the cursor, rewrite the window title or hide text, and bidi override
characters can reorder what is shown. Everything that reaches a terminal goes
through :func:`clean_text` (stored text too, so a JSON consumer gets the same).
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC strings, and two-character escapes. ESC never stands in text
# by accident, so a sequence it starts goes whole. The 8-bit forms (C1
# controls) are not read as sequences: they are what text UTF-8-encoded twice
# is made of ("\u00e2\x80\x9d" for a closing quote), and reading "\x9d ... \x9c"
# as a string command deleted the text between two quotation marks.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                       # CSI
  | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)  # OSC, DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                                 # other 7-bit escapes
    """,
    re.VERBOSE,
)
# A string command's body stops at the first ESC, BEL or ST: with ".*?" instead,
# each unterminated "ESC ]" scanned to the end of the text, and a page of them
# took quadratic time (1,000 in 200 KB: 4 s; 4,000: 15 s).
# C0 and C1 controls except tab and newline, DEL, the bidi embedding,
# override and isolate controls (which can make text display out of order),
# the two private-use characters the index uses to mark search matches, and
# lone surrogates (from JSON's "\ud800"): no encoder writes them, so one left
# in a title failed the whole run with UnicodeEncodeError.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ue000\ue001\ud800-\udfff]")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(text: str | None) -> str:
    """Strip escape sequences and control characters; keep newlines and tabs.

    Text UTF-8-encoded twice is repaired first; then each control character
    goes on its own, so no text is lost between two of them.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _C1_CONTROL.search(text):
        text = repair_double_encoding(text)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def repair_double_encoding(text: str) -> str:
    """Text UTF-8-encoded twice ("â\\x80\\x9d" for "”") decoded back, one line at
    a time and only the lines holding a C1 control: repairing is slow."""
    import ftfy

    lines = text.splitlines(keepends=True)
    return "".join(ftfy.fix_encoding(line) if _C1_CONTROL.search(line) else line for line in lines)


def clean_line(text: str | None) -> str:
    """One line of display text: cleaned, whitespace collapsed, trimmed."""
    return _SPACES.sub(" ", clean_text(text).replace("\n", " ")).strip()


def fold(text: str) -> str:
    """Case- and accent-insensitive key ("Nato", "NATO", "nató" -> "nato")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


# Characters JSON allows raw inside strings that a terminal or a JavaScript
# parser may act on: C1 controls (8-bit CSI, OSC...), bidi overrides and
# isolates, the line and paragraph separators.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_json(data, indent: int | None = None) -> str:
    """JSON text (UTF-8, not ASCII-escaped) in which the characters above are
    written as \\uXXXX escapes: the same data, harmless on a terminal."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
