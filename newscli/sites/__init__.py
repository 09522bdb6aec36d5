"""Site recipes: the built-in ones and those the user adds.

Built-in recipes live in one small module per site (``almayadeen.py``);
user recipes are TOML files in ``<config dir>/recipes/`` with the same keys
as :class:`~newscli.sites.recipe.Recipe` (no hooks: data only). A user recipe
may start from a built-in one with ``extends = "almayadeen-en"`` and change
only some keys (a mirror's ``base_url``, one field's sources), keeping its hook::

    name = "mayadeen-mirror"
    extends = "almayadeen-en"
    base_url = "http://127.0.0.1:8000/"
    [fields]
    source = ["line:^Source:\\s*(.+)$"]
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from newscli.config import ConfigError, config_dir
from newscli.sites.recipe import Recipe

BUILTIN_MODULES = ("almayadeen", "sample")


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
    builtins = {r.name: r for r in builtin_recipes()}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            recipes.append(_recipe_from_data(data, builtins, str(path)))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
            raise ConfigError(f"bad recipe file {path}: {exc}") from None
    return recipes


def _recipe_from_data(data: dict, builtins: dict[str, Recipe], origin: str) -> Recipe:
    from dataclasses import fields, replace

    data.pop("hook", None)
    data.pop("origin", None)
    known = {f.name for f in fields(Recipe)} | {"extends"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown keys {', '.join(unknown)}")
    if "skip_types" in data:
        data["skip_types"] = tuple(data["skip_types"])
    for case in data.get("tests", []):
        if not isinstance(case, dict) or not {"page", "url"} <= set(case):
            raise ValueError("each [[tests]] entry needs a page and a url")
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return Recipe(**data, origin=origin)
    if parent_name not in builtins:
        raise ValueError(f"extends {parent_name!r}, which is not a built-in recipe "
                         f"(known: {', '.join(builtins)})")
    parent = builtins[parent_name]
    data["fields"] = {**parent.fields, **data.get("fields", {})}
    return replace(parent, **data, origin=origin)


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


def recipe_for_url(url: str, recipes: list[Recipe] | None = None) -> Recipe | None:
    """The recipe whose site holds ``url`` (None: generic extraction). When several
    do (editions sharing a host under path bases), the deepest base path wins.
    ``recipes``: the list to choose from, when the caller keeps one (a sync)."""
    matches = [r for r in (recipes if recipes is not None else all_recipes()) if r.covers(url)]
    return max(matches, key=lambda r: len(r.base_path), default=None)


def recipe_for_article(site: str, url: str) -> Recipe | None:
    """The recipe to read again an article stored under ``site`` from ``url``:
    that recipe, pointed at the mirror ``url`` is on when it is not the recipe's
    own site (an article synced with --base-url); else the recipe of the URL."""
    from urllib.parse import urlsplit

    recipe = next((r for r in all_recipes() if r.name == site), None) if site != "web" else None
    if recipe is None:
        return recipe_for_url(url)
    if not recipe.covers(url):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            recipe = recipe.with_base_url(f"{parts.scheme}://{parts.netloc}{recipe.base_path}")
    return recipe
