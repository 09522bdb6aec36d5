"""Site recipes: the built-in ones and those the user adds.

Built-in recipes live in one small module per site (``almayadeen.py``);
user recipes are TOML files in ``<config dir>/recipes/`` with the same keys
as :class:`~newscli.sites.recipe.Recipe` (no hooks: data only).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from newscli.config import ConfigError, config_dir
from newscli.sites.recipe import Recipe

BUILTIN_MODULES = ("almayadeen",)


def builtin_recipes() -> list[Recipe]:
    import importlib

    recipes: list[Recipe] = []
    for name in BUILTIN_MODULES:
        module = importlib.import_module(f"newscli.sites.{name}")
        recipes.extend(module.RECIPES)
    return recipes


def user_recipes(folder: Path | None = None) -> list[Recipe]:
    folder = folder or config_dir() / "recipes"
    if not folder.is_dir():
        return []
    recipes = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            data.pop("hook", None)
            recipes.append(Recipe(**data, origin=str(path)))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError) as exc:
            raise ConfigError(f"bad recipe file {path}: {exc}") from None
    return recipes


def all_recipes() -> list[Recipe]:
    """Built-in recipes, then user recipes (a user recipe may replace a built-in by name)."""
    by_name = {r.name: r for r in builtin_recipes()}
    by_name.update({r.name: r for r in user_recipes()})
    return list(by_name.values())


def get_recipe(name: str) -> Recipe:
    for recipe in all_recipes():
        if recipe.name == name:
            return recipe
    known = ", ".join(r.name for r in all_recipes())
    raise ConfigError(f"no site recipe named {name!r} (known: {known}; see `news sites`)")


def recipe_for_url(url: str) -> Recipe | None:
    """The recipe whose site hosts ``url`` (None: generic extraction)."""
    from newscli.urls import host_of

    host = host_of(url)
    for recipe in all_recipes():
        if recipe.host == host:
            return recipe
    return None
