"""Reading what is stored: read, list, tags, stats. All offline."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from newscli.cli.app import NOTHING_STORED, app, emit_json, nothing_found, nothing_stored, state
from newscli.cli.options import (
    JsonOpt,
    LimitOpt,
    SectionOpt,
    SinceOpt,
    SiteOpt,
    TagOpt,
    UntilOpt,
    complete_id,
    make_filters,
)


def open_archive(create: bool = False):
    from newscli.archive.archive import Archive

    return Archive(state().home, create=create)


class ReadFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def read(
    article: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete_id,
                                          help="Article id, unique id prefix (4+) or URL.")],
    fmt: Annotated[ReadFormat, typer.Option("--format", help="text (for reading), markdown, or json.")] = ReadFormat.text,
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page the output.")] = False,
) -> None:
    """Show one article: headline, meta line, tags, caption, then the body."""
    with open_archive() as archive:
        found = archive.store.get(archive.store.resolve(article))
    if json_out or fmt is ReadFormat.json:
        emit_json(found.to_json(with_text=True))
        return
    if fmt is ReadFormat.markdown:
        import sys

        from newscli.formats import article_markdown

        sys.stdout.write(article_markdown(found))
        return
    from newscli.render.articles import show_article

    show_article(found, pager=not no_pager)


@app.command("list")
def list_(
    tag: TagOpt = None,
    section: SectionOpt = None,
    site: SiteOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred articles.")] = False,
    limit: LimitOpt = 20,
    json_out: JsonOpt = False,
) -> None:
    """List stored articles, newest first."""
    filters = make_filters(tag, section, site, since, until, starred=starred)
    with open_archive() as archive:
        articles = archive.store.query(filters, limit=limit or None)
    if json_out:
        emit_json([a.to_json() for a in articles])
        return
    if not articles:
        nothing_found("no articles match" if filters.sql()[0] and not nothing_stored() else NOTHING_STORED)
    from newscli.render.articles import article_table
    from newscli.render.console import show

    show(article_table(articles))


@app.command()
def tags(
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
) -> None:
    """Tags with their article counts, most used first."""
    with open_archive() as archive:
        rows = archive.store.tags(limit or None)
    if json_out:
        emit_json([{"tag": tag, "articles": n} for tag, n in rows])
        return
    if not rows:
        nothing_found("no tags stored yet")
    from newscli.render.articles import tags_table
    from newscli.render.console import show

    show(tags_table(rows))


@app.command()
def stats(json_out: JsonOpt = False) -> None:
    """Counts and sizes of the store and the index."""
    with open_archive() as archive:
        data = archive.stats()
    data["home"] = str(state().home.path)
    if json_out:
        emit_json(data)
        return
    from newscli.render.articles import stats_table
    from newscli.render.console import show

    show(stats_table(data))
