"""Full-text search over the stored articles (offline)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, nothing_found, state
from newscli.cli.options import (
    JsonOpt, LimitOpt, SectionOpt, SinceOpt, SiteOpt, TagOpt, UntilOpt, make_filters,
)


class Sort(str, Enum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (Whoosh syntax, see below).")],
    tag: TagOpt = None,
    section: SectionOpt = None,
    site: SiteOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: Annotated[Sort, typer.Option("--sort", help="Order of the hits.")] = Sort.relevance,
    limit: LimitOpt = 20,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of results (with --limit per page).")] = 1,
    json_out: JsonOpt = False,
) -> None:
    """Search stored articles, best matches first (BM25F, title weighted).

    \b
    Query syntax:
      putin macron            both words (AND is the default)
      putin OR macron         either word
      ukraine NOT nato        exclude a word
      "security guarantees"   an exact phrase
      negotiat*               a prefix
      title:ceasefire         a field: title, tag, section, author, source, site, lang
      date:2022-01            published in January 2022
      "date:[2022-01-01 to 2022-03-31]"   a date range
    """
    filters = make_filters(tag, section, site, since, until)
    from newscli.archive import Archive

    with Archive(state().home) as archive:
        hits, total = archive.search(query, filters, sort.value, limit or 1000, page)
    if json_out:
        emit_json([hit.to_json() for hit in hits])
        if not hits:
            raise typer.Exit(1)
        return
    if not hits:
        nothing_found(f"no articles match {query!r}")
    from newscli.render import console, search_table

    console().print(search_table(hits, total, query))
