"""Index.add keeps the index in few segments (merge_tiers), and nothing is
lost or duplicated by the merges."""

from __future__ import annotations

import pytest

import newscli.index.index as index_module
from newscli.index.index import Index
from newscli.model import Article

pytestmark = pytest.mark.slow  # grows an index batch by batch


def article(n: int, word: str = "harbour") -> Article:
    return Article(url=f"https://example.org/a/{n}", title=f"Story {n}", lang="en",
                   text=f"The {word} wall story number {n}. " * 5).finish()


def segment_sizes(index: Index) -> list[int]:
    return sorted((s.doc_count_all() for s in index._open(create=False)._segments()), reverse=True)


def test_batches_are_merged_by_size_class(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    monkeypatch.setattr(index_module, "MERGE_LIMIT", 20)
    index = Index(tmp_path / "index")
    for n in range(40):
        index.add([article(n)])
    sizes = segment_sizes(index)
    assert sum(sizes) == 40
    assert len(sizes) <= 8                 # 40 batches, not 40 segments
    assert max(sizes) <= 20 + 1            # no merge writes more than MERGE_LIMIT (+ its own batch)
    assert index.search("harbour", limit=None).total == 40


def test_merges_drop_replaced_and_deleted_articles(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    index = Index(tmp_path / "index")
    for n in range(12):
        index.add([article(n)])
    index.add([article(n, word="lighthouse") for n in range(6)])   # replaced: now about a lighthouse
    index.delete([article(11).id])
    for n in range(12, 20):
        index.add([article(n)])
    assert index.search("lighthouse", limit=None).total == 6
    assert index.search("harbour", limit=None).total == 20 - 6 - 1
    assert index.doc_count() == 19
    assert sum(segment_sizes(index)) < 12 + 6 + 8   # merged segments no longer hold the replaced ones


def test_the_index_size_leaves_out_merged_segments_kept_for_readers(tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    index = Index(tmp_path / "index")
    for n in range(9):
        index.add([article(n)])
    on_disk = sum(f.stat().st_size for f in index.path.resolve().iterdir() if f.is_file())
    size = index.size_bytes()
    assert 0 < size < on_disk                          # the merged segments' files wait for readers
    index.dir.collect(now=time.time() + 3600)          # ... and are deleted after the grace
    assert index.size_bytes() == size
    assert sum(f.stat().st_size for f in index.path.resolve().iterdir() if f.is_file()) < on_disk
