"""Text normalisation, shingles and lead words for deduplication (pure functions, no database)."""

import itertools
import re
import unicodedata

# Chinese/Japanese ideographs and kana are written without spaces: each character is one token.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")

# Word 3-grams are the usual near-duplicate unit for space-separated languages; one Chinese word is
# 1.5-2 characters, so character 4-grams cover about as much text as two or three words.
WORD_SHINGLE = 3
CJK_SHINGLE = 4
# Words of the lead compared for wire versions: the first sentence or two, where versions agree.
LEAD_TOKENS = 30

# Datelines differ between copies of one story ("MANILA, July 23 (Xinhua) --",
# "新华社北京10月20日电", "МОСКВА, 28 июня. /ТАСС/."): dropped before shingling, so adding one
# changes nothing.
_DATELINES = (
    re.compile(r"^[^\n()]{0,80}?\([^()\n]{1,40}\)\s*(?:--|—|–|-)\s*"),
    re.compile(r"^[^\n]{0,40}?/\s*(?:ТАСС|TASS)\s*/\.?\s*"),
    re.compile(
        r"^\s*(?:新华社|新华网|中新社|中国日报网?)[^\n，。]{0,30}?电(?:（[^）\n]{0,30}）|\([^)\n]{0,30}\))?\s*"
    ),
)

# Wire version markers at the start of a headline: FLASH and Urgent come first, then numbered
# "leads" (1st LD, 2nd LD-Writethru, ...). The rank orders versions of one story.
_MARKER = re.compile(
    r"^\s*(?:(?P<flash>flash|快讯|молния)|(?P<urgent>urgent|breaking|срочно)"
    r"|(?P<n>\d+)\s*(?:st|nd|rd|th)\s+ld(?:[-\s]*write\s*thru)?|(?P<wt>(?:ld[-\s]*)?write\s*thru))"
    r"\s*[:：]\s*",
    re.I,
)


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace folded to single spaces: the form the content hash covers."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def strip_dateline(text: str) -> str:
    """The text without a leading wire dateline, if it has one."""
    stripped = text.lstrip()
    for pattern in _DATELINES:
        match = pattern.match(stripped)
        if match is not None and match.end() < len(stripped):
            return stripped[match.end() :]
    return stripped


def tokens(text: str) -> list[str]:
    """Words of normalised text; every CJK character is a token of its own."""
    return _TOKEN.findall(normalise_text(text))


def is_cjk(words: list[str]) -> bool:
    """True when most tokens are CJK characters (the text is Chinese or Japanese)."""
    # Only a one-character token can be a CJK one: the length test spares a regex per word.
    cjk = sum(1 for word in words if len(word) == 1 and _CJK_CHAR.match(word))
    return cjk * 2 > len(words)


def shingles(text: str) -> set[str]:
    """Overlapping n-grams of the body without its dateline: word 3-grams, or CJK char 4-grams."""
    words = tokens(strip_dateline(text))
    cjk = is_cjk(words)
    size = CJK_SHINGLE if cjk else WORD_SHINGLE
    joiner = "" if cjk else " "
    if len(words) <= size:
        return {joiner.join(words)} if words else set()
    return {joiner.join(words[i : i + size]) for i in range(len(words) - size + 1)}


def version_rank(title: str | None) -> int | None:
    """0 for FLASH, 1 for Urgent, n+1 for "nth LD", 2 for a bare Writethru; None when unmarked."""
    match = _MARKER.match(title or "")
    if match is None:
        return None
    if match["flash"]:
        return 0
    if match["urgent"]:
        return 1
    if match["n"]:
        return int(match["n"]) + 1
    return 2


def strip_marker(title: str | None) -> str:
    """The headline without its version marker, normalised."""
    title = title or ""
    match = _MARKER.match(title)
    return normalise_text(title[match.end() :] if match else title)


def lead_words(title: str | None, text: str) -> set[str]:
    """Headline words plus the first words of the body: what successive versions share.

    A FLASH item is only its headline, so the headline is included; CJK text uses character pairs.
    """
    words = tokens(strip_marker(title)) + tokens(strip_marker(strip_dateline(text)))[:LEAD_TOKENS]
    if is_cjk(words):
        return {a + b for a, b in itertools.pairwise(words)}
    return set(words)
