"""A generated corpus with known answers, for search tests, the README
cookbook and the search benchmark.

Every article is built from a seeded random choice of *topics*; a topic puts
its words (in one of their forms) in the title or body, and no filler
sentence contains a topic word. So which articles a query must find is known
from the records alone: tests compare the result set exactly (precision and
recall), not "some hits". The seed article (/work/shared/seeds/...) is parsed
and added as the one real-world text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscli.model import Article

SEED_NAME = "000_598b013bf8abb6cc.txt"


def _find_seed() -> Path | None:
    """The seed page: shared/ beside the checkout (as CI lays it out) or /work/shared."""
    here = Path(__file__).resolve().parents[2]
    for folder in (here.parent / "shared", here / "shared", Path("/work/shared")):
        if (folder / "seeds" / SEED_NAME).is_file():
            return folder / "seeds" / SEED_NAME
    return None


SEED_FILE = _find_seed()
SEED_URL = "https://english.almayadeen.net/news/politics/west-ignored-russia-main-security-concerns---putin-to-macron"

# topic -> (title phrases, body sentences); {}-free, forms vary per article.
TOPICS = {
    "en": {
        "ceasefire": (["Ceasefire holds"], ["The ceasefire held overnight along the line of contact."]),
        "negotiation": (["Negotiations resume", "Negotiators meet"],
                        ["Officials said negotiations would continue next week.",
                         "Both delegations were negotiating late into the night.",
                         "The deal was negotiated behind closed doors."]),
        "sanctions": (["New sanctions"], ["The ministry announced sanctions on three banks."]),
        "election": (["Election day"], ["Turnout in the elections was higher than expected."]),
        "guarantees": (["Security guarantees sought"], ["Moscow asked for security guarantees in writing."]),
        "scattered": ([], ["Food security remains fragile, and the guarantees offered were vague."]),
    },
    "es": {
        "negociacion": (["Se reanudan las negociaciones"],
                        ["La negociación continuará la próxima semana.",
                         "Las negociaciones se alargaron hasta la madrugada."]),
        "elecciones": (["Jornada electoral"], ["Las elecciones presidenciales se celebrarán en octubre."]),
        "sanciones": (["Nuevas sanciones"], ["El gobierno anunció sanciones contra tres bancos."]),
        "altoelfuego": (["Alto el fuego"], ["El alto el fuego se mantuvo durante la noche."]),
    },
    "ar": {
        # The same words in several spelling forms: diacritics, tatweel,
        # hamza on alef, teh marbuta written as heh.
        "mufawadat": (["استئناف المفاوضات", "المُفاوَضات تُستأنف"],
                      ["قال المسؤولون إن المفاوضات ستستمر الأسبوع المقبل.",
                       "استمرت المُفاوَضات حتى وقت متأخر من الليل.",
                       "وانتهت المفاوضـات دون اتفاق."]),
        "ukraine": (["أوكرانيا تطلب الدعم", "اوكرانيا تطلب الدعم"],
                    ["وصل الوفد إلى أوكرانيا صباح اليوم.", "وصل الوفد الى اوكرانيا صباح اليوم."]),
        "madrasa": (["افتتاح المدرسة"], ["افتُتحت المدرسة الجديدة في القرية.", "افتتحت المدرسه الجديده في القريه."]),
    },
}
# What shows that the seed article has an English topic.
SEED_MARKERS = {"ceasefire": "ceasefire", "negotiation": "negotiat", "sanctions": "sanction",
                "election": "election", "guarantees": "security guarantees"}
FILLER = {
    "en": ["The committee met on Tuesday to review the report.",
           "Analysts expect further statements in the coming days.",
           "Local officials declined to comment on the details.",
           "The statement was published on the ministry website."],
    "es": ["El comité se reunió el martes para revisar el informe.",
           "Los analistas esperan nuevas declaraciones en los próximos días."],
    "ar": ["اجتمعت اللجنة يوم الثلاثاء لمراجعة التقرير.", "يتوقع المحللون مزيدا من التصريحات في الأيام المقبلة."],
}
# tag key -> spellings used (case and accent variants count as one tag)
TAGS = {
    "nato": ["NATO", "Nato", "nato"],
    "ukraine": ["Ukraine"],
    "russia": ["Russia", "RUSSIA"],
    "mexico": ["México", "Mexico"],
    "economy": ["Economy"],
}
SECTIONS = {"politics": ["Politics", "POLITICS"], "economy": ["Economy"], "politica": ["Política", "Politica"]}
AUTHORS = ["Lina Haddad", "Jorge Ruiz", "Sam Carter"]
SOURCES = ["Agencies", "Reuters"]
SITES = {"en": "almayadeen-en", "es": "almayadeen-es", "ar": "almayadeen-ar"}
START = datetime(2021, 1, 1, 9, 0, tzinfo=UTC)


@dataclass
class Record:
    """An article and the facts a query is checked against."""

    article: Article
    topics: set[str] = field(default_factory=set)
    title_topics: set[str] = field(default_factory=set)
    tag_keys: set[str] = field(default_factory=set)
    section_key: str | None = None


def generate(count: int = 150, seed: int = 7, days: int = 4 * 365, padding: int = 0) -> list[Record]:
    """``count`` articles in English, Spanish and Arabic (4:1:1), published
    over ``days`` days from 2021-01-01, plus the seed article (when shared/
    is there). ``padding``
    filler sentences more per article make realistic lengths for benchmarks."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        lang = ("en", "en", "en", "en", "es", "ar")[n % 6]
        topics = set(rng.sample(sorted(TOPICS[lang]), rng.randint(1, 2)))
        if lang == "en" and "guarantees" in topics and "scattered" in topics:
            topics.discard("scattered")
        title_topic = rng.choice(sorted(t for t in topics if TOPICS[lang][t][0]) or [None])
        title_topics = {title_topic} if title_topic else set()
        title = rng.choice(TOPICS[lang][title_topic][0]) if title_topic else rng.choice(FILLER[lang])[:40]
        sentences = [rng.choice(TOPICS[lang][t][1]) for t in sorted(topics)]
        sentences += rng.sample(FILLER[lang], 2) + rng.choices(FILLER[lang], k=padding)
        rng.shuffle(sentences)
        tag_keys = set(rng.sample(sorted(TAGS), rng.randint(0, 3)))
        section_key = rng.choice(sorted(SECTIONS) + [None])
        published = START + timedelta(days=rng.randrange(days), hours=rng.randrange(12))
        article = Article(
            url=f"https://{SITES[lang]}.example/news/{n:05d}",
            site=SITES[lang], lang=lang, title=f"{title} ({n})",
            summary=sentences[0], text="\n\n".join(sentences[1:] + [FILLER[lang][n % len(FILLER[lang])]]),
            authors=[AUTHORS[n % len(AUTHORS)]], source=SOURCES[n % 2],
            published=published.isoformat(timespec="seconds"),
            section=rng.choice(SECTIONS[section_key]) if section_key else None,
            tags=[rng.choice(TAGS[key]) for key in sorted(tag_keys)],
            fetched=published.isoformat(timespec="seconds"),
        ).finish()
        records.append(Record(article, topics, title_topics, tag_keys, section_key))
    if SEED_FILE:
        records.append(seed_record())
    return records


def seed_record() -> Record:
    """The seed page (a text rendering of an Al Mayadeen article) as an article."""
    lines = [line.rstrip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines()]
    by = next(i for i, line in enumerate(lines) if line.strip().startswith("• By "))
    title = next(line.strip() for line in reversed(lines[:by]) if line.strip())
    start = next(i for i, line in enumerate(lines) if line.strip().endswith("Min Read")) + 1
    end = next(i for i, line in enumerate(lines) if line.strip() == "Most Read")
    body = [line.strip() for line in lines[start:end] if line.strip() and not line.strip().startswith("•")]
    summary, caption = body[0], body[1]   # the lead, then the photo caption
    tags = []   # the run of bullets just before "Most Read"
    for line in reversed(lines[start:end]):
        if line.strip().startswith("•"):
            tags.insert(0, line.strip().lstrip("• ").strip())
        elif line.strip():
            break
    article = Article(
        url=SEED_URL, site="almayadeen-en", lang="en", title=title, summary=summary,
        text="\n\n".join(p for p in body[2:] if p != caption), authors=["Al Mayadeen Net"], source="Agencies",
        published="2022-01-28T18:57:00+02:00", section="Politics", tags=tags, image_caption=caption,
        fetched="2022-01-28T17:00:00+00:00",
    ).finish()
    topics = {topic for topic, marker in SEED_MARKERS.items() if marker in f"{summary} {article.text}".lower()}
    title_topics = {topic for topic, marker in SEED_MARKERS.items() if marker in title.lower()}
    return Record(article, topics, title_topics, {t.casefold() for t in tags}, "politics")


def build(home: Path, records: list[Record]) -> None:
    """Store and index the records in the data home ``home``."""
    from newscli.archive.archive import Archive
    from newscli.config import Home

    with Archive(Home(home), create=True) as archive, archive.writing():
        archive.save((r.article, None) for r in records)


def ids(records, predicate) -> set[str]:
    return {r.article.id for r in records if predicate(r)}


if __name__ == "__main__":
    # python tests/support/corpus.py HOME [COUNT]: a data home to try queries on (the README cookbook's).
    import sys

    build(Path(sys.argv[1]), generate(int(sys.argv[2]) if len(sys.argv) > 2 else 150))
