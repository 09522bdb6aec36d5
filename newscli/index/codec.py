"""How news writes index segments: Whoosh's codec (W3Codec) with short
posting lists kept in the terms table, as that codec means to, and posting
pools that spill to disk in chunks.

Most words of a news archive are rare: in a segment, most terms have one
or two postings. W3Codec writes each term's postings as a block of their
own in the postings file (pickled, zlib-compressed, with a header), and its
option to inline short lists into the term's entry instead does not work:
its test (fewer postings than the limit, 1 by default) inlines only empty
lists, and a higher limit calls a method that does not exist (``set_inline``
for ``set_inlined``). Here lists of up to INLINE_LIMIT postings are inlined;
W3Codec reads them back as it would its own (a ListMatcher).

The codec object is pickled with each segment: renaming this module or its
classes is an index format change (bump index.INDEX_VERSION).

A writer gathers a segment's postings in a pool; past its size limit the pool
is sorted and written to a temporary run file, and the runs are merged when
the segment is written. A reindex spills tens of runs per sub-writer, and
Whoosh writes and reads them one posting at a time (a pickle call each: a
third of a sub-writer's time). :func:`writer_options` makes the runs be
written and read a chunk of postings per call (marshal); the same postings
come back in the same order. Run files live only while a segment is written.
"""

from __future__ import annotations

import marshal
from itertools import islice

import newscli.index.lean  # noqa: F401  (first: Whoosh without what it never uses)

# isort: split
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter

# Postings inlined per term at most. (Measured: see benchmarks/RESULTS.md.)
INLINE_LIMIT = 8


class InliningCodec(W3Codec):
    def __init__(self, inlinelimit: int = INLINE_LIMIT):
        super().__init__(inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return _InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                       compression=self._compression, inlinelimit=self._inlinelimit)


class _InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or not 0 < len(self) <= self._inlinelimit:
            return super().finish_postings()
        terminfo, self._terminfo = self._terminfo, None
        terminfo.add_block(self)
        # A value for every posting (b"" where the format stores none), as the
        # readers of a block give: merging segments copies them as bytes.
        values = self._values or [b""] * len(self._ids)
        terminfo.set_inlined(self._ids, self._weights, values)
        return terminfo


# Postings per record of a run file. (Measured: see benchmarks/RESULTS.md.)
RUN_CHUNK = 512


def _write_run(pool, f, items) -> None:
    """PostingPool._write_run, a chunk of postings per marshal record (its
    length first); ``items`` is a sorted list, or an iterator when runs are
    merged."""
    items = iter(items)
    while chunk := list(islice(items, RUN_CHUNK)):
        data = marshal.dumps(chunk)
        f.write(len(data).to_bytes(8, "little"))
        f.write(data)
    f.close()


def _read_run(pool, path):
    """PostingPool._read_run for runs written by :func:`_write_run`."""
    f = pool._open_run(path)
    try:
        # (Each record is read whole and then decoded: marshal.load on a file
        # reads it a few bytes per call, slower than the decoding itself.)
        while size := f.read(8):
            yield from marshal.loads(f.read(int.from_bytes(size, "little")))
    finally:
        f.close()
        pool._remove_run(path)


def writer_options(**options) -> dict:
    """What every writer of news's index is given: this codec, and segments
    as separate files (``compound=False``; why: see the index module); and
    posting pools that spill in chunks (the module doc)."""
    from whoosh.writing import (
        PostingPool,  # (here: a search never writes, and never loads it)
    )

    PostingPool._write_run, PostingPool._read_run = _write_run, _read_run
    return {"compound": False, "codec": InliningCodec(), **options}
