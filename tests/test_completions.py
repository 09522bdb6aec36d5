"""The completion scripts in completions/ must match what the app generates."""

from pathlib import Path

import pytest

from newscli.cli.admin import completion_script

FOLDER = Path(__file__).parent.parent / "completions"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_current(shell, cli):
    printed = cli("completions", shell)
    assert printed.code == 0
    assert printed.stdout == completion_script(shell)
    assert (FOLDER / f"news.{shell}").read_text() == printed.stdout, (
        "completions/ is out of date: run `make completions`"
    )


def test_completion_lists_commands(news):
    result = news(env={"_NEWS_COMPLETE": "complete_bash", "COMP_WORDS": "news se", "COMP_CWORD": "1"})
    assert "search" in result.stdout
