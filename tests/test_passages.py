"""Each passage of an article is indexed once: the summary that the text
already starts with (the lead) is not indexed (nor snippeted) a second time."""

from __future__ import annotations

import re

from newscli.model import Article

LEAD = "Harbour pilots in Quillmouth voted to strike over the new tidal schedule."
REST = ("The union said the schedule leaves too little time between tides. "
        "Port officials said talks would resume next week with a mediator present. ") * 3
PAGE = f"""<!doctype html><html lang="en"><head><title>Quillmouth pilots strike</title>
<meta property="og:title" content="Quillmouth pilots strike">
<meta name="description" content="{LEAD}">
</head><body><article><h1>Quillmouth pilots strike</h1>
<p>{LEAD}</p><p>{REST}</p></article></body></html>"""


def test_the_lead_is_indexed_once():
    from newscli.index.schema import document, passages

    article = Article(url="https://example.org/a", title="T", summary=LEAD, text=f"{LEAD}\n\n{REST}")
    doc = document(article.finish())
    body = next(v for k, v in doc.items() if k.startswith("body_"))
    assert body.count("tidal schedule") == 1
    assert doc["spell"].count("tidal schedule") == 1
    # A summary the text does not hold is still indexed (and the text after it).
    other = Article(url="https://example.org/b", summary="A different abstract.", text=REST)
    assert passages(other) == f"A different abstract.\n\n{REST}"


def test_snippets_do_not_repeat_the_lead(news, tmp_path):
    page = tmp_path / "pilots.html"
    page.write_text(PAGE, encoding="utf-8")
    assert news("import", page, "--url", "https://example.org/news/pilots").code == 0
    result = news("search", "tidal", "--json")
    assert result.code == 0, result
    [hit] = result.json()
    plain = re.sub("[\ue000\ue001]", "", hit["snippet"])
    assert plain.count("tidal schedule") == 1, plain
