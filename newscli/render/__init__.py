"""Rich views for people, called only by the commands (JSON stays in cli/).

    console.py   the consoles, and page text as plain Rich text (never markup)
    articles.py  one article to read, lists, tags, stats
    search.py    hits with highlighted snippets
    facets.py    facets and the timeline chart
    breaking.py  the ticker: table, plain lines, the live view
    progress.py  the one progress bar
    bidi.py      right-to-left paragraphs in a left-to-right terminal
"""
