"""A/B measurements behind the index optimisations in RESULTS.md. Each runs
Whoosh's way (A) and news's way (B) on the same cached archive, in one
process, alternately A, B, A, B, ... (``engine`` instead times processes:
what a search would cost with SQLite FTS5 in place of Whoosh.)

    python benchmarks/experiments.py [--size 10000] [--repeat 7] [phrases collector ranking segments reindex analysis codec engine]
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
from whoosh.analysis import Analyzer  # noqa: E402

QUERIES = ["putin macron", '"security guarantees"', "ceasefire", "nato", "sanctions", "غزة"]
PHRASES = ['"security guarantees"', '"peace talks"', '"the war"', '"united nations security council"']


def interleaved(a, b, repeat: int) -> tuple[float, float]:
    """Median seconds of ``a()`` and ``b()``, run alternately."""
    times_a, times_b = [], []
    for _ in range(repeat):
        for fn, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def phrases(archive: build.Archive, repeat: int) -> list[str]:
    """Whoosh's Phrase query (A) against ExactPhrase (B), Index.search in full."""
    import newscli.index.index as index_module
    from newscli.index.index import Index

    real = index_module.exact_phrases
    lines = [row("phrase", "Whoosh Phrase (A)", "ExactPhrase (B)", "speed-up", "hits"), row(*"-----")]
    index = Index(archive.home / "index")
    for text in PHRASES:
        def run(fn):
            index_module.exact_phrases = fn
            return index.search(text, limit=20).total

        ta, tb = interleaved(lambda: run(lambda q: q), lambda: run(real), repeat)
        same = run(lambda q: q) == run(real)
        lines.append(row(text, f"{ta * 1000:.0f} ms", f"{tb * 1000:.0f} ms", f"{ta / tb:.1f}x",
                         f"{run(real)}{'' if same else ' (DIFFERENT)'}"))
    index_module.exact_phrases = real
    index.close()
    return lines


def collector(archive: build.Archive, repeat: int) -> list[str]:
    """The top 20 and then len(results) in a second pass (A, Whoosh's default)
    against one pass that scores and counts every hit (B, index._collector)."""
    from newscli.index.index import Index
    from newscli.index.phrases import exact_phrases
    from newscli.index.planning import collector as _collector
    from newscli.index.query import ALL_LANGUAGES, QueryBuilder

    index = Index(archive.home / "index")
    ix = index._open(create=False)
    lines = [row("query", "two passes (A)", "one pass (B)", "speed-up", "same top 20 and total"), row(*"-----")]
    with ix.searcher() as searcher:
        for text in QUERIES:
            query = exact_phrases(QueryBuilder(ix.schema, searcher.reader(), ALL_LANGUAGES).parse(text))

            def two():
                results = searcher.search(query, limit=20)
                return [h.docnum for h in results], len(results)

            def one():
                found = _collector(searcher, 20, "relevance", None)
                searcher.search_with_collector(query, found)
                return [h.docnum for h in found.results()], found.count()

            ta, tb = interleaved(two, one, repeat)
            lines.append(row(text, f"{ta * 1000:.0f} ms", f"{tb * 1000:.0f} ms", f"{ta / tb:.1f}x", two() == one()))
    index.close()
    return lines


def ranking(archive: build.Archive, repeat: int) -> list[str]:
    """Ranking every hit as Whoosh does (A: BM25F reading each field length
    from the file; unions added up in arrays only in small segments) against
    scoring.py (B: lengths read as one block per segment, every union in
    arrays): same collector, same query."""
    from whoosh.scoring import BM25F

    from newscli.index.index import Index
    from newscli.index.phrases import exact_phrases
    from newscli.index.planning import collector as _collector
    from newscli.index.query import ALL_LANGUAGES, QueryBuilder
    from newscli.index.scoring import BM25FBlockLengths, prescored_unions

    index = Index(archive.home / "index")
    ix = index._open(create=False)
    lines = [row("query", "Whoosh (A)", "scoring.py (B)", "speed-up", "same top 20 and total", "largest score gap"),
             row(*"------")]
    for text in QUERIES:
        def run(weighting, rewrite):
            with ix.searcher(weighting=weighting()) as searcher:
                query = exact_phrases(QueryBuilder(ix.schema, searcher.reader(), ALL_LANGUAGES).parse(text))
                found = _collector(searcher, 20, "relevance", None)
                searcher.search_with_collector(rewrite(query), found)
                return [(h.docnum, h.score) for h in found.results()], found.count()

        whoosh = (BM25F, lambda query: query)
        ours = (BM25FBlockLengths, prescored_unions)
        ta, tb = interleaved(lambda: run(*whoosh), lambda: run(*ours), repeat)
        (hits_a, total_a), (hits_b, total_b) = run(*whoosh), run(*ours)
        same = [d for d, _ in hits_a] == [d for d, _ in hits_b] and total_a == total_b
        gap = max((abs(a - b) for (_, a), (_, b) in zip(hits_a, hits_b)), default=0.0)
        lines.append(row(text, f"{ta * 1000:.0f} ms", f"{tb * 1000:.0f} ms", f"{ta / tb:.2f}x", same, f"{gap:.1e}"))
    index.close()
    return lines


def segments(archive: build.Archive, repeat: int) -> list[str]:
    """Searching the index as Index.add leaves it (A) against the same index
    merged into one segment (B)."""
    from whoosh import index as windex

    from newscli.index.index import Index

    merged_home = Path(tempfile.mkdtemp(prefix="news-bench-merged-"))
    shutil.copytree(archive.home / "index", merged_home / "index")
    ix = windex.open_dir(str(merged_home / "index"))
    ix.writer(compound=False).commit(optimize=True)
    ix.close()
    a, b = Index(archive.home / "index"), Index(merged_home / "index")
    count = lambda index: len(index._open(create=False)._segments())  # noqa: E731
    lines = [f"segments: {count(a)} (A) and {count(b)} (B); {a.size_bytes() / 2**20:.0f} MB and "
             f"{b.size_bytes() / 2**20:.0f} MB", "",
             row("query", "as synced (A)", "merged (B)", "speed-up"), row(*"----")]
    for text in QUERIES:
        def run(index):
            index.close()   # what a fresh `news search` does: open, parse, search a page
            index.search(text, limit=20)

        ta, tb = interleaved(lambda: run(a), lambda: run(b), repeat)
        lines.append(row(text, f"{ta * 1000:.0f} ms", f"{tb * 1000:.0f} ms", f"{ta / tb:.1f}x"))
    a.close()
    b.close()
    shutil.rmtree(merged_home, ignore_errors=True)
    return lines


def reindex(archive: build.Archive, repeat: int, count: int = 3000) -> list[str]:
    """Indexing ``count`` articles into a fresh index: one writer (A) against
    `news reindex`'s writer (B: sub-writer processes, index_writers.py)."""
    from whoosh import index as windex

    from newscli.archive.store import Store
    from newscli.index.schema import build_schema, document
    from newscli.index.writers import commit_rebuild, rebuild_writer

    with Store.open(archive.home / "news.db", create=False) as store:
        articles = store.query(limit=count, with_text=True)

    def rebuild(make_writer, finish):
        folder = Path(tempfile.mkdtemp(prefix="news-bench-reindex-"))
        ix = windex.create_in(str(folder), build_schema())
        writer = make_writer(ix)
        for article in articles:
            writer.add_document(**document(article))
        finish(writer)
        ix.close()
        shutil.rmtree(folder)

    ta, tb = interleaved(lambda: rebuild(lambda ix: ix.writer(compound=False, limitmb=64),
                                         lambda w: w.commit(optimize=True)),
                         lambda: rebuild(rebuild_writer, commit_rebuild), max(1, repeat // 3))
    return [row("articles", "one writer (A)", "sub-writers (B)", "speed-up"), row(*"----"),
            row(f"{count:,}", f"{count / ta:.0f}/s", f"{count / tb:.0f}/s", f"{ta / tb:.2f}x")]


class OnePassAnalyzer(Analyzer):
    """Text -> the terms of one language in one pass: each word of the token
    pattern through analysis.term_function, without Whoosh's tokenizer |
    lower-case | filter chain (a generator and a Token update per word per
    stage). Module level: the schema holding it is pickled."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        import re

        from whoosh.analysis import Token

        from newscli.index.analysis import TOKEN_PATTERN, term_function

        term = term_function(self.language)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost, token.stopped = 1.0, False
        for pos, match in enumerate(re.finditer(TOKEN_PATTERN, value), start_pos):
            token.text = term(match.group())
            if token.text:
                token.pos = pos
                yield token


def analysis(archive: build.Archive, repeat: int, count: int = 1000) -> list[str]:
    """news's analyzers (A: Whoosh's tokenizer | lower-case | term filter)
    against a one-pass analyzer giving the same terms and positions (B): the
    terms of ``count`` generated articles, then indexing them into a fresh index."""
    import corpus
    from whoosh import index as windex

    import newscli.index.analysis as analysis
    from newscli.index.schema import build_schema, document

    articles = [corpus.article(n) for n in range(count)]
    texts = [(analysis.language_of(a.lang), t) for a in articles for t in (a.title, a.text)]
    for language, text in texts:
        assert [(t.text, t.pos) for t in analysis.analyzer_for(language)(text, positions=True)] == \
               [(t.text, t.pos) for t in OnePassAnalyzer(language)(text, positions=True)]

    def terms(make):
        for language, text in texts:
            for _ in make(language)(text, positions=True):
                pass

    def index(make):
        real = analysis.analyzer_for, analysis.generic_analyzer
        analysis.analyzer_for, analysis.generic_analyzer = make, lambda: make(analysis.GENERIC)
        try:
            schema = build_schema()
        finally:
            analysis.analyzer_for, analysis.generic_analyzer = real
        folder = Path(tempfile.mkdtemp(prefix="news-bench-analysis-"))
        writer = windex.create_in(str(folder), schema).writer(compound=False, limitmb=64)
        for article in articles:
            writer.add_document(**document(article))
        writer.commit()
        shutil.rmtree(folder)

    current = analysis.analyzer_for
    words = sum(len(text.split()) for _, text in texts)
    lines = [row("work", "news's analyzers (A)", "one pass (B)", "speed-up"), row(*"----")]
    ta, tb = interleaved(lambda: terms(current), lambda: terms(OnePassAnalyzer), repeat)
    lines.append(row(f"terms of {words:,} words", f"{ta * 1000:.0f} ms", f"{tb * 1000:.0f} ms", f"{ta / tb:.2f}x"))
    ta, tb = interleaved(lambda: index(current), lambda: index(OnePassAnalyzer), max(1, repeat // 2))
    lines.append(row(f"indexing {count:,} articles", f"{count / ta:.0f}/s", f"{count / tb:.0f}/s", f"{ta / tb:.2f}x"))
    return lines


def codec(archive: build.Archive, repeat: int, count: int = 3000) -> list[str]:
    """Whoosh's W3Codec (A) against index_codec.InliningCodec (B, short posting
    lists inlined into the terms table): indexing ``count`` archive articles
    in batches of 50 as a sync does (merges included), the index's size, and
    in-process searches on the two indexes (same hits and scores asserted)."""
    import newscli.index.index as index_module
    from newscli.archive.store import Store
    from newscli.index.index import Index

    with Store.open(archive.home / "news.db", create=False) as store:
        articles = store.query(limit=count, with_text=True)
    folders = {}

    def options(inlining):
        if inlining:
            return index_module.writer_options
        return lambda **given: {"compound": False, **given}

    def index(inlining):
        folder = folders[inlining] = Path(tempfile.mkdtemp(prefix="news-bench-codec-"))
        real, index_module.writer_options = index_module.writer_options, options(inlining)
        try:
            target = Index(folder / "index")
            for start in range(0, count, 50):
                target.add(articles[start:start + 50])
            target.close()
        finally:
            index_module.writer_options = real

    lines = [row("work", "W3Codec (A)", "InliningCodec (B)", "speed-up"), row(*"----")]
    ta, tb = interleaved(lambda: index(False), lambda: index(True), max(1, repeat // 3))
    lines.append(row(f"indexing {count:,} articles, batches of 50", f"{count / ta:.0f}/s", f"{count / tb:.0f}/s",
                     f"{ta / tb:.2f}x"))
    a, b = Index(folders[False] / "index"), Index(folders[True] / "index")
    sizes = [a.size_bytes(), b.size_bytes()]
    lines.append(row("index size (its live segments)", f"{sizes[0] / 2**20:.1f} MB", f"{sizes[1] / 2**20:.1f} MB",
                     f"{sizes[0] / sizes[1]:.2f}x smaller"))
    for text in QUERIES:
        found_a, found_b = a.search(text, limit=20), b.search(text, limit=20)
        assert ([(h.id, h.score) for h in found_a.hits], found_a.total) == \
               ([(h.id, h.score) for h in found_b.hits], found_b.total), text
        ta, tb = interleaved(lambda: a.search(text, limit=20), lambda: b.search(text, limit=20), repeat)
        lines.append(row(f"search {text} ({found_a.total} hits)", f"{ta * 1000:.1f} ms", f"{tb * 1000:.1f} ms",
                         f"{ta / tb:.2f}x"))
    a.close()
    b.close()
    for folder in folders.values():
        shutil.rmtree(folder)
    return lines


# news's modules that load Whoosh when imported (all the others import it inside functions).
LOADING_WHOOSH = ("newscli.index.index", "newscli.index.query", "newscli.index.scoring", "newscli.index.analysis", "newscli.index.codec",
                  "newscli.index.lean")
# Imports the modules named after the first two arguments, then runs the FTS5
# baseline's query (argument 2) on its database (argument 1) in the same process.
IMPORTS_THEN_FTS5 = f"""
import gc, importlib, runpy, sys
db, match, *modules = sys.argv[1:]
for name in modules:
    importlib.import_module(name)
assert "whoosh" not in sys.modules
sys.argv = ["fts5_query.py", db, match]
try:
    runpy.run_path({str(Path(__file__).resolve().parent / "fts5_query.py")!r}, run_name="__main__")
finally:
    gc.freeze()
"""


def engine(archive: build.Archive, repeat: int) -> list[str]:
    """Fresh processes, interleaved: the FTS5 baseline; news's imports without
    Whoosh (Typer, Rich, news's own) followed by that same FTS5 query, which is
    the least a `news search` built on FTS5 could cost before printing with Rich;
    news's imports with Whoosh, searching nothing; and `news search` itself."""
    from measure import Case, measure
    from run import (
        FTS5_QUERY,
        IMPORTS_ALONE,
        NEWS,
        PYTHON,
        QUERIES,
        modules_loaded_by,
        news_env,
    )

    name, args, fts_args, _, _ = QUERIES[0]
    config = Path(tempfile.mkdtemp(prefix="news-bench-config-"))
    env = news_env(config)
    argv = ["--home", str(archive.home), "search", *args]
    modules = modules_loaded_by(argv, env)
    without_whoosh = [m for m in modules if m.split(".")[0] != "whoosh" and m not in LOADING_WHOOSH]
    cases = [
        Case("FTS5 query (the baseline)", [PYTHON, FTS5_QUERY, str(archive.fts), *fts_args]),
        Case("Typer + Rich + news without Whoosh, then the FTS5 query",
             [PYTHON, "-c", IMPORTS_THEN_FTS5, str(archive.fts), *fts_args, *without_whoosh], env),
        Case("Typer + Rich + news with Whoosh, no query", [PYTHON, "-c", IMPORTS_ALONE, *modules], env),
        Case("news search", [NEWS, *argv], env),
    ]
    measure(cases, repeat)
    shutil.rmtree(config, ignore_errors=True)
    base = cases[0].median
    lines = [row(f"process ({name}: {args[0]!r})", "median", "x FTS5"), row(*"---")]
    lines += [row(c.name, f"{c.median * 1000:.0f} ms", f"{c.median / base:.2f}x") for c in cases]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("which", nargs="*", default=["phrases", "collector", "ranking", "segments", "reindex",
                                                    "analysis"])
    args = parser.parse_args()
    archive = build.Archive(args.size)
    if set(args.which) != {"analysis"}:   # (analysis generates its articles)
        archive.ensure()
    experiments = {"phrases": phrases, "collector": collector, "ranking": ranking, "segments": segments,
                   "reindex": reindex, "analysis": analysis, "codec": codec, "engine": engine}
    for name in args.which:
        print(f"\n### {name} ({args.size:,} articles)\n")
        print("\n".join(experiments[name](archive, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
