"""`news fetch` of a stored article reads it with the recipe it was stored with
(a mirror's included), and an update never drops a known field silently."""

from __future__ import annotations

FIELDS = ("site", "published", "section", "subsection", "authors", "title", "tags")


def test_refetch_of_a_mirrored_article_keeps_its_recipe(news, replica):
    synced = news("sync", "--base-url", replica.base_url, "--limit", "3", "--rate", "0", "--json")
    assert synced.code == 0, synced
    stored = {a["id"]: a for a in news("list", "--json").json()}
    article = next(a for a in stored.values() if a["published"] and a["section"] and a["authors"])
    assert article["site"] == "almayadeen-en"

    again = news("fetch", article["url"], "--json")
    assert again.code == 0, again
    [outcome] = again.json()
    assert outcome["status"] == "unchanged", outcome
    after = news("read", article["id"], "--json").json()
    assert {k: after[k] for k in FIELDS} == {k: article[k] for k in FIELDS}


PAGE = """<!doctype html><html lang="en"><head><title>Ferry timetable</title>
<meta property="og:title" content="Ferry timetable changes">
{published}
</head><body><article><h1>Ferry timetable changes</h1>
<p>{words}</p></article></body></html>"""
WORDS = "The island ferry will run two extra crossings on weekdays from next month, the operator said. " * 3


def test_an_update_never_drops_a_known_field_silently(news, server):
    dated = '<meta property="article:published_time" content="2025-03-04T10:00:00+00:00">'
    url = server.add("/ferry", PAGE.format(published=dated, words=WORDS))
    first = news("fetch", url, "--json").json()[0]
    assert first["article"]["published"] == "2025-03-04T10:00:00+00:00"

    server.add("/ferry", PAGE.format(published="", words=WORDS + " A later paragraph."))
    second = news("fetch", url)
    assert second.code == 0, second
    assert second.stdout.startswith("updated")
    assert "published" in second.stderr and "kept" in second.stderr, second
    after = news("read", first["article"]["id"], "--json").json()
    assert after["published"] == "2025-03-04T10:00:00+00:00"
    assert "A later paragraph." in after["text"]
