"""Starred is a promise: star, prune and sync at once, then count starred articles lost.

    .venv/bin/python benchmarks/starred.py                  # 60 s, 1,000 old articles
    .venv/bin/python benchmarks/starred.py --seconds 300 --articles 3000

On one data home, as real `news` processes at the same time:

- `news prune --older-than 30d` again and again (the old articles are put back,
  under the write lock, after each prune, so every prune has work);
- `news star ID` on a random old article every ~0.1 s (at random moments of a prune);
- `news sync` from the Al Mayadeen replica (tests/support/replica) on 127.0.0.1.

Lost: an article `news star` said "starred" (exit 0) for that the store lacks, or
holds unstarred, at the end. Errors: a command exiting other than expected (star:
0, or 1 "no article with id" when a prune removed it first; prune, sync: 0), or
saying "internal error". `news doctor` must find nothing. Exit status 0 only with
zero of each.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT))

from replica import Replica  # noqa: E402

from newscli.archive.archive import Archive  # noqa: E402
from newscli.config import Home  # noqa: E402
from newscli.model import Article  # noqa: E402

NEWS = str(Path(sys.executable).parent / "news")


def old_article(i: int) -> Article:
    article = Article(url=f"https://example.org/old/{i}", title=f"Old story {i}", text=f"old words {i} " * 20,
                      fetched="2020-01-01T00:00:00+00:00", published="2020-01-01T00:00:00+00:00")
    return article.finish()


def refill(home: Path, n: int) -> None:
    """Put back the old articles a prune removed (starred ones are never removed)."""
    with Archive(Home(home), create=True) as archive, archive.writing():
        have = archive.store.ids()
        todo = [old_article(i) for i in range(n) if old_article(i).id not in have]
        for start in range(0, len(todo), 500):
            archive.save([(a, None) for a in todo[start:start + 500]])


def news(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NEWS, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NEWS_HOME": str(home)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--articles", type=int, default=1000, help="old articles a prune removes each time")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="news-starred-"))
    home = tmp / "home"
    refill(home, args.articles)
    starred: set[str] = set()
    errors: list[str] = []
    counts = {"star": 0, "star-gone": 0, "prune": 0, "sync": 0}
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def check(name: str, proc: subprocess.CompletedProcess, ok: tuple[int, ...] = (0,)) -> None:
        if proc.returncode not in ok or "internal error" in proc.stderr:
            with lock:
                errors.append(f"{name}: exit {proc.returncode}: {proc.stderr.strip()[-300:]}")

    def pruner() -> None:
        while time.monotonic() < stop:
            check("prune", news(home, "prune", "--older-than", "30d"))
            counts["prune"] += 1
            refill(home, args.articles)

    def starrer() -> None:
        while time.monotonic() < stop:
            target = old_article(rng.randrange(args.articles)).id
            proc = news(home, "star", target)
            if proc.returncode == 0 and "starred" in proc.stdout:
                with lock:
                    starred.add(target)
                counts["star"] += 1
            elif proc.returncode == 1 and f"no article with id {target}" in proc.stderr:
                counts["star-gone"] += 1
            else:
                check("star", proc)
            time.sleep(rng.uniform(0.05, 0.15))

    with Replica(articles=60, seed=args.seed) as replica:
        def syncer() -> None:
            while time.monotonic() < stop:
                check("sync", news(home, "sync", "--base-url", replica.base_url, "--rate", "0"))
                counts["sync"] += 1
                replica.add_article()

        threads = [threading.Thread(target=f) for f in (pruner, starrer, syncer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    conn = sqlite3.connect(home / "news.db")
    kept = {row[0] for row in conn.execute("SELECT id FROM articles WHERE starred = 1")}
    conn.close()
    lost = sorted(starred - kept)
    doctor = news(home, "doctor")
    if doctor.returncode != 0:
        errors.append(f"doctor: {doctor.stdout.strip()[-300:]}")
    print(f"{args.seconds:g} s: {counts['prune']} prunes, {counts['sync']} syncs, {counts['star']} stars "
          f"({counts['star-gone']} on an article a prune had just removed); "
          f"starred {len(starred)}, lost {len(lost)}, errors {len(errors)}")
    for line in lost[:10]:
        print(f"  lost starred article {line}")
    for line in errors[:10]:
        print(f"  error {line}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not lost and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
