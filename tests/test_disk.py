"""A full disk and a read-only data home: one clear line, the store left as
it was, reading still works, and the next run after the trouble completes.

Real conditions, not simulated: a small tmpfs mount for the full disk (when
this machine lets the tests mount one) and RLIMIT_FSIZE on the `news`
process otherwise; a read-only data home by chmod as a normal user, by a
read-only bind mount as root (where chmod does not stop writes)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import PAGES, news_executable
from replica import Replica


def news(home: Path, *args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([news_executable(), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NEWS_HOME": str(home)},
                          preexec_fn=limit if limit_file_size else None)


def snapshot(home: Path) -> list[dict]:
    result = news(home, "list", "--limit", "0", "--json")
    assert result.returncode == 0, result.stderr
    return sorted(json.loads(result.stdout), key=lambda a: a["id"])


def one_error_line(result, fragment: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def sync(home: Path, replica: Replica, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return news(home, "sync", "--base-url", replica.base_url, "--rate", "0", *args, **kwargs)


def fill_then_recover(home: Path, replica: Replica, **limit) -> None:
    """Sync a little, then sync the rest with no room left: one line; what was
    stored is untouched and readable; doctor finds only what it can mend;
    with room again, the next sync and doctor --repair complete the work."""
    assert sync(home, replica, "--limit", "3").returncode == 0
    before = snapshot(home)
    full = sync(home, replica, **limit)
    assert full.returncode == 4, full   # (EXIT_STORAGE)
    one_error_line(full, "the disk holding the data home")
    after = snapshot(home)
    assert [a for a in after if a["id"] in {b["id"] for b in before}] == before
    doctor = json.loads(news(home, "doctor", "--json").stdout)
    assert all(p["repairable"] for p in doctor["problems"]), doctor
    assert news(home, "search", "the", "--limit", "1").returncode == 0


@pytest.fixture
def replica():
    with Replica(articles=40) as running:
        yield running


@contextmanager
def tmpfs(size: str):
    """A fresh tmpfs of ``size`` (skips the test where mounting is not allowed)."""
    mount_point = Path(tempfile.mkdtemp(prefix="news-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not permitted'})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def test_full_disk_on_a_small_tmpfs(replica, tmp_path):
    with tmpfs("700k") as disk:
        home = disk / "home"
        fill_then_recover(home, replica)
        saved = tmp_path / "home"
        shutil.copytree(home, saved, symlinks=True)
    home = saved                                   # the same home on a disk with room
    repaired = news(home, "doctor", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert sync(home, replica).returncode == 0
    assert len(snapshot(home)) == len(replica.wanted())
    assert news(home, "doctor").returncode == 0


def test_file_size_limit_stops_a_sync_cleanly(replica, tmp_path):
    """RLIMIT_FSIZE: every write past the limit fails (EFBIG), the way a full
    disk fails them, whoever runs the tests."""
    home = tmp_path / "home"
    fill_then_recover(home, replica, limit_file_size=256 * 1024)
    assert sync(home, replica).returncode == 0
    assert len(snapshot(home)) == len(replica.wanted())
    assert news(home, "doctor", "--repair").returncode == 0


def test_reindex_on_a_full_disk_keeps_the_old_index(replica, tmp_path):
    home = tmp_path / "home"
    assert sync(home, replica, "--limit", "15").returncode == 0
    found = news(home, "search", "the", "--json").stdout
    failed = news(home, "reindex", limit_file_size=48 * 1024)   # the store opens; the new index does not fit
    assert failed.returncode == 4, failed   # (EXIT_STORAGE)
    one_error_line(failed, "the disk holding the data home")
    assert news(home, "search", "the", "--json").stdout == found
    assert news(home, "doctor").returncode == 0       # no half-built index left behind
    assert sorted(p.name for p in home.glob("index-*")) == [(home / "index").resolve().name]


@contextmanager
def read_only(path: Path):
    """Make ``path`` read-only for `news`: chmod for a normal user; as root,
    whom chmod does not stop, a read-only bind mount (or skip)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if not p.is_symlink()}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    bound = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip("running as root, where chmod does not stop writes, and a read-only bind mount "
                    f"is not allowed here ({bound.stderr.strip()})")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_read_only_data_home_reads_and_refuses_writes(replica, tmp_path):
    home = tmp_path / "home"
    assert sync(home, replica, "--limit", "5").returncode == 0
    before = snapshot(home)
    some_id = before[0]["id"]
    with read_only(home):
        for args in (("list",), ("search", "the"), ("read", some_id, "--no-pager"), ("stats",),
                     ("doctor",), ("tags",), ("new", "--peek")):
            result = news(home, *args)
            assert result.returncode == 0, (args, result.stderr)
        assert snapshot(home) == before
        for args in (("sync", "--base-url", replica.base_url, "--rate", "0"), ("import", str(PAGES / "generic_article.html")),
                     ("reindex",), ("prune", "--older-than", "1d"), ("doctor", "--repair"), ("new",),
                     ("star", some_id)):
            result = news(home, *args)
            assert result.returncode == 2, (args, result)
            one_error_line(result, f"cannot write to the data home {home}")
    assert snapshot(home) == before
    assert news(home, "doctor").returncode == 0


@pytest.mark.parametrize("what", ["file", "dangling symlink"])
def test_a_data_home_that_is_not_a_directory(tmp_path, what):
    home = tmp_path / "home"
    if what == "file":
        home.write_text("not a directory")
    else:
        home.symlink_to(tmp_path / "nowhere" / "at-all")
    for args in (("import", str(PAGES / "generic_article.html")), ("list",), ("search", "x"), ("stats",),
                 ("doctor",)):
        result = news(home, *args)
        assert result.returncode == 2, (args, result)
        one_error_line(result, f"data home {home} is ")
