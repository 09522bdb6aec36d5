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
            if os.getppid() != parent:   # our parent died (it may be main, not yet reaped)
                os._exit(1)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="news-watch-main").start()
