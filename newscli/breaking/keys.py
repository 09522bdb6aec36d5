"""Ticker lines' identity: the key that survives small edits, the stable id,
and the keys that link a line to an article's headline.

A leaf module: the archive links lines to articles with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from newscli.textclean import fold

ID_LENGTH = 12
MIN_MATCH_CHARS = 12      # shorter keys ("live", "video") would link anything
_DECIMAL_MARK = re.compile(r"(?<=\d)[.,\u066b](?=\d)")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_\u0640]+")
_DIGIT = re.compile(r"\d")
# "Iraq: ...", "Taiwan's President: ...": a short speaker or place before a colon.
_SPEAKER = re.compile(r"^[^:：]{2,40}[:：]\s+(?=\S)")


def item_key(text: str) -> str:
    """What stays of a line when small edits are ignored: letters and digits
    only, case- and accent-folded, digits in ASCII, decimal marks kept (so
    "1.5%" and "15%" differ). "Taiwan’s" and "TAIWAN'S", "self-defense" and
    "self defense" give the same key."""
    # NFKD splits accents off their letters; \W then drops them with the
    # punctuation, spaces and symbols (and the tatweel that stretches Arabic).
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    key = ".".join(_NOT_LETTER_OR_DIGIT.sub("", part) for part in _DECIMAL_MARK.split(decomposed))
    if not key.isascii():
        key = _DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), key)
    return key


def item_id(site: str, text: str) -> str:
    """Stable short id of a ticker line on ``site``."""
    import hashlib  # here: commands that store nothing never load OpenSSL

    return hashlib.sha256(f"{site}\n{item_key(text)}".encode()).hexdigest()[:ID_LENGTH]


def match_keys(text: str) -> tuple[str | None, str | None]:
    """(key of the whole line, key without a leading "Speaker: ") for linking
    lines and headlines; keys too short to be telling are None."""
    text = text.strip()
    whole = item_key(text)
    bare_text = _SPEAKER.sub("", text, count=1)
    bare = item_key(bare_text) if bare_text != text else ""
    return (whole if len(whole) >= MIN_MATCH_CHARS else None,
            bare if len(bare) >= MIN_MATCH_CHARS else None)


def matches(text: str, words: Iterable[str]) -> bool:
    """Does ``text`` contain any of ``words`` (case and accents ignored)? No words: yes."""
    words = [fold(w) for w in words if w.strip()]
    if not words:
        return True
    folded = fold(text)
    return any(w in folded for w in words)


def match_words(values: Iterable[str] | None) -> list[str]:
    """--match values ("putin, trump" or repeated) -> words."""
    return [w for value in values or () for w in re.split(r"[\s,]+", value) if w]
