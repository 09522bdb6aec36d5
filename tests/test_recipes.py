"""Every recipe's saved test pages give exactly the fields its expected.json expects
(yt-dlp style), and the mechanism works for user recipe files too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PAGES

from newscli.sites import BUILTIN_MODULES, builtin_recipes, recipe_for_url, user_recipes
from newscli.sites.testing import PAGES as RECIPE_PAGES
from newscli.sites.testing import recipe_tests

BUILTIN_CASES = recipe_tests(builtin_recipes())


@pytest.mark.parametrize("case", BUILTIN_CASES, ids=[c.name for c in BUILTIN_CASES])
def test_builtin_recipe_pages(case):
    assert case.run() == []


def test_every_builtin_recipe_has_tests_and_every_page_is_used():
    tested = {case.recipe.name for case in BUILTIN_CASES}
    assert tested == {r.name for r in builtin_recipes()}
    used = {case.page for case in BUILTIN_CASES}
    for module in BUILTIN_MODULES:
        assert set((RECIPE_PAGES / module).glob("*.html")) == {p for p in used if p.parent.name == module}
    assert all(case.url.startswith(case.recipe.base_url) for case in BUILTIN_CASES)


def _write_user_recipe(config: Path, text: str, page: Path) -> None:
    folder = config / "recipes"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(page, folder / page.name)
    (folder / "courier.toml").write_text(text, encoding="utf-8")


COURIER = """
name = "courier"
title = "The Courier"
base_url = "https://courier.example/"
lang = "en"
timezone = "Europe/London"
article_pattern = "^/news/[^/]+/[^/]+$"

[fields]
source = ["line:Photo: (.+)$"]

[[tests]]
page = "generic_article.html"
url = "https://courier.example/news/local/harbour-sea-wall"

[tests.expected]
title = "Harbour town votes to rebuild its old sea wall"
authors = ["Megan Rhys", "Tomos Pugh"]
tags = {tags}
section = "Local"
source = "Courier staff"
published = "2024-03-05T09:30:00+00:00"
"""


def test_user_recipe_file_with_tests(home, tmp_path):
    config = tmp_path / "config"
    _write_user_recipe(config, COURIER.format(tags='["Port Elwyn", "Flooding", "Council"]'),
                       PAGES / "generic_article.html")
    [recipe] = user_recipes()
    assert recipe.origin == str(config / "recipes" / "courier.toml")
    assert recipe_for_url("https://courier.example/news/local/x").name == "courier"
    assert recipe.is_article_url("https://courier.example/news/local/x")
    [case] = [c for c in recipe_tests() if c.recipe.name == "courier"]
    assert case.run() == []


def test_user_recipe_test_reports_what_differs(home, tmp_path):
    _write_user_recipe(tmp_path / "config", COURIER.format(tags='["Flooding"]'), PAGES / "generic_article.html")
    [case] = [c for c in recipe_tests() if c.recipe.name == "courier"]
    [problem] = case.run()
    assert problem.startswith("tags: expected ['Flooding'], got ['Port Elwyn'")


def test_news_sites_test_runs_builtin_and_user_cases(home, tmp_path, cli):
    _write_user_recipe(tmp_path / "config", COURIER.format(tags='["Port Elwyn", "Flooding", "Council"]'),
                       PAGES / "generic_article.html")
    passing = cli("sites", "--test")
    assert passing.code == 0, passing
    assert f"{len(BUILTIN_CASES) + 1} passed, 0 failed" in passing.stdout
    _write_user_recipe(tmp_path / "config", COURIER.format(tags='["Flooding"]'), PAGES / "generic_article.html")
    failing = cli("sites", "--test", "--json")
    assert failing.code == 1
    [bad] = [r for r in failing.json() if not r["ok"]]
    assert bad["recipe"] == "courier" and bad["problems"][0].startswith("tags: expected")
