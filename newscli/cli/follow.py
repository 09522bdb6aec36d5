"""`news follow` and `news unfollow`; the followed sites behind `news sites` and `news sync`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, error, open_sites, state, warn
from newscli.cli.options import JsonOpt
from newscli.errors import EXIT_NETWORK


@app.command()
def follow(
    url: Annotated[str, typer.Argument(help="A feed, a sitemap, a home page or a section page.")],
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="The site's name (default: from the host).")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="T", help="Tag every article of the site (repeatable).")] = None,
    every: Annotated[str | None, typer.Option("--every", metavar="DURATION", help="Poll interval: 30m, 1h, 1d (default 1h; never more often than the site allows).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show the candidates found.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Follow a news site: find its feeds (or sitemaps, or section pages) and poll the best one with `news sync`.

    Discovery: the URL as a feed; <link rel=alternate> feeds; <a> links to feeds;
    the usual feed paths; sitemaps (robots.txt, usual paths); the page's article links.
    """
    from newscli.archive.archive import Archive
    from newscli.fetch import Fetcher
    from newscli.sites.followed import parse_duration
    from newscli.sync.follow import follow as follow_url

    interval = parse_duration(every) if every else None
    fetcher = Fetcher.from_settings(state().load_settings(), retries=1)
    with Archive(state().home, create=True) as archive:
        result = follow_url(open_sites(archive), url, fetcher, name, tag or [], interval, dry_run)
    if json_out:
        emit_json(result.site.to_json() if result.site and not dry_run else
                  {"site": None, "discovery": result.found.to_json() if result.found else None})
    else:
        _print_found(result.found, dry_run)
        sys.stdout.write(_line(result.note) + "\n")
    if result.site is None and not dry_run:
        for problem in (result.found.errors if result.found else [])[:5]:
            warn(problem)
        error(f"nothing to follow at {url}: {result.note}")
        raise typer.Exit(EXIT_NETWORK)


def _print_found(found, dry_run: bool) -> None:
    if found is None:
        return
    for c in found.candidates:
        mark = "*" if found.chosen is c and not dry_run else "-"
        newest = f", newest {c.newest[:16]}" if c.newest else ""
        problem = f" [{c.problem}]" if c.problem else ""
        sys.stdout.write(_line(f"{mark} {c.format:12} {c.url}  ({c.items} items{newest}; {c.found}){problem}") + "\n")
    if found.chosen is not None:
        sys.stdout.write(_line(f"{'best' if dry_run else 'chosen'}: {found.chosen.url}: {found.why}") + "\n")


def _line(text: str) -> str:
    from newscli.textclean import clean_line

    return clean_line(text)


@app.command()
def unfollow(
    name: Annotated[str, typer.Argument(help="A followed site (see `news sites`).")],
    delete: Annotated[bool, typer.Option("--delete", help="Also delete the articles reached only through it.")] = False,
) -> None:
    """Stop polling a site. Its articles stay, unless --delete."""
    from newscli.archive.archive import Archive

    with Archive(state().home, create=True) as archive:
        sites = open_sites(archive)
        site = sites.get(name)
        removed = 0
        if delete:
            ids = sites.only_here(name)
            with archive.writing():   # starred articles stay, as prune keeps them
                deleted = archive.store.delete(ids, keep_starred=True)
                archive.index.delete(deleted)
                removed = len(deleted)
                sites.forget(name)
        sites.remove(name)
    sys.stdout.write(f"unfollowed {site.name}" + (f"; {removed} articles deleted" if delete else
                                                  f"; its {site.articles} articles stay") + "\n")


def list_sites(show_all: bool, json_out: bool) -> None:
    """`news sites`: every site followed (--all: the recipes not followed too)."""
    from newscli.archive.archive import Archive
    from newscli.sites.followed import recipe_sites

    with Archive(state().home, create=True) as archive:
        sites = open_sites(archive)
        rows = sites.all() + (recipe_sites(sites) if show_all else [])
    if json_out:
        emit_json([s.to_json() for s in rows])
        return
    from rich.table import Table
    from rich.text import Text

    from newscli.render.console import console

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("site", overflow="fold")
    for s in rows:
        state_ = "not followed" if s.every is None else f"every {s.to_json()['every']}, {s.status}"
        details = Text(f"{s.kind} · {s.articles} articles · {state_}")
        if s.tags:
            details.append(" · tags: " + ", ".join(s.tags))
        if s.last_error:
            details.append(f" · last error: {s.last_error.get('reason')}", style="red")
        details.append("\n" + (s.url or s.home), style="cyan")
        table.add_row(Text(s.name), details)
    console().print(table)


def export_sites(output) -> None:
    """`news sites export`: the followed sites as OPML 2.0 (stdout, or --output FILE)."""
    from newscli.archive.archive import Archive
    from newscli.sync.opml import export_opml

    with Archive(state().home, create=True) as archive:
        data = export_opml(open_sites(archive).all())
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from newscli.archive.keeping import atomic_output

    with atomic_output(output) as out:
        out.write(data.decode("utf-8"))


def import_sites(files, json_out: bool) -> None:
    """`news sites import FILE...`: follow each subscription (no discovery for a feed)."""
    from newscli.archive.archive import Archive
    from newscli.errors import NewsError, UsageError
    from newscli.fetch import Fetcher
    from newscli.sites.followed import parse_duration
    from newscli.sync.follow import follow as follow_url
    from newscli.sync.opml import read_subscriptions

    if not files:
        raise UsageError("name the files to import: `news sites import FILE...`")
    results = []
    fetcher = Fetcher.from_settings(state().load_settings(), retries=1)
    with Archive(state().home, create=True) as archive:
        sites = open_sites(archive)
        for path in files:
            try:
                subscriptions, skipped = read_subscriptions(path.read_bytes())
            except OSError as exc:
                results.append({"url": str(path), "status": "failed", "site": None,
                                "reason": f"cannot read {path}: {exc.strerror or exc}"})
                continue
            for s in skipped:
                results.append({"url": f"{path}: {s.line}", "status": "skipped", "site": None, "reason": s.reason})
                warn(f"{path}: {s.line}: {s.reason}")
            for sub in subscriptions:
                try:
                    done = follow_url(sites, sub.url, fetcher, sub.name, sub.tags,
                                      parse_duration(sub.every) if sub.every else None, kind=sub.kind)
                except NewsError as exc:
                    results.append({"url": sub.url, "status": "failed", "site": None, "reason": str(exc)})
                    continue
                results.append({"url": sub.url, "status": "added" if done.added else
                                "skipped" if done.site else "failed",
                                "site": done.site.name if done.site else None, "reason": done.note})
    if json_out:
        emit_json(results)
    else:
        for r in results:
            sys.stdout.write(_line(f"{r['status']:8} {r['url']}: {r['reason']}") + "\n")
        added = sum(r["status"] == "added" for r in results)
        sys.stdout.write(f"{added} added, {len(results) - added} not\n")
