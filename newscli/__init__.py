"""news: read, keep and search the news offline, in the terminal."""

__version__ = "0.1.0"
