"""How text is cut into index terms, one analyzer per language.

Each article is indexed in the fields of its own language (``title_en``,
``body_ar``...), analysed the way that language needs; a query is analysed by
every language's analyzer and so finds an article in any of them:

- English: Snowball (Porter2) stemming ("negotiations" finds "negotiating").
- Spanish: Snowball stemming; accents folded after stemming, and the
  unaccented singular ``-cion``/``-sion`` restored first, so "negociacion"
  finds "negociación" and "negociaciones".
- Arabic: normalised (diacritics and tatweel removed; alef, alef maksura and
  teh marbuta forms unified) then stemmed with Whoosh's ISRI stemmer, so an
  Arabic query finds an article whatever spelling form either uses.
- Anything else: lowercased, accents folded, Arabic normalised, no stemming.

The schema (analyzers included) is pickled into the index, so the classes
here are part of the index format: rename one and bump index.INDEX_VERSION.
Whoosh is imported at module level: only the index imports this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import newscli.index.lean  # noqa: F401  (first: Whoosh without what it never uses)

# isort: split
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from newscli.model import primary_language

LANGUAGES = ("en", "es", "ar")
GENERIC = "xx"  # the fields of articles in any other (or no) language
# Words, numbers with inner dots ("1.5"), and the Arabic marks and tatweel
# that \w alone would split words on (they are removed by the filters).
TOKEN_PATTERN = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+(?:\.\w+)*"

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FORMS = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ -> ا
    "\u0649": "\u064a", "\u06cc": "\u064a",                                          # ى ی -> ي
    "\u0629": "\u0647",                                                              # ة -> ه
    "\u06a9": "\u0643",                                                              # ک -> ك
})
_SPANISH_ACCENTED_ENDINGS = (("cion", "ción"), ("sion", "sión"))


def normalise_arabic(word: str) -> str:
    """One spelling of an Arabic word: no diacritics or tatweel, plain alef,
    yeh for alef maksura, heh for teh marbuta. Other scripts pass unchanged."""
    if word.isascii():   # (most words of most articles: skips a regex and a translate)
        return word
    return _ARABIC_MARKS.sub("", word).translate(_ARABIC_FORMS)


def fold_accents(word: str) -> str:
    """Latin accents off ("négociación" -> "negociacion"); Arabic letters kept
    (their hamza forms are handled by :func:`normalise_arabic`)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def language_of(lang: str | None, sample: str = "") -> str:
    """The analysis language of an article: its declared language when we
    have an analyzer for it, else Arabic when the text is mostly Arabic
    letters, else the generic fields."""
    primary = primary_language(lang)
    if primary in LANGUAGES:
        return primary
    letters = [c for c in sample[:2000] if c.isalpha()]
    if letters and sum(1 for c in letters if _ARABIC_LETTER.match(c)) > len(letters) / 2:
        return "ar"
    return GENERIC


class WordFilter(Filter):
    """Base of the filters that map one word to one word (empty drops it)."""

    def transform(self, word: str) -> str:
        raise NotImplementedError

    def __call__(self, tokens):
        transform = self.transform
        for token in tokens:
            token.text = transform(token.text)
            if token.text:
                yield token


class FoldFilter(WordFilter):
    """Case- and accent-insensitive words; Arabic normalised."""

    def transform(self, word: str) -> str:
        return normalise_arabic(fold_accents(word))


class ArabicStemFilter(WordFilter):
    """Normalise, then strip Arabic affixes with the ISRI stemmer."""

    def transform(self, word: str) -> str:
        return _arabic_stem(normalise_arabic(word))


class SpanishStemFilter(WordFilter):
    """Snowball Spanish, tolerant of missing accents."""

    def transform(self, word: str) -> str:
        for plain, accented in _SPANISH_ACCENTED_ENDINGS:
            if word.endswith(plain):
                word = word[: -len(plain)] + accented
                break
        return fold_accents(_spanish_stem(word))


class EnglishStemFilter(WordFilter):
    """Porter2 (Snowball English) stemming of the accent-folded word: unlike
    Porter it gives "negotiating" and "negotiation" one stem."""

    def transform(self, word: str) -> str:
        return _english_stem(fold_accents(word))


@lru_cache(maxsize=50000)
def _arabic_stem(word: str) -> str:
    return _isri().stem(word) or word


@lru_cache(maxsize=50000)
def _spanish_stem(word: str) -> str:
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("es")(word)


@lru_cache(maxsize=50000)
def _english_stem(word: str) -> str:
    from whoosh.lang.porter2 import stem

    return stem(word)


@cache
def _isri():
    from whoosh.lang.isri import ISRIStemmer

    return ISRIStemmer()


def tokenizer():
    return RegexTokenizer(TOKEN_PATTERN)


WORD_FILTERS = {"en": EnglishStemFilter, "es": SpanishStemFilter, "ar": ArabicStemFilter}
# Each letter of a normalised Arabic word -> the letters a page may have written.
_ARABIC_SPELLINGS = {normal: {normal, *(chr(code) for code, n in _ARABIC_FORMS.items() if n == normal)}
                     for normal in set(_ARABIC_FORMS.values())}


def could_become(language: str, terms: set[str]):
    """A cheap test of a word (a regex match, no Python per word): None when
    its term in ``language`` cannot be one of ``terms``, so highlighting
    stems only the words that can match (stemming is what costs). Snowball
    (en, es) keeps a word's first letter, lower-cased and accent-folded: it
    only cuts and rewrites endings (words starting with other than ASCII
    pass). ISRI (ar) only deletes letters from the normalised word, so each
    Arabic letter of the term is in it, in one of its written forms."""
    if language in ("en", "es"):
        initials = "".join(sorted({term[:1] for term in terms if term[:1].isascii()}))
        # (Case ignored for the ASCII initials only: 'ı' folds to 'I'.)
        pattern = rf"(?i:[{re.escape(initials)}])|[^\x00-\x7f]" if initials else r"[^\x00-\x7f]"
        return re.compile(pattern).match
    if language == "ar":
        def needs(term: str) -> str:
            return "".join(f"(?=.*[{re.escape(''.join(sorted(_ARABIC_SPELLINGS.get(c, {c}))))}])"
                           for c in sorted(set(term)) if _ARABIC_LETTER.match(c))
        return re.compile("|".join(needs(term) for term in sorted(terms)), re.DOTALL).match
    return re.compile("").match


@cache
def term_function(language: str):
    """word -> the term the index holds for it in ``language``'s fields: what
    :func:`analyzer_for` does to one token, without the token machinery
    (highlighting calls it for every word of every snippet)."""
    transform = WORD_FILTERS.get(language, FoldFilter)().transform

    @lru_cache(maxsize=100_000)
    def term(word: str) -> str:
        return transform(word.lower())

    return term


def analyzer_for(language: str):
    """The analyzer of one language's title and body fields."""
    return tokenizer() | LowercaseFilter() | WORD_FILTERS.get(language, FoldFilter)()


def generic_analyzer():
    """Words as written, minus case and accents (authors, spelling vocabulary)."""
    return tokenizer() | LowercaseFilter() | FoldFilter()


def keyword_analyzer():
    """Comma-separated keys (tags, sections), case and accents ignored."""
    from whoosh.analysis import CommaSeparatedTokenizer, StripFilter

    return CommaSeparatedTokenizer() | StripFilter() | LowercaseFilter() | FoldFilter()
