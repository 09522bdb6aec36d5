"""Phrases checked on word positions: the words must stand next to each other."""

from __future__ import annotations

import newscli.index.lean  # noqa: F401  (first: Whoosh without what it never uses)

# isort: split
from whoosh import matching
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.query.spans import Span


class _AdjacentMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher (the intersection of the words' postings,
    each document in it checked) with a set test for the words at consecutive
    positions in place of Whoosh's general span algorithm (slop, order and
    distance, a Span object per position): 1.7-3x faster."""

    def _get_spans(self):
        starts = set(self.ms[0].value_as("positions"))
        for offset, matcher in enumerate(self.ms[1:], 1):
            starts.intersection_update([p - offset for p in matcher.value_as("positions")])
            if not starts:
                return []
        return [Span(start, start + len(self.ms) - 1) for start in sorted(starts)]


class ExactPhrase(Phrase):
    """A phrase without slop ("security guarantees"), matched by _AdjacentMatcher."""

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None  # noqa: SIM401 (a Schema has no get)
        if self.slop > 1 or field is None or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                term = Term(self.fieldname, field.to_bytes(word))
            except ValueError:
                return matching.NullMatcher()
            if (term.fieldname, term.text) not in reader:
                return matching.NullMatcher()
            terms.append(term)
        found = _AdjacentMatcher([term.matcher(searcher, context) for term in terms])
        return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


def exact_phrases(query):
    """``query`` with its phrases without slop as ExactPhrase."""
    if type(query) is Phrase and query.slop <= 1:
        return ExactPhrase(query.fieldname, query.words, slop=query.slop, boost=query.boost, char_ranges=query.char_ranges)
    if query.is_leaf():
        return query
    return query.apply(exact_phrases)
