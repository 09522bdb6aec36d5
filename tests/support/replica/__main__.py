"""Run the replica by hand: ``python -m tests.support.replica [--port N] [--articles N] [--seed N] [--breaking-every S]``.

Then, in another terminal: ``news sync --base-url http://127.0.0.1:PORT/ --rate 0``.
With ``--breaking-every 20`` a new ticker item appears every 20 seconds (every
edition), so ``news breaking --base-url ... --watch --count 1`` ends.
"""

from __future__ import annotations

import argparse
import sys
import threading

from .server import Replica


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.replica", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--articles", type=int, default=24, help="generated English articles (default 24)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--breaking-every", type=float, default=0, metavar="SECONDS",
                        help="add a breaking-news ticker item every SECONDS (default 0: never)")
    args = parser.parse_args(argv)
    if args.breaking_every < 0:
        parser.error("--breaking-every takes seconds >= 0")
    replica = Replica(articles=args.articles, seed=args.seed, port=args.port).start()
    if args.breaking_every:
        threading.Thread(target=_push_breaking, args=(replica, args.breaking_every), daemon=True,
                         name="replica-breaking").start()
    print(replica.base_url, flush=True)
    print(f"serving {len(replica.articles)} pages (Arabic at {replica.base_urls['ar']}, Spanish at "
          f"{replica.base_urls['es']}); try: news sync --base-url {replica.base_url} --rate 0",
          file=sys.stderr, flush=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _push_breaking(replica: Replica, every: float) -> None:
    """A new ticker item in each edition every ``every`` seconds, said on stderr."""
    stop = threading.Event()
    while not stop.wait(every):
        for edition in replica.base_urls:
            item = replica.push_breaking(edition=edition)
            if edition == "en":
                print(f"breaking: {item.text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
