"""Facets and the timeline: counts as tables and bars."""

from __future__ import annotations

from newscli.render.console import plain_text

BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, top: int, width: int) -> str:
    """A horizontal bar of ``count`` against ``top`` in ``width`` cells (eighth blocks)."""
    if top <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count * width * 8 / top))
    return "█" * (eighths // 8) + (BAR_EIGHTHS[eighths % 8] if eighths % 8 else "")


# Runs of at least this many empty periods are shown as one line.
FOLD_EMPTY = 3


def folded(periods: list[dict]) -> list[tuple[str, int | None]]:
    """(label, count) rows of the chart: a run of FOLD_EMPTY or more empty
    periods becomes one row ('2024-03-03 … 2024-03-27', None), so sparse hits
    over two months are a few lines, not sixty mostly zeros."""
    rows: list[tuple[str, int | None]] = []
    i = 0
    while i < len(periods):
        j = i
        while j < len(periods) and periods[j]["count"] == 0:
            j += 1
        if j - i >= FOLD_EMPTY:
            rows.append((f"{periods[i]['period']} … {periods[j - 1]['period']}", None))
            i = j
            continue
        rows.append((periods[i]["period"], periods[i]["count"]))
        i += 1
    return rows


def timeline_chart(timeline: dict, width: int = 80):
    """Hits per period as bars, one line per period (``news search --timeline``)."""
    from rich.table import Table

    periods = timeline["periods"]
    top = max((p["count"] for p in periods), default=0)
    rows = folded(periods)
    label_width = max((len(label) for label, _ in rows), default=4)
    bar_width = max(10, width - label_width - len(str(top)) - 4)
    table = Table(box=None, pad_edge=False, show_header=False, title=f"hits per {timeline['unit']}",
                  title_justify="left", title_style="bold")
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(style="green", no_wrap=True)
    for label, count in rows:
        if count is None:   # a run of empty periods, one line
            table.add_row(plain_text(label, "dim"), "0", "")
        else:
            table.add_row(label, str(count), bar(count, top, bar_width))
    if timeline.get("undated"):
        table.add_row("undated", str(timeline["undated"]), "")
    return table


def facets_view(facets: dict, top: int = 10):
    """Tag, section and month counts side by side (``news search --facets``)."""
    from rich.columns import Columns
    from rich.table import Table

    def counts(title: str, key: str, rows: list[dict]):
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column(title)
        table.add_column("hits", justify="right")
        for row in rows:
            table.add_row(plain_text(row[key] or "(none)"), str(row["count"]))
        return table

    months = facets["months"]
    if len(months) > 18:   # a long span reads better by year (the JSON keeps the months)
        years: dict = {}
        for row in months:
            year = row["month"][:4] if row["month"] else None
            years[year] = years.get(year, 0) + row["count"]
        dates = counts("year", "year", [{"year": y, "count": n} for y, n in years.items()])
    else:
        dates = counts("month", "month", months)
    return Columns([
        counts("tag", "tag", facets["tags"][:top]),
        counts("section", "section", facets["sections"][:top]),
        dates,
    ], padding=(0, 4))
