"""`news sync`: fetch a site's new articles into the archive (the one crawling command)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, error, open_sites, state, warn
from newscli.cli.options import complete_recipe, request_rate
from newscli.errors import EXIT_INTERRUPTED, EXIT_NETWORK, UsageError
from newscli.formats import counted
from newscli.textclean import clean_line

LISTED_FAILURES = 5


@app.command()
def sync(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME]...", autocompletion=complete_recipe, help="Sites (see `news sites`). Default: every site "
        "followed (a new data home follows `site` in config.toml, else almayadeen-en).")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only the sites whose next check has come.")] = False,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL", help="Read the site from this mirror instead (same paths).")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=0, max=1_000_000_000, metavar="N", help="Fetch at most this many articles (0: no limit); the rest stays queued.")] = 0,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Skip monthly sitemaps and dated URLs older than this: 2024-05-30, 2024-05, 7d.")] = None,
    section: Annotated[str | None, typer.Option(
        "--section", metavar="NAME", help="Only this section: its landing page and the URLs under its path (politics, news/politics).")] = None,
    rate: Annotated[float | None, typer.Option(
        "--rate", min=0, callback=request_rate, metavar="R", help="Requests per second per host. Default: `rate` in config.toml, else 1; 0: no delay (a local mirror).")] = None,
    concurrency: Annotated[int | None, typer.Option(
        "--concurrency", min=1, max=32, metavar="N", help="Requests in flight. Default: `concurrency` in config.toml, else 2.")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Revalidate every monthly sitemap, not only the recent and changed ones.")] = False,
    user_agent: Annotated[str | None, typer.Option(
        "--user-agent", metavar="UA", help="Send this User-Agent instead of news's own.")] = None,
    cookies: Annotated[str | None, typer.Option(
        "--cookies", metavar="FILE", help="Send the cookies of this cookies.txt (exported from a browser).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary object.")] = False,
) -> None:
    """Fetch the articles of the sites followed that are not stored yet.

    Each site's entry points are polled (feeds, sitemaps, section pages: see
    `news follow`); a recipe's discovery reads the site's sitemap index, then its
    monthly sitemaps, newest first (section pages when there is no sitemap). Only new or changed URLs are
    fetched; sitemaps are revalidated with conditional GETs. robots.txt is
    honoured, requests are spaced (--rate) and few at once (--concurrency).
    An interrupted sync resumes where it stopped. Exit code 3 when nothing at
    all could be fetched.
    """
    from newscli.dates import parse_user_date
    from newscli.fetch import Fetcher
    from newscli.sites import get_recipe
    from newscli.sync.discovery import Section
    from newscli.sync.runner import SyncOptions

    settings = state().load_settings()
    site = plan_sync(names or [], due)
    options = SyncOptions(limit=limit, since=parse_user_date(since) if since else None, section=section,
                          full=full, concurrency=concurrency or settings.concurrency)
    if site is None:   # followed sites (feeds, sitemaps, section pages) or several at once
        poll_followed(names or [], due, options, base_url, json_out,
                      lambda: Fetcher.from_settings(settings, rate=rate, user_agent=user_agent, cookies=cookies))
        return
    recipe = get_recipe(site)
    if base_url:
        if not base_url.startswith(("http://", "https://")):
            raise UsageError(f"--base-url must be an http(s) URL, not {base_url!r}")
        recipe = recipe.with_base_url(base_url)
    elif recipe.name == "sample":
        _finish(sync_sample(SyncOptions(limit=limit, concurrency=concurrency or settings.concurrency)), json_out)
        return
    if section and recipe.sections and not Section.resolve(recipe, section).landing:
        known = ", ".join(p.rsplit("/", 1)[-1] for p in recipe.sections)
        warn(f"{recipe.name} has no section page {section!r} (it knows: {known}); "
             f"taking the URLs with a {section.strip('/')!r} folder")
    fetcher = Fetcher.from_settings(settings, rate=rate, user_agent=user_agent, cookies=cookies)
    _finish(_run(recipe, fetcher, options), json_out)


def _run(recipe, fetcher, options):
    """One sync run into the data home (a progress bar on a terminal); its report."""
    from newscli.archive.archive import Archive
    from newscli.render.progress import progress_bar
    from newscli.sync.runner import sync as run_sync

    with Archive(state().home, create=True) as archive:
        with progress_bar("starting") as update:
            report = run_sync(archive, recipe, fetcher, options, lambda report: update(
                description=report.phase, total=report.queued or None, completed=report.attempted,
                counts=(f"{report.fetched} fetched · {report.failed_total} failed · {report.skipped} skipped"
                        f" · {report.saved} stored")))
        record_recipe_poll(archive, report)
    return report


def sync_sample(options):
    """Sync the sample site bundled with news, served in-process on 127.0.0.1."""
    from newscli.fetch import Fetcher
    from newscli.sites import get_recipe
    from newscli.sites.sample import NAME, served

    settings = state().load_settings()
    with served() as base:
        recipe = get_recipe(NAME).with_base_url(base)
        return _run(recipe, Fetcher.from_settings(settings, rate=0), options)


@app.command()
def demo(
    site: Annotated[str | None, typer.Argument(
        metavar="[SITE]", help="Site recipe to try first. Default: `site` in config.toml, else almayadeen-en.")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=1, metavar="N", help="List this many of the newest articles.")] = 10,
) -> None:
    """Sync the default site and list the newest articles (what `make run` does).

    When the site cannot be reached (no network, a firewall), says so in one
    line and syncs the sample site bundled with news instead (`news sync
    sample`: a few made-up articles served on 127.0.0.1), so there is always
    something to list, search and read.
    """
    from newscli.fetch import Fetcher
    from newscli.sites import get_recipe
    from newscli.sync.runner import SyncOptions
    from newscli.urls import host_of

    settings = state().load_settings()
    recipe = get_recipe(site or settings.site)
    options = SyncOptions(concurrency=settings.concurrency)
    shown = None
    if recipe.name != "sample":
        report = _run(recipe, Fetcher.from_settings(settings), options)
        if report.interrupted:
            _finish(report, False)
        if not report.nothing_fetched:
            _finish(report, False)
            shown = recipe.name
        else:
            host = host_of(report.base_url)
            reason = (report.error or _why_nothing(report)).removeprefix(
                f"nothing could be fetched from {host}: ").removeprefix(f"cannot reach {host}: ")
            warn(f"{host} cannot be reached ({reason}); "
                 "syncing the sample site bundled with news instead")
    if shown is None:
        _finish(sync_sample(options), False)
        shown = "sample"
    _list_newest(shown, limit)


def _list_newest(site: str, limit: int) -> None:
    from newscli.archive.archive import Archive
    from newscli.archive.filters import Filters
    from newscli.render.articles import article_table
    from newscli.render.console import console

    with Archive(state().home, create=True) as archive:
        articles = archive.store.query(Filters(site=site), limit=limit)
    if articles:
        console().print(article_table(articles))
        word = max((w for w in articles[0].title.split() if w.isalpha()), key=len, default="news")
        sys.stdout.write(
            f"\nNext: `news search {word.lower()}` to search, `news read {articles[0].id[:6]}` to read one, "
            f"`news list --site {site}` for them all, `news --help` for the rest.\n")


def _finish(report, json_out: bool) -> None:
    """Summary, warnings and the exit code."""
    if json_out:
        emit_json(report.to_json())
    elif not report.error:  # an unreachable site is one error line, nothing else
        sys.stdout.write(report.summary() + "\n")
        _warn_failures(report)
    if report.blocked:
        warn(block_advice(report))
    if report.stopped:
        warn(f"{report.stopped}; run `news sync` later to fetch the {counted(report.waiting, 'URL')} still queued")
    if report.interrupted:
        error(f"interrupted; {counted(report.waiting, 'URL')} {'stays' if report.waiting == 1 else 'stay'} queued, `news sync` resumes there")
        raise typer.Exit(EXIT_INTERRUPTED)
    if report.nothing_fetched:
        error(report.error or _why_nothing(report))
        raise typer.Exit(EXIT_NETWORK)


def _warn_failures(report) -> None:
    if report.robots:
        warn(report.robots)
    for failure in report.failures[:LISTED_FAILURES]:
        if not failure["blocked"]:
            warn(f"{failure['url']}: {failure['reason']}")
    rest = report.failed_total - min(len(report.failures), LISTED_FAILURES)
    if rest > 0:
        warn(f"... and {rest} more failures (`news sync --json` lists them)")
    for problem in report.discovery_errors[:LISTED_FAILURES]:
        if not problem["blocked"]:
            warn(f"{problem['url']}: {problem['reason']}")


def block_advice(report) -> str:
    """What a firewall block means and what the user can do about it."""
    from newscli.urls import host_of

    return (f"{host_of(report.base_url)} blocked {report.blocked} request(s) with a firewall or bot "
            "filter (HTTP 403). The blocked pages stay queued; to get past it: wait a while and "
            "run `news sync` again; slow down (--rate 0.2); send another User-Agent "
            "(--user-agent, or user_agent in config.toml); or open the site in a browser, export "
            "its cookies to a cookies.txt and pass --cookies FILE (or cookies in config.toml).")


def _why_nothing(report) -> str:
    from newscli.urls import host_of

    host = host_of(report.base_url)
    if report.blocked:
        return f"nothing could be fetched from {host}: blocked by a firewall or bot filter (HTTP 403)"
    first = (report.failures or report.discovery_errors or [{"reason": "no answer"}])[0]
    return f"nothing could be fetched from {host}: {first['reason']}"


# -- followed sites (news follow): polled together, one summary each --------


def plan_sync(names: list[str], due: bool) -> str | None:
    """The recipe `news sync` runs as it always has (one recipe named, or none
    named and only one recipe followed), else None: poll the followed sites."""
    from newscli.archive.archive import Archive

    if due or len(names) > 1:
        return None
    with Archive(state().home, create=True) as archive:
        sites = open_sites(archive)
        if names:
            site = sites.find(names[0])
            return None if site is not None and site.kind != "recipe" else names[0]
        followed = [s for s in sites.all() if s.status != "gone"]
    if len(followed) == 1 and followed[0].kind == "recipe":
        return followed[0].name
    return None


def poll_followed(names: list[str], due: bool, options, base_url: str | None, json_out: bool, make_fetcher) -> None:
    """`news sync` over followed sites: each polled, a summary each, totals."""
    from newscli.archive.archive import Archive
    from newscli.errors import UsageError
    from newscli.sync.polling import poll

    with Archive(state().home, create=True) as archive:
        sites = open_sites(archive)
        chosen = [sites.get(n) for n in names] if names else [s for s in sites.all() if s.status != "gone"]
        if due:
            chosen = [s for s in chosen if s.due()]
        if base_url and len(chosen) != 1:
            raise UsageError("--base-url needs one site: `news sync NAME --base-url URL`")
        if not chosen:
            if not due:
                gone = [s.name for s in sites.all() if s.status == "gone"]
                raise UsageError(f"no site to poll: {', '.join(gone)} gone (410); `news sync NAME` polls one "
                                 "anyway" if gone else "no site is followed: `news follow URL` first "
                                 "(see `news sites --all`)")
            if json_out:
                emit_json(poll(archive, sites, [], make_fetcher, options).to_json())
            else:
                sys.stdout.write("no site is due yet\n")
            return
        result = poll(archive, sites, chosen, make_fetcher, options, base_url)
    if len(names) == 1:
        for note in getattr(result.reports[0], "notes", []):
            warn(f"{result.reports[0].site}: {note}")
        _finish(result.reports[0], json_out)
        return
    if json_out:
        emit_json(result.to_json())
    for report in result.reports:
        if not json_out:
            sys.stdout.write(clean_line(report.error and f"{report.site}: {report.error}" or report.summary()) + "\n")
            if report.robots and "HTTP 404" in report.robots:
                report.robots = None   # no robots.txt: common, and nothing to act on, for each of many sites
            _warn_failures(report)
        for note in getattr(report, "notes", []):
            warn(f"{report.site}: {note}")
        if report.blocked:
            warn(block_advice(report))
    if any(report.interrupted for report in result.reports):
        error("interrupted; what was queued stays queued, `news sync` resumes there")
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.nothing_polled:
        error("no site could be polled")
        raise typer.Exit(EXIT_NETWORK)


def record_recipe_poll(archive, report) -> None:
    """A recipe's own sync counts as a poll of the followed site of that name."""
    from newscli.sync.polling import record

    sites = open_sites(archive)
    if (site := sites.find(report.site)) is not None:
        record(sites, site, report)
