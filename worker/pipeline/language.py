"""Guess an article's language: by script for Chinese and Russian, by py3langid otherwise."""

import re

import py3langid

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")

# py3langid names Chinese varieties separately; the corpus needs one code per language.
_ALIASES = {"wuu": "zh", "yue": "zh", "zh-cn": "zh", "zh-tw": "zh"}


# A few sentences settle the language: 600 characters give the same answer as 2000 on every
# fixture page, and py3langid's time grows with the sample (it walks it byte by byte in Python).
SAMPLE_CHARS = 600


def detect_language(text: str, *, sample_chars: int = SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of `text`, or None when it has no letters."""
    sample = text[:sample_chars]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return None
    # Script shares settle the three languages that matter here, fast and without a model.
    if len(_CJK.findall(sample)) / letters > 0.3:
        return "zh"
    if len(_CYRILLIC.findall(sample)) / letters > 0.5:
        return "ru"
    code, _score = py3langid.classify(sample)
    return _ALIASES.get(code, code)
