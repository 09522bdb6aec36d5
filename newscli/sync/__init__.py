"""Getting articles into the archive: `news sync`, `news fetch` and `news import`.

    ingest.py     fetched or local pages -> extracted, stored and indexed articles
    robots.py     robots.txt (RFC 9309, protego)
    sitemaps.py   sitemap XML, parsed safely and in constant memory
    state.py      the queue of URLs and the HTTP validators, kept in the store
    discovery.py  sitemap index -> monthly sitemaps, section pages -> queued URLs
    extraction.py the extraction worker process a sync hands its pages to
    runner.py     the run: discovery, a bounded fetch pool, batched saves
    report.py     what a run did: counts, failures, the summary and its JSON
    feeds.py      RSS, Atom, JSON Feed and news sitemaps, parsed from bytes the Fetcher got
    follow.py     `news follow`: a site's entry points discovered, the best one chosen
    polling.py    `news sync` over followed sites: entry points polled, items fetched, dedup
    opml.py       the followed sites as OPML; OPML, newsboat and URL lists read back
"""
