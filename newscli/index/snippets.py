"""Snippets: the passages of a hit's body around the words the query looks for,
the words wrapped in MARK_START/MARK_END for the renderer to highlight."""

from __future__ import annotations

from newscli.textclean import clean_line


def positive_terms(query) -> set[tuple[str, str]]:
    """(field, term) of every word the query looks for, not those after NOT."""
    from whoosh import query as q

    if isinstance(query, q.Not):
        return set()
    if isinstance(query, q.AndNot):
        return positive_terms(query.a)
    if query.is_leaf():
        return {(f, t.decode("utf-8") if isinstance(t, bytes) else t) for f, t in query.iter_all_terms(phrases=True)}
    return set().union(*(positive_terms(child) for child in query.children()))


def snippet(terms: set[tuple[str, str]], language: str, body: str) -> str:
    """Up to two passages of ``body`` around the query's words (each word of
    the body analysed as the article's language analyses it, so stems match),
    else the start of the body."""
    import re

    from newscli.index.analysis import (
        TOKEN_PATTERN,
        could_become,
        language_of,
        term_function,
    )

    if not body:
        return ""
    language = language_of(language, body)
    fields = (f"title_{language}", f"body_{language}")
    words = {term for field_name, term in terms if field_name in fields}
    if words:
        term_of = term_function(language)
        maybe = could_become(language, words)   # stem only the words that can match: stemming is the cost
        spans = [m.span() for m in re.finditer(TOKEN_PATTERN, body)
                 if maybe(m.group()) and term_of(m.group()) in words]
        if spans:
            return _passages(body, spans)
    return _lead(body)


def _passages(body: str, spans: list[tuple[int, int]], span_chars: int = 160, context: int = 40,
              top: int = 2) -> str:
    """The ``top`` passages with the most different matched words, in text
    order, joined by " … ": each a run of matches at most ``span_chars``
    long plus ``context`` characters either side (whole words), the matches
    wrapped in MARK_START/MARK_END."""
    clusters: list[list[tuple[int, int]]] = []
    for span in spans:
        if clusters and span[1] - clusters[-1][0][0] <= span_chars:
            clusters[-1].append(span)
        else:
            clusters.append([span])

    def variety(cluster):
        return len({body[a:b].lower() for a, b in cluster}), len(cluster)

    best = sorted(sorted(clusters, key=variety, reverse=True)[:top])
    out: list[str] = []
    previous_end = -1
    for cluster in best:
        low = max(0, cluster[0][0] - context)
        low = body.rfind(" ", 0, low) + 1 if low else 0
        cut = body.find(" ", min(len(body), cluster[-1][1] + context))
        high = len(body) if cut < 0 else cut
        low = max(low, previous_end)
        pieces, at = [], low
        for start, end in cluster:
            pieces += [body[at:start], MARK_START, body[start:end], MARK_END]
            at = end
        pieces.append(body[at:high])
        text = " ".join("".join(pieces).split())
        if out and low == previous_end:          # touching the one before: one passage
            out[-1] += " " + text
        else:
            out.append(text)
        previous_end = high
    return " … ".join(out)


def _lead(body: str, chars: int = 160) -> str:
    """The start of the body, cut at a word: the snippet of a hit whose words
    are not in its body (found by title, tag or author)."""
    line = clean_line(body)
    return line if len(line) <= chars else line[:chars].rsplit(" ", 1)[0] + " …"


MARK_START, MARK_END = "\ue000", "\ue001"
