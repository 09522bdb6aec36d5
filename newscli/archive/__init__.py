"""The archive: one data home's store of record (SQLite) and its index, in step.

    archive.py      store + index kept in step; every write under the write lock
    store.py        articles, pages, small facts (the SQLite file)
    schema.py       the schema, its migrations, how a store file is opened
    filters.py      what list, export and search select
    breaking_log.py every ticker line seen and the article it names
    lock.py         one writer per data home
    keeping.py      news new, export and prune
    doctor.py       drift between store and index, found and mended
"""
