"""Synthetic news articles that behave like real ones for a search engine.

Article ``n`` of a corpus is a pure function of ``n`` (its own seeded RNG), so
the archive builder, the grep export and the replica's pages all see the same
article without keeping the corpus anywhere.

What makes the text realistic enough to benchmark with:
- word frequencies follow Zipf's law over a vocabulary of real English words
  (the seed article's and common news words) plus a long tail of generated
  words, so the index has a real-sized term dictionary (~60k terms at 50k
  articles) and posting lists of every length;
- each article has a topic that boosts its own names and phrases ("security
  guarantees", "West Bank") and gives its tags, so tag, phrase and word queries
  hit correlated, realistic fractions of the archive;
- bodies of 250-850 words (about 600 on average) in paragraphs, dates spread
  over seven years, sections and authors like the real site's, and one article
  in ten in Arabic.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from newscli.model import Article

SEED_TEXT = Path("/work/shared/seeds/000_598b013bf8abb6cc.txt")
GENERATOR_VERSION = 1  # bump when the text changes: the cache is rebuilt

START = datetime(2019, 1, 1, tzinfo=timezone(timedelta(hours=3)))
SPAN_SECONDS = 7 * 365 * 86400
SECTIONS = ["Politics", "Economy", "Sports", "Arts&Culture", "Health", "Technology",
            "Environment", "Opinion", "Analysis", "Features"]
REGIONS = ["West Asia", "Europe", "Africa", "Asia", "Latin America", "Palestine", "US & Canada"]
AUTHORS = ["Al Mayadeen English", "Al Mayadeen Net", "Hanna Yassin", "Omar Haddad",
           "Layla Farah", "Karim Nassar", "Sofia Reyes", "Daniel Moreau"]
SOURCES = ["Agencies", "Al Mayadeen English", "Reuters", "Sputnik", "Al Mayadeen Net"]

# Topics: the names, phrases and tags that make an article about something.
TOPICS: list[tuple[list[str], list[str]]] = [
    (["Putin", "Macron", "Kremlin", "NATO", "Ukraine", "Donbas", "security guarantees", "Moscow"],
     ["Ukraine", "Russia", "Vladimir Putin", "Emmanuel Macron", "Nato", "France"]),
    (["Gaza", "ceasefire", "humanitarian aid", "occupation", "West Bank", "Rafah", "UNRWA"],
     ["Gaza", "Palestine", "Israel", "Ceasefire", "United Nations"]),
    (["Hezbollah", "Beirut", "south Lebanon", "resistance", "border", "Litani"],
     ["Lebanon", "Hezbollah", "Israel"]),
    (["Tehran", "sanctions", "nuclear deal", "enrichment", "IAEA", "Vienna talks"],
     ["Iran", "Sanctions", "Nuclear", "IAEA"]),
    (["Beijing", "Taiwan", "South China Sea", "trade war", "tariffs", "semiconductors"],
     ["China", "Taiwan", "Trade", "United States"]),
    (["Caracas", "Maduro", "Bolivar", "oil exports", "Brasilia", "Lula", "Bolsonaro"],
     ["Venezuela", "Brazil", "Latin America", "Oil"]),
    (["inflation", "interest rates", "central bank", "oil prices", "OPEC", "recession", "bond yields"],
     ["Economy", "Oil", "Inflation", "OPEC"]),
    (["climate change", "drought", "glaciers", "biodiversity", "emissions", "COP summit"],
     ["Climate", "Environment", "COP"]),
    (["Sanaa", "Red Sea", "shipping lanes", "Ansar Allah", "Hodeidah", "naval blockade"],
     ["Yemen", "Red Sea", "Shipping"]),
    (["Damascus", "Aleppo", "reconstruction", "Idlib", "Golan"],
     ["Syria", "Turkey", "Reconstruction"]),
    (["World Cup", "Champions League", "transfer window", "Olympic Games", "coach"],
     ["Football", "Sports", "Olympics"]),
    (["vaccine", "pandemic", "hospital", "World Health Organization", "outbreak", "cholera"],
     ["Health", "WHO", "Covid-19"]),
    (["artificial intelligence", "data centres", "cyberattack", "satellite", "chips"],
     ["Technology", "AI", "Cybersecurity"]),
    (["Sahel", "Niamey", "Bamako", "Ouagadougou", "French troops", "ECOWAS"],
     ["Africa", "Niger", "Mali", "France"]),
    (["Washington", "Congress", "White House", "Pentagon", "Senate", "election campaign"],
     ["United States", "Congress", "Elections"]),
]

COMMON = ["the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as", "by", "at", "from", "it", "he", "said", "his", "be", "are", "this", "an", "have", "had", "not", "has", "but", "were", "which", "they", "their", "will", "its", "who", "been", "also", "more", "after", "would", "there", "about", "one", "other", "than", "when", "into", "over", "new", "two", "can", "year", "years", "first", "last", "people", "government", "president", "minister", "country", "state", "officials", "military", "forces", "security", "talks", "war", "peace", "foreign", "international", "national", "political", "economic", "week", "told", "statement", "according", "added", "during", "while", "against", "between", "under", "since", "before", "could", "should", "may", "must", "still", "only", "some", "many", "most", "such", "any", "each", "both", "all", "no", "report", "reports", "agency", "news", "media", "press", "public", "support", "decision", "plan", "plans", "power", "region", "regional", "border", "attack", "attacks", "killed", "wounded", "army", "troops", "city", "capital", "spokesperson", "leader", "leaders", "party", "parliament", "vote", "election", "court", "law", "rights", "crisis", "conflict", "situation", "meeting", "summit", "visit", "relations", "cooperation", "agreement", "deal", "issue", "issues", "policy", "measures", "response", "demands", "concerns", "pressure", "action"]
SYLLABLES = ["ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "fa", "fe", "fi", "ka", "ke", "ki", "ko", "ku", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ne", "ni", "no", "nu", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to", "tu", "va", "ve", "vi", "za", "zo", "al", "an", "ar", "as", "el", "en", "er", "es", "il", "in", "is", "on", "or", "us"]
ARABIC_WORDS = ["في", "من", "على", "إلى", "أن", "عن", "مع", "هذا", "التي", "الذي", "قال", "وقال", "رئيس", "الرئيس", "الحكومة", "وزير", "الخارجية", "الأمن", "مجلس", "الأمم", "المتحدة", "الاحتلال", "المقاومة", "غزة", "فلسطين", "لبنان", "سوريا", "إيران", "العراق", "اليمن", "القدس", "الضفة", "الغربية", "وقف", "إطلاق", "النار", "المساعدات", "الإنسانية", "الحرب", "السلام", "المفاوضات", "اتفاق", "العدوان", "الشهداء", "الجرحى", "الجيش", "القوات", "الحدود", "الجنوب", "العاصمة", "بيروت", "دمشق", "طهران", "صنعاء", "موسكو", "واشنطن", "العالم", "الدولي", "الإقليمي", "السياسي", "الاقتصادي", "النفط", "الأسعار", "العقوبات", "الاجتماع", "القمة", "الزيارة", "بيان", "مصادر", "أفادت", "أعلن", "أكد", "أشار", "اليوم", "أمس", "الأسبوع", "العام", "خلال", "بعد", "قبل", "حيث", "كما", "لكن", "أيضا"]
ARABIC_TOPICS = [
    (["غزة", "وقف إطلاق النار", "المساعدات الإنسانية", "الاحتلال"], ["غزة", "فلسطين", "Gaza"]),
    (["لبنان", "المقاومة", "الجنوب", "حزب الله"], ["لبنان", "حزب الله", "Lebanon"]),
    (["إيران", "العقوبات", "الاتفاق النووي"], ["إيران", "Iran"]),
]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _seed_words() -> list[str]:
    try:
        text = SEED_TEXT.read_text(encoding="utf-8")
    except OSError:
        return []
    return [w.lower() for w in re.findall(r"[A-Za-z][a-z']{2,}", text)]


@dataclass
class Vocabulary:
    words: list[str]
    cum_weights: list[float]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def _zipf(words: list[str], exponent: float = 1.05) -> Vocabulary:
    total, cum = 0.0, []
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank ** exponent
        cum.append(total)
    return Vocabulary(words, cum)


def _unique(words) -> list[str]:
    seen, out = set(), []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def _generated(rng: random.Random, n: int, letters: list[str] | str, lo: int, hi: int) -> list[str]:
    return ["".join(rng.choice(letters) for _ in range(rng.randint(lo, hi))) for _ in range(n)]


@lru_cache(maxsize=1)
def english() -> Vocabulary:
    rng = random.Random(20240530)
    real = _unique(COMMON + _seed_words())
    return _zipf(_unique(real + _generated(rng, 60000, SYLLABLES, 2, 5)))


@lru_cache(maxsize=1)
def arabic() -> Vocabulary:
    rng = random.Random(20240531)
    return _zipf(_unique(ARABIC_WORDS + _generated(rng, 20000, ARABIC_LETTERS, 3, 7)))


def _sentence(rng: random.Random, vocab: Vocabulary, names: list[str], arabic_text: bool) -> str:
    words = vocab.sample(rng, rng.randint(8, 24))
    for _ in range(rng.choice((0, 1, 1, 2))):
        words.insert(rng.randrange(len(words)), rng.choice(names))
    if not arabic_text:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def _paragraphs(rng: random.Random, vocab: Vocabulary, names: list[str], words: int,
                arabic_text: bool) -> list[str]:
    paragraphs, count = [], 0
    while count < words:
        sentences = [_sentence(rng, vocab, names, arabic_text) for _ in range(rng.randint(2, 5))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += paragraph.count(" ") + 1
    return paragraphs


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "article"


def article(n: int, base: str = "https://english.almayadeen.net") -> Article:
    """The ``n``-th article of every corpus (deterministic)."""
    rng = random.Random(n * 7919 + GENERATOR_VERSION)
    is_arabic = rng.random() < 0.1
    if is_arabic:
        names, tags = rng.choice(ARABIC_TOPICS)
        vocab = arabic()
    else:
        names, tags = rng.choice(TOPICS)
        vocab = english()
    tags = rng.sample(tags, rng.randint(2, len(tags)))
    title = _sentence(rng, vocab, names, is_arabic).rstrip(".")
    title = " ".join(title.split()[:rng.randint(6, 12)])
    summary = _sentence(rng, vocab, names, is_arabic)
    body = _paragraphs(rng, vocab, names, rng.randint(250, 850), is_arabic)
    published = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    section = rng.choice(SECTIONS)
    region = rng.choice(REGIONS)
    site, lang = ("almayadeen-ar", "ar") if is_arabic else ("almayadeen-en", "en")
    path = f"/news/{_slug(section)}/{_slug(title) if not is_arabic else 'ar'}-{n}"
    return Article(
        url=base + path,
        site=site,
        lang=lang,
        title=title,
        summary=summary,
        text="\n\n".join([summary] + body),
        authors=[rng.choice(AUTHORS)],
        source=rng.choice(SOURCES),
        published=published.isoformat(timespec="seconds"),
        section=section,
        subsection=region,
        tags=tags,
        image_url=f"{base}/images/{n}.jpg",
        image_caption=_sentence(rng, vocab, names, is_arabic),
        fetched=(published + timedelta(hours=rng.randint(1, 48))).isoformat(timespec="seconds"),
    )


def page_html(a: Article) -> str:
    """The article as a news site would serve it: metadata in the head (Open
    Graph, article:*, JSON-LD), the body in <article>, chrome around it."""
    import json
    from html import escape

    meta = [
        ("og:title", a.title), ("og:description", a.summary), ("og:url", a.url),
        ("og:image", a.image_url), ("article:published_time", a.published),
        ("article:section", a.section),
    ] + [("article:tag", tag) for tag in a.tags]
    head = "\n".join(f'<meta property="{k}" content="{escape(v or "")}">' for k, v in meta)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                     "datePublished": a.published, "author": [{"@type": "Person", "name": n} for n in a.authors],
                     "keywords": ", ".join(a.tags)}, ensure_ascii=False)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.text.split("\n\n"))
    direction = ' dir="rtl"' if a.lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{a.lang}"{direction}>
<head>
<meta charset="utf-8">
<title>{escape(a.title)} | Al Mayadeen</title>
{head}
<meta name="author" content="{escape(", ".join(a.authors))}">
<link rel="canonical" href="{escape(a.url)}">
<script type="application/ld+json">{ld}</script>
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/articles">Articles</a> <a href="/videos">Videos</a></nav></header>
<main>
<article>
<h1>{escape(a.title)}</h1>
<p class="byline">By {escape(", ".join(a.authors))}</p>
<p>Source: {escape(a.source or "")}</p>
<figure><img src="{escape(a.image_url or "")}" alt=""><figcaption>{escape(a.image_caption or "")}</figcaption></figure>
{body}
</article>
<ul class="tags">{"".join(f'<li><a rel="tag" href="/tag/{escape(t)}">{escape(t)}</a></li>' for t in a.tags)}</ul>
</main>
<footer><p>All Rights Reserved</p></footer>
</body>
</html>
"""
