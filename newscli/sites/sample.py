"""The sample site: a handful of made-up articles bundled with news.

`news sync sample` serves them in-process on 127.0.0.1 (a random port) and
syncs them like any site, so that `make run` ends with articles listed on a
machine that cannot reach the default site. The pages (sitemap, robots.txt,
articles with sections, tags, authors and dates) are package data under
``pages/sample/site/``; ``{base}`` in them is the served base URL. Stored
articles get URLs under :data:`SAMPLE_BASE`, not the port they were served
on, so syncing the sample twice stores each article once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newscli.extract.page import Page
from newscli.model import Article
from newscli.sites.recipe import Recipe

NAME = "sample"
SAMPLE_BASE = "https://sample.news.invalid/"   # .invalid: never a real host
PAGES = Path(__file__).parent / "pages" / "sample" / "site"


def hook(article: Article, page: Page, recipe: Recipe) -> None:
    """Stored URLs name the sample site, whichever port served it."""
    path = recipe.relative_path(article.url)
    if path is not None:
        article.url = SAMPLE_BASE + path.lstrip("/")
        article.id = ""   # finish() derives it from the URL above


RECIPES = [
    Recipe(
        name=NAME,
        title="Sample site bundled with news (made-up articles, served on 127.0.0.1)",
        base_url=SAMPLE_BASE,
        lang="en",
        article_pattern=r"^/news/[^/]+/[^/]+/?$",
        sitemaps=["sitemap.xml"],
        body=["css:article > p:not(.byline)"],
        hook=hook,
    )
]


def page_for(path: str) -> tuple[bytes, str] | None:
    """(body, content type) of a path of the sample site, None when it has none."""
    path = unquote(urlsplit(path).path).strip("/")
    if ".." in path.split("/"):
        return None
    candidates = ["index.html"] if not path else [path, path + ".html"]
    for name in candidates:
        file = PAGES / name
        if file.is_file():
            kind = {"xml": "application/xml", "txt": "text/plain"}.get(file.suffix[1:], "text/html")
            return file.read_bytes(), f"{kind}; charset=utf-8"
    return None


@contextmanager
def served() -> Iterator[str]:
    """Serve the sample site on 127.0.0.1 (a free port) for the block; yields its base URL."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    base: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = page_for(self.path)
            if found is None:
                self.send_error(404)
                return
            body, kind = found
            body = body.replace(b"{base}", base[0].encode())
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base.append(f"http://127.0.0.1:{httpd.server_port}/")
    thread = threading.Thread(target=httpd.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield base[0]
    finally:
        httpd.shutdown()
        httpd.server_close()


TESTS = [
    {
        "recipe": NAME,
        "page": "site/news/world/river-ferry-returns-after-bridge-closure.html",
        "url": "https://sample.news.invalid/news/world/river-ferry-returns-after-bridge-closure",
        "expected": {
            "url": "https://sample.news.invalid/news/world/river-ferry-returns-after-bridge-closure",
            "title": "River ferry returns while the old bridge is rebuilt",
            "authors": ["Tomas Reyne"],
            "published": "2026-12-01T11:30:00+00:00",
            "section": "World",
            "tags": ["Transport", "Rivers", "Infrastructure"],
            "lang": "en",
            "summary": "A passenger ferry is crossing the river Lune at Halbury again for the first time "
                       "in forty years, while engineers rebuild the stone bridge.",
        },
    },
]
