"""The Whoosh full-text index: a rebuildable view of the store.

Only what search needs is stored in the index (the id and a stamp); hits are
turned into articles by the store. Every segment is written with
``compound=False``: opening many small files is cheaper than unpacking one
compound file, and opening dominates a one-query CLI.

Whoosh is imported inside functions so commands that never search start fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newscli.errors import UsageError
from newscli.model import Article
from newscli.textclean import fold

# Bump when the schema or analysis changes: `news doctor` then asks for a reindex.
INDEX_VERSION = 1
# Query-language aliases: what users type -> the index field.
FIELD_ALIASES = {"tags": ["tag"], "authors": ["author", "by"], "published": ["date"],
                 "section": ["subsection"]}
SEARCH_FIELDS = ("title", "summary", "text", "tags", "authors")
FIELD_BOOSTS = {"title": 3.0, "summary": 1.5, "tags": 1.5, "text": 1.0, "authors": 1.0}


class QueryError(UsageError):
    """The user's query cannot be parsed."""


@dataclass
class Hit:
    id: str
    score: float
    snippet: str = ""


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict = field(default_factory=dict)


def build_schema():
    from whoosh import fields
    from whoosh.analysis import KeywordAnalyzer, StemmingAnalyzer

    text = StemmingAnalyzer(stoplist=None, minsize=1)
    keyword = KeywordAnalyzer(lowercase=True, commas=True)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        stamp=fields.STORED(),
        url=fields.ID(),
        site=fields.ID(),
        lang=fields.ID(),
        title=fields.TEXT(analyzer=text, field_boost=FIELD_BOOSTS["title"]),
        summary=fields.TEXT(analyzer=text),
        text=fields.TEXT(analyzer=text),
        authors=fields.TEXT(analyzer=text),
        source=fields.TEXT(analyzer=text),
        tags=fields.KEYWORD(analyzer=keyword, scorable=True),
        section=fields.KEYWORD(analyzer=keyword),
        published=fields.DATETIME(sortable=True),
    )


def _naive_utc(iso_time: str | None) -> datetime | None:
    """Whoosh stores naive datetimes: index everything in UTC."""
    if not iso_time:
        return None
    dt = datetime.fromisoformat(iso_time)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def document(article: Article) -> dict:
    """The index document of an article."""
    doc = {
        "id": article.id,
        "stamp": article.fetched or "",
        "url": article.url,
        "site": article.site,
        "lang": article.lang or "",
        "title": article.title,
        "summary": article.summary,
        "text": article.text,
        "authors": " ; ".join(article.authors),
        "source": article.source or "",
        "tags": ",".join(fold(t) for t in article.tags),
        "section": ",".join(fold(s) for s in (article.section, article.subsection) if s),
    }
    published = _naive_utc(article.published)
    if published:
        doc["published"] = published
    return doc


def filter_query(filters) -> object | None:
    """A Whoosh filter for store ``Filters`` (not scored: filters only narrow)."""
    from whoosh import query as q

    parts = [q.Term("tags", fold(tag)) for tag in filters.tags]
    if filters.section:
        parts.append(q.Term("section", fold(filters.section)))
    if filters.site:
        parts.append(q.Term("site", filters.site))
    if filters.lang:
        parts.append(q.Term("lang", filters.lang))
    if filters.since or filters.until:
        parts.append(q.DateRange("published", _naive_utc(filters.since), _naive_utc(filters.until)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


class Index:
    """The index directory of one data home."""

    def __init__(self, path: Path):
        from newscli.indexdir import IndexDir

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
        marker = (self._at or self.path) / "VERSION"
        try:
            return int(marker.read_text().strip())
        except (OSError, ValueError):
            return None

    def _open(self, create: bool):
        """The Whoosh index of the current generation (reopened when a rebuild
        by another process has swapped in a new one since)."""
        current = self.dir.current()
        if self._ix is not None and self._at == current:
            return self._ix
        self.close()
        if self.exists():
            self._ix, self._at = self.dir.storage(current).open_index(), current
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
        writer = ix.writer(compound=False, limitmb=128)
        n = 0
        try:
            for article in articles:
                writer.update_document(**document(article))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.dir.collect()
        return n

    def delete(self, ids: Iterable[str]) -> int:
        ix = self._open(create=False)
        if ix is None:
            return 0
        writer = ix.writer(compound=False)
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
        :mod:`newscli.indexdir`): a crash leaves the old index whole, and
        readers see the old index or the new one, never none.
        """
        generation = self.dir.new_generation()
        ix = self.dir.storage(generation).create_index(build_schema())
        n = 0
        # The posting pool: 256 MB made a 10k reindex peak at 364 MB RSS; 64 MB
        # peaks at 132 MB for ~15% less speed (benchmarks/RESULTS.md).
        writer = ix.writer(compound=False, limitmb=64)
        try:
            for article in articles:
                writer.add_document(**document(article))
                n += 1
                if progress and n % 100 == 0:
                    progress(n)
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.commit(optimize=True)
        ix.close()
        if progress:
            progress(n)
        (generation / "VERSION").write_text(f"{INDEX_VERSION}\n")
        self.close()
        self.dir.publish(generation)
        self.dir.collect()
        return n

    # -- reading --------------------------------------------------------------

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
        if not self.path.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    def parse(self, text: str):
        """Parse the user's query (Whoosh syntax, our field aliases)."""
        from whoosh import qparser
        from whoosh.qparser.dateparse import DateParserPlugin

        ix = self._open(create=False)
        schema = ix.schema if ix is not None else build_schema()
        parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
        parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
        parser.add_plugin(DateParserPlugin(free=False))
        parser.add_plugin(qparser.GtLtPlugin())
        try:
            query = parser.parse(text)
        except Exception as exc:  # Whoosh raises many types for bad syntax
            raise QueryError(f"cannot parse the query {text!r}: {exc}") from None
        errors = [q for q in query.leaves() if type(q).__name__ == "ErrorQuery"]
        if errors:
            raise QueryError(f"cannot parse the query {text!r}: {errors[0].message}")
        return query

    def search(self, text: str, filter_query=None, sort: str = "relevance", limit: int = 20,
               page: int = 1, snippet_source: Callable[[list[str]], dict[str, str]] | None = None,
               ) -> SearchResult:
        """Run a query. ``snippet_source(ids)`` gives the body texts to highlight."""
        ix = self._open(create=False)
        if ix is None:
            return SearchResult([], 0)
        from whoosh import highlight

        query = self.parse(text)
        kwargs = {}
        if sort in ("newest", "oldest"):
            kwargs = {"sortedby": "published", "reverse": sort == "newest"}
        with ix.searcher() as searcher:
            results = searcher.search_page(query, page, pagelen=limit, filter=filter_query,
                                           terms=True, **kwargs)
            ids = [hit["id"] for hit in results]
            texts = snippet_source(ids) if snippet_source else {}
            results.results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
            results.results.formatter = _MarkFormatter()
            hits = []
            for hit in results:
                source = texts.get(hit["id"], "")
                snippet = hit.highlights("text", text=source, top=2) if source else ""
                hits.append(Hit(hit["id"], round(hit.score or 0.0, 4), snippet))
            return SearchResult(hits, results.total)


class _MarkFormatter:
    """Mark matched words with U+E000/U+E001 (private-use characters that
    cannot come from page text after cleaning), so renderers can highlight
    them without trusting any markup."""

    between = " … "

    def __call__(self, text, fragments):
        return self.format(fragments)

    def format(self, fragments, replace=False):
        out = []
        for fragment in fragments:
            text = fragment.text
            pieces, index = [], fragment.startchar
            for token in fragment.matches:
                if token.startchar < index:
                    continue
                pieces.append(text[index:token.startchar])
                pieces.append(MARK_START + text[token.startchar:token.endchar] + MARK_END)
                index = token.endchar
            pieces.append(text[index:fragment.endchar])
            out.append(" ".join("".join(pieces).split()))
        return self.between.join(out)


MARK_START, MARK_END = "\ue000", "\ue001"
