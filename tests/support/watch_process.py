"""`news breaking --watch` as a real process whose output is read while it runs."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time

from conftest import news_executable
from processes import default_sigint


class WatchProcess:
    """Start ``news ARGS``; read its stdout line by line as it is written
    (a reader thread per stream), interrupt it like Ctrl-C."""

    def __init__(self, *args: str, env: dict | None = None):
        self.proc = subprocess.Popen(
            [news_executable(), *map(str, args)], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
            preexec_fn=default_sigint,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr_lines: list[str] = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr_lines.append),
                         daemon=True).start()

    @staticmethod
    def _pump(stream, put) -> None:
        for raw in iter(stream.readline, b""):
            put(raw.decode("utf-8", "replace").rstrip("\n"))

    def line(self, timeout: float = 15.0) -> str:
        """The next stdout line; fails the test if none comes in time."""
        try:
            return self.stdout.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output line within {timeout}s; stderr: {self.stderr_lines}") from None

    def lines(self, n: int, timeout: float = 15.0) -> list[str]:
        return [self.line(timeout) for _ in range(n)]

    def quiet_for(self, seconds: float) -> list[str]:
        """Whatever stdout lines arrive within ``seconds`` (expected: none)."""
        deadline = time.monotonic() + seconds
        got = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                got.append(self.stdout.get(timeout=left))
            except queue.Empty:
                break
        return got

    def wait_for(self, condition, timeout: float = 15.0, what: str = "condition") -> None:
        """Poll ``condition()`` until true (the process's state shows in a server log or stderr)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not met within {timeout}s; stderr: {self.stderr_lines}")
            time.sleep(0.05)

    def interrupt(self, timeout: float = 10.0) -> int:
        """Ctrl-C (SIGINT) and the exit status."""
        self.proc.send_signal(signal.SIGINT)
        return self.wait(timeout)

    def wait(self, timeout: float = 15.0) -> int:
        return self.proc.wait(timeout=timeout)

    @property
    def stderr(self) -> str:
        return "\n".join(self.stderr_lines)

    def __enter__(self) -> WatchProcess:
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def watch_breaking(base_url: str, *args: str, env: dict | None = None) -> WatchProcess:
    """`news breaking --watch` on a site at ``base_url``, polling fast (tests only)."""
    return WatchProcess("breaking", "--base-url", base_url, "--watch", "--interval", "0.2", *args, env=env)
