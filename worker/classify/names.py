"""How Xi Jinping and Vladimir Putin are named in English, Chinese and Russian text."""

import re
from dataclasses import dataclass
from datetime import date

from worker.classify.cues import words
from worker.classify.guard import guarded
from worker.classify.tokens import TokenPattern

# Office titles stand for the leader only while he holds the office: Xi became President on
# 14 March 2013 (party leader since November 2012); Putin was President from May 2000 to May
# 2008 and again since May 2012. Otherwise a "Russian president" or "председатель КНР" is someone
# else (Jiang Zemin, Hu Jintao, Medvedev).
XI_IN_OFFICE = date(2012, 11, 15)
XI_PRESIDENT = date(2013, 3, 14)  # until then "Chinese President" was Hu Jintao
PUTIN_PRESIDENT = ((date(2000, 5, 7), date(2008, 5, 7)), (date(2012, 5, 7), date.max))


def putin_is_president(when: date) -> bool:
    """Putin held the Russian presidency on that day."""
    return any(start <= when < end for start, end in PUTIN_PRESIDENT)


# The two countries, as destinations of a visit by the other's leader.
RUSSIA = TokenPattern(guarded(words("russia")))
CHINA = TokenPattern(guarded(words("china")))
# Where a visit goes: "visit to China", "в Китай", "访华", "对俄罗斯进行国事访问".
TO_CHINA = guarded(words("to_china"))
TO_RUSSIA = guarded(words("to_russia"))
# The Kremlin is where the Russian president receives: Xi "during his Kremlin visit" or
# "в Кремле" met Putin even when the sentence does not name him.
AT_KREMLIN = guarded(words("at_kremlin"), re.IGNORECASE)
INVITATION = guarded(words("invitation"), re.IGNORECASE)
# A title directly followed by another person's name is that person, not our leader.
_OTHER_NAME_AFTER = guarded(rf"\s*(?!{words('leader_surname')})[A-ZА-ЯЁ][a-zа-яё]+")


def _join(*names: str, flags: int = 0) -> TokenPattern:
    """The lexicons' entries of these any_language checks, as one pattern of whole tokens."""
    return TokenPattern(guarded("|".join(words(name) for name in names), flags))


# The leaders' names, in each language's spellings.
XI_NAME = _join("xi_name")
PUTIN_NAME = _join("putin_name")
# Titles that name the office, not the man; guarded by date and by a different name following.
# Written case by case ([Pp]resident) rather than with IGNORECASE, which is much slower here.
# Xi's title as party leader ("Chinese leader", «китайский лидер») counts before his presidency.
XI_TITLE = _join("xi_leader_title", "xi_title")
XI_LEADER_TITLE = _join("xi_leader_title")
PUTIN_TITLE = _join("putin_title")
# "The two leaders" counts as both only when the text is about China and Russia.
PAIR = _join("pair_name")
# "The two leaders" / 两国元首 name whoever the article is about: trusted only when the article
# opens by naming Xi and Putin.
GENERIC_PAIR = _join("generic_pair", flags=re.IGNORECASE)

# A state visit has a host: the other leader receives the visitor in his own country, so "Xi
# arrives in Moscow" or "Putin's China trip" involves both even when the host goes unnamed.
# The visitor must be the subject or owner of the trip: a name, then a few words, then the trip.
_XI_ANY = f"(?:{XI_NAME.pattern}|{XI_TITLE.pattern})"
_PUTIN_ANY = f"(?:{PUTIN_NAME.pattern}|{PUTIN_TITLE.pattern})"
_EN_TRIP = (
    # Headlines capitalise: "Xi to Visit Russia Next Week".
    r"(?:[Vv]isit(?:s|ed|ing)?|[Tt]rip|[Aa]rriv(?:es|ed|ing|e)|[Ll]ands?|[Ll]anded"
    r"|[Tt]ouch(?:es|ed) [Dd]own|[Tt]ravel(?:s|led|ed)?|[Hh]eads?|[Ff]lies|[Ff]lew)"
    r"(?:\s+(?:[Tt]o|[Ii]n|[Aa]t))?"
)
_RU_TRIP = r"(?:прибы\w*|прилет\w*|визит\w*|посет\w*|приезд\w*)(?:\s+(?:в|во))?"


@dataclass(frozen=True)
class Trip:
    """A trip by one leader to the other's country: his name, then the trip in a few words."""

    visitor: TokenPattern
    after: re.Pattern[str]  # matched where the visitor's name ends
    ru_before: re.Pattern[str]  # "визит Путина в Китай": the trip word comes first

    def search(self, text: str) -> bool:
        # Anchored at each name found: one scan for the names, not one per position and pattern.
        for name in self.visitor.finditer(text):
            if self.after.match(text, name.end()):
                return True
            before = text[max(0, name.start() - 12) : name.start()]
            if _RU_VISIT_BEFORE.search(before) and self.ru_before.match(text, name.end()):
                return True
        return False


_RU_VISIT_BEFORE = guarded(r"[Вв]изит\w*\s+$")


def _trip(visitor: str, en: str, en_owned: str, zh: str, ru: str) -> Trip:
    return Trip(
        visitor=TokenPattern(guarded(visitor)),
        after=guarded(
            rf"(?:['’]s)?[^.;,!?。；，]{{0,30}}?\b{_EN_TRIP}\s+(?:the )?{en}"
            rf"|['’]s\s+(?:[\w-]+\s+)?{en_owned}\s+(?:[Vv]isit|[Tt]rip)"
            rf"|[^。；，,]{{0,20}}?{zh}"
            rf"|[^.;,!?]{{0,30}}?{_RU_TRIP}\s*{ru}"
        ),
        ru_before=guarded(rf"\w*\s+в\s+{ru}"),
    )


XI_VISITS_RUSSIA = _trip(
    _XI_ANY,
    r"(?:Russia|Moscow|Kremlin)\b",
    r"(?:Russia|Moscow|Kremlin)",
    r"(?:抵达莫斯科|抵达俄罗斯|访俄|对俄罗斯(?:联邦)?进行.{0,6}访问|赴俄|到访俄罗斯)",
    r"(?:Росси\w*|Москв\w*|РФ\b)",
)
PUTIN_VISITS_CHINA = _trip(
    _PUTIN_ANY,
    r"(?:China|Beijing)\b",
    r"(?:China|Beijing)",
    r"(?:抵达北京|抵达中国|访华|来华|对中国进行.{0,6}访问|赴华|到访中国)",
    r"(?:Кита\w*|КНР\b|Пекин\w*)",
)

# A meeting owned by the two of them: "Xi and Putin's meeting", "the talks between Xi and
# Putin", "встреча Путина и Си Цзиньпина", "习近平同普京会谈". A tense cue elsewhere in the
# sentence ("ahead of talks" about someone else) does not govern it.
_ONE = f"(?:{_XI_ANY}|{_PUTIN_ANY})"
MEETING_OF_THE_TWO = guarded(
    rf"{_ONE}\s+(?:and|&)\s+(?:[A-Z]\w+\s+){{0,2}}?{_ONE}['’]s?\s+(?:[\w-]+\s+)?"
    r"(?:meeting|talks|summit)\b"
    r"|\b(?:meeting|talks|summit|call|conversation)\s+(?:between|of)\s+(?:[A-Z]\w+\s+){0,3}?"
    rf"{_ONE}\s+(?:and|&)\s+(?:[A-Z]\w+\s+){{0,3}}?{_ONE}"
    r"|(?:встреч|переговор)\w*\s+(?:между\s+)?(?:\w+\s+){0,2}?"
    rf"{_ONE}\s+и\s+(?:\w+\s+){{0,2}}?{_ONE}"
)


@dataclass(frozen=True)
class Mentions:
    """Which leaders a piece of text names (directly, by title, or as 'the two leaders')."""

    xi: bool
    putin: bool
    pair: bool
    generic_pair: bool = False
    # Only implied, as the host of the other's visit ("Xi arrives in Moscow" implies Putin).
    xi_implied: bool = False
    putin_implied: bool = False

    @property
    def named_both(self) -> bool:
        """Both named in so many words, not one of them implied as a host."""
        return self.xi and self.putin and not (self.xi_implied or self.putin_implied)

    @classmethod
    def union(cls, parts: "list[Mentions]") -> "Mentions":
        """Who a whole text names, from its sentences' mentions."""
        return cls(
            xi=any(m.xi for m in parts),
            putin=any(m.putin for m in parts),
            pair=any(m.pair for m in parts),
            generic_pair=any(m.generic_pair for m in parts),
            xi_implied=not any(m.xi and not m.xi_implied for m in parts),
            putin_implied=not any(m.putin and not m.putin_implied for m in parts),
        )

    @property
    def both(self) -> bool:
        return (self.xi and self.putin) or self.pair


def _title_refers(pattern: re.Pattern[str], text: str) -> bool:
    """True when some title match is not immediately followed by someone else's name."""
    return any(not _OTHER_NAME_AFTER.match(text, match.end()) for match in pattern.finditer(text))


# Each mention pattern needs one of its words (in lower case) to match: a sentence without them
# is not scanned. Most sentences of an article name neither leader, and the scans are the cost.
MENTION_WORDS: dict[str, tuple[str, ...]] = {
    "XI_NAME": ("xi", "习", "си"),
    "PUTIN_NAME": ("putin", "普京", "普丁", "путин"),
    "XI_TITLE": (
        "leader",
        "лидер",
        "president",
        "head",
        "counterpart",
        "коллег",
        "主席",
        "председател",
        "глав",
    ),
    "XI_LEADER_TITLE": ("leader", "лидер"),
    "PUTIN_TITLE": (
        "leader",
        "лидер",
        "president",
        "head",
        "counterpart",
        "коллег",
        "kremlin",
        "总统",
        "президент",
        "хозяин",
        "глав",
    ),
    "PAIR": (
        "chinese and russian",
        "russian and chinese",
        "chinese, russian",
        "russian, chinese",
        "xi-putin",
        "putin-xi",
        "leaders of",
        "presidents of",
        "heads of state of",
        "元首",
        "领导人",
        "россии и китая",
        "китая и россии",
        "рф и кнр",
        "кнр и рф",
        "и китайск",
        "и российск",
        "монголии",
    ),
    "GENERIC_PAIR": (
        "两国元首",
        "the two",
        "the both",
        "the pair",
        "the heads of state",
        "государств",
        "двух",
        "they",
        "они",
    ),
}
_ALL_WORDS = frozenset(word for words in MENTION_WORDS.values() for word in words)
_WORD_SETS = {name: frozenset(words) for name, words in MENTION_WORDS.items()}


def _may(name: str, present: set[str]) -> bool:
    """Some word the pattern `name` needs is present."""
    return not _WORD_SETS[name].isdisjoint(present)


def find_mentions(text: str, *, when: date | None) -> Mentions:
    """The leaders named in `text`; titles count only while the leader held that office."""
    lowered = text.lower()
    present = {word for word in _ALL_WORDS if word in lowered}
    xi = _may("XI_NAME", present) and bool(XI_NAME.search(text))
    putin = _may("PUTIN_NAME", present) and bool(PUTIN_NAME.search(text))
    if not xi and (when is None or when >= XI_PRESIDENT):
        xi = _may("XI_TITLE", present) and _title_refers(XI_TITLE, text)
    elif not xi and when >= XI_IN_OFFICE:
        # Party leader, not yet head of state.
        xi = _may("XI_LEADER_TITLE", present) and _title_refers(XI_LEADER_TITLE, text)
    if not putin and (when is None or putin_is_president(when)):
        putin = _may("PUTIN_TITLE", present) and _title_refers(PUTIN_TITLE, text)
    xi_implied = putin_implied = False
    if xi != putin and (when is None or when >= XI_PRESIDENT):
        # Both heads of state since Xi took office: the host of a visit is the other leader.
        putin_implied = bool(xi and XI_VISITS_RUSSIA.search(text))
        xi_implied = bool(putin and PUTIN_VISITS_CHINA.search(text))
    # "The Chinese and Russian presidents", 中俄两国元首: Xi and Putin only while both are.
    both_in_office = when is None or (when >= XI_PRESIDENT and putin_is_president(when))
    return Mentions(
        xi=xi or xi_implied,
        putin=putin or putin_implied,
        xi_implied=xi_implied,
        putin_implied=putin_implied,
        pair=both_in_office and _may("PAIR", present) and bool(PAIR.search(text)),
        generic_pair=_may("GENERIC_PAIR", present) and bool(GENERIC_PAIR.search(text)),
    )
