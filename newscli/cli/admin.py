"""Looking after the data home and the shell: reindex, completions."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from newscli.cli.app import app, state
from newscli.errors import EXIT_STORAGE
from newscli.formats import counted


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def reindex() -> None:
    """Rebuild the search index from the store."""
    from newscli.archive.archive import Archive
    from newscli.render.console import console
    from newscli.render.progress import progress_bar

    with Archive(state().home, create=True) as archive, archive.writing(), \
            progress_bar("indexing", total=archive.store.count()) as update:
        n = archive.reindex(lambda done: update(completed=done))
    console(stderr=True).print(f"indexed {counted(n, 'article')}", markup=False)


def completion_script(shell: str) -> str:
    """The completion script for ``shell``, generated from the app itself."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="news", complete_var="_NEWS_COMPLETE", shell=shell)


@app.command()
def completions(shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.")]) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Example: news completions bash > ~/.local/share/bash-completion/completions/news
    """
    typer.echo(completion_script(shell.value), nl=False)


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option("--repair", help="Mend what is found (takes the write lock).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the store and the index agree (and SQLite's integrity); --repair mends drift.

    Exit 0 when healthy (or everything found was repaired), 1 when problems remain.
    """
    from newscli.archive import doctor as checkup
    from newscli.archive.archive import Archive
    from newscli.cli.app import emit_json
    from newscli.render.console import console

    with Archive(state().home, create=repair) as archive:
        report, drift = checkup.examine(archive)
        if report.problems and (repair or archive.home.writable()):
            # A writer halfway through a batch looks like drift: look again while none writes.
            with archive.writing():
                report, drift = checkup.examine(archive)
                if repair and report.problems:
                    checkup.repair(archive, report, drift)
                    remaining = checkup.examine(archive)[0].problems
                else:
                    remaining = report.problems
        else:
            # Found on a home we may not write to: nothing was looked at twice
            # nor mended, so all of it remains (this said "ok", exit 0).
            remaining = report.problems
    read_only = bool(remaining) and not repair and not archive.home.writable()
    if json_out:
        emit_json({**report.to_json(), "remaining": [p.to_json() for p in remaining],
                   **({"read_only": True} if read_only else {})})
    else:
        out = console()
        for problem in report.problems:
            out.print(f"problem  {problem.check}: {problem.detail}", markup=False)
        for action in report.repaired:
            out.print(f"repaired {action}", markup=False)
        if not remaining:
            out.print(f"ok: {counted(report.articles, 'article')}, store and index agree", markup=False)
        elif read_only:
            out.print(f"not mended: the data home {archive.home.path} is read-only "
                      "(`news doctor --repair` where it can be written)", markup=False, soft_wrap=True)
        elif not repair:
            out.print("run `news doctor --repair` to mend this", markup=False)
    if any(p.check in ("store-integrity", "store-unreadable") for p in remaining):
        raise typer.Exit(EXIT_STORAGE)   # the store of record itself is damaged
    if remaining:
        raise typer.Exit(1)
