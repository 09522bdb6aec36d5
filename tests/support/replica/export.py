"""Save sample pages for a recipe's tests, rendered as the real hosts would serve them.

``python -m tests.support.replica.export DIR`` writes one page per article variant into
DIR and the matching ``expected.json`` list (expected fields from the replica's
own oracle; long texts as MD5). Run once; the output is committed.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from .site import ArticleRecord, Site

REAL_BASES = {"en": "https://english.almayadeen.net/", "ar": "https://www.almayadeen.net/",
              "es": "https://espanol.almayadeen.net/"}
LONG = ("text",)


def samples(site: Site) -> dict[str, ArticleRecord]:
    """One page per variant and edge case, by file name."""
    def first(**want) -> ArticleRecord:
        for record in site.records:
            if all(getattr(record, k) == v for k, v in want.items()) and record is not site.seed_record \
                    and ":" not in record.path:
                return record
        raise LookupError(want)

    return {
        "seed.html": site.seed_record,
        "colon-slug-partial.html": next(r for r in site.records if ":" in r.path),
        "no-subsection.html": first(edition_code="en", section="articles", subsection=None, type="article"),
        "tawsiyat-partial.html": first(edition_code="en", variant="tawsiyat-partial"),
        "utc-metadata-no-published.html": next(r for r in site.records if r.published.utcoffset() == timedelta(0)),
        "body-outside-p-content.html": next(r for r in site.records if r.markup["body"] != "p-content"
                                            and r.variant == "tawsiyat"),
        "opengraph.html": first(edition_code="en", variant="opengraph"),
        "visible.html": first(edition_code="en", variant="visible"),
        "video.html": first(edition_code="en", variant="video"),
        "static-page.html": first(variant="page"),
        "arabic.html": first(edition_code="ar", variant="tawsiyat"),
        "arabic-newscast.html": first(edition_code="ar", variant="newscast"),
        "spanish-opengraph.html": first(edition_code="es", variant="opengraph"),
        "spanish-visible.html": first(edition_code="es", variant="visible"),
    }


def main(argv: list[str]) -> int:
    from newscli.sites.testing import md5

    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(bases=REAL_BASES)
    tests = []
    for name, record in samples(site).items():
        (folder / name).write_text(record.html, encoding="utf-8")
        expected = {k: md5(v) if k in LONG else v for k, v in record.expected.items()}
        tests.append({"recipe": record.edition.recipe, "page": name, "url": record.url, "expected": expected})
    (folder / "expected.json").write_text(json.dumps(tests, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
