"""`news sync`: fetch a site's new articles into the archive (the one crawling command)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from newscli.cli.app import app, emit_json, error, state, warn
from newscli.errors import EXIT_INTERRUPTED, EXIT_NETWORK, UsageError

LISTED_FAILURES = 5


@app.command()
def sync(
    names: Annotated[Optional[list[str]], typer.Argument(
        metavar="[NAME]...", help="Sites (see `news sites`). Default: every site followed (a new data home "
        "follows `site` in config.toml, else almayadeen-en).")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only the sites whose next check has come.")] = False,
    base_url: Annotated[Optional[str], typer.Option(
        "--base-url", metavar="URL", help="Read the site from this mirror instead (same paths).")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=0, metavar="N", help="Fetch at most this many articles (0: no limit); the rest stays queued.")] = 0,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="DATE", help="Skip monthly sitemaps and dated URLs older than this: 2024-05-30, 2024-05, 7d.")] = None,
    section: Annotated[Optional[str], typer.Option(
        "--section", metavar="NAME", help="Only this section: its landing page and the URLs under its path (politics, news/politics).")] = None,
    rate: Annotated[Optional[float], typer.Option(
        "--rate", min=0, metavar="R", help="Requests per second per host. Default: `rate` in config.toml, else 1; 0: no delay (a local mirror).")] = None,
    concurrency: Annotated[Optional[int], typer.Option(
        "--concurrency", min=1, max=32, metavar="N", help="Requests in flight. Default: `concurrency` in config.toml, else 2.")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Revalidate every monthly sitemap, not only the recent and changed ones.")] = False,
    user_agent: Annotated[Optional[str], typer.Option(
        "--user-agent", metavar="UA", help="Send this User-Agent instead of news's own.")] = None,
    cookies: Annotated[Optional[str], typer.Option(
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
    from newscli.archive.archive import Archive
    from newscli.dates import parse_user_date
    from newscli.fetch import Fetcher
    from newscli.sites import get_recipe
    from newscli.sync.runner import SyncOptions
    from newscli.sync.runner import sync as run_sync
    from newscli.sync.discovery import Section
    from newscli.cli.follow import plan_sync, poll_followed

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
    if section and recipe.sections and not Section.resolve(recipe, section).landing:
        known = ", ".join(p.rsplit("/", 1)[-1] for p in recipe.sections)
        warn(f"{recipe.name} has no section page {section!r} (it knows: {known}); "
             f"taking the URLs with a {section.strip('/')!r} folder")
    fetcher = Fetcher.from_settings(settings, rate=rate, user_agent=user_agent, cookies=cookies)
    with Archive(state().home, create=True) as archive:
        if sys.stderr.isatty():
            with ProgressBar() as on_progress:
                report = run_sync(archive, recipe, fetcher, options, on_progress)
        else:
            report = run_sync(archive, recipe, fetcher, options)
        from newscli.cli.follow import record_recipe_poll

        record_recipe_poll(archive, report)
    _finish(report, json_out)


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
        warn(f"{report.stopped}; run `news sync` later to fetch the {report.waiting} URLs still queued")
    if report.interrupted:
        error(f"interrupted; {report.waiting} URLs stay queued, `news sync` resumes there")
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


class ProgressBar:
    """A Rich progress bar on stderr (fetched / failed / skipped, rate, ETA);
    entering gives the callback the sync calls after each step."""

    def __enter__(self):
        from rich.progress import (
            BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        from newscli.render.views import console

        class Rate(ProgressColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f}/s" if speed else "  -/s")

        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.fields[counts]}", markup=False),
                            Rate(), TimeRemainingColumn(), console=console(stderr=True), transient=True)
        self.bar.__enter__()
        self.task = self.bar.add_task("starting", total=None, counts="")
        return self.update

    def update(self, report) -> None:
        from newscli.textclean import clean_line

        self.bar.update(
            self.task, description=clean_line(report.phase)[:48], total=report.queued or None,
            completed=report.attempted,
            counts=f"{report.fetched} fetched · {report.failed_total} failed · {report.skipped} skipped",
        )

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
