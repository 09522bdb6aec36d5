"""Soak: days of use squeezed into minutes, then count what was lost.

    .venv/bin/python benchmarks/soak.py                 # one simulated hour at 100x: ~40 s
    .venv/bin/python benchmarks/soak.py --hours 24      # a day: ~15 min
    .venv/bin/python benchmarks/soak.py --faults        # the site misbehaves now and then

Against the Al Mayadeen replica (tests/support/replica) on 127.0.0.1, as real `news`
processes on one data home, with every interval divided by --speed:

- `news breaking --watch --json`, polling every minute, for the whole run;
- `news sync` every hour (and once at the start);
- a search, a list or a history read every couple of minutes;
- the site: a new breaking item every 5 minutes, a new article every 10,
  an edited one every 30; with --faults, a 503 storm, a firewall block or a
  slow drip on the ticker page or an article now and then.

At the end the watch is stopped with Ctrl-C and a last sync runs. Lost: a
breaking item the site showed that the watch never printed or the store
lacks; an article the site lists that the store lacks after the last sync.
Errors: a command with an unexpected exit code, or anything on stderr that is
not a warning (with --faults, the watch's and syncs' warnings are expected).
`news doctor` must find nothing. Exit status 0 only with zero of both.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT))

from replica import Replica  # noqa: E402

from newscli.breaking.keys import item_id  # noqa: E402

NEWS = str(Path(sys.executable).parent / "news")
SEARCH_WORDS = ["the", "security", "minister", "Gaza", "talks", "ceasefire", "said", "date:2024", "tag:Iran"]
# Site-time seconds between events (divided by --speed for wall time).
WATCH_INTERVAL, SYNC_EVERY, READ_EVERY = 60, 3600, 120
BREAKING_EVERY, ARTICLE_EVERY, EDIT_EVERY, FAULT_EVERY = 300, 600, 1800, 900


@dataclass
class Tally:
    started: float = field(default_factory=time.monotonic)
    commands: dict = field(default_factory=dict)        # name -> list of seconds
    errors: list = field(default_factory=list)
    warnings: int = 0
    pushed: set = field(default_factory=set)            # breaking item ids the site showed
    faults: int = 0
    articles_added: int = 0
    edits: int = 0

    def timed(self, name: str, seconds: float) -> None:
        self.commands.setdefault(name, []).append(seconds)


def run(home: Path, tally: Tally, name: str, *args: str, ok=(0,), warnings_ok: bool = False) -> str:
    """Run `news ARGS`; an unexpected exit code or error line is an error."""
    start = time.monotonic()
    proc = subprocess.run([NEWS, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NEWS_HOME": str(home)})
    tally.timed(name, time.monotonic() - start)
    lines = proc.stderr.strip().splitlines()
    expected_failure = proc.returncode in ok and proc.returncode != 0   # e.g. a search with no hit
    bad = [] if expected_failure else [line for line in lines if not line.startswith("news: warning:")]
    tally.warnings += sum(line.startswith("news: warning:") for line in lines)
    if proc.returncode not in ok or bad or (lines and not warnings_ok and not expected_failure):
        tally.errors.append(f"{' '.join(args)[:60]}: exit {proc.returncode}: {' | '.join(lines)[:300]}")
    return proc.stdout


class Watch:
    """`news breaking --watch --json` with its output read as it comes."""

    def __init__(self, home: Path, base_url: str, interval: float):
        self.proc = subprocess.Popen(
            [NEWS, "breaking", "--base-url", base_url, "--watch", "--json", "--interval", f"{interval:g}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NEWS_HOME": str(home)})
        self.items: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.items.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr.append), daemon=True).start()

    @staticmethod
    def _read(stream, put) -> None:
        for line in iter(stream.readline, ""):
            put(line.rstrip("\n"))

    def seen(self) -> set[str]:
        ids = set()
        while not self.items.empty():
            ids.add(json.loads(self.items.get())["id"])
        return ids

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=60)


def inject_fault(replica: Replica, rng: random.Random, tally: Tally) -> None:
    """Something a real site does now and then, for a short while."""
    target = rng.choice(["/", rng.choice(replica.wanted()).wire_path])
    kind, params = rng.choice([("error", {"status": 503, "times": 3}), ("rate_limit", {"retry_after": 1, "times": 2}),
                               ("firewall", {}), ("drip", {"chunk": 2048, "interval": 0.01}), ("truncate", {"times": 1})])
    fault = replica.set_fault(target, kind, **params)
    if fault.times is None:          # a block or a drip lasts a little, then lifts
        threading.Timer(2.0, lambda: replica.faults.pop(target, None)).start()
    tally.faults += 1


def soak(args) -> int:
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="news-soak-")) / "home"
    rng = random.Random(args.seed)
    tally = Tally()
    wall = lambda site_seconds: site_seconds / args.speed  # noqa: E731
    duration = wall(args.hours * 3600)
    with Replica(articles=args.articles, seed=args.seed) as replica:
        base = replica.base_url
        tally.pushed |= {item_id("almayadeen-en", item.text) for item in replica.ticker}
        sync = ("sync", "--base-url", base, "--rate", "0", "--json")
        run(home, tally, "sync", *sync, warnings_ok=args.faults, ok=(0, 3) if args.faults else (0,))
        watch = Watch(home, base, wall(WATCH_INTERVAL))
        printed: set[str] = set()
        events = {"sync": wall(SYNC_EVERY), "read": wall(READ_EVERY), "breaking": wall(BREAKING_EVERY),
                  "article": wall(ARTICLE_EVERY), "edit": wall(EDIT_EVERY), "fault": wall(FAULT_EVERY)}
        due = {name: time.monotonic() + every * rng.uniform(0.3, 1.0) for name, every in events.items()}
        end = time.monotonic() + duration
        while (now := time.monotonic()) < end:
            name = min(due, key=due.get)
            if due[name] > now:
                time.sleep(min(due[name], end) - now)
                continue
            due[name] = now + events[name]
            if name == "sync":
                run(home, tally, "sync", *sync, warnings_ok=args.faults, ok=(0, 3) if args.faults else (0,))
            elif name == "read":
                which = rng.choice(["search", "search", "list", "history", "stats"])
                if which == "search":
                    run(home, tally, "search", "search", rng.choice(SEARCH_WORDS), "--json", "--limit", "5", ok=(0, 1))
                elif which == "list":
                    run(home, tally, "list", "list", "--limit", "10")
                elif which == "history":
                    run(home, tally, "history", "breaking", "--offline", "--limit", "5")
                else:
                    run(home, tally, "stats", "stats", "--json")
            elif name == "breaking":
                item = replica.push_breaking()
                tally.pushed.add(item_id("almayadeen-en", item.text))
            elif name == "article":
                replica.add_article()
                tally.articles_added += 1
            elif name == "edit":
                replica.edit_article(rng.choice(replica.wanted()))
                tally.edits += 1
            elif name == "fault" and args.faults:
                inject_fault(replica, rng, tally)
            printed |= watch.seen()
        replica.clear_faults()
        time.sleep(wall(WATCH_INTERVAL) * 3)          # the last push gets its poll
        code = watch.stop()
        printed |= watch.seen()
        if code != 130:
            tally.errors.append(f"watch: exit {code}")
        watch_errors = [line for line in watch.stderr if not line.startswith("news: warning:")
                        and not line.startswith("news: the ticker answers again")]
        tally.errors += [f"watch: {line}" for line in watch_errors if "interrupted" not in line]
        if not args.faults:
            tally.errors += [f"watch: {line}" for line in watch.stderr if line.startswith("news: warning:")]
        run(home, tally, "sync", *sync)
        stored_breaking = {b["id"] for b in json.loads(run(home, tally, "history", "breaking", "--offline",
                                                           "--json", "--limit", "0"))}
        stored_urls = {a["url"] for a in json.loads(run(home, tally, "list", "list", "--limit", "0", "--json"))}
        wanted = {r.url for r in replica.wanted()}
        doctor = json.loads(run(home, tally, "doctor", "doctor", "--json", ok=(0, 1)))
        requests = len(replica.requests)
    lost = sorted(f"breaking item {i} not printed by the watch" for i in tally.pushed - printed)
    lost += sorted(f"breaking item {i} not stored" for i in tally.pushed - stored_breaking)
    lost += sorted(f"article {u} not stored" for u in wanted - stored_urls)
    if not doctor["ok"]:
        tally.errors.append(f"doctor: {doctor['problems']}")
    report(args, tally, duration, lost, requests, len(printed), len(stored_breaking), len(stored_urls), home)
    if not args.home and not args.keep:
        shutil.rmtree(home.parent, ignore_errors=True)
    return 0 if not lost and not tally.errors else 1


def report(args, tally: Tally, duration: float, lost, requests, printed, stored_breaking, stored, home) -> None:
    elapsed = time.monotonic() - tally.started
    print(f"soak: {args.hours:g} simulated hour(s) at {args.speed:g}x ({duration:.0f} s planned, {elapsed:.0f} s "
          f"wall), seed {args.seed}, faults {'on' if args.faults else 'off'}; data home {home}")
    print(f"  site: {len(tally.pushed)} breaking items shown, {tally.articles_added} articles added, "
          f"{tally.edits} edited, {tally.faults} faults injected; {requests} requests answered")
    print(f"  watch printed {printed} items; the store holds {stored_breaking} breaking items and {stored} articles")
    for name, times in sorted(tally.commands.items()):
        print(f"  {name:8} {len(times):4} runs, median {statistics.median(times) * 1000:6.0f} ms, "
              f"max {max(times) * 1000:6.0f} ms")
    print(f"  warnings: {tally.warnings} (expected only with --faults)")
    print(f"  lost: {len(lost)}")
    for line in lost[:20]:
        print(f"    {line}")
    print(f"  errors: {len(tally.errors)}")
    for line in tally.errors[:20]:
        print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=1.0, help="simulated hours (default 1)")
    parser.add_argument("--speed", type=float, default=100.0, help="site seconds per wall second (default 100)")
    parser.add_argument("--articles", type=int, default=24, help="replica articles at the start (default 24)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", action="store_true", help="503s, 429s, blocks, drips and cut bodies now and then")
    parser.add_argument("--home", help="use this data home (default: a new temporary one, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data home")
    return soak(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
