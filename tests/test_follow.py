"""`news follow`, `news sites`, `news unfollow` and `news sync` over followed
sites, through the CLI, against the test web (tests/support/web/: real servers on 127.0.0.x)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from web import Web


@pytest.fixture(scope="module")
def web():
    with Web() as running:
        yield running


@pytest.fixture(autouse=True)
def no_delay(home):
    """Requests unspaced (the test web is local), as `rate = 0` in config.toml says."""
    config = home.parent / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text("rate = 0\n", encoding="utf-8")


@pytest.fixture
def fresh_web():
    """A test web of its own, for tests that change what it serves."""
    with Web() as running:
        yield running


def follow(cli, url, *args):
    result = cli("follow", url, "--json", *args)
    assert result.code == 0, result
    return result.json()


def sync(cli, *args):
    return cli("sync", "--rate", "0", "--json", *args)


def articles(cli):
    return {a["url"]: a for a in cli("list", "--limit", "0", "--json").json()}


def only_followed(cli):
    assert cli("unfollow", "almayadeen-en").code == 0


DISCOVERY = [
    ("rss", "/", "feed", "rss", "<link rel=alternate>", "/rss.xml"),
    ("atom", "/", "feed", "atom", "an <a> link", "/feeds/all.atom"),
    ("jsonfeed", "/", "feed", "json", "a usual feed path", "/feed.json"),
    ("newsmap", "/", "sitemap", "news-sitemap", "robots.txt", "/sitemaps/news.xml"),
    ("section", "/latest", "section", "section", "the page's article links", "/latest"),
    ("cyrillic", "/", "feed", "rss", "<link rel=alternate>", "/rss"),
    ("rss", "/rss.xml", "feed", "rss", "the URL itself", "/rss.xml"),
]


@pytest.mark.parametrize("name, path, kind, fmt, found, entry", DISCOVERY)
def test_discovery_finds_each_sites_entry_point(cli, web, name, path, kind, fmt, found, entry):
    site = web[name]
    result = cli("follow", site.url(path), "--dry-run", "--json")
    assert result.code == 0, result
    chosen = result.json()["discovery"]["chosen"]
    assert (chosen["kind"], chosen["format"], chosen["found"], chosen["url"]) == (kind, fmt, found, site.url(entry))
    assert chosen["items"] == (2 if kind == "section" else len(site.stories))
    if kind != "section":
        assert chosen["newest"] == max(s.published for s in site.stories).isoformat()
    assert cli("sites", "--json").json()[0]["name"] == "almayadeen-en"   # a dry run follows nothing


def test_discovery_never_asks_for_what_robots_txt_disallows(cli, fresh_web):
    result = cli("follow", fresh_web["newsmap"].url("/"), "--json")
    assert result.code == 0 and result.json()["kind"] == "sitemap"
    assert fresh_web["newsmap"].hits("/private/rss") == []
    assert fresh_web["newsmap"].requests[0].path == "/robots.txt"


def test_a_feed_url_redirecting_to_html_is_not_a_feed(cli, web):
    result = cli("follow", web["faults"].url("/to-html"), "--dry-run", "--json")
    assert result.code == 0
    assert all(c["url"] != web["faults"].url("/to-html") for c in result.json()["discovery"]["candidates"])


def test_follow_then_sync_stores_full_articles_with_feed_metadata(cli, web):
    only_followed(cli)
    site = follow(cli, web["rss"].url("/"), "--tag", "Harbour", "--every", "2h")
    assert site["name"] == "127-0-0-11" and site["kind"] == "feed" and site["every"] == "2h"
    assert site["entry_points"] == [{"url": web["rss"].url("/rss.xml"), "kind": "feed"}]
    result = sync(cli)
    assert result.code == 0, result
    summary = result.json()
    assert summary["new"] == 5 and [s["site"] for s in summary["sites"]] == ["127-0-0-11"]
    stored = articles(cli)
    for story in web["rss"].stories:
        url = web["rss"].url(f"/news/{story.slug}.html")     # the tracking parameters dropped
        article = cli("read", url, "--json").json()
        assert article["title"] == story.title and article["authors"] == [story.author]
        assert article["published"] == story.published.isoformat()
        assert article["tags"] == story.tags + ["Harbour"]
        assert article["summary"] == story.summary                     # from the feed: the page has none
        assert article["text"] == story.text                           # the page's full text
        assert article["image"]["url"] == web["rss"].url(story.image)
        assert article["found_on"] == ["127-0-0-11"] and article["site"] == "127-0-0-11"
        assert url in stored
    listed = cli("sites", "--json").json()
    assert [s["name"] for s in listed] == ["127-0-0-11"]
    assert listed[0]["articles"] == 5 and listed[0]["status"] == "ok" and listed[0]["last_success"]
    assert datetime.fromisoformat(listed[0]["next_check"]) > datetime.now(UTC) + timedelta(minutes=110)


def test_second_sync_gets_304s_and_fetches_no_article_page(cli, web):
    only_followed(cli)
    for name in ("rss", "newsmap", "section"):
        follow(cli, web[name].url("/latest" if name == "section" else "/"))
    assert sync(cli).json()["new"] == 5 + 4 + 6
    web.clear_requests()
    again = sync(cli)
    assert again.code == 0 and again.json()["new"] == 0
    assert web["rss"].hits("/rss.xml")[0].status == 304
    assert web["newsmap"].hits("/sitemaps/news.xml")[0].status == 304
    assert web["section"].hits("/latest")[0].status == 304
    for name in ("rss", "newsmap", "section"):
        assert [r.path for r in web[name].requests if r.path not in ("/robots.txt",) and r.status != 304] == []


def test_each_kind_of_site_gives_its_articles(cli, web):
    only_followed(cli)
    for name in ("atom", "jsonfeed", "newsmap", "section", "cyrillic"):
        follow(cli, web[name].url("/latest" if name == "section" else "/"))
    result = sync(cli)
    assert result.code == 0, result
    by_title = {a["title"]: a for a in cli("list", "--limit", "0", "--json").json()}
    for name in ("atom", "jsonfeed", "newsmap", "section", "cyrillic"):
        for story in web[name].stories:
            article = by_title[story.title]
            assert article["word_count"] >= 60, (name, article)
            if name in ("atom", "jsonfeed", "newsmap"):   # dates from the feed (atom, newsmap pages have none)
                assert article["published"] == story.published.isoformat(), name
            if name in ("atom", "jsonfeed"):
                assert article["authors"] == [story.author] and set(story.tags) <= set(article["tags"])
            if name == "newsmap":
                assert article["tags"] == story.tags     # news:keywords
    assert by_title[web["cyrillic"].stories[0].title]["title"].startswith("Новости: ")


def test_one_story_on_two_sites_is_one_article(cli, web):
    only_followed(cli)
    follow(cli, web["wire"].url("/"))
    follow(cli, web["partner"].url("/"))
    assert sync(cli, "127-0-0-17").code == 0           # the wire first: its copies are the originals
    result = sync(cli)
    assert result.code == 0, result
    stored = cli("list", "--limit", "0", "--json").json()
    assert len(stored) == 5                                  # the wire's 4 and the partner's own story
    shared = [a for a in stored if a["found_on"] == ["127-0-0-17", "127-0-0-18"]]
    assert len(shared) == 3 and all(a["site"] == "127-0-0-17" for a in shared)
    assert all(a["url"].startswith(web["wire"].base) for a in shared)
    partner = result.json()["sites"][1]
    assert partner["duplicates"] + partner["known"] >= 2 and partner["new"] == 1


def test_following_twice_changes_nothing_and_names_are_unique(cli, web):
    first = follow(cli, web["rss"].url("/"))
    again = cli("follow", web["rss"].url("/rss.xml"))
    assert again.code == 0 and "already followed" in again.stdout
    named = follow(cli, web["atom"].url("/"), "--name", "valley")
    assert named["name"] == "valley"
    other = follow(cli, web["jsonfeed"].url("/"), "--name", "valley")   # an existing name: a second entry point
    assert [e["kind"] for e in other["entry_points"]] == ["feed", "feed"]
    names = [s["name"] for s in cli("sites", "--json").json()]
    assert names == ["almayadeen-en", first["name"], "valley"]
    everything = cli("sites", "--all", "--json").json()
    assert {"almayadeen-ar", "almayadeen-es"} <= {s["name"] for s in everything}


def test_unfollow_keeps_articles_unless_delete(cli, web):
    only_followed(cli)
    follow(cli, web["jsonfeed"].url("/"))
    follow(cli, web["atom"].url("/"))
    sync(cli)
    assert len(articles(cli)) == 7
    assert cli("unfollow", "127-0-0-13").code == 0
    assert len(articles(cli)) == 7 and [s["name"] for s in cli("sites", "--json").json()] == ["127-0-0-12"]
    assert cli("unfollow", "127-0-0-12", "--delete").code == 0
    assert len(articles(cli)) == 3
    assert cli("unfollow", "nope").code == 1


def test_faults_are_one_line_each_and_other_sites_still_sync(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    faults = web["faults"]
    for path in ("/bozo.xml", "/bomb.xml", "/many.xml", "/hostile.xml"):
        follow(cli, faults.url(path), "--name", path.strip("/").split(".")[0])
    follow(cli, web["rss"].url("/"))
    result = sync(cli)
    assert result.code == 0, result
    sites = {s["site"]: s for s in result.json()["sites"]}
    assert sites["127-0-0-11"]["new"] == 5
    assert sites["bozo"]["notes"] and "not well-formed" in sites["bozo"]["notes"][0]
    assert sites["bomb"]["notes"] and "DOCTYPE" in sites["bomb"]["notes"][0]
    assert any("20,000 items; the first 500 read" in n for n in sites["many"]["notes"])
    assert any("3 item links refused" in n for n in sites["hostile"]["notes"])
    hostile = cli("read", faults.url(f"/news/{faults.stories[0].slug}.html"), "--json").json()
    assert hostile["found_on"] == ["hostile"]
    assert not any(a["url"].startswith(("javascript:", "file:", "data:")) for a in articles(cli).values())


def test_a_301_moves_the_entry_point_and_a_410_marks_the_site_gone(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    faults = web["faults"]
    follow(cli, faults.url("/feed.xml"), "--name", "faults")
    faults.routes["/new-feed.xml"] = faults.routes["/feed.xml"]
    faults.add("/feed.xml", b"", status=301, Location=faults.url("/new-feed.xml"))
    assert sync(cli).code == 0
    site = cli("sites", "--json").json()[0]
    assert site["url"] == faults.url("/new-feed.xml") and site["articles"] == 2
    faults.add("/new-feed.xml", b"gone", status=410)
    result = sync(cli, "faults")
    assert result.code == 3, result                    # nothing could be polled
    site = cli("sites", "--json").json()[0]
    assert site["status"] == "gone" and site["last_error"] == {"status": 410, "reason": "HTTP 410"}
    skipped = cli("sync")                               # a gone site is polled only when named
    assert skipped.code == 2 and "gone" in skipped.stderr


def test_503_with_retry_after_is_not_asked_again_before_then(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    faults = web["faults"]
    follow(cli, faults.url("/feed.xml"), "--name", "busy")
    faults.add("/feed.xml", b"busy", status=503, Retry_After="7200")
    result = sync(cli, "busy")
    assert result.code == 3
    assert result.json()["discovery_errors"][0]["status"] == 503
    site = cli("sites", "--json").json()[0]
    assert datetime.fromisoformat(site["next_check"]) >= datetime.now(UTC) + timedelta(seconds=7100)
    web.clear_requests()
    due = sync(cli, "--due")
    assert due.code == 0 and due.json()["sites"] == [] and faults.requests == []


def test_three_failures_in_a_row_make_a_site_failing(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    faults = web["faults"]
    follow(cli, faults.url("/feed.xml"), "--name", "flaky")
    faults.add("/feed.xml", b"no", status=404)
    for _ in range(3):
        assert sync(cli, "flaky").code == 3
    site = cli("sites", "--json").json()[0]
    assert site["status"] == "failing" and site["last_error"]["status"] == 404
    # Backed off: the next check is four intervals away (1h, 2h, 4h).
    assert datetime.fromisoformat(site["next_check"]) > datetime.now(UTC) + timedelta(hours=3.9)


def test_huge_feeds_and_gzip_bombs_are_refused(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    faults = web["faults"]
    for path in ("/huge.xml", "/gzbomb.xml"):
        result = cli("follow", faults.url(path), "--dry-run", "--json")
        assert result.code == 0
        errors = result.json()["discovery"]["errors"]
        assert any("too large" in e for e in errors), errors


def comparable(sites):
    keys = ("name", "kind", "home", "url", "entry_points", "tags", "every")
    return [{k: s[k] for k in keys} for s in sites]


def test_opml_export_import_export_gives_the_same_sites(cli, web, tmp_path):
    follow(cli, web["rss"].url("/"), "--tag", "Harbour", "--tag", "Sea & ships", "--every", "2h")
    follow(cli, web["newsmap"].url("/"))
    follow(cli, web["section"].url("/latest"), "--name", "museum")
    follow(cli, web["jsonfeed"].url("/"), "--name", "museum")
    exported = tmp_path / "sites.opml"
    assert cli("sites", "export", "--output", exported).code == 0
    text = exported.read_text(encoding="utf-8")
    assert f'xmlUrl="{web["rss"].url("/rss.xml")}"' in text and 'category="Harbour,Sea &amp; ships"' in text
    assert 'news:every="2h"' in text and 'news:kind="section"' in text
    other = tmp_path / "other-home"
    imported = cli("--home", other, "sites", "import", exported, "--json")
    assert imported.code == 0, imported
    statuses = {r["url"]: r["status"] for r in imported.json()}
    assert statuses[web["rss"].url("/rss.xml")] == "added"
    assert statuses["https://english.almayadeen.net/"] == "skipped"     # followed there already
    assert comparable(cli("--home", other, "sites", "--json").json()) == comparable(cli("sites", "--json").json())
    again = tmp_path / "again.opml"
    assert cli("--home", other, "sites", "export", "-o", again).code == 0
    strip = lambda t: [line for line in t.splitlines() if "dateCreated" not in line]  # noqa: E731
    assert strip(again.read_text(encoding="utf-8")) == strip(text)
    # Importing the same file again adds nothing.
    assert {r["status"] for r in cli("--home", other, "sites", "import", exported, "--json").json()} == {"skipped"}


def test_import_reads_sloppy_opml_newsboat_files_and_url_lists(cli, web, tmp_path):
    opml = tmp_path / "reader.opml"
    opml.write_bytes(b'<?xml version="1.0"?><opml version="1.0"><head><title>Me & my feeds</title></head><body>'
                     b'<outline text="World"><outline text="Bits & Bytes" xmlUrl="http://bits.example/rss"/>'
                     b'<outline xmlUrl="http://untitled.example/atom.xml"/></outline>'
                     b'<outline title="Solo" xmlUrl="http://solo.example/feed" category="/Tech/AI,Daily"/>'
                     b"</body></opml>")
    urls = tmp_path / "urls"
    urls.write_text('http://nb.example/rss.xml linux "open source" "~NB News"\n'
                    '"query:Unread:unread = \\"yes\\""\n# a comment\nhttp://plain.example/feed tech\n',
                    encoding="utf-8")
    plain = tmp_path / "list.txt"
    plain.write_text(web["atom"].url("/") + "\n", encoding="utf-8")
    result = cli("sites", "import", opml, urls, plain, "--json")
    assert result.code == 0, result
    rows = result.json()
    skipped = [r for r in rows if r["status"] == "skipped"]
    assert len(skipped) == 1 and "query" in skipped[0]["reason"]
    sites = {s["name"]: s for s in cli("sites", "--json").json()}
    assert sites["bits"]["tags"] == ["World"] and sites["untitled"]["tags"] == ["World"]
    assert sites["solo"]["tags"] == ["Tech", "AI", "Daily"]
    assert sites["NB News"]["tags"] == ["linux", "open source"]
    assert sites["plain"]["url"] == "http://plain.example/feed" and sites["plain"]["tags"] == ["tech"]
    assert sites["127-0-0-12"]["url"] == web["atom"].url("/feeds/all.atom")   # a plain list: discovered


def test_sites_polled_at_once_still_store_one_story_once(cli, web):
    only_followed(cli)
    follow(cli, web["partner"].url("/"))
    follow(cli, web["wire"].url("/"))
    assert sync(cli).code == 0                      # two hosts: polled in two threads
    stored = cli("list", "--limit", "0", "--json").json()
    assert len(stored) == 5
    assert sum(sorted(a["found_on"]) == ["127-0-0-17", "127-0-0-18"] for a in stored) == 3


def test_another_url_of_a_followed_site_adds_an_entry_point(cli, web):
    only_followed(cli)
    faults = web["faults"]
    first = follow(cli, faults.url("/feed.xml"))
    second = follow(cli, faults.url("/bozo.xml"))
    assert second["name"] == first["name"] == "127-0-0-19"
    assert [e["url"] for e in second["entry_points"]] == [faults.url("/feed.xml"), faults.url("/bozo.xml")]
    assert len(cli("sites", "--json").json()) == 1


def test_never_polled_more_often_than_the_feed_allows(cli, web):
    only_followed(cli)
    follow(cli, web["rss"].url("/"), "--every", "10m")       # the feed says <ttl>30</ttl>
    result = sync(cli)
    assert result.code == 0
    assert {"new", "updated", "unchanged", "skipped", "failed", "requests", "elapsed", "sites"} <= set(result.json())
    site = cli("sites", "--json").json()[0]
    assert site["every"] == "10m"
    assert datetime.fromisoformat(site["next_check"]) >= datetime.now(UTC) + timedelta(minutes=29)


def test_limit_and_section_apply_to_followed_sites(cli, web):
    only_followed(cli)
    follow(cli, web["jsonfeed"].url("/"), "--name", "summit")
    follow(cli, web["section"].url("/latest"), "--name", "museum")
    limited = sync(cli, "summit", "--limit", "1")
    assert limited.code == 0 and limited.json()["new"] == 1 and limited.json()["waiting"] == 2
    assert sync(cli, "museum", "--section", "nowhere").json()["new"] == 0
    assert sync(cli, "museum", "--section", "museum").json()["new"] == 6
    assert sync(cli, "summit").json()["new"] == 2            # the rest of what stayed queued


def test_feed_content_stands_in_for_a_page_that_fails_and_an_item_without_link(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    atom = web["atom"]
    lost = atom.stories[0]
    atom.add(f"/posts/{lost.slug}", b"gone", status=404)
    atom.routes["/feeds/all.atom"].body = atom.routes["/feeds/all.atom"].body.replace(
        b"</feed>", b"<entry><title>Linkless note</title><id>tag:atom.test,2024:note</id>"
                    b"<updated>2024-05-02T09:00:00+00:00</updated><content type=\"text\">"
                    + b"A note that only the feed carries, with no page of its own at all. " * 4
                    + b"</content></entry></feed>")
    follow(cli, atom.url("/"))
    result = sync(cli)
    assert result.code == 0, result
    summary = result.json()["sites"][0]
    assert summary["new"] == 5 and summary["from_feed"] == 2
    stored = {a["title"]: a for a in cli("list", "--limit", "0", "--json").json()}
    from_feed = cli("read", stored[lost.title]["id"], "--json").json()
    assert from_feed["text"] == lost.text and from_feed["authors"] == [lost.author]
    note = cli("read", stored["Linkless note"]["id"], "--json").json()
    assert note["url"].startswith("urn:news-item:") and note["text"].startswith("A note that only the feed")


def test_sites_on_different_hosts_are_polled_at_once_each_at_its_rate(cli, fresh_web):
    web = fresh_web
    only_followed(cli)
    follow(cli, web["wire"].url("/"))
    follow(cli, web["partner"].url("/"))
    web.clear_requests()
    assert cli("sync", "--rate", "4", "--json").code == 0
    wire, partner = [[r.time for r in web[name].requests] for name in ("wire", "partner")]
    assert partner[0] < wire[-1] and wire[0] < partner[-1]          # the two hosts overlap
    for times in (wire, partner):   # each host: 4 requests a second at most (0.25 s apart when sent)
        assert times[-1] - times[0] >= 0.2 * (len(times) - 1), times
        assert all(b - a >= 0.1 for a, b in zip(times, times[1:])), times   # arrival jitter under load


def test_a_sitemap_index_entry_point_revalidates_its_children(cli, web, tmp_path):
    only_followed(cli)
    index = web["newsmap"].url("/sitemaps/index.xml")
    listing = tmp_path / "sites.opml"
    listing.write_text(f'<opml version="2.0" xmlns:news="https://github.com/newscli/news/opml"><body>'
                       f'<outline text="Railway" xmlUrl="{index}" news:kind="sitemap" news:name="railway"/>'
                       "</body></opml>", encoding="utf-8")
    assert cli("sites", "import", listing).code == 0
    assert sync(cli).json()["new"] == 4
    web.clear_requests()
    assert sync(cli).json()["new"] == 0
    assert [r.status for r in web["newsmap"].hits("/sitemaps/index.xml")] == [200]
    assert [r.status for r in web["newsmap"].hits("/sitemaps/news.xml")] == [304]
