"""The errors a user can cause or meet, each with the exit code it means.

Exit codes (a contract): 0 success; 1 nothing found (no hit, unknown id);
2 usage error or bad query; 3 network or site failure; 130 interrupted.
Anything raised as a NewsError is shown as one line on stderr, never a traceback.
"""

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_NETWORK, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class NewsError(Exception):
    exit_code = EXIT_NOTHING


class UsageError(NewsError):
    """The user asked for something malformed (bad date, bad query, bad option)."""

    exit_code = EXIT_USAGE


class NetworkError(NewsError):
    """A site could not be reached or refused us."""

    exit_code = EXIT_NETWORK
