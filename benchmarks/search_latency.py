"""Search latency on a generated corpus: in-process and end to end.

    .venv/bin/python benchmarks/search_latency.py [--count 3000] [--runs 9] [--home DIR]

Builds (once per --home) a corpus of generated articles (tests/support/corpus.py,
~400 words each), then reports the median of --runs for each query form:
``Index.search`` in-process (the index opened once), and the installed
``news search`` as a fresh process, next to ``news --help`` measured in the
same run (the cost of starting Python and the CLI, which search cannot beat).
Targets from the issue (50k articles): plain/tag <= 200 ms, phrase/date <=
350 ms end to end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

QUERIES = {
    "plain": ["negotiations"],
    "two words": ["ceasefire sanctions"],
    "tag": ["*", "--tag", "nato"],
    "word + tag": ["ceasefire", "--tag", "nato"],
    "phrase": ['"security guarantees"'],
    "date": ["sanctions date:2022"],
    "date range": ["date:[2022-01-01 to 2022-03-31]"],
    "prefix": ["negotiat*"],
    "arabic": ["مفاوضات"],
    "facets+timeline": ["negotiations", "--facets", "--timeline"],
}


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="news-bench-"))

    import corpus

    from newscli.archive.archive import Archive
    from newscli.cli.options import make_filters
    from newscli.config import Home

    if not (home / "news.db").exists():
        start = time.perf_counter()
        corpus.build(home, corpus.generate(args.count, padding=40))
        print(f"built {args.count} articles in {time.perf_counter() - start:.1f}s ({home})")
    exe = str(Path(sys.executable).parent / "news")
    env = {**os.environ, "NEWS_HOME": str(home)}

    def run(*argv):
        subprocess.run([exe, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    baseline = median_ms(lambda: run("--help"), args.runs)
    print(f"{'query':18} {'in-process':>11} {'end to end':>11} {'e2e / --help':>13}")
    print(f"{'news --help':18} {'':>11} {baseline:9.1f}ms {1:12.2f}x")
    with Archive(Home(home)) as archive:
        for name, argv in QUERIES.items():
            query, rest = argv[0], argv[1:]
            tags = [rest[i + 1] for i, a in enumerate(rest) if a == "--tag"]
            counts = "--facets" in rest
            archive.search(query, make_filters(tags), limit=20, counts=counts)   # warm the open index
            inproc = median_ms(lambda: archive.search(query, make_filters(tags), limit=20, counts=counts), args.runs)
            e2e = median_ms(lambda: run("search", *argv, "--json"), args.runs)
            print(f"{name:18} {inproc:9.1f}ms {e2e:9.1f}ms {e2e / baseline:12.2f}x")


if __name__ == "__main__":
    main()
