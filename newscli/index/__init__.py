"""The Whoosh full-text index: a view of the store that can always be rebuilt.

    index.py       the Index: open, add, delete, rebuild, search, suggest
    schema.py      the fields, an article as a document, INDEX_VERSION
    analysis.py    per-language analysers (English, Arabic, Spanish, generic)
    query.py       the query language: fields, operators, dates, did-you-mean
    planning.py    filters as queries, date ranges as term unions, collectors
    phrases.py     phrases checked on word positions
    scoring.py     BM25F, a posting block at a time
    snippets.py    passages around the query's words
    facets.py      facet counts and the timeline as JSON and periods
    writers.py     reindex on every core: sub-writers and their merge
    codec.py       how segments are written (short posting lists inlined)
    generations.py index generations swapped atomically, leftovers collected
    lean.py        Whoosh imported without what it never uses (import first)
"""
