"""Dates: parsing what pages print, and what users type after --since.

python-dateutil parses the many formats pages use (RFC 2822, ISO 8601 with or
without zone, "28 Jan 2022 18:57"); everything is returned timezone-aware.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache

from newscli.errors import UsageError

_RELATIVE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w|mo|y)\s*$", re.IGNORECASE)
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 30 * 86400, "y": 365 * 86400}


class BadDate(UsageError):
    """A date the user typed that we cannot read."""


@cache
def zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def parse_date(value: str | None, default_tz: str | None = None) -> datetime | None:
    """Parse a date found on a page; naive times are taken in ``default_tz`` (UTC if None).

    Returns None for anything that is not a plausible date.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 100:
        return None
    from dateutil import parser

    try:
        dt = parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        try:
            dt = parser.isoparse(value)
        except (ValueError, OverflowError, TypeError):
            return None
    if not 1900 <= dt.year <= 2200:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone(default_tz))
    return dt


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 with offset, to the second."""
    return dt.isoformat(timespec="seconds") if dt else None


def normalise(value: str | None, default_tz: str | None = None) -> str | None:
    return iso(parse_date(value, default_tz))


def parse_user_date(text: str, now: datetime | None = None, end: bool = False) -> datetime:
    """What a user types after --since/--until: ``7d``, ``6h``, ``2w``, ``today``,
    ``yesterday``, ``2024``, ``2024-05``, ``2024-05-30``, or a full ISO time.

    With ``end`` a date names its last moment (``--until 2024-05`` includes May).
    Raises BadDate with a message meant for the user.
    """
    try:
        found = _parse_user_date(text, now, end)
        # (a bound that later sums and zone shifts cannot push past year 9999)
        if not 2 <= found.year <= 9998:
            raise OverflowError("year out of range")
        return found
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, BadDate):
            raise
        raise BadDate(f"date out of range: {text[:100]!r} (give a year between 2 and 9998)") from None


def _parse_user_date(text: str, now: datetime | None, end: bool) -> datetime:
    now = now or datetime.now().astimezone()
    word = text.strip().lower()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if word in ("now",):
        return now
    if word in ("today", "yesterday"):
        day_start = midnight - timedelta(days=1 if word == "yesterday" else 0)
        return day_start + timedelta(days=1) - timedelta(microseconds=1) if end else day_start
    match = _RELATIVE.match(word)
    if match:
        return now - timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2).lower()])
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", word)
    if match:
        year = int(match.group(1))   # the one group that always takes part
        month, day = (int(g) if g else None for g in match.groups()[1:])
        try:
            start = datetime(year, month or 1, day or 1, tzinfo=now.tzinfo)
        except ValueError as exc:
            raise BadDate(f"not a date: {text!r} ({exc})") from None
        if not end:
            return start
        if day:
            nxt = start + timedelta(days=1)
        elif month:
            nxt = start.replace(year=year + month // 12, month=month % 12 + 1)
        else:
            nxt = start.replace(year=year + 1)
        return nxt - timedelta(microseconds=1)
    try:
        from dateutil import parser

        dt = parser.isoparse(text.strip())
    except (ValueError, OverflowError):
        raise BadDate(
            f"not a date: {text!r} (try 2024-05-30, 2024-05, 7d, 6h, 2w, today, yesterday)"
        ) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=now.tzinfo)


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_stamp(when: datetime | None = None) -> str:
    """When something happened (fetched, seen, checked), in UTC to the second:
    the one form the store records such times in. Default: now."""
    return (when or utcnow()).astimezone(UTC).isoformat(timespec="seconds")


def utc_key(iso_time: str | None) -> str | None:
    """An ISO time -> its sortable UTC key ('YYYY-MM-DDTHH:MM:SSZ'), the form of
    the store's ``published_utc``; a time without a zone is taken as UTC."""
    if not iso_time:
        return None
    dt = datetime.fromisoformat(iso_time)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
