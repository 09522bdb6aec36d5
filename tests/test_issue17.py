"""Issue 17: what runs beside what, hostile pages and files, bad values,
damaged stores. Real processes, real SQLite, real local HTTP servers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import news_executable

from newscli.archive.archive import Archive
from newscli.archive.store import Store
from newscli.config import Home
from newscli.model import Article


def run_news(home: Path, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([news_executable(), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NEWS_HOME": str(home), **(env or {})})


def old_article(i: int) -> Article:
    article = Article(url=f"https://example.org/old/{i}", title=f"Old story {i}", text=f"old words {i} " * 20,
                      fetched="2020-01-01T00:00:00+00:00", published="2020-01-01T00:00:00+00:00")
    article.finish()
    assert article.id
    return article


@pytest.fixture(scope="module")
def old_home(tmp_path_factory) -> Path:
    """2,000 articles published in 2020, built once; tests work on copies."""
    home = tmp_path_factory.mktemp("old") / "home"
    with Archive(Home(home), create=True) as archive, archive.writing():
        for start in range(0, 2000, 500):
            archive.save([(old_article(i), None) for i in range(start, start + 500)])
    return home


@pytest.mark.slow
def test_star_beside_a_prune_never_loses_the_starred_article(old_home, tmp_path):
    """Found: star said "starred" (exit 0) and the prune deleted the article
    anyway (17/30), or star failed with "internal error: KeyError" (8/30)."""
    for trial, delay in enumerate((0.05, 0.15, 0.3, 0.6)):
        home = tmp_path / f"home{trial}"
        shutil.copytree(old_home, home, symlinks=True)
        target = old_article(1000 + trial).id
        prune = subprocess.Popen([news_executable(), "prune", "--older-than", "30d"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env={**os.environ, "NEWS_HOME": str(home)})
        time.sleep(delay)
        star = run_news(home, "star", target)
        assert prune.wait(timeout=120) == 0, prune.stderr.read() if prune.stderr else ""
        assert "internal error" not in star.stderr, star.stderr
        with Store.open(home / "news.db") as store:
            left = store.get_many([target])
        if star.returncode == 0:
            assert "starred" in star.stdout
            assert target in left and left[target].starred, f"trial {trial}: starred then pruned"
            found = run_news(home, "search", f"old words {1000 + trial}", "--json")
            assert target in found.stdout, f"trial {trial}: starred article not searchable"
        else:
            errors = [ln for ln in star.stderr.splitlines() if not ln.startswith("news: warning:")]
            assert star.returncode == 1 and errors == [f"news: error: no article with id {target}"], star.stderr
            assert target not in left


LONE_SURROGATE_LD = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x \\ud800 y",'
                     ' "description": "lead \\udfff", "keywords": ["a\\ud83d"]}</script></head>')


def test_a_lone_surrogate_in_a_page_stops_neither_sync_nor_import(cli, server, home, tmp_path):
    """Found: a JSON-LD headline "x \\ud800" made `news sync` exit 1 "internal
    error: UnicodeEncodeError": later pages never stored, saved ones unindexed."""
    from minisite import MiniSite, article_page

    paths = [f"/news/politics/story-{i}" for i in range(5)]
    site = MiniSite(server, {"2024-7": paths})
    bad = article_page(paths[0], "Bad story").replace('"title": "Bad story"', '"title": "x \\ud800 y"')
    server.add(paths[0], bad.replace("</head>", LONE_SURROGATE_LD))
    result = cli("sync", "--base-url", site.base, "--rate", "0", "--json")
    assert result.code == 0, result
    assert result.json()["new"] == 5 and result.json()["failed"] == []
    listed = cli("list", "--limit", "0", "--json").json()
    assert len(listed) == 5
    assert all("\ud800" not in str(a) for a in listed)
    assert cli("search", "harbour", "--limit", "0", "--json").code == 0
    assert len(cli("search", "harbour", "--limit", "0", "--json").json()) == 5
    assert cli("doctor", "--json").json()["ok"] is True

    files = []
    for i in range(2):
        page = tmp_path / f"page{i}.html"
        page.write_text(article_page(f"/p/{i}", f"Imported {i}").replace("</head>", LONE_SURROGATE_LD),
                        encoding="utf-8")
        files.append(str(page))
    imported = cli("import", *files, "--json")
    assert imported.code == 0, imported


BODY = "<p>" + "the council said on monday that the harbour wall would be rebuilt before winter " * 4 + "</p>"


def page_with(head: str, title: str = "A story") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body><h1>{title}</h1>{BODY}{BODY}</body></html>"


def test_every_command_printing_page_text_cleans_escapes(news, home, tmp_path):
    """Found: `news open` printed the canonical URL's "&#27;c" (an ESC) raw."""
    hostile = "https://ex&#27;cample.org/a&#27;[2J?q=&#27;]0;owned&#7;"
    page = tmp_path / "hostile.html"
    page.write_text(page_with(f'<link rel="canonical" href="{hostile}"><meta property="og:url" content="{hostile}">'
                              '<meta property="og:site_name" content="Site&#27;[31m">'
                              '<meta name="author" content="Ann &#27;[5mBlink">'
                              '<meta property="article:tag" content="tag&#27;[1m">',
                              title="Title &#27;[31mred&#155;2J"), encoding="utf-8")
    imported = news("import", str(page))
    assert imported.code == 0, imported
    listed = news("list", "--json")
    article_id = listed.json()[0]["id"]
    assert "\x1b" not in listed.json()[0]["url"]
    runs = [("open", article_id), ("list",), ("read", article_id, "--no-pager"), ("read", article_id, "--format", "markdown"),
            ("search", "harbour"), ("new",), ("star", article_id), ("tags",), ("export",), ("stats",),
            ("prune", "--older-than", "2000-01-01", "--dry-run"), ("doctor",), ("list", "--json")]
    for args in runs:
        result = news(*args, env={"BROWSER": "true", "COLUMNS": "200"})
        assert result.code in (0, 1), (args, result)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream, (args, stream)


def test_a_host_with_brackets_or_deep_json_ld_is_skipped_not_a_crash(cli, server, tmp_path):
    """Found: a canonical or og:url host holding "[" or "]" failed the page with
    "Invalid IPv6 URL", and JSON-LD nested 900 levels with RecursionError."""
    deep = "[" * 900 + '"x"' + "]" * 900
    heads = {
        "canonical": '<link rel="canonical" href="https://exa[mple.org/a">',
        "og": '<meta property="og:url" content="https://]example.org/b">',
        "both": f'<link rel="canonical" href="{server.base.replace("127", "[127")}/c"><meta property="og:url" content="http://[::1/c">',
        "deep": f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Deep", "author": {deep}}}</script>',
    }
    files = []
    for name, head in heads.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page_with(head, title=f"Story {name}"), encoding="utf-8")
        files.append(str(path))
        server.add(f"/{name}", page_with(head, title=f"Fetched {name}"))
    imported = cli("import", *files, "--json")
    assert imported.code == 0, imported
    assert [o["status"] for o in imported.json()] == ["new"] * 4
    fetched = cli("fetch", *[f"{server.base}/{name}" for name in heads], "--json")
    assert fetched.code == 0, fetched
    outcomes = fetched.json()
    assert [o["status"] for o in outcomes] == ["new"] * 4
    assert [o["article"]["url"] for o in outcomes] == [f"{server.base}/{name}" for name in heads]
    typed = cli("read", "http://[x/")
    assert typed.code == 2 and "internal error" not in typed.stderr, typed


def _limited():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))   # old code read /dev/zero to 1.9 GB


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/full", "fifo"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(home, tmp_path, special):
    if special == "fifo":
        special = str(tmp_path / "page.html")
        os.mkfifo(special)
    try:
        result = subprocess.run([news_executable(), "import", special], capture_output=True, text=True, timeout=30,
                                env={**os.environ, "NEWS_HOME": str(home)}, preexec_fn=_limited)
    except subprocess.TimeoutExpired:
        pytest.fail(f"news import {special} blocked")
    assert result.returncode == 2, result
    assert result.stderr.strip().splitlines() == [
        f"news: error: {special} is not a regular file or a folder; give saved HTML files"]


def test_a_fifo_inside_an_imported_folder_is_one_failed_file(news, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    os.mkfifo(folder / "a.html")
    (folder / "b.html").write_text(page_with("", title="Good page"), encoding="utf-8")
    result = news("import", str(folder), timeout=30)
    assert result.code == 0, result
    assert result.stderr.strip() == f"news: warning: {folder / 'a.html'}: is not a regular file"


@pytest.mark.parametrize("cookies", ["/dev/zero", "fifo"])
def test_a_cookies_setting_naming_a_device_or_fifo_is_one_line(home, tmp_path, server, cookies):
    if cookies == "fifo":
        cookies = str(tmp_path / "cookies.txt")
        os.mkfifo(cookies)
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'cookies = "{cookies}"\n', encoding="utf-8")
    url = server.add("/a", page_with("", title="A page"))
    for args in (["fetch", url], ["sync", "--base-url", server.base + "/", "--rate", "0"]):
        try:
            result = subprocess.run([news_executable(), *args], capture_output=True, text=True, timeout=30,
                                    env={**os.environ, "NEWS_HOME": str(home), "NEWS_CONFIG_DIR": str(config)},
                                    preexec_fn=_limited)
        except subprocess.TimeoutExpired:
            pytest.fail(f"news {args[0]} hung on cookies = {cookies}")
        assert result.returncode == 2, result
        assert result.stderr.strip() == f"news: error: the cookies file {cookies} is not a regular file; give a regular file"


@pytest.mark.parametrize("flags", [["--facets"], ["--timeline"], ["--facets", "--timeline", "--json"]])
def test_facets_and_timeline_on_an_empty_index(cli, flags):
    """Found: `news reindex` on an empty home, then `news search x --facets`:
    "internal error: NotImplementedError" (an empty index has no column reader)."""
    assert cli("reindex").code == 0
    result = cli("search", "x", *flags)
    assert result.code == 1, result
    assert "internal error" not in result.stderr
    assert "no articles stored yet" in result.stderr   # an empty home says so, as every command does


BAD_VALUES = [
    ("list", "--since", "99999999999d"), ("list", "--until", "9999"), ("list", "--until", "9999-12"),
    ("list", "--since", "10000y"), ("prune", "--older-than", "99999999999d"), ("export", "--until", "9999-12-31"),
    ("list", "--limit", "9223372036854775808"), ("search", "x", "--limit", "9223372036854775808"),
    ("breaking", "--watch", "--interval", "nan"), ("breaking", "--watch", "--interval", "inf"),
    ("sync", "--base-url", "http://127.0.0.1:9/", "--rate", "1e-300"),
    ("sync", "--base-url", "http://127.0.0.1:9/", "--rate", "nan"),
]


@pytest.mark.parametrize("args", BAD_VALUES, ids=[" ".join(a[-2:]) for a in BAD_VALUES])
def test_bad_dates_and_numbers_are_usage_errors(news, args):
    """Found: each was "internal error: OverflowError/ValueError", exit 1."""
    result = news(*args, timeout=30)
    assert result.code == 2, result
    assert "internal error" not in result.stderr, result
    assert len([ln for ln in result.stderr.splitlines() if ln.strip()]) <= 3   # (Click: usage, hint, error)


@pytest.mark.parametrize("option", ["--tag", "--site", "--section"])
def test_non_utf8_bytes_in_a_filter_are_a_usage_error(home, option):
    result = subprocess.run([news_executable().encode(), b"list", option.encode(), b"\xff\xfe"], capture_output=True,
                            timeout=30, env={**os.environ, "NEWS_HOME": str(home)})
    assert result.returncode == 2, result
    assert result.stderr.decode() == f"news: error: {option} is not valid UTF-8: \\xff\\xfe\n"


def test_a_very_long_path_to_import_is_shortened(news, tmp_path):
    result = news("import", str(tmp_path / ("a" * 5000)))
    assert result.code == 2, result
    line = result.stderr.strip()
    assert line.endswith(": file name too long") and len(line) < 200, line


BAD_SETTINGS = [
    ("timeout = 0", "timeout", "seconds, more than 0"), ("timeout = -1", "timeout", "seconds, more than 0"),
    ("timeout = nan", "timeout", "seconds, more than 0"), ("concurrency = 100000", "concurrency", "from 1 to 32"),
    ('max_bytes = "big"', "max_bytes", "whole number of bytes"), ("user_agent = 5", "user_agent", "text"),
    ('user_agent = "a\\u001b[2Jb"', "user_agent", "without control characters"),
    ("cookies = 7", "cookies", "cookies.txt"), ("rate = -1", "rate", "0 (no delay)"),
    ("retries = -1", "retries", "from 0 to 20"), ("total_timeout = inf", "total_timeout", "seconds"),
]


@pytest.mark.parametrize("line,key,takes", BAD_SETTINGS, ids=[b[0] for b in BAD_SETTINGS])
def test_a_bad_config_value_is_one_line_naming_the_key(home, tmp_path, line, key, takes):
    """Found: timeout = 0 / -1 / nan, concurrency = 100000, max_bytes = "big",
    user_agent = 5, cookies = 7 were internal errors (or hangs); negative rate
    and retries were taken silently."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(line + "\n", encoding="utf-8")
    result = run_news(home, "fetch", "http://127.0.0.1:9/x", env={"NEWS_CONFIG_DIR": str(config)}, timeout=30)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0], lines
    assert f": {key} = " in lines[0] and f"{key} takes" in lines[0] and takes in lines[0], lines


def test_an_unknown_config_key_is_named(home, tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('timeout = 5\ncolour = "red"\n', encoding="utf-8")
    result = run_news(home, "fetch", "http://127.0.0.1:9/x", env={"NEWS_CONFIG_DIR": str(config)}, timeout=30)
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"news: error: unknown setting in {config / 'config.toml'}: colour (known: site,")


def small_home(path: Path, n: int = 5) -> Path:
    with Archive(Home(path), create=True) as archive, archive.writing():
        archive.save([(old_article(i), None) for i in range(n)])
    return path


def test_doctor_on_a_read_only_home_with_drift_says_it_is_not_mended(tmp_path):
    """Found: index link gone + home read-only: doctor printed the problem,
    then "ok", exit 0 (JSON "ok": false with "remaining": [])."""
    from test_disk import read_only

    home = small_home(tmp_path / "home")
    (home / "index").unlink()
    with read_only(home):
        result = run_news(home, "doctor")
        as_json = run_news(home, "doctor", "--json")
    assert result.returncode == 1, result
    lines = result.stdout.strip().splitlines()
    assert "problem  index-missing: no index" in lines
    assert not any(line.startswith("ok") for line in lines), lines
    assert lines[-1].startswith(f"not mended: the data home {home} is read-only")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert report["ok"] is False and "index-missing" in [p["check"] for p in report["remaining"]]
    assert run_news(home, "doctor", "--repair").returncode == 0
    assert run_news(home, "doctor").returncode == 0


def test_an_empty_home_option_means_the_default_as_an_empty_news_home_does(tmp_path):
    """Found: `--home ""` made the cwd the data home; NEWS_HOME="" the default."""
    page = tmp_path / "page.html"
    page.write_text(page_with("", title="Home test"), encoding="utf-8")
    cwd, data = tmp_path / "cwd", tmp_path / "xdg"
    cwd.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(data), "NEWS_HOME": ""}
    for args in (["--home", "", "import", str(page)], ["import", str(page)]):
        result = subprocess.run([news_executable(), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
        assert result.returncode == 0, result
        assert list(cwd.iterdir()) == [], args
        assert (data / "news" / "news.db").is_file(), args


def test_prune_dry_run_reads_a_read_only_home(tmp_path):
    """Found: `news prune --dry-run` refused a read-only data home (it took the write lock)."""
    from test_disk import read_only

    home = small_home(tmp_path / "home", 3)
    with read_only(home):
        result = run_news(home, "prune", "--older-than", "30d", "--dry-run", "--json")
        real = run_news(home, "prune", "--older-than", "30d")
    assert result.returncode == 0, result
    assert len(json.loads(result.stdout)["removed"]) == 3
    assert real.returncode == 2 and "cannot write to the data home" in real.stderr


@pytest.mark.parametrize("damage", ["missing", "dangling"])
def test_search_with_articles_stored_and_no_index_says_to_reindex(tmp_path, damage):
    """Found: the index link gone (or pointing at nothing): "no articles match", exit 1."""
    home = small_home(tmp_path / "home", 3)
    target = (home / "index").resolve()
    if damage == "missing":
        (home / "index").unlink()
    else:
        shutil.rmtree(target)
    result = run_news(home, "search", "old")
    assert result.returncode == 4, result
    assert result.stderr.strip() == (f"news: error: the search index in {home / 'index'} is missing or dangling while "
                                     "3 articles are stored: run `news reindex` (or `news doctor --repair`)")
    assert run_news(home, "reindex").returncode == 0
    assert run_news(home, "search", "old").returncode == 0


def test_garbage_in_the_index_toc_is_one_line_and_repair_rebuilds(tmp_path):
    """Found: search, doctor and doctor --repair: "internal error: IndexError"
    (or UnpicklingError) after garbage in the newest TOC file."""
    import random

    home = small_home(tmp_path / "home", 20)
    toc = sorted((home / "index").resolve().glob("_MAIN_*.toc"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))[-1]
    data = bytearray(toc.read_bytes())
    rng = random.Random(17)
    for i in range(40, len(data)):
        data[i] = rng.randrange(256)
    toc.write_bytes(bytes(data))
    search = run_news(home, "search", "old")
    assert search.returncode == 4 and "internal error" not in search.stderr, search
    assert len(search.stderr.strip().splitlines()) == 1 and "is damaged" in search.stderr
    doctor = run_news(home, "doctor")
    assert doctor.returncode == 1 and "index-unreadable" in doctor.stdout, doctor
    repaired = run_news(home, "doctor", "--repair")
    assert repaired.returncode == 0 and "rebuilt the index (20 articles)" in repaired.stdout, repaired
    assert run_news(home, "search", "old", "--limit", "0", "--json").returncode == 0


def test_undecodable_text_in_the_store_is_found_by_doctor(tmp_path):
    """Found: bytes flipped inside a row passed doctor ("ok") while export, new,
    reindex and prune failed "internal error: OperationalError: Could not decode to UTF-8"."""
    home = small_home(tmp_path / "home", 20)
    db = home / "news.db"
    data = bytearray(db.read_bytes())
    at = data.find(b"Old story 7")
    data[at:at + 11] = b"\xff" * 11
    db.write_bytes(bytes(data))
    doctor = run_news(home, "doctor")
    assert doctor.returncode == 4, doctor
    assert "store-unreadable: 1 stored articles cannot be read" in doctor.stdout
    for args in (["export"], ["reindex"], ["new"], ["prune", "--older-than", "30d"]):
        result = run_news(home, *args)
        assert "internal error" not in result.stderr, (args, result)
    repaired = run_news(home, "doctor", "--repair")
    assert repaired.returncode == 4 and "internal error" not in repaired.stderr, repaired


def test_doctor_repair_after_random_flips_is_never_an_internal_error(tmp_path):
    """Found: after 200 random byte flips, doctor --repair failed with JSONDecodeError."""
    import random

    base = small_home(tmp_path / "base", 200)
    for seed in range(4):
        home = tmp_path / f"home{seed}"
        shutil.copytree(base, home, symlinks=True)
        db = home / "news.db"
        data = bytearray(db.read_bytes())
        rng = random.Random(seed)
        for _ in range(200):
            data[rng.randrange(4096, len(data))] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(data))
        for args in (["doctor"], ["doctor", "--repair"]):
            result = run_news(home, *args)
            assert result.returncode in (0, 1, 4), (seed, args, result)
            assert "internal error" not in result.stderr, (seed, args, result)
