"""What brought the leaders together: a visit, a summit, a forum, a ceremony."""

import re

from worker.classify.guard import guarded

# Summits and forums first: a bilateral on the sidelines of one takes its name.
_OCCASIONS: list[tuple[str, str]] = [
    ("SCO", r"\bSCO\b|Shanghai Cooperation Organi[sz]ation|上海合作组织|上合|\bШОС\b"),
    ("BRICS", r"\bBRICS\b|\bBrics\b|金砖|\bБРИКС\b"),
    ("G20", r"\bG-?20\b|Group of (?:20|Twenty)|二十国集团|Групп\w* двадцати"),
    ("APEC", r"\bAPEC\b|亚太经合|\bАТЭС\b"),
    ("CICA", r"\bCICA\b|亚信|\bСВМДА\b|Conference on Interaction and Confidence"),
    (
        "Belt and Road Forum",
        r"Belt and Road (?:Forum|forum)|“?一带一路”?国际合作高峰论坛|Один пояс\s*[—-]\s*один путь"
        r"|«Пояс и путь»",
    ),
    (
        "Eastern Economic Forum",
        r"Eastern Economic Forum|东方经济论坛|Восточн\w+ экономическ\w+ форум\w*|\bВЭФ\b",
    ),
    ("Olympics", r"\bOlympic\w*|奥运|冬奥|Олимпи\w+"),
    ("Victory Day", r"Victory Day|卫国战争胜利|День Победы|Дн\w+ Победы|Victory Parade"),
    ("state visit", r"state visit|国事访问|государственн\w+ визит\w*"),
    ("official visit", r"official (?:friendly )?visit|正式访问|официальн\w+ визит\w*"),
]
_RX = [(name, guarded(p, re.IGNORECASE)) for name, p in _OCCASIONS]


# Occasions always held in one city: their meetings are there whatever the report says.
FIXED_VENUES = {
    "Belt and Road Forum": "Beijing",
    "Victory Day": "Moscow",
    "Eastern Economic Forum": "Vladivostok",
}


def find_occasion(evidence: list[str], context: list[str]) -> str | None:
    """The first occasion named in the evidence, else in the context; None if neither names one."""
    for sentences in (evidence, context):
        text = "\n".join(sentences)
        hits = [(m.start(), name) for name, rx in _RX if (m := rx.search(text))]
        if hits:
            return min(hits)[1]
    return None
