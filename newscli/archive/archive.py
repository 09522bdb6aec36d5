"""The archive: one data home's store and index, kept in step.

Writes go to the store first (the record), then to the index, all under the
data home's write lock; a crash between the two leaves an article the index
lacks, which `news doctor` finds and `news reindex` or the next save mends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from newscli.archive.filters import Filters
from newscli.archive.lock import write_lock
from newscli.archive.store import Store
from newscli.config import Home
from newscli.errors import EXIT_STORAGE, NewsError
from newscli.model import Article


class IndexMissing(NewsError):
    """Articles are stored but there is no index to search them."""

    exit_code = EXIT_STORAGE


@dataclass
class SearchHit:
    article: Article
    score: float
    snippet: str

    def to_json(self) -> dict:
        return {**self.article.to_json(), "score": self.score, "snippet": self.snippet}


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    counts: object = None  # index.FacetCounts when asked for


class Archive:
    def __init__(self, home: Home, create: bool = False):
        self.home = home
        if create:
            home.ensure()
        else:
            home.check()
        self.store = Store.open(home.db_path, create=create)
        self._index = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.store.close()

    @property
    def index(self):
        if self._index is None:
            from newscli.index.index import Index

            self._index = Index(self.home.index_path)
        return self._index

    @contextmanager
    def writing(self, on_wait: Callable[[str], None] | None = None):
        """Hold the data home's write lock."""
        self.home.ensure()
        with write_lock(self.home.lock_path, on_wait=on_wait):
            yield self

    # -- writing --------------------------------------------------------------

    def save(self, items: Iterable[tuple[Article, str | bytes | None]]) -> list[str]:
        """Store then index a batch of (article, raw html); returns each outcome
        ('new', 'updated', 'unchanged'). The caller holds the write lock."""
        outcomes, changed = [], []
        for article, html in items:
            outcome = self.store.upsert(article, html)
            outcomes.append(outcome)
            changed.append(article)
        if changed:
            self.index.add(changed)
        return outcomes

    def index_missing(self, ids: Iterable[str]) -> int:
        """Index those of the stored articles ``ids`` that the index lacks (a
        run killed between the store and the index). The caller holds the write lock."""
        missing = self.index.missing(ids)
        if missing:
            self.index.add(self.store.get_many(missing, with_text=True).values())
        return len(missing)

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        total = self.store.count()
        return self.index.rebuild(self.store.iter_query(with_text=True), total, progress)

    # -- reading --------------------------------------------------------------

    def search(self, query: str, filters: Filters, sort: str = "relevance", limit: int | None = 20,
               page: int = 1, counts: bool = False) -> SearchPage:
        """A page of hits (articles with snippets), the total, and with
        ``counts`` the facet counts of the whole result set."""
        from newscli.index.planning import filter_query
        from newscli.index.schema import passages

        if not self.index.exists():
            stored = self.store.count()
            if stored:   # (this said "no articles match", exit 1)
                raise IndexMissing(f"the search index in {self.home.index_path} is missing or dangling while "
                                   f"{stored} articles are stored: run `news reindex` (or `news doctor --repair`)")
        articles: dict[str, Article] = {}

        def bodies(ids: list[str]) -> dict[str, tuple[str, str]]:
            articles.update(self.store.get_many(ids, with_text=True))
            return {i: (a.lang or "", passages(a)) for i, a in articles.items()}

        result = self.index.search(query, filter_query(filters), sort, limit, page, bodies,
                                   lang=filters.lang, counts=counts)
        hits = [SearchHit(articles[h.id], h.score, h.snippet) for h in result.hits if h.id in articles]
        return SearchPage(hits, result.total, result.counts)

    def stats(self) -> dict:
        data = self.store.stats()
        data["index_docs"] = self.index.doc_count()
        data["index_bytes"] = self.index.size_bytes()
        return data
