"""What every helper process news starts does first (extraction workers,
reindex sub-writers)."""

from __future__ import annotations

import os
import signal
import threading
import time


def serve(main_pid: int) -> None:
    """Leave Ctrl-C to the main process (it stops the work at a safe point
    and ends its helpers; a KeyboardInterrupt here would print a traceback),
    and exit within a second once the main process is gone (killed outright,
    it cannot end us, and we would wait for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

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
