"""A/B measurements behind the optimisations proposed for the index (see
RESULTS.md). Each compares the code as it is (A) with the change (B) on the
same cached archive, in one process, runs interleaved A, B, A, B, ...

    python benchmarks/experiments.py [--size 10000] [--repeat 7] [snippets segments reindex]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402

QUERIES = ["putin macron", '"security guarantees"', "ceasefire", "nato", "sanctions"]


def interleaved(a, b, repeat: int) -> tuple[float, float]:
    """Median seconds of ``a()`` and ``b()``, run alternately."""
    times_a, times_b = [], []
    for _ in range(repeat):
        for fn, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def passages(body: str, words: set[str]) -> str:
    """The paragraphs of ``body`` that can hold a match, the whole body if none
    looks like it. A stem is a prefix of the word it came from but for its
    last letter or two (Porter: 'happi' from 'happy'), so a paragraph without
    any stem's first letters cannot match and need not be analysed."""
    needles = {w[:max(3, len(w) - 2)].casefold() for w in words if w}
    kept = [p for p in body.split("\n\n") if any(n in p.casefold() for n in needles)]
    return "\n\n".join(kept) if kept else body


def snippets(archive: build.Archive, repeat: int) -> list[str]:
    """Highlighting the 20 hits of a page: the whole body (A) against only the
    paragraphs that can match (B)."""
    from whoosh import highlight

    from newscli.index import Index, _MarkFormatter
    from newscli.store import Store

    index, store = Index(archive.home / "index"), Store.open(archive.home / "news.db", create=False)
    ix = index._open(create=False)
    analyzer = ix.schema["text"].analyzer
    lines = []
    for text in QUERIES:
        query = index.parse(text)
        words = {t.decode() if isinstance(t, bytes) else t for f, t in query.iter_all_terms() if f == "text"}
        with ix.searcher() as searcher:
            ids = [hit["id"] for hit in searcher.search(query, limit=20)]
        bodies = [a.text for a in store.get_many(ids, with_text=True).values()]

        def run(prepare):
            fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
            return [highlight.highlight(prepare(body), words, analyzer, fragmenter, _MarkFormatter(), top=2)
                    for body in bodies]

        whole, cut = interleaved(lambda: run(lambda b: b), lambda: run(lambda b: passages(b, words)), repeat)
        same = sum(x == y for x, y in zip(run(lambda b: b), run(lambda b: passages(b, words))))
        lines.append(f"| {text} | {whole * 1000:.0f} ms | {cut * 1000:.0f} ms | {whole / cut:.1f}x | "
                     f"{same}/{len(bodies)} |")
    store.close()
    return ["| query | whole body (A) | matching paragraphs (B) | speed-up | identical snippets |",
            "|---|---|---|---|---|", *lines]


def segments(archive: build.Archive, repeat: int) -> list[str]:
    """Searching the index as syncs leave it (one segment per batch, A) against
    the same index merged into one segment (B, what `news reindex` leaves)."""
    from whoosh import index as windex

    from newscli.index import Index

    merged_home = Path(tempfile.mkdtemp(prefix="news-bench-merged-"))
    shutil.copytree(archive.home / "index", merged_home / "index")
    ix = windex.open_dir(str(merged_home / "index"))
    ix.writer(compound=False).commit(optimize=True)
    ix.close()
    a, b = Index(archive.home / "index"), Index(merged_home / "index")
    count = lambda index: len(index._open(create=False)._segments())  # noqa: E731
    lines = [f"segments: {count(a)} (A) and {count(b)} (B); size {a.size_bytes() / 2**20:.0f} MB and "
             f"{b.size_bytes() / 2**20:.0f} MB", "",
             "| query | as synced (A) | merged (B) | speed-up |", "|---|---|---|---|"]
    for text in QUERIES:
        def run(index):
            # What a fresh `news search` process does: open, parse, search a page.
            index.close()
            index.search(text, limit=20)

        ta, tb = interleaved(lambda: run(a), lambda: run(b), repeat)
        lines.append(f"| {text} | {ta * 1000:.0f} ms | {tb * 1000:.0f} ms | {ta / tb:.1f}x |")
    a.close()
    b.close()
    shutil.rmtree(merged_home, ignore_errors=True)
    return lines


def reindex(archive: build.Archive, repeat: int, count: int = 3000) -> list[str]:
    """Rebuilding the index of ``count`` articles: one writer (A) against
    Whoosh's multiprocessing writer, one sub-writer per core, its segments kept
    as they are (B)."""
    import os

    from whoosh import index as windex

    from newscli.index import build_schema, document
    from newscli.store import Store

    with Store.open(archive.home / "news.db", create=False) as store:
        articles = store.query(limit=count, with_text=True)

    def rebuild(**writer_args):
        folder = Path(tempfile.mkdtemp(prefix="news-bench-reindex-"))
        ix = windex.create_in(str(folder), build_schema())
        writer = ix.writer(compound=False, limitmb=256, **writer_args)
        for article in articles:
            writer.add_document(**document(article))
        writer.commit(optimize=not writer_args)
        ix.close()
        shutil.rmtree(folder)

    procs = os.cpu_count() or 2
    ta, tb = interleaved(rebuild, lambda: rebuild(procs=procs, multisegment=True), max(1, repeat // 3))
    return ["| articles | one writer (A) | %d processes (B) | speed-up |" % procs, "|---|---|---|---|",
            f"| {count:,} | {count / ta:.0f}/s | {count / tb:.0f}/s | {ta / tb:.2f}x |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("which", nargs="*", default=["snippets", "segments", "reindex"])
    args = parser.parse_args()
    archive = build.Archive(args.size).ensure()
    experiments = {"snippets": snippets, "segments": segments, "reindex": reindex}
    for name in args.which:
        print(f"\n### {name} ({args.size:,} articles)\n")
        print("\n".join(experiments[name](archive, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
