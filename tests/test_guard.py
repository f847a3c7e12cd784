"""A guarded regex finds exactly what the plain one finds."""

import re

import pytest

from worker.classify.cues import LEXICONS
from worker.classify.guard import guarded

TEXTS = [
    "Xi Jinping met Putin in Moscow on Tuesday.",
    "Путин и Си провели переговоры в Кремле.",
    "习近平同俄罗斯总统普京举行会谈。",
    "the two leaders — and then Xi'an",
    "",
    "ВСТРЕЧА ЛИДЕРОВ",
]


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\bXi\b(?!['’]an\b)|(?<=Путин )(?:и|—)\s+Си\b|习近平", 0),
        (r"\b(?:the )?two leaders\b|встреч\w*", re.IGNORECASE),
        (r"(?:talks|meeting)?\s*with\b", 0),  # may start on either side of an optional word
        (r"[^\s]+ Putin", 0),  # a negated class: no guard
        (r"\d*", 0),  # matches the empty string: no guard
        (r"(?i:put)in|Си", 0),  # a group changing case: no guard
        (r"(?i)putin|си", 0),  # inline global flags must stay first: no guard
    ],
)
def test_guarded_matches_the_plain_pattern(pattern: str, flags: int) -> None:
    plain, fast = re.compile(pattern, flags), guarded(pattern, flags)
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_guard_is_added_only_when_the_first_characters_are_known() -> None:
    assert guarded(r"\bXi\b|普京").pattern.startswith("(?=[")
    assert guarded(r"[^x]y").pattern == r"[^x]y"
    assert guarded(r"a?").pattern == "a?"


def test_every_lexicon_cue_is_guarded_and_still_case_blind() -> None:
    meet = LEXICONS["en"].meet
    assert meet.pattern.startswith("(?=[")
    assert meet.search("XI AND PUTIN HELD TALKS") and meet.search("held talks")
