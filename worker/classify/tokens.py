"""Whole tokens: a name or country found inside a longer word is not that name.

Chinese is written without spaces, so 俄罗斯 ("Russia") stands inside 白俄罗斯 ("Belarus"). A match
counts only where the jieba segmenter would start a word; English and Russian patterns use \\b.
"""

import logging
import re
from collections.abc import Iterator
from functools import cache, lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese words longer than this are rare and never cross the names we look for.
_REACH = 4
# Words the segmenter must know to split names from the particles around them ("和普京").
USER_WORDS = (
    "习近平",
    "普京",
    "白俄罗斯",
    "白俄",
    "卢卡申科",
    "米舒斯京",
    "梅德韦杰夫",
    "两国元首",
)


@cache
def _segmenter():
    import jieba  # loads its dictionary: only when Chinese text is read

    jieba.setLogLevel(logging.WARNING)
    for word in USER_WORDS:
        jieba.add_word(word, freq=1_000_000)
    jieba.initialize()
    return jieba


def _crossed(text: str, at: int) -> bool:
    """True when some dictionary word could span position `at` (so a cut there is not certain)."""
    freq = _segmenter().dt.FREQ
    for start in range(max(0, at - _REACH + 1), at):
        for end in range(at + 1, min(len(text), start + _REACH) + 1):
            if freq.get(text[start:end]):
                return True
    return False


@lru_cache(maxsize=16_384)
def segment_cuts(window: str) -> frozenset[int]:
    """Offsets where the segmenter starts a word in `window` (without guessing new words)."""
    offsets, pos = set(), 0
    for word in _segmenter().lcut(window, HMM=False):
        offsets.add(pos)
        pos += len(word)
    return frozenset(offsets)


def starts_word(text: str, at: int) -> bool:
    """A word starts at `at`: always outside Chinese; there, where the segmenter cuts."""
    if at == 0 or not _CJK.match(text, at) or not _CJK.match(text, at - 1):
        return True
    if not _crossed(text, at):
        return True  # no dictionary word spans it: a cut with any segmentation
    lo = max(0, at - 2 * _REACH)
    return (at - lo) in segment_cuts(text[lo : at + 2 * _REACH])


class TokenPattern:
    """A compiled pattern whose matches count only where a word starts (see module doc)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.rx = pattern
        self.pattern = pattern.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        end = len(text) if endpos is None else endpos
        return (m for m in self.rx.finditer(text, pos, end) if starts_word(text, m.start()))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        m = self.rx.match(text, pos)
        return m if m and starts_word(text, m.start()) else None
