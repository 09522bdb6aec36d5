"""The codec news writes its index with (index_codec.py): short posting lists
inlined into the terms table, and the same answers and scores as Whoosh's
own codec, through merges, replacements and deletions."""

from __future__ import annotations

import corpus as gen
import pytest

import newscli.index.index as index_module
from newscli.cli.options import make_filters
from newscli.index.index import Index
from newscli.index.planning import filter_query

pytestmark = pytest.mark.slow  # builds indexes with both codecs and compares every answer

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
        result = index.search(query, filter_query(make_filters()), limit=None)
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


def postings_table(ix) -> dict:
    """(field, term) -> [(document, weight, value)] of every term of the index."""
    table = {}
    with ix.reader() as reader:
        for field, text in reader.all_terms():
            matcher, postings = reader.postings(field, text), []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            table[field, text] = postings
    return table


def test_posting_runs_in_chunks_give_the_segment_whoosh_s_runs_give(tmp_path, monkeypatch):
    """A small pool spills many runs; written and read a chunk at a time they
    give the very postings Whoosh's one-at-a-time runs give."""
    from whoosh.externalsort import SortingPool
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    from newscli.index import codec as index_codec
    from newscli.index.schema import build_schema, document

    articles = [r.article for r in gen.generate(120)]
    runs = []

    def counted(pool, f, items):
        runs.append(f)
        return index_codec._write_run(pool, f, items)

    built = {}
    for way in ("chunks", "whoosh"):
        (tmp_path / way).mkdir()
        ix = FileStorage(str(tmp_path / way)).create_index(build_schema())
        writer = ix.writer(**index_codec.writer_options(limitmb=1))
        writer.pool.limit = 200_000   # (bytes, as the pool reckons them: a run every ~1,000 postings)
        if way == "whoosh":
            monkeypatch.setattr(PostingPool, "_write_run", SortingPool._write_run)
            monkeypatch.setattr(PostingPool, "_read_run", SortingPool._read_run)
        else:
            monkeypatch.setattr(PostingPool, "_write_run", counted)
        for article in articles:
            writer.add_document(**document(article))
        writer.commit()
        monkeypatch.undo()
        built[way] = postings_table(ix)
    assert len(runs) > 5
    assert built["chunks"] == built["whoosh"]
    assert len(built["chunks"]) > 2000


def test_a_pool_gives_back_every_posting_sorted_through_merged_runs(tmp_path):
    """Runs merged before the end (more runs than files open at once) go
    through the chunked writer as an iterator, not a list."""
    import random

    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    from newscli.index.codec import RUN_CHUNK, writer_options

    writer_options()   # (what puts the chunked runs in place)
    rng = random.Random(5)
    postings = [(rng.choice(["body_en", "title_en", "tags"]), rng.randbytes(rng.randint(1, 12)), rng.randrange(10**6),
                 rng.random() * 9, rng.choice([None, b"", rng.randbytes(6)])) for _ in range(5 * RUN_CHUNK + 7)]
    pool = PostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=1)
    pool.limit = 40_000   # (bytes: a run every ~250 postings)
    for posting in postings:
        pool.add(posting)
    assert len(pool.runs) > 8
    assert list(pool.items(maxfiles=3)) == sorted(postings)
    assert list(tmp_path.iterdir()) == []   # every run file removed
