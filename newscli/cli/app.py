"""The Typer application, global options, and how errors become exit codes.

Command modules (articles, ingest, ...) register on ``app``; they parse,
call the core modules, and hand results to :mod:`newscli.render` or
:func:`emit_json`. Nothing here imports whoosh, requests or readability.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from newscli import __version__
from newscli.archive.lock import lock_timeout, set_wait_notice
from newscli.config import Home, Settings, default_home
from newscli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NOTHING, NewsError

if TYPE_CHECKING:
    from typer.models import CommandInfo

# The order of `news --help`: the daily commands first, housekeeping last.
COMMAND_ORDER = (
    "sync", "search", "read", "list", "new", "tags", "breaking", "fetch", "import", "open",
    "star", "unstar", "export", "extract", "stats", "follow", "unfollow", "sites", "prune", "doctor", "reindex", "completions",
)


class NewsGroup(TyperGroup):
    """Runs a command and turns known failures into one stderr line and an exit code."""

    def list_commands(self, ctx):
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(rank)))

    def format_commands(self, ctx, formatter):
        """The command list of `news --help`, without building every command."""
        commands = self.commands
        if not isinstance(commands, LazyCommands):
            return super().format_commands(ctx, formatter)
        self.commands = commands.for_listing()
        try:
            return super().format_commands(ctx, formatter)
        finally:
            self.commands = commands

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsError as exc:
            from newscli.archive.store import Ambiguous, NotFound

            if isinstance(exc, Ambiguous):
                report_ambiguous(exc)
            elif isinstance(exc, NotFound) and nothing_stored():
                error(NOTHING_STORED)   # `news read ID` in a home never synced
            else:
                error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            error("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # `news list | head`: the reader left; that is not an error.
            _silence_stdout()
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get("NEWS_DEBUG"):
                raise
            if type(exc).__module__.startswith(("typer", "click")):
                raise  # usage errors: Click prints them and exits 2
            known = _state.home.explain(exc) if _state else None   # a full disk, a read-only home
            if known is not None:
                error(str(known))
                raise typer.Exit(known.exit_code) from None
            error(f"internal error: {type(exc).__name__}: {exc} (NEWS_DEBUG=1 shows the traceback; please report it)")
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    name="news",
    cls=NewsGroup,
    help="Read, keep and search the news offline, in the terminal.",
    rich_markup_mode=None,        # plain help: fast to start, no Rich import
    pretty_exceptions_enable=False,
    add_completion=False,         # `news completions SHELL` instead
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    home: Home
    settings: Settings | None = None

    def load_settings(self) -> Settings:
        if self.settings is None:
            self.settings = Settings.load()
        return self.settings


def _version(value: bool) -> None:
    if value:
        typer.echo(f"news {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    home: Annotated[
        str | None,   # (not a Path: Path("") is ".", and --home "" made the cwd the data home)
        typer.Option("--home", envvar="NEWS_HOME", metavar="PATH",
                     help="Data home (store and index). Default: the platform's user data dir."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Read, keep and search the news offline, in the terminal.

    Start with `news sync`, then `news list`, `news search "Putin Macron"`,
    `news read ID`. Every command but sync, fetch and live breaking works
    offline. Add --json to any listing for machine-readable output.
    """
    global _state
    # An empty --home means the default, as an empty NEWS_HOME does.
    _state = State(Home(Path(home).expanduser() if home else default_home()))
    set_wait_notice(_waiting_for_writer)


def _waiting_for_writer(holder: str) -> None:
    warn(f"another news process ({holder}) is writing to {state().home.path}; "
         f"waiting for it (at most {lock_timeout():g}s)")


_state: State | None = None


def state() -> State:
    """The global options of the running command (set by the callback above)."""
    assert _state is not None, "state() called outside a command"
    return _state


# -- output -----------------------------------------------------------------


def emit_json(data) -> None:
    """One JSON document on stdout (UTF-8, no colour, ever)."""
    from newscli.textclean import safe_json

    sys.stdout.write(safe_json(data, indent=2) + "\n")
    sys.stdout.flush()


def emit_json_line(data) -> None:
    """One JSON Lines record, flushed at once (for streams piped into jq)."""
    from newscli.textclean import safe_json

    sys.stdout.write(safe_json(data) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    from newscli.textclean import clean_line

    sys.stderr.write(f"news: error: {clean_line(message)}\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    from newscli.textclean import clean_line

    sys.stderr.write(f"news: warning: {clean_line(message)}\n")
    sys.stderr.flush()


def report_ambiguous(exc) -> None:
    error(f"id prefix {exc.prefix!r} matches several articles; give more characters:")
    for article in exc.candidates[:20]:
        from newscli.textclean import clean_line

        sys.stderr.write(f"  {article.id}  {(article.published or '')[:10]:10}  {clean_line(article.title)[:70]}\n")


NOTHING_STORED = "no articles stored yet; try `news sync`"


def nothing_stored() -> bool:
    """Is the data home without a single article (never synced)? Read-only,
    and cheap: it is asked only on the way to a 'nothing found' message."""
    import sqlite3
    from contextlib import closing

    db = state().home.db_path
    if not db.exists():
        return True
    try:
        with closing(sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            # Articles deleted (prune) leave their last number in meta: that home was synced.
            return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS "
                                "(SELECT 1 FROM meta WHERE key = 'last_added_seq')").fetchone()[0] == 1
    except sqlite3.Error:
        return False


def stored_sites() -> set[str]:
    """The sites articles are stored under (read-only; empty for a new home)."""
    import sqlite3
    from contextlib import closing

    db = state().home.db_path
    if not db.exists():
        return set()
    try:
        with closing(sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            return {row[0] for row in conn.execute("SELECT DISTINCT site FROM articles")}
    except sqlite3.Error:
        return set()


def nothing_found(message: str) -> None:
    """Exit 1 with a message: the contract for 'no hit' and 'unknown id'."""
    error(message)
    raise typer.Exit(EXIT_NOTHING)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _declared_name(info: CommandInfo) -> str:
    """A Typer command's name: the one given, else its function's (as Typer names it)."""
    from typer.main import get_command_name

    if info.name:
        return info.name
    assert info.callback is not None  # @app.command() registers the function it decorates
    return get_command_name(info.callback.__name__)


class LazyCommands(MutableMapping):
    """The commands of a group by name, each built into a Click command from
    its Typer declaration when first looked up. Typer builds all twenty up
    front (signatures, type hints, Click parameters: ~30 ms); a run needs one."""

    def __init__(self, typer_app: typer.Typer):
        self._app = typer_app
        # None: a command set directly (already built), not declared through Typer.
        self._declared: dict[str, CommandInfo | None] = {
            _declared_name(info): info for info in typer_app.registered_commands}
        self._built: dict = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            from typer.main import get_command_from_info

            info = self._declared[name]
            assert info is not None  # only commands set directly have none, and those are built
            command = get_command_from_info(
                info, pretty_exceptions_short=self._app.pretty_exceptions_short,
                rich_markup_mode=self._app.rich_markup_mode)
            command.params.append(home_after_command())
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command) -> None:
        self._declared.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._declared[name]
        self._built.pop(name, None)

    def __iter__(self):
        return iter(self._declared)

    def __len__(self) -> int:
        return len(self._declared)

    def for_listing(self) -> dict:
        """Commands as a help listing needs them: those not built yet as plain
        Click commands with the same help (what the listing shows), no parameters."""
        import inspect

        from typer.core import TyperCommand

        def light(name: str, info):
            help_ = inspect.cleandoc(info.help) if info.help is not None else inspect.getdoc(info.callback)
            return TyperCommand(name=name, help=help_, short_help=info.short_help, hidden=info.hidden,
                                deprecated=info.deprecated, rich_markup_mode=self._app.rich_markup_mode)

        return {name: self._built.get(name) or light(name, info) for name, info in self._declared.items()}


def home_after_command():
    """``--home`` after the command (`news list --home X`), as well as before it.
    The group's callback has run by then; this one replaces the home it chose.
    Hidden: the help of every command stays the one Typer builds."""
    from typer.core import TyperOption

    def chosen(ctx, param, value) -> None:
        if value is not None and _state is not None:
            _state.home = Home(Path(value).expanduser())

    return TyperOption(param_decls=["--home"], metavar="PATH", expose_value=False, callback=chosen,
                       is_eager=True, hidden=True)


def click_group():
    """``app`` as a Click group whose commands are built only when used."""
    import copy

    from typer.main import get_group

    bare = copy.copy(app)
    bare.registered_commands = []   # the group itself: global options and callback
    group = get_group(bare)
    group.commands = LazyCommands(app)
    return group


def main() -> None:
    """Console-script entry point."""
    if "_NEWS_COMPLETE" in os.environ:  # the shell asks for completions
        from typer.completion import completion_init

        completion_init()
    try:
        click_group()(prog_name="news")
    except KeyboardInterrupt:  # pressed before a command started
        error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    finally:
        # Python's shutdown runs full garbage collections over every object
        # left (Whoosh, Rich, Typer: ~20 ms of a 200 ms search). Frozen objects
        # are skipped; the process is ending, and atexit handlers still run.
        gc.freeze()


def open_sites(archive):
    """The sites of the archive's store (a new data home follows the default recipe)."""
    from newscli.sites.followed import Sites

    return Sites(archive.store, state().load_settings().site)
