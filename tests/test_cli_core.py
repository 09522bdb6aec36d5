"""The offline core through the CLI: import, extract, fetch, read, list, search, tags, stats.

Each command is exercised in-process (Typer's runner) and the contract
(JSON keys, exit codes, one-line errors) also through the installed `news`.
"""

from __future__ import annotations

import json

import pytest
from conftest import PAGES

from newscli.model import ARTICLE_KEYS

PAGE = PAGES / "generic_article.html"
CANONICAL = "https://courier.example/news/local/harbour-sea-wall"


def test_extract_prints_body_without_headline_or_caption(cli):
    result = cli("extract", "--url", CANONICAL, input=PAGE.read_bytes())
    assert result.code == 0, result
    text = result.stdout
    assert text.startswith("Councillors in Port Elwyn have voted")
    assert "Harbour town votes to rebuild" not in text       # headline
    assert "Photo: Courier staff" not in text                 # caption/credit
    assert "Share on Facebook" not in text                    # share block
    assert "Storm closes harbour road" not in text            # related links
    assert "\n\nThe plan, approved by nine votes" in text     # paragraphs kept apart


def test_extract_json_has_metadata(cli):
    data = cli("extract", "--json", input=PAGE.read_bytes()).json()
    assert set(ARTICLE_KEYS) <= set(data) and "text" in data
    assert data["url"] == CANONICAL
    assert data["title"] == "Harbour town votes to rebuild its old sea wall"
    assert data["authors"] == ["Megan Rhys", "Tomos Pugh"]
    assert data["published"] == "2024-03-05T09:30:00+00:00"
    assert data["updated"] == "2024-03-05T12:10:00+00:00"
    assert data["section"] == "Local"
    assert data["tags"] == ["Port Elwyn", "Flooding", "Council"]
    assert data["image"] == {"url": "https://courier.example/img/sea-wall.jpg",
                             "caption": "The sea wall at Port Elwyn after the January storm. Photo: Courier staff"}
    assert data["lang"] == "en"


def test_import_then_read_list_search_tags_stats(cli):
    imported = cli("import", PAGE, "--json")
    assert imported.code == 0, imported
    [outcome] = imported.json()
    assert outcome["status"] == "new"
    article_id = outcome["article"]["id"]

    plain = cli("read", article_id[:6]).stdout.splitlines()
    assert plain[0] == "Harbour town votes to rebuild its old sea wall"
    assert all(line == line.rstrip() for line in plain)           # no padding for copy and paste
    paragraphs = "\n".join(plain[plain.index("") + 1:]).split("\n\n")
    assert paragraphs[0].startswith("Councillors") and paragraphs[1].startswith("The plan")

    read = cli("read", article_id[:6], "--json").json()
    assert read["id"] == article_id and read["text"].startswith("Councillors")
    assert cli("read", CANONICAL, "--json").json()["id"] == article_id

    listed = cli("list", "--json").json()
    assert [a["id"] for a in listed] == [article_id]
    assert "text" not in listed[0]
    assert cli("list", "--tag", "FLOODING", "--json").json()[0]["id"] == article_id
    assert cli("list", "--tag", "flooding", "--tag", "nope", "--json").json() == []
    assert cli("list", "--since", "2024-03-06", "--json").json() == []
    assert len(cli("list", "--since", "2024-03", "--until", "2024-03-05", "--json").json()) == 1

    hits = cli("search", "sea wall", "--json").json()
    assert hits[0]["id"] == article_id
    assert {"score", "snippet"} <= set(hits[0]) and "text" not in hits[0]
    assert "\ue000" in hits[0]["snippet"]
    assert cli("search", '"stepped concrete defence"', "--json").json()[0]["id"] == article_id
    assert cli("search", "wall", "--tag", "council", "--json").json()[0]["id"] == article_id
    assert cli("search", "title:promenade", "--json").code == 1   # only in the body

    tags = cli("tags", "--json").json()
    assert {"tag": "Flooding", "articles": 1} in tags

    stats = cli("stats", "--json").json()
    assert stats["articles"] == 1 and stats["index_docs"] == 1 and stats["sites"] == {"web": 1}
    for key in ("tags", "breaking_items", "store_bytes", "index_bytes", "last_sync"):
        assert key in stats


def test_reimport_updates_in_place(cli):
    first = cli("import", PAGE, "--json").json()[0]
    again = cli("import", PAGE, "--json").json()[0]
    assert again["article"]["id"] == first["article"]["id"]
    assert again["status"] == "unchanged"
    assert len(cli("list", "--json").json()) == 1


def test_fetch_from_local_server(cli, server):
    url = server.add("/news/local/harbour-sea-wall", PAGE.read_bytes())
    result = cli("fetch", url, "--json")
    assert result.code == 0, result
    [outcome] = result.json()
    assert outcome["status"] == "new"
    assert outcome["article"]["text"].startswith("Councillors")
    # The page declares a canonical URL on another host: the fetched URL is kept.
    assert outcome["article"]["url"] == url
    assert server.requests == ["/news/local/harbour-sea-wall"]


def test_fetch_failure_exits_3(cli, server):
    result = cli("fetch", server.base + "/missing")
    assert result.code == 3
    assert "404" in result.stderr


def test_unknown_and_ambiguous_ids(cli, tmp_path):
    assert cli("read", "does-not-exist").code == 1
    # Two articles whose ids share a prefix.
    from newscli.urls import article_id

    urls, seen = [], {}
    n = 0
    while len(urls) < 2:
        url = f"https://mirror.example/p/{n}"
        prefix = article_id(url)[:4]
        if prefix in seen:
            urls = [seen[prefix], url]
        seen[prefix] = url
        n += 1
    for url in urls:
        cli("import", PAGE, "--url", url)
    prefix = article_id(urls[0])[:4]
    result = cli("read", prefix)
    assert result.code == 1
    assert "matches several" in result.stderr
    assert article_id(urls[0]) in result.stderr and article_id(urls[1]) in result.stderr


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00junk" * 50, "binary"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
])
def test_import_bad_files(cli, tmp_path, content, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    result = cli("import", path)
    assert result.code == 1
    assert reason in result.stderr


def test_search_nothing_found_exits_1(cli):
    cli("import", PAGE)
    result = cli("search", "zeppelin")
    assert result.code == 1 and "no articles match" in result.stderr


def test_bad_date_is_usage_error(cli):
    result = cli("list", "--since", "yesterdayish")
    assert result.code == 2
    assert "not a date" in result.stderr


def test_installed_executable_contract(news, server):
    """The real console script: JSON on stdout, one-line errors, exit codes."""
    url = server.add("/a", PAGE.read_bytes())
    fetched = news("fetch", url, "--json")
    assert fetched.code == 0, fetched
    article = json.loads(fetched.stdout)[0]["article"]
    read = news("read", article["id"], "--json")
    assert json.loads(read.stdout)["title"] == article["title"]
    plain = news("read", article["id"])
    assert plain.code == 0 and "\x1b[" not in plain.stdout     # not a TTY: no colour
    assert "Harbour town votes" in plain.stdout
    missing = news("read", "does-not-exist")
    assert missing.code == 1
    assert "Traceback" not in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    assert news("--version").stdout.startswith("news ")
    assert news("list", "--limit", "nope").code == 2
