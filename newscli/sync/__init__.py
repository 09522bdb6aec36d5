"""`news sync`: keep a local copy of a site's articles, politely and incrementally.

    robots.py     robots.txt (RFC 9309, protego)
    sitemaps.py   sitemap XML, parsed safely and in constant memory
    state.py      the queue of URLs and the HTTP validators, kept in the store
    discovery.py  sitemap index -> monthly sitemaps, section pages -> queued URLs
    runner.py     the run: discovery, a bounded fetch pool, batched saves, the report
"""

from newscli.sync.runner import SyncBusy, SyncOptions, SyncReport, sync

__all__ = ["SyncBusy", "SyncOptions", "SyncReport", "sync"]
