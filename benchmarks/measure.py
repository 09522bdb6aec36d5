"""Timing child processes: wall time and peak memory, medians over runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    seconds: float
    maxrss_mb: float  # the child's peak resident set (and its reaped children's)


@dataclass
class Case:
    """One command measured several times."""

    name: str
    argv: list[str]
    env: dict | None = None
    ok_codes: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.maxrss_mb for s in self.samples)


class CommandFailed(RuntimeError):
    pass


def run_once(argv: list[str], env: dict | None = None, ok_codes=(0,), stdout=None) -> Sample:
    """Run ``argv`` to completion (stdout discarded unless a file is given; never
    a TTY); time it and read its peak memory from wait4(2)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout or subprocess.DEVNULL,
                                stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            err.seek(0)
            raise CommandFailed(f"{' '.join(argv)} exited {proc.returncode}: "
                                f"{err.read().decode('utf-8', 'replace')[-800:]}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def measure(cases: list[Case], repeat: int, warmup: int = 1) -> list[Case]:
    """Run every case ``warmup + repeat`` times, interleaved (case A, B, C, A,
    B, C, ...) so a noisy moment hits all of them alike; keep the timed runs."""
    for round_ in range(warmup + repeat):
        for case in cases:
            sample = run_once(case.argv, case.env, case.ok_codes)
            if round_ >= warmup:
                case.samples.append(sample)
    return cases
