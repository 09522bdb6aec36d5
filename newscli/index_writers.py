"""The writers of `news reindex`: Whoosh's multi-process writer, made safe.

Indexing is pure Python: one writer uses one core. Whoosh's MpWriter hands
documents to sub-writer processes; as shipped, its sub-writers print a
traceback on Ctrl-C, wait for work forever when the writer is cancelled or
its process killed (and the exit waits for them), and a crashed one's
documents are dropped without a word (Index.rebuild counts them).
"""

from __future__ import annotations

import os

from whoosh.multiproc import MpWriter, SubWriterTask

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
        return ix.writer(compound=False, limitmb=64)
    return _ParallelWriter(ix, procs=processes, multisegment=True, compound=False, limitmb=32)


class _SubWriter(SubWriterTask):
    """Whoosh's sub-writer process, serving like news's other helper processes
    (workers.serve): Ctrl-C is the parent's to handle, and it exits if the
    parent is killed (else it would wait for documents forever)."""

    def run(self):
        from newscli.workers import serve

        serve(os.getppid())
        super().run()


class _ParallelWriter(MpWriter):
    """MpWriter whose sub-writers are _SubWriter, and stopped when it is
    cancelled (MpWriter.cancel only flags its own copies of them: they would
    wait for work forever, and the process exit would wait for them)."""

    def _new_task(self):
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                          self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self):
        for task in self.tasks:
            task.terminate()
        for task in self.tasks:
            task.join()
        super().cancel()


def commit_rebuild(writer) -> None:
    """One segment from a single writer; one per sub-writer from MpWriter
    (merging them would cost about what indexing them did)."""
    writer.commit(optimize=not isinstance(writer, MpWriter))
