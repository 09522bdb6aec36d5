"""The article body of any news page: readability-lxml, then cleaning.

Readability finds the main content block. Around the story it keeps things a
reader does not count as the article: captions and photo credits, bylines and
datelines, the standfirst, share and related-link blocks, "Read more" and
newsletter lines, wire-service credits. They are removed here in two passes,
each guarded so that a rule never eats the story itself:

* elements, by the class/id vocabulary news templates use, only when they
  hold a small part of the text;
* paragraphs, by their words and link density, only when they are short.

Embedded social posts (quoted tweets) are part of the story and readability
throws them away with the sharing widgets, so they are rescued beforehand.
The headline is never part of the body. The result is a list of paragraphs,
in page order.
"""

from __future__ import annotations

import logging
import re

from newscli.extract.metadata import DATE_LABEL
from newscli.extract.page import Block, Page, text_blocks
from newscli.textclean import clean_line

_WORD = re.compile(r"\w+")

# -- element rules: what a template names as not the story

# class/id words that mark boilerplate inside the content block.
_NOISE = re.compile(
    r"caption|credit|byline|share|sharing|social|related|promo|newsletter|subscribe|"
    r"advert|\bad\b|ads-|sponsor|recommend|read-?more|more-stories|tags?-list|breadcrumb",
    re.IGNORECASE,
)
# The summary under the headline: separate words in class names.
_STANDFIRST = re.compile(
    r"(?:^|[\s_-])(?:dek|deck|standfirst|sub-?head(?:line)?|sub-?title|abstract|strapline)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HOVER_CARD = re.compile(r"rollover|tool-?tip|popover|hover-?card", re.IGNORECASE)
_META_PROPS = {"datepublished", "datemodified", "datecreated", "author", "creator", "publisher"}
_CAPTION_TAGS = {"p", "div", "center", "span", "em", "i", "small"}
_CAPTION_STYLES = {"em", "i", "small"}
# An element may be dropped for its class only while it holds less than this
# share of the block's words: a whole story wrapped in class="share-body" stays.
_NOISE_SHARE = 0.3
# Words a paragraph may keep besides a removed element and still go with it.
_LABEL_WORDS = 2

# -- paragraph rules: what reads as not the story

# Paragraph rules only judge short paragraphs (words).
_SHORT_WORDS = 30
_LINK_SHARE = 0.8
_MIN_TEASER_WORDS = 4
_SHOWS_ADDRESS = re.compile(r"https?://|www\.|\S@\S|^\W*[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\W*$", re.IGNORECASE)
# Anchored at the start; a quotation mark there makes the line speech, not furniture.
_CALL_TO_ACTION = re.compile(
    r"""[^\w"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]*(?:
        (?:read|see|watch|listen)\s+(?:more|also|next|this)\b | read\s+the\s+(?:full|original)\b
      | (?:more|also|related|recommended|trending|popular)
        (?:\s+(?:on|from|in|about|reading|coverage|stories|articles|news|links?|roundup|videos?)(?:\s+\w+){0,2})?\s*:
      | related\b | (?:you|we)\s+(?:may|might)\s+also\s+(?:like|enjoy)\b
      | you\s+might\s+(?:also\s+)?be\s+interested\b | don'?t\s+miss\b
      | more\s+(?:great\s+)?(?:\w+\s+)?(?:stories|news|articles|from)\b
      | tags?\s*: | topics?\s*: | filed\s+(?:under|in)\b | categor(?:y|ies)\s*:
      | advert(?:isement)?\b | sponsored\b | (?:this\s+)?slideshow\s+requires\b
      | share\s+(?:this|it|on|via)\b | (?:like|enjoy)(?:d)?\s+this\s+(?:story|article)\b
      | sign\s+up\b | subscribe\b | (?:get|download)\s+(?:the|our)\s+(?:\w+\s+){0,3}app\b
      | follow\s+(?:us|him|her|them|me|@)\b | click\s+here\b | tell\s+us\s+what\b
      | (?:leave\s+a\s+|\d+\s+)?comments?\b\W*$ | close\W*$ | print\W*$ | e-?mail\W*$
      | (?:reading\s+time|tempo\s+de\s+leitura|lesezeit|temps\s+de\s+lecture)\b
      | \d+\s*(?:min|mins|minutes?)\s+read\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMOTION = re.compile(
    r"""\bfollow\s+(?:\w+\s+){0,3}on\s+(?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b
      | \b(?:can|may)\s+be\s+reached\s+(?:at|by|on)\b.*(?:\S@\S|\s@\w)
      | \b(?:newsletter|inbox)\b.*\b(?:sign\s+up|subscribe|deliver)|\b(?:sign\s+up|subscribe)\b.*\b(?:newsletter|inbox)\b
      | \bto\s+your\s+inbox\b | \byour\s+inbox\b\W*$ | meet\s+your\s+inbox
      | \bclick\s+here\s+(?:for|to)\b | \bby\s+clicking\s+here\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WIRE_CREDIT = re.compile(
    r"^\W*(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|translated)\s+by\b"
    r"|\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story|article))\b",
    re.IGNORECASE,
)

# The page's own articleBody replaces the text found when it has at least
# this many words and the text found less than this share of them; the
# same share decides between readability and trafilatura.
_MIN_DECLARED_WORDS = 100
_SHORTFALL = 0.5
# Trafilatura is asked only when readability's text has less than this share
# of the page's words outside links.
_DOUBT_SHARE = 0.7
# Trafilatura's text extends readability's when it holds this share of its
# word triples and this many times its words.
_AGREEMENT = 0.9
_EXTENSION = 1.5

_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
# Words in readability's penalised vocabulary that name a kind of layout
# block, not a part of the page (as "comment" or "sidebar" do); one on the
# parents of more than this share of the page's paragraphs names the builder.
_LAYOUT_WORD = re.compile(r"widget|media|tool|scroll", re.IGNORECASE)
_PAGE_WIDE_SHARE = 0.5

# A reader's comment has a link of its own to answer it.
_REPLY = re.compile(r"\W*(?:reply|respond|answer|antworten|r\u00e9pondre|responder|rispondi)\W*$", re.IGNORECASE)
_MIN_REPLIES = 3
_THREAD_LABEL_WORDS = 5
# The link under a teaser that leads on to the post it announces.
_READ_ON = re.compile(
    r"\W*(?:(?:continue|keep)\s+reading|read\s+(?:more|on|the\s+(?:full\s+)?(?:story|article|post))|full\s+(?:story|article)"
    r"|weiterlesen|lire\s+la\s+suite|leer\s+m[a\u00e1]s|continua\s+a\s+leggere)\b",
    re.IGNORECASE,
)

# Embedded posts that carry their text in the page (the script that would turn
# them into an iframe never runs here).
_SOCIAL_POST = re.compile(r"twitter-tweet|twitter-video|instagram-media|tiktok-embed", re.IGNORECASE)


def body_paragraphs(page: Page, title: str | None = None) -> list[str]:
    """Paragraphs of the article body found by readability, cleaned.

    Readability keeps one block; on a page whose story is split over several
    (sections of a guide, a listicle's items) it keeps a part or nothing.
    When its text is short beside the page's words outside links,
    trafilatura reads the page too. Its text wins when it holds more than
    twice as many words (outside tables), or half as many again and nearly
    all of readability's: then readability kept a part of the same story.
    When both find far less than the page's own schema.org ``articleBody``
    (a story rendered by scripts, a wrong block), that text is the body.
    """
    tree = prepared_tree(page)
    paragraphs, running = story_of(content_root(tree), title)
    if running < _DOUBT_SHARE * unlinked_words(tree):
        second, second_running = story_of(second_opinion_root(tree), title)
        extends = second_running > _EXTENSION * running and share_within(paragraphs, second) >= _AGREEMENT
        if extends or running < _SHORTFALL * second_running:
            paragraphs = second
    declared = clean_paragraphs(declared_body(page), title)
    if _count_words(declared) >= _MIN_DECLARED_WORDS and _count_words(paragraphs) < _SHORTFALL * _count_words(declared):
        return declared
    return paragraphs


def story_of(root, title: str | None) -> tuple[list[str], int]:
    """The story paragraphs of a content block (none without a block), and
    their words outside tables: a table of names or figures beside a story
    is data, and must not make a block that holds it look like more story."""
    if root is None:
        return [], 0
    drop_noise_elements(root)
    paragraphs = clean_paragraphs(text_blocks(root), title)
    return paragraphs, max(0, _count_words(paragraphs) - sum(_words(row) for row in root.iter("tr")))


def share_within(part: list[str], whole: list[str]) -> float:
    """The share of ``part``'s word triples that ``whole`` holds too."""
    def triples(paragraphs: list[str]) -> set[tuple[str, ...]]:
        words = _WORD.findall(" ".join(paragraphs).lower())
        return set(zip(words, words[1:], words[2:]))

    mine = triples(part)
    return len(mine & triples(whole)) / len(mine) if mine else 1.0


def _count_words(paragraphs: list[str]) -> int:
    return sum(len(_WORD.findall(p)) for p in paragraphs)


def unlinked_words(tree) -> int:
    """Words of the page outside links: all a body could hold. Menus, headers
    and footers are mostly links; their other words count (broken markup can
    put a whole page inside a <nav>)."""
    linked = sum(_words(a) for a in tree.iter("a"))
    return _words(tree) - linked


def clean_paragraphs(blocks: list[Block], title: str | None) -> list[str]:
    """The text of the blocks that are story, repeats dropped."""
    paragraphs = (clean_line(block.text) for block in blocks if not is_noise(block, title))
    return drop_repeats(p for p in paragraphs if p)


def declared_body(page: Page) -> list[Block]:
    """The longest schema.org ``articleBody`` of the page, as blocks (HTML or text)."""
    import html

    import lxml.html

    bodies = [obj["articleBody"] for obj in page.jsonld if isinstance(obj.get("articleBody"), str)]
    text = max(bodies, key=len, default="").strip()
    if not text:
        return []
    if re.search(r"<(?:p|br|div)\b", text, re.IGNORECASE):
        return text_blocks(lxml.html.fragment_fromstring(text, create_parent="div"))
    return [Block(line, "p") for line in html.unescape(text).splitlines() if line.strip()]


def content_root(tree):
    """The content block readability picks in a :func:`prepared_tree`,
    parsed (None if there is none)."""
    from readability import Document

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        # No url: readability would rewrite every link of the page to an
        # absolute one, a quarter of its time, for links the text never shows.
        return _parsed(Document(tree).summary(html_partial=True))
    except Exception:  # readability raises bare Exceptions on empty or odd pages
        return None


def second_opinion_root(tree):
    """The content block trafilatura finds in a :func:`prepared_tree`, parsed
    (None if there is none). Trafilatura prunes the tree it reads."""
    import trafilatura

    try:
        return _parsed(trafilatura.extract(tree, output_format="html", include_comments=False) or "")
    except Exception:  # trafilatura, like readability, fails in many ways on odd pages
        return None


def _parsed(html: str):
    import lxml.html

    return lxml.html.fromstring(html) if html.strip() else None


def prepared_tree(page: Page):
    """A copy of the page's tree readability and trafilatura can read the
    story from: hidden blocks, comment threads and teasers for other posts
    gone, a page builder's class words erased (see each step).

    Readability drops every element whose class or id says "tweet", and
    blocks dense with links: an embedded post takes the place of its wrappers
    as a plain quotation, its links reduced to their text.
    """
    import copy

    tree = copy.deepcopy(page.tree)
    for invisible in tree.xpath("//script | //style | //noscript | //template | //svg | //head"):
        invisible.drop_tree()  # readability drops them too, after copying them once more
    drop_hidden(tree)
    erase_builder_class_words(tree)
    drop_comment_threads(tree)
    drop_teasers(tree)
    posts = [bq for bq in tree.iter("blockquote") if _SOCIAL_POST.search(bq.get("class") or "")]
    for post in posts:
        size = len(post.text_content())
        outer = post
        while (parent := outer.getparent()) is not None and parent.tag not in ("body", "article", "main") and (
            len(parent.text_content()) <= size * 1.2 + 20
        ):
            outer = parent
        for link in post.findall(".//a"):
            link.drop_tag()
        post.attrib.clear()
        if outer is not post:
            post.tail = outer.tail
            outer.getparent().replace(outer, post)
    return tree


def drop_hidden(tree) -> None:
    """Remove hidden elements, as readability would, but the one that holds
    most of the page's words: a script shows it (React streams a whole page
    into ``<div hidden id="S:0">``), and without it nothing is left.
    """
    total = _words(tree)
    for el in tree.xpath("//*[@hidden or contains(@style, 'none') or contains(@style, 'hidden')]"):
        if el.get("hidden") is None and not _HIDDEN_STYLE.search(el.get("style") or ""):
            continue
        if _words(el) > total / 2:
            el.attrib.pop("hidden", None)
            el.attrib.pop("style", None)
        else:
            el.drop_tree()


def erase_builder_class_words(tree) -> None:
    """Erase a layout word readability holds against a block ("widget") from
    every class name when the story's paragraphs stand in blocks named so.

    Such a word names the page builder (WordPress Elementor wraps every block
    in "elementor-widget-container"), not a part of the page: readability
    would hold it against the story's blocks too and drop them all.
    """
    paragraphs = [p for p in tree.iter("p") if p.getparent() is not None]
    named = [_LAYOUT_WORD.findall(p.getparent().get("class") or "") for p in paragraphs]
    counts: dict[str, int] = {}
    for words in named:
        for word in {w.lower() for w in words}:
            counts[word] = counts.get(word, 0) + 1
    page_wide = [w for w, n in counts.items() if n > _PAGE_WIDE_SHARE * len(paragraphs)]
    if not page_wide:
        return
    erase = re.compile("|".join(page_wide), re.IGNORECASE)
    for el in tree.iter():
        if isinstance(el.tag, str) and el.get("class"):
            el.set("class", erase.sub("", el.get("class")))


def drop_comment_threads(tree) -> None:
    """Remove a thread of readers' comments: sibling blocks of one kind, at
    least :data:`_MIN_REPLIES` of them with a "Reply" link, and the heading
    ("10 responses") their container is left with.

    Readability drops blocks named "comment"; a thread named otherwise under
    a short post outweighs the post and was taken for the article.
    """
    threads: dict = {}
    for link in tree.iter("a"):
        if not _REPLY.match(link.text_content()):
            continue
        for item in link.iterancestors():
            parent = item.getparent()
            if parent is None:
                break
            kind = (item.tag, item.get("class"))
            if sum((sibling.tag, sibling.get("class")) == kind for sibling in parent) >= _MIN_REPLIES:
                threads.setdefault(parent, set()).add(item)
                break
    for parent, items in threads.items():
        if len(items) < _MIN_REPLIES:
            continue
        for item in items:
            item.drop_tree()
        if parent.tag != "body" and parent.getparent() is not None and _words(parent) <= _THREAD_LABEL_WORDS:
            parent.drop_tree()


def drop_teasers(tree) -> None:
    """Remove teasers for other posts: a block whose heading links to a page
    and that links to it once more to read on ("Continue reading").

    A teaser's excerpt can outweigh a short post, and readability took it for
    the article. The block holding the page's <h1> is never one.
    """
    for heading in tree.xpath("//h2 | //h3 | //h4"):
        links = heading.findall(".//a[@href]")
        if len(links) != 1:
            continue
        for block in heading.iterancestors():
            if block.tag in ("body", "main") or block.find(".//h1") is not None:
                break
            if any(a.get("href") == links[0].get("href") and _READ_ON.match(a.text_content())
                   for a in block.iter("a") if a is not links[0]):
                block.drop_tree()
                break


def drop_noise_elements(root) -> None:
    """Remove figures and the elements :data:`ELEMENT_RULES` name, when small
    (a figure or a "share-body" that wraps the whole story stays).

    An element that is all of its paragraph but a label ("Updated", "By") takes
    the paragraph with it.
    """
    total = len(_WORD.findall(root.text_content()))
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        words = _words(el)
        if words >= _NOISE_SHARE * total:
            continue
        if el.tag in ("figure", "figcaption"):
            doomed.append(el)
        elif any(rule(el) for rule in ELEMENT_RULES):
            parent = el.getparent()
            while words and parent is not root and parent.tag != "a" and _words(parent) - words <= _LABEL_WORDS:
                el, parent = parent, parent.getparent()
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _words(el) -> int:
    return len(_WORD.findall(el.text_content()))


def _attrs(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def is_noise_class(el) -> bool:
    """Class/id names a caption, credit, byline, sharing, related-links block..."""
    return bool(_NOISE.search(_attrs(el)))


def is_standfirst(el) -> bool:
    """The summary under the headline (dek, standfirst), before the story starts."""
    if not _STANDFIRST.search(_attrs(el)):
        return False
    return len(_WORD.findall(" ".join(el.xpath("preceding::text()")))) < 30


def is_hover_card(el) -> bool:
    """A card shown on hover (a person's bio and headlines inside a sentence)."""
    return bool(_HOVER_CARD.search(_attrs(el)))


def is_meta_data(el) -> bool:
    """A schema.org date, author or publisher element, or a <time> that is a
    paragraph of its own: the dateline and byline."""
    if el.tag == "time":
        parent = el.getparent()
        return parent is not None and _words(parent) - _words(el) <= _LABEL_WORDS
    return (el.get("itemprop") or "").lower() in _META_PROPS


def is_image_caption(el) -> bool:
    """A short line set in italics or small type right after an image: its caption."""
    if el.tag not in _CAPTION_TAGS or len(_WORD.findall(el.text_content())) > 25:
        return False
    styled = el if el.tag in _CAPTION_STYLES else _only_child(el)
    if styled is None or styled.tag not in _CAPTION_STYLES or (el.text or "").strip():
        return False
    previous = el.getprevious()
    while previous is not None and previous.tag == "br":
        previous = previous.getprevious()
    return previous is not None and not previous.text_content().strip() and (
        previous.tag == "img" or previous.find(".//img") is not None
    )


def _only_child(el):
    """The one child element of ``el`` that holds all its text, else None."""
    children = list(el)
    if len(children) != 1 or (children[0].tail or "").strip():
        return None
    return children[0]


ELEMENT_RULES = [is_noise_class, is_standfirst, is_hover_card, is_meta_data, is_image_caption]


def is_noise(block: Block, title: str | None) -> bool:
    """A paragraph that is not part of the story."""
    return _is_headline(block.text, title) or any(rule(block) for rule in PARAGRAPH_RULES)


def is_dateline(block: Block) -> bool:
    """A paragraph that is only a date ("5 March 2024", "Updated: 12:04 GMT").

    A bare time ("10 p.m.") is a live-blog heading, part of the story; it is a
    dateline only after "Updated", "Published" or "Posted".
    """
    text = block.text
    if len(text) > 60 or not any(c.isdigit() for c in text):
        return False
    rest = DATE_LABEL.sub("", text)
    return _names_a_day(rest) or (rest != text and _names_a_day(rest, time_will_do=True))


def _names_a_day(text: str, time_will_do: bool = False) -> bool:
    """Whether the whole text reads as a date (or, if allowed, a time)."""
    import warnings
    from datetime import datetime

    from dateutil import parser

    try:
        # Parsed against two different defaults, a date that names its own
        # day comes out the same both times; a bare time does not.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names ("EST"): only the day matters
            first = parser.parse(text, default=datetime(2001, 1, 1))
            second = parser.parse(text, default=datetime(2002, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return False
    return time_will_do or first.date() == second.date()


def is_call_to_action(block: Block) -> bool:
    """A short "Read more: ...", "Related: ...", "Sign up ...", "Advertisement" line."""
    return len(_WORD.findall(block.text)) <= _SHORT_WORDS and bool(_CALL_TO_ACTION.match(block.text))


def is_link_line(block: Block) -> bool:
    """A short paragraph that is all link: a teaser for another article.

    A link that shows its address (a URL, a domain, an e-mail) is a reference
    the author gives, and a name or two ("[Reuters]") is a source: both stay.
    """
    words = len(_WORD.findall(block.text))
    return (block.link_share >= _LINK_SHARE and _MIN_TEASER_WORDS <= words <= _SHORT_WORDS
            and not _SHOWS_ADDRESS.search(block.text))


def is_promotion(block: Block) -> bool:
    """A short plug for a newsletter, an app, a social account or the author's
    e-mail, wherever its telltale words stand in the paragraph."""
    return len(_WORD.findall(block.text)) <= 2 * _SHORT_WORDS and bool(_PROMOTION.search(block.text))


def is_wire_credit(block: Block) -> bool:
    """"(Reporting by ...; Editing by ...)", "X contributed reporting."."""
    return len(_WORD.findall(block.text)) <= 2 * _SHORT_WORDS and bool(_WIRE_CREDIT.search(block.text))


PARAGRAPH_RULES = [is_dateline, is_call_to_action, is_link_line, is_promotion, is_wire_credit]


def _is_headline(paragraph: str, title: str | None) -> bool:
    if not title:
        return False
    return _WORD.findall(paragraph.lower()) == _WORD.findall(title.lower())


def drop_repeats(paragraphs) -> list[str]:
    """Drop a paragraph that repeats the one just before it (same words).

    Only the neighbour counts: a list, recipe or interview legitimately repeats
    its labels and questions further down the page.
    """
    out: list[str] = []
    previous: list[str] = []
    for para in paragraphs:
        key = _WORD.findall(para.lower())
        if key and key != previous:
            out.append(para)
        previous = key
    return out


def dedupe(paragraphs) -> list[str]:
    """Drop repeated paragraphs (same words) anywhere, keeping the first."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for para in paragraphs:
        key = tuple(_WORD.findall(para.lower()))
        if key and key not in seen:
            seen.add(key)
            out.append(para)
    return out
