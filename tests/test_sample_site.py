"""`make run` ends with articles listed on any machine: `news demo` syncs the
default site, and the bundled sample site when the default cannot be reached."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]   # nothing listens once the socket is closed


def _default_site(home: Path, name: str, base_url: str) -> None:
    """A config whose default site is ``name``: Al Mayadeen's recipe at ``base_url``."""
    config = home.parent / "config"
    (config / "recipes").mkdir(parents=True, exist_ok=True)
    (config / "recipes" / f"{name}.toml").write_text(
        f'name = "{name}"\nextends = "almayadeen-en"\nbase_url = "{base_url}"\n', encoding="utf-8")
    (config / "config.toml").write_text(f'site = "{name}"\nrate = 0\n', encoding="utf-8")


def test_demo_falls_back_to_the_sample_site(news, home):
    _default_site(home, "unreachable", f"http://127.0.0.1:{_closed_port()}/")
    result = news("demo", timeout=120)
    assert result.code == 0, result
    warnings = [line for line in result.stderr.splitlines() if "cannot be reached" in line]
    assert len(warnings) == 1 and "sample site" in warnings[0], result.stderr
    assert "sample: 6 new" in result.stdout
    assert "Lighthouse keepers" in result.stdout          # the newest articles are listed
    assert re.search(r"news search \w+", result.stdout) and re.search(r"news read [0-9a-f]{6}", result.stdout)

    listed = news("list", "--json").json()
    assert len(listed) == 6 and {a["site"] for a in listed} == {"sample"}
    for article in listed:
        assert article["published"] and article["section"] and article["authors"] and article["tags"]
        assert article["url"].startswith("https://sample.news.invalid/news/")
    word = re.search(r"news search (\w+)", result.stdout).group(1)
    assert news("search", word, "--json").json()
    read = news("read", re.search(r"news read ([0-9a-f]{6})", result.stdout).group(1))
    assert read.code == 0 and "By " in read.stdout


def test_the_real_site_stays_the_default_when_it_answers(news, home, replica):
    _default_site(home, "mirror", replica.base_url)
    result = news("demo", timeout=180)
    assert result.code == 0, result
    assert "cannot be reached" not in result.stderr
    assert {a["site"] for a in news("list", "--json", "--limit", "0").json()} == {"mirror"}


def test_sync_sample_twice_stores_each_article_once(news):
    first = news("sync", "sample", "--json")
    assert first.code == 0, first
    assert first.json()["new"] == 6
    second = news("sync", "sample", "--json").json()
    assert (second["new"], second["updated"]) == (0, 0)
    assert len(news("list", "--json", "--limit", "0").json()) == 6
    assert "sample" in news("sites", "recipes").stdout   # the recipes known; `news sites` lists those followed


@pytest.mark.slow
def test_the_wheel_ships_the_sample_pages(tmp_path):
    import shutil

    source = tmp_path / "src"   # a copy: building in the worktree would leave build/ there
    shutil.copytree(ROOT / "newscli", source / "newscli", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr[-300:]}")
    import zipfile

    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newscli/sites/pages/sample/site/sitemap.xml" in names
    assert sum(n.startswith("newscli/sites/pages/sample/site/news/") for n in names) == 6
