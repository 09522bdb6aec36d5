"""Property-based tests (hypothesis): for any input, extraction never crashes
and its output is always clean; any query is results or a usage error (exit
2), never a traceback; any id is found, not found or ambiguous; and every
command's --json output is valid JSON with the same keys every time, whatever
the articles hold."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newscli.archive.archive import Archive
from newscli.archive.filters import Filters
from newscli.cli import app
from newscli.config import Home
from newscli.extract import extract
from newscli.index.query import QueryError
from newscli.model import Article
from newscli.sync.ingest import NoArticle, page_to_article

pytestmark = pytest.mark.slow  # hypothesis over whole commands: many examples each

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Text as pages and users write it, and worse: escapes, C1 controls, bidi
# overrides, Rich markup, quotes and brackets, Arabic, emoji.
nasty_text = st.lists(st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(["\x1b[31m", "\x1b]0;x\x07", "\x9b", "\x85", "\u202e", "[red]", "[/]", "&amp;", "&#27;",
                     "<", ">", '"', "'", "مرحبا", "🙂", "\n", "\t", " "])), max_size=40).map("".join)

TAGS = ["div", "p", "span", "article", "main", "section", "h1", "h2", "a", "b", "figure", "figcaption",
        "table", "tr", "td", "ul", "li", "script", "style", "noscript", "header", "footer", "nav", "time"]
ATTRS = ["class", "id", "href", "itemprop", "datetime", "lang", "dir", "property", "content", "rel"]


def _attr(value: str) -> str:
    return value.replace('"', "&quot;")


def _element(tag: str, attrs: list[tuple[str, str]], inner: list[str]) -> str:
    attributes = "".join(f' {name}="{_attr(value)}"' for name, value in attrs)
    return f"<{tag}{attributes}>{''.join(inner)}</{tag}>"


def element(children):
    return st.builds(_element, st.sampled_from(TAGS), st.lists(st.tuples(st.sampled_from(ATTRS), nasty_text), max_size=3),
                     st.lists(children, max_size=4))


meta = st.builds(lambda name, value: f'<meta property="{name}" content="{_attr(value)}">',
                 st.sampled_from(["og:title", "og:description", "article:published_time", "article:tag",
                                  "article:section", "author", "og:image", "og:url", "og:type"]), nasty_text)
jsonld = st.builds(lambda data: f'<script type="application/ld+json">{json.dumps(data)}</script>',
                   st.dictionaries(st.sampled_from(["@type", "headline", "author", "datePublished", "keywords",
                                                    "articleSection", "image", "@graph"]),
                                   st.recursive(nasty_text | st.integers() | st.none(),
                                                lambda inner: st.lists(inner, max_size=3)
                                                | st.dictionaries(nasty_text, inner, max_size=3), max_leaves=8),
                                   max_size=5))
pages = st.builds(lambda head, body: f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>",
                  st.lists(meta | jsonld, max_size=6),
                  st.lists(st.recursive(nasty_text, element, max_leaves=25), max_size=6)) | nasty_text


def article_strings(article: Article):
    for value in vars(article).values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=pages, url=st.sampled_from(["", "https://example.org/news/a-story", "https://english.almayadeen.net/news/x"]))
@example(html="<html><body>\x1f<figure></figure>0</body></html>", url="")   # found: lxml refused the \x1f
def test_extraction_never_crashes_and_its_output_is_clean(html, url):
    article = extract(html, url)
    for value in article_strings(article):
        assert not UNSAFE.search(value), repr(value)
        value.encode("utf-8")                    # no lone surrogates: JSON and SQLite take it
    try:
        page_to_article(html, url)
    except NoArticle:
        pass


@pytest.fixture(scope="module")
def small_home(tmp_path_factory) -> Path:
    import corpus

    home = tmp_path_factory.mktemp("props") / "home"
    corpus.build(home, corpus.generate(30))
    return home


query_text = st.lists(st.one_of(
    st.sampled_from(list('()"*?~^:[]{}<>-+/\\ ') + [
        " AND ", " OR ", " NOT ", "title:", "tag:", "date:", "author:", "lang:", "site:", " to ", "2022", "2022-01",
        "yesterday", "7d", ">", "<=", "ceasefire", "sanctions", "negotiat", "café", "مفاوضات"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",))), max_size=20).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=query_text)
@example(text=">*")    # found: Whoosh's parser raised IndexError
def test_any_query_is_results_or_a_query_error(small_home, text):
    with Archive(Home(small_home)) as archive:
        try:
            found = archive.search(text, Filters(), limit=5, counts=True)
        except QueryError as exc:
            assert exc.exit_code == 2 and "\n" not in str(exc)
            return
    assert found.total >= len(found.hits)
    for hit in found.hits:
        assert not UNSAFE.search(hit.snippet)


def run(home: Path, *args: str, input: str | None = None):
    result = CliRunner().invoke(app, ["--home", str(home), *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=query_text)
def test_any_query_on_the_command_line_is_one_line_or_results(small_home, text):
    assume(text.strip() and not text.startswith("-"))
    code, out, err = run(small_home, "search", text, "--limit", "3", "--json")
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
    else:
        json.loads(out)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ref=st.one_of(st.text(max_size=30), st.text(alphabet="0123456789abcdefABCDEF", max_size=14),
                     st.sampled_from(["https://", "http://x", "https://al-mayadeen.example/news/00001 "])))
def test_any_id_is_found_not_found_or_ambiguous(small_home, ref):
    assume(not ref.startswith("-"))
    code, out, err = run(small_home, "read", ref, "--json")
    assert code in (0, 1), (code, err)
    if code == 0:
        assert json.loads(out)["id"].startswith(ref.strip().lower())
    else:
        first = err.strip().splitlines()[0]
        assert first.startswith("news: error: ") and ("no article" in first or "matches several" in first
                                                       or "no stored article" in first), err


# -- JSON output --------------------------------------------------------------------

ARTICLE = {"id", "url", "site", "lang", "title", "summary", "authors", "source", "published", "updated",
           "section", "tags", "image", "word_count", "reading_minutes", "fetched", "subsection", "type",
           "postid", "starred", "found_on"}                                      # README, "Output contract"
HIT = ARTICLE | {"score", "snippet"}
OUTCOME = {"source", "status", "reason", "kept", "article"}
SITE = {"name", "kind", "home", "url", "entry_points", "tags", "every", "articles", "last_success", "next_check",
        "status", "last_error"}
BREAKING = {"id", "site", "text", "url", "first_seen", "last_seen", "article_id", "new"}

articles = st.lists(st.builds(
    dict,
    title=nasty_text, summary=nasty_text, text=nasty_text.map(lambda t: t + " body words " * 5),
    authors=st.lists(nasty_text, max_size=3), tags=st.lists(nasty_text, max_size=4),
    section=st.none() | nasty_text, source=st.none() | nasty_text, lang=st.sampled_from([None, "en", "ar", "es", "xx"]),
    published=st.none() | st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat(timespec="seconds")),
    image_url=st.none() | st.just("https://example.org/i.jpg"), image_caption=st.none() | nasty_text,
), min_size=1, max_size=4)


def json_outputs(home: Path, page: Path) -> dict[str, object]:
    """Every command with --json, run on the home; what each printed."""
    some_id = json.loads(run(home, "list", "--limit", "1", "--json")[1])[0]["id"]
    commands = {
        "list": ("list", "--limit", "0", "--json"), "read": ("read", some_id, "--json"),
        "search": ("search", "body", "--json"), "search-facets": ("search", "body", "--facets", "--json"),
        "tags": ("tags", "--json"), "stats": ("stats", "--json"), "new": ("new", "--peek", "--json"),
        "breaking": ("breaking", "--offline", "--json"), "doctor": ("doctor", "--json"),
        "prune": ("prune", "--older-than", "1d", "--dry-run", "--json"), "sites": ("sites", "--json"),
        "import": ("import", str(page), "--json"), "export": ("export",),
    }
    out = {}
    for name, args in commands.items():
        code, stdout, stderr = run(home, *args)
        assert code in (0, 1), (name, code, stderr)
        assert not UNSAFE.search(stdout), (name, stdout)   # as printed: C1 and bidi characters escaped
        out[name] = [json.loads(line) for line in stdout.splitlines()] if name == "export" else json.loads(stdout)
    code, stdout, stderr = run(home, "extract", "--json", "--url", "https://example.org/x", input=page.read_text())
    out["extract"] = json.loads(stdout) if code == 0 else None
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=articles, page=pages)
def test_every_json_output_is_valid_with_the_same_keys_every_time(batch, page):
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        with Archive(Home(home), create=True) as archive, archive.writing():
            archive.save((Article(url=f"https://example.org/a/{i}", fetched="2024-01-01T00:00:00+00:00", **fields),
                          None) for i, fields in enumerate(batch))
            archive.store.breaking.record("web", [{"id": "b1", "text": batch[0]["title"] or "x", "url": None,
                                                   "match_key": None, "bare_key": None}], "2024-01-01T00:00:00+00:00")
        saved = Path(tmp) / "page.html"
        saved.write_text(page, encoding="utf-8")
        out = json_outputs(home, saved)
    assert all(set(a) == ARTICLE for a in out["list"]) and len(out["list"]) == len(batch)
    assert set(out["read"]) == ARTICLE | {"text"}
    assert all(set(h) == HIT for h in out["search"])
    assert set(out["search-facets"]) >= {"hits", "total", "page", "facets"}
    assert all(set(t) == {"tag", "articles"} for t in out["tags"])
    assert {"articles", "index_docs", "home"} <= set(out["stats"])
    assert all(set(a) == ARTICLE for a in out["new"])
    assert all(set(b) == BREAKING for b in out["breaking"]) and out["breaking"]
    assert set(out["doctor"]) == {"ok", "articles", "index_docs", "problems", "repaired", "remaining"}
    assert set(out["prune"]) == {"dry_run", "removed"}
    assert all(set(s) == SITE for s in out["sites"]) and out["sites"]
    assert all(set(o) == OUTCOME for o in out["import"])
    assert all(set(a) == ARTICLE | {"text"} for a in out["export"])
    assert out["extract"] is None or set(out["extract"]) == ARTICLE | {"text"}
