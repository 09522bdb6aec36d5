"""The index's place on disk, safe for searches that run beside a writer.

Whoosh alone gets two things wrong when several processes share an index:

1. A commit merges segments and deletes the files it no longer needs at once.
   The segments are written with ``compound=False``, whose files (stored
   fields, field lengths, sort columns) a reader opens only when it first
   needs them, so a search running beside a sync's commit failed with a
   FileNotFoundError (or a TypeError deep in Whoosh), or silently scored
   without field lengths. Here a commit's deletions are deferred: each file
   it drops is noted in a journal (``.retired``) with the time, and deleted
   by a later write once :data:`GRACE` seconds have passed, far longer than
   any search takes.

2. A rebuild must replace the whole index at once. ``index`` is a symlink to
   a generation directory ``index-N``; a rebuild fills ``index-N+1`` and
   swaps the link with ``os.replace`` (atomic), so a reader finds the old
   index or the new one, never none. A reader resolves the link once, when
   it opens the index, so the generation it reads stays whole; a replaced
   generation is marked retired and deleted after the same grace.

Every function that changes anything here runs under the data home's write
lock. Whoosh is imported inside functions (commands that never search start
fast).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.filedb.filestore import FileStorage

GRACE = 60.0                   # seconds a dropped file or generation is kept for readers
JOURNAL = ".retired"           # in a generation: "<time> <file name>" lines
RETIRED_MARK = ".retired-at"   # in a replaced generation: when it was replaced
LEGACY_LEFTOVERS = (".new", ".old")  # what the two-rename rebuild of earlier versions left
_GENERATION = re.compile(r"-(\d+)$")


@lru_cache(maxsize=1)
def _deferring_storage_class() -> type[FileStorage]:
    from whoosh.filedb.filestore import FileStorage

    class DeferringStorage(FileStorage):
        """A FileStorage whose deletions are noted in the journal, not done.
        (Whoosh asks again at every commit for each file still there.)"""

        _noted: set[str] | None = None

        def delete_file(self, name: str) -> None:
            journal = Path(self.folder) / JOURNAL
            if self._noted is None:
                self._noted = set(_read_journal(journal))
            if name not in self._noted:
                with open(journal, "a", encoding="utf-8") as f:
                    f.write(f"{time.time():.3f} {name}\n")
                self._noted.add(name)

    return DeferringStorage


def _read_journal(journal: Path) -> dict[str, float]:
    noted: dict[str, float] = {}
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return noted
    for line in lines:
        stamp, _, name = line.partition(" ")
        try:
            noted.setdefault(name, float(stamp))
        except ValueError:
            continue  # a line cut short by a crash
    return noted


class IndexDir:
    """The ``index`` link of a data home and the generations beside it."""

    def __init__(self, link: Path):
        self.link = link

    # -- reading ----------------------------------------------------------------

    def current(self) -> Path | None:
        """The directory the index is in now (resolved once: keep using it), or None."""
        try:
            target = self.link.resolve(strict=True)
        except (FileNotFoundError, RuntimeError, NotADirectoryError):
            return None
        return target if target.is_dir() else None

    def files(self) -> list[Path]:
        """The files of the index now: the current generation's, less those
        its commits dropped (kept :data:`GRACE` seconds for readers)."""
        current = self.current()
        if current is None:
            return []
        dropped = _read_journal(current / JOURNAL)
        return [f for f in current.iterdir() if f.is_file() and f.name not in dropped and f.name != JOURNAL]

    def storage(self, directory: Path):
        """Whoosh storage for ``directory`` (deletions deferred, see the module doc)."""
        return _deferring_storage_class()(str(directory))

    def generations(self) -> list[Path]:
        """Every ``index-N`` directory, oldest first."""
        return [p for _, p in self._numbered()]

    def _numbered(self) -> list[tuple[int, Path]]:
        """(N, directory) of every ``index-N`` directory, oldest first."""
        found = [(int(m.group(1)), p) for p in self.link.parent.glob(self.link.name + "-*")
                 if (m := _GENERATION.search(p.name)) and p.is_dir() and not p.is_symlink()]
        return sorted(found)

    def leftovers(self) -> list[Path]:
        """What an interrupted rebuild left: generations that are neither the
        current one nor retired (a build killed before its swap), and the
        ``.new``/``.old`` directories of earlier versions. Retired generations
        are not leftovers: the next write deletes them once their grace is over."""
        current = self.current()
        found = [g for g in self.generations() if g != current and not (g / RETIRED_MARK).exists()]
        found += [p for p in (self.link.with_name(self.link.name + s) for s in LEGACY_LEFTOVERS) if p.exists()]
        return found

    # -- writing (under the data home's write lock) -------------------------------

    def new_generation(self) -> Path:
        """A new, empty generation directory (not yet the current one)."""
        self.link.parent.mkdir(parents=True, exist_ok=True)
        numbers = [n for n, _ in self._numbered()]
        path = self.link.with_name(f"{self.link.name}-{max(numbers, default=0) + 1}")
        path.mkdir()
        return path

    def publish(self, generation: Path) -> None:
        """Make ``generation`` the current index in one atomic step; the one it
        replaces is retired (deleted by a later write, after the grace)."""
        previous = self.current()
        if self.link.is_dir() and not self.link.is_symlink():
            # An index from before generations: move it aside first. Readers miss
            # the index for the moment between the two renames, this one time only.
            legacy = self.new_generation()
            legacy.rmdir()
            os.rename(self.link, legacy)
            previous = legacy
        temporary = self.link.with_name(f".{self.link.name}-link-{os.getpid()}")
        temporary.unlink(missing_ok=True)
        os.symlink(generation.name, temporary)
        os.replace(temporary, self.link)
        if previous is not None and previous != generation:
            (previous / RETIRED_MARK).write_text(f"{time.time():.3f}\n")

    def collect(self, now: float | None = None) -> None:
        """Delete what readers can no longer be using: files dropped by commits
        and retired generations, once :data:`GRACE` seconds old; generations
        left by a killed build are retired now (a reader may have found one
        through a link that a crash left half-swapped)."""
        now = time.time() if now is None else now
        current = self.current()
        for generation in self.generations():
            if generation == current:
                continue
            mark = generation / RETIRED_MARK
            try:
                retired_at = float(mark.read_text().strip() or 0)
            except (OSError, ValueError):
                mark.write_text(f"{now:.3f}\n")
                continue
            if now - retired_at >= GRACE:
                shutil.rmtree(generation, ignore_errors=True)
        for suffix in LEGACY_LEFTOVERS:
            shutil.rmtree(self.link.with_name(self.link.name + suffix), ignore_errors=True)
        for temporary in self.link.parent.glob(f".{self.link.name}-link-*"):
            temporary.unlink(missing_ok=True)  # a publish killed before its swap
        if current is not None:
            self._collect_files(current, now)

    @staticmethod
    def _collect_files(directory: Path, now: float) -> None:
        journal = directory / JOURNAL
        noted = _read_journal(journal)
        if not noted:
            return
        keep = {}
        for name, stamp in noted.items():
            if now - stamp < GRACE:
                keep[name] = stamp
                continue
            try:
                (directory / name).unlink()
            except FileNotFoundError:
                pass
        if len(keep) == len(noted):
            return
        rewritten = directory / (JOURNAL + ".tmp")
        rewritten.write_text("".join(f"{stamp:.3f} {name}\n" for name, stamp in keep.items()),
                             encoding="utf-8")
        os.replace(rewritten, journal)
