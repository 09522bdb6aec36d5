"""What list, export and search select: one set of filters, as SQL here and as
a Whoosh filter in newscli.index.planning."""

from __future__ import annotations

from dataclasses import dataclass

from newscli.dates import utc_key
from newscli.model import primary_language
from newscli.textclean import fold


@dataclass
class Filters:
    """Filters shared by list, export and search (tags all must match)."""

    tags: tuple[str, ...] = ()
    section: str | None = None
    site: str | None = None
    lang: str | None = None
    since: str | None = None   # ISO 8601, compared in UTC
    until: str | None = None
    starred: bool = False

    def sql(self) -> tuple[str, list]:
        """A WHERE clause (or '') and its parameters."""
        where: list[str] = []
        params: list[str | int | None] = []
        for tag in self.tags:
            where.append("id IN (SELECT article_id FROM article_tags WHERE tag_key = ?)")
            params.append(fold(tag))
        if self.section:
            where.append("(lower(section) = ? OR lower(subsection) = ?)")
            params += [fold(self.section)] * 2
        if self.site:
            where.append("site = ?")
            params.append(self.site)
        if self.lang:   # the primary language, as search filters: en finds en-GB
            primary = primary_language(self.lang)
            where.append("(lower(replace(lang, '_', '-')) = ? OR substr(lower(replace(lang, '_', '-')), 1, ?) = ?)")
            params += [primary, len(primary) + 1, primary + "-"]
        if self.since:
            where.append("published_utc >= ?")
            params.append(utc_key(self.since))
        if self.until:
            where.append("published_utc <= ?")
            params.append(utc_key(self.until))
        if self.starred:
            where.append("starred = 1")
        return (" WHERE " + " AND ".join(where)) if where else "", params
