"""The shortcut highlighting takes: a word that could_become() rejects never
has one of the terms as its term, in any language's analysis."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.index.analysis import (
    GENERIC,
    LANGUAGES,
    TOKEN_PATTERN,
    could_become,
    term_function,
)

# Latin letters with and without accents, Arabic letters in their variant
# forms, Arabic marks and tatweel, digits, dots: what the stemmers rewrite.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            "áéíóúüñçÁÉÍÓÚÑİıßœ" "يىیهةكکاأإآٱءؤئبتثجحخدذرزسشصضطظعغفقلمنو" "\u064b\u0650\u0670\u0640" "0123456789.")


def tokens(text: str) -> list[str]:
    return [m.group() for m in re.finditer(TOKEN_PATTERN, text)]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=40),
       language=st.sampled_from((*LANGUAGES, GENERIC)))
def test_a_word_whose_term_is_sought_always_passes(text, language):
    term_of = term_function(language)
    for word in tokens(text):
        term = term_of(word)
        if term:
            assert could_become(language, {term, "zzz"})(word), (language, word, term)


def test_words_that_cannot_match_are_rejected():
    assert could_become("en", {"putin"})("Macron") is None
    assert could_become("en", {"putin"})("Putin's")
    assert could_become("en", {"negoti"})("Negotiations")
    gaza = term_function("ar")("غزة")
    assert could_become("ar", {gaza})("وغزة")
    assert could_become("ar", {gaza})("بيروت") is None
