"""The errors a user can cause or meet, each with the exit code it means.

Exit codes (a contract): 0 success; 1 nothing found (no hit, unknown id);
2 usage error or bad query; 3 network or site failure; 4 the data home cannot
store or be read (full disk, damaged or newer store); 5 busy: another news
process kept the data home for too long (try again later); 130 interrupted.
Anything raised as a NewsError is shown as one line on stderr, never a traceback.
"""

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_NETWORK, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_STORAGE, EXIT_BUSY = 4, 5


class NewsError(Exception):
    exit_code = EXIT_NOTHING


class UsageError(NewsError):
    """The user asked for something malformed (bad date, bad query, bad option)."""

    exit_code = EXIT_USAGE


class NetworkError(NewsError):
    """A site could not be reached or refused us."""

    exit_code = EXIT_NETWORK
