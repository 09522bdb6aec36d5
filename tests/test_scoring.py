"""scoring.py ranks exactly as Whoosh does: BM25FBlockLengths and
prescored unions give the same documents with the same scores to the last
bit, over several segments, with deleted documents and with fields some
documents lack, with posting lists of one block and of many. (These
segments are small enough for Whoosh to add up unions in arrays too, so
even the order of the additions is the same.)"""

from __future__ import annotations

import corpus as gen
import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.query import Or
from whoosh.scoring import BM25F

from newscli.archive.archive import Archive
from newscli.config import Home
from newscli.index import scoring
from newscli.index.codec import INLINE_LIMIT, InliningCodec
from newscli.index.phrases import exact_phrases
from newscli.index.planning import collector as _collector
from newscli.index.query import ALL_LANGUAGES, QueryBuilder
from newscli.index.scoring import (
    BlockUnionMatcher,
    BM25FBlockLengths,
    PrescoredOr,
    prescored_unions,
)

QUERIES = ["ceasefire", "negotiations sanctions", '"security guarantees"', "مفاوضات", "nato OR gaza",
           "title:election", "tag:ukraine ceasefire"]


@pytest.fixture(scope="module", params=[128, 3], ids=["blocks of 128", "blocks of 3"])
def index(tmp_path_factory, request):
    """(Posting blocks of 3: a word's postings span many blocks, which the
    block-at-a-time adding of scores must walk.)"""
    home = tmp_path_factory.mktemp("scoring") / "home"
    records = gen.generate(120)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InliningCodec, "__init__", lambda codec, inlinelimit=INLINE_LIMIT: W3Codec.__init__(
            codec, blocklimit=request.param, inlinelimit=inlinelimit))
        for start in range(0, len(records), 30):        # four segments
            gen.build(home, records[start:start + 30])
    with Archive(Home(home)) as archive:
        gone = [a.id for a in archive.store.query(limit=7)]
        with archive.writing():
            archive.index.delete(gone)              # deleted documents inside segments
        yield archive.index


def ranked(index, weighting, text: str, rewrite=lambda query: query):
    ix = index._open(create=False)
    with ix.searcher(weighting=weighting) as searcher:
        query = rewrite(exact_phrases(QueryBuilder(ix.schema, searcher.reader(), ALL_LANGUAGES).parse(text)))
        found = _collector(searcher, None, "relevance", None)
        searcher.search_with_collector(query, found)
        return [(hit["id"], hit.score) for hit in found.results()]


@pytest.mark.parametrize("part", [2048, 7])   # (7: many blocks per segment)
@pytest.mark.parametrize("text", QUERIES)
def test_scores_are_whooshs(index, text, part, monkeypatch):
    monkeypatch.setattr(BlockUnionMatcher, "PART", part)
    expected = ranked(index, BM25F(), text)
    assert expected, "the query must find something for the comparison to mean anything"
    assert ranked(index, BM25FBlockLengths(), text) == expected
    assert ranked(index, BM25FBlockLengths(), text, prescored_unions) == expected


def test_every_plain_or_is_prescored(index):
    ix = index._open(create=False)
    with ix.searcher() as searcher:
        query = prescored_unions(QueryBuilder(ix.schema, searcher.reader(), ALL_LANGUAGES).parse("nato OR gaza"))
    ors = [q for q in _walk(query) if isinstance(q, Or)]
    assert ors and all(type(q) is PrescoredOr for q in ors)


def _walk(query):
    yield query
    if not query.is_leaf():
        for child in query.children():
            yield from _walk(child)


def test_lengths_come_from_blocks(index):
    """The block path is taken (not the fallback to Whoosh's own lookup)."""
    weighting = BM25FBlockLengths()
    ranked(index, weighting, "ceasefire")
    blocks = [lengths for _, lengths in weighting._lengths.values()]
    assert blocks and all(lengths is not None for lengths in blocks)


def test_scores_are_added_a_block_at_a_time(index, monkeypatch):
    """The fast path is taken, deleted documents included (the comparisons
    above would pass without it)."""
    calls = []

    def add(postings, term_boost, deleted, *rest):
        calls.append((term_boost, deleted))
        return add_scores(postings, term_boost, deleted, *rest)

    add_scores = scoring._add_bm25_scores
    monkeypatch.setattr(scoring, "_add_bm25_scores", add)
    ranked(index, BM25FBlockLengths(), "nato OR gaza", prescored_unions)
    assert any(deleted for _, deleted in calls)
    assert any(boost != 1.0 for boost, _ in calls)   # (title words are boosted)
