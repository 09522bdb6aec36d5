"""One writer at a time per data home.

SQLite in WAL mode lets readers run beside a writer, but the Whoosh index
allows a single writer and raises LockError at once otherwise. Every command
that writes takes this advisory lock first; it waits (with a timeout and a
message saying who holds it) instead of failing.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from newscli.errors import EXIT_BUSY, NewsError


class LockTimeout(NewsError):
    """Another news process kept the data home busy for too long."""

    exit_code = EXIT_BUSY


# How long a writer waits for another (NEWS_LOCK_TIMEOUT overrides), and after
# how long it says so: the lock is usually free again within a sync batch.
LOCK_TIMEOUT = 120.0
NOTICE_AFTER = 1.0
_wait_notice: Callable[[str], None] | None = None


def set_wait_notice(notice: Callable[[str], None] | None) -> None:
    """What to call (with the holder, "pid N") when a writer has waited
    :data:`NOTICE_AFTER` seconds; the command line shows a warning."""
    global _wait_notice
    _wait_notice = notice


def lock_timeout() -> float:
    try:
        return float(os.environ.get("NEWS_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT


@contextmanager
def write_lock(path: Path, timeout: float | None = None, on_wait: Callable[[str], None] | None = None):
    """Hold the exclusive write lock on ``path`` for the duration of the block.

    ``on_wait(holder)`` (default: the notice set by :func:`set_wait_notice`) is
    called once if we wait longer than :data:`NOTICE_AFTER` seconds.
    """
    timeout = lock_timeout() if timeout is None else timeout
    on_wait = on_wait or _wait_notice
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        started = time.monotonic()
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if not warned and on_wait and NOTICE_AFTER <= waited < timeout:
                    on_wait(_holder(fd) or "unknown")
                    warned = True
                if waited >= timeout:
                    raise LockTimeout(
                        f"another news process ({_holder(fd) or 'unknown'}) is writing to "
                        f"{path.parent}; gave up after {timeout:g}s (NEWS_LOCK_TIMEOUT sets how long to wait)"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
