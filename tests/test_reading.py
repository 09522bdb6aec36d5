"""The reading flow: new, read --format, open, star/unstar, export, prune,
and right-to-left text as the terminal receives it."""

from __future__ import annotations

import json
import re
import stat
import threading
import tracemalloc
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from stories import article, save

from newscli.archive.archive import Archive
from newscli.archive.filters import Filters
from newscli.config import Home
from newscli.model import Article

# -- news new ---------------------------------------------------------------------


def test_new_shows_each_article_once_newest_first(cli, home):
    save(home, [article(n) for n in range(3)])
    first = cli("new", "--json")
    assert first.code == 0
    assert [a["title"] for a in first.json()] == ["Story number 2", "Story number 1", "Story number 0"]
    assert cli("new", "--json").json() == []
    nothing = cli("new")
    assert nothing.code == 1 and "nothing new" in nothing.stderr
    save(home, [article(3), article(1, title="Story number 1, updated")])   # one new, one updated
    assert [a["title"] for a in cli("new", "--json").json()] == ["Story number 3"]


def test_peek_does_not_move_the_mark(cli, home):
    save(home, [article(n) for n in range(2)])
    assert len(cli("new", "--peek", "--json").json()) == 2
    assert len(cli("new", "--peek", "--json").json()) == 2
    assert len(cli("new", "--json").json()) == 2
    assert cli("new", "--peek", "--json").json() == []


def test_limit_claims_the_oldest_first_and_skips_none(cli, home):
    save(home, [article(n) for n in range(7)])
    seen = []
    for _ in range(4):
        batch = [a["title"] for a in cli("new", "--limit", "3", "--json").json()]
        assert len(batch) <= 3
        seen += batch
    assert sorted(seen) == sorted(f"Story number {n}" for n in range(7))


def test_new_after_pruning_the_newest_still_sees_later_articles(cli, home):
    """Deleting the newest article must not let its number be reused."""
    save(home, [article(0), article(1, published=datetime(2001, 1, 1, tzinfo=UTC))])
    assert len(cli("new", "--json").json()) == 2
    assert cli("prune", "--older-than", "2010-01-01").code == 0   # removes story 1, the newest stored
    save(home, [article(5)])
    assert [a["title"] for a in cli("new", "--json").json()] == ["Story number 5"]


@pytest.mark.slow
def test_new_under_concurrent_inserts_never_repeats_or_skips(home):
    """Two readers claim while a writer inserts: every article is shown exactly once."""
    from newscli.archive.keeping import new_articles

    total, shown, errors = 120, [], []
    done = threading.Event()
    save(home, [article(0)])

    def writer():
        try:
            for start in range(1, total, 7):
                save(home, [article(n) for n in range(start, min(start + 7, total))])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def reader():
        try:
            with Archive(Home(home)) as archive:
                while True:
                    finished = done.is_set()
                    shown.extend(a.id for a in new_articles(archive, limit=5))
                    if finished and not new_articles(archive, peek=True):
                        return
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert len(shown) == len(set(shown)) == total
    assert set(shown) == {article(n).id for n in range(total)}


# -- read, open, star ---------------------------------------------------------------


def test_read_formats(cli, home):
    story = article(1, title="Talks *resume* in [Geneva]", tags=["NATO"], authors=["Ann Lee"],
                    text="# Not a heading\n\nSecond paragraph with <b>tags</b>.")
    save(home, [story])
    as_json = cli("read", story.id, "--format", "json").json()
    assert as_json == cli("read", story.id, "--json").json()
    assert as_json["text"].startswith("# Not a heading")
    markdown = cli("read", story.id, "--format", "markdown").stdout
    assert markdown.startswith("# Talks \\*resume\\* in \\[Geneva\\]\n")
    assert "\\# Not a heading" in markdown and "\\<b\\>tags\\</b\\>" in markdown
    assert "By Ann Lee" in markdown and "Tags: NATO" in markdown and f"<{story.url}>" in markdown
    text = cli("read", story.id, "--format", "text").stdout
    assert "Talks *resume* in [Geneva]" in text and "Second paragraph" in text
    assert cli("read", story.id, "--format", "pdf").code == 2


def test_open_hands_the_url_to_the_browser(news, home, tmp_path):
    story = article(1)
    save(home, [story])
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {record}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    result = news("open", story.id[:6], env={"BROWSER": str(browser)})
    assert result.code == 0, result
    assert record.read_text() == story.url
    assert news("open", "ffffffff", env={"BROWSER": str(browser)}).code == 1


def test_star_unstar_and_list_starred(cli, home):
    stories = [article(n) for n in range(3)]
    save(home, stories)
    assert cli("star", stories[0].id, stories[2].id[:6]).code == 0
    starred = cli("list", "--starred", "--json").json()
    assert {a["id"] for a in starred} == {stories[0].id, stories[2].id}
    assert all(a["starred"] for a in starred)
    assert cli("unstar", stories[0].id).code == 0
    assert [a["id"] for a in cli("list", "--starred", "--json").json()] == [stories[2].id]
    assert cli("star", "abcdef12").code == 1


# -- export ------------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["en", "EN", "en-GB", "en_US"])
def test_lang_means_the_primary_language_in_export_and_search(cli, home, asked):
    stories = [article(n, lang=lang) for n, lang in enumerate(["en", "en-GB", "EN_us", "es", None, "eng"])]
    save(home, stories)
    english = {s.id for s in stories[:3]}
    exported = {json.loads(line)["id"] for line in cli("export", "--lang", asked).stdout.splitlines()}
    searched = {hit["id"] for hit in cli("search", "story", "--lang", asked, "--limit", "0", "--json").json()}
    assert exported == searched == english


def test_export_jsonl_and_markdown_with_filters(cli, home, tmp_path):
    stories = [article(n, tags=["Nato"] if n % 2 else []) for n in range(5)]
    save(home, stories)
    lines = cli("export").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [s.id for s in stories]   # oldest first
    assert all("text" in json.loads(line) for line in lines)
    tagged = [json.loads(line)["id"] for line in cli("export", "--tag", "NATO").stdout.splitlines()]
    assert tagged == [stories[1].id, stories[3].id]
    out = tmp_path / "out.md"
    result = cli("export", "--format", "markdown", "--since", "2024-01-03", "--output", out)
    assert result.code == 0 and "exported 3 articles" in result.stderr
    documents = out.read_text().split("\n---\n\n")
    assert [d.splitlines()[0] for d in documents] == [f"# Story number {n}" for n in (2, 3, 4)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.md")] == []
    assert cli("export", "--tag", "nothing-like-this").code == 1


@pytest.mark.slow
def test_export_streams_in_constant_memory(home):
    """Exporting 10 MB of text must not hold it: memory stays far below its size."""
    from newscli.archive.keeping import export

    body = "word " * 5000
    with Archive(Home(home), create=True) as archive:   # the store alone: export never reads the index
        for n in range(400):
            archive.store.upsert(article(n, text=body))

    class Sink:
        written = 0

        def write(self, data):
            self.written += len(data)

    sink = Sink()
    with Archive(Home(home)) as archive:
        tracemalloc.start()
        n = export(archive, Filters(), "jsonl", sink)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert n == 400 and sink.written > 10_000_000
    assert peak < 2_000_000, peak


# -- prune -------------------------------------------------------------------------


def test_prune_removes_old_articles_from_store_and_index_but_never_starred(cli, home):
    now = datetime.now(UTC)
    old = [article(n, published=now - timedelta(days=200 + n)) for n in range(3)]
    recent = [article(10 + n, published=now - timedelta(days=n)) for n in range(2)]
    save(home, old + recent)
    cli("star", old[0].id)
    dry = cli("prune", "--older-than", "90d", "--dry-run", "--json").json()
    assert dry["dry_run"] and {a["id"] for a in dry["removed"]} == {old[1].id, old[2].id}
    assert len(cli("list", "--json", "--limit", "0").json()) == 5
    result = cli("prune", "--older-than", "90d", "--keep-starred")
    assert result.code == 0 and "removed 2 articles" in result.stderr
    left = {a["id"] for a in cli("list", "--json", "--limit", "0").json()}
    assert left == {old[0].id} | {a.id for a in recent}
    assert {h["id"] for h in cli("search", "story", "--json", "--limit", "0").json()} == left
    assert cli("stats", "--json").json()["index_docs"] == 3
    assert cli("search", "story", "--facets", "--json").json()["total"] == 3   # deleted docs not counted
    assert cli("prune", "--older-than", "soon").code == 2
    assert cli("prune", "--older-than", "2999-01-01").code == 2


# -- right-to-left text ------------------------------------------------------------

ARABIC = Article(
    url="https://ar.example/news/1", lang="ar", site="almayadeen-ar",
    title="المُفاوَضات تُستأنف في جنيف",
    text=("قال المسؤولون إن المفاوضات ستستمر الأسبوع المقبل في جنيف بحضور وفود من عدة دول. "
          "NATO رفض الطلب الروسي وقال إن 2022 كان عاما صعبا على أوروبا كلها.\n\n"
          "2024 سيشهد جولة جديدة من المُفاوَضات حول الضمانات الأمنية ووقف إطلاق النار."),
    published="2024-02-20T10:00:00+03:00", fetched="2024-02-20T10:00:00+03:00",
).finish()
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def paragraphs_from(lines: list[str]) -> list[str]:
    """Blank-line separated blocks of terminal lines, joined back into text."""
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.replace("\u200f", "").strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


@pytest.mark.parametrize("width", [40, 61])
def test_arabic_article_reaches_the_terminal_in_logical_order(width):
    from rich.console import Console

    from newscli.render.articles import article_view

    out = StringIO()
    Console(file=out, width=width, color_system=None).print(article_view(ARABIC))
    lines = out.getvalue().splitlines()
    assert not BIDI_CONTROLS & set(out.getvalue())
    from rich.cells import cell_len

    assert all(cell_len(line.rstrip()) <= width for line in lines)
    blocks = paragraphs_from(lines)
    expected = [ARABIC.title] + [" ".join(p.split()) for p in ARABIC.text.split("\n\n")]
    for paragraph in expected:                       # each paragraph whole, in order, not reversed
        assert paragraph in blocks or any(paragraph in b for b in blocks), paragraph
    body_lines = [line for line in lines if any("\u0600" <= c <= "\u06ff" for c in line)]
    assert body_lines and all(line.startswith("\u200f") for line in body_lines)   # direction on every line
    # Lines that start with a Latin word or a number are still marked right-to-left.
    assert any(line.startswith(("\u200fNATO", "\u200f2024")) for line in body_lines)


def test_arabic_through_the_real_executable(news, home):
    save(home, [ARABIC, article(1)])
    read = news("read", ARABIC.id, env={"COLUMNS": "50"})
    assert read.code == 0
    assert "المُفاوَضات تُستأنف في جنيف" in read.stdout           # diacritics intact
    assert "NATO رفض الطلب الروسي" in re.sub(r" *\n\u200f", " ", read.stdout)   # wrapped lines rejoin
    listed = news("search", "مفاوضات", env={"COLUMNS": "70"})
    assert listed.code == 0
    title_lines = [line for line in listed.stdout.splitlines() if "\u200f" in line]
    assert title_lines and "\u200fالمُفاوَضات تُستأنف في جنيف" in listed.stdout
    assert not BIDI_CONTROLS & set(read.stdout + listed.stdout)
