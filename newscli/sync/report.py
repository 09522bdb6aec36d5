"""What a sync run did: the counts, the failures, the summary line and the
`news sync --json` object."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newscli.fetch import FetchError
from newscli.formats import counted

MAX_LISTED_FAILURES = 1000


@dataclass
class SyncReport:
    """What a run did; ``to_json()`` is the `news sync --json` contract."""

    site: str
    base_url: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_reasons: Counter = field(default_factory=Counter)
    failures: list[dict] = field(default_factory=list)
    failed_total: int = 0
    blocked: int = 0
    attempted: int = 0          # article URLs tried (answered or not)
    fetched: int = 0            # article pages that answered (whatever came of them)
    queued: int = 0             # article URLs this run set out to fetch
    waiting: int = 0            # left queued for the next run
    discovered: int = 0         # URLs never seen before
    changed: int = 0            # known URLs whose sitemap <lastmod> moved on
    known: int = 0              # URLs seen again, already handled
    offsite: int = 0            # <loc>s pointing off-site, ignored
    sitemaps: Counter = field(default_factory=lambda: Counter(read=0, not_modified=0, unchanged=0,
                                                              too_old=0, failed=0))
    discovery_errors: list[dict] = field(default_factory=list)
    answered: int = 0           # discovery requests that got an answer
    requests: int = 0
    elapsed: float = 0.0
    robots: str | None = None   # a note when robots.txt could not be read
    error: str | None = None    # the site could not be synced at all
    stopped: str | None = None  # why the run stopped before its queue was empty
    interrupted: bool = False
    last_sync: str | None = None
    phase: str = "starting"

    def fail(self, url: str, reason: str, status: int | None = None, blocked: bool = False) -> None:
        self.failed_total += 1
        self.blocked += blocked
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append({"url": url, "reason": reason, "status": status, "blocked": blocked})

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] += 1

    def discovery_error(self, url: str, reason: str, exc: FetchError | None = None) -> None:
        blocked = bool(exc and exc.blocked)
        self.blocked += blocked
        self.discovery_errors.append({"url": url, "reason": reason, "status": exc.status if exc else None,
                                      "blocked": blocked})

    @property
    def saved(self) -> int:
        """Articles stored so far (new, updated or unchanged): what the progress bar counts."""
        return self.new + self.updated + self.unchanged

    @property
    def nothing_fetched(self) -> bool:
        """Nothing at all could be fetched: the run failed (exit code 3)."""
        if self.error:
            return True
        if self.fetched == 0 and self.failed_total:
            return True
        return self.fetched == 0 and self.answered == 0 and bool(self.discovery_errors)

    def summary(self) -> str:
        """One line for people."""
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.skipped} skipped",
                 f"{self.failed_total} failed"]
        if self.blocked:
            parts.append(f"{self.blocked} blocked")
        line = f"{self.site}: " + ", ".join(parts)
        line += f" ({counted(self.discovered, 'URL')} found, {self.waiting} left queued)"
        rate = self.fetched / self.elapsed if self.elapsed else 0.0
        return line + f"; {counted(self.requests, 'request')} in {self.elapsed:.1f}s ({rate:.1f} articles/s)"

    def to_json(self) -> dict:
        return {
            "site": self.site, "base_url": self.base_url,
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "skipped_reasons": dict(self.skipped_reasons),
            "failed": self.failures, "failed_total": self.failed_total, "blocked": self.blocked,
            "fetched": self.fetched, "discovered": self.discovered, "changed": self.changed,
            "known": self.known, "waiting": self.waiting, "offsite": self.offsite,
            "sitemaps": dict(self.sitemaps), "discovery_errors": self.discovery_errors,
            "requests": self.requests, "elapsed": round(self.elapsed, 3),
            "articles_per_second": round(self.fetched / self.elapsed, 2) if self.elapsed else 0.0,
            "robots": self.robots, "stopped": self.stopped, "interrupted": self.interrupted,
            "error": self.error, "last_sync": self.last_sync,
        }
