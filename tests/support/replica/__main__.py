"""Run the replica by hand: ``python -m tests.support.replica [--port N] [--articles N] [--seed N]``.

Then, in another terminal: ``news sync --base-url http://127.0.0.1:PORT/ --rate 0``.
"""

from __future__ import annotations

import argparse
import sys

from .server import Replica


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.replica", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--articles", type=int, default=24, help="generated English articles (default 24)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    args = parser.parse_args(argv)
    replica = Replica(articles=args.articles, seed=args.seed, port=args.port).start()
    print(replica.base_url, flush=True)
    print(f"serving {len(replica.articles)} pages (Arabic at {replica.base_urls['ar']}, Spanish at "
          f"{replica.base_urls['es']}); try: news sync --base-url {replica.base_url} --rate 0",
          file=sys.stderr, flush=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
