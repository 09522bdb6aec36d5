"""Facets and the timeline: what the counts of a result set look like.

The index counts tags, sections and publication days over every hit
(:class:`newscli.index.index.FacetCounts`); this module turns those counts into the
JSON shapes of ``news search --facets``/``--timeline`` and into the periods of
the timeline chart. No Whoosh here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

# The timeline counts days when the dated hits span at most this many days,
# months up to MAX_MONTHS months, years beyond.
MAX_DAYS = 62
MAX_MONTHS = 72


def months(days: Counter) -> Counter:
    """Day counts ('YYYY-MM-DD', '' undated) -> month counts ('YYYY-MM', '')."""
    out: Counter = Counter()
    for day, n in days.items():
        out[day[:7]] += n
    return out


def facets_json(counts, limit: int = 20) -> dict:
    """``{tags, sections, months}``: lists of ``{name, count}`` (most first;
    months in time order). Sections and months include a null entry for hits
    without one, so their counts add up to the total."""
    def ranked(counter: Counter, key: str, top: int | None) -> list[dict]:
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        return [{key: name or None, "count": n} for name, n in items[:top]]

    by_month = months(counts.days)
    return {
        "tags": ranked(counts.tags, "tag", limit or None),
        "sections": ranked(counts.sections, "section", None),
        "months": [{"month": m or None, "count": by_month[m]} for m in sorted(by_month, key=lambda m: (not m, m))],
    }


@dataclass
class Timeline:
    unit: str                          # day | month | year
    periods: list[tuple[str, int]]     # every period from the first hit to the last, zeros included
    undated: int = 0

    def to_json(self) -> dict:
        return {"unit": self.unit, "periods": [{"period": p, "count": n} for p, n in self.periods],
                "undated": self.undated}


def timeline(days: Counter) -> Timeline:
    """Hits per day for a short span, per month or per year for longer ones."""
    dated = {date.fromisoformat(d): n for d, n in days.items() if d}
    undated = days.get("", 0)
    if not dated:
        return Timeline("day", [], undated)
    first, last = min(dated), max(dated)
    if (last - first).days < MAX_DAYS:
        periods, day = [], first
        while day <= last:
            periods.append((day.isoformat(), dated.get(day, 0)))
            day += timedelta(days=1)
        return Timeline("day", periods, undated)
    month_count = (last.year - first.year) * 12 + last.month - first.month + 1
    unit, key = ("month", lambda d: f"{d.year:04d}-{d.month:02d}") if month_count <= MAX_MONTHS \
        else ("year", lambda d: f"{d.year:04d}")
    totals: Counter = Counter()
    for day, n in dated.items():
        totals[key(day)] += n
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        label = key(date(year, month, 1))
        if not periods or periods[-1][0] != label:
            periods.append((label, totals.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline(unit, periods, undated)
