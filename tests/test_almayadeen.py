"""The Al Mayadeen recipe against the replica, over HTTP: every field of every
variant exactly as the page shows it, through ingest and through `news fetch`."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.cssselect import CSSSelector
from replica import TICKER_STYLES, VARIANTS, Replica

from newscli.archive.archive import Archive
from newscli.config import Home
from newscli.fetch import Fetcher
from newscli.sites import get_recipe
from newscli.sites.testing import article_fields, compare
from newscli.sync.ingest import page_to_article, save_page


def read(replica: Replica, record, fetcher: Fetcher | None = None):
    response = (fetcher or Fetcher(retries=0)).get(record.url)
    return page_to_article(response.text, response.url, replica.recipe(record.edition_code))


def mismatches(replica: Replica, records) -> dict[str, list[str]]:
    fetcher = Fetcher(retries=0)
    found = {}
    for record in records:
        problems = compare(record.expected, article_fields(read(replica, record, fetcher)))
        if problems:
            found[f"{record.variant} {record.url}"] = problems
    return found


@pytest.mark.parametrize("seed", [0, 11])
def test_every_variant_reads_exactly(seed):
    with Replica(articles=21, seed=seed) as replica:
        records = [r for r in replica.articles if not r.disallowed]
        assert {r.variant for r in records} == set(VARIANTS)
        assert {r.edition_code for r in records} == {"en", "ar", "es"}
        assert mismatches(replica, records) == {}


@pytest.mark.parametrize("edition,encoding,declared,meta", [
    ("en", "cp1252", "utf-8", "utf-8"),      # every declaration wrong
    ("en", "cp1252", None, None),            # no charset anywhere
    ("en", "utf-8", "iso-8859-1", None),     # header says Latin-1, bytes are UTF-8
    ("es", "cp1252", None, None),
    ("ar", "cp1256", "utf-8", None),         # legacy Arabic bytes, declared UTF-8
])
def test_fields_survive_wrong_or_missing_charsets(replica, edition, encoding, declared, meta):
    records = [r for r in replica.wanted(edition) if not r.html.isascii()][:3]
    assert records
    for record in records:
        replica.set_fault(record.url, "charset", encoding=encoding, declared=declared, meta=meta)
    assert mismatches(replica, records) == {}


def test_fields_after_transient_errors(replica):
    record = replica.site.seed_record
    replica.set_fault(record.url, "error", times=1, status=502)
    replica.set_fault(replica.articles[3].url, "rate_limit", retry_after=0)
    fetcher = Fetcher(retries=2, backoff=0.01)
    for rec in (record, replica.articles[3]):
        assert compare(rec.expected, article_fields(read(replica, rec, fetcher))) == []
    assert [r.status for r in replica.requests_for(record.url)] == [502, 200]


def one_per_variant(replica: Replica) -> list:
    picks = {}
    for record in replica.articles:
        if not record.disallowed:
            picks.setdefault((record.edition_code, record.variant), record)
    return list(picks.values())


def test_stored_articles_keep_every_field_and_pages_are_skipped(replica, tmp_path):
    home = Home(tmp_path / "home")
    fetcher = Fetcher(retries=0)
    records = one_per_variant(replica)
    with Archive(home, create=True) as archive:
        outcomes = {}
        for record in records:
            response = fetcher.get(record.url)
            with archive.writing():
                outcomes[record.url] = save_page(archive, response.text, response.url,
                                                 replica.recipe(record.edition_code))
        for record in records:
            outcome = outcomes[record.url]
            if not record.is_news:
                assert outcome.status == "skipped" and "not news" in outcome.reason
                continue
            assert outcome.status == "new", outcome
            stored = archive.store.get(outcome.article.id)
            assert compare(record.expected, article_fields(stored)) == [], record.url
        assert archive.store.count() == len([r for r in records if r.is_news])


def _json_shape(expected: dict) -> dict:
    """Expected fields as `news ... --json` names them."""
    shaped = {k: v for k, v in expected.items() if k not in ("image_url", "image_caption")}
    image = {"url": expected["image_url"], "caption": expected["image_caption"]}
    shaped["image"] = image if image["url"] or image["caption"] else None
    return shaped


def test_news_fetch_json_through_user_recipes(replica, cli, tmp_path):
    folder = tmp_path / "config" / "recipes"
    folder.mkdir(parents=True)
    for code, base in replica.base_urls.items():
        (folder / f"replica-{code}.toml").write_text(
            f'name = "replica-{code}"\nextends = "almayadeen-{code}"\nbase_url = "{base}"\n', encoding="utf-8")
    sites = {s["name"]: s for s in cli("sites", "recipes", "--json").json()}
    assert sites["replica-ar"]["base_url"] == replica.base_urls["ar"]
    assert sites["replica-ar"]["origin"] == str(folder / "replica-ar.toml")
    assert sites["almayadeen-en"]["origin"] == "built-in"
    records = one_per_variant(replica)
    result = cli("fetch", "--json", *[r.url for r in records])
    assert result.code == 0, result
    outcomes = result.json()
    assert len(outcomes) == len(records)
    for record, outcome in zip(records, outcomes):
        if not record.is_news:
            assert outcome["status"] == "skipped"
            continue
        article = outcome["article"]
        assert outcome["status"] == "new" and article["site"] == f"replica-{record.edition_code}"
        want = _json_shape(record.expected)
        assert {k: article[k] for k in want} == want, record.url


def test_news_sites_lists_builtin_recipes(cli):
    result = cli("sites", "--all")
    assert result.code == 0
    for name in ("almayadeen-en", "almayadeen-ar", "almayadeen-es"):
        assert name in result.stdout
    rows = cli("sites", "recipes", "--json").json()
    assert [set(r) for r in rows] == [{"name", "title", "base_url", "lang", "timezone", "origin"}] * len(rows)
    assert {r["name"]: r["timezone"] for r in rows}["almayadeen-en"] == "Asia/Beirut"


def test_bad_user_recipe_is_one_clear_error(cli, tmp_path):
    folder = tmp_path / "config" / "recipes"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "x"\nextends = "nope"\nbase_url = "http://x/"\n')
    result = cli("sites", "recipes")
    assert result.code == 2 and "broken.toml" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_article_urls_sections_and_editions(replica):
    recipes = {code: replica.recipe(code) for code in ("en", "ar", "es")}
    for record in replica.articles:
        for code, recipe in recipes.items():
            assert recipe.is_article_url(record.url) == (code == record.edition_code), (code, record.url)
    for recipe in recipes.values():
        for section in recipe.sections:
            url = recipe.url(section)
            assert not recipe.is_article_url(url)
            assert Fetcher(retries=0).get(url).status == 200, url
        for other in (recipe.base_url, recipe.url("sitemaps/all.xml"), recipe.url("news?tags=Cuba")):
            assert not recipe.is_article_url(other)
    real = get_recipe("almayadeen-en")
    assert real.is_article_url("https://english.almayadeen.net/articles/why-the-israelis-are-so-afraid-of-a-liberated-yemen")
    assert not real.is_article_url("https://english.almayadeen.net/articles/opinion")
    assert not real.is_article_url("https://english.almayadeen.net/news/politics")
    assert not real.is_article_url("https://www.almayadeen.net/news/politics/x/y")
    arabic = get_recipe("almayadeen-ar")
    assert arabic.is_article_url("https://www.almayadeen.net/newscast/2024/5/30/%D8%A7%D9%84")


@pytest.mark.parametrize("style", TICKER_STYLES)
def test_ticker_selectors_find_the_items_or_leave_it_to_the_label(replica, style):
    replica.ticker_style = style
    recipe = replica.recipe("en")
    html = Fetcher(retries=0).get(recipe.url(recipe.ticker_path)).text
    tree = lxml.html.fromstring(html)
    texts = [item.text for item in replica.ticker]
    found = [[el.text_content().strip() for el in CSSSelector(sel)(tree)] for sel in recipe.ticker]
    matching = [f for f in found if f]
    if style == "label":
        assert matching == []
        labels = [el for el in tree.iter() if (el.text or "").strip() == recipe.ticker_label]
        assert labels and [li.text_content() for li in labels[0].getparent().getnext()] == texts
    else:
        assert matching == [texts]
