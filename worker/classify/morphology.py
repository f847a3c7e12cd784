"""Russian verb tense from morphology (pymorphy3): a verb in the future tense is a plan, whichever
verb it is ("проведут", "обсудят", "подпишут"), with no list of future forms to keep."""

import re
from functools import cache, lru_cache

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
# Below this the analyser is guessing between readings of an ambiguous form.
MIN_SCORE = 0.5


@cache
def _analyzer():
    import pymorphy3  # loads its dictionaries: only when Russian text is read

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65_536)
def tense(word: str) -> str | None:
    """ "futr", "pres" or "past" for a verb form, else None."""
    parse = _analyzer().parse(word.lower())[0]
    if parse.score < MIN_SCORE or parse.tag.POS != "VERB":
        return None
    return parse.tag.tense


def future_verb(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The first verb in the future tense within text[start:end], or None."""
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        if tense(match.group()) == "futr":
            return match.group()
    return None
