"""How Xi Jinping and Vladimir Putin are named in English, Chinese and Russian text."""

import re
from dataclasses import dataclass
from datetime import date

# Office titles stand for the leader only while he holds the office: Xi became President on
# 14 March 2013 (party leader since November 2012); Putin has been President since May 2012.
# Before that a "Russian president" or "председатель КНР" is someone else (Jiang, Hu, Medvedev).
XI_IN_OFFICE = date(2012, 11, 15)
PUTIN_IN_OFFICE = date(2012, 5, 7)

_XI_NAMES = [
    r"\bXi\b(?:\s+Jinping)?",
    r"习近平",
    r"习主席",
    r"Си\s+Цзиньпин\w*",
    r"Си\s+Цзинь\s*пин\w*",
    r"Си\s+Дзинь\s*[Пп]ин\w*",
]
_PUTIN_NAMES = [
    r"\bPutin\b",
    r"\bPutin['’]s\b",
    r"普京",
    r"Путин\w*",
]
# Titles that name the office, not the man; guarded by date and by a different name following.
# Written case by case ([Pp]resident) rather than with IGNORECASE, which is much slower here.
_XI_TITLES = [
    r"\b(?:Chinese|China['’]s) (?:[Pp]resident|leader|head of state)\b",
    r"\b[Pp]resident of (?:the People['’]s Republic of )?China\b",
    r"国家主席",
    r"[Пп]редседател\w+ (?:КНР|Китая|Китайской Народной Республики)",
    r"[Кк]итайск\w+ лидер\w*|[Лл]идер\w* Китая",
    r"[Гг]лав\w+ (?:КНР|Китая)",
]
_PUTIN_TITLES = [
    r"\b(?:Russian|Russia['’]s) (?:[Pp]resident|leader|head of state)\b",
    r"\b[Pp]resident of (?:the )?Russia(?:n Federation)?\b",
    r"\bthe Kremlin leader\b",
    r"俄罗斯总统",
    r"俄总统",
    r"[Пп]резидент\w* (?:России|Российской Федерации|РФ)",
    r"[Рр]оссийск\w+ (?:президент|лидер)\w*",
    r"[Лл]идер\w* России",
]
# "The two leaders" counts as both only when the text is about China and Russia.
_PAIR_NAMES = [
    r"\b(?:the )?(?:Chinese and Russian|Russian and Chinese)"
    r" (?:leaders|presidents|heads of state)\b",
    r"\bXi-Putin\b|\bPutin-Xi\b",
    r"\bleaders of (?:China and Russia|Russia and China)\b",
    r"中俄(?:两国)?元首",
    r"(?:лидер\w*|глав\w+(?: государств)?)\s+"
    r"(?:России и Китая|Китая и России|РФ и КНР|двух (?:стран|государств))",
]
# "The two leaders" / 两国元首 name whoever the article is about: trusted only when the article
# opens by naming Xi and Putin.
_GENERIC_PAIR = [
    r"两国元首",
    r"\bthe (?:two|both) (?:leaders|presidents|heads of state)\b",
    r"\bthe presidents of the two countries\b",
    r"\bглав\w+ (?:двух )?государств\b",
]
# The two countries, as destinations of a visit by the other's leader.
RUSSIA = re.compile(
    r"\bRussia\b|\bMoscow\b|\bKremlin\b|俄罗斯|访俄|莫斯科"
    r"|Росси\w*|Российск\w+ Федераци\w*|Москв\w*"
)
CHINA = re.compile(r"\bChina\b|\bBeijing\b|中国|访华|来华|北京|Кита\w*|КНР|Пекин\w*")
# Where a visit goes: "visit to China", "в Китай", "访华", "对俄罗斯进行国事访问".
TO_CHINA = re.compile(
    r"\b(?:to|in) (?:China|Beijing)\b|\bChina (?:trip|visit)|в (?:Китай|КНР|Пекин)\b|访华|来华"
    r"|对中国进行|抵达北京"
)
TO_RUSSIA = re.compile(
    r"\b(?:to|in) (?:Russia|Moscow)\b|\b(?:Russia|Kremlin) (?:trip|visit)|в (?:Россию|Москву)\b"
    r"|访俄|对俄罗斯(?:联邦)?进行|抵达莫斯科"
)
# The Kremlin is where the Russian president receives: Xi "during his Kremlin visit" or
# "в Кремле" met Putin even when the sentence does not name him.
AT_KREMLIN = re.compile(
    r"\bKremlin (?:visit|talks|meeting)|\b(?:at|in|to) the Kremlin\b|\bв Кремле\b|克里姆林宫",
    re.IGNORECASE,
)
INVITATION = re.compile(r"invitation of|应.{0,12}邀请|по приглашению", re.IGNORECASE)
# A title directly followed by another person's name is that person, not our leader.
_OTHER_NAME_AFTER = re.compile(r"\s*(?!Xi\b|Putin|Си\b|Путин)[A-ZА-ЯЁ][a-zа-яё]+")


def _join(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


XI_NAME = _join(_XI_NAMES)
PUTIN_NAME = _join(_PUTIN_NAMES)
XI_TITLE = _join(_XI_TITLES)
PUTIN_TITLE = _join(_PUTIN_TITLES)
PAIR = _join(_PAIR_NAMES)
GENERIC_PAIR = re.compile(_join(_GENERIC_PAIR).pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Mentions:
    """Which leaders a piece of text names (directly, by title, or as 'the two leaders')."""

    xi: bool
    putin: bool
    pair: bool
    generic_pair: bool = False

    @property
    def both(self) -> bool:
        return (self.xi and self.putin) or self.pair


def _title_refers(pattern: re.Pattern[str], text: str) -> bool:
    """True when some title match is not immediately followed by someone else's name."""
    return any(not _OTHER_NAME_AFTER.match(text, match.end()) for match in pattern.finditer(text))


def find_mentions(text: str, *, when: date | None) -> Mentions:
    """The leaders named in `text`; titles count only while the leader held that office."""
    xi = bool(XI_NAME.search(text))
    putin = bool(PUTIN_NAME.search(text))
    if not xi and (when is None or when >= XI_IN_OFFICE):
        xi = _title_refers(XI_TITLE, text)
    if not putin and (when is None or when >= PUTIN_IN_OFFICE):
        putin = _title_refers(PUTIN_TITLE, text)
    return Mentions(
        xi=xi,
        putin=putin,
        pair=bool(PAIR.search(text)),
        generic_pair=bool(GENERIC_PAIR.search(text)),
    )
