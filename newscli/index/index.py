"""The Whoosh full-text index: a rebuildable view of the store.

The fields are in schema.py, how a query runs in planning.py, phrases in
phrases.py, ranking in scoring.py, snippets in snippets.py. Every segment is written with
``compound=False``: opening many small files is cheaper than unpacking one
compound file, and opening dominates a one-query CLI.

Importing this module imports Whoosh (lean: see lean.py), so its
callers import it inside the functions that search or index: commands
that never do start fast.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import newscli.index.lean  # noqa: F401  (first: Whoosh without what it never uses)

# isort: split
from newscli.errors import EXIT_STORAGE, EXIT_USAGE, NewsError
from newscli.index.codec import writer_options
from newscli.index.phrases import exact_phrases
from newscli.index.planning import collector, filter_docs, plan
from newscli.index.schema import (
    FACET_SEP,
    INDEX_VERSION,
    LIST_SEP,
    build_schema,
    document,
)
from newscli.index.snippets import positive_terms, snippet
from newscli.model import Article

# Index.add's merge policy (merge_tiers): segments of one size class (a power of
# MERGE_FACTOR documents) are merged MERGE_FACTOR at a time, into at most
# MERGE_LIMIT documents (a merge costs about what indexing them did).
MERGE_FACTOR = 10
MERGE_LIMIT = 10_000


class IndexOutdated(NewsError):
    """The index on disk was built by another version of news."""

    exit_code = EXIT_USAGE

    def __init__(self, path: Path, found: int | None):
        super().__init__(f"the search index in {path} has format {found or 'unknown'}, this news needs "
                         f"{INDEX_VERSION}: run `news reindex`")


class IndexDamaged(NewsError):
    """The index on disk cannot be read (a damaged TOC or segment file)."""

    exit_code = EXIT_STORAGE

    def __init__(self, path: Path, exc: BaseException):
        super().__init__(f"the search index in {path} is damaged ({type(exc).__name__}: {str(exc)[:100]}): "
                         "run `news doctor --repair` (or `news reindex`) to rebuild it from the store")


@dataclass
class Hit:
    id: str
    score: float
    snippet: str = ""


@dataclass
class FacetCounts:
    """Counts over the whole result set: tags and sections as shown (spelling
    variants merged), days as ``YYYY-MM-DD`` ('' for undated articles)."""

    tags: Counter = field(default_factory=Counter)
    sections: Counter = field(default_factory=Counter)
    days: Counter = field(default_factory=Counter)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    counts: FacetCounts | None = None


def merge_tiers(writer, segments: list) -> list:
    """Whoosh merge policy: when MERGE_FACTOR segments are of one size class
    (1-9 documents, 10-99, 100-999...), the smallest of them, up to
    MERGE_LIMIT documents, are merged into the segment being written. An
    archive grown by N batches keeps about MERGE_FACTOR segments per size
    class instead of N (each query opens and walks every segment), and each
    document is rewritten about log10(MERGE_LIMIT / batch) times. Whoosh's
    own MERGE_SMALL never merges batches of more than a few documents."""
    from whoosh.reading import SegmentReader

    def size_class(documents: int) -> int:
        power = 0
        while documents >= MERGE_FACTOR:
            documents //= MERGE_FACTOR
            power += 1
        return power

    classes: dict[int, list] = {}
    for segment in segments:
        classes.setdefault(size_class(segment.doc_count_all()), []).append(segment)
    for _, group in sorted(classes.items()):
        if len(group) < MERGE_FACTOR:
            continue
        merging, total = [], 0
        for segment in sorted(group, key=lambda s: s.doc_count_all()):
            if total + segment.doc_count_all() > MERGE_LIMIT:
                break
            merging.append(segment)
            total += segment.doc_count_all()
        if len(merging) > 1:
            for segment in merging:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            return [s for s in segments if s not in merging]
    return segments


def _holds_index(directory: Path) -> bool:
    from whoosh import index

    return index.exists_in(str(directory))


def _version_in(directory: Path) -> int | None:
    """The INDEX_VERSION an index directory was built with (None: unknown)."""
    try:
        return int((directory / "VERSION").read_text().strip())
    except (OSError, ValueError):
        return None


class Index:
    """The index directory of one data home."""

    def __init__(self, path: Path):
        from newscli.index.generations import IndexDir

        self.path = path
        self.dir = IndexDir(path)
        self._ix = None
        self._at: Path | None = None   # the generation directory self._ix reads

    # -- opening --------------------------------------------------------------

    def exists(self) -> bool:
        current = self.dir.current()
        if current is None:
            return False
        try:
            return _holds_index(current)
        except Exception as exc:   # garbage in a TOC file: UnpicklingError, IndexError, EOFError...
            raise IndexDamaged(self.path, exc) from None

    def version(self) -> int | None:
        return _version_in(self._at or self.dir.current() or self.path)

    def _open(self, create: bool):
        """The Whoosh index of the current generation (reopened when a rebuild
        by another process has swapped in a new one since)."""
        current = self.dir.current()
        if self._ix is not None and self._at == current:
            return self._ix
        self.close()
        if current is not None and _holds_index(current):   # the generation resolved once, above
            found = _version_in(current)
            if found != INDEX_VERSION:
                raise IndexOutdated(self.path, found)
            try:
                self._ix, self._at = self.dir.storage(current).open_index(), current
            except Exception:  # an unpicklable schema: built by another news
                raise IndexOutdated(self.path, found) from None
        elif create:
            generation = self.dir.new_generation()
            self._ix = self.dir.storage(generation).create_index(build_schema())
            (generation / "VERSION").write_text(f"{INDEX_VERSION}\n")
            self.dir.publish(generation)
            self._at = generation
        return self._ix

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()
            self._ix = None
            self._at = None

    # -- writing (callers hold the data home's write lock) -------------------

    def add(self, articles: Iterable[Article]) -> int:
        """Add or replace articles in one commit."""
        ix = self._open(create=True)
        writer = ix.writer(**writer_options(limitmb=32))
        n = 0
        try:
            for article in articles:
                writer.update_document(**document(article))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiers)
        self.dir.collect()
        return n

    def delete(self, ids: Iterable[str]) -> int:
        ix = self._open(create=False)
        if ix is None:
            return 0
        writer = ix.writer(**writer_options())
        n = 0
        for article_id in ids:
            n += writer.delete_by_term("id", article_id)
        writer.commit()
        self.dir.collect()
        return n

    def rebuild(self, articles: Iterable[Article], total: int,
                progress: Callable[[int], None] | None = None, batch: int = 2000) -> int:
        """Replace the whole index with ``articles`` (a streaming iterable).

        Built in a new generation directory and swapped in atomically (see
        :mod:`newscli.index.generations`): a crash leaves the old index whole, and
        readers see the old index or the new one, never none.
        """
        from newscli.index.writers import cancel_rebuild, commit_rebuild, rebuild_writer

        generation = self.dir.new_generation()
        n = 0
        try:
            ix = self.dir.storage(generation).create_index(build_schema())
            writer = rebuild_writer(ix)
            try:
                for article in articles:
                    writer.add_document(**document(article))
                    n += 1
                    if progress and n % 100 == 0:
                        progress(n)
                commit_rebuild(writer)
            except BaseException:
                cancel_rebuild(writer)
                raise
            if ix.doc_count_all() != n:   # Whoosh drops a crashed sub-writer's documents silently
                raise NewsError(f"reindexing lost {n - ix.doc_count_all()} of {n} articles (an indexing "
                                "process died); the index is unchanged")
            ix.close()
            (generation / "VERSION").write_text(f"{INDEX_VERSION}\n")
        except BaseException:   # a full disk, an interrupt: the current index stays as it was
            shutil.rmtree(generation, ignore_errors=True)
            raise
        if progress:
            progress(n)
        self.close()
        self.dir.publish(generation)
        self.dir.collect()
        return n

    # -- reading --------------------------------------------------------------

    def missing(self, ids: Iterable[str]) -> list[str]:
        """Those of ``ids`` that are not in the index."""
        ix = self._open(create=False)
        if ix is None:
            return list(ids)
        with ix.searcher() as searcher:
            return [i for i in ids if searcher.document_number(id=i) is None]

    def doc_count(self) -> int:
        ix = self._open(create=False)
        return ix.doc_count() if ix is not None else 0

    def stamps(self) -> dict[str, str]:
        """id -> stamp of every indexed article (for drift checks)."""
        ix = self._open(create=False)
        if ix is None:
            return {}
        with ix.searcher() as searcher:
            return {f["id"]: f.get("stamp", "") for f in searcher.all_stored_fields()}

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.dir.files())

    def search(self, text: str, filter_query=None, sort: str = "relevance", limit: int | None = 20,
               page: int = 1, snippet_source: Callable[[list[str]], dict[str, tuple[str, str]]] | None = None,
               lang: str | None = None, counts: bool = False) -> SearchResult:
        """Run a query: a page of hits (``limit`` None: all on page 1), the
        total, and with ``counts`` the facet counts of the whole result set.
        ``snippet_source(ids)`` gives each hit's (language, body) to highlight;
        ``lang`` searches only that language's fields (the caller filters on
        it too)."""
        from newscli.index.analysis import language_of
        from newscli.index.query import ALL_LANGUAGES, QueryBuilder, split_dates
        from newscli.index.scoring import BM25FBlockLengths, prescored_unions

        ix = self._open(create=False)
        if ix is None:
            return SearchResult([], 0, FacetCounts() if counts else None)
        languages = (language_of(lang),) if lang else ALL_LANGUAGES
        with ix.searcher(weighting=BM25FBlockLengths()) as searcher:
            reader = searcher.reader()
            query, dates = split_dates(QueryBuilder(ix.schema, reader, languages).parse(text))
            words = positive_terms(query)   # for highlighting
            query, combined, sort = plan(prescored_unions(exact_phrases(query)), [filter_query, *dates], reader, sort)
            # The filter goes in as a set of document numbers: given a query, Whoosh
            # makes a bit set whose truth it tests by scanning all its bits, once
            # per hit counted. Not terms=True (Whoosh then miscounts a filtered
            # total; the snippets highlight the query's words instead).
            allowed = filter_docs(searcher, combined) if combined is not None else None
            if allowed is not None and not allowed:   # (an empty set would mean "no filter")
                return SearchResult([], 0, FacetCounts() if counts else None)
            gatherer = collector(searcher, page * limit if limit else None, sort, allowed)
            searcher.search_with_collector(query, gatherer)
            results = gatherer.results()
            page_hits = results[(page - 1) * limit:page * limit] if limit else (results if page == 1 else [])
            facet_counts = None
            if counts:   # one unscored pass gives the facets and the exact total
                docnums = [d for d in searcher.docs_for_query(query) if allowed is None or d in allowed]
                facet_counts = _count_facets(searcher, docnums)
                total = len(docnums)
            else:
                total = gatherer.count()
            ids = [hit["id"] for hit in page_hits]
            sources = snippet_source(ids) if snippet_source else {}
            hits = []
            for hit in page_hits:
                language, body = sources.get(hit["id"], ("", ""))
                hits.append(Hit(hit["id"], round(hit.score or 0.0, 4), snippet(words, language, body)))
            return SearchResult(hits, total, facet_counts)

    def suggestion(self, text: str) -> str | None:
        """The query with its unknown words corrected from the index vocabulary."""
        from newscli.index.query import suggest

        ix = self._open(create=False)
        if ix is None:
            return None
        with ix.searcher() as searcher:
            return suggest(text, searcher, ix.schema.names())


def _count_facets(searcher, docnums: list[int]) -> FacetCounts:
    """Tags, sections and days of the matched documents, from the facets column."""
    from newscli.textclean import fold

    counts = FacetCounts()
    if not docnums:
        return counts
    try:
        column = searcher.reader().column_reader("facets")
    except NotImplementedError:   # an empty index has no segment, so no column reader
        return counts
    shown: dict[tuple[str, str], str] = {}   # spelling variants count under the first seen

    def name(kind: str, value: str) -> str:
        return shown.setdefault((kind, fold(value)), value)

    for docnum in docnums:
        raw = column[docnum]
        day, section, tags = (raw.decode("utf-8").split(FACET_SEP) + ["", ""])[:3] if raw else ("", "", "")
        counts.days[day] += 1
        counts.sections[name("section", section) if section else ""] += 1
        for tag in filter(None, tags.split(LIST_SEP)):
            counts.tags[name("tag", tag)] += 1
    return counts
