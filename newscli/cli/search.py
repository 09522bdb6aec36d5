"""Full-text search over the stored articles (offline)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from newscli.cli.app import app, emit_json, nothing_found, state
from newscli.cli.options import (
    JsonOpt,
    LimitOpt,
    SectionOpt,
    SinceOpt,
    SiteOpt,
    TagOpt,
    UntilOpt,
    make_filters,
)


class Sort(str, Enum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Only articles in this language (en, es, ar...); default: all.")
]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to find (query syntax above).")],
    tag: TagOpt = None,
    section: SectionOpt = None,
    site: SiteOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    lang: LangOpt = None,
    sort: Annotated[Sort, typer.Option("--sort", help="Order of the hits.")] = Sort.relevance,
    limit: LimitOpt = 20,
    page: Annotated[int, typer.Option("--page", min=1, max=1_000_000_000, help="Page of results (with --limit per page).")] = 1,
    facets: Annotated[bool, typer.Option(
        "--facets", help="Also count all hits by tag, section and month.")] = False,
    timeline: Annotated[bool, typer.Option(
        "--timeline", help="Also chart all hits per day, month or year.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Search stored articles, best matches first (BM25F, title weighted).

    Every language is searched (English and Spanish words are stemmed, Arabic
    is normalised and stemmed) unless --lang narrows it. The options combine
    with the query; --tag and --section ignore case and accents.

    \b
    Query syntax:
      putin macron              both words (AND is the default)
      putin OR macron           either word
      ukraine NOT nato          leave out articles with a word
      (kyiv OR kiev) talks      group with parentheses
      "security guarantees"     an exact phrase
      negotiat*                 words that begin so
      title:ceasefire           in a field: title, body, tag, section,
                                author, source, site, lang, url
      tag:nato  tag:"emmanuel macron"   a whole tag (case, accents ignored)
      date:2022-01              published in January 2022 (also 2022,
                                2022-01-28, yesterday, 7d = the last 7 days)
      "date:[2022-01-01 to 2022-03-31]"   a range (quote it in the shell)
      "date:>2024"  "date:<=2022-06"      after / up to a date
    A query that finds nothing suggests spellings from the index (exit 1);
    a malformed query says where (exit 2).

    \b
    With --json: an array of hits. With --json and --facets or --timeline:
    {"hits": [...], "total": N, "page": P, "facets": {"tags": [{"tag", "count"}],
    "sections": [{"section", "count"}], "months": [{"month", "count"}]},
    "timeline": {"unit": "day|month|year", "periods": [{"period", "count"}],
    "undated": N}}.
    """
    filters = make_filters(tag, section, site, since, until, lang=lang)
    from newscli.archive.archive import Archive

    with Archive(state().home) as archive:
        found = archive.search(query, filters, sort.value, limit or None, page, counts=facets or timeline)
        suggestion = archive.index.suggestion(query) if not found.total else None
    summary = _summary(found, facets, timeline)
    if json_out:
        emit_json({"hits": [hit.to_json() for hit in found.hits], "total": found.total, "page": page, **summary}
                  if summary else [hit.to_json() for hit in found.hits])
    if not found.hits:
        _explain_nothing(query, found.total, page, suggestion)
    if json_out:
        return
    from rich.console import Group

    from newscli.render.console import console, show
    from newscli.render.facets import facets_view, timeline_chart
    from newscli.render.search import search_table

    out = console()
    parts = [search_table(found.hits, found.total, query)]
    if timeline:
        parts.insert(0, timeline_chart(summary["timeline"], width=min(out.width, 100)))
    if facets:
        parts.append(facets_view(summary["facets"]))
    show(Group(*parts))


def _summary(found, facets: bool, timeline: bool) -> dict:
    if not (facets or timeline):
        return {}
    from newscli.index import facets as facet_shapes

    summary = {}
    if facets:
        summary["facets"] = facet_shapes.facets_json(found.counts)
    if timeline:
        summary["timeline"] = facet_shapes.timeline(found.counts.days).to_json()
    return summary


def _explain_nothing(query: str, total: int, page: int, suggestion: str | None) -> None:
    from newscli.cli.app import NOTHING_STORED, nothing_stored
    from newscli.index.query import shown

    if total:
        nothing_found(f"page {page} is past the last hit ({total} in all)")
    if nothing_stored():
        nothing_found(NOTHING_STORED)
    hint = f"; did you mean: {suggestion}" if suggestion and suggestion != query else ""
    nothing_found(f"no articles match {shown(query)!r}{hint}")
