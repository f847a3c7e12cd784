"""Resolve the day a meeting happened from the words around it, relative to the publish date."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from worker.classify.cues import words
from worker.classify.guard import guarded
from worker.classify.morphology import (
    genitive_follows,
    may_be_participle,
    object_participle_clauses,
    participle_clauses,
)
from worker.classify.names import find_mentions
from worker.classify.sentences import (
    BRIEFING,
    WIRE_HEAD,
    in_other_clause,
    in_person_clause,
    nearness,
    told_ahead,
)

# How a meeting day was found. "stated": a calendar day, a weekday or an exact relative word
# (yesterday, накануне, 昨天); "relative": only a period (last week, this week), the first day
# of a trip's span ("March 20-22", "9月14日至16日") or a bound (the day a spokesman spoke of the
# talks, the day the guest left), which does not say which day the talks were;
# "published": nothing in the text, the publish date stands in.
STATED, RELATIVE, PUBLISHED = "stated", "relative", "published"


@dataclass(frozen=True)
class MeetingDay:
    """The day a meeting happened and how it was found (see STATED, RELATIVE, PUBLISHED)."""

    date: date
    basis: str


_EN_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_RU_MONTHS = {
    stem: i + 1
    for i, stem in enumerate(
        [
            "январ",
            "феврал",
            "март",
            "апрел",
            "ма",
            "июн",
            "июл",
            "август",
            "сентябр",
            "октябр",
            "ноябр",
            "декабр",
        ]
    )
}


# The start of the year stands for January: "年初", «в начале года», "at the start of the year".
_YEAR_START = {"年初", "начале", "start", "beginning"}


def falls_on(weekday: str, day: date) -> bool:
    """The day is that English weekday ("Tuesday"), whatever the locale."""
    return _EN_WEEKDAYS.index(weekday.lower()) == day.weekday()


# A season stands for its last month: "летом" in October is an earlier month; see season_of.
# Its words in English, Russian (stems: «летом», «летнего») and Chinese.
_SEASON_WORDS = (
    ((3, 4, 5), ("spring", "весн", "春")),
    ((6, 7, 8), ("summer", "лет", "夏")),
    ((9, 10, 11), ("autumn", "fall", "осен", "秋")),
    ((12, 1, 2), ("winter", "зим", "冬")),
)
_SEASONS = {word: months for months, names in _SEASON_WORDS for word in names}


def season_of(name: str) -> tuple[int, ...] | None:
    """The months of a season word ("summer", «летом», «летнего», 夏), else None."""
    lowered = name.lower()
    return next((months for stem, months in _SEASONS.items() if lowered.startswith(stem)), None)


def month_number(name: str) -> int | None:
    """1–12 for a month written as a number, an English name or a Russian form (the start of the
    year is January, a season its last month); else None."""
    if name in _YEAR_START:
        return 1
    if season := season_of(name):
        return season[-1]
    if name.isdigit():
        return int(name) if 1 <= int(name) <= 12 else None
    lowered = name.lower()
    if lowered in _EN_MONTHS:
        return _EN_MONTHS[lowered]
    # Longest stem first: "март" before "ма" (May).
    for stem, number in sorted(_RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(stem):
            return number
    return None


_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RU_WEEKDAYS = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]
_ZH_WEEKDAYS = "一二三四五六日"

_EN_MONTH_RX = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_MD = guarded(
    rf"\b({_EN_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
)
_EN_DM = guarded(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_EN_MONTH_RX})\b\.?(?:,?\s+(\d{{4}}))?", re.I)
# Only "on/last/this Tuesday": a bare weekday is often a newsletter's or a column's name.
_EN_WEEKDAY = guarded(
    r"\b(?:on|last|this|since|early|late)\s+(" + "|".join(_EN_WEEKDAYS) + r")\b", re.IGNORECASE
)
# American style drops the "on": "met Thursday in Beijing", "at Thursday's talks". A capitalised
# weekday after a lower-case word and before one (not "Your Tuesday Briefing").
_EN_BARE_WEEKDAY = guarded(
    r"(?<=[a-z,] )(" + "|".join(d.capitalize() for d in _EN_WEEKDAYS) + r")(?:['’]s)?\b(?!\s+[A-Z])"
)
# "Tuesday's talks": the weekday owns the meeting, wherever it stands.
_EN_OWNING_WEEKDAY = guarded(
    r"\b(" + "|".join(d.capitalize() for d in _EN_WEEKDAYS) + r")['’]s\s+(?:[\w-]+\s+)?"
    r"(?:talks|meeting|summit|call|conversation|visit)\b"
)
# A digest's item headed by its day: "THURSDAY — Putin and Xi held a phone conversation".
_EN_HEADED_WEEKDAY = guarded(r"^(" + "|".join(_EN_WEEKDAYS) + r")\s*[—–:-]\s", re.IGNORECASE)
_RU_DM = guarded(
    r"\b(\d{1,2})\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября"
    r"|декабря)(?:\s+(\d{4}))?",
    re.IGNORECASE,
)
# "20-22 марта", "с 20 по 22 марта": the month follows the last day only.
_RU_SPAN_START = guarded(
    r"\b(\d{1,2})\s*(?:[-–—]|по|до)\s*\d{1,2}\s+(января|февраля|марта|апреля|мая|июня|июля"
    r"|августа|сентября|октября|ноября|декабря)(?:\s+(\d{4}))?",
    re.IGNORECASE,
)
_RU_WEEKDAY = guarded(
    r"\bв[о]?\s+(?:минувш\w+\s+|прошедш\w+\s+|прошл\w+\s+)?(" + "|".join(_RU_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
# «с понедельника по среду»: a span of days, each read as a weekday of its own.
_RU_GENITIVE_WEEKDAYS = [
    "понедельника",
    "вторника",
    "среды",
    "четверга",
    "пятницы",
    "субботы",
    "воскресенья",
]
_RU_WEEKDAY_SPAN = guarded(
    r"\bс\s+("
    + "|".join(_RU_GENITIVE_WEEKDAYS)
    + r")\s+(?:по|до)\s+("
    + "|".join(_RU_WEEKDAYS)
    + r")\b",
    re.IGNORECASE,
)
# «пятничного телефонного разговора», «во вторничных переговорах»: the weekday owns the meeting.
_RU_WEEKDAY_STEMS = [
    "понедельничн",
    "вторничн",
    "средов",
    "четвергов",
    "пятничн",
    "субботн",
    "воскресн",
]
_RU_OWNING_WEEKDAY = guarded(
    r"\b(" + "|".join(_RU_WEEKDAY_STEMS) + r")\w*\s+(?:[а-яё-]+\s+)?"
    r"(?:переговор|встреч|разговор|бесед|саммит|визит)\w*",
    re.IGNORECASE,
)
_ZH_YMD = guarded(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
# Not the end of a span ("3月20日至22日"): that day is in the span's month, read from its start.
# "本月4日" is a day; "3月20日" is read whole by _ZH_YMD.
_HANZI_DIGITS = "〇一二三四五六七八九"
_ZH_HANZI_YMD = guarded(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)

# "十二月三十日上午": month and day in numerals, the year left to the publish date.
_ZH_HANZI_MD = guarded(
    r"(?<![年〇零一二三四五六七八九十])([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)


def _hanzi_number(text: str) -> int:
    """1–31 written in Chinese numerals: 五, 十, 十六, 二十, 三十一."""
    if "十" not in text:
        return _HANZI_DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (_HANZI_DIGITS.index(tens) if tens else 1) * 10 + (
        _HANZI_DIGITS.index(ones) if ones else 0
    )


_ZH_D = guarded(r"(?<!\d)(?<!\d月)(?<!\d日至)(?<!\d日到)(?<!\d日-)(?<!\d日—)(\d{1,2})日")
_ZH_WEEKDAY = guarded(r"(?<!上)(?:星期|礼拜|周)([一二三四五六日天])")
# "上周五": the Friday of last week.
_ZH_LAST_WEEKDAY = guarded(r"上(?:周|星期)([一二三四五六日天])")
_ISSUE_DATE = guarded(r"\bот\s+$", re.IGNORECASE)
# "on the 16th": a day of the current or last month.
# Not "on the 25th anniversary".
_EN_ORDINAL_DAY = guarded(
    r"\bon the (\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:anniversary|birthday|summit|session|meeting))",
    re.IGNORECASE,
)
# A trip's span: its first day is not necessarily the day of the talks.
_SPAN = guarded(words("trip_span"), re.IGNORECASE)

# "wrapped up a two-day visit on Friday": the day told is the span's last.
_TRIP_ENDED = guarded(words("trip_ended"), re.IGNORECASE)
_TRIP_PART = guarded(words("trip_part"), re.IGNORECASE)
_TRIP_BEGAN = guarded(words("trip_began"), re.IGNORECASE)
_SPAN_DAYS = {"two": 2, "двух": 2, "两": 2, "three": 3, "трех": 3, "трёх": 3, "三": 3}
_SPAN_DAYS |= {"four": 4, "четырех": 4, "четырёх": 4, "四": 4}
_SPAN_COUNT = guarded("|".join(_SPAN_DAYS), re.IGNORECASE)


def first_day_of_ended_trip(sentence: str, day: date, pos: int, at: int | None) -> date:
    """The first day of a trip the sentence says ended on `day` (stated at `pos`), when the
    meeting cue (at `at`) is the trip itself or told after that day as the trip's ("…ended a
    three-day visit on Wednesday that included talks with Putin") or in another sentence."""
    ended = _TRIP_ENDED.search(sentence)
    if ended is None or not (
        at is None
        or ended.start() <= at <= ended.end() + 20
        or (
            pos < at
            and ended.end() < at
            and bool(
                _TRIP_PART.search(sentence, ended.end(), at)
                or _SENTENCE_END.search(sentence, ended.end(), at)
            )
        )
    ):
        return day
    if ended.end() <= pos and _TRIP_BEGAN.search(sentence, max(ended.end(), pos - 30), pos):
        return day  # "…at the end of a three-day visit that began Monday": its first day
    count = _SPAN_COUNT.search(ended.group())
    return day - timedelta(days=_SPAN_DAYS[count.group().lower()] - 1) if count else day


_SENTENCE_END = guarded(r"[.!?。！？]\s")
_NUMERIC = guarded(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
# Relative words, as (pattern, days back). "Last week" has no day; a week back is the best guess.
_RELATIVE = [
    (guarded(words("today"), re.I), 0),
    (guarded(words("yesterday"), re.I), 1),
    (guarded(words("day_before_yesterday"), re.I), 2),
    # "Накануне" alone is "the day before" (read in dates_in, by the word after it).
]
_RU_EVE = guarded(words("eve"), re.I)
# Chinese days counted within a sentence: the next day, the same day.
_CHAINED_DAY = guarded(
    rf"(?P<next>(?:{words('chained_next_day')}))|(?:{words('chained_same_day')})"
)
# Periods: the day is a guess ("last week" is a week back; "this week" today at the latest).
_PERIODS = [
    (guarded(words("last_week"), re.I), 7),
    (guarded(words("this_week"), re.I), 0),
]


def _inside_span(span: re.Match[str], day: date) -> bool:
    """`day` falls after the first and before the last day of the span ("5月7日至10日", "March
    20-22"), read as days of its month."""
    numbers = [int(n) for n in re.findall(r"\d+", span.group())]
    return numbers[-2] < day.day < numbers[-1] if len(numbers) > 1 else False


def _in_period(sentence: str, pos: int) -> bool:
    """The date found at `pos` is a period's ("last week"), not a day."""
    return any(p.match(sentence, pos) for p, _back in _PERIODS)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, year: str | None, published: date) -> date | None:
    """A month and day; without a year, the nearest such day to the publish date ("December 30"
    in a January story is last year's; "May 16" in a May 14 story is two days ahead)."""
    if year:
        return _safe(int(year), month, day)
    found = _safe(published.year, month, day)
    if found and (found - published).days > 183:
        found = _safe(published.year - 1, month, day)
    elif found and (published - found).days > 183:
        found = _safe(published.year + 1, month, day)
    return found


def _day_only(day: int, published: date) -> date | None:
    """The latest date with this day of the month, not after the publish date (Chinese 15日)."""
    if day > published.day:
        first = published.replace(day=1) - timedelta(days=1)
        return _safe(first.year, first.month, day)
    return _safe(published.year, published.month, day)


def _weekday(index: int, published: date) -> date:
    """The latest `index` weekday (Monday 0) on or before the publish date."""
    return published - timedelta(days=(published.weekday() - index) % 7)


def _zh_weekday(index: int, published: date) -> date:
    """A bare Chinese weekday is the publication week's (Monday first): "周五" on a Thursday is
    tomorrow, as last week's would be "上周五"."""
    return published + timedelta(days=index - published.weekday())


def _in_week_order(sentence: str, weekdays: list[tuple[int, date]]) -> list[tuple[int, date]]:
    """Weekdays told in order: "talks on Thursday, before he flies on Friday" on a Thursday is
    tomorrow's Friday, not last week's: a later day of the week, after an earlier one and a word
    that looks ahead ("before", "ahead of", "will"), is not before it. Not "said on Monday that
    the meeting on Thursday…", which looks back."""
    out: list[tuple[int, date]] = []
    for pos, day in sorted(set(weekdays)):
        if any(
            p < pos
            and day < d
            and day.weekday() > d.weekday()
            and _LOOKS_AHEAD.search(sentence, p, pos)
            and not _PAST_WEEKDAY.match(sentence, pos)
            for p, d in out
        ):
            day += timedelta(days=7)
        out.append((pos, day))
    return out


_LOOKS_AHEAD = guarded(words("looks_ahead"), re.IGNORECASE)
_PAST_WEEKDAY = guarded(words("past_weekday"), re.IGNORECASE)


_ZONE_AHEAD = guarded(words("zone_ahead"), re.IGNORECASE)
_WEEKDAY_ZONE_AHEAD = guarded(
    r"\b(?:" + "|".join(_EN_WEEKDAYS) + rf")(?=(?:{words('zone_ahead')}))", re.IGNORECASE
)


def _zone_ahead(sentence: str, end: int, weekday: int, day: date, published: date) -> date:
    """A weekday in Beijing or Moscow time may be the day after an American dateline's: "early
    Wednesday Beijing time, late Tuesday in Washington", published on the Tuesday."""
    following = published + timedelta(days=1)
    if following.weekday() == weekday and _ZONE_AHEAD.match(sentence, end):
        return following
    return day


def _last_week(sentence: str, at: int, day: date, published: date) -> date:
    """ "Last Tuesday", «в прошлый вторник» said on a Tuesday is a week back, not today."""
    if day == published and _PAST_WEEKDAY.match(sentence, at):
        return day - timedelta(days=7)
    return day


_RESTATED = guarded(r"\s*[，,]\s*(?:即|也就是)")


def _dated_after(sentence: str, end: int, stated: set[int]) -> bool:
    """A date stated right after a weekday, with only a comma or spaces between."""
    return any(0 < pos - end <= 3 and not sentence[end:pos].strip(" ,") for pos in stated)


def _stated_before(found: list[tuple[int, date | None]], at: int) -> date | None:
    """The day a sentence stated last before `at`, if any."""
    before = [(pos, d) for pos, d in found if pos < at and d is not None]
    return max(before)[1] if before else None


def dates_in(sentence: str, published: date, *, periods: bool = True) -> list[tuple[int, date]]:
    """Every resolvable date in a sentence, with its position; with `periods` false, not "last
    week" or "this week", which name no day."""
    found: list[tuple[int, date | None]] = []
    for m in _EN_MD.finditer(sentence):
        found.append((m.start(), _month_day(_EN_MONTHS[m[1].lower()], int(m[2]), m[3], published)))
    for m in _EN_DM.finditer(sentence):
        found.append((m.start(), _month_day(_EN_MONTHS[m[2].lower()], int(m[1]), m[3], published)))
    for m in _RU_DM.finditer(sentence):
        month = next(v for k, v in _RU_MONTHS.items() if m[2].lower().startswith(k))
        found.append((m.start(), _month_day(month, int(m[1]), m[3], published)))
    for m in _RU_SPAN_START.finditer(sentence):
        month = next(v for k, v in _RU_MONTHS.items() if m[2].lower().startswith(k))
        found.append((m.start(), _month_day(month, int(m[1]), m[3], published)))
    for m in _ZH_YMD.finditer(sentence):
        found.append((m.start(), _month_day(int(m[2]), int(m[3]), m[1], published)))
    for m in _ZH_HANZI_YMD.finditer(sentence):
        # A document's foot: "二〇二四年五月十六日于北京".
        year = int("".join(str(_HANZI_DIGITS.index(c.replace("零", "〇"))) for c in m[1]))
        found.append((m.start(), _safe(year, _hanzi_number(m[2]), _hanzi_number(m[3]))))
    for m in _ZH_HANZI_MD.finditer(sentence):
        month, day = _hanzi_number(m[1]), _hanzi_number(m[2])
        if 1 <= month <= 12:
            found.append((m.start(), _month_day(month, day, None, published)))
    for m in _ZH_D.finditer(sentence):
        found.append((m.start(), _day_only(int(m[1]), published)))
    for m in _NUMERIC.finditer(sentence):
        y, mo, d = (m[3], m[2], m[1]) if m[1] else (m[4], m[5], m[6])
        found.append((m.start(), _safe(int(y), int(mo), int(d))))
    # "Thursday, May 16, 2024", «в четверг, 16 мая»: the weekday names the date told after it.
    stated = {pos for pos, _ in found}
    weekdays: list[tuple[int, date]] = []
    for pattern in (_EN_WEEKDAY, _EN_BARE_WEEKDAY, _EN_HEADED_WEEKDAY, _EN_OWNING_WEEKDAY):
        for m in pattern.finditer(sentence):
            if not _dated_after(sentence, m.end(1), stated):
                index = _EN_WEEKDAYS.index(m[1].lower())
                day = _zone_ahead(sentence, m.end(1), index, _weekday(index, published), published)
                weekdays.append((m.start(), _last_week(sentence, m.start(), day, published)))
    for m in _RU_WEEKDAY.finditer(sentence):
        if not _dated_after(sentence, m.end(1), stated):
            day = _weekday(_RU_WEEKDAYS.index(m[1].lower()), published)
            weekdays.append((m.start(), _last_week(sentence, m.start(), day, published)))
    for m in _RU_WEEKDAY_SPAN.finditer(sentence):
        first = _RU_GENITIVE_WEEKDAYS.index(m[1].lower())
        weekdays.append((m.start(), _weekday(first, published)))
        weekdays.append((m.start(2), _weekday(_RU_WEEKDAYS.index(m[2].lower()), published)))
    for m in _RU_OWNING_WEEKDAY.finditer(sentence):
        weekdays.append((m.start(), _weekday(_RU_WEEKDAY_STEMS.index(m[1].lower()), published)))
    found.extend(_in_week_order(sentence, weekdays))
    for m in _ZH_WEEKDAY.finditer(sentence):
        found.append(
            (m.start(), _zh_weekday(_ZH_WEEKDAYS.index(m[1].replace("天", "日")), published))
        )
    for m in _ZH_LAST_WEEKDAY.finditer(sentence):
        monday = published - timedelta(days=published.weekday())
        day = _ZH_WEEKDAYS.index(m[1].replace("天", "日"))
        found.append((m.start(), monday - timedelta(days=7 - day)))
    for m in _EN_ORDINAL_DAY.finditer(sentence):
        found.append((m.start(), _day_only(int(m[1]), published)))
    for m in _RU_EVE.finditer(sentence):
        # "накануне визита", "накануне Нового года": on the eve of that, not the day before.
        if not genitive_follows(sentence, m.end()):
            # «Песков в четверг назвал разговор, состоявшийся накануне»: the eve of the day the
            # sentence stated before it, else of the news.
            anchor = _stated_before(found, m.start()) or published
            found.append((m.start(), anchor - timedelta(days=1)))
    for m in _CHAINED_DAY.finditer(sentence):
        # "于17日抵达北京，次日上午出席…，当天下午同习近平举行会谈": counted from the day the
        # sentence stated before it.
        if anchor := _stated_before(found, m.start()):
            found.append((m.start(), anchor + timedelta(days=1 if m["next"] else 0)))
    for pattern, back in _RELATIVE + (_PERIODS if periods else []):
        for m in pattern.finditer(sentence):
            # "峰会开幕前一天，即15日": the date that follows says which day it is.
            if not _RESTATED.match(sentence, m.end()):
                found.append((m.start(), published - timedelta(days=back)))
    # "Выпуск от 26.03.2023", "договор от 16 июля 2001 года": a document's or an edition's
    # date, not an event's.
    # Two patterns may read the same words ("Thursday's talks"): each date once.
    return sorted(
        {
            (pos, d)
            for pos, d in found
            if d is not None and not _ISSUE_DATE.search(sentence, max(0, pos - 4), pos)
        }
    )


def _basis(sentence: str) -> str:
    """STATED unless the sentence gives only a period or a trip's span."""
    if _SPAN.search(sentence) or any(p.search(sentence) for p, _back in _PERIODS):
        return RELATIVE
    return STATED


# "…visited Harbin on Friday, a day after holding talks with Xi": the talks were the day before
# the sentence's own date. Only when the meeting itself follows "after", not "a day after he
# arrived".
# The English count is group "en": "a day after President Xi Jinping told Vladimir Putin by
# telephone", "a day after he and Vladimir Putin signed a joint statement".
_DAYS_AFTER = guarded(words("days_after_meeting"), re.IGNORECASE)
_COUNT = {"a": 1, "one": 1, "the": 1, "two": 2, "three": 3}
# A comma that ends the meeting's clause; not one opening a clause about it ("a day after talks
# with Xi, who welcomed Putin on Thursday").
_CLAUSE_COMMA = guarded(
    rf",(?!\s*(?:{words('relative_person')}|{words('relative_other')}|{words('where_or_when')})\b)"
)


# "two days after their talks": the meeting after "after" is theirs.
_THEIR = guarded(rf"\b{words('their')}\b", re.IGNORECASE)

# "held an informal meeting in St Petersburg on Thursday, a day after their talks in Moscow":
# the sentence's own meeting keeps its own day.
_OWN_MEETING = guarded(words("interaction_noun"), re.IGNORECASE)


_SAYING_DAY_BEFORE = guarded(rf"(?:{words('saying_day_before')})$", re.IGNORECASE)
_ATTRIBUTIVE_DAY_BEFORE = guarded(rf"(?:{words('attributive_day_before')})$")
_DEPARTURE_DAY_BEFORE = guarded(rf"(?:{words('departure_day_before')})$")
_MEETING_FRAME_BEFORE = guarded(rf"(?:{words('meeting_frame_before')})$", re.IGNORECASE)


def _framed_meeting(sentence: str, start: int, end: int) -> bool:
    """Between start and end, a meeting that frames the telling ("в ходе телефонного разговора"),
    not one that is its topic ("об итогах беседы с Уиткоффом")."""
    return any(
        _MEETING_FRAME_BEFORE.search(sentence, start, m.start())
        for m in _OWN_MEETING.finditer(sentence, start, end)
    )


def _tells_leader_of_other(sentence: str, told: re.Match[str], at: int, pos: int) -> bool:
    """One leader told the other of a meeting that names neither («проинформировал Си
    Цзиньпина об итогах беседы с Уиткоффом, состоявшейся 6 августа»): the day is that meeting's."""
    return (
        told.end() <= at
        and _names_either(told.group(), None)
        and not _names_either(sentence[at:pos], None)
    )


def _names_either(text: str, published: date | None) -> bool:
    named = find_mentions(text, when=published)
    return named.xi or named.putin or named.pair or named.generic_pair


_AFTER_THE_TALKS = guarded(words("after_the_talks"), re.IGNORECASE)


def _day_before_anchor(sentence: str, published: date) -> MeetingDay | None:
    """The meeting day when the sentence dates another event "N days after" the meeting."""
    m = _DAYS_AFTER.search(sentence)
    if m is None:
        return None
    if (
        m["en"]
        and not _THEIR.search(m.group())
        and find_mentions(sentence[: m.start()], when=published).named_both
        and not _names_either(sentence[m.start() : m.end() + 40], published)
        and not _AFTER_THE_TALKS.fullmatch(m.group())
    ):
        # "Putin holds talks with Xi a day after meeting Hungary's Orban": the sentence's own
        # talks come first; the meeting after "after" is someone else's.
        return None
    before = sentence[: m.start()]
    if (
        _OWN_MEETING.search(before)
        and find_mentions(before, when=published).named_both
        # "The videoconference … lasted an hour, Ushakov said on Thursday, a day after the
        # talks": the talks are the ones told before.
        and not _AFTER_THE_TALKS.fullmatch(m.group())
    ):
        return None
    back = _COUNT.get((m["en"] or "a").lower(), 1)
    # The event's own date, not the wire dateline's ("MOSCOW, May 10 -- … on Saturday").
    head = WIRE_HEAD.match(sentence)
    found = [(pos, d) for pos, d in dates_in(sentence, published) if d <= published]
    own = [(pos, d) for pos, d in found if not head or pos >= head.end()] or found
    if own and all(
        pos >= m.end() and not _CLAUSE_COMMA.search(sentence, m.end(), pos) for pos, _d in own
    ):
        # "came a day after Putin held talks with Xi on Thursday": the day is the talks' own.
        return MeetingDay(own[0][1], STATED)
    anchors = [d for _pos, d in own]
    if anchors:
        return MeetingDay(anchors[0] - timedelta(days=back), STATED)
    return MeetingDay(published - timedelta(days=back), RELATIVE)


# A day counted from the last date the text stated before: "8日抵达莫斯科。当天，…会谈",
# "On May 8 Xi arrived. The next day…", "в тот же день".
_LEAD_DAY = guarded(words("lead_day"))
_ANCHORED = [
    (guarded(words("same_day"), re.I), 0),
    (guarded(words("next_day"), re.I), 1),
    (guarded(words("day_earlier"), re.I), -1),
]


# "…on Tuesday and the next day held talks": the day counts from the joined clause's.
_JOINED_BEFORE = guarded(rf"{words('joined_clause')}", re.IGNORECASE)
_SPEECH_TODAY = guarded(words("speech_today"))
_SAYING_DAY = guarded(words("saying_day"))
_NAMED_EVENT_DAY = guarded(words("named_event_day"))
_PLANNED_FOR = guarded(words("planned_for"), re.I)
# How far back a speech's "today" may be: a report of last night's banquet, not last year's.
_SPEECH_REACH = 3

# The relative day ends its phrase ("the talks the day before."), not "the day before he flew".
_CLOSED = guarded(rf"\s*(?:[,.;:!?，。；：)]|$|{words('clause_after_day')})")


def speaks_of_today(sentence: str, published: date) -> bool:
    """The only day the sentence names is a speaker's "today" ("普京在致辞中表示，今天，…")."""
    speech = _SPEECH_TODAY.search(sentence)
    return speech is not None and all(
        speech.start() <= pos < speech.end() for pos, _d in dates_in(sentence, published)
    )


def lead_day(sentence: str, lead: list[str], published: date) -> MeetingDay | None:
    """The day the lead tells, for "Earlier in the day" with no day of its own before it."""
    m = _LEAD_DAY.search(sentence)
    if m is None or any(pos < m.start() for pos, _d in dates_in(sentence, published)):
        return None
    for line in lead:
        head = dateline_end(line)
        days = [d for pos, d in dates_in(line, published) if pos >= head and d <= published]
        if days:
            return MeetingDay(days[0], STATED)
    return None


def anchored_day(sentence: str, earlier: list[str], published: date) -> MeetingDay | None:
    """The day a sentence names relative to the last date stated before it ("同日", "the next
    day"), when it states none of its own before that word."""
    if _DAYS_AFTER.search(sentence):
        return None  # "会谈次日来到哈尔滨": the day after the talks is another event's
    if speaks_of_today(sentence, published):
        # "普京在致辞中表示，今天，我同习近平主席进行了会谈" after "3月21日晚，…举行欢迎宴会":
        # the speaker's today is the evening stated before, if it was days ago at most.
        for before in reversed(earlier):
            days = [d for _pos, d in dates_in(before, published) if d <= published]
            if days:
                recent = (published - days[-1]).days <= _SPEECH_REACH
                return MeetingDay(days[-1], STATED) if recent else None
    for pattern, shift in _ANCHORED:
        m = pattern.search(sentence)
        if m is None:
            continue
        if _PLANNED_FOR.search(sentence, max(0, m.start() - 16), m.start()):
            continue  # "formal negotiations scheduled for the following day": a plan's day
        if _RESTATED.match(sentence, m.end()):
            continue  # "峰会开幕前一天，即15日": the date stated after it
        stated = [(pos, d) for pos, d in dates_in(sentence, published) if pos < m.start()]
        own = [d for _pos, d in stated]
        closed = (
            _CLOSED.match(sentence, m.end())
            or _JOINED_BEFORE.search(sentence, max(0, m.start() - 12), m.start())
            # "佩斯科夫17日表示，…前一天", "said on Thursday that … the day before": the saying's.
            or (stated and _SAYING_DAY.match(sentence, stated[-1][0]))
            or (
                stated
                and _SAYING_DAY_BEFORE.search(sentence, max(0, stated[-1][0] - 40), stated[-1][0])
            )
        )
        # Never after the news: "本周早些时候…，时间恰在特朗普就任美国总统次日" on a Friday.
        if own and closed and own[-1] + timedelta(days=shift) <= published:
            # "wrapped up his trip on Wednesday … the talks the day before.": that date's eve.
            return MeetingDay(own[-1] + timedelta(days=shift), STATED)
        if own:
            continue
        for before in reversed(earlier):
            days = [
                d
                for pos, d in dates_in(before, published)
                if d <= published
                and not _ATTRIBUTIVE_DAY_BEFORE.search(before, max(0, pos - 40), pos)
            ]
            if days:
                return MeetingDay(days[-1] + timedelta(days=shift), STATED)
        # "Днём ранее Путин провел переговоры…" with no day before it: the day before the news.
        return MeetingDay(published + timedelta(days=shift), STATED) if shift < 0 else None
    return None


def resolve_meeting_day(
    sentences: list[str],
    published: date | None,
    cue_at: Callable[[str], int | None] | None = None,
) -> MeetingDay | None:
    """The first past date stated in `sentences` (evidence first) and how it was found, else
    the publish date with basis PUBLISHED; None without a publish date.

    A date after publication belongs to a plan, and one more than a year back to history
    ("in 2001 the treaty..."), so both are passed over. With `cue_at` (where a sentence's
    meeting cue stands), the date right after the cue comes first, then the nearest before it:
    "who flew in on Tuesday, met Xi on Wednesday".
    """
    if published is None:
        return None
    local_clock = any(_LOCAL_CLOCK.search(s) for s in sentences)
    guess: MeetingDay | None = None
    # Only a bound: the day a spokesman spoke of the talks, or the day the guest left.
    said: MeetingDay | None = None
    for sentence in sentences:
        if after := _day_before_anchor(sentence, published):
            return after
        # Told in Beijing or Moscow time, the day may be the one after an American dateline's.
        latest = published + timedelta(days=1 if _WEEKDAY_ZONE_AHEAD.search(sentence) else 0)
        found = [
            (pos, day)
            for pos, day in dates_in(sentence, published)
            if published - timedelta(days=366) < day <= latest
            and not _OTHER_EVENTS_DAY.match(sentence, pos)
            and not _NAMED_EVENT_DAY.match(sentence, pos)
            and not (local_clock and _HOME_CLOCK.search(sentence, max(0, pos - 6), pos))
        ]
        # Where the sentence's meeting cue stands, read once: the checks below all need it.
        at = cue_at(sentence) if cue_at is not None else None
        span = _SPAN.search(sentence)
        if at is not None:
            # "прибывший из Тяньцзиня, где в понедельник завершился саммит, провел переговоры":
            # a day inside another event's clause is that event's.
            participial = object_participle_clauses(sentence)
            # «Си Цзиньпин, накануне проведший в Кремле переговоры с Путиным, в субботу наблюдал
            # за парадом»: the cue's own participle clause dates it.
            own = [(s, e) for s, e in participle_clauses(sentence) if s <= at < e]
            found = [hit for hit in found if any(s <= hit[0] < e for s, e in own)] or found
            found = [
                hit
                for hit in found
                if not in_other_clause(_OTHER_CLAUSE, sentence, at, hit[0])
                # "on his first foreign trip since taking office last week": the earlier event's.
                and not in_other_clause(_SINCE_CLAUSE, sentence, at, hit[0])
                # "after formal talks that followed an informal meeting on Monday".
                and not (at < hit[0] and _FOLLOWED_CLAUSE.search(sentence, at, hit[0]))
                # "…dinner on Monday evening, ahead of formal negotiations later on Tuesday".
                and not in_other_clause(_PREVIEW_CLAUSE, sentence, at, hit[0])
                # "с Си Цзиньпином, прибывшим накануне в Узбекистан": the clause's own day.
                and not any(s <= hit[0] < e and not s <= at < e for s, e in participial)
                and not _owned_by_other_noun(sentence, hit[0], at)
                # "провел разговор с председателем КНР и рассказал о вчерашней встрече с
                # Уиткоффом": the day of what was told about.
                # Not "рассказал о ней … в ходе телефонного разговора в пятницу": a call named
                # after the telling is dated there.
                and not (
                    (told := BRIEFING.search(sentence, max(0, at - 60))) is not None
                    and told.start() < hit[0]
                    and not _framed_meeting(sentence, told.end(), hit[0])
                    and (told.start() >= at or _tells_leader_of_other(sentence, told, at, hit[0]))
                )
            ]
        # «Состоявшиеся во вторник переговоры…, заявил в среду Песков»: the saying's day gives
        # way to any other, also one a later line states («Лидеры созвонились в понедельник»).
        own_days = [
            hit
            for hit in found
            if not _SAYING_DAY_BEFORE.search(sentence, max(0, hit[0] - 40), hit[0])
            # "Peskov said Friday's telephone conversation…": the day owns the call.
            or _EN_OWNING_WEEKDAY.match(sentence, hit[0])
        ]
        head_end = dateline_end(sentence)
        if (
            at is not None
            and len(own_days) < len(found)
            and not [hit for hit in own_days if hit[0] >= head_end]
        ):
            said = said or MeetingDay(min(found)[1], RELATIVE)
            continue
        # With no cue of its own, a line's only day may still be the day ("Putin said on
        # Thursday…", as he met Xi).
        found = own_days or found
        # "Xi left Russia on Saturday, wrapping up a visit during which he and Putin pledged…":
        # the day he went home is no day of theirs, only the latest it could be ("left Beijing
        # on Saturday evening … flew in from Tashkent in the morning and held talks").
        stayed = [
            hit
            for hit in found
            if not _DEPARTURE_DAY_BEFORE.search(sentence, max(0, hit[0] - 40), hit[0])
        ]
        if len(stayed) < len(found) and not [hit for hit in stayed if hit[0] >= head_end]:
            # "left Moscow on Saturday at the end of a four-day state visit": from its first day;
            # a dateline beside it is only the filing day.
            pos, left = min(hit for hit in found if hit not in stayed)
            said = said or MeetingDay(first_day_of_ended_trip(sentence, left, pos, at), RELATIVE)
            continue
        found = stayed
        # "Xi and Putin pledge 'new era' of ties; Russian leader heads to Harbin on Friday", «В
        # среду они вместе посетят парад»: a day in a clause told in the future is ahead.
        found = [hit for hit in found if not told_ahead(sentence, at, hit[0])]
        head = WIRE_HEAD.match(sentence) or _ZH_DATELINE.match(sentence)
        after_head = [d for pos, d in found if head and pos >= head.end()]
        if after_head and at is None and (not span or not _inside_span(span, found[0][1])):
            # "人民网莫斯科3月22日电 昨天上午，克里姆林宫…" over the talks: a scene's day before
            # the dateline's, which is the filing day; so is a day on or after a span's last, a
            # summary filed as the trip ends ("莫斯科5月10日电 5月7日至10日，…国事访问"), not
            # one inside it (a joint statement "莫斯科5月8日电", on the day of the talks).
            found = [hit for hit in found if hit[0] >= head.end()]
        # "习近平与普京北京会谈 今天共同出席阅兵": a headline's part with no talks of its own dates
        # something else.
        found = [hit for hit in found if not part_without_talks(sentence, hit[0])]
        if at is None:
            # "The call, the first since Russian troops invaded Ukraine on Thursday": the day
            # a count runs from is the earlier event's, wherever the cue is.
            found = [hit for hit in found if not _in_since_clause(sentence, hit[0])]
        if at is None and len(found) > 1:
            # "Xi, who flew into Moscow on Wednesday evening, spent Thursday in the Kremlin": the
            # clause about him dates his arrival, the rest of the sentence the day.
            found = [hit for hit in found if not in_person_clause(sentence, hit[0])] or found
        # A span ("9月14日至16日", "May 16-17") is read from its first day.
        if len(found) > 1 and not span and at is not None:
            found.sort(key=lambda hit: nearness(sentence, at, hit[0]))
        if span and at is None:
            # "ended on Wednesday a visit that ran from Monday to Wednesday", talks told apart:
            # a trip summary is dated from its span's first day.
            found = [hit for hit in found if span.start() <= hit[0] < span.end()] or found
        if not found:
            continue
        day = MeetingDay(found[0][1], _basis(sentence))
        # «Вчера глава государства завершил двухдневный визит в КНР»: it began the day before.
        if (
            len({d for _pos, d in found}) == 1
            and (first := first_day_of_ended_trip(sentence, day.date, found[0][0], at)) != day.date
        ):
            day = MeetingDay(first, RELATIVE)
        periodic = _in_period(sentence, found[0][0])
        exact = next((d for pos, d in found if not _in_period(sentence, pos)), None)
        if periodic and exact and abs(exact - day.date).days < 7:
            # "a visit to Moscow earlier this week, during which he held talks … on Monday": the
            # sentence's own day in that week makes the period exact.
            day, periodic = MeetingDay(exact, _basis(sentence)), False
        if not periodic:
            return day if guess is None or abs(guess.date - day.date) < timedelta(days=7) else guess
        if guess is None:
            # "in last week's video talks … during Friday's video conference": a period's day
            # is a guess that a day stated further on, in that week, makes exact.
            guess = day
    return guess or said or MeetingDay(published, PUBLISHED)


_FOLLOWED_CLAUSE = guarded(words("followed_clause"), re.IGNORECASE)

# A space between Chinese words parts a headline: "习近平与普京北京会谈 今天共同出席阅兵".
# Not a wire's dateline ("新华社莫斯科3月21日电 国家主席…"): the filing day is no headline part.
_HEADLINE_PART_BREAK = guarded(r"(?<=[\u4e00-\u9fff])(?<!电)\s+(?=[\u4e00-\u9fff])")


def part_without_talks(sentence: str, pos: int) -> bool:
    """Position `pos` lies in a headline part that names no interaction, and another part does."""
    edges = [0, *(m.start() for m in _HEADLINE_PART_BREAK.finditer(sentence)), len(sentence)]
    parts = [sentence[a:b] for a, b in pairwise(edges)]
    if len(parts) < 2:
        return False
    at = next(k for k, b in enumerate(edges[1:]) if pos < b or b == len(sentence))
    talks = [bool(_OWN_MEETING.search(part)) for part in parts]
    return not talks[at] and any(talks)


# The clock of the capital beside the clock where they met: the local day is the meeting's.
_HOME_CLOCK = guarded(words("home_clock"))
_LOCAL_CLOCK = guarded(words("local_clock"))


# A Chinese wire's dateline: "新华社北京5月16日电", "人民网莫斯科3月22日电".
_ZH_DATELINE = guarded(r"^[^，。\s]{0,20}?\d{1,2}月\d{1,2}日电")


# A Taiwan or Hong Kong wire's head names only the day: "（中央社記者莫斯科21日專電）".
_ZH_DAY_DATELINE = guarded(
    r"^[（(][^（）()]{0,30}?(\d{1,2})日[^（）()]{0,14}?(?:电|電|报导|報導|报道|報道)[）)]"
)


_OWN_DISPATCH = ("本报", "本報")


def wire_day(text: str, published: date) -> date | None:
    """The day an agency's dateline names, when it is the day before or after publication: the
    wire's own "today" (filed in Moscow on the 21st, published on the 22nd), else None."""
    head = text.lstrip()[:80]
    if head.startswith(_OWN_DISPATCH):
        # "本报杭州9月4日电 …昨天": a paper's own dispatch speaks to the reader of its edition.
        return None
    if found := _ZH_DAY_DATELINE.match(head):
        days = [published + timedelta(days=step) for step in (-1, 1)]
        return next((d for d in days if d.day == int(found[1])), None)
    head_match = WIRE_HEAD.match(head) or _ZH_DATELINE.match(head)
    named = dates_in(head_match.group(), published) if head_match else []
    day = named[0][1] if named else None
    return day if day and abs((day - published).days) == 1 else None


def dateline_end(sentence: str) -> int:
    """Where a wire's dateline ("MOSCOW, May 10 (Xinhua) --", "新华社北京5月16日电") ends, else 0:
    its day is the filing day."""
    head = WIRE_HEAD.match(sentence) or _ZH_DATELINE.match(sentence)
    return head.end() if head else 0


# "Friday's Victory Day celebrations": the day of what the possessive owns, unless that is the
# meeting ("Tuesday's talks", "Monday's one-on-one dinner").
_OTHER_EVENTS_DAY = guarded(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s\s+(?!(?:[\w-]+\s+){0,2}?"
    r"(?:talks|meeting|call|conversation|(?:video ?)?conference|summit|visit|trip|dinner|lunch"
    r"|breakfast|tea|chat)\b)"
)


# A clause about another thing or event: ", где в понедельник завершился саммит", ", where".
# A comma before an adjective goes on with the clause: «где вчера у нас были очень
# содержательные, подробные переговоры».
_OTHER_CLAUSE = guarded(
    rf",\s*{words('where_or_when')}\b[^,;]*(?:,\s*{words('adjective_goes_on')}[^,;]*)*",
    re.IGNORECASE,
)
_SINCE_CLAUSE = guarded(rf"{words('since_word')}[^,;]*", re.IGNORECASE)


def _in_since_clause(sentence: str, pos: int) -> bool:
    """Position `pos` lies in a "since" clause ("the first since troops invaded on Thursday")."""
    return any(m.start() <= pos < m.end() for m in _SINCE_CLAUSE.finditer(sentence))


_PREVIEW_CLAUSE = guarded(rf"\b{words('preview')}\b[^,;]*", re.IGNORECASE)


def _owned_by_other_noun(sentence: str, pos: int, at: int) -> bool:
    """A day after a participle is the day of the noun that follows it: «по телефону
    проинформировал … об итогах состоявшейся накануне беседы» does not date the call before it."""
    before = _PRENOMINAL.search(sentence, 0, pos)
    return bool(before and may_be_participle(before.group(1))) and at < before.start(1)


# A participle before the noun, not one opening a clause after a comma ("Переговоры…,
# прошедшие накануне"), which tells the day of what stands before it.
_PRENOMINAL = re.compile(r"(?<![,\s])\s+([А-Яа-яЁё]+)\s*$")


def resolve_meeting_date(sentences: list[str], published: date | None) -> date | None:
    """The day of resolve_meeting_day, without how it was found."""
    day = resolve_meeting_day(sentences, published)
    return day.date if day else None
