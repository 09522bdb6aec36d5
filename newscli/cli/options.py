"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newscli.archive.filters import Filters

# The largest --limit: SQLite's integers end at 2**63 - 1; no store gets near this.
MAX_LIMIT = 1_000_000_000

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (an array for lists, an object for one article).")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, max=MAX_LIMIT, help="At most this many (0: no limit).")]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only articles with this tag (repeatable: all must match; case and accents ignored)."),
]
SectionOpt = Annotated[str | None, typer.Option("--section", help="Only this section or subsection.")]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Only this site (see `news sites`).")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Published on or after: 2024-05-30, 2024-05, 7d, 6h, yesterday.")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Published on or before (same forms as --since).")]


def make_filters(tags: list[str] | None = None, section: str | None = None, site: str | None = None,
                 since: str | None = None, until: str | None = None, lang: str | None = None,
                 starred: bool = False) -> Filters:
    """Filters from command-line values; bad dates raise a usage error."""
    from newscli.archive.filters import Filters  # noqa: F811  (here: `news --help` needs no store)
    from newscli.dates import iso, parse_user_date

    return Filters(
        tags=tuple(tags or ()),
        section=section,
        site=site,
        lang=lang,
        since=iso(parse_user_date(since)) if since else None,
        until=iso(parse_user_date(until, end=True)) if until else None,
        starred=starred,
    )
