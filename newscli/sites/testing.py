"""Recipe tests, yt-dlp style: saved pages and the exact fields expected from each.

A built-in recipe module's cases are in ``pages/<module>/expected.json``,
beside its saved pages; a user recipe file may list them under ``[[tests]]``.
Each case names a saved page, the URL it was saved from and the expected fields::

    {"recipe": "almayadeen-en", "page": "seed.html", "url": "https://...",
     "expected": {"title": "...", "tags": [...], "text": "md5:3f2a..."}}

Built-in pages live in ``newscli/sites/pages/<module>/``; a user case's page
path is relative to its recipe file. An expected value ``"md5:HEX"`` stands for
a long text (compared by the MD5 of its UTF-8 bytes); anything else must be
equal. Only the fields named are checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from newscli.model import Article
from newscli.sites.recipe import Recipe

PAGES = Path(__file__).parent / "pages"
# Field names a case may check (Article attributes).
FIELDS = ("url", "title", "authors", "source", "published", "updated", "section", "subsection",
          "tags", "summary", "text", "image_url", "image_caption", "postid", "word_count",
          "reading_minutes", "lang", "type")


@dataclass
class RecipeTest:
    recipe: Recipe
    page: Path
    url: str
    expected: dict

    @property
    def name(self) -> str:
        return f"{self.recipe.name}:{self.page.name}"

    def run(self) -> list[str]:
        """The mismatches ([] when the recipe reads the page as expected)."""
        from newscli.extract import extract

        html = self.page.read_text(encoding="utf-8")
        return compare(self.expected, article_fields(extract(html, self.url, self.recipe)))


def article_fields(article: Article) -> dict:
    return {name: getattr(article, name) for name in FIELDS}


def md5(text: str) -> str:
    return "md5:" + hashlib.md5(text.encode("utf-8")).hexdigest()


def compare(expected: dict, actual: dict) -> list[str]:
    problems = []
    for name, want in expected.items():
        if name not in FIELDS:
            problems.append(f"{name}: not a field (known: {', '.join(FIELDS)})")
            continue
        got = actual.get(name)
        if isinstance(want, str) and want.startswith("md5:") and isinstance(got, str):
            got = md5(got)
        if got != want:
            problems.append(f"{name}: expected {want!r}, got {got!r}")
    return problems


def recipe_tests(recipes: list[Recipe] | None = None) -> list[RecipeTest]:
    """Every case: the built-in modules' expected.json, then those of user recipe files."""
    import json

    from newscli.sites import BUILTIN_MODULES, all_recipes

    by_name = {r.name: r for r in (recipes if recipes is not None else all_recipes())}
    cases = []
    for module_name in BUILTIN_MODULES:
        expected = PAGES / module_name / "expected.json"
        for case in json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else []:
            recipe = by_name.get(case["recipe"])
            if recipe is not None and recipe.origin == "built-in":
                cases.append(RecipeTest(recipe, PAGES / module_name / case["page"], case["url"], case["expected"]))
    for recipe in by_name.values():
        if recipe.origin == "built-in":
            continue
        folder = Path(recipe.origin).parent
        cases += [RecipeTest(recipe, folder / case["page"], case["url"], case.get("expected", {}))
                  for case in recipe.tests]
    return cases
