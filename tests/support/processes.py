"""Starting the `news` processes that tests interrupt."""

from __future__ import annotations

import signal


def default_sigint() -> None:
    """For ``preexec_fn``: the child gets SIGINT's default handling even when the
    test run ignores it (a background job, ``trap '' INT``), so Python in the
    child turns Ctrl-C into KeyboardInterrupt as it does at a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
