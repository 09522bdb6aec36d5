"""Looking after the data home and the shell: reindex, completions."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from newscli.cli.app import app, state


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def reindex() -> None:
    """Rebuild the search index from the store."""
    import sys

    from newscli.archive import Archive
    from newscli.render import console

    with Archive(state().home, create=True) as archive, archive.writing():
        total = archive.store.count()
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=console(stderr=True), transient=True) as bar:
                task = bar.add_task("indexing", total=total)
                n = archive.reindex(lambda done: bar.update(task, completed=done))
        else:
            n = archive.reindex()
    console(stderr=True).print(f"indexed {n} articles", markup=False)


def completion_script(shell: str) -> str:
    """The completion script for ``shell``, generated from the app itself."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="news", complete_var="_NEWS_COMPLETE", shell=shell)


@app.command()
def completions(shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.")]) -> None:
    """Print the shell completion script (e.g. `news completions bash > ~/.local/share/bash-completion/completions/news`)."""
    typer.echo(completion_script(shell.value), nl=False)
