"""What the index holds: its fields, an article as a document, and the version
that says when an index on disk was built differently.

Only what search needs is stored (the id and a stamp); hits are turned into
articles by the store. Title and body go to the fields of the article's
language (analysis.py).
"""

from __future__ import annotations

from datetime import datetime

from newscli.model import Article, primary_language
from newscli.textclean import clean_line

# Bump when the schema or analysis changes: `news doctor` then asks for a reindex.
# 2: per-language fields (analysis.py), folded keys, spelling vocabulary, facets column.
# Bump when the schema or analysis changes: `news doctor` then asks for a reindex.
# 2: per-language fields (analysis.py), folded keys, spelling vocabulary, facets column.
# 3: no pairs_* fields (adjacent term pairs: 3x the index, 2.5x the indexing time,
#    merges of segments 2.4x slower; phrases are checked on positions: ExactPhrase).
# 4: the analysers and the codec moved into newscli.index (Whoosh pickles their
#    module paths into every segment: an index of version 3 names modules that
#    are gone).
# 5: the body holds each passage once: the summary only when the text does not
#    already start with it (it was "lead. lead. text": snippets repeated the lead
#    and its words weighed double).
INDEX_VERSION = 5


FACET_SEP, LIST_SEP = "\x1e", "\x1f"


def build_schema():
    from whoosh import columns, fields
    from whoosh.analysis import IDAnalyzer

    from newscli.index.analysis import (
        GENERIC,
        LANGUAGES,
        analyzer_for,
        generic_analyzer,
        keyword_analyzer,
    )

    generic = generic_analyzer()
    per_language = {}
    for lang in (*LANGUAGES, GENERIC):
        analyzer = analyzer_for(lang)
        per_language[f"title_{lang}"] = fields.TEXT(analyzer=analyzer)
        per_language[f"body_{lang}"] = fields.TEXT(analyzer=analyzer)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        stamp=fields.STORED(),
        url=fields.ID(),
        site=fields.ID(analyzer=IDAnalyzer(lowercase=True)),
        lang=fields.ID(analyzer=IDAnalyzer(lowercase=True)),
        authors=fields.TEXT(analyzer=generic),
        source=fields.TEXT(analyzer=generic),
        tags=fields.KEYWORD(analyzer=keyword_analyzer(), scorable=True),
        section=fields.KEYWORD(analyzer=keyword_analyzer()),
        published=fields.DATETIME(sortable=True),
        # The UTC month and day of publication: date filters are unions of these
        # terms (fast posting reads), not numeric ranges over every document.
        month=fields.ID(),
        day=fields.ID(),
        # Every word as written (minus case and accents): prefix expansion and "did you mean".
        spell=fields.TEXT(analyzer=generic, phrase=False),
        # date, section and tags of each document, read for facets without touching the store.
        facets=fields.COLUMN(columns.VarBytesColumn()),
        **per_language,
    )


def document(article: Article) -> dict:
    """The index document of an article: title and body go to the fields of
    the article's language."""
    from newscli.index.analysis import language_of
    from newscli.index.query import naive_utc

    language = language_of(article.lang, f"{article.title} {article.text[:2000]}")
    body = passages(article)
    section = clean_line(article.section)
    doc: dict[str, object] = {
        "id": article.id,
        "stamp": article.fetched or "",
        "url": article.url,
        "site": article.site,
        "lang": primary_language(article.lang) or (language if language == "ar" else ""),
        f"title_{language}": article.title,
        f"body_{language}": body,
        "authors": " ; ".join(article.authors),
        "source": article.source or "",
        "tags": ",".join(article.tags),
        "section": ",".join(s for s in (article.section, article.subsection) if s),
        "spell": "\n".join([article.title, body, " ".join(article.tags), " ".join(article.authors)]),
        "facets": FACET_SEP.join([
            (article.published or "")[:10], section, LIST_SEP.join(clean_line(t) for t in article.tags),
        ]).encode("utf-8"),
    }
    if article.published:
        published = naive_utc(datetime.fromisoformat(article.published))
        doc.update(published=published, month=f"{published:%Y-%m}", day=f"{published:%Y-%m-%d}")
    return doc


def passages(article: Article) -> str:
    """The text that is indexed and snippeted: the body, after the summary only
    when the body does not already hold it (the text of most pages starts with
    the lead the summary repeats; a page's description cut short with "..."
    counts as the lead too)."""
    text, summary = article.text or "", " ".join((article.summary or "").split())
    if not summary:
        return text
    core = summary.rstrip(".…").rstrip()
    head = " ".join(text[:2 * len(summary) + 200].split())
    if core and core in head:
        return text
    return "\n\n".join(part for part in (article.summary, text) if part)


def keys(field_name: str, text: str) -> list[str]:
    """What a tag or section becomes in the index (case and accents folded)."""
    from newscli.index.analysis import keyword_analyzer

    return [token.text for token in keyword_analyzer()(text)] if field_name in ("tags", "section") else [text]
