"""Behaviours a user would notice that no other test pinned: each of these
was broken on purpose once (a mutation) and the suite stayed green."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from newscli.archive.archive import Archive
from newscli.archive.store import Store
from newscli.config import Home
from newscli.fetch import Fetcher, FetchError
from newscli.model import Article
from newscli.urls import article_id, canonical_url


def test_a_robots_txt_that_answers_5xx_means_fetch_nothing(cli, replica):
    """RFC 9309 2.3.1.4: a server error on robots.txt is a full disallow."""
    replica.set_fault("/robots.txt", "error", times=100, status=503)
    result = cli("sync", "--base-url", replica.base_url, "--rate", "0", "--json")
    article_paths = [r.path for r in replica.requests if "/news/" in r.path or "/articles/" in r.path]
    assert article_paths == []
    assert result.code == 3, result


def _stored(home: Path, *articles: Article) -> None:
    with Archive(Home(home), create=True) as archive:
        archive.save([(article, None) for article in articles])


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(cli, home):
    filler = "The council met on Tuesday to discuss the budget for the coming year. " * 6
    in_title = Article(url="https://paper.example/a", site="web", lang="en",
                       title="Zebra crossing plan approved", text=filler)
    in_body = Article(url="https://paper.example/b", site="web", lang="en", title="Council budget approved",
                      text=filler + "A zebra crossing will be built. Another zebra crossing is planned.")
    _stored(home, in_title, in_body)
    hits = cli("search", "zebra", "--json").json()
    assert [h["url"] for h in hits] == ["https://paper.example/a", "https://paper.example/b"]


def test_a_refused_connection_is_not_retried():
    with socket.socket() as sock:            # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        retried: list[str] = []
        fetcher = Fetcher(retries=3, backoff=0.01, on_retry=lambda *args: retried.append(args[-1]))
        try:
            fetcher.get(f"http://127.0.0.1:{port}/x")
        except FetchError as exc:
            assert "refused" in exc.reason
        else:
            raise AssertionError("a refused connection answered")
    assert retried == [] and fetcher.requests == 1


def test_the_default_port_is_the_same_article(tmp_path):
    assert canonical_url("https://host.example:443/a") == canonical_url("https://host.example/a")
    assert article_id("http://host.example:80/a") == article_id("http://host.example/a")
    with Store.open(tmp_path / "news.db") as store:
        for url in ("https://host.example:443/a", "https://host.example/a"):
            store.upsert(Article(url=url, site="web", title="One story", text="Body " * 50))
        assert store.count() == 1


def test_arabic_text_without_a_language_gets_the_arabic_analysis(cli, home):
    """No lang on the page: the script decides. The Arabic analysis folds the
    article and the letter forms, so a search without them finds it."""
    article = Article(url="https://paper.example/ar", site="web", lang=None,
                      title="المفاوضات في القاهرة",
                      text="بدأت المفاوضات في القاهرة اليوم بين الوفود. " * 10, tags=["غزة"])
    _stored(home, article)
    assert [h["url"] for h in cli("search", "مفاوضات", "--json").json()] == [article.url]
    assert [h["url"] for h in cli("search", "tag:غزه", "--json").json()] == [article.url]


def test_json_output_escapes_the_line_and_paragraph_separators(cli, home):
    """U+2028/U+2029 end a line in JavaScript and in some JSON readers."""
    _stored(home, Article(url="https://paper.example/sep", site="web", lang="en",
                          title="First\u2028second\u2029third", text="Body text. " * 40))
    for args in (("list", "--json"), ("search", "second", "--json")):
        out = cli(*args).stdout
        assert "\u2028" not in out and "\u2029" not in out
        assert "\\u2028" in out and "\\u2029" in out
        assert json.loads(out)[0]["title"] == "First\u2028second\u2029third"
