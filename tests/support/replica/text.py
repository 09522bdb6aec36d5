"""Generated article text in English, Arabic and Spanish (deterministic).

Small grammars, not real reporting: a headline, a lead, body paragraphs,
tags, a caption and an author per article, all from one ``random.Random``.
Paragraphs within an article are unique (the reader drops repeats), and a
few carry characters outside ASCII (curly quotes, accents) so encoding faults
have something to damage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Story:
    title: str
    lead: str
    paragraphs: list[str]
    tags: list[str]
    caption: str
    authors: list[str]
    source: str | None
    subheadings: set[str] = field(default_factory=set)


# -- English ------------------------------------------------------------------

EN_PLACES = ["Beirut", "Baghdad", "Damascus", "Tehran", "Sanaa", "Caracas", "Havana", "Cairo",
             "Amman", "Algiers", "Tunis", "Nairobi", "La Paz", "Brasilia", "Pretoria", "Jakarta",
             "Hanoi", "Bogot\u00e1", "Montevideo", "Dakar"]
EN_COUNTRIES = ["Lebanon", "Iraq", "Syria", "Iran", "Yemen", "Venezuela", "Cuba", "Egypt", "Jordan",
                "Algeria", "Tunisia", "Kenya", "Bolivia", "Brazil", "South Africa", "Indonesia",
                "Vietnam", "Colombia", "Uruguay", "Senegal"]
EN_TOPICS = {
    "politics": ["border crossing talks", "a new cabinet", "early elections", "a ceasefire proposal",
                 "prisoner exchange talks", "a regional security pact", "the constitutional reform"],
    "economy": ["fuel prices", "a currency swap deal", "wheat imports", "a new port terminal",
                "electricity tariffs", "the minimum wage", "the state budget"],
    "sports": ["the national football team", "a regional athletics meet", "the basketball league final",
               "the youth chess olympiad", "a marathon through the old city"],
    "arts-culture": ["a film festival", "the book fair", "a restored museum", "a folk music archive",
                     "an exhibition of calligraphy"],
    "health": ["a vaccination campaign", "a cholera outbreak", "hospital fuel shortages",
               "a shortage of insulin", "the new cancer ward"],
    "miscellaneous": ["a lost manuscript", "the oldest olive tree", "a record harvest of dates",
                      "a stray camel on the motorway"],
    "technology": ["a satellite launch", "a data-protection law", "a solar panel factory",
                   "a national cloud service", "undersea cable repairs"],
    "environment": ["drought", "wildfires", "a heatwave", "river pollution", "coastal erosion",
                    "a locust swarm"],
    "opinion": ["the politics of sanctions", "the new multipolar order", "the price of neutrality",
                "memory and resistance"],
    "analysis": ["the shipping crisis", "energy corridors", "the arms trade", "food security"],
    "blog": ["a night bus across the desert", "learning the oud", "a kitchen in the camp"],
    "features": ["the last ferry captain", "a school built from rubble", "the bookbinders of the old souk"],
}
EN_ACTORS = ["The foreign ministry of {country}", "{country}'s president", "Trade unions in {place}",
             "Farmers near {place}", "The health ministry in {place}", "Local officials in {place}",
             "A UN agency", "Researchers at the University of {place}", "The prime minister of {country}",
             "Residents of {place}"]
EN_SHORT_ACTORS = ["{country}", "{place} council", "{country}'s president", "The union",
                   "{country}'s parliament", "The farmers' union", "The doctors' syndicate", "The student union"]
EN_VERBS = ["rejects", "welcomes", "warns of", "calls for action on", "announces plan on",
            "opens inquiry into", "sets deadline for", "debates"]
EN_SENTENCES = [
    "{actor} said on {day} that {topic} would be discussed again before the end of the month.",
    "The announcement came after weeks of uncertainty over {topic} in {place}.",
    "According to figures published by {actor2}, {n} people have been affected so far.",
    "Officials in {place} described the situation as \u201cserious but under control.\u201d",
    "{actor} added that the decision was taken \u201cafter long consultations with all parties.\u201d",
    "Critics argue that {topic} has been mishandled for years, and that the cost is borne by ordinary families.",
    "A spokesperson for {actor2} declined to comment on the details of {topic}.",
    "In {place}, several hundred people gathered outside the ministry on {day} evening.",
    "The issue of {topic} has dominated the headlines in {country} since the spring.",
    "Observers in {place} said the next {n} days would be decisive.",
    "The government has promised a full report on {topic} within {n} weeks.",
    "\u201cWe cannot wait any longer,\u201d one resident of {place} told reporters.",
    "Talks on {topic} are expected to resume in {place2} next week.",
    "Neighbouring {country2} has followed the developments closely, its caf\u00e9 owners and traders included.",
    "Earlier this year, {actor2} warned that {topic} could become a regional concern.",
    "The plan is expected to cost about {n} million dollars, to be paid in three instalments.",
    "Analysts note that {topic} ties {country} and {country2} more closely than ever.",
    "Local media in {place} reported that the measures would take effect on {day}.",
    "Footage shared online showed long queues in {place2} on {day} morning.",
    "The ministry said it had received {n} complaints since the start of the year.",
    "For many in {place}, {topic} is not a distant debate but a daily reality.",
    "The committee in charge of {topic} will meet again in {place2}, its chair confirmed.",
]
EN_SUBHEADS = ["What happens next", "A long-running dispute", "Reactions in {place}",
               "The numbers behind {topic}", "Voices from {place}"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_AUTHORS = ["Al Mayadeen Net", "Al Mayadeen English"]
EN_WRITERS = ["Rania Haddad", "Omar Khalil", "Layla Nassar", "Karim Saadeh", "Nadia Farouk",
              "Joseph Mansour"]
EN_SOURCES = ["Agencies", "Al Mayadeen English", "Al Mayadeen Net", "Websites"]


def _fill(rng: random.Random, template: str, topic: str, place: str, country: str) -> str:
    place2 = rng.choice([p for p in EN_PLACES if p != place])
    country2 = rng.choice([c for c in EN_COUNTRIES if c != country])
    actor2 = rng.choice(EN_ACTORS).format(place=place2, country=country2)
    actor = rng.choice(EN_ACTORS).format(place=place, country=country)
    return template.format(actor=actor, actor2=actor2, topic=topic, place=place, place2=place2,
                           country=country, country2=country2, day=rng.choice(EN_DAYS),
                           n=rng.randint(3, 90))


def _unique_sentences(rng: random.Random, templates: list[str], count: int, fill) -> list[str]:
    out: list[str] = []
    pool = list(templates)
    rng.shuffle(pool)
    for template in pool:
        sentence = fill(template)
        if sentence not in out:
            out.append(sentence)
        if len(out) == count:
            break
    return out


def english_story(rng: random.Random, subsection: str, opinion: bool = False,
                  paragraphs: int | None = None) -> Story:
    topic = rng.choice(EN_TOPICS.get(subsection, EN_TOPICS["politics"]))
    place, country = rng.choice(list(zip(EN_PLACES, EN_COUNTRIES)))
    pattern = rng.randrange(5)
    short_actor = rng.choice(EN_SHORT_ACTORS).format(place=place, country=country)
    verb = rng.choice(EN_VERBS)
    if pattern == 0:
        title = f"{short_actor} {verb} {topic}"
    elif pattern == 1:
        title = f"{place}: {short_actor} {verb} {topic} as talks stall"
    elif pattern == 2:
        title = f"{short_actor} {verb} {topic} - {rng.choice(EN_ACTORS).format(place=place, country=country).lower()}"
    elif pattern == 3:
        title = f"{topic[0].upper() + topic[1:]}: what {country}'s new plan means for {place}"
    else:
        title = f"'{short_actor}' {verb} {topic} in {place} & beyond"
    fill = lambda template: _fill(rng, template, topic, place, country)  # noqa: E731
    count = paragraphs if paragraphs is not None else rng.randint(4, 9)
    sentences = _unique_sentences(rng, EN_SENTENCES, min(len(EN_SENTENCES), count * 2 + 1), fill)
    lead = sentences[0]
    body = [" ".join(sentences[1 + 2 * i:3 + 2 * i]) for i in range(count)]
    body = [p for p in body if p]
    subheadings: set[str] = set()
    if len(body) >= 5 and rng.random() < 0.5:
        sub = rng.choice(EN_SUBHEADS).format(place=place, topic=topic)
        body.insert(len(body) // 2, sub)
        subheadings.add(sub)
    tags = _pick_tags(rng, [country, place, topic.title().replace("A ", "", 1),
                            rng.choice(EN_COUNTRIES), subsection.replace("-", " ").title()])
    writers = [rng.choice(EN_WRITERS)] if opinion else [rng.choice(EN_AUTHORS)]
    if opinion and rng.random() < 0.3:
        writers.append(rng.choice([w for w in EN_WRITERS if w != writers[0]]))
    return Story(
        title=title,
        lead=lead,
        paragraphs=body,
        tags=tags,
        caption=f"A view of {place} on {rng.choice(EN_DAYS)}, as {topic} dominates the news (AFP)",
        authors=writers,
        source=None if opinion else rng.choice(EN_SOURCES),
        subheadings=subheadings,
    )


def _pick_tags(rng: random.Random, candidates: list[str]) -> list[str]:
    tags: list[str] = []
    for tag in candidates:
        if tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    return tags[: rng.randint(3, len(tags))]


def video_story(rng: random.Random) -> Story:
    story = english_story(rng, rng.choice(["politics", "environment", "economy"]), paragraphs=0)
    story.title = "Video: " + story.title
    story.lead = story.lead + " " + _fill(rng, rng.choice(EN_SENTENCES), "the footage",
                                           rng.choice(EN_PLACES), rng.choice(EN_COUNTRIES))
    return story


# -- Arabic -------------------------------------------------------------------

AR_PLACES = ["بيروت", "بغداد", "دمشق", "طهران", "صنعاء", "القاهرة", "عمّان", "الجزائر"]
AR_TOPICS = ["المفاوضات", "أسعار الوقود", "الانتخابات المبكرة", "وقف إطلاق النار",
             "الموازنة العامة", "أزمة الكهرباء", "موسم الحصاد", "حملة التلقيح"]
AR_TITLES = ["{place}: تطورات جديدة في ملف {topic}", "مسؤولون في {place} يناقشون {topic}",
             "{topic} على طاولة البحث في {place}", "ترقب في {place} بشأن {topic}"]
AR_SENTENCES = [
    "قال مسؤولون في {place} إن ملف {topic} سيُبحث مجدداً قبل نهاية الشهر.",
    "وجاء الإعلان بعد أسابيع من الترقب في {place}.",
    "وأكد المتحدث باسم الحكومة أن القرار اتُّخذ بعد مشاورات طويلة.",
    "ويرى مراقبون أن الأيام المقبلة ستكون حاسمة بالنسبة إلى {topic}.",
    "وتجمّع المئات أمام مبنى الوزارة في {place} مساء أمس.",
    "وأشارت مصادر محلية إلى أن الإجراءات ستدخل حيز التنفيذ الأسبوع المقبل.",
    "ومن المتوقع أن تُستأنف المحادثات حول {topic} في {place} قريباً.",
    "وقال أحد السكان للصحافيين: لا يمكننا الانتظار أكثر.",
    "وأعلنت الوزارة أنها تلقت عشرات الشكاوى منذ بداية العام.",
    "ويتابع الشارع في {place} تطورات {topic} باهتمام كبير.",
]
AR_WRITERS = ["الميادين نت", "علي حيدر", "زينب صالح"]


def arabic_story(rng: random.Random, paragraphs: int | None = None) -> Story:
    place, topic = rng.choice(AR_PLACES), rng.choice(AR_TOPICS)
    fill = lambda template: template.format(place=place, topic=topic)  # noqa: E731
    count = paragraphs if paragraphs is not None else rng.randint(2, 4)
    sentences = _unique_sentences(rng, AR_SENTENCES, min(len(AR_SENTENCES), 2 * count + 1), fill)
    return Story(
        title=rng.choice(AR_TITLES).format(place=place, topic=topic),
        lead=sentences[0],
        paragraphs=[" ".join(sentences[1 + 2 * i:3 + 2 * i]) for i in range(count)],
        tags=[place, topic, rng.choice([p for p in AR_PLACES if p != place])],
        caption=f"صورة من {place}",
        authors=[rng.choice(AR_WRITERS)],
        source="الميادين نت",
    )


# -- Spanish ------------------------------------------------------------------

ES_PLACES = ["Caracas", "La Habana", "Managua", "La Paz", "Quito", "Bogotá", "Montevideo"]
ES_COUNTRIES = ["Venezuela", "Cuba", "Nicaragua", "Bolivia", "Ecuador", "Colombia", "Uruguay"]
ES_TOPICS = ["la reforma agraria", "las elecciones regionales", "el precio del combustible",
             "la campaña de alfabetización", "el acuerdo comercial", "la temporada de lluvias"]
ES_TITLES = ["{country}: nuevo debate sobre {topic}", "{place} anuncia medidas sobre {topic}",
             "Gobierno de {country} presenta plan para {topic}"]
ES_SENTENCES = [
    "Las autoridades de {place} informaron el lunes que {topic} será discutida de nuevo.",
    "El anuncio llegó tras semanas de incertidumbre en {country}.",
    "Según cifras oficiales, miles de familias se han visto afectadas.",
    "Un portavoz del ministerio dijo que la decisión se tomó «tras largas consultas».",
    "Los críticos afirman que {topic} ha sido mal gestionada durante años.",
    "Cientos de personas se reunieron frente al ministerio en {place}.",
    "Las conversaciones sobre {topic} se reanudarán la próxima semana.",
    "Para muchos en {place}, {topic} no es un debate lejano sino una realidad diaria.",
    "El comité encargado se reunirá otra vez en {place}, confirmó su presidenta.",
]
ES_WRITERS = ["Al Mayadeen Español", "María Quintero", "Andrés Peña"]


def spanish_story(rng: random.Random) -> Story:
    place, country = rng.choice(list(zip(ES_PLACES, ES_COUNTRIES)))
    topic = rng.choice(ES_TOPICS)
    fill = lambda template: template.format(place=place, country=country, topic=topic)  # noqa: E731
    count = rng.randint(2, 4)
    sentences = _unique_sentences(rng, ES_SENTENCES, min(len(ES_SENTENCES), 2 * count + 1), fill)
    return Story(
        title=rng.choice(ES_TITLES).format(place=place, country=country, topic=topic),
        lead=sentences[0],
        paragraphs=[" ".join(sentences[1 + 2 * i:3 + 2 * i]) for i in range(count)],
        tags=[country, place, topic.split(" ", 1)[1].capitalize()],
        caption=f"Vista de {place}",
        authors=[rng.choice(ES_WRITERS)],
        source=rng.choice(["Agencias", "Al Mayadeen Español"]),
    )


EN_BREAKING = [
    "{place}: Al Mayadeen's correspondent reports heavy traffic at the border crossing",
    "{country}'s foreign minister: talks on {topic} will resume next week",
    "{place} officials: {topic} remains the priority of the new cabinet",
    "Sources to Al Mayadeen: a delegation from {country} arrives in {place}",
]


def breaking_line(rng: random.Random) -> str:
    place, country = rng.choice(list(zip(EN_PLACES, EN_COUNTRIES)))
    topic = rng.choice(EN_TOPICS["politics"] + EN_TOPICS["economy"])
    return rng.choice(EN_BREAKING).format(place=place, country=country, topic=topic)


AR_BREAKING = ["مراسل الميادين في {place}: {topic} على رأس جدول الأعمال",
               "مصادر للميادين: وفد رسمي يصل إلى {place}"]
ES_BREAKING = ["{country}: el gobierno anuncia medidas sobre {topic}",
               "Corresponsal de Al Mayadeen en {place}: continúan las conversaciones"]


def arabic_breaking(rng: random.Random) -> str:
    return rng.choice(AR_BREAKING).format(place=rng.choice(AR_PLACES), topic=rng.choice(AR_TOPICS))


def spanish_breaking(rng: random.Random) -> str:
    return rng.choice(ES_BREAKING).format(place=rng.choice(ES_PLACES), country=rng.choice(ES_COUNTRIES),
                                          topic=rng.choice(ES_TOPICS))
