"""Which reports are about the same meeting, and what a report that leaves out the day or the
place reads from its meeting: the rules the Meeting table and `meetwire classify` share."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from worker.classify.classifier import Classification, ClassifyInput, host_of
from worker.classify.dates import PUBLISHED, STATED
from worker.classify.labels import LABEL_OF_MODE, MODE_OF_LABEL, is_meeting
from worker.classify.places import place_for

# A two- or three-day state visit is one meeting; coverage dated by its second or third day
# (or by a publisher a time zone away) still lands on the same row.
LINK_WINDOW_DAYS = 2
# A report whose day is not stated (a weekly round-up, a trip summary, "last week") is about a
# meeting of the past week: its publish date is the anchor and the meeting may end this many
# days before it. Weekly programmes cover seven days.
RECAP_DAYS = 7


@dataclass(frozen=True)
class MeetingKey:
    """What decides that two reports are about the same meeting."""

    mode: str
    date: date
    city: str | None = None
    end_date: date | None = None
    basis: str = STATED  # how the report's date was found: stated, relative, published
    published: date | None = None  # the report's publish date: the anchor of an unstated day
    # False when the report does not say how they met (in person is assumed): it may then join
    # a video link or a call of that day.
    mode_known: bool = True

    @property
    def last(self) -> date:
        return self.end_date or self.date


def same_meeting(a: MeetingKey, b: MeetingKey) -> bool:
    """Same mode, dates within two days (of a span), and the same city for in-person meetings.

    An in-person report without a city matches on mode and date alone: "Xi and Putin met" on
    the day of a Moscow visit is that visit. A report `b` whose day is not stated matches a
    meeting that ends within RECAP_DAYS before its publish date.
    """
    if a.mode != b.mode:
        return False
    window = timedelta(days=LINK_WINDOW_DAYS)
    if b.basis != STATED:
        anchor = b.published or b.date
        if a.last < anchor - timedelta(days=RECAP_DAYS) or a.date > anchor + window:
            return False
    elif b.date > a.last + window or a.date > b.last + window:
        return False
    if a.mode == "in_person" and a.city and b.city:
        return a.city == b.city
    return True


def meetings_for(meetings: list[MeetingKey], key: MeetingKey) -> list[int]:
    """Indexes of the meetings a report fits: of its own mode, else (when the report does not
    say the mode) of any mode."""
    fits = [i for i, m in enumerate(meetings) if same_meeting(m, key)]
    if fits or key.mode_known:
        return fits
    return [i for i, m in enumerate(meetings) if same_meeting(m, replace(key, mode=m.mode))]


def adopted_day(meeting: MeetingKey, day: date, basis: str | None) -> date:
    """The day a linked report reads: its own when stated or inside the meeting's span; the
    day after the span when only its publish date says so (a visit's next-day news); else,
    for a recap, the meeting's first day."""
    if basis == STATED or meeting.date <= day <= meeting.last:
        return day
    if basis == PUBLISHED and day == meeting.last + timedelta(days=1):
        return day
    return meeting.date


def widened(meeting: MeetingKey, key: MeetingKey) -> MeetingKey:
    """The meeting stretched by a report's stated day, with the city it lacked."""
    first, last = meeting.date, meeting.last
    if key.basis == STATED:
        first, last = min(first, key.date), max(last, key.date)
    end = last if last != first else None
    return MeetingKey(meeting.mode, first, meeting.city or key.city, end)


def key_of_result(result: Classification, published: date | None) -> MeetingKey | None:
    """The meeting key of a classification, or None when it reports no meeting with a day."""
    mode = MODE_OF_LABEL.get(result.label)
    if mode is None or result.meeting_date is None:
        return None
    return MeetingKey(
        mode,
        result.meeting_date,
        result.meeting_city,
        basis=result.date_basis or STATED,
        published=published or result.meeting_date,
        mode_known=result.mode_stated,
    )


def cluster_meetings(keys: list[MeetingKey | None]) -> tuple[list[int | None], list[MeetingKey]]:
    """The meeting index of each key, taken in the given order (the order of arrival), and the
    meetings, widened by stated days and filled as the Meeting table is. Reports that do not
    say the mode come last, so that they can find the video link or call they were."""
    meetings: list[MeetingKey] = []
    out: list[int | None] = [None] * len(keys)
    known = [at for at, key in enumerate(keys) if key is not None and key.mode_known]
    unknown = [at for at, key in enumerate(keys) if key is not None and not key.mode_known]
    for at in known + unknown:
        key = keys[at]
        fits = meetings_for(meetings, key)
        if not fits:
            meetings.append(MeetingKey(key.mode, key.date, key.city))
            out[at] = len(meetings) - 1
            continue
        # A stated day takes the first meeting it fits; a recap the latest one before it.
        i = fits[0] if key.basis == STATED else max(fits, key=lambda j: meetings[j].date)
        meetings[i] = widened(meetings[i], key)
        out[at] = i
    return out, meetings


def cluster_by_arrival(
    keys: list[MeetingKey | None], published: list[date | None]
) -> tuple[list[int | None], list[MeetingKey]]:
    """cluster_meetings over reports taken in publication order (undated last), as they reach
    the Meeting table; the meeting index of each report in the given order, and the meetings."""
    order = sorted(range(len(keys)), key=lambda i: published[i] or date.max)
    ids, meetings = cluster_meetings([keys[i] for i in order])
    by_row: list[int | None] = [None] * len(keys)
    for pos, i in enumerate(order):
        by_row[i] = ids[pos]
    return by_row, meetings


def link_batch(
    docs: list[ClassifyInput], results: list[Classification]
) -> list[tuple[int | None, Classification]]:
    """Link a batch's reports to meetings as the pipeline does, without a database: each result
    with the index of its meeting in the batch, and the day, place and occasion it left out
    read from that meeting."""
    published = [doc.published for doc in docs]
    keys = [key_of_result(r, day) for r, day in zip(results, published, strict=True)]
    by_row, meetings = cluster_by_arrival(keys, published)
    occasions: dict[int, str] = {}
    for i in sorted(range(len(docs)), key=lambda i: published[i] or date.max):
        if by_row[i] is not None and results[i].occasion:
            occasions.setdefault(by_row[i], results[i].occasion)
    return [
        (i, result if i is None else _adopt(result, meetings[i], occasions.get(i)))
        for i, result in zip(by_row, results, strict=True)
    ]


def _adopt(result: Classification, meeting: MeetingKey, occasion: str | None) -> Classification:
    """What a report reads from its meeting: a day it did not state, a place, an occasion."""
    changes: dict = {
        "meeting_date": adopted_day(meeting, result.meeting_date, result.date_basis),
        "occasion": result.occasion or occasion,
    }
    label = LABEL_OF_MODE[meeting.mode]
    if label != result.label:
        # "Xi and Putin held talks" on the day of their video call: that call.
        changes.update(label=label, is_meeting=is_meeting(label))
    if result.meeting_city is None and meeting.city:
        place = place_for(meeting.city)
        changes["meeting_city"] = meeting.city
        changes["meeting_country"] = place.country if place else None
        changes["host"] = result.host or host_of(place)
    return replace(result, **changes)
