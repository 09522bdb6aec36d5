"""`news sites`: the sites followed (and the site recipes known, built-in and
the user's own); `news sites export|import` (OPML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypedDict

import typer

from newscli.cli.app import app, emit_json
from newscli.cli.options import JsonOpt
from newscli.errors import EXIT_NOTHING

SITE_KEYS = ("name", "title", "base_url", "lang", "timezone", "origin")


class RecipeResult(TypedDict):
    """One recipe test case's result, as `news sites --test --json` prints it."""
    recipe: str
    page: str
    url: str
    ok: bool
    problems: list[str]


@app.command()
def sites(
    action: Annotated[str | None, typer.Argument(
        metavar="[export|import|recipes]", help="export: the sites as OPML; import FILE...: follow the "
        "sites of OPML, newsboat urls or URL list files; recipes: the site recipes known.")] = None,
    files: Annotated[list[Path] | None, typer.Argument(metavar="[FILE]...", show_default=False)] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also the recipes not followed.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="export: write to FILE, not stdout.")] = None,
    test: Annotated[bool, typer.Option("--test", help="Run the recipes' saved-page tests and report each.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """List the sites followed (`news follow`): built-in recipes are sites too
    (TOML files in <config dir>/recipes/ add recipes, and may replace a built-in by name)."""
    from newscli.cli import follow
    from newscli.sites import all_recipes

    if action not in (None, "export", "import", "recipes"):
        from newscli.errors import UsageError

        raise UsageError(f"unknown action {action!r}: export, import or recipes")
    if action == "export":
        follow.export_sites(output)
        return
    if action == "import":
        follow.import_sites(files or [], json_out)
        return
    recipes = all_recipes()
    if test:
        _run_tests(recipes, json_out)
        return
    if action is None:
        follow.list_sites(show_all, json_out)
        return
    if json_out:
        emit_json([{key: getattr(r, key) for key in SITE_KEYS} for r in recipes])
        return
    from rich.table import Table
    from rich.text import Text

    from newscli.render.console import show

    # Two lines per site, so a long base URL or recipe path fits an 80-column terminal.
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("site", overflow="fold")
    for r in recipes:
        about = ", ".join(x for x in (r.lang, r.timezone) if x)
        details = Text(r.title + (f" ({about})" if about else ""))
        details.append("\n" + r.base_url + "  ", style="cyan")
        details.append(r.origin, style="dim")
        table.add_row(Text(r.name), details)
    show(table)


def _run_tests(recipes, json_out: bool) -> None:
    """Each recipe test case: ok, or what differs. Exit 1 when any fails."""
    from newscli.render.console import console
    from newscli.sites.testing import recipe_tests

    results: list[RecipeResult] = []
    for case in recipe_tests(recipes):
        try:
            problems = case.run()
        except OSError as exc:
            problems = [f"cannot read {case.page}: {exc.strerror or exc}"]
        results.append({"recipe": case.recipe.name, "page": str(case.page), "url": case.url,
                        "ok": not problems, "problems": problems})
    if json_out:
        emit_json(results)
    else:
        out = console()
        for r in results:
            out.print(f"{'ok  ' if r['ok'] else 'FAIL'} {r['recipe']}  {Path(r['page']).name}", markup=False)
            for problem in r["problems"]:
                out.print(f"     {problem}", markup=False, soft_wrap=True)
        failed = sum(not r["ok"] for r in results)
        out.print(f"{len(results) - failed} passed, {failed} failed", markup=False)
    if any(not r["ok"] for r in results):
        raise typer.Exit(EXIT_NOTHING)
