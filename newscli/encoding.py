"""Bytes from the web -> text, whatever the page claims.

Order of trust: a byte-order mark; then strict UTF-8 (bytes that decode as
UTF-8 are UTF-8 in practice, whatever a wrong header says); then the charset
the server declared, then the page's own <meta charset>, then the legacy
encoding browsers assume for the page's language (<html lang="en"> ->
windows-1252), then charset-normalizer's guess (it ships with requests; on
mostly-ASCII Western pages it often picks a Baltic or Central European code
page), then cp1252, which decodes anything. A declared charset that fails to
decode the bytes is not trusted.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_HTML_LANG = re.compile(rb"""<html[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2,3})\b""", re.IGNORECASE)
# The legacy encoding of a language's pages (what browsers fall back to); others: cp1252.
_LEGACY_BY_LANG = {
    "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "ru": "cp1251", "uk": "cp1251", "bg": "cp1251",
    "sr": "cp1251", "el": "cp1253", "he": "cp1255", "tr": "cp1254", "pl": "cp1250", "cs": "cp1250",
    "sk": "cp1250", "hu": "cp1250", "ro": "cp1250", "hr": "cp1250", "sl": "cp1250", "lt": "cp1257",
    "lv": "cp1257", "et": "cp1257", "vi": "cp1258", "th": "cp874", "ja": "shift_jis", "zh": "gb18030",
    "ko": "euc_kr",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML document. Never raises."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(bom_codec, "replace")
    declared = _codec(declared)
    if declared and declared.startswith("utf-16"):
        return data.decode(declared, "replace")
    meta = _META_CHARSET.search(data[:4096])
    lang = _HTML_LANG.search(data[:4096])
    legacy = _LEGACY_BY_LANG.get(lang.group(1).decode("ascii").lower(), "cp1252") if lang else None
    for name in ("utf-8", declared, _codec(meta.group(1).decode("ascii", "ignore")) if meta else None, legacy):
        if not name:
            continue
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"  # what browsers do with these labels
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None:
            return data.decode(best.encoding, "replace")
    except ImportError:  # pragma: no cover - requests always brings it
        pass
    return data.decode("cp1252", "replace")
