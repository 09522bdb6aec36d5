"""What every helper process news starts does first (extraction workers,
reindex sub-writers)."""

from __future__ import annotations

import os
import signal
import threading
import time


def serve(main_pid: int, parent: int | None = None) -> None:
    """Leave Ctrl-C to the main process (it stops the work at a safe point
    and ends its helpers; a KeyboardInterrupt here would print a traceback),
    and exit within a second once the main process is gone (killed outright,
    it cannot end us, and we would wait for work forever). ``parent``: the
    pid that forked us, when known before we ran (if it was killed before
    this call, os.getppid() already names whoever adopted us)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = parent or os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent or _gone(main_pid):   # our parent died, or main did
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="news-watch-main").start()


def _gone(pid: int) -> bool:
    """Has ``pid`` ended? A process killed but not yet reaped by its parent is
    a zombie: it still answers a signal 0, so its state is read too."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):   # no /proc (not Linux): signal 0 is all we have
        return False
