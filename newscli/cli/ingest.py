"""Getting pages in: fetch (network), import and extract (offline)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, error, state, warn
from newscli.cli.options import JsonOpt, SinceOpt, SiteOpt
from newscli.errors import EXIT_NETWORK, EXIT_NOTHING, UsageError


def _report(outcomes, json_out: bool, failure_exit: int) -> None:
    """Print outcomes as they come (or one JSON array at the end); exit non-zero
    when nothing at all succeeded."""
    from newscli.render.console import console
    from newscli.textclean import clean_line

    collected = []
    for outcome in outcomes:
        collected.append(outcome)
        if json_out:
            continue
        if outcome.status == "failed":
            warn(f"{outcome.source}: {outcome.reason}")
        elif outcome.status == "skipped":
            warn(f"{outcome.source}: skipped, {outcome.reason}")
        else:
            a = outcome.article
            console().print(f"{outcome.status:9} {a.id}  {clean_line(a.title)[:80]}", markup=False)
            if outcome.kept:
                warn(f"{a.id}: the page no longer gives {', '.join(outcome.kept)}; kept the stored "
                     f"value{'s' if len(outcome.kept) > 1 else ''}")
    if json_out:
        emit_json([o.to_json() for o in collected])
    if collected and all(o.status == "failed" for o in collected):
        raise typer.Exit(failure_exit)


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(metavar="URL...", help="Article URLs to download.")],
    json_out: JsonOpt = False,
) -> None:
    """Download article pages, extract them, store and index them."""
    from newscli.archive.archive import Archive
    from newscli.fetch import Fetcher
    from newscli.sync.ingest import fetch_urls
    from newscli.urls import looks_like_url

    for url in urls:
        if not looks_like_url(url):
            raise UsageError(f"not a web address: {url[:200]!r} (give http:// or https:// URLs)")
    fetcher = Fetcher.from_settings(state().load_settings())
    with Archive(state().home, create=True) as archive:
        _report(fetch_urls(archive, urls, fetcher), json_out, EXIT_NETWORK)


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Saved HTML files or folders of them.")],
    url: Annotated[str | None, typer.Option("--url", help="The page's original URL (for a single file).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Ingest saved HTML pages (no network)."""
    from newscli.archive.archive import Archive
    from newscli.sync.ingest import import_paths

    _refuse_special_files(paths)
    if url and (len(paths) > 1 or paths[0].is_dir()):
        error("--url names one page: give a single file with it")
        raise typer.Exit(2)
    with Archive(state().home, create=True) as archive:
        _report(import_paths(archive, paths, url, state().load_settings().max_bytes), json_out, EXIT_NOTHING)


def _refuse_special_files(paths: list[Path]) -> None:
    """A device, FIFO or socket named on the command line is a usage error
    (/dev/zero has no end, a FIFO may never be written to)."""
    import errno
    import stat

    from newscli.config import short_path

    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:   # (the message echoed all 5,000 characters)
                raise UsageError(f"{short_path(path)}: file name too long") from None
            continue   # missing or unreadable: that file's own failure line
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise UsageError(f"{short_path(path)} is not a regular file or a folder; give saved HTML files")


@app.command()
def extract(
    url: Annotated[str | None, typer.Option("--url", help="The page's URL (helps with relative links and site recipes).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Extract one page read from stdin; print its body text (or the article as JSON). Stores nothing."""
    from newscli.sync.ingest import html_from_bytes, page_to_article

    if sys.stdin.isatty():
        error("give the page on stdin: news extract < page.html")
        raise typer.Exit(2)
    max_bytes = state().load_settings().max_bytes
    html = html_from_bytes(sys.stdin.buffer.read(max_bytes + 1), max_bytes)
    article = page_to_article(html, url or "")
    if json_out:
        emit_json(article.to_json(with_text=True))
    else:
        sys.stdout.write(article.text + "\n")


@app.command()
def reextract(
    site: SiteOpt = None,
    since: SinceOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary object.")] = False,
) -> None:
    """Read the stored pages again with today's recipes and extractor (offline).

    The articles whose fields come out different are updated in the store and
    the index; a field the new reading lacks keeps its stored value. Reports how
    many changed and which fields. An interrupted run resumes where it stopped.
    """
    from newscli.archive.archive import Archive
    from newscli.cli.options import make_filters
    from newscli.errors import EXIT_INTERRUPTED
    from newscli.sync.reextract import reextract as run_reextract

    filters = make_filters(site=site, since=since)
    with Archive(state().home, create=True) as archive:
        report = run_reextract(archive, filters)
    if json_out:
        emit_json(report.to_json())
    else:
        if report.resumed_after:
            warn("resumed the interrupted run")
        sys.stdout.write(report.summary() + "\n")
        if report.kept:
            warn("kept stored values the pages no longer give: "
                 + ", ".join(f"{name} ({n})" for name, n in report.kept.most_common()))
    if report.interrupted:
        error("interrupted; `news reextract` again resumes where it stopped")
        raise typer.Exit(EXIT_INTERRUPTED)
