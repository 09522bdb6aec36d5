"""Where things live and the user's settings.

The data home holds the store (``news.db``) and the index (``index/``). It is
``--home``, else ``$NEWS_HOME``, else the platform's user data dir. Settings
and user recipes live in the config dir (``$NEWS_CONFIG_DIR`` or the platform's
user config dir): ``config.toml`` and ``recipes/*.toml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from newscli.errors import EXIT_STORAGE, NewsError, UsageError

APP = "news"


class ConfigError(UsageError):
    """A setting or path the user must fix."""


def short_path(path: Path | str, limit: int = 120) -> str:
    """A path as shown in one line: a 5,000-character name is cut in the middle."""
    text = str(path)
    return text if len(text) <= limit else f"{text[:limit // 2]}...{text[-(limit // 2):]}"


def read_regular_file(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Refuses (as a
    ConfigError, exit 2) what is not a regular file, without blocking on a FIFO,
    and reads at most ``limit + 1`` bytes whatever st_size says (/dev/zero: 0)."""
    import stat

    shown = short_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} {shown}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise ConfigError(f"the {what} {shown} is {kind}; give a regular file")
        if info.st_size > limit:
            raise ConfigError(f"the {what} {shown} is too large ({info.st_size:,} bytes, limit {limit:,})")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ConfigError(f"the {what} {shown} is too large (over {limit:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} {shown}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def default_home() -> Path:
    env = os.environ.get("NEWS_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    env = os.environ.get("NEWS_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


@dataclass
class Settings:
    """Defaults for sync politeness and the default site, overridable in config.toml."""

    site: str = "almayadeen-en"
    rate: float = 1.0          # requests per second per host; 0 = no delay
    concurrency: int = 2       # requests in flight
    user_agent: str | None = None
    cookies: str | None = None  # a browser's cookies.txt, for sites behind a bot filter
    timeout: float = 20.0      # read timeout, seconds
    total_timeout: float = 90.0  # longest a whole response may take, seconds (slow drips)
    retries: int = 3           # tries after the first on timeouts, 5xx and 429
    max_bytes: int = 10 * 1024 * 1024
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "config.toml"
        if not path.is_file():
            return cls()
        import tomllib  # only when there is a file: most commands never read one

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from None
        unknown = sorted(k for k in data if k not in _CHECKS)
        if unknown:
            raise ConfigError(f"unknown setting{'s' if len(unknown) > 1 else ''} in {path}: "
                              f"{', '.join(unknown)} (known: {', '.join(_CHECKS)})")
        values = {}
        for key, value in data.items():
            takes, check = _CHECKS[key]
            try:
                values[key] = check(value)
            except (TypeError, ValueError, OverflowError):
                raise ConfigError(f"bad setting in {path}: {key} = {_shown(value)}; {key} takes {takes}") from None
        return cls(**values)


def _number(low: float, high: float, integer: bool = False, low_open: bool = False):
    """A check for a TOML number in [low, high] (or (low, high]); bools and strings are refused."""
    import math

    def check(value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(value)
        if integer and not (isinstance(value, int) or float(value).is_integer()):
            raise ValueError(value)
        if not math.isfinite(value) or value > high or value < low or (low_open and value == low):
            raise ValueError(value)
        return int(value) if integer else float(value)

    return check


def _rate(value):
    rate = _number(0, 1000)(value)
    if 0 < rate < 0.001:
        raise ValueError(value)
    return rate


def _text(value, control_free: bool = True):
    import re

    if not isinstance(value, str) or not value.strip() \
            or (control_free and re.search(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", value)):
        raise ValueError(value)
    return value


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Each setting: what it takes (for the message), and its check.
_CHECKS = {
    "site": ("a site recipe name (see `news sites`)", _text),
    "rate": ("0 (no delay) or 0.001 to 1000 requests a second", _rate),
    "concurrency": ("a whole number from 1 to 32", _number(1, 32, integer=True)),
    "user_agent": ("text without control characters", _text),
    "cookies": ("the path of a cookies.txt file, as text", _text),
    "timeout": ("seconds, more than 0 and at most 3600", _number(0, 3600, low_open=True)),
    "total_timeout": ("seconds, more than 0 and at most 86400", _number(0, 86400, low_open=True)),
    "retries": ("a whole number from 0 to 20", _number(0, 20, integer=True)),
    "max_bytes": ("a whole number of bytes from 1024 to 2147483648", _number(1024, 2 ** 31, integer=True)),
}


@dataclass
class Home:
    """The data home: one store and one index."""

    path: Path

    @property
    def db_path(self) -> Path:
        return self.path / "news.db"

    @property
    def index_path(self) -> Path:
        return self.path / "index"

    @property
    def lock_path(self) -> Path:
        return self.path / "write.lock"

    def check(self) -> Home:
        """A data home that cannot be one (a file, a symlink to nothing) is an error."""
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(f"data home {self.path} is not a directory")
        if self.path.is_symlink() and not self.path.exists():
            raise ConfigError(f"data home {self.path} is a symlink to {os.readlink(self.path)}, which does not exist")
        return self

    def ensure(self) -> Home:
        """Make the data home, and make sure we can write to it."""
        self.check()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create data home {self.path}: {exc.strerror or exc}") from None
        if not self.writable():
            raise self.read_only()
        return self

    def writable(self) -> bool:
        return os.access(self.path, os.W_OK)

    def read_only(self) -> ConfigError:
        """The error for a data home we may read but not change."""
        try:
            on_read_only_disk = bool(os.statvfs(self.path).f_flag & os.ST_RDONLY)
        except OSError:
            on_read_only_disk = False
        why = "it is on a read-only file system" if on_read_only_disk else "no permission to write there"
        return ConfigError(f"cannot write to the data home {self.path}: {why}; "
                           "reading it works, changing it does not (--home or NEWS_HOME picks another)")

    def explain(self, exc: BaseException) -> NewsError | None:
        """A clear error for a failed write into this data home (disk full,
        read-only), or None when ``exc`` is something else."""
        import errno
        import sqlite3

        text = str(exc)
        full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) \
            or isinstance(exc, sqlite3.OperationalError) and "disk is full" in text
        # SQLite says only "disk I/O error" when a write fails for want of room
        # (a quota, a file-size limit) as well as on a failing disk.
        failing = isinstance(exc, sqlite3.OperationalError) and getattr(exc, "sqlite_errorname", "") in _WRITE_ERRORS
        if full or failing:
            detail = exc.strerror if isinstance(exc, OSError) else text
            return DiskFull(f"the disk holding the data home {self.path} is full{'' if full else ' or failing'} "
                            f"({detail}); what was stored before is kept: free some space and run the command again")
        if isinstance(exc, sqlite3.DatabaseError) and any(
                word in text for word in ("malformed", "Could not decode", "not a database")):
            return DamagedStore(f"the store {self.db_path} is damaged ({text}); `news doctor` says what can "
                                "be read, `news doctor --repair` rebuilds the index from it")
        if (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
                and str(exc.filename or "").startswith(str(self.path))) \
                or (isinstance(exc, sqlite3.OperationalError) and "readonly database" in text):
            return self.read_only()
        return None


_WRITE_ERRORS = {"SQLITE_IOERR_WRITE", "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_SHMSIZE",
                 "SQLITE_IOERR_SHMMAP", "SQLITE_FULL"}


class DiskFull(NewsError):
    """The disk holding the data home is full: nothing more can be stored."""

    exit_code = EXIT_STORAGE


class DamagedStore(NewsError):
    """The store of record holds rows or pages SQLite cannot read."""

    exit_code = EXIT_STORAGE
