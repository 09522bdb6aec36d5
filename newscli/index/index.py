"""The Whoosh full-text index: a rebuildable view of the store.

Only what search needs is stored in the index (the id and a stamp); hits are
turned into articles by the store. Every segment is written with
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
from datetime import datetime, timedelta
from pathlib import Path

import newscli.index.lean  # noqa: F401  (first: Whoosh without what it never uses)
from whoosh import matching
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.query.spans import Span

from newscli.errors import EXIT_USAGE, NewsError
from newscli.index.codec import writer_options
from newscli.model import Article, primary_language
from newscli.textclean import clean_line

# Bump when the schema or analysis changes: `news doctor` then asks for a reindex.
# 2: per-language fields (analysis.py), folded keys, spelling vocabulary, facets column.
# 3: no pairs_* fields (adjacent term pairs: 3x the index, 2.5x the indexing time,
#    merges of segments 2.4x slower; phrases are checked on positions: ExactPhrase).
# 4: the analysers and the codec moved into newscli.index (Whoosh pickles their
#    module paths into every segment: an index of version 3 names modules that
#    are gone).
INDEX_VERSION = 4
FACET_SEP, LIST_SEP = "\x1e", "\x1f"
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


def build_schema():
    from whoosh import columns, fields

    from newscli.index.analysis import (
        GENERIC, LANGUAGES, analyzer_for, generic_analyzer, keyword_analyzer,
    )

    from whoosh.analysis import IDAnalyzer

    generic = generic_analyzer()
    per_language = {}
    for lang in (*LANGUAGES, GENERIC):
        analyzer = analyzer_for(lang)
        per_language[f"title_{lang}"] = fields.TEXT(analyzer=analyzer)
        per_language[f"body_{lang}"] = fields.TEXT(analyzer=analyzer)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        stamp=fields.STORED(),
        url=fields.ID(),
        site=fields.ID(analyzer=IDAnalyzer(lowercase=True)),
        lang=fields.ID(analyzer=IDAnalyzer(lowercase=True)),
        authors=fields.TEXT(analyzer=generic),
        source=fields.TEXT(analyzer=generic),
        tags=fields.KEYWORD(analyzer=keyword_analyzer(), scorable=True),
        section=fields.KEYWORD(analyzer=keyword_analyzer()),
        published=fields.DATETIME(sortable=True),
        # The UTC month and day of publication: date filters are unions of these
        # terms (fast posting reads), not numeric ranges over every document.
        month=fields.ID(),
        day=fields.ID(),
        # Every word as written (minus case and accents): prefix expansion and "did you mean".
        spell=fields.TEXT(analyzer=generic, phrase=False),
        # date, section and tags of each document, read for facets without touching the store.
        facets=fields.COLUMN(columns.VarBytesColumn()),
        **per_language,
    )


def document(article: Article) -> dict:
    """The index document of an article: title and body go to the fields of
    the article's language."""
    from newscli.index.analysis import language_of
    from newscli.index.query import naive_utc

    language = language_of(article.lang, f"{article.title} {article.text[:2000]}")
    body = "\n\n".join(part for part in (article.summary, article.text) if part)
    section = clean_line(article.section)
    doc = {
        "id": article.id,
        "stamp": article.fetched or "",
        "url": article.url,
        "site": article.site,
        "lang": primary_language(article.lang) or (language if language == "ar" else ""),
        f"title_{language}": article.title,
        f"body_{language}": body,
        "authors": " ; ".join(article.authors),
        "source": article.source or "",
        "tags": ",".join(article.tags),
        "section": ",".join(s for s in (article.section, article.subsection) if s),
        "spell": "\n".join([article.title, body, " ".join(article.tags), " ".join(article.authors)]),
        "facets": FACET_SEP.join([
            (article.published or "")[:10], section, LIST_SEP.join(clean_line(t) for t in article.tags),
        ]).encode("utf-8"),
    }
    if article.published:
        published = naive_utc(datetime.fromisoformat(article.published))
        doc.update(published=published, month=f"{published:%Y-%m}", day=f"{published:%Y-%m-%d}")
    return doc


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
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
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


def date_filter(reader, start: datetime | None, end: datetime | None):
    """Documents published between ``start`` and ``end`` (naive UTC, None =
    open): the months wholly inside as month terms, the days wholly inside
    the edge months as day terms, and an exact DateRange only within the (at
    most two) days cut by a bound. Same answer as DateRange, far fewer reads."""
    from whoosh import query as q

    def inside(first: datetime, after_last: datetime) -> bool:
        return (start is None or start <= first) and (end is None or after_last - timedelta(microseconds=1) <= end)

    def overlaps(first: datetime, after_last: datetime) -> bool:
        return (start is None or start < after_last) and (end is None or first <= end)

    parts = []
    for month in _terms(reader, "month"):
        first = datetime.strptime(month, "%Y-%m")
        after_last = (first + timedelta(days=32)).replace(day=1)
        if inside(first, after_last):
            parts.append(q.Term("month", month))
        elif overlaps(first, after_last):
            for day in _terms(reader, "day", month):
                first_moment = datetime.strptime(day, "%Y-%m-%d")
                next_day = first_moment + timedelta(days=1)
                if inside(first_moment, next_day):
                    parts.append(q.Term("day", day))
                elif overlaps(first_moment, next_day):
                    parts.append(q.And([q.Term("day", day), q.DateRange("published", start, end)]))
    return q.Or(parts) if parts else q.NullQuery


def _terms(reader, field_name: str, prefix: str = "") -> list[str]:
    found = reader.expand_prefix(field_name, prefix) if prefix else reader.lexicon(field_name)
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in found]


def fast_dates(query, reader):
    """``query`` with its DateRanges on ``published`` (alone or in an And)
    turned into :func:`date_filter` unions: for filters, whose scores do not count."""
    from whoosh import query as q

    if isinstance(query, q.DateRange) and query.fieldname == "published":
        return date_filter(reader, query.startdate, query.enddate)
    if isinstance(query, q.And):
        return q.And([fast_dates(child, reader) for child in query.subqueries])
    return query


def filter_docs(searcher, query) -> set[int]:
    """The documents a filter lets through. Its unions and intersections (a
    date range is dozens of day terms) are taken on sets: Whoosh's matchers
    walk a tree of pairwise unions in Python, several times slower."""
    from whoosh import query as q

    if type(query) is q.Or:
        return set().union(*(filter_docs(searcher, child) for child in query.subqueries))
    if type(query) is q.And:
        found = [filter_docs(searcher, child) for child in query.subqueries]
        return set.intersection(*found) if found else set()
    return set(searcher.docs_for_query(query))


def keys(field_name: str, text: str) -> list[str]:
    """What a tag or section becomes in the index (case and accents folded)."""
    from newscli.index.analysis import keyword_analyzer

    return [token.text for token in keyword_analyzer()(text)] if field_name in ("tags", "section") else [text]


def filter_query(filters) -> object | None:
    """A Whoosh filter for store ``Filters`` (not scored: filters only narrow)."""
    from whoosh import query as q

    from newscli.index.query import naive_utc

    parts = [q.Term("tags", key) for tag in filters.tags for key in keys("tags", tag)]
    if filters.section:
        parts += [q.Term("section", key) for key in keys("section", filters.section)]
    if filters.site:
        parts.append(q.Term("site", filters.site.lower()))
    if filters.lang:
        parts.append(q.Term("lang", primary_language(filters.lang)))
    if filters.since or filters.until:
        since, until = (naive_utc(datetime.fromisoformat(v)) if v else None
                        for v in (filters.since, filters.until))
        if until is not None:   # Filters keep whole seconds: the last one counts whole
            until += timedelta(seconds=1, microseconds=-1)
        parts.append(q.DateRange("published", since, until))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


def merge_tiers(writer, segments):
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
        from whoosh import index

        current = self.dir.current()
        return current is not None and index.exists_in(str(current))

    def version(self) -> int | None:
        return _version_in(self._at or self.dir.current() or self.path)

    def _open(self, create: bool):
        """The Whoosh index of the current generation (reopened when a rebuild
        by another process has swapped in a new one since)."""
        current = self.dir.current()
        if self._ix is not None and self._at == current:
            return self._ix
        self.close()
        if self.exists():
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
            collector = _collector(searcher, page * limit if limit else None, sort, allowed)
            searcher.search_with_collector(query, collector)
            results = collector.results()
            page_hits = results[(page - 1) * limit:page * limit] if limit else (results if page == 1 else [])
            facet_counts = None
            if counts:   # one unscored pass gives the facets and the exact total
                docnums = [d for d in searcher.docs_for_query(query) if allowed is None or d in allowed]
                facet_counts = _count_facets(searcher, docnums)
                total = len(docnums)
            else:
                total = collector.count()
            ids = [hit["id"] for hit in page_hits]
            sources = snippet_source(ids) if snippet_source else {}
            hits = []
            for hit in page_hits:
                language, body = sources.get(hit["id"], ("", ""))
                hits.append(Hit(hit["id"], round(hit.score or 0.0, 4), _snippet(words, language, body)))
            return SearchResult(hits, total, facet_counts)

    def suggestion(self, text: str) -> str | None:
        """The query with its unknown words corrected from the index vocabulary."""
        from newscli.index.query import suggest

        ix = self._open(create=False)
        if ix is None:
            return None
        with ix.searcher() as searcher:
            return suggest(text, searcher, ix.schema.names())


def _collector(searcher, limit: int | None, sort: str, allowed: set | None):
    """What gathers the hits: the best ``limit`` (None: all) or the newest or
    oldest, in one pass that also counts them. (Whoosh's default for the best
    N skips postings that cannot reach the top N, then counts in a second pass
    over every match: twice the time; its matcher replacement would make the
    count inexact, hence replace=0.)"""
    from whoosh import collectors

    if sort != "relevance":
        collector = collectors.SortingCollector("published", limit=limit, reverse=sort == "newest")
    elif limit is None or limit >= searcher.doc_count():
        collector = collectors.UnlimitedCollector()
    else:
        collector = collectors.TopCollector(limit, usequality=False, replace=0)
    return collectors.FilterCollector(collector, allow=allowed) if allowed is not None else collector


def plan(query, filters: list, reader, sort: str):
    """(query, filter, sort) to run: date filters as term unions; with nothing
    to rank ("*", dates alone) the filters become the query, so only their
    documents are visited, and relevance means newest first."""
    from whoosh import query as q

    filters = [fast_dates(f, reader) for f in filters if f is not None]
    combined = (filters[0] if len(filters) == 1 else q.And(filters)) if filters else None
    dates_only = isinstance(query, q.DateRange) or (
        isinstance(query, q.And) and all(isinstance(c, q.DateRange) for c in query.subqueries))
    if not dates_only and not isinstance(query, q.Every):
        return query, combined, sort
    if dates_only:
        query = fast_dates(query, reader)
        query = query if combined is None else q.And([query, combined])
    elif combined is not None:
        query = combined
    return query, None, "newest" if sort == "relevance" else sort


def positive_terms(query) -> set[tuple[str, str]]:
    """(field, term) of every word the query looks for, not those after NOT."""
    from whoosh import query as q

    if isinstance(query, q.Not):
        return set()
    if isinstance(query, q.AndNot):
        return positive_terms(query.a)
    if query.is_leaf():
        return {(f, t.decode("utf-8") if isinstance(t, bytes) else t) for f, t in query.iter_all_terms(phrases=True)}
    return set().union(*(positive_terms(child) for child in query.children()))


def _snippet(terms: set[tuple[str, str]], language: str, body: str) -> str:
    """Up to two passages of ``body`` around the query's words (each word of
    the body analysed as the article's language analyses it, so stems match),
    else the start of the body."""
    import re

    from newscli.index.analysis import TOKEN_PATTERN, could_become, language_of, term_function

    if not body:
        return ""
    language = language_of(language, body)
    fields = (f"title_{language}", f"body_{language}")
    words = {term for field_name, term in terms if field_name in fields}
    if words:
        term_of = term_function(language)
        maybe = could_become(language, words)   # stem only the words that can match: stemming is the cost
        spans = [m.span() for m in re.finditer(TOKEN_PATTERN, body)
                 if maybe(m.group()) and term_of(m.group()) in words]
        if spans:
            return _passages(body, spans)
    return _lead(body)


def _passages(body: str, spans: list[tuple[int, int]], span_chars: int = 160, context: int = 40,
              top: int = 2) -> str:
    """The ``top`` passages with the most different matched words, in text
    order, joined by " … ": each a run of matches at most ``span_chars``
    long plus ``context`` characters either side (whole words), the matches
    wrapped in MARK_START/MARK_END."""
    clusters: list[list[tuple[int, int]]] = []
    for span in spans:
        if clusters and span[1] - clusters[-1][0][0] <= span_chars:
            clusters[-1].append(span)
        else:
            clusters.append([span])

    def variety(cluster):
        return len({body[a:b].lower() for a, b in cluster}), len(cluster)

    best = sorted(sorted(clusters, key=variety, reverse=True)[:top])
    out, previous_end = [], -1
    for cluster in best:
        low = max(0, cluster[0][0] - context)
        low = body.rfind(" ", 0, low) + 1 if low else 0
        cut = body.find(" ", min(len(body), cluster[-1][1] + context))
        high = len(body) if cut < 0 else cut
        low = max(low, previous_end)
        pieces, at = [], low
        for start, end in cluster:
            pieces += [body[at:start], MARK_START, body[start:end], MARK_END]
            at = end
        pieces.append(body[at:high])
        text = " ".join("".join(pieces).split())
        if out and low == previous_end:          # touching the one before: one passage
            out[-1] += " " + text
        else:
            out.append(text)
        previous_end = high
    return " … ".join(out)


def _lead(body: str, chars: int = 160) -> str:
    """The start of the body, cut at a word: the snippet of a hit whose words
    are not in its body (found by title, tag or author)."""
    line = clean_line(body)
    return line if len(line) <= chars else line[:chars].rsplit(" ", 1)[0] + " …"


def _count_facets(searcher, docnums: list[int]) -> FacetCounts:
    """Tags, sections and days of the matched documents, from the facets column."""
    from newscli.textclean import fold

    column = searcher.reader().column_reader("facets")
    counts = FacetCounts()
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


MARK_START, MARK_END = "\ue000", "\ue001"
