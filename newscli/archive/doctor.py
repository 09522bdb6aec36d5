"""Find and mend drift between the store (the record) and the index (a view of it).

A crash can leave: articles stored but not indexed (killed between the two
writes), index entries whose article is gone (killed during a prune), stale
entries (re-fetched, not re-indexed), a half-built index beside the real one
(killed during a reindex), a stale Whoosh lock file. The store itself is
checked with SQLite's own integrity check and its schema version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscli.archive.archive import Archive


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
    result = archive.store.conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        report.problems.append(Problem("store-integrity", f"SQLite reports: {result}", repairable=False))
    if archive.store.schema_version != SCHEMA_VERSION:
        report.problems.append(Problem("schema-version", f"store schema {archive.store.schema_version}, "
                                       f"expected {SCHEMA_VERSION}", repairable=False))
    index = archive.index
    for leftover in index.dir.leftovers():
        report.problems.append(Problem("leftover", f"{leftover.name} left by an interrupted reindex"))
    if not index.exists():
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
    fetched = dict(archive.store.conn.execute("SELECT id, coalesce(fetched, '') FROM articles"))
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
        n = archive.reindex()
        report.repaired.append(f"rebuilt the index ({n} articles)")
    elif drift is not None:
        if drift.orphans:
            index.delete(drift.orphans)
            report.repaired.append(f"removed {len(drift.orphans)} orphan index entries")
        todo = drift.missing + drift.stale
        for start in range(0, len(todo), 500):
            batch = archive.store.get_many(todo[start:start + 500], with_text=True)
            index.add(batch.values())
        if todo:
            report.repaired.append(f"indexed {len(todo)} articles")
    return report
