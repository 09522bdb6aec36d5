"""The sites followed as OPML 2.0, and subscription lists read back: OPML
(from any feed reader), newsboat's ``urls`` file, or a plain list of URLs.

Export writes one outline per entry point: the entry point as ``xmlUrl``, the
home as ``htmlUrl``, tags as ``category``, and news's own settings (name,
kind, interval) in attributes of the ``news:`` namespace, so importing an
export gives the same sites. OPML from elsewhere is read tolerantly (lxml's
recovering parser, entities and the network off): a stray ``&``, outlines
without ``text``, folders of outlines (a folder's title becomes a tag).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from email.utils import formatdate

from newscli.sites.followed import Site, format_duration

NS = "https://github.com/newscli/news/opml"
_STRAY_AMP = re.compile(rb"&(?!#?\w+;)")


@dataclass
class Subscription:
    url: str
    name: str | None = None
    tags: list[str] = field(default_factory=list)
    kind: str | None = None        # None: discover (a plain URL list)
    every: str | None = None


@dataclass
class Skipped:
    line: str
    reason: str


def export_opml(sites: list[Site]) -> bytes:
    from lxml import etree

    root = etree.Element("opml", version="2.0", nsmap={"news": NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "news: sites followed"
    etree.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = etree.SubElement(root, "body")
    for site in sites:
        for point in site.entry_points:
            outline = etree.SubElement(body, "outline", type="rss" if point.kind == "feed" else "link",
                                       text=site.name, title=site.name, xmlUrl=point.url, htmlUrl=site.home)
            if site.tags:
                outline.set("category", ",".join(site.tags))
            outline.set(f"{{{NS}}}name", site.name)
            outline.set(f"{{{NS}}}kind", point.kind)
            if site.every:
                outline.set(f"{{{NS}}}every", format_duration(site.every))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_subscriptions(data: bytes) -> tuple[list[Subscription], list[Skipped]]:
    """What a file subscribes to: OPML, a newsboat urls file, or URLs a line."""
    if b"<opml" in data[:4096].lower():
        return _opml(data), []
    return _lines(data.decode("utf-8", "replace"))


def _opml(data: bytes) -> list[Subscription]:
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    root = etree.fromstring(_STRAY_AMP.sub(b"&amp;", data), parser)
    out: list[Subscription] = []
    if root is None:
        return out

    def walk(element, folders: list[str]) -> None:
        for outline in element:
            if not isinstance(outline.tag, str) or etree.QName(outline).localname != "outline":
                continue
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            label = (outline.get("text") or outline.get("title") or "").strip()
            if url:
                categories = [c.strip().strip("/") for c in re.split(r"[,]", outline.get("category") or "")]
                tags = folders + [t for c in categories for t in c.split("/") if t]
                out.append(Subscription(url, outline.get(f"{{{NS}}}name"), list(dict.fromkeys(tags)),
                                        outline.get(f"{{{NS}}}kind") or "feed", outline.get(f"{{{NS}}}every")))
            walk(outline, folders + ([label] if label and not url else []))

    body = next((e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "body"), root)
    walk(body, [])
    return out


def _lines(text: str) -> tuple[list[Subscription], list[Skipped]]:
    """newsboat's urls format: a URL, then tags; "~Name" names the feed; "query:"
    lines are searches over other feeds, not feeds (skipped). Plain URL lists too."""
    subs, skipped = [], []
    feeds = _newsboat(text)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(('"query:', "query:")):
            skipped.append(Skipped(f"line {number}", "a newsboat query feed, not a feed: skipped"))
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        url, rest = words[0], words[1:]
        if not url.startswith(("http://", "https://")):
            skipped.append(Skipped(f"line {number}", f"not an http(s) URL: {url[:80]}"))
            continue
        name = next((w[1:] for w in rest if w.startswith("~")), None)
        tags = [w for w in rest if not w.startswith(("~", "!"))]
        subs.append(Subscription(url, name, tags, "feed" if feeds else None))
    return subs, skipped


def _newsboat(text: str) -> bool:
    """A urls file with any tag, name or query: a newsboat file, whose URLs are feeds."""
    return any(len(line.split()) > 1 or line.lstrip().startswith(('"query:', "query:"))
               for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
