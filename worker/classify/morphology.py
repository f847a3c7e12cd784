"""Russian verbs read by morphology (pymorphy3), not by lists of forms: a verb in the future tense
is a plan ("проведут", "обсудят"); a plural past verb after the two names is a joint act."""

import re
from functools import cache, lru_cache

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
# «накануне 75-летия Победы», «накануне 80-й годовщины», «накануне 9 Мая»: a number leads the
# word it counts.
_NUMBER_LEAD = re.compile(r"\d+(?:-[А-Яа-яЁё]{1,2}\b)?[\s-]*")
# Below this the analyser is guessing between readings of an ambiguous form.
MIN_SCORE = 0.5


@cache
def _analyzer():
    import pymorphy3  # loads its dictionaries: only when Russian text is read

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65_536)
def verb_form(word: str) -> tuple[str | None, str | None]:
    """(tense, number) of a verb form, e.g. ("futr", "plur"); (None, None) for other words."""
    parse = _analyzer().parse(word.lower())[0]
    if parse.score < MIN_SCORE or parse.tag.POS != "VERB":
        return None, None
    return parse.tag.tense, parse.tag.number


# A writer's "let us recall", a speaker's "I will remind you": future in form, nothing planned.
_DISCOURSE = {
    *("напомним", "отметим", "заметим", "подчеркнем", "подчеркнём", "добавим", "уточним"),
    *("напомню", "отмечу", "замечу", "подчеркну", "добавлю", "уточню", "повторю"),
}


def future_verb(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first verb in the future tense within text[start:end], or None."""
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        if match.group().lower() in _DISCOURSE:
            continue
        if verb_form(match.group())[0] == "futr":
            return match
    return None


def past_verb(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first verb in the past tense within text[start:end], or None."""
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        if verb_form(match.group())[0] == "past":
            return match
    return None


def plural_past_verb(text: str, start: int, words: int = 3) -> re.Match[str] | None:
    """A past-tense plural verb among the next few words from `start`: what two people did
    together ("Путин и Си Цзиньпин осмотрели выставку")."""
    for n, match in enumerate(_WORD.finditer(text, start)):
        if n >= words:
            break
        if verb_form(match.group()) == ("past", "plur"):
            return match
    return None


_NOMINALS = {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"}


@lru_cache(maxsize=65_536)
def may_be_genitive(word: str) -> bool:
    """A likely reading of the word is a noun, adjective or numeral in the genitive (not the
    rare "путин", plural of "путина", for the surname)."""
    return any(
        p.tag.POS in _NOMINALS and p.tag.case == "gent" and p.score >= 0.1
        for p in _analyzer().parse(word.lower())
    )


def genitive_follows(text: str, at: int) -> bool:
    """The next word after `at` may be genitive: "накануне визита", not "накануне лидеры"."""
    before = _WORD_BEFORE.search(text, 0, max(0, text.rfind(" ", 0, at)))
    # «состоявшегося накануне телефонного разговора»: a participle before it takes the noun
    # phrase after it, and «накануне» is its day.
    if before and may_be_participle(before.group(1)):
        return False
    start = at + len(text[at:]) - len(text[at:].lstrip())
    number = _NUMBER_LEAD.match(text, start)
    match = _WORD.match(text, number.end() if number else start)
    # Short words are prepositions, initials or indeclinable names ("в", "В.Путин", "Си").
    return bool(match and len(match.group()) > 2 and may_be_genitive(match.group()))


# «, накануне проведший переговоры»: a time word may stand before the participle.
_AFTER_COMMA = re.compile(
    r",\s*(?:(?:накануне|вчера|сегодня|ранее|уже|впервые)\s+)?([А-Яа-яЁё]+)[^,;.]*"
)


@lru_cache(maxsize=65_536)
def is_participle(word: str) -> bool:
    """The word's likely reading is a full participle ("прибывшим", "подписанный")."""
    parse = _analyzer().parse(word.lower())[0]
    return parse.score >= MIN_SCORE and parse.tag.POS == "PRTF"


@lru_cache(maxsize=65_536)
def may_be_participle(word: str) -> bool:
    """One of the word's likelier readings is a full participle ("состоявшегося", "прошедшей")."""
    # The analyser ranks «прошедшей» an adjective ("past"); its suffix is a past participle's.
    return bool(_PAST_ACTIVE.search(word.lower())) or any(
        p.tag.POS == "PRTF" and p.score >= 0.3 for p in _analyzer().parse(word.lower())
    )


_PAST_ACTIVE = re.compile(r"(?:вш|шедш)(?:ий|его|ему|им|ем|ая|ей|ую|ее|ие|их|ими)(?:ся)?$")


@lru_cache(maxsize=65_536)
def _case(word: str) -> str | None:
    return _analyzer().parse(word.lower())[0].tag.case


_WORD_BEFORE = re.compile(r"([А-Яа-яЁё]+)\s*$")


def object_participle_clauses(text: str) -> list[tuple[int, int]]:
    """Participial phrases that describe the word just before them, in its case ("с Си
    Цзиньпином, прибывшим накануне"), not the meeting further back ("встречу Путина и Си
    Цзиньпина, состоявшуюся в четверг")."""
    spans = []
    for m in _AFTER_COMMA.finditer(text):
        before = _WORD_BEFORE.search(text, 0, m.start())
        if (
            is_participle(m.group(1))
            and before
            and _case(m.group(1)) is not None
            and _case(m.group(1)) == _case(before.group(1))
            # "Путин, прибывший в Китай 31 августа, провел переговоры": a nominative phrase
            # describes a person before it, not talks that stand there.
            and (_case(m.group(1)) != "nomn" or _PERSON.fullmatch(before.group(1)))
        ):
            spans.append(m.span())
    return spans


_PERSON = re.compile(r"(?:Путин|Цзиньпин|лидер|президент|председател|глав)\w*", re.IGNORECASE)


def participle_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of participial phrases set off by a comma: "с Си Цзиньпином, прибывшим в Россию
    для участия в церемонии" — they describe a person, not what the sentence reports."""
    return [m.span() for m in _AFTER_COMMA.finditer(text) if is_participle(m.group(1))]
