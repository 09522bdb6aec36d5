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
from contextlib import contextmanager
from pathlib import Path

from newscli.errors import NewsError


class LockTimeout(NewsError):
    """Another news process kept the data home busy for too long."""


@contextmanager
def write_lock(path: Path, timeout: float = 120.0, on_wait=None):
    """Hold the exclusive write lock on ``path`` for the duration of the block.

    ``on_wait(holder)`` is called once if we have to wait.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not warned and on_wait:
                    on_wait(_holder(fd))
                    warned = True
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another news process ({_holder(fd) or 'unknown'}) is writing to "
                        f"{path.parent}; gave up after {timeout:.0f}s"
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
