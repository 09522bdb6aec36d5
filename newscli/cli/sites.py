"""`news sites`: the site recipes known, built-in and the user's own."""

from __future__ import annotations

import typer

from newscli.cli.app import app, emit_json
from newscli.cli.options import JsonOpt

SITE_KEYS = ("name", "title", "base_url", "lang", "timezone", "origin")


@app.command()
def sites(json_out: JsonOpt = False) -> None:
    """List the sites `news` has recipes for: built-in ones, then yours
    (TOML files in <config dir>/recipes/, which may replace a built-in by name)."""
    from newscli.sites import all_recipes

    recipes = all_recipes()
    if json_out:
        emit_json([{key: getattr(r, key) for key in SITE_KEYS} for r in recipes])
        return
    from rich.table import Table
    from rich.text import Text

    from newscli.render import console

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
    console().print(table)
    if not recipes:
        raise typer.Exit(1)
