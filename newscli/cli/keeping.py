"""The reading flow: new, open, star, unstar, export, prune. All offline."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli.app import NOTHING_STORED, app, emit_json, nothing_found, nothing_stored
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
from newscli.cli.reading import open_archive
from newscli.errors import UsageError

IdsArg = Annotated[list[str], typer.Argument(metavar="ID...", autocompletion=complete_id, help="Article ids, unique id prefixes (4+) or URLs.")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    markdown = "markdown"


@app.command()
def new(
    peek: Annotated[bool, typer.Option("--peek", help="Show them without marking them seen.")] = False,
    limit: LimitOpt = 0,
    json_out: JsonOpt = False,
) -> None:
    """Articles stored since the last `news new`, newest first.

    Each article is shown once: the next `news new` starts after it (per data
    home). With --limit the oldest unseen come first, the rest wait.
    """
    from newscli.archive.keeping import new_articles

    with open_archive() as archive:
        articles = new_articles(archive, limit or None, peek=peek)
    if json_out:
        emit_json([a.to_json() for a in articles])
        return
    if not articles:
        nothing_found(NOTHING_STORED if nothing_stored() else "nothing new since the last `news new`")
    from newscli.render.articles import article_table
    from newscli.render.console import show

    show(article_table(articles, title=f"{len(articles)} new"))


@app.command("open")
def open_(article: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete_id, help="Article id, prefix (4+) or URL.")]) -> None:
    """Open the article's original page in the web browser ($BROWSER is honoured)."""
    import webbrowser

    with open_archive() as archive:
        found = archive.store.get(archive.store.resolve(article))
    from newscli.urls import clean_url

    url = clean_url(found.url)   # (stored before URLs were cleaned: no escape reaches the terminal)
    typer.echo(url)
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error as exc:
        raise UsageError(f"cannot open a browser: {exc}") from None
    if not opened:
        raise UsageError("no web browser could be started (set $BROWSER)")


def _set_starred(refs: list[str], starred: bool) -> None:
    from newscli.render.console import console
    from newscli.textclean import clean_line

    # Under the write lock: a prune running beside it either finishes first
    # (then an article it removed is "no article with id ...") or starts after
    # and keeps the starred article. The ids are resolved inside the lock.
    with open_archive() as archive, archive.writing():
        ids = [archive.store.resolve(ref) for ref in refs]
        for article_id in ids:
            archive.store.set_starred(article_id, starred)
        articles = archive.store.get_many(ids)
    word = "starred  " if starred else "unstarred"
    for article_id in ids:
        article = articles.get(article_id)
        title = clean_line(article.title)[:70] if article else ""
        console().print(f"{word} {article_id}  {title}", markup=False)


@app.command()
def star(articles: IdsArg) -> None:
    """Star articles: kept by `news prune`, listed by `news list --starred`."""
    _set_starred(articles, True)


@app.command()
def unstar(articles: IdsArg) -> None:
    """Remove the star from articles."""
    _set_starred(articles, False)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl: one article object (with text) a line; markdown: documents separated by ---.")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (whole or not at all) instead of stdout.")] = None,
    tag: TagOpt = None,
    section: SectionOpt = None,
    site: SiteOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only articles in this language.")] = None,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred articles.")] = False,
) -> None:
    """Export stored articles (all, or those the filters select), oldest first, streamed."""
    import sys

    from newscli.archive.keeping import atomic_output
    from newscli.archive.keeping import export as write_export

    filters = make_filters(tag, section, site, since, until, lang=lang, starred=starred)
    with open_archive() as archive:
        if output is None:
            n = write_export(archive, filters, fmt.value, sys.stdout)
            sys.stdout.flush()
        else:
            with atomic_output(output) as handle:
                n = write_export(archive, filters, fmt.value, handle)
    from newscli.formats import counted
    from newscli.render.console import console

    console(stderr=True).print(f"exported {counted(n, 'article')}" + (f" to {output}" if output else ""), markup=False)
    if not n and nothing_stored():
        nothing_found(NOTHING_STORED)
    if not n:
        raise typer.Exit(1)


@app.command()
def prune(
    older_than: Annotated[str, typer.Option("--older-than", metavar="AGE", help="Remove articles published before this: 90d, 12w, 6mo, 1y or a date.")],
    keep_starred: Annotated[bool, typer.Option("--keep-starred", help="Keep starred articles (always so; the flag says it explicitly).")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be removed; remove nothing.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Remove old articles from the store and the index; starred ones are always kept."""
    from newscli.archive.keeping import prune as prune_articles
    from newscli.dates import parse_user_date

    cutoff = parse_user_date(older_than)
    if cutoff > parse_user_date("now"):
        raise UsageError(f"--older-than {older_than} is in the future")
    with open_archive() as archive:
        removed = prune_articles(archive, cutoff, dry_run=dry_run)
    if json_out:
        emit_json({"dry_run": dry_run, "removed": [a.to_json() for a in removed]})
        return
    from newscli.formats import counted
    from newscli.render.console import console

    verb = "would remove" if dry_run else "removed"
    console(stderr=True).print(f"{verb} {counted(len(removed), 'article')} published before {cutoff:%Y-%m-%d %H:%M}", markup=False)
    if dry_run and removed:
        from newscli.render.articles import article_table
        from newscli.render.console import show

        show(article_table(removed))
