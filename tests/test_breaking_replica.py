"""`news breaking` against the Al Mayadeen replica, whose ticker advances
while the test runs: the real `news` process, its stdout read as it is written."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from processes import default_sigint
from watch_process import watch_breaking


class Pusher(threading.Thread):
    """Advances the replica's ticker from another thread: after each pause, one
    new item (pauses shorter than the poll interval put several in one poll)."""

    def __init__(self, replica, pauses, texts=None):
        super().__init__(daemon=True)
        self.replica, self.pauses = replica, pauses
        self.texts = list(texts) if texts else [None] * len(pauses)
        self.pushed: list[str] = []

    def run(self):
        for pause, text in zip(self.pauses, self.texts):
            time.sleep(pause)
            self.pushed.append(self.replica.push_breaking(text).text)


def texts(replica) -> list[str]:
    return [item.text for item in replica.ticker]


@pytest.mark.parametrize("style", ["ticker-box", "ticker__item", "label"])
def test_once_lists_the_current_items_in_every_markup(replica, cli, style):
    replica.ticker_style = style
    first = cli("breaking", "--base-url", replica.base_url, "--json").json()
    assert [d["text"] for d in first] == texts(replica)
    assert [d["url"] for d in first] == [item.url for item in replica.ticker]
    replica.push_breaking("Sanaa: Yemeni forces announce a new naval operation")
    second = cli("breaking", "--base-url", replica.base_url, "--json").json()
    assert [d["text"] for d in second] == texts(replica)
    assert [d["new"] for d in second] == [True] + [False] * 9
    assert second[1]["id"] == first[0]["id"] and second[1]["first_seen"] == first[0]["first_seen"]


@pytest.mark.parametrize("edition, recipe", [("ar", "almayadeen-ar"), ("es", "almayadeen-es")])
@pytest.mark.parametrize("style", ["ticker-box", "label"])
def test_once_reads_the_other_editions_under_their_own_label(replica, cli, edition, recipe, style):
    replica.ticker_style = style
    data = cli("breaking", recipe, "--base-url", replica.base_urls[edition], "--json").json()
    shown = list(dict.fromkeys(item.text for item in replica.tickers(edition)))  # a repeated line is one item
    assert [d["text"] for d in data] == shown
    assert {d["site"] for d in data} == {recipe}


def test_watch_prints_exactly_the_new_items_as_they_appear(replica, home, cli):
    current = texts(replica)
    with watch_breaking(replica.base_url, "--json") as proc:
        first = [json.loads(line) for line in proc.lines(10)]
        assert [d["text"] for d in first] == current[::-1]            # the ticker once, oldest first
        pusher = Pusher(replica, [0.1, 0.05, 0.6, 0.0, 0.45, 0.3, 0.05])
        pusher.start()
        streamed = [json.loads(proc.line()) for _ in range(7)]
        pusher.join()
        assert [d["text"] for d in streamed] == pusher.pushed          # each one, in order
        assert all(d["new"] and d["site"] == "almayadeen-en" for d in streamed)
        assert [d["first_seen"] for d in streamed] == sorted(d["first_seen"] for d in streamed)
        assert proc.quiet_for(0.8) == []                               # and nothing else
        assert proc.interrupt() == 130
    polls = replica.requests_for("/")
    assert all(q.headers.get("user-agent", "").startswith("news/") for q in polls)
    assert any(q.status == 304 and "if-none-match" in q.headers for q in polls)   # conditional GET

    before = len(replica.requests)
    history = cli("breaking", "--offline", "--json").json()
    assert len(replica.requests) == before                            # offline: no request at all
    assert [d["text"] for d in history] == pusher.pushed[::-1] + current
    assert cli("breaking", "--offline", "--since", "1h", "--limit", "3", "--json").json() == history[:3]
    assert len(replica.requests) == before


def test_a_site_failing_for_a_while_loses_no_item(replica, home):
    with watch_breaking(replica.base_url, "--json") as proc:
        assert len(proc.lines(10)) == 10
        replica.set_fault("/", "firewall")
        proc.wait_for(lambda: "blocked" in proc.stderr, what="a warning about the firewall")
        outage = [replica.push_breaking().text for _ in range(2)]
        replica.set_fault("/", "error", times=10**6, status=500)
        proc.wait_for(lambda: "HTTP 500" in proc.stderr, what="a warning about the 500")
        outage += [replica.push_breaking().text for _ in range(3)]
        replica.clear_faults()
        assert [json.loads(line)["text"] for line in proc.lines(5)] == outage
        assert proc.quiet_for(0.5) == []
        assert proc.interrupt() == 130
    assert "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr_lines if "warning" in line]) == 2


def test_once_reports_a_firewall_in_one_line(replica, cli):
    replica.set_fault("/", "firewall")
    result = cli("breaking", "--base-url", replica.base_url)
    assert result.code == 3 and result.stdout == ""
    assert "403" in result.stderr and "blocked" in result.stderr and result.stderr.count("\n") == 1
    assert "--interval" in result.stderr and "user_agent" in result.stderr   # what the user can do


def test_ticker_items_link_to_articles_fetched_later(replica, cli):
    record = replica.add_article(title="Sanaa: Yemeni forces announce a new naval operation in the Red Sea")
    replica.push_breaking("Yemeni forces announce a new naval operation in the Red Sea")
    items = cli("breaking", "--base-url", replica.base_url, "--json").json()
    assert not any(d["article_id"] for d in items)
    linked_url = next(d["url"] for d in items if d["url"])
    fetched = {}
    for url in (record.url, linked_url):
        [outcome] = cli("fetch", url, "--json").json()
        fetched[url] = outcome["article"]["id"]
    stored = {d["text"]: d for d in cli("breaking", "--offline", "--json").json()}
    assert stored["Yemeni forces announce a new naval operation in the Red Sea"]["article_id"] == fetched[record.url]
    assert next(d for d in stored.values() if d["url"] == linked_url)["article_id"] == fetched[linked_url]
    screen = cli("breaking", "--offline").stdout
    assert fetched[record.url] in screen and fetched[linked_url] in screen


def test_watch_on_a_terminal_shows_a_live_view_and_ctrl_c_exits_130(replica, home, cli):
    import pexpect
    from conftest import news_executable

    current = texts(replica)
    child = pexpect.spawn(news_executable(), ["breaking", "--base-url", replica.base_url, "--watch",
                                              "--interval", "0.2"],
                          env={**os.environ, "TERM": "xterm-256color"}, dimensions=(30, 120),
                          encoding="utf-8", timeout=15, preexec_fn=default_sigint)
    try:
        child.expect("BREAKING")
        child.expect("Witkoff will meet Putin")
        child.expect("checked")
        new = replica.push_breaking("Beirut: Al Mayadeen's correspondent reports airspace violations").text
        child.expect("airspace violations")
        child.expect("1 new")
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    assert "\x1b[?25h" in child.before                   # the cursor Rich hid is shown again
    stored = cli("breaking", "--offline", "--json").json()
    assert [d["text"] for d in stored] == [new] + current


def test_a_watch_holds_the_write_lock_only_to_store(replica, home, cli):
    from conftest import PAGES

    from newscli.archive.lock import write_lock

    with watch_breaking(replica.base_url, "--json") as proc:
        assert len(proc.lines(10)) == 10
        waits = []
        for _ in range(8):                       # another writer gets the lock at any moment
            start = time.monotonic()
            with write_lock(home / "write.lock", timeout=5):
                waits.append(time.monotonic() - start)
            time.sleep(0.05)
        assert max(waits) < 0.5, waits
        with write_lock(home / "write.lock", timeout=5):   # a writer holding it for a while...
            pushed = replica.push_breaking().text
            assert proc.quiet_for(0.8) == []               # ...delays the item: stored before printed
        assert json.loads(proc.line())["text"] == pushed
        assert cli("import", PAGES / "generic_article.html").code == 0   # sync-like writers and
        assert cli("search", "sea wall", "--json").json()                 # readers run beside it
        assert proc.interrupt() == 130
