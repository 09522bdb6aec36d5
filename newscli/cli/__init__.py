"""The command line: ``app`` and the console-script ``main``.

Importing the command modules registers their commands on ``app``.
"""

from newscli.cli import admin, breaking, follow, ingest, keeping, reading, search, sites, sync  # noqa: F401  (registration)
from newscli.cli.app import app, main

__all__ = ["app", "main"]
