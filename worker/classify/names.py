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
_XI_TITLES = [
    r"\b(?:Chinese|China['’]s)\s+(?:President|leader|head of state)\b",
    r"\bPresident of (?:the People['’]s Republic of )?China\b",
    r"中国国家主席",
    r"国家主席",
    r"председател\w+\s+(?:КНР|Китая|Китайской Народной Республики)",
    r"китайск\w+\s+лидер\w*|лидер\w*\s+Китая",
    r"глав\w+\s+(?:КНР|Китая)",
]
_PUTIN_TITLES = [
    r"\b(?:Russian|Russia['’]s)\s+(?:President|leader|head of state)\b",
    r"\bPresident of (?:the )?Russia(?:n Federation)?\b",
    r"\bthe Kremlin leader\b",
    r"俄罗斯总统",
    r"俄总统",
    r"президент\w*\s+(?:России|Российской Федерации|РФ)",
    r"российск\w+\s+президент\w*",
    r"(?:российск\w+\s+лидер\w*|лидер\w*\s+России)",
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
INVITATION = re.compile(r"invitation of|应.{0,12}邀请|по приглашению", re.IGNORECASE)
# A title directly followed by another person's name is that person, not our leader.
_OTHER_NAME_AFTER = re.compile(r"\s*(?!Xi\b|Putin|Си\b|Путин)[A-ZА-ЯЁ][a-zа-яё]+")


def _join(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


XI_NAME = _join(_XI_NAMES)
PUTIN_NAME = _join(_PUTIN_NAMES)
XI_TITLE = re.compile(_join(_XI_TITLES).pattern, re.IGNORECASE)
PUTIN_TITLE = re.compile(_join(_PUTIN_TITLES).pattern, re.IGNORECASE)
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
