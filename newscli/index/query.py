"""The query language: checking, parsing and correcting what users type.

Whoosh parses leniently: an unclosed quote or a dangling ``OR`` silently
becomes something else. :func:`scan` checks the query first and reports the
first problem with its position (exit 2). :class:`QueryBuilder` then parses it
with Whoosh, mapping what users type to the index fields:

- unfielded words search the title and body of every language (or of the
  ``--lang`` given), the tags and the authors;
- ``title:`` and ``body:`` search those fields in every language;
- ``tag:``/``section:`` match whole keys, case and accents ignored
  (``tag:"emmanuel macron"``);
- ``date:`` takes what ``--since`` takes (``2022-01``, ``yesterday``, ``7d``),
  ranges (``date:[2022-01-01 to 2022-03-31]``) and comparisons
  (``date:>2024`` is after 2024, ``date:>=2024`` from 2024 on);
- ``word*`` expands over the unstemmed vocabulary, so a prefix matches
  whatever the stemmer made of the words.

Date clauses at the top level are lifted out of the scored query into the
filter (:func:`split_dates`). :func:`suggest` proposes corrections from the
index vocabulary when a query finds nothing.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import overload

from whoosh import qparser
from whoosh import query as wquery
from whoosh.qparser import plugins, syntax

from newscli.errors import UsageError
from newscli.index.analysis import GENERIC, LANGUAGES, fold_accents, normalise_arabic
from newscli.textclean import clean_line

# What users type -> the index field ("title" and "body" fan out per language).
USER_FIELDS = {
    "title": "title", "body": "body", "text": "body",
    "tag": "tags", "tags": "tags", "section": "section", "subsection": "section",
    "author": "authors", "authors": "authors", "by": "authors",
    "source": "source", "site": "site", "lang": "lang", "url": "url",
    "date": "published", "published": "published",
}
PER_LANGUAGE = ("title", "body")
KEY_FIELDS = ("tags", "section")
ALL_LANGUAGES = LANGUAGES + (GENERIC,)
FIELD_BOOSTS = {"title": 3.0, "body": 1.0, "tags": 1.5, "authors": 1.0}
BINARY_OPERATORS = ("AND", "OR", "ANDNOT", "ANDMAYBE")
OPERATORS = BINARY_OPERATORS + ("NOT",)
# A prefix expands to at most this many words (the most frequent first).
PREFIX_EXPANSION = 64
SPELL_FIELD = "spell"


class QueryError(UsageError):
    """The user's query cannot be parsed (exit 2)."""


# Longer queries are refused: Whoosh's time grows with the words (20,000 took 15 s).
MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 64


def bad_query(problem: str, position: int, text: str) -> QueryError:
    return QueryError(f"bad query at character {position + 1} ({problem}): {shown(text)}")


def shown(text: str, limit: int = 200) -> str:
    """A query as quoted back in a message: on one line, a huge one cut."""
    text = clean_line(text)
    return text if len(text) <= limit else text[:limit] + "…"


def language_fields(base: str, languages=ALL_LANGUAGES) -> list[str]:
    return [f"{base}_{lang}" for lang in languages]


# -- checking -------------------------------------------------------------------


@dataclass
class Token:
    kind: str          # word | phrase | range | op | open | close
    text: str          # the value, without its field prefix
    start: int         # position of the token (its field prefix included)
    field: str | None = None
    value_start: int = 0


_FIELD_PREFIX = re.compile(r"(\w+):")


def scan(text: str, schema_fields=()) -> list[Token]:
    """Tokens of a query, or a QueryError naming the first problem and where."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters, at most {MAX_QUERY_CHARS:,}): {shown(text)}")
    tokens: list[Token] = []
    opened: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == ")":
            if not opened:
                raise bad_query("')' without '('", i, text)
            if tokens and tokens[-1].kind == "open":
                raise bad_query("empty parentheses", tokens[-1].start, text)
            opened.pop()
            tokens.append(Token("close", ")", i))
            i += 1
            continue
        start, field = i, None
        match = _FIELD_PREFIX.match(text, i)
        if match and not text[i:match.end() - 1].isdigit():
            field = match.group(1)
            if field not in USER_FIELDS and field not in schema_fields:
                raise bad_query(f"unknown field {field!r}; fields are {', '.join(sorted(set(USER_FIELDS)))}",
                                i, text)
            i = match.end()
            if i >= n or text[i].isspace() or text[i] == ")":
                raise bad_query(f"'{field}:' needs a value", start, text)
            c = text[i]
        if c == "(":
            opened.append(i)
            tokens.append(Token("open", "(", start, field, i))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise bad_query("the quote is never closed", i, text)
            if not text[i + 1:end].strip():
                raise bad_query("empty quotes", i, text)
            tokens.append(Token("phrase", text[i + 1:end], start, field, i + 1))
            i = end + 1
        elif c in "[{":
            end = _find_any(text, "]}", i + 1)
            if end < 0:
                raise bad_query(f"the range '{c}' is never closed", i, text)
            tokens.append(Token("range", text[i + 1:end], start, field, i + 1))
            i = end + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in '()"':
                end += 1
            word = text[i:end]
            kind = "op" if word in OPERATORS and field is None else "word"
            tokens.append(Token(kind, word, start, field, i))
            i = end
    if opened:
        raise bad_query("'(' is never closed", opened[-1], text)
    if not tokens:
        raise QueryError("empty query: give words to search for")
    words = sum(token.kind != "op" and token.kind not in ("open", "close") for token in tokens)
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"query too long ({words} words, at most {MAX_QUERY_WORDS}): {shown(text)}")
    _check_operators(tokens, text)
    return tokens


def _find_any(text: str, chars: str, start: int) -> int:
    positions = [p for p in (text.find(c, start) for c in chars) if p >= 0]
    return min(positions) if positions else -1


def _check_operators(tokens: list[Token], text: str) -> None:
    operand_end = ("word", "phrase", "range", "close")
    operand_start = ("word", "phrase", "range", "open")
    for k, token in enumerate(tokens):
        if token.kind != "op":
            continue
        before = tokens[k - 1] if k else None
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.text in BINARY_OPERATORS and (before is None or before.kind not in operand_end):
            raise bad_query(f"{token.text} needs a word before it", token.start, text)
        if after is None or not (after.kind in operand_start or (after.kind == "op" and after.text == "NOT")):
            raise bad_query(f"{token.text} needs a word after it", token.start, text)


# -- parsing --------------------------------------------------------------------


@overload
def naive_utc(dt: datetime) -> datetime: ...


@overload
def naive_utc(dt: None) -> None: ...


def naive_utc(dt: datetime | None) -> datetime | None:
    """Whoosh stores naive datetimes: everything is indexed in UTC."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def date_span(value: str, position: int, text: str) -> tuple[datetime, datetime]:
    """The first and last moment a date value names, in UTC: a day, month or
    year; for a moment (``7d``, a full ISO time) both are that moment."""
    from newscli.dates import BadDate, parse_user_date

    try:
        return naive_utc(parse_user_date(value)), naive_utc(parse_user_date(value, end=True))
    except BadDate:
        raise bad_query(f"{value!r} is not a date; try 2022-01-28, 2022-01, 2022, 7d, yesterday",
                        position, text) from None


class QueryBuilder:
    """Parses one query for one searcher (prefixes expand over its vocabulary)."""

    def __init__(self, schema, reader=None, languages=ALL_LANGUAGES):
        self.schema = schema
        self.reader = reader
        self.languages = languages

    def default_fields(self) -> list[str]:
        fields = [f for base in PER_LANGUAGE for f in language_fields(base, self.languages)]
        return fields + ["tags", "authors"]

    def boosts(self) -> dict[str, float]:
        return {f: FIELD_BOOSTS[f.split("_")[0]] for f in self.default_fields()}

    def parse(self, text: str):
        scan(text, self.schema.names())
        if text.strip() == "*":
            return wquery.Every()   # not "every document with a title_en, or a title_es..."
        parser = qparser.QueryParser(None, self.schema)
        parser.remove_plugin_class(qparser.FieldsPlugin)
        parser.add_plugin(qparser.FieldsPlugin(remove_unknown=False))
        parser.add_plugin(qparser.GtLtPlugin())
        parser.add_plugin(_FieldsRewrite(self, text))
        parser.add_plugin(qparser.MultifieldPlugin(self.default_fields(), self.boosts()))
        try:
            query = parser.parse(text)
        except QueryError:
            raise
        except Exception:  # Whoosh's parser trips on some odd input (">*" raised IndexError)
            raise QueryError(f"bad query (it cannot be read as a search): {shown(text)}") from None
        errors = [q for q in query.leaves() if type(q).__name__ == "ErrorQuery"]
        if errors:
            raise QueryError(f"bad query: {errors[0].message}: {shown(text)}")
        return query

    # -- rewriting (called by _FieldsRewrite) ---------------------------------

    def rewrite(self, node, text: str):
        if isinstance(node, syntax.GroupNode):
            for k, child in enumerate(node.nodes):
                node.nodes[k] = self.rewrite(child, text)
            return node
        if not node.has_fieldname:
            return node
        target = USER_FIELDS.get(node.fieldname, node.fieldname) if node.fieldname else None
        if target is not None and target not in PER_LANGUAGE and target not in self.schema.names():
            # scan() checks fields at the start of a word; Whoosh also finds them
            # inside one ("*ceasefiretitle:*").
            raise bad_query(f"unknown field {node.fieldname!r}", max(0, text.find(f"{node.fieldname}:")), text)
        if target == "published":
            return self.date_node(node, text)
        if target in KEY_FIELDS and node.has_text:
            word = syntax.WordNode(node.text)   # a quoted tag is one key, not a phrase
            word.set_fieldname(target, override=True)
            return word.set_range(node.startchar, node.endchar)
        if target in (None, *PER_LANGUAGE) and _is_prefix(node):
            node = self.expand_prefix(node)
            if target is None:
                return node
            return syntax.OrGroup([self.fan_out(n, target) for n in node.nodes]) \
                if isinstance(node, syntax.GroupNode) else self.fan_out(node, target)
        if target in PER_LANGUAGE:
            return self.fan_out(node, target)
        if target is not None:
            node.set_fieldname(target, override=True)
        return node

    def fan_out(self, node, base: str):
        """The node searched in ``base`` of every language."""
        copies = []
        for field in language_fields(base, self.languages):
            twin = copy.copy(node)
            twin.set_fieldname(field, override=True)
            copies.append(twin)
        return syntax.OrGroup(copies)

    def expand_prefix(self, node):
        """``negotiat*`` -> the indexed words it begins (each then analysed per
        language), most frequent first; no word: a prefix that matches nothing."""
        prefix = normalise_arabic(fold_accents(node.text.lower()))
        words = []
        if self.reader is not None and prefix:
            found = list(self.reader.expand_prefix(SPELL_FIELD, prefix))
            if len(found) > PREFIX_EXPANSION:
                found.sort(key=lambda w: -self.reader.doc_frequency(SPELL_FIELD, w))
            words = [w if isinstance(w, str) else w.decode("utf-8") for w in found[:PREFIX_EXPANSION]]
        if not words:
            return node   # no such word: Whoosh's own prefix query over the terms
        return syntax.OrGroup([syntax.WordNode(w).set_range(node.startchar, node.endchar) for w in words])

    def date_node(self, node, text: str):
        """``date:2022-01`` (that month), ``date:7d`` (since then),
        ``date:[a to b]``, ``date:>2024`` (after 2024), ``date:<=2024``..."""
        position = node.startchar
        if isinstance(node, syntax.RangeNode):
            lower = upper = None
            if node.start:
                first, last = date_span(node.start, position, text)
                lower = last if node.startexcl else first
            if node.end:
                first, last = date_span(node.end, position, text)
                upper = first if node.endexcl else last
            return DateNode(lower, upper).set_range(node.startchar, node.endchar)
        if not node.has_text:
            raise bad_query("date: needs a date", position, text)
        first, last = date_span(node.text, position, text)
        return DateNode(first, None if first == last else last).set_range(node.startchar, node.endchar)


def _is_prefix(node) -> bool:
    return isinstance(node, plugins.PrefixPlugin.PrefixNode)


class _FieldsRewrite(plugins.Plugin):
    """Runs QueryBuilder.rewrite after fields are applied to their values
    (Whoosh's priority 100) and before unfielded words fan out (110)."""

    def __init__(self, builder: QueryBuilder, text: str):
        self.builder, self.text = builder, text

    def filters(self, parser):
        return [(lambda parser, group: self.builder.rewrite(group, self.text), 105)]


class DateNode(syntax.SyntaxNode):
    """A date range (naive UTC); its query is a DateRange on ``published``."""

    def __init__(self, start: datetime | None, end: datetime | None):
        self.start, self.end = start, end

    def r(self):
        return f"DateNode({self.start}, {self.end})"

    def query(self, parser):
        return wquery.DateRange("published", self.start, self.end)


def split_dates(query):
    """(scored query, [date filters]): date ranges that every hit must satisfy
    leave the scored query, so they narrow the hits without changing scores."""
    if isinstance(query, wquery.And):
        dates = [c for c in query.subqueries if isinstance(c, wquery.DateRange)]
        rest = [c for c in query.subqueries if not isinstance(c, wquery.DateRange)]
        if dates and rest:
            return (rest[0] if len(rest) == 1 else wquery.And(rest)), dates
    return query, []


# -- correcting -----------------------------------------------------------------


def suggest(text: str, searcher, schema_fields=()) -> str | None:
    """The query with unknown words replaced by the closest indexed ones
    ("did you mean ...?"), or None when no word can be corrected."""
    reader = searcher.reader()
    replacements: list[tuple[int, int, str]] = []
    for token in scan(text, schema_fields):
        field = USER_FIELDS.get(token.field, token.field) if token.field else None
        if token.kind not in ("word", "phrase") or field not in (None, *PER_LANGUAGE, *KEY_FIELDS):
            continue
        if token.kind == "word" and token.text.endswith("*"):
            continue
        if field in KEY_FIELDS:
            key = normalise_arabic(fold_accents(token.text.strip().lower()))
            if key and not reader.doc_frequency(field, key):
                best = closest(reader, field, key)
                if best:
                    replacements.append((token.value_start, token.value_start + len(token.text), best))
            continue
        for word in re.finditer(r"\w+", token.text):
            key = normalise_arabic(fold_accents(word.group().lower()))
            if reader.doc_frequency(SPELL_FIELD, key):
                continue
            best = closest(reader, SPELL_FIELD, key)
            if best:
                start = token.value_start + word.start()
                replacements.append((start, start + len(word.group()), best))
    if not replacements:
        return None
    out, last = [], 0
    for start, end, replacement in sorted(replacements):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def closest(reader, field: str, key: str, maxdist: int = 2) -> str | None:
    """The indexed word nearest ``key`` (sharing its first letter): the
    smallest edit distance first (Damerau: swapping two letters is one edit),
    then the most frequent, then alphabetical. Whoosh's corrector ranks by
    frequency alone within the distance (``cabnet`` -> ``cannot``, not ``cabinet``)."""
    spelled = reader.schema[field].spelling_fieldname(field)
    best: tuple[int, int, str] | None = None
    for word in reader.terms_within(spelled, key, maxdist, prefix=1):
        if isinstance(word, bytes):
            word = word.decode("utf-8")
        if word == key:
            continue
        rank = (damerau(key, word), -(reader.frequency(field, word) or 0), word)
        if best is None or rank < best:
            best = rank
    return best[2] if best and best[0] <= maxdist else None


def damerau(a: str, b: str) -> int:
    """Edit distance with insertions, deletions, substitutions and swaps of
    two neighbouring letters, each one edit (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[len(b)]
