"""BM25FBlockLengths (scoring.py) ranks exactly as Whoosh's BM25F: same
documents, same scores to the last bit, over several segments, with deleted
documents and with fields some documents lack."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.scoring import BM25F

import corpus as gen
from newscli.archive import Archive
from newscli.config import Home
from newscli.index import _collector, exact_phrases
from newscli.query import ALL_LANGUAGES, QueryBuilder
from newscli.scoring import BM25FBlockLengths

QUERIES = ["ceasefire", "negotiations sanctions", '"security guarantees"', "مفاوضات", "nato OR gaza",
           "title:election", "tag:ukraine ceasefire"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    home = tmp_path_factory.mktemp("scoring") / "home"
    records = gen.generate(120)
    for start in range(0, len(records), 30):        # four segments
        gen.build(home, records[start:start + 30])
    with Archive(Home(home)) as archive:
        gone = [a.id for a in archive.store.query(limit=7)]
        with archive.writing():
            archive.index.delete(gone)              # deleted documents inside segments
        yield archive.index


def ranked(index, weighting, text: str):
    ix = index._open(create=False)
    with ix.searcher(weighting=weighting) as searcher:
        query = exact_phrases(QueryBuilder(ix.schema, searcher.reader(), ALL_LANGUAGES).parse(text))
        found = _collector(searcher, None, "relevance", None)
        searcher.search_with_collector(query, found)
        return [(hit["id"], hit.score) for hit in found.results()]


@pytest.mark.parametrize("text", QUERIES)
def test_scores_are_whooshs(index, text):
    expected = ranked(index, BM25F(), text)
    assert expected, "the query must find something for the comparison to mean anything"
    assert ranked(index, BM25FBlockLengths(), text) == expected


def test_lengths_come_from_blocks(index):
    """The block path is taken (not the fallback to Whoosh's own lookup)."""
    weighting = BM25FBlockLengths()
    ranked(index, weighting, "ceasefire")
    blocks = [lengths for _, lengths in weighting._lengths.values()]
    assert blocks and all(lengths is not None for lengths in blocks)
