"""The parts of sync on their own: sitemap parsing (hostile input), robots.txt
rules, the order of monthly sitemaps, sections, and the Fetcher's politeness."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime

import pytest

from newscli.fetch import Fetcher, FetchError, RateLimiter
from newscli.sites import get_recipe
from newscli.sync.discovery import Section, month_in_url, newest_first
from newscli.sync.robots import Robots
from newscli.sync.sitemaps import BadSitemap, Entry, parse_sitemap

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def entries(data: bytes | str) -> tuple[str, list[Entry]]:
    sitemap = parse_sitemap(data.encode() if isinstance(data, str) else data)
    return sitemap.kind, list(sitemap.entries)


def test_urlset_index_gzip_and_text_sitemaps():
    urlset = (f'<?xml version="1.0"?><urlset {NS}><url><loc> https://a.example/x </loc>'
              '<lastmod>2024-07-02T10:00:00+03:00</lastmod></url><url><loc>https://a.example/y</loc></url>'
              '<url><loc>not a url</loc></url></urlset>')
    kind, found = entries(urlset)
    assert kind == "urlset"
    assert found == [Entry("https://a.example/x", datetime(2024, 7, 2, 7, tzinfo=UTC)),
                     Entry("https://a.example/y")]
    assert entries(gzip.compress(urlset.encode())) == (kind, found)
    kind, found = entries(f'<sitemapindex {NS}><sitemap><loc>https://a.example/s-2024-7.xml</loc>'
                          '</sitemap></sitemapindex>')
    assert kind == "index" and [e.loc for e in found] == ["https://a.example/s-2024-7.xml"]
    assert entries("https://a.example/1\nnonsense\n\ufeffhttps://a.example/2\n")[1] == [
        Entry("https://a.example/1"), Entry("https://a.example/2")]


def test_hostile_sitemaps_are_refused_not_expanded():
    laughs = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
              + ']><urlset><url><loc>https://a.example/&i;</loc></url></urlset>')
    with pytest.raises(BadSitemap):
        entries(laughs)
    xxe = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           '<urlset><url><loc>https://a.example/&e;</loc></url><url><loc>https://a.example/ok</loc></url></urlset>')
    assert entries(xxe)[1] == [Entry("https://a.example/ok")]       # the entity's URL is dropped, unread
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(BadSitemap, match="decompressed"):
        parse_sitemap(bomb)
    with pytest.raises(BadSitemap, match="root element is <html>"):
        parse_sitemap(b"<html><body>Not found</body></html>")
    truncated = parse_sitemap(f"<urlset {NS}><url><loc>https://a.example/1</loc></url><url><loc>https://a".encode())
    found = []
    with pytest.raises(BadSitemap, match="after 1 entries"):
        found.extend(truncated.entries)
    assert found == [Entry("https://a.example/1")]                   # what came before is kept


def test_robots_rules_follow_the_rfc():
    robots = Robots.parse("User-agent: *\nDisallow: /news/*/private-\nDisallow: /*.pdf$\nAllow: /news/a/private-ok\n"
                          "Crawl-delay: 3\nSitemap: https://a.example/sitemaps/all.xml\n", "news/1.0 (newscli)")
    assert not robots.allowed("https://a.example/news/politics/private-1")
    assert robots.allowed("https://a.example/news/a/private-ok")       # the longer rule wins
    assert not robots.allowed("https://a.example/files/x.pdf")
    assert robots.allowed("https://a.example/files/x.pdf?page=2")
    assert robots.crawl_delay == 3.0
    assert robots.sitemaps == ["https://a.example/sitemaps/all.xml"]
    ours = Robots.parse("User-agent: *\nAllow: /\n\nUser-agent: news\nDisallow: /\n", "news/1.0 (newscli)")
    assert not ours.allowed("https://a.example/x")


def test_monthly_sitemaps_newest_first_from_the_index():
    listed = [Entry(f"https://a.example/sitemaps/all/sitemap-{m}.xml") for m in ("2023-12", "2024-7", "2024-10", "2024-2")]
    listed.append(Entry("https://a.example/sitemaps/latest.xml"))
    order = [c.url.rsplit("/", 1)[-1] for c in newest_first(listed)]
    assert order == ["latest.xml", "sitemap-2024-10.xml", "sitemap-2024-7.xml", "sitemap-2024-2.xml",
                     "sitemap-2023-12.xml"]
    assert month_in_url("https://www.almayadeen.net/sitemaps/all/sitemap-2024-7.xml") == (2024, 7)
    assert month_in_url("https://a.example/sitemap-2024-13.xml") is None
    [child] = newest_first([Entry("https://a.example/sitemap-2024-12.xml")])
    assert child.newest == datetime(2025, 1, 1, tzinfo=UTC)


def test_sections_and_site_bounds():
    recipe = get_recipe("almayadeen-en").with_base_url("http://127.0.0.1:8000/")
    politics = Section.resolve(recipe, "politics")
    assert politics.landing == ["http://127.0.0.1:8000/news/politics"]
    assert politics.contains("http://127.0.0.1:8000/news/politics/some-story")
    assert not politics.contains("http://127.0.0.1:8000/news/economy/politics-of-oil")
    assert Section.resolve(recipe, "news/politics").landing == politics.landing
    loose = Section.resolve(recipe, "elections")
    assert loose.landing == [] and loose.contains("http://127.0.0.1:8000/news/elections/x")
    arabic = get_recipe("almayadeen-ar").with_base_url("http://127.0.0.1:8000/ar/")
    assert arabic.covers("http://127.0.0.1:8000/ar/news/x")
    assert not arabic.covers("http://127.0.0.1:8000/news/x")
    assert not arabic.covers("http://127.0.0.1:8001/ar/news/x")
    assert not arabic.covers("http://127.0.0.1:8000/arabic/news/x")   # under the path, not beside it
    assert not arabic.covers("http://127.0.0.1:99999/ar/news/x")      # a port out of range: not a URL of it


def test_unknown_section_warns(cli, replica):
    result = cli("sync", "--base-url", replica.base_url, "--rate", "0", "--section", "sport", "--json")
    assert result.code == 0
    assert "has no section page 'sport'" in result.stderr and "sports" in result.stderr
    assert result.json()["new"] == 0


def test_retry_after_too_long_gives_up_at_once(replica):
    record = replica.wanted("en")[0]
    replica.set_fault(record.wire_path, "rate_limit", retry_after=3600)
    started = time.monotonic()
    with pytest.raises(FetchError, match="asks to wait 3600s"):
        Fetcher().get(record.url)
    assert time.monotonic() - started < 5
    assert len(replica.requests_for(record.wire_path)) == 1


def test_rate_limiter_defer_holds_back_threads_already_waiting():
    import threading

    limiter = RateLimiter(2)                 # one request every 0.5 s
    limiter.wait("h")
    started = time.monotonic()
    times = []
    thread = threading.Thread(target=lambda: (limiter.wait("h"), times.append(time.monotonic())))
    thread.start()                           # waits for its turn at +0.5 s ...
    time.sleep(0.1)
    limiter.defer("h", 1.0)                  # ... when a Retry-After moves it to +1.1 s
    thread.join(5)
    assert times and times[0] - started >= 1.0


def test_each_429_doubles_a_host_s_spacing_up_to_a_limit():
    from newscli.fetch import MAX_BACK_OFF

    limiter = RateLimiter(4)                 # 0.25 s
    spacings = []
    for _ in range(6):
        limiter.back_off("h")
        spacings.append(limiter.interval_for("h"))
    assert spacings == [0.5, 1.0, 2.0, 2.0, 2.0, 2.0] == [min(0.25 * 2 ** n, 0.25 * MAX_BACK_OFF) for n in range(1, 7)]
    assert limiter.interval_for("other") == 0.25
    limiter.slow_down("slow", 5.0)           # a Crawl-delay beyond the limit is kept
    limiter.back_off("slow")
    assert limiter.interval_for("slow") == 5.0
    unlimited = RateLimiter(0)               # --rate 0: the Retry-After alone
    unlimited.back_off("h")
    assert unlimited.interval_for("h") == 0.0


def test_cookies_from_a_browser_are_sent(cli, replica, tmp_path):
    cookies = tmp_path / "cookies.txt"
    cookies.write_text("# Netscape HTTP Cookie File\n"
                       "127.0.0.1\tFALSE\t/\tFALSE\t0\tcf_clearance\tabc123\n")
    result = cli("sync", "--base-url", replica.base_url, "--rate", "0", "--limit", "1",
                 "--cookies", str(cookies), "--json")
    assert result.code == 0, result
    assert all("cf_clearance=abc123" in q.headers.get("cookie", "") for q in replica.requests)
    # news breaking builds its fetcher from the same settings (it had its own, without cookies).
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text(f"cookies = {str(cookies)!r}\n")
    before = len(replica.requests)
    assert cli("breaking", "--base-url", replica.base_url, "--json").code == 0
    ticker = replica.requests[before:]
    assert ticker and all("cf_clearance=abc123" in q.headers.get("cookie", "") for q in ticker)
    (tmp_path / "bad.txt").write_text("not a cookie file")
    bad = cli("sync", "--base-url", replica.base_url, "--cookies", str(tmp_path / "bad.txt"))
    assert bad.code == 2 and "cannot read the cookies file" in bad.stderr
