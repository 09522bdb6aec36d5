"""The writers of `news reindex`: Whoosh's multi-process writer, made safe.

Indexing is pure Python: one writer uses one core. Whoosh's MpWriter hands
documents to sub-writer processes; as shipped, its sub-writers print a
traceback on Ctrl-C, wait for work forever when the writer is cancelled or
its process killed (and the exit waits for them), and a failed one prints
a traceback and its documents are dropped without a word. Here a failed
sub-writer hands its error to news (a full disk then reads as one clear
line), and Index.rebuild counts the documents of one that was killed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sys
from multiprocessing import Queue

from whoosh.multiproc import MpWriter, SubWriterTask

from newscli.index.codec import writer_options

# `news reindex` analyses in this many processes at most (each with a 32 MB
# posting pool, ~75 MB in all): twice the speed of one on two cores.
REINDEX_PROCESSES = 2


def rebuild_writer(ix):
    """The writer of `news reindex`: Whoosh's multi-process writer, its
    sub-writers each leaving one segment (merging them would cost as much as
    the indexing), or on a single core one writer. (Posting pools: 256 MB made
    a 10k reindex peak at 364 MB RSS; 64 MB at 132 MB, for ~15% less speed.)"""
    processes = min(os.cpu_count() or 1, REINDEX_PROCESSES)
    if processes < 2:
        return ix.writer(**writer_options(limitmb=64))
    return _ParallelWriter(ix, procs=processes, multisegment=True, **writer_options(limitmb=32))


class _SubWriter(SubWriterTask):
    """Whoosh's sub-writer process, serving like news's other helper processes
    (workers.serve): Ctrl-C is the parent's to handle, and it exits if the
    parent is killed (else it would wait for documents forever). An error is
    sent to the parent, not printed, and the rest of the work is taken off the
    queue so that the parent never waits on a full one."""

    def __init__(self, *args, errors: Queue):
        super().__init__(*args)
        self.errors = errors
        self.main_pid = os.getpid()   # (set in news, before the fork)
        self.daemon = True            # news's exit ends it rather than waits for it

    def run(self):
        from newscli.workers import serve

        serve(self.main_pid, parent=self.main_pid)
        jobs = self.jobqueue = _Jobs(self.jobqueue)
        try:
            super().run()
        except Exception as exc:
            try:
                pickle.dumps(exc)
            except Exception:
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            self.errors.put(exc)
            while not jobs.ended:
                jobs.get()
            sys.exit(1)


class _Jobs:
    """A sub-writer's job queue, knowing whether its end (None) was taken."""

    def __init__(self, jobs: Queue):
        self.jobs = jobs
        self.ended = False

    def get(self):
        job = self.jobs.get()
        self.ended = job is None
        return job


class _ParallelWriter(MpWriter):
    """MpWriter whose sub-writers are _SubWriter, and stopped when it is
    cancelled (MpWriter.cancel only flags its own copies of them: they would
    wait for work forever, and the process exit would wait for them), and
    whose commit raises the first error of a failed sub-writer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors = Queue()

    def _new_task(self):
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                          self.multisegment, errors=self.errors)
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self):
        for task in self.tasks:
            task.terminate()
        for task in self.tasks:
            task.join()
        # An interrupt that lands inside jobqueue.put can leave its feeder
        # thread waiting forever, and the exit would join it (a hang after
        # "interrupted", seen in 1 of 100 interrupted puts).
        self.jobqueue.cancel_join_thread()
        super().cancel()

    def commit(self, *args, **kwargs):
        super().commit(*args, **kwargs)
        if any(task.exitcode for task in self.tasks):
            try:
                raise self.errors.get(timeout=1)
            except queue.Empty:
                pass   # killed, not failed: Index.rebuild counts what was lost


def cancel_rebuild(writer) -> None:
    """Stop a rebuild wherever it was, its commit included (interrupted
    there, the sub-writers went on indexing into a removed directory)."""
    if not writer.is_closed:   # (closed: the commit had finished)
        with contextlib.suppress(Exception):   # the error on its way out is the one to tell
            writer.cancel()


def commit_rebuild(writer) -> None:
    """One segment from a single writer; one per sub-writer from MpWriter
    (merging them would cost about what indexing them did)."""
    writer.commit(optimize=not isinstance(writer, MpWriter))
