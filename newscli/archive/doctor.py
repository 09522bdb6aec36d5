"""Find and mend drift between the store (the record) and the index (a view of it).

A crash can leave: articles stored but not indexed (killed between the two
writes), index entries whose article is gone (killed during a prune), stale
entries (re-fetched, not re-indexed), a half-built index beside the real one
(killed during a reindex), a stale Whoosh lock file. The store itself is
checked with SQLite's own integrity check and its schema version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from newscli.archive.archive import Archive
from newscli.index.index import IndexDamaged


@dataclass
class Problem:
    check: str
    detail: str
    count: int = 1
    repairable: bool = True

    def to_json(self) -> dict:
        return {"check": self.check, "detail": self.detail, "count": self.count, "repairable": self.repairable}


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    articles: int = 0
    index_docs: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"ok": self.ok, "articles": self.articles, "index_docs": self.index_docs,
                "problems": [p.to_json() for p in self.problems], "repaired": self.repaired}


@dataclass
class _Drift:
    missing: list[str]     # stored, not indexed
    orphans: list[str]     # indexed, not stored
    stale: list[str]       # indexed from an older fetch


def examine(archive: Archive) -> tuple[Report, _Drift | None]:
    from newscli.archive.schema import SCHEMA_VERSION
    from newscli.index.schema import INDEX_VERSION

    report = Report(articles=archive.store.count())
    try:
        # integrity_check, not quick_check: it also compares indexes with tables.
        result = "; ".join(r[0] for r in archive.store.conn.execute("PRAGMA integrity_check(20)"))
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        report.problems.append(Problem("store-integrity", f"SQLite reports: {result[:300]}", repairable=False))
    # SQLite's check passes text that is not UTF-8 (flipped bytes inside a row), which
    # export, new, reindex and prune then failed on: read every row doctor depends on.
    bad, why = unreadable_rows(archive.store)
    if bad:
        report.problems.append(Problem("store-unreadable", f"{bad} stored articles cannot be read ({why})",
                                       bad, repairable=False))
    if archive.store.schema_version != SCHEMA_VERSION:
        report.problems.append(Problem("schema-version", f"store schema {archive.store.schema_version}, "
                                       f"expected {SCHEMA_VERSION}", repairable=False))
    index = archive.index
    for leftover in index.dir.leftovers():
        report.problems.append(Problem("leftover", f"{leftover.name} left by an interrupted reindex"))
    try:
        present = index.exists()
    except IndexDamaged as exc:   # --repair rebuilds it from the store
        report.problems.append(Problem("index-unreadable", str(exc).split(": run")[0]))
        return report, None
    if not present:
        if report.articles:
            report.problems.append(Problem("index-missing", "no index", report.articles))
        return report, None
    if index.version() != INDEX_VERSION:
        report.problems.append(Problem("index-version", f"index version {index.version()}, expected {INDEX_VERSION}"))
        return report, None
    try:
        stamps = index.stamps()
    except Exception as exc:  # a damaged index raises many Whoosh/OS error types
        report.problems.append(Problem("index-unreadable", f"{type(exc).__name__}: {exc}"))
        return report, None
    report.index_docs = len(stamps)
    fetched = {a.id: a.fetched or "" for a in readable_articles(archive.store, with_text=False)}
    drift = _Drift(
        missing=sorted(set(fetched) - set(stamps)),
        orphans=sorted(set(stamps) - set(fetched)),
        stale=sorted(i for i in set(fetched) & set(stamps) if fetched[i] != stamps[i]),
    )
    for name, ids, what in (("not-indexed", drift.missing, "stored articles missing from the index"),
                            ("orphans", drift.orphans, "index entries with no stored article"),
                            ("stale", drift.stale, "index entries older than the stored article")):
        if ids:
            report.problems.append(Problem(name, f"{len(ids)} {what}", len(ids)))
    return report, drift


def repair(archive: Archive, report: Report, drift: _Drift | None) -> Report:
    """Mend what examine() found (the caller holds the data home's write lock).
    Whoosh's own lock is an flock, released by the kernel when a process dies."""
    index = archive.index
    checks = {p.check for p in report.problems}
    index.dir.collect()  # retires what a killed reindex left (deleted once no reader can use it)
    if "leftover" in checks:
        report.repaired.append("removed the leftovers of an interrupted reindex")
    if drift is None and checks & {"index-missing", "index-version", "index-unreadable"}:
        if checks & {"store-unreadable", "store-integrity"}:   # from what can be read
            bad = sum(p.count for p in report.problems if p.check == "store-unreadable")
            n = archive.index.rebuild(readable_articles(archive.store, with_text=True), report.articles - bad)
        else:
            n = archive.reindex()
        report.repaired.append(f"rebuilt the index ({n} articles)")
    elif drift is not None:
        if drift.orphans:
            index.delete(drift.orphans)
            report.repaired.append(f"removed {len(drift.orphans)} orphan index entries")
        todo = drift.missing + drift.stale
        if checks & {"store-unreadable", "store-integrity"}:
            good = {a.id for a in readable_articles(archive.store, with_text=False)}
            todo = [i for i in todo if i in good]
        for start in range(0, len(todo), 500):
            batch = archive.store.get_many(todo[start:start + 500], with_text=True)
            index.add(batch.values())
        if todo:
            report.repaired.append(f"indexed {len(todo)} articles")
    return report


def _rowids(store) -> list[int]:
    try:
        return [r[0] for r in store.conn.execute("SELECT rowid FROM articles")]
    except sqlite3.DatabaseError:
        return []


def _read_row(store, rowid: int, with_text: bool):
    from newscli.archive.store import _COLUMNS, _LIGHT

    cols = ", ".join(_COLUMNS) + ", starred" if with_text else _LIGHT
    row = store.conn.execute(f"SELECT {cols} FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    return store._article(row) if row is not None else None


def readable_articles(store, with_text: bool = True) -> Iterator:
    """Every stored article that can be read (bad rows are left out), one at a time."""
    for rowid in _rowids(store):
        try:
            article = _read_row(store, rowid, with_text)
        except (sqlite3.DatabaseError, ValueError, TypeError):
            continue
        if article is not None:
            yield article


def unreadable_rows(store) -> tuple[int, str]:
    """How many article rows cannot be read (text not UTF-8, bad JSON, damaged
    pages), and the first reason."""
    try:
        total = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return 1, str(exc)
    rowids = _rowids(store)
    bad, why = max(0, total - len(rowids)), ""
    if bad:
        why = "the table cannot be read to its end"
    for rowid in rowids:
        try:
            _read_row(store, rowid, with_text=True)
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            bad += 1
            why = why or f"{type(exc).__name__}: {exc}"
    return bad, why[:200]
