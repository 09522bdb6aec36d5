"""The codec news writes its index with (index_codec.py): short posting lists
inlined into the terms table, and the same answers and scores as Whoosh's
own codec, through merges, replacements and deletions."""

from __future__ import annotations

import pytest

import corpus as gen
import newscli.index as index_module
from newscli.cli.options import make_filters
from newscli.index import Index

QUERIES = ["ceasefire", "negotiations", '"security guarantees"', "مفاوضات", "sanctions OR nato",
           "negotiat*", "tag:ukraine", "title:putin", "ceasefire NOT macron", "date:2022"]


def stock_codec(**options) -> dict:
    return {"compound": False, **options}


def build(path, records, monkeypatch, stock_until: int = 0, batch: int = 10) -> Index:
    """The records added batch by batch (several merges at MERGE_FACTOR 3),
    then a third of them replaced and a few deleted; the first
    ``stock_until`` records written with Whoosh's own codec."""
    index = Index(path)
    articles = [r.article for r in records]
    for start in range(0, len(articles), batch):
        with monkeypatch.context() as patch:
            if start < stock_until:
                patch.setattr(index_module, "writer_options", stock_codec)
            index.add(articles[start:start + batch])
    index.add(articles[::3])
    index.delete([a.id for a in articles[1:40:7]])
    return index


def answers(index: Index) -> dict[str, list[tuple[str, float]]]:
    found = {}
    for query in QUERIES:
        result = index.search(query, index_module.filter_query(make_filters()), limit=None)
        found[query] = [(hit.id, round(hit.score, 9)) for hit in result.hits]
        assert result.total == len(found[query])
    return found


def inlined_terms(index: Index) -> int:
    ix = index._open(create=False)
    with ix.reader() as reader:
        return sum(segment.term_info(field, text).is_inlined()
                   for segment, _ in reader.leaf_readers() for field, text in segment.all_terms())


@pytest.mark.parametrize("stock_until", [0, 80], ids=["new", "grown from an index of an earlier news"])
def test_the_same_answers_and_scores_as_whoosh_s_codec(tmp_path, monkeypatch, stock_until):
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    records = gen.generate(150)
    ours = build(tmp_path / "ours", records, monkeypatch, stock_until)
    with monkeypatch.context() as stock:
        stock.setattr(index_module, "writer_options", stock_codec)
        whoosh_s = build(tmp_path / "whoosh", records, monkeypatch)
    assert inlined_terms(whoosh_s) == 0
    assert inlined_terms(ours) > 1000   # most terms of a news archive are rare
    expected = answers(whoosh_s)
    assert all(expected[q] for q in QUERIES)
    assert answers(ours) == expected
    assert ours.doc_count() == whoosh_s.doc_count()


@pytest.mark.parametrize("copies", [1, 8, 9, 200])   # inlined up to INLINE_LIMIT (8), in blocks above
def test_a_word_in_few_or_many_articles_is_found_in_each(tmp_path, copies):
    from newscli.model import Article

    index = Index(tmp_path / "index")
    index.add([Article(url=f"https://example.org/{n}", title=f"Story {n}", lang="en",
                       text=f"The zeppelin crossed the harbour on day {n}.").finish() for n in range(copies)])
    index.add([Article(url="https://example.org/other", title="Other", lang="en", text="Nothing here.").finish()])
    for query in ("zeppelin", '"zeppelin crossed"', "zeppel*"):
        assert index.search(query, limit=None).total == copies, query
