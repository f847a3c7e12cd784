"""Chinese in one script: traditional characters (Hong Kong, Taiwan) read as simplified."""

from functools import cache

import opencc

from worker.classify.guard import guarded

# Characters frequent in news that only traditional Chinese writes so (習, 會, 國, 這, 們…):
# a text without any of them needs no conversion.
_TRADITIONAL = guarded(
    r"[習國會們這說時對與為發後來還經過關體點從長門問聞報東見現兩議總當無師電視將]"
)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text with traditional Chinese characters turned simplified (OpenCC t2s)."""
    return _converter().convert(text) if _TRADITIONAL.search(text) else text
