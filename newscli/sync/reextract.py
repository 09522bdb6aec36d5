"""`news reextract`: read the stored pages again with today's recipes and
extractor (offline), and update the articles whose fields come out different.

Pages are read in id order, in batches; each batch's changes are stored and
indexed under the write lock, and the id reached is kept in the store's meta
table, so an interrupted run resumes after the last batch it saved. A field
the stored article has and the new extraction lacks is kept (ingest.keep_known).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from newscli.archive.archive import Archive
from newscli.archive.filters import Filters
from newscli.interrupts import interrupts_deferred
from newscli.model import Article

BATCH_SIZE = 50
# The fields compared (and reported) between the stored and the new article.
COMPARED = ("site", "lang", "type", "title", "summary", "text", "authors", "source", "published",
            "updated", "section", "subsection", "tags", "image_url", "image_caption", "word_count",
            "reading_minutes", "postid")


@dataclass
class ReextractReport:
    examined: int = 0
    changed: int = 0
    unchanged: int = 0
    no_page: int = 0                  # stored without their page (nothing to read again)
    resumed_after: str | None = None  # an earlier run's mark this one started from
    fields: Counter = field(default_factory=Counter)   # field -> articles where it changed
    changed_ids: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)  # {id, reason}: no article in the page now
    kept: Counter = field(default_factory=Counter)      # field -> articles that kept the stored value
    interrupted: bool = False

    def to_json(self) -> dict:
        return {
            "examined": self.examined, "changed": self.changed, "unchanged": self.unchanged,
            "no_page": self.no_page, "failed": self.failures, "fields": dict(self.fields.most_common()),
            "kept": dict(self.kept.most_common()), "changed_ids": self.changed_ids,
            "resumed_after": self.resumed_after, "interrupted": self.interrupted,
        }

    def summary(self) -> str:
        line = f"re-extracted {self.examined} articles: {self.changed} changed"
        if self.fields:
            line += " (" + ", ".join(f"{name} {n}" for name, n in self.fields.most_common()) + ")"
        line += f", {self.unchanged} unchanged"
        if self.no_page:
            line += f", {self.no_page} without a stored page"
        if self.failures:
            line += f", {len(self.failures)} no longer read as articles (left as stored)"
        return line


def mark_key(filters: Filters) -> str:
    return f"reextract:{filters.site or '*'}:{filters.since or '*'}"


def reextract(archive: Archive, filters: Filters,
              progress: Callable[[ReextractReport, int], None] | None = None) -> ReextractReport:
    """Re-extract the stored pages of the articles ``filters`` selects."""
    store = archive.store
    report = ReextractReport()
    key = mark_key(filters)
    mark = store.get_meta(key)
    report.resumed_after = mark
    ids = sorted(a.id for a in store.iter_query(filters))
    if mark:
        ids = [i for i in ids if i > mark]
    stop: list[bool] = []
    with interrupts_deferred(lambda: stop.append(True)):
        for start in range(0, len(ids), BATCH_SIZE):
            if stop:
                report.interrupted = True
                break
            chunk = ids[start:start + BATCH_SIZE]
            stored = store.get_many(chunk, with_text=True)
            updates = [u for u in (_again(store, stored[i], report) for i in chunk if i in stored) if u]
            with archive.writing():
                if updates:
                    archive.save([(article, None) for article in updates])
                store.set_meta(key, chunk[-1])
            if progress:
                progress(report, len(ids))
    if not report.interrupted:
        with store.conn:
            store.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    return report


def _again(store, old: Article, report: ReextractReport) -> Article | None:
    """The article read again from its stored page, when any field changed."""
    from newscli.encoding import decode_html
    from newscli.sites import recipe_for_article
    from newscli.sync.ingest import NoArticle, keep_known, page_to_article

    report.examined += 1
    page = store.raw_page(old.id)
    if page is None:
        report.no_page += 1
        return None
    url, raw = page
    try:
        new = page_to_article(decode_html(raw), url or old.url, recipe_for_article(old.site, url or old.url))
    except NoArticle as exc:
        report.failures.append({"id": old.id, "reason": str(exc)})
        return None
    except Exception as exc:  # one bad page never stops the rest
        report.failures.append({"id": old.id, "reason": f"extraction failed: {type(exc).__name__}: {exc}"})
        return None
    new.id, new.url, new.fetched, new.starred = old.id, old.url, old.fetched, old.starred
    report.kept.update(keep_known(old, new))
    changed = [name for name in COMPARED if getattr(old, name) != getattr(new, name)]
    if not changed:
        report.unchanged += 1
        return None
    report.changed += 1
    report.fields.update(changed)
    report.changed_ids.append(old.id)
    return new
