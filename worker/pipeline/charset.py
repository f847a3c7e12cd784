"""Decode a fetched body: BOM, HTTP header, <meta>/XML declaration, then detection."""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Browsers decode these labels as a superset, and real pages rely on it: "gb2312" Xinhua pages
# contain GBK-only characters, "iso-8859-1" pages contain cp1252 quotes (WHATWG Encoding).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "latin-1": "cp1252",  # codecs' name for iso-8859-1
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "euc_kr": "cp949",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "big5": "big5hkscs",
}
# Single-byte defaults that servers send without looking at the page (Apache's old default).
_DEFAULTISH = {"cp1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Pages with a Wayback toolbar or long <script> heads declare their charset late; 16 kB covers them.
_PRESCAN_BYTES = 16_384
_META = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_:.+-]+)["']""")
# A declared charset that fails on a handful of bytes is still right; detection would be worse.
_MAX_ERROR_RATIO = 0.001


@dataclass
class Decoded:
    """Decoded text, the codec used (Python name), and where the choice came from."""

    text: str
    charset: str
    source: str  # bom | header | meta | xml | detected | fallback


def normalize(label: str | None) -> str | None:
    """The Python codec for a charset label, widened to its browser superset; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def declared_in_document(body: bytes) -> tuple[str | None, str]:
    """The charset named by the XML declaration or a <meta> tag, with which one named it."""
    head = body[:_PRESCAN_BYTES]
    xml = _XML_DECL.match(head)
    if xml:
        return normalize(xml.group(1).decode("ascii")), "xml"
    meta = _META.search(head)
    if meta:
        return normalize(meta.group(1).decode("ascii")), "meta"
    return None, "meta"


def _strict(body: bytes, codec: str) -> str | None:
    """Decode with `codec` if every byte fits, else None."""
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _tolerant(body: bytes, codec: str) -> str | None:
    """Decode with `codec` if at most a handful of stray bytes fail, else None."""
    text = body.decode(codec, errors="replace")
    return text if text.count("\ufffd") <= max(1, len(body) * _MAX_ERROR_RATIO) else None


def _candidates(body: bytes, header_charset: str | None) -> list[tuple[str, str]]:
    """Declared (codec, source) pairs, most trusted first."""
    header = normalize(header_charset)
    document, where = declared_in_document(body)
    ordered: list[tuple[str, str]] = []
    if header and document and header in _DEFAULTISH and document not in _DEFAULTISH:
        # A server default of latin-1 over a page that names a multibyte charset: trust the page.
        ordered.append((document, where))
    if header:
        ordered.append((header, "header"))
    if document:
        ordered.append((document, where))
    return ordered


def decode(body: bytes, *, header_charset: str | None = None) -> Decoded:
    """Decode `body`: BOM, then header charset, then the document's own, then detection."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, errors="replace"), codec, "bom")
    candidates = _candidates(body, header_charset)
    for codec, source in candidates:  # a declaration every byte agrees with
        text = _strict(body, codec)
        if text is not None:
            return Decoded(text, codec, source)
    for codec, source in candidates:  # a declaration with a few broken bytes beats a guess
        text = _tolerant(body, codec)
        if text is not None:
            return Decoded(text, codec, source)
    best = from_bytes(body).best()
    codec = normalize(best.encoding) if best is not None else None
    if codec is not None and (text := _tolerant(body, codec)) is not None:
        return Decoded(text, codec, "detected")
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "fallback")
