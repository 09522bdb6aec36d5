"""Ctrl-C at a safe point: the one way news defers an interrupt.

A write that must land whole (a batch of articles, a ticker reading) runs
inside :func:`interrupts_deferred`; the interrupt takes effect when it is done.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def interrupts_deferred(on_interrupt: Callable[[], None] | None = None,
                        signals: tuple[int, ...] = (signal.SIGINT,)) -> Iterator[None]:
    """Hold ``signals`` during the block. With ``on_interrupt``, the first
    signal calls it (the caller stops at its next safe point) and a second
    raises KeyboardInterrupt at once; without, the signal is delivered to the
    handler it had when the block ends. Outside the main thread (where no
    handler can be set) the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum, frame) -> None:
        if on_interrupt is None:
            caught.append(signum)
        elif caught:
            raise KeyboardInterrupt
        else:
            caught.append(signum)
            on_interrupt()

    previous = {sig: signal.signal(sig, hold) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if on_interrupt is None:
            for sig in dict.fromkeys(caught):
                handler = previous[sig]
                if callable(handler):
                    handler(sig, None)
