"""The benchmark suite: one command, one table (``make bench``).

    python benchmarks/run.py [--sizes 10000,50000] [--repeat 7] [--only startup,search,read,reindex]

Every figure is a median over ``--repeat`` runs of a fresh process (after one
warm-up run), measured in the same run as its baseline, with the runs of a
case and of its baselines interleaved so machine noise hits both. Results go
to stdout and into ``benchmarks/RESULTS.md`` (between the generated markers;
the rest of that file is written by hand).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
import corpus  # noqa: E402
from build import log  # noqa: E402
from measure import Case, measure, run_once  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START_MARK, END_MARK = "<!-- results:start -->", "<!-- results:end -->"
PYTHON = sys.executable
NEWS = str(Path(sys.executable).parent / "news")
FTS5_QUERY = str(HERE / "fts5_query.py")

# name, `news search` arguments, FTS5 MATCH (+ options), grep pattern, target ms at 50k
SINCE, UNTIL = "2022-01-01", "2022-03-31"
QUERIES = [
    ("plain words", ["putin macron"], ["putin macron"], "putin", 200),
    ("phrase", ['"security guarantees"'], ['"security guarantees"'], "security guarantees", 350),
    ("tag filter", ["ceasefire", "--tag", "gaza"], ["ceasefire tags:gaza"], "ceasefire", 200),
    ("date range", ["nato", "--since", SINCE, "--until", UNTIL],
     ["nato", "--since", SINCE + "T00:00:00Z", "--until", UNTIL + "T23:59:59Z"], "nato", 350),
    ("newest first", ["sanctions", "--sort", "newest"], ["sanctions", "--newest"], "sanctions", 200),
    ("arabic word", ["غزة"], ["غزة"], "غزة", 200),
]
FTS_RATIO_TARGET = 2.5
SEARCH_HEADER = ["articles", "query", "news", "FTS5", "grep", "x FTS5", "x grep", "peak RSS", "target", ""]
TARGETS_MS = {"news --help": 120, "news read": 150}
REINDEX_TARGET_S = 240  # at 50k
SYNC_RATE_TARGET = 40  # articles/s from the local replica
MEMORY_TARGET_MB = 200


def news_env(config: Path) -> dict:
    # A stable width and no user config: the same work on every machine.
    return {"NEWS_CONFIG_DIR": str(config), "COLUMNS": "100", "LC_ALL": "C.UTF-8"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# -- the measurements ---------------------------------------------------------


def bench_startup(env: dict, repeat: int) -> str:
    base = Case("python -c pass", [PYTHON, "-c", "pass"])
    help_ = Case("news --help", [NEWS, "--help"], env)
    version = Case("news --version", [NEWS, "--version"], env)
    measure([base, help_, version], repeat)
    rows = [
        [c.name, ms(c.median), ms(c.median - base.median), f"{c.median / base.median:.1f}x",
         f"{c.peak_mb:.0f} MB", *(
             [f"<= {TARGETS_MS[c.name]} ms", verdict(c.median * 1000 <= TARGETS_MS[c.name])]
             if c.name in TARGETS_MS else ["", ""])]
        for c in (base, help_, version)
    ]
    return table(["command", "median", "over python", "x python", "peak RSS", "target", ""], rows)


def bench_read(archive: build.Archive, env: dict, repeat: int) -> tuple[list[str], Case]:
    article_id = corpus_id(archive.count // 3)
    base = Case("python + sqlite3 row", [PYTHON, "-c", (
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
        "r=c.execute('SELECT * FROM articles WHERE id=?', (sys.argv[2],)).fetchone(); "
        "sys.stdout.write(r[7])"), str(archive.home / "news.db"), article_id])
    read = Case("news read", [NEWS, "--home", str(archive.home), "read", article_id], env)
    read_json = Case("news read --json", [NEWS, "--home", str(archive.home), "read", article_id, "--json"], env)
    measure([base, read, read_json], repeat)
    target = TARGETS_MS["news read"]
    row = [f"{archive.count:,}", ms(read.median), ms(read_json.median), ms(base.median),
           f"{read.median / base.median:.1f}x", f"{read.peak_mb:.0f} MB", verdict(read.median * 1000 <= target)]
    return row, read


def bench_search(archive: build.Archive, env: dict, repeat: int,
                 home: Path | None = None) -> tuple[list[list[str]], list[Case]]:
    """Every query, end to end, against its baselines; on the archive's data
    home (its index as batched syncs leave it) or on ``home``."""
    rows, cases = [], []
    grep_env = {"LC_ALL": "C.UTF-8"}
    for name, args, fts_args, pattern, target in QUERIES:
        news = Case(name, [NEWS, "--home", str(home or archive.home), "search", *args], env)
        fts = Case("fts5", [PYTHON, FTS5_QUERY, str(archive.fts), *fts_args])
        grep = Case("grep", ["grep", "-ril", "--", pattern, str(archive.export)], grep_env)
        measure([news, fts, grep], repeat)
        cases.append(news)
        ratio = news.median / fts.median
        ok = ratio <= FTS_RATIO_TARGET and news.median < grep.median
        if archive.count >= 50000:
            ok = ok and news.median * 1000 <= target
        rows.append([f"{archive.count:,}", name, ms(news.median), ms(fts.median), ms(grep.median),
                     f"{ratio:.2f}x", f"{news.median / grep.median:.2f}x", f"{news.peak_mb:.0f} MB",
                     f"<= {target} ms, <= {FTS_RATIO_TARGET}x FTS5, < grep", verdict(ok)])
    return rows, cases


# Runs `news ARGS` in-process, then prints the modules it loaded (in load order)
# that belong to news and the libraries it chose.
LOADED_BY = """
import json, sys
sys.argv = ["news", *sys.argv[1:]]
from newscli.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps([m for m in sys.modules if m.split(".")[0] in ("newscli", "whoosh", "rich", "typer")]))
"""
# Imports the modules named (Whoosh as news imports it: newscli.index.lean
# first), and leaves as news leaves (gc.freeze: see cli.app.main).
IMPORTS_ALONE = ("import gc, importlib, sys\nimport newscli.index.lean\n"
                 "for name in sys.argv[1:]:\n    importlib.import_module(name)\ngc.freeze()")


def modules_loaded_by(argv: list[str], env: dict) -> list[str]:
    """The modules of news, Typer, Rich and Whoosh that `news ARGV` loads."""
    probe = subprocess.run([PYTHON, "-c", LOADED_BY, *argv], capture_output=True, text=True, check=True,
                           env={**os.environ, **env})
    return json.loads(probe.stderr)


def bench_floor(archive: build.Archive, env: dict, repeat: int) -> list[str]:
    """The floor under the FTS5 ratio: a process that imports what `news
    search` imports (Python, Typer, Rich, Whoosh, news's own modules) and
    exits without searching, next to the FTS5 query and the search."""
    _, args, fts_args, _, _ = QUERIES[0]
    argv = ["--home", str(archive.home), "search", *args]
    modules = modules_loaded_by(argv, env)
    base = Case("python -c pass", [PYTHON, "-c", "pass"])
    imports = Case("imports alone", [PYTHON, "-c", IMPORTS_ALONE, *modules], env)
    fts = Case("fts5", [PYTHON, FTS5_QUERY, str(archive.fts), *fts_args])
    news = Case("news search", [NEWS, *argv], env)
    measure([base, imports, fts, news], repeat)
    return [f"{archive.count:,}", QUERIES[0][0], str(len(modules)), ms(base.median), ms(imports.median),
            ms(fts.median), ms(news.median), ms(news.median - imports.median), f"{imports.median / fts.median:.2f}x",
            f"{news.median / fts.median:.2f}x", f"{FTS_RATIO_TARGET}x"]


def bench_reindex(archive: build.Archive, env: dict) -> tuple[list[str], Path]:
    """`news reindex` in a scratch home sharing the archive's store; returns
    the row and that home (its index now merged into one segment)."""
    from newscli.index.index import Index

    home = archive.scratch_home("reindex-home")
    sample = run_once([NEWS, "--home", str(home), "reindex"], env)
    index_bytes, synced_bytes = (Index(h / "index").size_bytes() for h in (home, archive.home))
    rate = archive.count / sample.seconds
    ok = sample.maxrss_mb <= MEMORY_TARGET_MB
    if archive.count >= 50000:
        ok = ok and sample.seconds <= REINDEX_TARGET_S
    return [f"{archive.count:,}", f"{sample.seconds:.1f} s", f"{rate:.0f}/s", f"{sample.maxrss_mb:.0f} MB",
            f"{segments(archive.home)} -> {segments(home)}",
            f"{synced_bytes / archive.count * 1000 / 2**20:.1f} MB",
            f"{index_bytes / archive.count * 1000 / 2**20:.1f} MB",
            f"{(archive.home / 'news.db').stat().st_size / archive.count * 1000 / 2**20:.1f} MB",
            verdict(ok)], home


def segments(home: Path) -> int:
    from whoosh import index

    return len(index.open_dir(str(home / "index"))._segments())


def replica_class():
    """The test replica of the site, with a settable delay before every answer."""
    sys.path.insert(0, str(HERE.parent / "tests" / "support"))
    from replica import Replica

    class SlowReplica(Replica):
        latency = 0.0

        def handle(self, handler, head):
            if self.latency:
                time.sleep(self.latency)
            super().handle(handler, head)

    return SlowReplica


def bench_sync(env: dict, articles: int, latency_articles: int, polite_rate: float) -> list[list[str]]:
    """`news sync` from the local replica into a fresh data home: no added
    latency (extraction and indexing are the bound), 50 ms per response with no
    rate limit (concurrency hides latency), and 50 ms at a rate limit (the limit
    is the bound: the best possible is ``rate`` requests a second)."""
    log(f"starting the replica with {articles} articles ...")
    replica = replica_class()(articles=articles).start()
    rows = []
    runs = [
        ("no added latency, --rate 0", 0.0, ["--rate", "0"], None),
        ("50 ms per response, --rate 0", 0.05, ["--rate", "0", "--limit", str(latency_articles)], None),
        (f"50 ms per response, --rate {polite_rate:g}", 0.05,
         ["--rate", f"{polite_rate:g}", "--limit", str(int(polite_rate * 30))], polite_rate),
    ]
    try:
        for name, latency, args, rate in runs:
            replica.latency = latency
            home = Path(tempfile.mkdtemp(prefix="news-bench-sync-"))
            before = len(replica.requests)
            out = home / "summary.json"
            log(f"sync: {name} ...")
            with out.open("wb") as stdout:
                sample = run_once([NEWS, "--home", str(home), "sync", "--base-url", replica.base_url,
                                   "--json", *args], env, stdout=stdout)
            summary = json.loads(out.read_text())
            requests = len(replica.requests) - before
            stored = summary.get("new", 0) + summary.get("updated", 0) + summary.get("unchanged", 0)
            rate_achieved = stored / sample.seconds
            if rate is None:
                bound, ok = "", verdict(rate_achieved >= SYNC_RATE_TARGET) if not latency else ""
                if not latency:
                    bound = f">= {SYNC_RATE_TARGET}/s"
            else:
                # The rate limit spaces every request, discovery included.
                best = rate * stored / requests
                bound = f"bound {best:.1f}/s ({rate:g} req/s)"
                ok = verdict(rate_achieved >= 0.8 * best)
            rows.append([name, f"{stored:,}", str(requests), f"{sample.seconds:.1f} s", f"{rate_achieved:.1f}/s",
                         f"{sample.maxrss_mb:.0f} MB", bound, ok])
            shutil.rmtree(home, ignore_errors=True)
    finally:
        replica.close()
    return rows


def corpus_id(n: int) -> str:
    from newscli.urls import article_id

    return article_id(corpus.article(n).url)


# -- the report ---------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLite {__import__('sqlite3').sqlite_version}; "
            f"load average at start {os.getloadavg()[0]:.1f}")


def installation() -> str:
    """How the measured news is installed, its bytecode compiled first: with
    PYTHONDONTWRITEBYTECODE set (some shells and CI set it) an editable install
    compiles every newscli module on every run (~25 ms)."""
    import compileall

    import newscli

    package = Path(newscli.__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    editable = not str(package).startswith(sys.prefix)
    return (f"{'editable install' if editable else 'regular install'} in {sys.prefix} "
            f"({'the editable-install finder adds ~15 ms to every command' if editable else 'as users run it'})")


def commit() -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout.strip()

    rev = git("rev-parse", "--short", "HEAD") or "unknown"
    return rev + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def write_results(report: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else f"# Benchmark results\n\n{START_MARK}\n{END_MARK}\n"
    head, _, rest = text.partition(START_MARK)
    _, _, tail = rest.partition(END_MARK)
    RESULTS.write_text(f"{head}{START_MARK}\n{report}\n{END_MARK}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000", help="archive sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case (median reported)")
    parser.add_argument("--only", default="startup,read,search,reindex,sync", help="parts to run")
    parser.add_argument("--sync-articles", type=int, default=10000, help="articles the replica serves")
    parser.add_argument("--latency-articles", type=int, default=1000, help="articles synced with latency")
    parser.add_argument("--polite-rate", type=float, default=5.0, help="--rate of the rate-limited sync")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    needs_archive = parts & {"read", "search", "reindex"}
    archives = [build.Archive(size).ensure() for size in sizes] if needs_archive else []
    config = Path(tempfile.mkdtemp(prefix="news-bench-config-"))
    env = news_env(config)
    started = time.perf_counter()
    sections = [f"Machine: {machine()}  \nDate: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  \n"
                f"Commit: {commit()}  \nnews: {installation()}  \n"
                f"Medians of {args.repeat} runs (after 1 warm-up), each against "
                f"baselines measured in the same run, interleaved."]
    peaks: dict[str, float] = {}

    if "startup" in parts:
        sections.append("### Start-up\n\n" + bench_startup(env, args.repeat))
    if "read" in parts:
        rows = []
        for archive in archives:
            row, case = bench_read(archive, env, args.repeat)
            rows.append(row)
            peaks[f"read at {archive.count:,}"] = case.peak_mb
        sections.append("### news read ID (target <= 150 ms)\n\n" + table(
            ["articles", "news read", "news read --json", "python + sqlite3 row", "x baseline", "peak RSS", ""], rows))
    if "search" in parts:
        rows = []
        for archive in archives:
            size_rows, cases = bench_search(archive, env, args.repeat)
            rows += size_rows
            peaks[f"search at {archive.count:,}"] = max(c.peak_mb for c in cases)
        sections.append("### news search, end to end (targets apply at 50,000 articles)\n\n"
                        "Baselines: the same query through SQLite FTS5 (bm25, same field weights, total + "
                        "top 20 + snippets) in a fresh Python process; `grep -ril PATTERN` over the articles "
                        "exported one file each (PATTERN: the phrase, else the first word).\n\n"
                        + table(SEARCH_HEADER, rows))
        sections.append(
            "### What `news search` costs before it searches\n\n"
            "`imports alone`: a process importing the modules `news search` loads (news's own, Typer, "
            "Rich, Whoosh; listed by running the search once) and exiting, in the same run as the FTS5 "
            "query and the search; `news - imports` is what the search itself, the store and the output "
            "take. The imports' ratio to FTS5 is the least any search can show.\n\n"
            + table(["articles", "query", "modules", "python -c pass", "imports alone", "FTS5", "news search",
                     "news - imports", "imports alone x FTS5", "news x FTS5", "target"],
                    [bench_floor(archive, env, args.repeat) for archive in archives]))
    if "reindex" in parts:
        rows, after = [], []
        for archive in archives:
            row, home = bench_reindex(archive, env)
            rows.append(row)
            peaks[f"reindex at {archive.count:,}"] = float(row[3].split()[0])
            if "search" in parts:
                after += bench_search(archive, env, args.repeat, home)[0]
            shutil.rmtree(home)
        sections.append("### news reindex (target at 50k: < 4 min; every command <= 200 MB)\n\n" + table(
            ["articles", "time", "rate", "peak RSS", "segments", "index per 1,000 (as synced)",
             "index per 1,000 (reindexed)", "store per 1,000", ""], rows))
        if after:
            sections.append("### news search after `news reindex` (its segments merged: see the table above)\n\n"
                            + table(SEARCH_HEADER, after))
    if "sync" in parts:
        rows = bench_sync(env, args.sync_articles, args.latency_articles, args.polite_rate)
        peaks[f"sync of {rows[0][1]} articles"] = float(rows[0][5].split()[0])
        sections.append("### news sync from the local replica (extraction + indexing)\n\n" + table(
            ["run", "articles", "requests", "time", "articles/s", "peak RSS", "target", ""], rows))
    if peaks:
        sections.append("### Peak memory (ru_maxrss of the child, target <= 200 MB)\n\n" + table(
            ["command", "peak RSS", ""],
            [[name, f"{mb:.0f} MB", verdict(mb <= MEMORY_TARGET_MB)] for name, mb in peaks.items()]))
    shutil.rmtree(config, ignore_errors=True)
    sections.append(f"Suite run time: {time.perf_counter() - started:.0f} s; load average at the end "
                    f"{os.getloadavg()[0]:.1f} (other work on the machine inflates every absolute figure; "
                    "the ratios to baselines measured in the same run hold better).")
    report = "\n\n".join(sections)
    print(report)
    if not args.no_write:
        write_results(report)


if __name__ == "__main__":
    main()
