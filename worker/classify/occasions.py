"""What brought the leaders together: a visit, a summit, a forum, a ceremony."""

import re

from worker.classify.cues import words
from worker.classify.guard import guarded

# Summits and forums first: a bilateral on the sidelines of one takes its name. Their names in
# each language are the lexicons' (any_language).
_OCCASIONS: list[tuple[str, str]] = [
    ("SCO", words("sco")),
    ("BRICS", words("brics")),
    ("G20", words("g20")),
    ("APEC", words("apec")),
    ("CICA", words("cica")),
    ("Belt and Road Forum", words("belt_and_road_forum")),
    ("Eastern Economic Forum", words("eastern_economic_forum")),
    ("Olympics", words("olympics")),
    ("Victory Day", words("victory_day")),
    ("state visit", words("state_visit")),
    ("official visit", words("official_visit")),
]
_RX = [(name, guarded(p, re.IGNORECASE)) for name, p in _OCCASIONS]


# Occasions always held in one city: their meetings are there whatever the report says.
FIXED_VENUES = {
    "Belt and Road Forum": "Beijing",
    "Victory Day": "Moscow",
    "Eastern Economic Forum": "Vladivostok",
}

# Where each rotating summit (and the Games) met in person, by year; the virtual ones of
# 2020–2023 are left out. A bilateral "on the sidelines of the SCO summit" with no city named
# was held in that year's host city.
SUMMIT_HOSTS: dict[str, dict[int, str]] = {
    "SCO": {
        2013: "Bishkek",
        2014: "Dushanbe",
        2015: "Ufa",
        2016: "Tashkent",
        2017: "Astana",
        2018: "Qingdao",
        2019: "Bishkek",
        2022: "Samarkand",
        2024: "Astana",
        2025: "Tianjin",
    },
    "BRICS": {
        2013: "Durban",
        2014: "Fortaleza",
        2015: "Ufa",
        2016: "Goa",
        2017: "Xiamen",
        2018: "Johannesburg",
        2019: "Brasilia",
        2024: "Kazan",
    },
    "G20": {
        2013: "St Petersburg",
        2014: "Brisbane",
        2015: "Antalya",
        2016: "Hangzhou",
        2017: "Hamburg",
        2018: "Buenos Aires",
        2019: "Osaka",
    },
    "APEC": {2013: "Bali", 2014: "Beijing", 2016: "Lima", 2017: "Da Nang"},
    "CICA": {2014: "Shanghai", 2019: "Dushanbe", 2022: "Astana"},
    "Olympics": {2008: "Beijing", 2014: "Sochi", 2022: "Beijing"},
}


def names_rotating_summit(text: str) -> bool:
    """The text names one of the summits that rotate among hosts (SCO, BRICS, G20, APEC, CICA)."""
    return any(name in SUMMIT_HOSTS and rx.search(text) for name, rx in _RX if name != "Olympics")


def summit_host(occasion: str | None, year: int) -> str | None:
    """The host city of that summit in that year, when it met in person."""
    return SUMMIT_HOSTS.get(occasion or "", {}).get(year)


def find_occasion(evidence: list[str], context: list[str]) -> str | None:
    """The first occasion named in the evidence, else in the context; None if neither names one."""
    for sentences in (evidence, context):
        text = "\n".join(sentences)
        hits = [(m.start(), name) for name, rx in _RX if (m := rx.search(text))]
        if hits:
            return min(hits)[1]
    return None
