"""Issue 14 (the reader's side): what people see from list, new, search, read,
stats and friends, through the installed `news` where a user would see it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from stories import article, save

from newscli.archive.archive import Archive
from newscli.config import Home

# -- 7. news new: newest published first ----------------------------------------------


def test_new_lists_newest_published_first_whatever_the_order_stored(news, home):
    days = [5, 1, 9, 3]
    save(home, [article(n, published=datetime(2024, 3, d, tzinfo=UTC)) for n, d in enumerate(days)])
    shown = news("new", "--peek", "--json").json()
    assert [a["published"][:10] for a in shown] == ["2024-03-09", "2024-03-05", "2024-03-03", "2024-03-01"]
    table = news("new").stdout
    dates = [line.split()[1] for line in table.splitlines() if line[:1].isalnum() and "2024-" in line]
    assert dates == ["2024-03-09", "2024-03-05", "2024-03-03", "2024-03-01"]


# -- 14. huge --limit ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["new"], ["tags"], ["breaking", "--offline"]])
def test_a_huge_limit_is_a_usage_error_not_an_internal_one(news, home, command):
    save(home, [article(1)])
    result = news(*command, "--limit", "99999999999999999999")
    assert result.code == 2, result
    assert "internal error" not in result.stderr and "--limit" in result.stderr


# -- 15. --home after the command -----------------------------------------------------


def test_home_is_accepted_after_the_command(news, home, tmp_path):
    other = tmp_path / "elsewhere"
    save(other, [article(1, title="Only in the other home")])
    result = news("list", "--home", other, "--json")
    assert result.code == 0, result
    assert [a["title"] for a in result.json()] == ["Only in the other home"]
    before = news("--home", other, "list", "--json")
    assert before.json() == result.json()


# -- 16. plurals ---------------------------------------------------------------------------


def test_counts_of_one_are_singular(news, home, tmp_path):
    save(home, [article(1, title="A lone harbour story")])
    found = news("search", "harbour")
    assert found.code == 0, found
    assert "1 of 1 hit" in found.stdout and "1 of 1 hits" not in found.stdout
    exported = news("export", "-o", tmp_path / "out.jsonl")
    assert "exported 1 article to" in exported.stderr
    from newscli.sync.report import SyncReport

    report = SyncReport("site", "https://paper.example")
    report.discovered, report.new = 1, 1
    assert "1 URL found" in report.summary() and "1 URLs" not in report.summary()


# -- 6. the section a reader means ------------------------------------------------------


def test_list_and_search_show_the_subsection_json_keeps_both(news, home):
    save(home, [article(1, title="Oil prices fall", section="News", subsection="Economy"),
                article(2, title="Oil and opinion", section="Articles", subsection="Opinion"),
                article(3, title="Oil on video", section="Videos")])
    for args in (["list"], ["search", "oil"]):
        shown = news(*args).stdout
        rows = {line.split()[2] for line in shown.splitlines() if "2024-01-0" in line}
        assert rows == {"Economy", "Opinion", "Videos"}, shown
    listed = {a["title"]: (a["section"], a["subsection"]) for a in news("list", "--json").json()}
    assert listed["Oil prices fall"] == ("News", "Economy") and listed["Oil on video"] == ("Videos", None)


# -- 8. no trailing spaces in a pipe ---------------------------------------------------------


def test_piped_tables_have_no_trailing_spaces(news, home):
    save(home, [article(1, title="A short one", tags=["Harbour"], section="News"),
                article(2, title="A much longer headline about the harbour wall and the sea", tags=["Sea wall"])])
    for args in (["list"], ["search", "harbour"], ["tags"], ["new", "--peek"], ["stats"]):
        result = news(*args)
        assert result.code == 0, (args, result)
        padded = [line for line in result.stdout.splitlines() if line != line.rstrip()]
        assert padded == [], (args, padded)


# -- 5. a URL is never broken ----------------------------------------------------------------

LONG_URL = ("https://english.almayadeen.net/news/politics/a-very-long-slug-about-the-talks-in-geneva-and-what-"
            "the-ministers-said-afterwards-to-the-press")
ARABIC_URL = ("https://www.almayadeen.net/news/politics/" + "%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D8%AF%D9%8A%D9%86-" * 6
              + "%D9%86%D9%87%D8%A7%D9%8A%D8%A9")


@pytest.mark.parametrize("url", [LONG_URL, ARABIC_URL])
@pytest.mark.parametrize("columns", [None, "200"])
def test_read_prints_the_url_whole_on_one_line(news, home, url, columns):
    story = article(1, url=url)
    save(home, [story])
    env = {"COLUMNS": columns} if columns else {}
    if not columns:
        env["COLUMNS"] = ""   # a pipe: Rich's default of 80 columns
    result = news("read", story.id, env=env)
    assert result.code == 0, result
    assert f"{story.id}  {url}" in result.stdout.splitlines(), result.stdout[:1500]
    assert "\x1b" not in result.stdout   # a pipe: no hyperlink escapes either


def test_read_on_a_terminal_makes_the_url_a_hyperlink(home):
    import os

    pexpect = pytest.importorskip("pexpect")
    from conftest import news_executable

    story = article(1, url=LONG_URL)
    save(home, [story])
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "LINES", "COLUMNS"):
        env.pop(name, None)
    child = pexpect.spawn(news_executable(), ["read", story.id, "--no-pager"], env=env, dimensions=(60, 80),
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "\x1b]8;id=" in child.before and f";{LONG_URL}\x1b\\" in child.before
    assert LONG_URL in child.before   # the text too: whole, never folded at 80 columns


# -- 9. the pager behaves like git's -------------------------------------------------------


def _long_story(home):
    story = article(1, title="A long read about the harbour", text="\n\n".join(f"Paragraph {n} of the story." for n in range(80)))
    save(home, [story])
    return story


def _read_in_a_pty(story, env_changes: dict, rows: int = 20, keys: str = ""):
    import os

    pexpect = pytest.importorskip("pexpect")
    from conftest import news_executable

    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "LINES", "COLUMNS", "PAGER", "NEWS_PAGER", "LESS"):
        env.pop(name, None)
    env.update(env_changes)
    import io

    child = pexpect.spawn(news_executable(), ["read", story.id], env=env, dimensions=(rows, 80),
                          encoding="utf-8", timeout=30)
    child.logfile_read = seen = io.StringIO()
    if keys:
        child.expect("Paragraph 1 ")
        child.send(keys)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, seen.getvalue()
    return seen.getvalue()


def test_the_default_pager_is_less_frx_and_leaves_the_article_on_screen(home):
    import shutil

    if not shutil.which("less"):
        pytest.skip("no less here")
    story = _long_story(home)
    screen = _read_in_a_pty(story, {}, keys="q")
    assert "Paragraph 1 of the story" in screen
    assert "\x1b[?1049h" not in screen and "\x1b[?47h" not in screen   # -X: no alternate screen, nothing cleared


def test_pager_environment_like_git(home, tmp_path):
    import sys

    story = _long_story(home)
    record = tmp_path / "pager.json"
    script = (f"{sys.executable} -c \"import json, os, sys; sys.stdin.read(); "
              f"json.dump({{'less': os.environ.get('LESS'), 'who': sys.argv[1]}}, open({str(record)!r}, 'w'))\"")
    _read_in_a_pty(story, {"PAGER": script + " pager"})
    assert json.loads(record.read_text()) == {"less": "FRX", "who": "pager"}
    _read_in_a_pty(story, {"PAGER": script + " pager", "NEWS_PAGER": script + " news_pager", "LESS": "-R"})
    assert json.loads(record.read_text()) == {"less": "-R", "who": "news_pager"}
    record.unlink()
    screen = _read_in_a_pty(story, {"PAGER": script + " pager", "NEWS_PAGER": "cat"})
    assert not record.exists() and "Paragraph 79 of the story" in screen   # cat: no pager at all


# -- 10. did you mean: the closest word first --------------------------------------------


def test_did_you_mean_prefers_the_closest_word_to_the_most_frequent(news, home):
    common = "We cannot plan for Tunis. " * 40
    save(home, [article(n, text=common) for n in range(6)]
         + [article(10, text="The cabinet met in Tunisia. Putin spoke."),
            article(11, text="Rare words: cabinet, Tunisia, Putin.")])
    for typo, meant in [("cabnet", "cabinet"), ("tunsia", "tunisia"), ("putn", "putin"),
                        ("tunisai", "tunisia")]:   # a swap is one edit: tunis is two away
        result = news("search", typo)
        assert result.code == 1, result
        assert f"did you mean: {meant}" in result.stderr, (typo, result.stderr)


# -- 13. a home never synced --------------------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["search", "putin"], ["read", "abcd1234"], ["star", "abcd"],
                                  ["new"], ["export"]])
def test_a_home_never_synced_says_so_everywhere(news, home, args):
    result = news(*args)
    assert result.code == 1, result
    assert "no articles stored yet; try `news sync`" in result.stderr, result.stderr


def test_a_synced_home_still_says_what_is_missing(news, home):
    save(home, [article(1)])
    assert "no article with id abcd1234" in news("read", "abcd1234").stderr
    assert "no articles match 'putin'" in news("search", "putin").stderr


# -- 12. bad filter values are usage errors ---------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["search", "story"], ["export"]])
def test_an_unknown_site_is_a_usage_error_naming_the_known_ones(news, home, command):
    save(home, [article(1)])   # site "web" (an import)
    result = news(*command, "--site", "nosuch")
    assert result.code == 2, result
    assert "nosuch" in result.stderr and "almayadeen-en" in result.stderr and "web" in result.stderr
    assert news(*command, "--site", "web").code == 0


@pytest.mark.parametrize("command", [["search", "story"], ["export"]])
def test_a_language_that_is_no_code_says_so(news, home, command):
    save(home, [article(1)])
    result = news(*command, "--lang", "english")
    assert result.code == 2, result
    assert "language code" in result.stderr and "'english'" in result.stderr
    for code in ("en", "EN", "en-GB", "en_US"):
        assert news(*command, "--lang", code).code == 0, code


# -- 11. a sparse timeline folds its empty periods -----------------------------------------


def test_a_sparse_day_timeline_folds_runs_of_empty_days(news, home):
    days = [datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 2, tzinfo=UTC), datetime(2024, 3, 28, tzinfo=UTC),
            datetime(2024, 4, 29, tzinfo=UTC)]
    save(home, [article(n, published=day, title=f"Harbour story {n}") for n, day in enumerate(days)])
    result = news("search", "harbour", "--timeline", env={"COLUMNS": "100"})
    assert result.code == 0, result
    chart = result.stdout.split("hits per day", 1)[1].split("id ", 1)[0]
    rows = [line for line in chart.splitlines() if line.strip()]
    assert len(rows) <= 8, chart   # not 60 rows, 56 of them zeros
    assert any("2024-03-03" in row and "2024-03-27" in row for row in rows), chart   # one line for the gap
    assert sum(row.split()[-1] == "0" or " 0 " in row for row in rows) <= 2, chart
    as_json = news("search", "harbour", "--timeline", "--json").json()["timeline"]
    assert len(as_json["periods"]) == 60   # JSON keeps every day


# -- 18. stats: where, and when in the reader's own time ----------------------------------------


def test_stats_shows_the_home_and_the_last_sync_in_local_time(news, home):
    from newscli.dates import utc_stamp

    save(home, [article(1)])
    synced = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3, minutes=5)
    with Archive(Home(home)) as archive, archive.writing():
        archive.store.set_meta("last_sync", utc_stamp(synced))
    result = news("stats", env={"TZ": "Asia/Tokyo", "COLUMNS": "200"})
    assert result.code == 0, result
    assert str(home) in result.stdout
    local = synced.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert f"{local:%Y-%m-%d %H:%M}" in result.stdout and "(3 hours ago)" in result.stdout, result.stdout
    assert utc_stamp(synced) not in result.stdout
    assert news("stats", "--json").json()["last_sync"] == utc_stamp(synced)   # JSON: as stored


# -- 20. the hand-run replica can add breaking news -----------------------------------------


def test_the_hand_run_replica_adds_breaking_items_so_a_watch_ends(news, home):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    replica = subprocess.Popen([sys.executable, "-m", "tests.support.replica", "--articles", "4",
                                "--breaking-every", "0.5"], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env={**os.environ})
    try:
        base = replica.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:"), base
        watched = news("breaking", "--base-url", base, "--watch", "--count", "1", "--interval", "0.3",
                       "--json", timeout=60)
        assert watched.code == 0, watched
        assert len([line for line in watched.stdout.splitlines() if line.strip()]) >= 1
    finally:
        replica.terminate()
        replica.wait(timeout=10)


# -- 17. the sync progress bar says when it is storing ------------------------------------------


def test_the_sync_progress_bar_says_storing_and_counts_what_is_stored(home, replica):
    import io
    import os
    import re

    pexpect = pytest.importorskip("pexpect")
    from conftest import news_executable

    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "LINES", "COLUMNS"):
        env.pop(name, None)
    child = pexpect.spawn(news_executable(), ["sync", "--base-url", replica.base_url, "--rate", "0"], env=env,
                          dimensions=(24, 160), encoding="utf-8", timeout=120)
    child.logfile_read = seen = io.StringIO()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, seen.getvalue()[-2000:]
    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.getvalue())
    assert re.search(r"storing \d+ articles?", frames), frames[-3000:]
    stored = [int(n) for n in re.findall(r"(\d+) stored", frames)]
    assert stored and max(stored) > 0, frames[-3000:]


# -- 19. completion of sites, tags and ids from the data home ---------------------------------------


def _complete(news, words: str, home=None) -> list[str]:
    env = {"_NEWS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    if words.endswith(" "):
        env["COMP_CWORD"] = str(len(words.split()))
    result = news(env=env)
    assert result.code == 0, result
    return result.stdout.split()


def test_completion_offers_sites_tags_and_ids_from_the_data_home(news, home):
    story = article(1, title="Talks in Geneva", tags=["NATO", "Nablus"])
    save(home, [story, article(2, tags=["Gaza"])])
    assert "almayadeen-en" in _complete(news, "news list --site alm") and "web" in _complete(news, "news list --site w")
    assert set(_complete(news, "news search x --tag N")) == {"NATO", "Nablus"}
    assert _complete(news, "news list --tag Ga") == ["Gaza"]
    assert story.id in _complete(news, f"news read {story.id[:3]}")
    assert story.id in _complete(news, "news star ")
    assert "almayadeen-ar" in _complete(news, "news sync almayadeen-a")


def test_completion_in_a_home_never_synced_offers_no_ids_and_fails_nothing(news, home):
    assert _complete(news, "news read ") == []
    assert "almayadeen-en" in _complete(news, "news list --site ")
