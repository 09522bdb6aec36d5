"""`news sync` against small sites served on 127.0.0.1 (tests/support/minisite.py):
discovery, the queue, filters, failures, exit codes and the JSON summary.
The faithful-replica tests are in test_sync_replica.py."""

from __future__ import annotations

import sqlite3

import pytest
from minisite import MiniSite, sitemapindex, urlset
from processes import default_sigint

from newscli.urls import article_id

SUMMARY_KEYS = {"new", "updated", "skipped", "failed", "discovered", "unchanged", "blocked",
                "requests", "elapsed", "waiting", "sitemaps", "last_sync"}


def politics(n: int, prefix: str = "story") -> list[str]:
    return [f"/news/politics/{prefix}-{i}" for i in range(n)]


def sync(cli, site, *args):
    return cli("sync", "--base-url", site.base, "--rate", "0", "--json", *args)


def fetch_state(home, url: str) -> sqlite3.Row:
    conn = sqlite3.connect(home / "news.db")
    conn.row_factory = sqlite3.Row
    return conn.execute("SELECT * FROM fetch_state WHERE url = ?", (url,)).fetchone()


def test_first_sync_stores_every_article_then_second_fetches_none(cli, server, home):
    site = MiniSite(server, {"2024-6": politics(3, "old"), "2024-7": politics(4)})
    result = sync(cli, site)
    assert result.code == 0, result
    summary = result.json()
    assert set(summary) >= SUMMARY_KEYS
    assert summary["new"] == 7 and summary["failed"] == [] and summary["discovered"] == 7
    assert summary["sitemaps"]["read"] == 3          # the index and two months
    stored = {a["id"] for a in cli("list", "--limit", "0", "--json").json()}
    assert stored == {article_id(site.base + p) for p in site.paths}
    # Newest month first, although the index lists it last.
    order = server.requests
    assert order.index("/sitemaps/all/sitemap-2024-7.xml") < order.index("/sitemaps/all/sitemap-2024-6.xml")
    assert order.index("/news/politics/story-0") < order.index("/news/politics/old-0")

    server.requests.clear()
    again = sync(cli, site)
    assert again.code == 0, again
    assert site.article_requests() == []
    assert again.json()["new"] == 0 and again.json()["known"] == 7

    site.add_article("/news/politics/brand-new")
    server.add("/sitemaps/all/sitemap-2024-7.xml", urlset([site.base + p for p in politics(4)]
                                                          + [site.base + "/news/politics/brand-new"]))
    server.requests.clear()
    third = sync(cli, site).json()
    assert third["new"] == 1
    assert [p for p in server.requests if p.startswith("/news/")] == ["/news/politics/brand-new"]
    assert cli("stats", "--json").json()["last_sync"] == third["last_sync"] is not None


def test_robots_txt_is_honoured(cli, server):
    site = MiniSite(server, {"2024-7": politics(3) + ["/news/politics/private-1"]},
                    robots="User-agent: *\nDisallow: /news/*/private-\n")
    summary = sync(cli, site).json()
    assert summary["new"] == 3
    assert summary["skipped_reasons"] == {"disallowed by robots.txt": 1}
    assert "/news/politics/private-1" not in server.requests
    assert server.requests[0] == "/robots.txt"


def test_robots_rules_for_our_user_agent_apply(cli, server):
    site = MiniSite(server, {"2024-7": politics(2)},
                    robots="User-agent: *\nAllow: /\n\nUser-agent: news\nDisallow: /news/\n")
    summary = sync(cli, site).json()
    assert summary["new"] == 0 and summary["skipped"] == 2
    assert site.article_requests() == []


def test_failures_are_recorded_and_do_not_stop_the_run(cli, server, home):
    site = MiniSite(server, {"2024-7": politics(4) + ["/about-us/page"]})
    server.add("/news/politics/story-1", "gone", status=404)
    server.add("/news/politics/story-2", "")                       # nothing to extract
    site.add_article("/about-us/page", kind="page")                 # not news
    result = sync(cli, site)
    assert result.code == 0, result
    summary = result.json()
    assert summary["new"] == 2
    reasons = {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failed"]}
    assert reasons == {"story-1": "HTTP 404", "story-2": "empty page"}
    assert summary["skipped_reasons"] == {"not news (type page)": 1}
    assert fetch_state(home, site.base + "/news/politics/story-1")["status"] == "gone"
    assert fetch_state(home, site.base + "/news/politics/story-2")["status"] == "failed"
    assert fetch_state(home, site.base + "/about-us/page")["status"] == "skipped"

    # 404s and skipped pages are settled; an extraction failure is tried again.
    server.requests.clear()
    sync(cli, site)
    assert site.article_requests() == ["/news/politics/story-2"]


def test_human_summary_is_one_line_and_failures_go_to_stderr(cli, server):
    site = MiniSite(server, {"2024-7": politics(2)})
    server.add("/news/politics/story-1", "gone", status=404)
    result = cli("sync", "--base-url", site.base, "--rate", "0")
    assert result.code == 0
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("almayadeen-en: 1 new, 0 updated, 0 skipped, 1 failed")
    assert "story-1: HTTP 404" in result.stderr


def test_limit_caps_articles_and_the_rest_stays_queued(cli, server):
    site = MiniSite(server, {"2024-5": politics(3, "older"), "2024-6": politics(3, "old"),
                             "2024-7": politics(5)})
    first = sync(cli, site, "--limit", "2").json()
    assert first["new"] == 2 and len(site.article_requests()) == 2
    assert "/sitemaps/all/sitemap-2024-5.xml" not in server.requests   # no need to read further
    assert first["waiting"] == 3
    server.requests.clear()
    rest = sync(cli, site).json()
    assert rest["new"] == 9 and rest["waiting"] == 0
    assert len(site.article_requests()) == 9                           # nothing fetched twice
    assert sorted(site.article_requests()[:3]) == ["/news/politics/story-2", "/news/politics/story-3",
                                                   "/news/politics/story-4"]   # what was left, first


def test_since_skips_older_monthly_sitemaps(cli, server):
    site = MiniSite(server, {"2024-6": politics(2, "old"), "2024-7": politics(2)})
    summary = sync(cli, site, "--since", "2024-07-10").json()
    assert summary["new"] == 2 and summary["sitemaps"]["too_old"] == 1
    assert "/sitemaps/all/sitemap-2024-6.xml" not in server.requests


def test_since_skips_urls_with_an_older_lastmod(cli, server):
    site = MiniSite(server, {"2024-7": politics(3)})
    urls = [site.base + p for p in politics(3)]
    server.add("/sitemaps/all/sitemap-2024-7.xml",
               urlset(urls, {urls[0]: "2024-07-01", urls[1]: "2024-07-20T08:00:00+03:00"}))
    sync(cli, site, "--since", "2024-07-15")
    assert sorted(site.article_requests()) == ["/news/politics/story-1", "/news/politics/story-2"]


def test_section_restricts_to_urls_under_its_path(cli, server):
    site = MiniSite(server, {"2024-7": politics(2) + ["/articles/opinion/view-1", "/articles/opinion/view-2"]})
    summary = sync(cli, site, "--section", "opinion").json()
    assert summary["new"] == 2
    assert sorted(site.article_requests()) == ["/articles/opinion/view-1", "/articles/opinion/view-2"]
    assert summary["waiting"] == 2                                     # the others stay queued


def test_changed_lastmod_refetches_an_article(cli, server):
    site = MiniSite(server, {"2024-7": politics(3)})
    urls = [site.base + p for p in politics(3)]
    server.add("/sitemaps/all/sitemap-2024-7.xml", urlset(urls, {urls[1]: "2024-07-02", urls[2]: "2024-07-02"}))
    sync(cli, site)
    server.add("/sitemaps/all/sitemap-2024-7.xml",
               urlset(urls, {urls[0]: "2024-07-09", urls[1]: "2024-07-09T10:00:00+03:00", urls[2]: "2024-07-02"}))
    server.requests.clear()
    summary = sync(cli, site).json()
    assert site.article_requests() == ["/news/politics/story-1"]
    assert summary["changed"] == 1 and summary["unchanged"] == 1


def test_off_site_and_hostile_sitemaps(cli, server):
    site = MiniSite(server, {"2024-6": politics(1, "old"), "2024-7": politics(2)}, gzip_months=True)
    bomb = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefg", "bcdefgh"))
            + ']><urlset><url><loc>http://x/&h;</loc></url></urlset>')
    server.add("/sitemaps/all/sitemap-2024-5.xml", bomb)
    server.add("/sitemaps/all/sitemap-2024-4.xml",
               urlset(["https://elsewhere.example/news/politics/x", site.base + "/news/politics/april"]))
    site.add_article("/news/politics/april")
    server.add("/sitemaps/all.xml", sitemapindex(
        [site.base + f"/sitemaps/all/sitemap-{m}.xml" for m in ("2024-4", "2024-5")]
        + [site.base + "/sitemaps/all/sitemap-2024-6.xml.gz", site.base + "/sitemaps/all/sitemap-2024-7.xml.gz",
           "https://elsewhere.example/sitemap-2024-8.xml"]))
    result = sync(cli, site)
    assert result.code == 0, result
    summary = result.json()
    assert summary["new"] == 4                                        # gzip months and April
    assert summary["offsite"] == 2
    [problem] = summary["discovery_errors"]
    assert problem["url"].endswith("sitemap-2024-5.xml")


def test_no_sitemap_falls_back_to_the_home_page(cli, server):
    server.add("/robots.txt", "", headers={"Content-Type": "text/plain"})
    links = "".join(f'<a href="{p}">story</a>' for p in politics(2)) + '<a href="/news/politics">nav</a>'
    server.add("/", f"<html><body>{links}<a href='https://elsewhere.example/news/politics/x'>x</a></body></html>")
    site = MiniSite.__new__(MiniSite)
    site.server, site.base, site.months = server, server.base, {"-": politics(2)}
    for path in politics(2):
        site.add_article(path)
    summary = sync(cli, site).json()
    assert summary["new"] == 2
    assert sorted(site.article_requests()) == politics(2)


def test_no_sitemap_follows_a_listing_s_next_pages_while_they_bring_new_links(cli, server):
    """A section listing runs newest first, a rel="next" link to the page
    after: pages are read while they bring unseen links (page 4 repeats
    known ones, so page 5 is never asked for); the next sync stops at page 1."""
    server.add("/robots.txt", "", headers={"Content-Type": "text/plain"})
    server.add("/", "<html><body><a href='/news/politics'>Politics</a></body></html>")
    stories = politics(6)
    pages = {1: stories[0:2], 2: stories[2:4], 3: stories[4:6], 4: stories[0:2]}
    for number, paths in pages.items():
        links = "".join(f'<a href="{path}">story</a>' for path in paths)
        server.add("/news/politics" + (f"?page={number}" if number > 1 else ""),
                   f'<html><body>{links}<a rel="next" href="/news/politics?page={number + 1}">Next</a></body></html>')
    site = MiniSite.__new__(MiniSite)
    site.server, site.base, site.months = server, server.base, {"-": stories}
    for path in stories:
        site.add_article(path)
    assert sync(cli, site).json()["new"] == 6
    assert sorted(site.article_requests()) == sorted(stories)
    listing = [path for path in server.requests if path.startswith("/news/politics?")]
    assert listing == ["/news/politics?page=2", "/news/politics?page=3", "/news/politics?page=4"]
    server.requests.clear()
    assert sync(cli, site).json()["new"] == 0
    assert "/news/politics" in server.requests
    assert not [path for path in server.requests if path.startswith("/news/politics?")]


def test_a_listing_that_never_ends_is_read_so_far_only(cli, server):
    from newscli.sync.discovery import MAX_LISTING_PAGES

    server.add("/robots.txt", "", headers={"Content-Type": "text/plain"})
    stories = politics(MAX_LISTING_PAGES + 5)
    for number, path in enumerate(stories, start=1):   # a new story on every page, and a next page
        server.add("/news/politics" + (f"?page={number}" if number > 1 else ""),
                   f'<html><body><a href="{path}">story</a>'
                   f'<link rel="prev next" href="/news/politics?page={number + 1}"></body></html>')
    site = MiniSite.__new__(MiniSite)
    site.server, site.base, site.months = server, server.base, {"-": stories}
    for path in stories:
        site.add_article(path)
    assert sync(cli, site).json()["new"] == MAX_LISTING_PAGES
    listing = {path for path in server.requests if path.partition("?")[0] == "/news/politics"}
    assert len(listing) == MAX_LISTING_PAGES


def test_nothing_fetchable_exits_3(cli, server):
    site = MiniSite(server, {"2024-7": politics(2)})
    for path in politics(2):
        server.add(path, "gone", status=404)
    result = cli("sync", "--base-url", site.base, "--rate", "0")
    assert result.code == 3
    assert "nothing could be fetched" in result.stderr and "HTTP 404" in result.stderr


def test_unreachable_site_is_one_line_exit_3(news):
    import socket

    with socket.socket() as sock:   # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = news("sync", "--base-url", f"http://127.0.0.1:{port}/", "--rate", "0")
    assert result.code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("news: error: cannot reach 127.0.0.1: connection refused")


def test_firewall_block_is_explained(cli, server):
    site = MiniSite(server, {"2024-7": politics(2)})
    server.add("/news/politics/story-0", "<html><title>Attention Required! | Cloudflare</title></html>",
               status=403, headers={"cf-ray": "8a1b2c3d4e5f-AMS", "Server": "cloudflare"})
    result = cli("sync", "--base-url", site.base, "--rate", "0")
    assert result.code == 0
    assert "1 blocked" in result.stdout
    advice = [line for line in result.stderr.splitlines() if "firewall" in line]
    assert len(advice) == 1
    for hint in ("--rate", "--user-agent", "cookies"):
        assert hint in advice[0]


def test_usage_errors(cli):
    assert cli("sync", "no-such-site").code == 2
    assert cli("sync", "--base-url", "ftp://x").code == 2
    assert cli("sync", "--since", "someday").code == 2
    assert cli("sync", "--rate", "-1").code == 2


@pytest.mark.parametrize("rate", ["4"])
def test_rate_spaces_requests(cli, server, rate):
    site = MiniSite(server, {"2024-7": politics(4)})
    summary = cli("sync", "--base-url", site.base, "--rate", rate, "--concurrency", "4", "--json").json()
    requests = summary["requests"]
    assert requests == 7
    # 7 requests at 4 per second: at least 6 intervals of 0.25 s (loosely).
    assert summary["elapsed"] >= 0.8 * (requests - 1) / float(rate)


# -- the real process: interrupts and the terminal ---------------------------


def test_progress_bar_on_a_terminal(server, home):
    import os

    import pexpect
    from conftest import news_executable

    site = MiniSite(server, {"2024-7": politics(6)})
    child = pexpect.spawn(news_executable(), ["sync", "--base-url", site.base, "--rate", "10"],
                          env={**os.environ, "NEWS_HOME": str(home), "TERM": "xterm", "COLUMNS": "140"},
                          timeout=30, dimensions=(24, 140), encoding="utf-8", preexec_fn=default_sigint)
    child.expect("fetched · 0 failed · 0 skipped")
    child.expect(r"almayadeen-en: 6 new, 0 updated, 0 skipped, 0 failed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_crawl_delay_slows_a_polite_sync_but_not_rate_0(cli, server):
    # A delay large enough that a loaded CI machine cannot blur the two cases.
    delay = 0.75
    site = MiniSite(server, {"2024-7": politics(2)}, robots=f"User-agent: *\nCrawl-delay: {delay}\n")
    polite = cli("sync", "--base-url", site.base, "--rate", "100", "--json").json()
    # robots.txt is read first; the four requests after it are spaced by the delay.
    assert polite["requests"] == 5 and polite["elapsed"] >= 0.9 * 3 * delay
    site.add_article("/news/politics/story-9")
    server.add("/sitemaps/all/sitemap-2024-7.xml", urlset([site.base + p for p in politics(2)]
                                                          + [site.base + "/news/politics/story-9"]))
    mirror = cli("sync", "--base-url", site.base, "--rate", "0", "--json").json()
    assert mirror["new"] == 1 and mirror["elapsed"] < 4 * delay
