"""`news breaking`: the site's breaking-news ticker, now, stored, or watched."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, emit_json_line, nothing_found, state, warn
from newscli.cli.options import MAX_LIMIT, complete_recipe, finite_seconds
from newscli.errors import EXIT_INTERRUPTED, UsageError

HISTORY_LIMIT = 50


@app.command()
def breaking(
    site: Annotated[str | None, typer.Argument(metavar="[SITE]", autocompletion=complete_recipe, help="Site recipe (default: the configured site; see `news sites`).")] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", metavar="URL", help="Read the site at this address (a mirror).")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Show the stored history; no network.")] = False,
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="History first seen since: 6h, 2d, yesterday, 2024-05-30.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, max=MAX_LIMIT, metavar="N", help="History: at most this many (0: no limit).")] = HISTORY_LIMIT,
    watch: Annotated[bool, typer.Option("--watch", "-w", help="Keep polling; print each new item as it appears.")] = False,
    interval: Annotated[float, typer.Option("--interval", min=0.1, max=7 * 86400, callback=finite_seconds, metavar="SECONDS", help="Seconds between polls (a little jitter is added).")] = 60.0,
    count: Annotated[int, typer.Option("--count", min=0, max=MAX_LIMIT, metavar="N", help="Watch: stop after N new items (0: never).")] = 0,
    match: Annotated[list[str] | None, typer.Option("--match", metavar="WORDS", help="Only items containing any of these words (case and accents ignored).")] = None,
    bell: Annotated[bool, typer.Option("--bell", help="Watch: ring the terminal bell on new items.")] = False,
    notify: Annotated[bool, typer.Option("--notify", help="Watch: a desktop notification on new items (notify-send).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (watch: one object per line, flushed at once).")] = False,
) -> None:
    """Breaking news: the site's ticker now (new items marked), the stored
    history (--offline, --since), or a watch that prints each new item as it
    appears (--watch; Ctrl-C stops it). Every item seen is kept."""
    from newscli.breaking.keys import match_words
    from newscli.breaking.watch import history

    words = match_words(match)
    since_dt = _since(since)
    if watch and (offline or since):
        raise UsageError("--watch shows what appears from now on: it takes neither --offline nor --since")
    if offline:
        from newscli.archive.archive import Archive

        with Archive(state().home) as archive:
            items = history(archive, site, since_dt, limit or None, words)
        _show(items, json_out, mark_new=False,
              empty="no breaking news stored" + (" in that time" if since else " yet; try `news breaking`"))
        return
    from newscli.archive.archive import Archive

    recipe = _recipe(site, base_url)
    with Archive(state().home, create=True) as archive:
        ticker = _ticker(archive, recipe, watch, interval)
        if watch:
            _watch(ticker, interval, count, words, bell, notify, json_out)
            return
        items = [item for item in ticker.poll() if _matches(item, words)]
        if since_dt:
            fresh = {item.id for item in items if item.new}
            items = history(archive, recipe.name, since_dt, limit or None, words)
            for item in items:
                item.new = item.id in fresh
    _show(items, json_out, mark_new=True,
          empty="no ticker items match" if words else "the ticker is empty")


def _since(text: str | None):
    from newscli.dates import parse_user_date

    return parse_user_date(text) if text else None


def _recipe(site: str | None, base_url: str | None):
    from newscli.sites import get_recipe

    recipe = get_recipe(site or state().load_settings().site)
    return recipe.with_base_url(base_url) if base_url else recipe


def _ticker(archive, recipe, watch: bool, interval: float):
    """A Ticker with a polite fetcher: a watch retries little inside one poll
    (its own loop backs off) and asks with the last validators."""
    from newscli.breaking.watch import Ticker
    from newscli.fetch import Fetcher

    settings = state().load_settings()
    # One page per poll: --interval is its pace, not the sync's per-host rate.
    fetcher = Fetcher.from_settings(settings, rate=0, retries=1 if watch else 2, backoff=min(1.0, interval))
    return Ticker(archive, recipe, fetcher, conditional=watch)


def _matches(item, words) -> bool:
    from newscli.breaking.keys import matches

    return matches(item.text, words)


def _show(items, json_out: bool, mark_new: bool, empty: str) -> None:
    if json_out:
        emit_json([item.to_json() for item in items])
        return
    if not items:
        nothing_found(empty)
    from newscli.render.breaking import breaking_table
    from newscli.render.console import show

    show(breaking_table(items, mark_new=mark_new))


# -- the watch ------------------------------------------------------------------


def _watch(ticker, interval: float, count: int, words: list[str], bell: bool, notify: bool,
           json_out: bool) -> None:
    """Run the watch loop until Ctrl-C (exit 130) or --count new items (exit 0)."""
    import shutil
    import signal

    from newscli.render.console import console

    if notify and shutil.which("notify-send") is None:
        warn("--notify needs notify-send (libnotify), which is not installed; going on without it")
        notify = False
    live = console().is_terminal and not json_out
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        if live:
            _watch_live(ticker, interval, count, words, bell, notify)
        else:
            _watch_lines(ticker, interval, count, words, bell, notify, json_out)
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _events(ticker, interval: float, words: list[str]):
    """The watch's events with --match applied to their items."""
    from newscli.breaking.watch import watch

    for event in watch(ticker.poll, interval):
        event.items = [item for item in event.items if _matches(item, words)]
        yield event


def _watch_lines(ticker, interval, count, words, bell, notify, json_out) -> None:
    """Plain lines or JSON Lines, oldest first, each flushed as it comes."""
    from newscli.render.breaking import plain_line

    def emit(item) -> None:
        if json_out:
            emit_json_line(item.to_json())
        else:
            sys.stdout.write(plain_line(item) + "\n")
            sys.stdout.flush()

    shown = 0
    last_problem = None
    for event in _events(ticker, interval, words):
        if event.kind == "failed":
            if event.message != last_problem:  # one line per kind of trouble, not per poll
                warn(f"{event.message}; trying again in {_seconds(event.retry_in)} (and backing off)")
            last_problem = event.message
        elif event.kind == "recovered":
            last_problem = None
            sys.stderr.write(f"news: the ticker answers again after {event.failures} failed polls\n")
            sys.stderr.flush()
        for item in reversed(event.items):
            emit(item)
        if event.kind == "new" and event.items:
            _alert(event.items, bell, notify)
            shown += len(event.items)
            if count and shown >= count:
                return


def _seconds(value: float) -> str:
    return f"{value:.1f}s" if value < 10 else f"{value:.0f}s"


def _watch_live(ticker, interval, count, words, bell, notify) -> None:
    """A Rich live view on the terminal, kept until Ctrl-C or --count."""
    from rich.live import Live

    from newscli.render.breaking import LiveView
    from newscli.render.console import console

    out = console()
    view = LiveView(ticker.recipe.name, ticker.url, height=out.height)
    shown = 0
    with Live(view, console=out, refresh_per_second=4, redirect_stderr=False):
        for event in _events(ticker, interval, words):
            if event.kind == "failed":
                view.failed(event.message, event.retry_in)
            elif event.kind == "checked":
                view.checked_ok(event.retry_in)
                rows = ticker.archive.store.breaking.rows(ids=[item.id for item in view.items])
                view.relink({row["id"]: row["article_id"] for row in rows})
            elif event.items:
                view.show(event.items, fresh=event.kind == "new")
            if event.kind == "new" and event.items:
                _alert(event.items, bell, notify)
                shown += len(event.items)
                if count and shown >= count:
                    return


def _alert(items, bell: bool, notify: bool) -> None:
    """The terminal bell and/or a desktop notification for new items."""
    terminal = sys.__stderr__   # None when started without a stderr: no bell then
    if bell and terminal is not None:
        terminal.write("\a")
        terminal.flush()
    if notify:
        import subprocess

        from newscli.textclean import clean_line

        body = "\n".join(clean_line(item.text) for item in items[:5])
        subprocess.Popen(["notify-send", "--app-name=news", "Breaking news", body],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
