"""The interactive views on a real pseudo-terminal (pexpect) at 80 and 120
columns: the search table, `news read` through the real pager, and the live
breaking view. What reaches the screen must fit it and say what it should."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time

import pytest
from conftest import PAGES, news_executable

pexpect = pytest.importorskip("pexpect")

# Colours, cursor moves, erases, private modes; and hyperlinks (OSC 8).
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?")


def spawn(args: list[str], home, columns: int, rows: int = 40, **env):
    environ = {**os.environ, "NEWS_HOME": str(home), "TERM": "xterm-256color", **env}
    for name in ("NO_COLOR", "LINES", "COLUMNS", "PAGER", "NEWS_PAGER", "LESS"):
        if name not in env:
            environ.pop(name, None)
    child = pexpect.spawn(news_executable(), args, env=environ, dimensions=(rows, columns),
                          encoding="utf-8", timeout=60)
    child.logfile_read = io.StringIO()
    return child


def screen_lines(raw: str) -> list[str]:
    """The text lines drawn (control sequences gone; a carriage return starts over)."""
    lines = []
    for line in CONTROL.sub("", raw).replace("\r\n", "\n").split("\n"):
        lines.append(line.rsplit("\r", 1)[-1])
    return lines


def finish(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    raw = child.logfile_read.getvalue()
    assert child.exitstatus == 0, raw[-2000:]
    return raw


@pytest.fixture
def article_id(news, home):
    imported = news("import", PAGES / "generic_article.html", "--json")
    assert imported.code == 0, imported
    return json.loads(imported.stdout)[0]["article"]["id"]


@pytest.mark.parametrize("columns", [80, 120])
def test_search_table_on_a_terminal(home, article_id, columns):
    child = spawn(["search", "councillors"], home, columns)
    lines = screen_lines(finish(child))
    assert max(len(line) for line in lines) <= columns, [line for line in lines if len(line) > columns]
    header = next(line for line in lines if line.startswith("id "))
    assert header.split() == ["id", "date", "section", "title", "/", "snippet"]
    assert any(line.startswith(article_id[:8]) for line in lines)
    assert any(line.strip() == "1 of 1 hit" for line in lines)


@pytest.mark.parametrize("columns", [80, 120])
def test_read_through_the_real_pager(home, article_id, columns):
    if not shutil.which("less"):
        pytest.skip("no less here")
    child = spawn(["read", article_id], home, columns, rows=15)
    child.expect("Councillors")
    child.send("q")
    raw = finish(child)
    assert "\x1b[?1049h" not in raw   # LESS=FRX: no alternate screen, the text stays
    lines = screen_lines(raw)
    body = [line for line in lines if "Port Elwyn" in line]
    assert body and all(len(line) <= min(columns, 88) for line in body)
    assert any(line.startswith(article_id + "  http") for line in lines)   # the URL line, whole


@pytest.mark.parametrize("columns", [80, 120])
def test_live_breaking_view(home, replica, columns):
    def push_later():
        time.sleep(2.5)
        replica.push_breaking(text="Screen test: a fresh breaking item")

    threading.Thread(target=push_later, daemon=True).start()
    child = spawn(["breaking", "--base-url", replica.base_url, "--watch", "--count", "1", "--interval", "0.5"],
                  home, columns, rows=30)
    raw = finish(child)
    text = CONTROL.sub("", raw)
    assert "Screen test: a fresh breaking item" in text
    lines = screen_lines(raw)
    assert max(len(line) for line in lines) <= columns, [line for line in lines if len(line) > columns]
