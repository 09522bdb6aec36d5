"""Build (once) and cache the benchmark archives.

For each size, under ``benchmarks/.cache/``:
- ``home-N/``: a data home (``news.db`` + ``index/``) built through the
  project's own APIs: ``Store.upsert`` for every article (with its page HTML,
  as sync stores it) and ``Index.add`` in batches of ``BATCH``, one commit per
  batch, which leaves the multi-segment index an archive grown by syncs has;
- ``fts-N.db``: the same texts in SQLite FTS5 (porter stemming, bm25 with the
  same field weights) -- the "what SQLite alone would cost" baseline;
- ``export-N/``: one text file per article -- the grep baseline.

The cache key is the corpus version and the index schema: change either and
the next run rebuilds. (A newer store schema needs no rebuild: ``Store.open``
migrates the cached store forward, once, before anything is measured.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import corpus

CACHE = Path(__file__).resolve().parent / ".cache"
BATCH = 1000


def cache_key() -> str:
    """Changes whenever the archive built today would differ from a cached one."""
    from newscli.index import codec as index_codec
    from newscli.index import index

    schema = index.build_schema()
    fields = [(name, type(f).__name__, _stable(repr(getattr(f, "analyzer", None))))
              for name, f in schema.items()]
    # (The merge policy decides the segments an archive grown batch by batch
    # has; the writer options, how each is written.)
    options = {name: _stable(repr(value)) + repr(getattr(value, "__dict__", ""))
               for name, value in index_codec.writer_options().items()}
    blob = json.dumps([corpus.GENERATOR_VERSION, index.INDEX_VERSION, fields,
                       index.MERGE_FACTOR, index.MERGE_LIMIT, options], default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def _stable(text: str) -> str:
    """A repr without memory addresses."""
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def _generate(n: int):
    article = corpus.article(n)
    return article, corpus.page_html(article)


def articles(start: int, stop: int, chunksize: int = 64):
    """(article, html) for start..stop-1, generated on every core."""
    with Pool(os.cpu_count() or 2) as pool:
        yield from pool.imap(_generate, range(start, stop), chunksize=chunksize)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_home(path: Path, count: int) -> None:
    """Build in ``path``.tmp, then rename. An interrupted build resumes: the
    index (written after the store, batch by batch) says how far it got."""
    from newscli.archive.store import Store
    from newscli.index.index import Index

    tmp = path.with_name(path.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    index = Index(tmp / "index")
    done = index.doc_count() if index.exists() else 0
    if done:
        log(f"  home-{count}: resuming after {done} articles")
    batch = []
    with Store.open(tmp / "news.db") as store:
        for n, (article, html) in enumerate(articles(done, count), done + 1):
            store.upsert(article, html)
            batch.append(article)
            if len(batch) == BATCH:
                index.add(batch)
                batch = []
                log(f"  home-{count}: {n} articles, {time.perf_counter() - start:.0f} s")
        if batch:
            index.add(batch)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index.close()
    tmp.rename(path)


def build_fts(db: Path, home: Path) -> None:
    tmp = db.with_name(db.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript("""
        CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, published_utc TEXT);
        CREATE INDEX meta_published ON meta(published_utc);
        CREATE VIRTUAL TABLE docs USING fts5(title, summary, text, tags,
            tokenize = 'porter unicode61 remove_diacritics 2');
    """)
    conn.execute("ATTACH ? AS src", (str(home / "news.db"),))
    with conn:
        conn.execute("INSERT INTO meta SELECT rowid, id, title, published_utc FROM src.articles")
        conn.execute("""INSERT INTO docs (rowid, title, summary, text, tags)
                        SELECT rowid, title, summary, text, tags FROM src.articles""")
    conn.execute("DETACH src")
    conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    conn.close()
    tmp.rename(db)


def build_export(folder: Path, home: Path) -> None:
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    conn = sqlite3.connect(home / "news.db")
    for article_id, title, tags, text in conn.execute("SELECT id, title, tags, text FROM articles"):
        tag_line = ", ".join(json.loads(tags))
        (tmp / f"{article_id}.txt").write_text(f"{title}\nTags: {tag_line}\n\n{text}\n", encoding="utf-8")
    conn.close()
    tmp.rename(folder)


class Archive:
    """The cached archive of ``count`` articles (built on first use)."""

    def __init__(self, count: int):
        self.count = count
        self.root = CACHE / f"{cache_key()}-{count}"
        self.home = self.root / "home"
        self.fts = self.root / "fts.db"
        self.export = self.root / "export"

    def ensure(self) -> Archive:
        from newscli.archive.store import Store

        if not self.home.exists():
            log(f"building the {self.count}-article archive (cached in {self.root}) ...")
            start = time.perf_counter()
            build_home(self.home, self.count)
            log(f"  built in {time.perf_counter() - start:.0f} s")
        Store.open(self.home / "news.db").close()  # migrate a cached store, not in a timed run
        if not self.fts.exists():
            build_fts(self.fts, self.home)
        if not self.export.exists():
            build_export(self.export, self.home)
        return self

    def scratch_home(self, name: str) -> Path:
        """A data home sharing this archive's store (hard link: read-only use)
        but with an index of its own, for commands that rebuild the index."""
        path = self.root / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
        try:
            os.link(self.home / "news.db", path / "news.db")
        except OSError:
            shutil.copy2(self.home / "news.db", path / "news.db")
        return path


if __name__ == "__main__":
    for size in map(int, sys.argv[1:] or ["10000"]):
        Archive(size).ensure()
