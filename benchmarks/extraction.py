#!/usr/bin/env python3
"""Article-body extraction quality of `news extract` on the shared benchmark.

Runs the benchmark's own ``evaluate.py`` over its ``dev/`` half with
``news extract --url {url}`` as the extractor (one process per page, exactly
as anyone would score it), then splits the pages into two fixed halves by a
hash of their id and prints precision / recall / F1 for each half and for
the whole set. A cleaning rule is worth keeping only when it helps both
halves: that is what keeps it from being tuned to single pages.

    python benchmarks/extraction.py                      # /work/shared/bench/extraction
    python benchmarks/extraction.py PATH --in-process    # faster; also times extract()

``--in-process`` calls the extractor directly (no process start-up per page)
and reports its median CPU milliseconds per page next to readability-lxml's
own on the same pages (the baseline, timed in the same run). When the
benchmark folder is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_BENCH = Path("/work/shared/bench/extraction")


def half_of(page_id: str) -> str:
    """'A' or 'B': a fixed split that does not depend on the page's content."""
    return "A" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "B"


def load_evaluate(bench: Path):
    spec = importlib.util.spec_from_file_location("evaluate", bench / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predictions_by_cli(bench: Path, data: Path, news: str) -> dict[str, str]:
    """Run evaluate.py with `news extract` and read back what it predicted."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, str(bench / "evaluate.py"), "--data", str(data), "--tools", "none",
               "--cmd", f"{news} extract --url {{url}}", "--cmd-name", "news", "--dump", tmp]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        dumped = json.loads((Path(tmp) / "news.json").read_text(encoding="utf8"))
    return {pid: item["articleBody"] for pid, item in dumped["output"].items()}


def predictions_in_process(pages: list[dict]) -> tuple[dict[str, str], list[float], list[float]]:
    """Each page through extract(), and through readability-lxml alone as the
    baseline, interleaved so that both see the same machine load. Times are
    CPU milliseconds of this process."""
    from readability import Document

    from newscli.errors import NewsError
    from newscli.sync.ingest import page_to_article

    page_to_article(pages[0]["html"], pages[0]["url"])  # warm-up: lazy imports
    out, ours, baseline = {}, [], []
    for page in pages:
        start = time.process_time()
        try:
            out[page["id"]] = page_to_article(page["html"], page["url"]).text
        except NewsError:
            out[page["id"]] = ""
        ours.append((time.process_time() - start) * 1000)
        start = time.process_time()
        try:
            Document(page["html"]).summary(html_partial=True)
        except Exception:  # readability raises bare Exceptions on odd pages
            pass
        baseline.append((time.process_time() - start) * 1000)
    return out, ours, baseline


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", type=Path, default=DEFAULT_BENCH,
                        help=f"benchmark folder with evaluate.py and dev/ (default {DEFAULT_BENCH})")
    parser.add_argument("--in-process", action="store_true",
                        help="call extract() directly instead of one `news extract` per page")
    parser.add_argument("--per-page", type=Path, help="write id,half,precision,recall,F1 as CSV")
    parser.add_argument("--dump", type=Path, help="write each prediction to DIR/<id>.txt")
    args = parser.parse_args(argv)

    data = args.bench / "dev"
    if not (args.bench / "evaluate.py").exists() or not (data / "ground-truth.json").exists():
        print(f"skipped: no extraction benchmark at {args.bench}")
        return 0
    evaluate = load_evaluate(args.bench)
    pages = evaluate.load_dataset(data)
    times: list[float] = []
    if args.in_process:
        preds, times, baseline = predictions_in_process(pages)
    else:
        news = shutil.which("news", path=str(Path(sys.executable).parent)) or "news"
        preds = predictions_by_cli(args.bench, data, news)

    triples = {p["id"]: evaluate.overlap(p["truth"], preds.get(p["id"], ""), 4) for p in pages}
    groups = {"dev": [p["id"] for p in pages]}
    for half in "AB":
        groups[f"half {half}"] = [p["id"] for p in pages if half_of(p["id"]) == half]
    print(f"{'set':<8} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, ids in groups.items():
        m = evaluate.aggregate([triples[i] for i in ids])
        print(f"{name:<8} {len(ids):>5} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f}")
    if times:
        ratios = [ours / base for ours, base in zip(times, baseline) if base > 0]
        print(f"extract(): median {statistics.median(times):.1f} ms/page CPU, "
              f"p90 {sorted(times)[int(0.9 * len(times))]:.1f} ms; readability-lxml alone: median "
              f"{statistics.median(baseline):.1f} ms; ratio per page: median {statistics.median(ratios):.2f}")
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            f.write("id,half,precision,recall,f1,url\n")
            for p in pages:
                t = triples[p["id"]]
                f.write(f"{p['id']},{half_of(p['id'])},{evaluate._prec(*t):.4f},"
                        f"{evaluate._rec(*t):.4f},{evaluate.page_f1(t):.4f},{p['url']}\n")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for p in pages:
            (args.dump / f"{p['id']}.txt").write_text(preds.get(p["id"], ""), encoding="utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
