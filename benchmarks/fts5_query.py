"""The FTS5 baseline: one query in a fresh process, doing the work `news
search` does -- the total number of hits, the top 20 (bm25 with the same field
weights as the index, or newest first) with their titles and a highlighted
snippet of the body -- and printing them.

    python fts5_query.py DB MATCH [--since ISO] [--until ISO] [--newest]
"""

import argparse
import sqlite3
import sys

WEIGHTS = "3.0, 1.5, 1.0, 1.5"  # title, summary, text, tags: as index.FIELD_BOOSTS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("match")
    parser.add_argument("--since")
    parser.add_argument("--until")
    parser.add_argument("--newest", action="store_true")
    args = parser.parse_args()

    where, params = ["docs MATCH ?"], [args.match]
    if args.since:
        where.append("meta.published_utc >= ?")
        params.append(args.since)
    if args.until:
        where.append("meta.published_utc <= ?")
        params.append(args.until)
    condition = " AND ".join(where)
    order = "meta.published_utc DESC" if args.newest else f"bm25(docs, {WEIGHTS})"
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    joined = "FROM docs JOIN meta ON meta.rowid = docs.rowid"
    total = conn.execute(f"SELECT count(*) {joined} WHERE {condition}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT meta.id, meta.title, snippet(docs, 2, '\ue000', '\ue001', ' … ', 24) "
        f"{joined} WHERE {condition} ORDER BY {order} LIMIT 20", params,
    ).fetchall()
    out = sys.stdout
    for article_id, title, snippet in rows:
        out.write(f"{article_id}  {title}\n    {snippet}\n")
    out.write(f"{len(rows)} of {total} hits\n")
    sys.exit(0 if rows else 1)


if __name__ == "__main__":
    main()
