"""The errors a user can cause or meet, each with the exit code it means.

Exit codes (a contract): 0 success; 1 nothing found (no hit, unknown id);
2 usage error or bad query; 3 network or site failure; 4 the data home cannot
store or be read (full disk, damaged or newer store); 5 busy: another news
process kept the data home for too long (try again later); 70 a failure no
other code names (an internal error: a bug to report); 130 interrupted.
Anything raised as a NewsError is shown as one line on stderr, never a traceback.
Only NothingFound exits 1: scripts read 1 as "no hit", so no other error may.
"""

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_NETWORK, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_STORAGE, EXIT_BUSY, EXIT_INTERNAL = 4, 5, 70


class NewsError(Exception):
    """An error explained in one line; subclasses say which exit code it means."""

    exit_code = EXIT_INTERNAL


class NothingFound(NewsError):
    """What was asked for is not there (no hit, no such id, no article in a page)."""

    exit_code = EXIT_NOTHING


class UsageError(NewsError):
    """The user asked for something malformed (bad date, bad query, bad option)."""

    exit_code = EXIT_USAGE


class NetworkError(NewsError):
    """A site could not be reached or refused us."""

    exit_code = EXIT_NETWORK
