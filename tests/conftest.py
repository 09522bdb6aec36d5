"""Shared fixtures: a temp data home, the CLI in-process and as a real process,
and a real HTTP server on 127.0.0.1 serving test pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "pages"
# The Al Mayadeen replica (`replica` fixture; tests/support/replica); tests import it as
# `from replica import Replica`.
pytest_plugins = ["replica.fixtures"]


# What makes a test need more than the interpreter it runs in (make test-fast leaves these out).
_PROCESS_FIXTURES = {"news"}
_SERVER_FIXTURES = {"server", "replica"}
_PROCESS_WORDS = ("subprocess", "pexpect", "Popen", "multiprocessing")
_SERVER_WORDS = ("ThreadingHTTPServer", "MiniSite", "Replica(", "PageServer", "from web import")


def pytest_collection_modifyitems(items) -> None:
    """Mark tests `process` or `server` by the fixtures they use and by what their
    module starts, so `make test-fast` can run the rest alone."""
    sources: dict[str, str] = {}
    for item in items:
        path = str(item.path)
        if path not in sources:
            sources[path] = item.path.read_text(encoding="utf-8")
        names = set(getattr(item, "fixturenames", ()))
        if names & _PROCESS_FIXTURES or any(word in sources[path] for word in _PROCESS_WORDS):
            item.add_marker(pytest.mark.process)
        if names & _SERVER_FIXTURES or any(word in sources[path] for word in _SERVER_WORDS):
            item.add_marker(pytest.mark.server)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty data home (and config dir) for one test."""
    path = tmp_path / "home"
    monkeypatch.setenv("NEWS_HOME", str(path))
    monkeypatch.setenv("NEWS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return path


class Result:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"Result(code={self.code}, stdout={self.stdout[:300]!r}, stderr={self.stderr[:300]!r})"


@pytest.fixture
def cli(home):
    """Run `news ARGS` in-process (Typer's runner); returns a Result."""
    from typer.testing import CliRunner

    from newscli.cli import app

    def run(*args: str, input: str | bytes | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def news_executable() -> str:
    exe = Path(sys.executable).parent / "news"
    return str(exe) if exe.exists() else shutil.which("news") or "news"


@pytest.fixture
def news(home):
    """Run the installed `news` executable in a subprocess; returns a Result."""

    def run(*args: str, input: str | bytes | None = None, timeout: float = 60, env: dict | None = None) -> Result:
        data = input.encode() if isinstance(input, str) else input
        proc = subprocess.run(
            [news_executable(), *map(str, args)], input=data, capture_output=True, timeout=timeout,
            env={**os.environ, **(env or {})},
        )
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))

    return run


class PageServer:
    """A real HTTP server on 127.0.0.1 (random port). ``routes`` maps a path to
    (status, headers, body bytes); anything else is a 404. Requests are logged."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                status, headers, body = server.routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body: str | bytes, status: int = 200, headers: dict | None = None) -> str:
        self.routes[path] = (status, headers or {}, body.encode("utf-8") if isinstance(body, str) else body)
        return self.base + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    srv = PageServer()
    yield srv
    srv.close()


def processes_with(marker: bytes) -> list[int]:
    """Pids of the running processes whose environment holds ``marker``
    (e.g. b"NEWS_HOME=/tmp/..."): a command and every helper process it started."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids
