"""The article record, and its JSON form (a contract: scripts depend on the keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Keys of the JSON article object, in output order. `text` is added by the
# commands that show a whole article (read, fetch, export).
ARTICLE_KEYS = (
    "id", "url", "site", "lang", "title", "summary", "authors", "source",
    "published", "updated", "section", "tags", "image", "word_count",
    "reading_minutes", "fetched",
)
WORDS_PER_MINUTE = 230


def primary_language(lang: str | None) -> str:
    """'en' from 'en-GB' or 'EN_us'; '' when unknown. `--lang` filters on it."""
    return (lang or "").replace("_", "-").split("-")[0].lower()


@dataclass
class Article:
    url: str
    id: str = ""
    site: str = "web"
    lang: str | None = None
    title: str = ""
    summary: str = ""
    text: str = ""
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    published: str | None = None  # ISO 8601 with offset
    updated: str | None = None
    section: str | None = None
    subsection: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    image_caption: str | None = None
    word_count: int = 0
    reading_minutes: int = 0
    type: str = "article"  # article | video | page
    postid: str | None = None
    fetched: str | None = None
    starred: bool = False
    found_on: list[str] = field(default_factory=list)  # sites it was reached through (`news follow`)

    def finish(self) -> Article:
        """Fill the fields derived from others (id, counts)."""
        from newscli.urls import article_id

        self.id = self.id or article_id(self.url)
        self.tags = unique_tags(self.tags)
        if not self.word_count:
            self.word_count = count_words(self.text)
        if not self.reading_minutes:
            self.reading_minutes = max(1, round(self.word_count / WORDS_PER_MINUTE)) if self.word_count else 0
        return self

    def to_json(self, with_text: bool = False) -> dict:
        data = asdict(self)
        data["image"] = (
            {"url": self.image_url, "caption": self.image_caption}
            if self.image_url or self.image_caption else None
        )
        out = {key: data[key] for key in ARTICLE_KEYS}
        out.update(subsection=self.subsection, type=self.type, postid=self.postid,
                   starred=self.starred, found_on=self.found_on or [self.site])
        if with_text:
            out["text"] = self.text
        return out


def unique_tags(tags: list[str]) -> list[str]:
    """Tags in their first order, blanks and case/accent duplicates dropped."""
    from newscli.textclean import fold

    seen: set[str] = set()
    out = []
    for tag in tags:
        tag = tag.strip()
        key = fold(tag)
        if key and key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def count_words(text: str) -> int:
    import re

    return len(re.findall(r"\w+", text or ""))
