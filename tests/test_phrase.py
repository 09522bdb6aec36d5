"""ExactPhrase (the phrase matcher search uses) finds exactly the documents
Whoosh's own Phrase query finds, repeated words and long phrases included."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.index.index import Index
from newscli.index.phrases import ExactPhrase, exact_phrases
from newscli.model import Article

WORDS = ["peace", "talks", "the", "war", "security", "guarantees", "ceasefire", "of"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    rng = random.Random(7)
    articles = [Article(url=f"https://example.org/a/{n}", title=f"Story {n}", lang="en",
                        text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40)))).finish()
                for n in range(300)]
    index = Index(tmp_path_factory.mktemp("phrase") / "index")
    index.add(articles[:150])
    index.add(articles[150:])   # two segments
    ix = index._open(create=False)
    assert ix.doc_count() == 300
    with ix.searcher() as searcher:
        yield searcher
    index.close()


def docs(searcher, query) -> set[int]:
    return set(searcher.docs_for_query(query))


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=4))
@pytest.mark.slow
def test_exact_phrase_finds_what_whoosh_phrase_finds(searcher, words):
    from whoosh.query import Phrase

    field = searcher.schema["body_en"]
    terms = [token.text for word in words for token in field.analyzer(word)]
    whoosh_phrase = Phrase("body_en", terms)
    assert docs(searcher, exact_phrases(whoosh_phrase)) == docs(searcher, whoosh_phrase)


def test_a_phrase_matches_only_adjacent_words(searcher):
    from whoosh.query import And, Term

    field = searcher.schema["body_en"]
    peace, talks = (next(iter(field.analyzer(w))).text for w in ("peace", "talks"))
    both = docs(searcher, And([Term("body_en", peace), Term("body_en", talks)]))
    adjacent = docs(searcher, ExactPhrase("body_en", [peace, talks]))
    assert adjacent and adjacent < both     # found some, and not every document with both words
