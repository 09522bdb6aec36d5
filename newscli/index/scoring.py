"""Ranking as Whoosh ranks, in less time: same hits, same scores.

**Field lengths.** BM25F needs the length of the field of every posting it
scores. Whoosh looks each one up with a seek and a one-byte read through its
Python file layer (~17 us); ranking a common word means scoring thousands of postings, and the
lookups cost more than the formula. Here the lengths of a field in a segment
are read once, as one block, the first time a query scores that field there.
The scores are Whoosh's to the last bit: the same bytes, decoded the same way.

**Unions.** A word searched in every language's title and body is an Or of
ten or more terms. For an Or whose parent does not need the current document
(the usual case), Whoosh adds up the scores of each run of 2,048 documents in
an array -- but only in segments of at most 5,000 documents (above, a tree
of pairwise unions, ~1.3x slower), and it clears the array one element at a
time in Python. :func:`prescored_unions` makes every such Or add up in an
array, cleared in one copy, and where a term's postings are a plain segment's
(the usual case) their scores are added a block of postings at a time, with
Whoosh's formula written out, not three method calls per posting.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.combo import ArrayUnionMatcher, CombinationMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.query import Or
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

# Whoosh's decoding of a length byte; 0 (no length stored) reads as 1, the
# default BM25F asks for.
_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


class BM25FBlockLengths(BM25F):
    """BM25F whose scorers find field lengths in a list. Make one per
    searcher: it keeps the lists of the segments it has scored."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lengths: dict[tuple[int, str], tuple[object, list[int] | None]] = {}

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            lengths = self._field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
                scorer.lengths = lengths
        return scorer

    def _field_lengths(self, reader, fieldname: str) -> list[int] | None:
        """Every document's length of ``fieldname`` in one segment's reader;
        None where the reader is not a plain segment (Whoosh's own lookup then)."""
        key = (id(reader), fieldname)
        if key in self._lengths:
            return self._lengths[key][1]
        lengths = None
        perdoc = getattr(reader, "_perdoc", None)
        cached_reader = getattr(perdoc, "_cached_reader", None)
        column = cached_reader and cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None and hasattr(column, "_dbfile") and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
            doccount = reader.doc_count_all()
            lengths = [_LENGTH_OF_BYTE[b] for b in raw] + [1] * max(0, doccount + 1 - len(raw))
        self._lengths[key] = (reader, lengths)   # (the reader kept: its id stays its own)
        return lengths


def prescored_unions(query):
    """``query`` with each plain Or as a PrescoredOr."""
    if type(query) is Or:
        query = PrescoredOr(query.subqueries, boost=query.boost, minmatch=query.minmatch, scale=query.scale)
    if query.is_leaf():
        return query
    return query.apply(prescored_unions)


class PrescoredOr(Or):
    """An Or whose documents' scores are added up in blocks (see the module doc)
    wherever Whoosh would allow it in a small segment."""

    def _matcher(self, subs, searcher, context):
        needs_current = context.needs_current if context else True
        if needs_current or self.scale or self.minmatch or len(subs) >= self.TOO_MANY_CLAUSES:
            return super()._matcher(subs, searcher, context)
        scored = context.weighting is not None if context else True
        matchers = [sub.matcher(searcher, context) for sub in subs]
        return BlockUnionMatcher(matchers, searcher.doc_count_all(), boost=self.boost, scored=scored)


class BlockUnionMatcher(ArrayUnionMatcher):
    """Whoosh's ArrayUnionMatcher with its score array made and cleared by
    copying a block of zeros, not element by element (~300,000 Python steps
    for a two-word query at 10k articles)."""

    PART = 2048   # documents added up at a time (Whoosh's default)

    def __init__(self, submatchers, doccount, boost=1.0, scored=True):
        CombinationMatcher.__init__(self, submatchers, boost=boost)
        self._scored, self._doccount = scored, doccount
        self._partsize = self.PART
        self._zeros = array("d", bytes(8 * self._partsize))
        self._a = array("d", self._zeros)
        self._docnum = self._min_id()
        self._read_part()

    def _read_part(self):
        scored, boost = self._scored, self._boost
        limit = min(self._docnum + self._partsize, self._doccount)
        offset = self._docnum
        a = self._a
        a[:] = self._zeros
        for m in self._submatchers:
            postings = scored and _bm25_postings(m)
            if postings:
                leaf, term_boost, exclusion = postings
                _add_bm25_scores(leaf, term_boost, exclusion and exclusion._ids, a, offset, limit, boost)
                if exclusion:
                    exclusion._find_next()   # (the filter's promise: never left on a deleted document)
                continue
            while m.is_active() and m.id() < limit:
                if scored:
                    a[m.id() - offset] += m.score() * boost
                else:
                    a[m.id() - offset] = 1
                m.next()
        self._offset = offset
        self._limit = limit


def _bm25_postings(matcher):
    """(postings, boost, exclusion) where ``matcher`` is a segment's postings
    scored by a BM25FBlockLengths scorer, perhaps under a boost and a filter
    leaving out deleted documents (what a Term query's matcher is); else None."""
    boosts, exclusion = [], None
    while True:
        kind = type(matcher)
        if kind is W3LeafMatcher:
            break
        if kind is WrappingMatcher:
            boosts.append(matcher.boost)
        elif kind is FilterMatcher and matcher._exclude and matcher.boost == 1.0 and exclusion is None:
            exclusion = matcher
        else:
            return None
        matcher = matcher.child
    boosts = [b for b in boosts if b != 1.0]
    if len(boosts) > 1 or getattr(matcher.scorer, "lengths", None) is None:
        return None   # (two boosts: Whoosh multiplies them one at a time; kept exact by its own path)
    return matcher, boosts[0] if boosts else 1.0, exclusion


def _add_bm25_scores(postings, term_boost, deleted, a, offset, limit, boost):
    """Add the scores of ``postings`` below ``limit`` into ``a``, a block at a
    time: Whoosh's BM25F, the same operations in the same order as
    ``matcher.score() * boost``, without three method calls per posting."""
    scorer = postings.scorer
    idf, avgfl, B, K1, lengths = scorer.idf, scorer.avgfl, scorer.B, scorer.K1, scorer.lengths
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        ids, weights, start, end = postings._ids, postings._weights, postings._i, postings._blocklength
        stop = bisect_left(ids, limit, start, end)
        for k in range(start, stop):
            docnum = ids[k]
            if deleted is not None and docnum in deleted:
                continue
            tf = weights[k]
            a[docnum - offset] += idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths[docnum] / avgfl))) \
                * term_boost * boost
        if stop < end:
            postings._i = stop
            return
        postings._i = end - 1
        postings.next()   # to the next block
