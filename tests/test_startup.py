"""Start-up stays light: commands import only what they use.

`news --help` and `news read` must feel instant, so the heavy libraries
(whoosh, requests, readability, lxml, rich.table; pydantic, which newer typer
pulls in) are imported inside the functions that need them. These tests run a
command in a fresh interpreter and look at ``sys.modules`` afterwards; the
timings themselves live in benchmarks/ (``make bench``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newscli.archive.store import Store
from newscli.model import Article

# (hashlib: loading OpenSSL costs ~2 ms, and only commands that store articles need it.)
HEAVY = ("whoosh", "requests", "readability", "lxml", "rich.table", "pydantic", "hashlib")
# What Whoosh would import without newscli.index.lean, and search never uses.
WHOOSH_UNUSED = ("urllib.request", "http.client", "cached_property", "asyncio", "whoosh.lang.morph_en")

# Runs `news ARGS` in-process, then writes the names of the loaded modules to
# the file named by the first argument.
PROBE = """
import gc, json, sys
out, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["news", *args]
from newscli.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}, f)
"""


def probe(tmp_path, *args: str) -> dict:
    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(out), json.dumps(args)],
                   capture_output=True, timeout=60, check=True)
    return json.loads(out.read_text())


def loaded_after(tmp_path, *args: str) -> tuple[int, set[str]]:
    data = probe(tmp_path, *args)
    return data["code"], set(data["modules"])


def imported(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.fixture
def stored_id(home) -> str:
    article = Article(url="https://example.com/news/harbour-wall", title="Harbour wall rebuilt",
                      text="Councillors voted to rebuild the sea wall. " * 20, tags=["Flooding"],
                      published="2024-03-05T09:30:00+00:00")
    home.mkdir(parents=True)
    with Store.open(home / "news.db") as store:
        store.upsert(article)
    return article.id


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["search", "--help"]])
def test_help_imports_no_heavy_library(tmp_path, home, args):
    code, modules = loaded_after(tmp_path, *args)
    assert code in (0, None)
    assert [name for name in HEAVY if imported(modules, name)] == []


def test_read_imports_neither_the_index_nor_the_network(tmp_path, stored_id):
    code, modules = loaded_after(tmp_path, "read", stored_id, "--no-pager")
    assert code in (0, None)
    assert imported(modules, "rich")  # it did render the article
    assert [name for name in HEAVY if imported(modules, name)] == []


def test_read_json_does_not_load_rich(tmp_path, stored_id):
    code, modules = loaded_after(tmp_path, "read", stored_id, "--json")
    assert code in (0, None)
    assert not imported(modules, "rich")
    assert [name for name in HEAVY if imported(modules, name)] == []


def test_search_loads_whoosh_without_what_it_never_uses(tmp_path, stored_id, home):
    from newscli.archive.archive import Archive
    from newscli.config import Home

    with Archive(Home(home)) as archive:
        archive.reindex()
    code, modules = loaded_after(tmp_path, "search", "councillors", "--json")
    assert code in (0, None)
    assert imported(modules, "whoosh.query") and imported(modules, "whoosh.qparser")
    assert [name for name in WHOOSH_UNUSED if imported(modules, name)] == []


def help_texts(group) -> dict[str, str]:
    """`news --help` and `news COMMAND --help` of a Click group, 80 columns."""
    ctx = group.make_context("news", [], resilient_parsing=True, terminal_width=80, max_content_width=80)
    texts = {"": group.get_help(ctx)}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        texts[name] = command.get_help(command.make_context(name, [], parent=ctx, resilient_parsing=True))
    return texts


def test_commands_built_on_demand_have_typers_help():
    """`news` builds a command only when it runs (LazyCommands); the help is
    the same as Typer's own build of every command."""
    from typer.main import get_command

    from newscli.cli import app
    from newscli.cli.app import click_group

    eager, lazy = help_texts(get_command(app)), help_texts(click_group())
    assert len(eager) > 15 and "Commands:" in eager[""] and "--sort" in eager["search"]
    assert lazy == eager


@pytest.mark.parametrize("args", [["--version"], ["--no-such-option"]])
def test_the_heap_is_frozen_for_shutdown(tmp_path, args):
    """What a command leaves is not garbage-collected again as Python shuts
    down (two full collections, ~20 ms of a search), after success or error."""
    assert probe(tmp_path, *args)["frozen"] > 10_000
