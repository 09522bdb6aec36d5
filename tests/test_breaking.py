"""Breaking news: ticker parsing, item identity, the store, the watch loop,
and `news breaking` against pages served by a real local HTTP server."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ticker_pages import SEED_LINES, VARIANTS, page, page_without_ticker

from newscli.archive.archive import Archive
from newscli.breaking.keys import item_id, item_key, match_keys
from newscli.breaking.ticker import BreakingItem, NoTicker, TickerLine, parse_ticker
from newscli.breaking.watch import Ticker, history, watch
from newscli.config import Home
from newscli.fetch import Fetcher, FetchError
from newscli.model import Article
from newscli.sites import get_recipe

RECIPE = get_recipe("almayadeen-en")
BASE = "https://english.almayadeen.net/"


def parse(html: str) -> list[TickerLine]:
    return parse_ticker(html, RECIPE.ticker, RECIPE.ticker_label, BASE)


# -- parsing ------------------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_markup_variant_gives_the_seed_lines_in_order(variant):
    assert [line.text for line in parse(page(SEED_LINES, variant))] == SEED_LINES


def test_ticker_box_links_are_absolute_and_placeholder_links_dropped():
    lines = parse(page([("Iraq: Al Mayadeen's correspondent: sirens in Baghdad", "/news/politics/sirens"),
                        ("Taiwan’s President: a red line", "#")]))
    assert lines == [
        TickerLine("Iraq: Al Mayadeen's correspondent: sirens in Baghdad",
                   "https://english.almayadeen.net/news/politics/sirens"),
        TickerLine("Taiwan’s President: a red line", None),
    ]


def test_label_fallback_keeps_links_of_list_items():
    lines = parse(page([("Trump: The plan is but a map.", "https://english.almayadeen.net/news/x?utm_source=t")],
                       "label_list"))
    assert lines == [TickerLine("Trump: The plan is but a map.", "https://english.almayadeen.net/news/x")]


def test_repeated_scroll_items_are_one_line():
    html = page(SEED_LINES[:3], "ticker_en")
    assert html.count(SEED_LINES[0]) == 2
    assert len(parse(html)) == 3


@pytest.mark.parametrize("markup", [
    "<h2><span>BREAKING</span></h2><ol><li>One thing happened</li><li>Another thing happened</li></ol>",
    "<div><span class='x'>Breaking:</span><p>One thing happened</p><p>Another thing happened</p></div>",
    "<div class='t'><div class='l'><i class='icon'></i>BREAKING</div></div>"
    "<div class='c'><div><a href='/n/1'>One thing happened</a></div><div>Another thing happened</div></div>",
    "<p>BREAKING<br>One thing happened<br>Another thing happened</p>",
    "<span>breaking</span><div>One thing happened<br/>Another thing happened</div>",
])
def test_label_fallback_markups(markup):
    lines = parse(f"<html><body><nav><a href='/'>Home</a></nav>{markup}<h1>Headline</h1></body></html>")
    assert [line.text for line in lines] == ["One thing happened", "Another thing happened"]


def test_known_selectors_win_over_the_label_and_come_in_order():
    html = page(["From the ticker box"], "ticker_box").replace(
        "<main>", '<div class="bar">BREAKING<br>From the label</div><main>')
    assert [line.text for line in parse(html)] == ["From the ticker box"]
    assert [line.text for line in parse_ticker(html, ["#nothing", ".bar"], None, BASE)] == [
        "BREAKING From the label"]


def test_a_recipe_names_its_own_label():
    html = "<html><body><b>عاجل</b><ul><li>خبر أول</li><li>خبر ثان</li></ul></body></html>"
    assert [line.text for line in parse_ticker(html, [], "عاجل")] == ["خبر أول", "خبر ثان"]
    assert parse_ticker(html, [], "BREAKING") == []


def test_pages_without_a_ticker_give_nothing():
    assert parse(page_without_ticker()) == []
    assert parse("") == []
    assert parse("<html><body><script>BREAKING</script><ul><li>x is a script</li></ul></body></html>") == []
    # A label with nothing after it at all.
    assert parse("<html><body><div><span>BREAKING</span></div></body></html>") == []


def test_hostile_ticker_text_is_cleaned():
    [line] = parse(page(["Alert\x1b[2J\x1b]0;owned\x07 now \u202eevil"]))
    assert line.text == "Alert now evil"


# -- identity -----------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Taiwan’s President: “One country, two regimes” is a red line for Taiwan.",
     "Taiwan's President: \"One country, two regimes\" is a red line for Taiwan"),
    ("Witkoff will meet Putin in Moscow next week, Trump says", "WITKOFF will meet  Putin in Moscow next week - Trump says"),
    ("self-defense strategy", "self defense strategy"),
    ("Beirut: 3 killed", "Beirut: ٣ killed"),
    ("Café\u0301 news", "Cafe news"),
])
def test_small_edits_keep_the_id(a, b):
    assert item_id("s", a) == item_id("s", b)


@pytest.mark.parametrize("a, b", [
    ("Prices rose 1.5% in May", "Prices rose 15% in May"),
    ("PIJ: We deny reports", "PIJ: We confirm reports"),
    ("Trump says no", "Trump says now"),
])
def test_different_lines_differ(a, b):
    assert item_id("s", a) != item_id("s", b)


def test_the_id_depends_on_the_site():
    assert item_id("almayadeen-en", "x happened") != item_id("almayadeen-ar", "x happened")
    assert len(item_id("s", "x")) == 12


@given(st.text(min_size=1), st.data())
def test_case_spacing_and_punctuation_never_change_the_key(text, data):
    noise = data.draw(st.lists(st.sampled_from([" ", "  ", ",", "’", "'", "“", "\"", "-", ".", "!"]),
                               max_size=len(text) + 1))
    noisy = "".join(ch + (noise[i] if i < len(noise) else "") for i, ch in enumerate(text.upper()))
    if not any(c.isdigit() for c in text):  # decimal marks between digits are meant to count
        assert item_key(noisy) == item_key(text.lower())


def test_match_keys_strip_a_speaker_prefix():
    whole, bare = match_keys("Trump: The 28-point plan for Ukraine is but a map.")
    assert whole == item_key("Trump The 28-point plan for Ukraine is but a map")
    assert bare == item_key("The 28-point plan for Ukraine is but a map")
    assert match_keys("No specific date for a ceasefire in Ukraine, Trump says.")[1] is None
    assert match_keys("Live") == (None, None)


# -- the store ----------------------------------------------------------------


@pytest.fixture
def archive(tmp_path):
    with Archive(Home(tmp_path / "home"), create=True) as arch:
        yield arch


class Clock:
    def __init__(self):
        self.now = datetime(2025, 11, 27, 12, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **kw):
        self.now += timedelta(**kw)


class LocalTicker:
    """A Ticker reading the local server, whose page each ``poll`` sets first."""

    def __init__(self, archive, server):
        self.server = server
        self.clock = Clock()
        self.ticker = Ticker(archive, RECIPE.with_base_url(server.base), Fetcher(retries=0), self.clock)

    def poll(self, html: str) -> list[BreakingItem]:
        self.server.add("/", html)
        return self.ticker.poll()


@pytest.fixture
def ticker(archive, server):
    return LocalTicker(archive, server)


def test_a_line_seen_again_only_updates_last_seen(ticker, archive):
    first = ticker.poll(page(SEED_LINES[1:4]))
    assert [i.text for i in first] == SEED_LINES[1:4] and all(i.new for i in first)
    ticker.clock.advance(minutes=5)
    second = ticker.poll(page(SEED_LINES[:4]))
    assert [i.text for i in second] == SEED_LINES[:4]
    assert [i.new for i in second] == [True, False, False, False]
    assert second[1].id == first[0].id
    assert second[1].first_seen == "2025-11-27T12:00:00+00:00"
    assert second[1].last_seen == "2025-11-27T12:05:00+00:00"
    assert second[0].first_seen == "2025-11-27T12:05:00+00:00"
    assert len(archive.store.breaking.rows()) == 4


def test_a_small_edit_is_the_same_item(ticker, archive):
    [before] = ticker.poll(page([SEED_LINES[4]]))
    [after] = ticker.poll(page([SEED_LINES[4].replace("’", "'").upper()]))
    assert before.id == after.id and not after.new
    assert after.text == SEED_LINES[4]  # the wording first seen is kept
    assert len(archive.store.breaking.rows()) == 1


def test_history_is_newest_first_with_since_and_words(ticker, archive):
    ticker.poll(page(SEED_LINES[7:]))
    ticker.clock.advance(hours=3)
    ticker.poll(page(SEED_LINES[5:]))
    now = ticker.clock.now
    assert [i.text for i in history(archive)] == SEED_LINES[5:]
    assert [i.text for i in history(archive, since=now - timedelta(hours=1))] == SEED_LINES[5:7]
    assert [i.text for i in history(archive, limit=2)] == SEED_LINES[5:7]
    assert [i.text for i in history(archive, words=["TRUMP", "nope"])] == SEED_LINES[7:]
    assert history(archive, site="almayadeen-ar") == []


def test_an_empty_page_is_no_ticker_and_stores_nothing(ticker, archive):
    with pytest.raises(NoTicker):
        ticker.poll(page_without_ticker())
    assert archive.store.breaking.rows() == []


def test_ctrl_c_during_a_store_write_waits_for_the_write_to_finish():
    import os
    import signal

    from newscli.interrupts import interrupts_deferred

    done = []
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("write finished")
    assert done == ["write finished"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _article(url: str, title: str) -> Article:
    return Article(url=url, site="almayadeen-en", title=title, text="Body text " * 40)


def test_an_article_stored_later_links_the_line(ticker, archive):
    ticker.poll(page(SEED_LINES[8:]))
    article = _article("https://english.almayadeen.net/news/politics/plan-map",
                       "The 28-point plan for Ukraine is but a map")
    archive.store.upsert(article)
    unrelated = _article("https://english.almayadeen.net/news/politics/other", "Something else entirely")
    archive.store.upsert(unrelated)
    links = {i.text: i.article_id for i in history(archive)}
    assert links == {SEED_LINES[9]: article.id, SEED_LINES[8]: None}


def test_a_line_links_to_an_article_stored_before_it_by_title_or_link(ticker, archive, server):
    by_title = _article("https://english.almayadeen.net/news/a", "Witkoff will meet Putin in Moscow next week, Trump says")
    by_link = _article(server.base + "/news/politics/tubas", "Apache helicopters over Tubas")
    archive.store.upsert(by_title)
    archive.store.upsert(by_link)
    items = ticker.poll(page([(SEED_LINES[6], "/news/politics/tubas?utm_source=x"), SEED_LINES[8]]))
    assert [i.article_id for i in items] == [by_link.id, by_title.id]


# -- the watch loop -------------------------------------------------------------


class Script:
    """A poll function playing a script of readings (lists of items) and failures."""

    def __init__(self, *steps):
        self.steps = list(steps)

    def __call__(self):
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def _items(*texts, new=True):
    return [BreakingItem(item_id("s", t), "s", t, None, "2025-01-01T00:00:00+00:00",
                         "2025-01-01T00:00:00+00:00", new=new) for t in texts]


def _run(script, n, **kw):
    sleeps = []
    events = watch(script, 10.0, sleep=sleeps.append, rand=lambda: 0.5, **kw)
    return [next(events) for _ in range(n)], sleeps


def test_watch_reports_the_ticker_once_then_only_new_items():
    script = Script(_items("a", "b", new=False), _items("a", "b", new=False),
                    _items("c", "d", new=True) + _items("a", "b", new=False))
    events, sleeps = _run(script, 5)
    assert [(e.kind, [i.text for i in e.items]) for e in events] == [
        ("current", ["a", "b"]), ("checked", []), ("checked", []), ("new", ["c", "d"]), ("checked", [])]
    assert sleeps == [10.0, 10.0]


def test_watch_backs_off_on_failures_and_says_when_it_recovers():
    down = FetchError("http://x/", "HTTP 503", 503)
    script = Script(down, NoTicker("no ticker"), down, down, down, _items("a"))
    events, sleeps = _run(script, 8, max_backoff=60.0)
    assert [e.kind for e in events] == ["failed"] * 5 + ["recovered", "current", "checked"]
    assert [e.failures for e in events[:5]] == [1, 2, 3, 4, 5]
    assert sleeps == [20.0, 40.0, 60.0, 60.0, 60.0]
    _, sleeps = _run(Script(down, down, down, down, _items("a")), 5, max_backoff=300.0)
    assert sleeps == [20.0, 40.0, 80.0, 80.0]  # at most eight intervals
    assert events[5].failures == 5
    assert "no ticker" in events[1].message


def test_watch_backoff_is_never_shorter_than_the_interval():
    script = Script(FetchError("http://x/", "HTTP 403", 403, blocked=True), _items("a"))
    sleeps = []
    events = watch(script, 600.0, sleep=sleeps.append, rand=lambda: 0.5, max_backoff=300.0)
    assert next(events).retry_in == 600.0


def test_watch_jitter_stays_small():
    sleeps = []
    events = watch(Script(*[_items("a")] * 3), 60.0, sleep=sleeps.append, rand=lambda: 1.0)
    for _ in range(4):
        next(events)
    assert sleeps == [pytest.approx(66.0)]


def test_other_errors_are_not_swallowed():
    with pytest.raises(ZeroDivisionError):
        _run(Script(ZeroDivisionError()), 1)


# -- the command, against a real server -------------------------------------------


def test_once_lists_the_ticker_newest_first_marking_new_items(cli, server):
    server.add("/", page(SEED_LINES[2:]))
    first = cli("breaking", "--base-url", server.base, "--json")
    assert first.code == 0, first
    data = first.json()
    assert [d["text"] for d in data] == SEED_LINES[2:]
    assert all(d["new"] for d in data)
    assert set(data[0]) >= {"id", "site", "text", "url", "first_seen", "last_seen", "article_id", "new"}
    assert data[0]["site"] == "almayadeen-en"

    server.add("/", page(SEED_LINES))
    second = cli("breaking", "--base-url", server.base, "--json").json()
    assert [d["new"] for d in second] == [True, True] + [False] * 8

    table = cli("breaking", "--base-url", server.base)
    assert table.code == 0 and "NEW" not in table.stdout
    assert "Witkoff will meet Putin" in table.stdout


def test_once_with_match_and_since(cli, server):
    server.add("/", page(SEED_LINES))
    only = cli("breaking", "--base-url", server.base, "--match", "taiwan,witkoff", "--json").json()
    assert [d["text"] for d in only] == SEED_LINES[3:6] + [SEED_LINES[8]]
    assert cli("breaking", "--base-url", server.base, "--match", "zzz").code == 1
    recent = cli("breaking", "--base-url", server.base, "--since", "1h", "--json").json()
    assert len(recent) == 10 and not any(d["new"] for d in recent)


def test_offline_shows_the_history_without_a_request(cli, server):
    server.add("/", page(SEED_LINES[:3]))
    assert cli("breaking", "--base-url", server.base).code == 0
    requests = len(server.requests)
    offline = cli("breaking", "--offline", "--json").json()
    assert [d["text"] for d in offline] == SEED_LINES[:3]
    assert cli("breaking", "almayadeen-en", "--offline", "--since", "2h", "-n", "1", "--json").json()[0]["text"] == SEED_LINES[0]
    assert cli("breaking", "--offline", "--since", "2099-01-01").code == 1
    assert len(server.requests) == requests


def test_offline_with_an_empty_store_says_so(cli):
    result = cli("breaking", "--offline")
    assert result.code == 1 and "no breaking news stored yet" in result.stderr


def test_once_failures_are_one_line_with_the_right_exit_code(cli, server):
    server.add("/", "<h1>Forbidden</h1> Attention Required! | Cloudflare", status=403)
    blocked = cli("breaking", "--base-url", server.base)
    assert blocked.code == 3 and "403" in blocked.stderr and blocked.stderr.count("\n") == 1
    server.add("/", page_without_ticker())
    missing = cli("breaking", "--base-url", server.base)
    assert missing.code == 1 and "no breaking-news ticker" in missing.stderr
    assert cli("breaking", "--watch", "--offline").code == 2
    assert cli("breaking", "no-such-site").code == 2


def test_a_user_recipe_names_its_own_ticker(cli, server, home, tmp_path):
    recipes = tmp_path / "config" / "recipes"
    recipes.mkdir(parents=True)
    (recipes / "courier.toml").write_text(
        f'name = "courier"\ntitle = "Courier"\nbase_url = "{server.base}/"\n'
        'ticker = ["#flash li"]\nticker_label = "Eilmeldung"\nticker_path = "/live"\n')
    server.add("/live", "<html><body><ul id='flash'><li>Erstens</li><li>Zweitens</li></ul></body></html>")
    data = cli("breaking", "courier", "--json").json()
    assert [(d["site"], d["text"]) for d in data] == [("courier", "Erstens"), ("courier", "Zweitens")]
    server.add("/live", "<html><body><p>Eilmeldung</p><ul><li>Drittens</li></ul></body></html>")
    assert [d["text"] for d in cli("breaking", "courier", "--json").json()] == ["Drittens"]


# -- the watch, as a real process reading a real server ---------------------------


@pytest.fixture
def watch_news(server, home):
    """Start `news breaking --watch` on ``server`` (in the test's data home)."""
    from watch_process import watch_breaking

    return lambda *args, env=None: watch_breaking(server.base, *args, env=env)


def test_watch_count_match_bell_notify_and_plain_lines(server, watch_news, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    notified = tmp_path / "notified"
    (bin_dir / "notify-send").write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> {notified}\n')
    (bin_dir / "notify-send").chmod(0o755)
    server.add("/", page(SEED_LINES[5:]))
    path = f"{bin_dir}:{os.environ['PATH']}"
    with watch_news("--count", "1", "--match", "moscow", "--bell", "--notify", env={"PATH": path}) as proc:
        assert proc.line().endswith("  " + SEED_LINES[8])          # only matching lines
        assert proc.quiet_for(0.6) == []
        server.add("/", page(["Not this one"] + SEED_LINES[5:]))
        assert proc.quiet_for(0.6) == []
        server.add("/", page(SEED_LINES[:1] + ["Not this one"] + SEED_LINES[5:]))
        line = proc.line()
        assert proc.wait() == 0                                     # --count 1 reached
    time_seen, text = line.split("  ", 1)
    assert text == SEED_LINES[0] and len(time_seen) == 8 and time_seen[2] == ":"
    assert proc.stderr.count("\a") == 1                           # the bell: new items only
    expected = f"--app-name=news|Breaking news|{SEED_LINES[0]}|"   # notify-send runs on its own
    proc.wait_for(lambda: notified.exists() and notified.read_text() == expected, what="one notification")


def test_watch_survives_failures_with_one_warning_and_loses_nothing(server, watch_news):
    server.add("/", page(SEED_LINES[4:]))
    with watch_news("--json", "--interval", "0.1") as proc:
        assert len(proc.lines(6)) == 6
        # Each phase lasts until the warning is out and two more polls failed
        # (a 503 poll is two requests: the fetcher retries once).
        for trouble, body, status, requests in [("503", "upstream down", 503, 4),
                                                ("no breaking-news ticker", page_without_ticker(), 200, 2)]:
            server.add("/", body, status=status)
            proc.wait_for(lambda: trouble in proc.stderr, what=f"a warning about {trouble}")
            before = len(server.requests)
            proc.wait_for(lambda: len(server.requests) >= before + requests, what="more failed polls")
        server.add("/", page(SEED_LINES[2:]))   # two items appeared during the outage
        assert [json.loads(line)["text"] for line in proc.lines(2)] == [SEED_LINES[3], SEED_LINES[2]]
        assert proc.interrupt() == 130
    warnings = [line for line in proc.stderr_lines if "warning" in line]
    assert len(warnings) == 2, proc.stderr                     # one per kind of trouble, not per poll
    assert "503" in warnings[0] and "no breaking-news ticker" in warnings[1]
    assert any("answers again" in line for line in proc.stderr_lines)
    assert "Traceback" not in proc.stderr


def test_importing_an_article_links_the_ticker_line_on_screen_and_in_json(cli, server):
    from conftest import PAGES

    server.add("/", page(["Port Elwyn: Harbour town votes to rebuild its old sea wall", SEED_LINES[0]]))
    assert cli("breaking", "--base-url", server.base).code == 0
    imported = cli("import", PAGES / "generic_article.html", "--json").json()[0]["article"]["id"]
    [linked, unlinked] = cli("breaking", "--offline", "--json").json()
    assert (linked["article_id"], unlinked["article_id"]) == (imported, None)
    assert imported in cli("breaking", "--offline").stdout
    assert cli("breaking", "--base-url", server.base, "--json").json()[0]["article_id"] == imported
