"""Whoosh's BM25F, with each segment's field lengths read in one go.

BM25F needs the length of the field of every posting it scores. Whoosh looks
each one up with a seek and a one-byte read through its Python file layer
(~17 us); ranking a common word means scoring thousands of postings, and the
lookups cost more than the formula. Here the lengths of a field in a segment
are read once, as one block, the first time a query scores that field there.
The scores are Whoosh's to the last bit: the same bytes, decoded the same way.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

# Whoosh's decoding of a length byte; 0 (no length stored) reads as 1, the
# default BM25F asks for.
_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


class BM25FBlockLengths(BM25F):
    """BM25F whose scorers find field lengths in a list. Make one per
    searcher: it keeps the lists of the segments it has scored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lengths: dict[tuple[int, str], tuple[object, list[int]]] = {}

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            lengths = self._field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer

    def _field_lengths(self, reader, fieldname: str) -> list[int] | None:
        """Every document's length of ``fieldname`` in one segment's reader;
        None where the reader is not a plain segment (Whoosh's own lookup then)."""
        key = (id(reader), fieldname)
        if key in self._lengths:
            return self._lengths[key][1]
        lengths = None
        perdoc = getattr(reader, "_perdoc", None)
        column = getattr(perdoc, "_cached_reader", None) and perdoc._cached_reader(
            _lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None and hasattr(column, "_dbfile") and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
            doccount = reader.doc_count_all()
            lengths = [_LENGTH_OF_BYTE[b] for b in raw] + [1] * max(0, doccount + 1 - len(raw))
        self._lengths[key] = (reader, lengths)   # (the reader kept: its id stays its own)
        return lengths
