"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newscli.archive.filters import Filters

# The largest --limit: SQLite's integers end at 2**63 - 1; no store gets near this.
MAX_LIMIT = 1_000_000_000

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (an array for lists, an object for one article).")]
def finite_seconds(value: float | None) -> float | None:
    """A callback refusing nan and inf (a FloatRange lets nan through)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of seconds")
    return value


def request_rate(value: float | None) -> float | None:
    """--rate: 0 (no delay) or 0.001 to 1000 requests a second."""
    import math

    if value is not None and not (value == 0 or (math.isfinite(value) and 0.001 <= value <= 1000)):
        raise typer.BadParameter(f"{value} is not 0 or a rate from 0.001 to 1000 requests a second")
    return value


def valid_text(value, name: str):
    """A command-line value that is text: bytes that are not UTF-8 arrive as
    lone surrogates and later failed with UnicodeEncodeError."""
    import os

    from newscli.errors import UsageError

    for item in (value if isinstance(value, (list, tuple)) else [value]):
        if isinstance(item, str) and any("\ud800" <= c <= "\udfff" for c in item):
            raise UsageError(f"{name} is not valid UTF-8: {os.fsencode(item).decode('utf-8', 'backslashreplace')[:100]}")
    return value


LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, max=MAX_LIMIT, help="At most this many (0: no limit).")]


def _complete_tag(ctx: typer.Context, incomplete: str):
    from newscli.cli.complete import tags

    return tags(ctx, incomplete)


def _complete_site(ctx: typer.Context, incomplete: str):
    from newscli.cli.complete import sites

    return sites(ctx, incomplete)


def complete_recipe(ctx: typer.Context, incomplete: str):
    from newscli.cli.complete import recipes

    return recipes(ctx, incomplete)


def complete_id(ctx: typer.Context, incomplete: str):
    from newscli.cli.complete import ids

    return ids(ctx, incomplete)


TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", autocompletion=_complete_tag,
                 help="Only articles with this tag (repeatable: all must match; case and accents ignored)."),
]
SectionOpt = Annotated[str | None, typer.Option("--section", help="Only this section or subsection.")]
SiteOpt = Annotated[str | None, typer.Option("--site", autocompletion=_complete_site,
                                             help="Only this site (see `news sites`).")]
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

    for name, value in (("--tag", tags), ("--section", section), ("--site", site), ("--lang", lang),
                        ("--since", since), ("--until", until)):
        valid_text(value, name)
    if lang is not None:
        check_language(lang)
    if site is not None:
        check_site(site)
    return Filters(
        tags=tuple(tags or ()),
        section=section,
        site=site,
        lang=lang,
        since=iso(parse_user_date(since)) if since else None,
        until=iso(parse_user_date(until, end=True)) if until else None,
        starred=starred,
    )


def check_language(lang: str) -> None:
    """A language code (en, es, ar, en-GB, en_US), or a usage error saying so:
    `--lang english` is not an empty result."""
    import re

    from newscli.errors import UsageError

    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", lang):
        raise UsageError(f"--lang takes a language code (en, es, ar, en-GB), not {lang!r}")


def check_site(site: str) -> None:
    """A site news knows (a recipe, or one articles are stored under), or a
    usage error naming those: `--site nosuch` is not an empty result."""
    from newscli.cli.app import stored_sites
    from newscli.errors import UsageError
    from newscli.sites import all_recipes

    known = {r.name for r in all_recipes()} | stored_sites()
    if site not in known:
        raise UsageError(f"unknown site {site!r}; known sites: {', '.join(sorted(known))} (see `news sites`)")
