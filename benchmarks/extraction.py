#!/usr/bin/env python3
"""Article-body extraction quality of `news extract` on every development set,
beside the reference extractors measured in the same run.

For each set of the shared benchmark (``dev``, ``fundus-dev``, ``wcxb-dev``:
folders with ``ground-truth.json`` and ``html/``) this runs the benchmark's own
``evaluate.py`` with ``news extract --url {url}`` as the extractor (one process
per page, exactly as anyone would score it) and with readability-lxml,
trafilatura and trafilatura favor_precision, then prints one table: F1 of each
baseline, precision / recall / F1 of news, F1 of news on two fixed halves of
the set (split by a hash of the page id) and the pages news leaves empty. A
cleaning rule is worth keeping only when it helps both halves of every set:
that is what keeps it from being tuned to single pages.

    python benchmarks/extraction.py                      # /work/shared/bench/extraction
    python benchmarks/extraction.py PATH --in-process    # faster; also times extract()
    python benchmarks/extraction.py --baseline-python /path/to/venv/bin/python

The baselines run under ``--baseline-python`` (a venv with trafilatura,
readability-lxml and html-text; default: this Python), and a baseline whose
library is missing shows as "-". ``--in-process`` calls the extractor directly
(no process start-up per page) and reports its median CPU milliseconds per
page beside readability-lxml's alone on the same pages. When the benchmark folder is absent the script says so and exits 0.
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
SETS = ("dev", "fundus-dev", "wcxb-dev")
BASELINES = ("readability", "trafilatura", "trafilatura-precision")


def half_of(page_id: str) -> str:
    """'A' or 'B': a fixed split that does not depend on the page's content."""
    return "A" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "B"


def load_evaluate(bench: Path):
    spec = importlib.util.spec_from_file_location("evaluate", bench / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_evaluate(python: str, bench: Path, data: Path, extra: list[str]) -> dict[str, dict[str, str]]:
    """Run evaluate.py and read back what each tool predicted: {tool: {id: text}}."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [python, str(bench / "evaluate.py"), "--data", str(data), "--dump", tmp, *extra]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return {path.stem: {pid: item["articleBody"] for pid, item in
                            json.loads(path.read_text(encoding="utf8"))["output"].items()}
                for path in Path(tmp).glob("*.json")}


def predictions_in_process(pages: list[dict]) -> tuple[dict[str, str], list[float], list[float]]:
    """Each page through extract(), and through readability-lxml alone as a
    yardstick, interleaved so that both see the same machine load. Times are
    CPU milliseconds of this process."""
    from readability import Document

    from newscli.errors import NewsError
    from newscli.sync.ingest import page_to_article

    page_to_article(pages[0]["html"], pages[0]["url"])  # warm-up: lazy imports
    out, ours, yardstick = {}, [], []
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
        yardstick.append((time.process_time() - start) * 1000)
    return out, ours, yardstick


def scores(evaluate, truth: dict[str, str], predicted: dict[str, str], ids: list[str]) -> dict[str, float]:
    """The benchmark's precision, recall and F1 over the pages ``ids``."""
    return evaluate.aggregate([evaluate.overlap(truth[i], predicted[i], 4) for i in ids])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", type=Path, default=DEFAULT_BENCH,
                        help=f"benchmark folder with evaluate.py and the sets (default {DEFAULT_BENCH})")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set folders")
    parser.add_argument("--baseline-python", default=sys.executable,
                        help="Python that has the baselines' libraries (default: this one)")
    parser.add_argument("--in-process", action="store_true",
                        help="call extract() directly instead of one `news extract` per page")
    parser.add_argument("--per-page", type=Path, help="write set,id,half,F1 of each tool as CSV")
    args = parser.parse_args(argv)

    sets = [name for name in args.sets.split(",") if (args.bench / name / "ground-truth.json").exists()]
    if not (args.bench / "evaluate.py").exists() or not sets:
        print(f"skipped: no extraction benchmark at {args.bench}")
        return 0
    evaluate = load_evaluate(args.bench)
    news = shutil.which("news", path=str(Path(sys.executable).parent)) or "news"
    head = ["set", "pages", *BASELINES, "news P", "news R", "news F1", "half A", "half B", "empty"]
    rows, per_page, times, yardstick = [], [], [], []
    for name in sets:
        data = args.bench / name
        pages = evaluate.load_dataset(data)
        preds = run_evaluate(args.baseline_python, args.bench, data, ["--tools", ",".join(BASELINES)])
        if args.in_process:
            preds["news"], set_times, set_yardstick = predictions_in_process(pages)
            times += set_times
            yardstick += set_yardstick
        else:
            preds |= run_evaluate(sys.executable, args.bench, data, [
                "--tools", "none", "--cmd", f"{news} extract --url {{url}}", "--cmd-name", "news"])
        truth = {p["id"]: p["truth"] for p in pages}
        ids = list(truth)
        ours = scores(evaluate, truth, preds["news"], ids)
        halves = [scores(evaluate, truth, preds["news"], [i for i in ids if half_of(i) == half]) for half in "AB"]
        empty = sum(1 for i in ids if not evaluate.tokens(preds["news"][i]))
        rows.append([name, str(len(ids)),
                     *(f"{scores(evaluate, truth, preds[t], ids)['f1']:.3f}" if t in preds else "-" for t in BASELINES),
                     *(f"{m:.3f}" for m in (ours["precision"], ours["recall"], ours["f1"],
                                            halves[0]["f1"], halves[1]["f1"])), str(empty)])
        for i in ids:
            page_f1s = [f"{evaluate.page_f1(evaluate.overlap(truth[i], preds[t][i], 4)):.4f}" if t in preds else ""
                      for t in (*BASELINES, "news")]
            per_page.append([name, i, half_of(i), *page_f1s])

    widths = [max(len(row[col]) for row in [head, *rows]) for col in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) if col == 0 else cell.rjust(w) for col, (cell, w) in enumerate(zip(row, widths))))
    if times:
        print(f"extract(): median {statistics.median(times):.1f} ms/page CPU, "
              f"p90 {sorted(times)[int(0.9 * len(times))]:.1f} ms, over {len(times)} pages; "
              f"readability-lxml alone: median {statistics.median(yardstick):.1f} ms")
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            f.write(",".join(["set", "id", "half", *BASELINES, "news"]) + "\n")
            f.writelines(",".join(row) + "\n" for row in per_page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
