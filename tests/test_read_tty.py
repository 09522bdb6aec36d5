"""`news read` on a real terminal: a pager only when the article is longer than the screen."""

from __future__ import annotations

import json
import os
import sys

import pytest
from conftest import PAGES, news_executable

pexpect = pytest.importorskip("pexpect")


def _read_on_tty(article_id: str, rows: int, pager_out, env_home: str) -> str:
    env = {**os.environ, "NEWS_HOME": env_home, "PAGER": f"{sys.executable} -c \"import sys; open({str(pager_out)!r}, 'w').write(sys.stdin.read())\"",
           "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "LINES", "COLUMNS"):   # pytest-xdist workers have LINES=24, COLUMNS=80
        env.pop(name, None)
    child = pexpect.spawn(news_executable(), ["read", article_id], env=env, dimensions=(rows, 80),
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_long_article_goes_through_the_pager(news, home, tmp_path):
    imported = news("import", PAGES / "generic_article.html", "--json")
    article_id = json.loads(imported.stdout)[0]["article"]["id"]
    paged = tmp_path / "paged.txt"
    _read_on_tty(article_id, rows=20, pager_out=paged, env_home=str(home))
    assert paged.exists(), "a 20-row screen cannot hold the article: the pager should have run"
    assert "Councillors in Port Elwyn" in paged.read_text()

    short = tmp_path / "short.txt"
    screen = _read_on_tty(article_id, rows=200, pager_out=short, env_home=str(home))
    assert not short.exists(), "the article fits a 200-row screen: no pager"
    assert "Councillors in Port Elwyn" in screen
