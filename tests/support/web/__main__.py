"""``python -m tests.support.web``: serve the test web until interrupted, printing each site's URL."""

from __future__ import annotations

import time

from .server import Web


def main() -> None:
    with Web() as web:
        for name, site in web.sites.items():
            print(f"{name:10} {site.base}", flush=True)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
