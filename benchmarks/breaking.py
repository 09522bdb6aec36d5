"""What breaking news costs: reading a ticker, storing a poll, linking on save.

    .venv/bin/python benchmarks/breaking.py

Each figure is the median of several runs, next to a baseline measured in the
same run, and their ratio:

- parse: ``parse_ticker`` on a large article page (the known selectors, and
  the BREAKING-label fallback) vs parsing the same page with lxml alone;
- poll: storing one reading of ten known lines (``BreakingLog.record``)
  with 20,000 stored items vs with none; and a reading of ten new lines,
  which also matches them against the 1,000 newest headlines;
- save: ``Store.upsert`` of an article (which links ticker lines naming it)
  with 20,000 stored items vs with none.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscli.archive.store import Store  # noqa: E402
from newscli.breaking.keys import item_id, match_keys  # noqa: E402
from newscli.breaking.ticker import parse_ticker  # noqa: E402
from newscli.model import Article  # noqa: E402

HISTORY = 20_000
ARTICLES = 1_000


def median_ms(fn, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def big_page(ticker_markup: str) -> str:
    paragraphs = "".join(f"<p>Paragraph {i} of a long article about security guarantees, "
                         f"sanctions and talks in Moscow, Beirut and Caracas.</p>" for i in range(400))
    nav = "".join(f'<li><a href="/news/s{i}">Section {i}</a></li>' for i in range(150))
    return (f"<html><head><title>t</title></head><body><nav><ul>{nav}</ul></nav>{ticker_markup}"
            f"<main><h1>Headline</h1><div class='p-content'>{paragraphs}</div></main>"
            f"<footer><ul>{nav}</ul></footer></body></html>")


def lines(n: int, prefix: str) -> list[str]:
    return [f"{prefix} {i}: officials report developments in the region number {i}" for i in range(n)]


def rows(site: str, texts: list[str]) -> list[dict]:
    out = []
    for text in texts:
        whole, bare = match_keys(text)
        out.append({"id": item_id(site, text), "text": text, "url": None, "match_key": whole, "bare_key": bare})
    return out


def store_with(history: int, folder: Path) -> Store:
    store = Store.open(folder / f"bench-{history}.db")
    for start in range(0, history, 1000):
        store.breaking.record("bench", rows("bench", lines(1000, f"old{start}")), "2025-01-01T00:00:00+00:00")
    for i in range(ARTICLES):
        store.upsert(Article(url=f"https://example.net/news/{i}", title=f"Headline number {i} about things"))
    return store


def main() -> None:
    import lxml.html

    ten = lines(10, "Now")
    selectors = ["#ticker-box ul li .ticker-item .ticker-text", ".ticker__item"]
    box = big_page('<div id="ticker-box"><ul>' + "".join(
        f'<li><div class="ticker-item"><div class="ticker-text"><a href="/n/{i}"><p>{t}</p></a></div></div></li>'
        for i, t in enumerate(ten)) + "</ul></div>")
    label = big_page('<div class="bar"><div><strong>BREAKING</strong></div><ul>'
                     + "".join(f"<li>{t}</li>" for t in ten) + "</ul></div>")
    base = median_ms(lambda: lxml.html.document_fromstring(box))
    print(f"page size {len(box) // 1024} KB; lxml parse alone {base:.2f} ms")
    for name, html in (("selectors", box), ("label fallback", label)):
        ms = median_ms(lambda: parse_ticker(html, selectors, "BREAKING"))
        print(f"parse_ticker ({name}): {ms:.2f} ms  ({ms / base:.2f}x the parse alone)")

    with tempfile.TemporaryDirectory() as tmp:
        empty, full = store_with(0, Path(tmp)), store_with(HISTORY, Path(tmp))
        for store in (empty, full):
            store.breaking.record("bench", rows("bench", ten), "2025-01-02T00:00:00+00:00")
        known = {s: median_ms(lambda s=s: s.breaking.record("bench", rows("bench", ten), "2025-01-03T00:00:00+00:00"))
                 for s in (empty, full)}
        print(f"poll, 10 known lines: {known[full]:.2f} ms with {HISTORY:,} stored items, "
              f"{known[empty]:.2f} ms with none ({known[full] / known[empty]:.2f}x)")
        counter = iter(range(10**6))
        fresh = median_ms(lambda: full.breaking.record(
            "bench", rows("bench", lines(10, f"new{next(counter)}")), "2025-01-04T00:00:00+00:00"))
        print(f"poll, 10 new lines (matched against {ARTICLES:,} headlines): {fresh:.2f} ms "
              f"({fresh / known[full]:.2f}x a poll of known lines)")
        saves = {}
        for store in (empty, full):
            n = iter(range(10**6))
            saves[store] = median_ms(lambda s=store, n=n: s.upsert(Article(
                url=f"https://example.net/more/{next(n)}", title="A headline that names no ticker line")), runs=50)
        print(f"upsert (links ticker lines): {saves[full]:.2f} ms with {HISTORY:,} stored items, "
              f"{saves[empty]:.2f} ms with none ({saves[full] / saves[empty]:.2f}x)")
        empty.close()
        full.close()


if __name__ == "__main__":
    main()
