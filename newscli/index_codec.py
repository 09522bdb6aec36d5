"""The Whoosh codec news writes segments with: Whoosh's own (W3Codec), with
short posting lists kept in the terms table, as that codec means to.

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
"""

from __future__ import annotations

import newscli.whoosh_lean  # noqa: F401  (first: Whoosh without what it never uses)
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


def writer_options(**options) -> dict:
    """What every writer of news's index is given: this codec, and segments
    as separate files (``compound=False``; why: see the index module)."""
    return {"compound": False, "codec": InliningCodec(), **options}
