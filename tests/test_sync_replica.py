"""`news sync` against the Al Mayadeen replica (tests/support/replica/): what a polite,
incremental, resumable sync must do. Field values are the replica's tests'
business; here: counts, ids, what is skipped or failed, requests and headers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from datetime import datetime

import pytest
from conftest import news_executable
from processes import default_sigint
from replica import Replica

from newscli.urls import article_id

SUMMARY_KEYS = {"new", "updated", "skipped", "failed", "discovered", "unchanged", "blocked",
                "requests", "elapsed", "waiting", "known", "fetched", "sitemaps", "last_sync"}


@pytest.fixture
def replica():
    """A small replica (12 English articles, every variant and edge case): quick to sync."""
    with Replica(articles=4) as running:
        yield running


def sync(cli, replica, *args, edition="en"):
    return cli("sync", replica.recipe(edition).name, "--base-url", replica.base_urls[edition],
               "--rate", "0", "--json", *args)


def wanted_ids(replica, edition="en") -> set[str]:
    return {article_id(r.url) for r in replica.wanted(edition)}


def stored_ids(cli) -> set[str]:
    return {a["id"] for a in cli("list", "--limit", "0", "--json").json()}


def article_requests(replica, edition="en"):
    paths = {r.wire_path for r in replica.site.edition_records(edition)}
    return [q for q in list(replica.requests) if q.path in paths]


def disallowed(path: str) -> bool:
    return path.startswith(("/news/embargoed/", "/search", "/ar/search"))


def test_sync_stores_every_fetchable_article_politely(cli, replica):
    result = sync(cli, replica)
    assert result.code == 0, result
    summary = result.json()
    assert set(summary) >= SUMMARY_KEYS
    records = replica.site.edition_records("en")
    pages = [r for r in records if not r.is_news and not r.disallowed]
    embargoed = [r for r in records if r.disallowed]
    assert embargoed and pages                     # the replica has both kinds
    assert stored_ids(cli) == wanted_ids(replica)
    assert summary["new"] == len(replica.wanted("en"))
    assert summary["failed"] == [] and summary["blocked"] == 0
    assert summary["skipped_reasons"] == {"disallowed by robots.txt": len(embargoed),
                                          "not news (type page)": len(pages)}
    assert summary["discovered"] == len(records)
    # Never a disallowed URL; robots.txt first; a User-Agent that names the tool.
    assert not [q.path for q in replica.requests if disallowed(q.path)]
    assert replica.requests[0].path == "/robots.txt"
    assert all(q.headers["user-agent"].startswith("news/") for q in replica.requests)
    # Each article page once.
    fetched = [q.path for q in article_requests(replica)]
    assert len(fetched) == len(set(fetched)) == len(replica.wanted("en")) + len(pages)
    stats = cli("stats", "--json").json()
    assert stats["last_sync"] == summary["last_sync"] is not None


def test_second_sync_revalidates_sitemaps_and_fetches_no_article(cli, replica):
    assert sync(cli, replica).code == 0
    replica.requests.clear()
    again = sync(cli, replica)
    assert again.code == 0, again
    summary = again.json()
    assert article_requests(replica) == []
    assert summary["new"] == summary["updated"] == 0
    [index] = replica.requests_for("/sitemaps/all.xml")
    assert index.headers.get("if-none-match") and index.headers.get("if-modified-since")
    assert index.status == 304

    # A new article: the index changes, the newest month is revalidated, one page fetched.
    added = replica.add_article(section="news", subsection="politics")
    replica.requests.clear()
    third = sync(cli, replica).json()
    assert third["new"] == 1 and third["discovered"] == 1
    assert [q.path for q in article_requests(replica)] == [added.wire_path]
    sitemap_requests = [q for q in replica.requests if "/sitemaps/" in q.path]
    assert sitemap_requests and all(q.headers.get("if-none-match") for q in sitemap_requests)

    # --full asks for every monthly sitemap again, conditionally: all unchanged.
    replica.requests.clear()
    full = sync(cli, replica, "--full").json()
    months = [q for q in replica.requests if "/sitemaps/all/" in q.path]
    assert len(months) == len(replica.site.months("en"))
    assert {q.status for q in months} == {304}
    assert full["new"] == 0 and article_requests(replica) == []


def test_edited_article_is_fetched_again(cli, replica):
    sync(cli, replica)
    record = next(r for r in replica.wanted("en") if r.variant == "tawsiyat")
    replica.edit_article(record, "A paragraph added after publication, with the latest figures.")
    replica.requests.clear()
    summary = sync(cli, replica).json()
    assert [q.path for q in article_requests(replica)] == [record.wire_path]
    assert summary["changed"] == 1 and summary["updated"] == 1


def test_retries_500_and_429_into_success_honouring_retry_after(cli, replica):
    failing, limited = replica.wanted("en")[:2]
    replica.set_fault(failing.wire_path, "error", status=503)
    replica.set_fault(limited.wire_path, "rate_limit", retry_after=2)
    summary = sync(cli, replica).json()
    assert summary["failed"] == []
    assert stored_ids(cli) == wanted_ids(replica)
    assert [q.status for q in replica.requests_for(failing.wire_path)] == [503, 200]
    first, second = replica.requests_for(limited.wire_path)
    assert (first.status, second.status) == (429, 200)
    assert second.time - first.time >= 1.9                      # Retry-After: 2
    # The whole host waited: nothing else was asked meanwhile (bar requests already under way).
    meanwhile = [q for q in replica.requests if first.time + 0.2 < q.time < first.time + 1.9]
    assert meanwhile == []


def test_failures_are_reported_and_skipped_pages_right(cli, replica):
    missing, huge, truncated = replica.wanted("en")[:3]
    replica.set_fault(missing.wire_path, "not_found")
    replica.set_fault(huge.wire_path, "huge")
    replica.set_fault(truncated.wire_path, "truncate", times=1)     # once: retried into success
    result = sync(cli, replica)
    assert result.code == 0, result
    summary = result.json()
    reasons = {f["url"]: f["reason"] for f in summary["failed"]}
    assert reasons.keys() == {missing.url, huge.url}
    assert reasons[missing.url] == "HTTP 404"
    assert reasons[huge.url].startswith("page too large")
    assert stored_ids(cli) == wanted_ids(replica) - {article_id(missing.url), article_id(huge.url)}
    assert summary["new"] == len(replica.wanted("en")) - 2


def test_firewall_block_is_reported_with_what_to_do(cli, replica):
    blocked = replica.wanted("en")[0]
    replica.set_fault(blocked.wire_path, "firewall")
    result = cli("sync", "--base-url", replica.base_url, "--rate", "0")
    assert result.code == 0
    assert re.search(r", 1 failed, 1 blocked \(", result.stdout)
    [advice] = [line for line in result.stderr.splitlines() if "firewall" in line]
    assert advice.startswith("news: warning: 127.0.0.1 blocked 1 request(s)")
    for hint in ("--rate 0.2", "--user-agent", "--cookies"):
        assert hint in advice
    # The blocked page stays queued, and the next run gets it once the block lifts.
    replica.clear_faults()
    again = sync(cli, replica).json()
    assert again["new"] == 1 and stored_ids(cli) == wanted_ids(replica)


def test_a_site_that_blocks_everything_exits_3(cli, replica):
    for record in replica.site.edition_records("en"):
        replica.set_fault(record.wire_path, "firewall")
    result = cli("sync", "--base-url", replica.base_url, "--rate", "0")
    assert result.code == 3
    assert "news: error: nothing could be fetched from 127.0.0.1: blocked by a firewall" in result.stderr
    # After ten blocks in a row it stops asking (bar requests in flight); the rest stays queued.
    assert 10 <= len(article_requests(replica)) <= 12
    assert "stopped for now" in result.stderr


def test_unreachable_site_one_line_exit_3(news):
    """What `make run` shows on an offline machine: the default site's DNS fails."""
    result = news("sync", "--base-url", "https://english.almayadeen.invalid/")
    assert result.code == 3
    assert result.stdout == ""
    assert result.stderr == ("news: error: cannot reach english.almayadeen.invalid: "
                             "DNS lookup failed (no network, or the host does not exist)\n")


def test_limit_reads_only_the_sitemaps_it_needs(cli, replica):
    limited = sync(cli, replica, "--limit", "2").json()
    assert limited["new"] == 2 and len(article_requests(replica)) == 2
    assert limited["discovered"] >= 3                       # the newest month, read whole
    months = replica.site.months("en")
    newest = {article_id(r.url) for r in months[max(months)]}
    assert stored_ids(cli) <= newest
    assert not replica.requests_for("/sitemaps/all/sitemap-2022-1.xml")
    assert limited["waiting"] >= 1
    rest = sync(cli, replica).json()
    assert rest["new"] == len(replica.wanted("en")) - 2 and rest["waiting"] == 0


def test_section_fetches_only_that_section(cli, replica):
    summary = sync(cli, replica, "--section", "politics").json()
    politics = {article_id(r.url) for r in replica.wanted("en") if r.subsection == "politics"}
    assert len(politics) >= 2 and summary["new"] == len(politics)
    assert stored_ids(cli) == politics
    assert all(q.path.startswith("/news/politics/") for q in article_requests(replica))
    assert [q.status for q in replica.requests_for("/news/politics")] == [200]   # its landing page


def test_since_skips_older_sitemaps_and_urls(cli, replica):
    summary = sync(cli, replica, "--since", "2024-07-01").json()
    since = datetime(2024, 7, 1).astimezone()
    recent = {article_id(r.url) for r in replica.wanted("en") if r.updated >= since}
    assert recent and summary["new"] == len(recent)
    assert stored_ids(cli) == recent
    monthly = {q.path for q in replica.requests if "/sitemaps/all/" in q.path}
    assert monthly <= {"/sitemaps/all/sitemap-2024-7.xml", "/sitemaps/all/sitemap-2024-6.xml"}
    assert summary["sitemaps"]["too_old"] >= 3


def test_other_editions(cli, replica):
    for edition in ("ar", "es"):
        result = sync(cli, replica, edition=edition)
        assert result.code == 0, result
        assert result.json()["new"] == len(replica.wanted(edition))
    assert stored_ids(cli) == wanted_ids(replica, "ar") | wanted_ids(replica, "es")


@pytest.mark.slow
def test_rate_1_spaces_requests(cli, replica):
    summary = cli("sync", "--base-url", replica.base_url, "--rate", "1", "--concurrency", "2",
                  "--limit", "2", "--json").json()
    assert summary["new"] == 2
    times = [q.time for q in replica.requests]
    assert len(times) >= 5
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.8, gaps                  # loosely: about one a second


def test_a_429_halves_the_rate_for_the_rest_of_the_run(cli):
    with Replica(articles=6) as replica:
        limited = replica.wanted()[0]
        replica.set_fault(limited.wire_path, "rate_limit", retry_after=0)
        summary = cli("sync", "--base-url", replica.base_url, "--rate", "5", "--concurrency", "1", "--json").json()
        assert summary["new"] == len(replica.wanted()), summary
        times = [q.time for q in replica.requests]
        refused = next(i for i, q in enumerate(replica.requests) if q.status == 429)
    # (The turn after the 429 was already booked at the old spacing.)
    after = [b - a for a, b in zip(times[refused + 1:], times[refused + 2:])]
    assert len(after) >= 4 and min(after) >= 0.36, after     # 0.4 s apart now, not 0.2


# -- interrupted runs: the real process, killed -----------------------------------


def start_sync(home, base_url: str, *args) -> subprocess.Popen:
    return subprocess.Popen([news_executable(), "sync", "--base-url", base_url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "NEWS_HOME": str(home)}, preexec_fn=default_sigint)


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_interrupted_sync_resumes_and_completes(cli, home, how):
    with Replica(articles=24) as replica:
        total = len(replica.wanted("en"))
        proc = start_sync(home, replica.base_url, "--rate", "20")
        wait_for(lambda: len(article_requests(replica)) >= 12)
        proc.send_signal(getattr(signal, how))
        _, err = proc.communicate(timeout=30)
        first = {q.path for q in article_requests(replica)}
        assert len(first) < total
        kept = stored_ids(cli)
        if how == "SIGINT":
            assert proc.returncode == 130
            assert err.decode().splitlines()[-1].startswith("news: error: interrupted;")
            assert len(kept) >= len(first) - 4     # all but requests in flight were saved
        else:
            assert proc.returncode == -signal.SIGKILL

        replica.requests.clear()
        result = sync(cli, replica)
        assert result.code == 0, result
        assert stored_ids(cli) == wanted_ids(replica)
        second = [q.path for q in article_requests(replica)]
        again = {article_id(replica.record(p).url) for p in second}
        assert not again & kept                   # nothing saved is fetched again
        assert len(second) == len(replica.site.edition_records("en")) - len(kept) \
            - sum(1 for r in replica.site.edition_records("en") if r.disallowed) \
            - sum(1 for p in first if not replica.record(p).is_news)
