"""How a search runs: filters as Whoosh queries, date ranges as unions of
month and day terms, and the collector that gathers the hits."""

from __future__ import annotations

from datetime import datetime, timedelta

from newscli.index.schema import keys
from newscli.model import primary_language


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


def collector(searcher, limit: int | None, sort: str, allowed: set | None):
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
