"""Decide whether an article reports a Xi–Putin meeting, and which one: rules over sentences."""

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, cached_property, partial
from itertools import islice

from worker.classify.cues import Lexicon, lexicon_for, without_yo, words
from worker.classify.dates import (
    PUBLISHED,
    RELATIVE,
    STATED,
    MeetingDay,
    anchored_day,
    dateline_end,
    dates_in,
    falls_on,
    first_day_of_ended_trip,
    lead_day,
    month_number,
    part_without_talks,
    resolve_meeting_day,
    season_of,
    speaks_of_today,
    wire_day,
)
from worker.classify.guard import guarded
from worker.classify.labels import LABEL_OF_MODE, MODE_OF_LABEL, is_meeting
from worker.classify.morphology import (
    future_verb,
    participle_clauses,
    past_verb,
    plural_past_verb,
)
from worker.classify.names import (
    AT_KREMLIN,
    CHINA,
    INVITATION,
    MEETING_OF_THE_TWO,
    PAIR,
    PUTIN_NAME,
    PUTIN_TITLE,
    PUTIN_VISITS_CHINA,
    RUSSIA,
    TO_CHINA,
    TO_RUSSIA,
    XI_NAME,
    XI_PRESIDENT,
    XI_TITLE,
    XI_VISITS_RUSSIA,
    Mentions,
    find_mentions,
    putin_is_president,
)
from worker.classify.occasions import (
    FIXED_VENUES,
    find_occasion,
    names_rotating_summit,
    summit_host,
)
from worker.classify.places import (
    DATELINE,
    Place,
    capital_of_named_country,
    find_places,
    is_header_line,
    lead_place,
    place_for,
    resolve_place,
)
from worker.classify.script import to_simplified
from worker.classify.sentences import (
    BRIEFING,
    MAX_CHARS,
    WIRE_HEAD,
    markup_as_lines,
    normalise_spaces,
    split_sentences,
    strip_page_furniture,
    strip_related_blocks,
)
from worker.classify.tokens import TokenPattern

CLASSIFIER_VERSION = "rules-2026.12.07zo"
# A report dated further back than this is history recalled, not news (trip summaries and
# weekly round-ups stay within a week of the meeting).
RECENT_DAYS = 7
_INTERVIEW = guarded(words("interview"), re.IGNORECASE)
_PREVIEW_TITLE = guarded(words("preview_title"), re.IGNORECASE)
_EXPLAINER_TITLE = guarded(words("explainer_title"), re.IGNORECASE)
_PUTIN_SPELLING = guarded(words("putin_spelling"))
_EVE = guarded(words("eve_of_told"))
_RETRACTED = guarded(words("retracted"))
_ACT_AS_NOUN = guarded(words("act_as_noun"))
_TOLD_ABOUT = guarded(words("told_about"), re.IGNORECASE)
_FIRST_SINCE = guarded(words("first_since"))
_TRIP_ENDED = guarded(words("trip_ended"), re.IGNORECASE)
# A speaker's "when we met…" opening his words: a time he recalls, not the news.
_RECOLLECTION = guarded(words("recollection_when"))
_ALSO = guarded(words("also"), re.IGNORECASE)
# A clause about a person: ", who held talks with Xi…", «, который встречался с Си…».
_PERSON_CLAUSE = guarded(rf",\s*{words('relative_person')}\b[^,;]*")
_VISITOR_PURPOSE = guarded(words("visitor_purpose"))
_NAME_BEFORE = guarded(r"\b[A-ZА-ЯЁ][\w-]*[a-zа-яё][\w-]*\s*$")
_DOCUMENT = guarded(words("document"), re.I)
_YEAR = guarded(r"(?<!\d)((?:19|20)\d\d)(?=年|\s+год|\b)")
# Greetings and embraces happen at arrival ceremonies too: they imply a meeting, weakly.
_WEAK_CUE = guarded(words("greeting"), re.IGNORECASE)
# A welcome ceremony held is a meeting in person, not a mere greeting; not one at the airport,
# which officials hold.
_CEREMONY = guarded(words("ceremony"), re.IGNORECASE)
_AIRPORT = guarded(words("airport"), re.IGNORECASE)

# The interaction named as a thing, not done by anyone ("Xi-Putin meeting", 会谈, переговоры).
_NOUN_CUE = guarded(words("interaction_noun"), re.IGNORECASE)

# A verb that holds the talks now: "Xi, Putin hold talks" reports them, "Putin-Xi talks" only
# names them.
_HOLDING = guarded(words("holding_verb"), re.IGNORECASE)

# An opening "As ..." or "While ..." clause sets the scene for the sentence's own news.
_SCENE = guarded(rf"\s*(?:{words('scene_opening')})\b[^,;:]*[,;:]")


# A cue that names the telephone itself, not only speaking ("spoke with", "разговор").
_SAYS_PHONE = guarded(words("telephone"), re.IGNORECASE)

# Messages, letters and telegrams are contact but not a meeting or a call.
_MESSAGE = guarded(words("message"), re.IGNORECASE)


@dataclass(frozen=True)
class ClassifyInput:
    """One article as the classifier sees it: title, body and what is known about it."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: date | None = None
    language: str | None = None
    publisher: str | None = None

    @classmethod
    def from_record(cls, record: dict) -> "ClassifyInput":
        """From a JSON object (`id`, `title`, `text`, optional `url`, `published`, `language`,
        `publisher`); ValueError names a field of the wrong kind."""
        for key in ("title", "text"):
            if not isinstance(record.get(key) or "", str):
                raise ValueError(f"`{key}` must be a string")
        published = record.get("published")
        try:
            day = date.fromisoformat(published[:10]) if published else None
        except (TypeError, ValueError) as exc:
            raise ValueError(f"`published` is not an ISO date: {published!r}") from exc
        return cls(
            id=str(record.get("id", "")),
            title=record.get("title") or "",
            text=record.get("text") or "",
            url=record.get("url"),
            published=day,
            language=record.get("language"),
            publisher=record.get("publisher"),
        )


@dataclass(frozen=True)
class Classification:
    """The label, its score and evidence, and the meeting's details when one is reported."""

    label: str
    is_meeting: bool
    score: float
    meeting_date: date | None
    meeting_city: str | None
    meeting_country: str | None
    occasion: str | None
    host: str | None
    evidence: list[str] = field(default_factory=list)
    # False when the text does not say how they met ("held talks", no place): in person is
    # assumed, and linking may find it was a video link or a call. Not stored.
    mode_stated: bool = True
    # How meeting_date was found: "stated", "relative" (a period or a trip's span) or
    # "published" (the publish date stands in); None without a date. Linking reads it; not stored.
    date_basis: str | None = None
    # Why: "<decision>:<detail>:<cue>", e.g. "report:phone:direct:通电话", "plan:will visit",
    # "mention:history:twice", "unrelated:one-leader". Machine-readable; see docs/classifier.md.
    rule: str = ""

    @property
    def mode(self) -> str | None:
        """in_person, video or phone for the three interaction labels, else None."""
        return MODE_OF_LABEL.get(self.label)


@dataclass(frozen=True)
class Reading:
    """What one sentence says about the two leaders."""

    text: str
    # report | plan, or why it is not one: denied | history | other_party | summit | message
    # | backdrop | wish
    kind: str
    mode: str | None  # in_person | video | phone | None when the sentence does not say
    direct: bool  # both named (not only "the two leaders")
    strong: bool = True  # said in so many words (met, talks, call), not only implied
    # The mode is said, not assumed: a call, a video link, or an in-person cue ("met", "in
    # person", "at the Kremlin"), not only "talks", which are held by video link too.
    mode_said: bool = False
    cue: str = ""  # the words that decided the reading

    @property
    def counts(self) -> bool:
        """A report or a plan: the readings that can make a label."""
        return self.kind in ("report", "plan")


# A summit held by video link: "BRICS leaders hold virtual summit", видеосаммит, 视频峰会.
# A meeting told as held in person, the word beside the verb.
_FACE_TO_FACE = guarded(
    rf"\b(?:{words('met')})\s+(?:{words('in_person')})\b|{words('in_person_met')}"
)


def _future_before(lex: Lexicon, clean: str, at: int, reach: int = 40) -> bool:
    """A future tense governs what stands at `at`, in its clause: "проведет около 20
    двусторонних встреч"; not "即将过去的一年，我们两度举行会晤"."""
    start = max(
        [max(0, at - reach)]
        + [b.end() for b in _CLAUSE_BREAK.finditer(clean, max(0, at - reach), at)]
    )
    return bool(lex.future.search(clean, start, at)) or (
        lex.language == "ru" and future_verb(clean, start, at) is not None
    )


def _future_act(lex: Lexicon, clean: str, act: re.Match[str]) -> bool:
    """The act is in the future tense ("will attend", "said he would attend", «примет участие»)."""
    start = max(0, act.start() - 20)
    return bool(
        lex.future.search(clean, start, act.end())
        or _INVITED.search(clean, start, act.start())
        or _FUTURE_IN_PAST.search(clean, start, act.start())
    ) or (lex.language == "ru" and future_verb(clean, start, act.end()) is not None)


_FUTURE_IN_PAST = guarded(words("future_in_past"), re.IGNORECASE)
_NEXT_YEAR = guarded(words("next_year"), re.IGNORECASE)
_FORECAST = guarded(words("forecast"))
_POSSIBLE = guarded(words("possibility"), re.IGNORECASE)
_POSSIBLE_BEFORE = guarded(rf"(?:{words('possible_before')})$", re.IGNORECASE)


# "the summit, which was attended by Xi, Putin, Singh and Rousseff": the guests of a session.
_ATTENDED_BY = guarded(words("attended_by"))
_VIDEO_SUMMIT = guarded(words("video_summit"), re.IGNORECASE)
# Video as a manner of taking part ("by video link", «в режиме видеоконференции»), not a noun.
_MANNER_VIDEO = guarded(rf"\s*{words('manner_video')}", re.IGNORECASE)
# Right after the video cue: the link carries a speech to an audience ("by video link to the
# Valdai club", «по видеосвязи на заседании», 视频连线出席年会).
_VIDEO_AUDIENCE = guarded(words("video_audience"), re.IGNORECASE)


def _cue_with_other(lex: Lexicon, clean: str, cue: re.Match[str]) -> bool:
    """The cue's partner, right after it, is someone else: "In two-hour call with Trump, Putin
    says ties with Xi's China…"."""
    if _leader_names(cue.group()):
        return False  # "рассказал Си Цзиньпину о встрече со Уиткоффом": the cue has its partner
    if lex.other_party.search(clean, cue.start(), cue.end()):
        return True  # "hosted North Korea's leader Kim Jong-un for talks": the guest is in the cue
    after = _WITH_AFTER.match(clean, cue.end())
    other = after and lex.other_party.match(clean, after.end())
    if after and not other and len(after.group().split()) == 1:
        # "held talks with North Korea's Kim Jong Un": the partner after a country's name
        # (not "by phone on talks with Witkoff": those are the topic's).
        near = lex.other_party.search(clean, after.end(), after.end() + 30)
        other = (
            near
            if near
            and not re.search(r"[,;:]", clean[after.end() : near.start()])
            and not any(after.end() <= n.start() < near.start() for n in _leader_names(clean))
            else None
        )
    if not other and (_ENDS_WITH.search(cue.group()) or lex.language == "zh"):
        # "Xi and Putin each hold calls with Lula", "Xi spoke to Zelenskiy": the cue ends on its
        # "with" or "to".
        start = len(clean) - len(clean[cue.end() :].lstrip())
        named = lex.other_party.search(clean, start, start + 30)
        other = lex.other_party.match(clean, start) or (
            # "to meet Donald Trump", "会见印度总理莫迪": a first name or a country before the
            # one the lexicon knows.
            named
            if named
            and _BEFORE_KNOWN_NAME.fullmatch(clean, start, named.start())
            and not _leader_names(clean[start : named.start()])
            else None
        )
    if other and any(
        _LIST_NEXT.fullmatch(clean[other.end() : n.start()])
        for n in _leader_names(clean)
        if other.end() <= n.start() <= other.end() + 40
    ):
        # "先后会见了印度总理莫迪和中国国家主席习近平": the other leader is a partner too.
        return False
    return bool(other)


# The rest of a partner's name and the joining word to the next partner, with his titles.
_LIST_NEXT = guarded(
    rf"[^.;:。；，、]{{0,20}}?(?:{words('partner_and')})\s*(?:{words('listed_title')}\s*){{0,3}}"
)


_BEFORE_KNOWN_NAME = guarded(r"(?:[A-ZА-ЯЁ][\w.'’-]*\s+){1,2}|[\u4e00-\u9fff]{1,6}")


_ENDS_WITH = guarded(rf"\b(?:{words('with')}|{words('to_partner')})$")


# "with X", and the passive's agent: "was met by Chinese officials".
_WITH_AFTER = guarded(
    rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{words('with')}|{words('by')})\s+(?:[\w.-]+\s+){{0,4}}?(?=\w)",
    re.IGNORECASE,  # "Putin Holds Talks With Kim Jong-un" in a headline
)


_POSSESSIVE = guarded(r"['’]s\b")


def _joint_subjects(clean: str, cue: re.Match[str], *, object_follows: bool = False) -> bool:
    """A joint act ("signed", "agreed", "discussed") has a leader before it, and neither leader
    is named only as an owner ("Putin's war budget")."""
    names = _leader_names(clean)
    if names and not _leader_names(_without_clauses(clean)):
        # «Министры сослались на подходы, сформулированные Путиным и Си, и договорились»: the
        # two stand only in a clause about something else.
        return False
    # The act may take them right after it: "in the presence of Putin and Xi", «по команде».
    taken = any(
        0 <= n.start() - cue.end() <= 25 and not _CLAUSE_BREAK.search(clean, cue.end(), n.start())
        for n in names
    )
    # "They" in someone else's words ("Trump said they discussed…") may be the speaker and one.
    they = not _SPEECH_FRAME.match(clean) and _THEY.search(clean, 0, cue.start())
    if not (
        taken
        or they
        or any(n.start() <= cue.start() for n in names)
        or _PAIR_BEFORE.search(clean, 0, cue.start())
        # "The Russian and Chinese leaders signed a joint statement".
        or PAIR.search(clean, 0, cue.start())
    ):
        return False
    if names and _SPEAKER_AND.search(clean, max(0, names[0].start() - 30), names[0].start()):
        return False  # "Trump says he and the Chinese leader agreed": the speaker's act
    xi = _xi_spans(clean)
    before = [n for n in names if n.start() <= cue.start()]
    if (
        # English puts an object after its verb: a leader before the act, not joined to the
        # first, is another verb's object ("Putin calls Xi 'a friend', rejects…").
        object_follows
        and not taken
        and not they
        and len({n.span() in xi for n in before}) == 2
        and not PAIR.search(clean, 0, cue.start())
        # "Putin and his Chinese counterpart Xi" is read as one span holding both.
        and not any(a.start() <= b.start() < a.end() for a in before for b in before if a is not b)
        and not any(
            _CONJOINED.search(clean, max(0, n.start() - 40), n.start())
            for n in before[1:]
            if (n.span() in xi) != (before[0].span() in xi)
        )
    ):
        # "Putin calls Xi 'a reliable friend' at Valdai, rejects alliance claims": the other
        # stands as the object of another verb, not beside the doer.
        before = [n for n in before if (n.span() in xi) == (before[0].span() in xi)]
        if not any(n.start() > cue.end() for n in names):
            return False
    doers = {n.span() in xi for n in before}
    later = [n for n in names if n.start() > cue.end() and (n.span() in xi) not in doers]
    if (
        len(doers) == 1
        and later
        and all(_NEXT_CLAUSE.search(clean, cue.end(), n.start()) for n in later)
    ):
        # "Xi declared the Games open as Putin watched": the other only in a clause of his own.
        return False
    if (
        len(doers) == 1
        and later
        and not taken
        # "awarded Vladimir Putin the friendship medal": the other inside the act's own words.
        and not any(cue.start() <= n.start() < cue.end() for n in names)
        and not any(_JOINED.search(clean, max(0, n.start() - 40), n.start()) for n in later)
    ):
        # "Putin rejected suggestions…, telling the Valdai club that Xi was a true friend": one
        # doer, and the other named in what he said, not as his partner.
        return False
    # Who is named only as an owner, or as a title after "as" ("Putin hails Xi's re-election as
    # Chinese president"); "Xi Jinping and Putin exchanged gifts …, on Xi's trip" names a doer.
    owners = {n.span() in xi for n in names if _POSSESSIVE.match(clean, n.end())}
    return not any(
        all(
            _POSSESSIVE.match(clean, m.end()) or _AS_TITLE.search(clean, 0, m.start())
            for m in names
            if (m.span() in xi) == o
        )
        for o in owners
    )


_PAIR_BEFORE = guarded(words("both_parties"), re.IGNORECASE)
_AS_TITLE = guarded(r"\bas\s+$")
# The second of two doers joined to the first: "Xi and Putin", "Xi, Putin", "习近平同普京".
_CONJOINED = guarded(
    rf"(?:{words('and')}|&|,|{words('with')}|{words('with_unspaced')})\s*"
    rf"(?:(?:{words('joined_title')}|{words('counterpart_words')})\s*){{0,4}}$",
    re.IGNORECASE,
)
# "he and the Chinese leader", «он и председатель КНР»: someone else is the other doer.
_SPEAKER_AND = guarded(
    rf"\b{words('he_or_she')}\s+{words('and')}\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE
)
_WITH_NEXT = guarded(rf"\s+{words('with')}\s+")
# Agreed or due to meet: "greeted on the tarmac by officials … is due to hold talks with Xi".
_AGREED_TO = guarded(words("agreed_to_meet"), re.IGNORECASE)
_DEFINITE = guarded(rf"{words('definite')}\b", re.IGNORECASE)
# "after Saturday's meeting": the cue's determiner stands right before it.
_DEFINITE_BEFORE = guarded(rf"\b{words('definite')}\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _names_near(clean: str, cue: re.Match[str], reach: int = 40) -> bool:
    """A leader is named within `reach` characters of the cue, in its clause ("…his influence
    with Putin, but the readout of the talks" names nobody near the talks)."""
    return any(
        n.end() >= cue.start() - reach
        and n.start() <= cue.end() + reach
        and not _CLAUSE_BREAK.search(clean, min(n.end(), cue.end()), max(n.start(), cue.start()))
        for n in _leader_names(clean)
    )


def _partner_not_leader(clean: str, cue: re.Match[str]) -> bool:
    """The words after the cue name a partner ("with students"), and not one of the two."""
    after = _WITH_NEXT.match(clean, cue.end())
    return after is not None and not _leader_names(clean[after.end() : after.end() + 40])


_OBJECT_NEXT = guarded(r"\s+(?:the\s+)?")


def _meets_other_party(lex: Lexicon, clean: str, cue: re.Match[str]) -> bool:
    """The cue's object is someone else, with no leader beside him ("as he meets Russian upper
    house speaker", "met Indian Prime Minister Narendra Modi")."""
    after = _OBJECT_NEXT.match(clean, cue.end())
    return (
        after is not None
        and lex.other_party.match(clean, after.end()) is not None
        and not _leader_names(clean[after.end() : after.end() + 60])
    )


_CO_SUBJECT = guarded(words("co_subject_and"))


def _with_someone_else(lex: Lexicon, sentence: str) -> bool:
    """A leader and someone else named as one subject ("Владимир Путин и Президент Монголии
    сделали заявления"): what the sentence did, the two of them did."""
    return any(
        (joint := _CO_SUBJECT.match(sentence, name.end()))
        and lex.other_party.match(sentence, joint.end())
        for name in _leader_names(sentence)
    )


def _met_someone_else(sentence: str, cue: str) -> bool:
    """The cue stands in `sentence` with a partner after it who is neither leader."""
    found = re.search(re.escape(cue), sentence) if cue else None
    return found is not None and _partner_not_leader(sentence, found)


def _plans(lex: Lexicon, clause: str) -> bool:
    """A clause of its own plans: a future, or a plan word outside a setting, and nothing done."""
    return not lex.done.search(clause) and bool(
        lex.future.search(clause) or (lex.plan.search(clause) and not lex.setting.search(clause))
    )


def _their_clause(lex: Lexicon, sentence: str) -> str | None:
    """The clause holding Xi and Putin together, when the sentence's other clauses name someone
    else and this one does not (None otherwise)."""
    span = _linked_span(lex, sentence)
    if span is None:
        return _chained_clause(lex, sentence)
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, span[0])), default=0)
    stop = _CLAUSE_BREAK.search(sentence, span[1])
    clause = sentence[start : stop.start() if stop else len(sentence)]
    if clause == sentence or lex.other_party.search(clause) or not _has_cue(lex, clause):
        return None
    return clause


def _linked(lex: Lexicon, sentence: str) -> bool:
    """True when Xi and Putin stand together in one clause with nobody else between them:
    "Xi and Putin", "Xi met Putin", "习近平同普京", "Путин и Си Цзиньпин"."""
    return _linked_span(lex, sentence) is not None or _chained_clause(lex, sentence) is not None


_ZH_WITH_PARTNER = guarded(r"[同与和][^，。；同与和]{0,12}$")


def _chained_clause(lex: Lexicon, sentence: str) -> str | None:
    """In Chinese, a later clause with no subject of its own that meets the other leader, after
    a sentence opening on one of them ("习近平在阿斯塔纳同纳扎尔巴耶夫会谈，8日在莫斯科同普京会谈"):
    that clause (None otherwise)."""
    if lex.language != "zh":
        return None
    # Clauses, and a list's next meeting ("同米尔济约耶夫会谈、同普京会晤").
    clauses = re.split(r"[，,]|、(?=[同与])", sentence)
    # The first clause naming a leader, after an opening adverb ("此前，").
    named = [k for k, c in enumerate(clauses[:2]) if XI_NAME.search(c) or PUTIN_NAME.search(c)]
    at = named[0] if named else None
    if at is None:
        return None
    head = clauses[at]
    opener = next((m for rx in (XI_NAME, PUTIN_NAME) for m in [rx.search(head)] if m), None)
    if opener is None or opener.start() > 12 or lex.other_party.search(head, 0, opener.start()):
        return None
    other = PUTIN_NAME if XI_NAME.search(head) else XI_NAME
    if other.search(head):
        return None
    for clause in clauses[at + 1 :]:
        partner = other.search(clause)
        if (
            partner
            and _ZH_SUBJECTLESS.match(clause)
            # "同中国国家主席习近平": the partner after 同/与, his titles between.
            and _ZH_WITH_PARTNER.search(clause, 0, partner.start())
            and _has_cue(lex, clause[partner.end() :])
            # "23日同普京、额勒贝格道尔吉举行中俄蒙元首会晤": a trilateral is theirs too.
            and (not lex.other_party.search(clause) or lex.trilateral.search(clause))
        ):
            return clause
    return None


def _linked_span(lex: Lexicon, sentence: str) -> tuple[int, int] | None:
    """Where Xi and Putin stand together in one clause with nobody else between them."""
    xi = [m for rx in (XI_NAME, XI_TITLE) for m in rx.finditer(sentence)]
    putin = [m for rx in (PUTIN_NAME, PUTIN_TITLE) for m in rx.finditer(sentence)]
    for a in xi:
        for b in putin:
            first, second = (a, b) if a.start() < b.start() else (b, a)
            gap = sentence[first.end() : second.start()]
            if lex.other_party.search(sentence) and _owns_other_thing(lex, sentence, second):
                # "Biden … pressed the Chinese leader on … Vladimir Putin's war": an owner.
                continue
            if (
                len(gap) > lex.windows.link
                or _SENTENCE_BREAK.search(gap)
                or (lex.other_party.search(gap) and not _PARTNER_LIST.search(gap))
                or lex.apart.search(gap)
            ):
                continue
            if _conveyed(lex, sentence, first):
                continue
            if "," in gap and _AGENT_BY.search(sentence, max(0, first.start() - 40), first.start()):
                # "After a parade hosted by Xi Jinping, Putin met Kim": the agent of a phrase
                # that sets the scene, not the subject beside the other.
                continue
            if not _CLAUSE_BREAK.search(gap) or _JOINED.search(gap):
                return first.start(), second.end()
    return None


def _conveyed(lex: Lexicon, sentence: str, name: re.Match[str], reach: int = 25) -> bool:
    """A conveying verb governs the name ("conveyed President Xi's greetings to Putin",
    "转达习近平主席对普京总统的问候"): the one passing them on meets the other."""
    verbs = list(lex.conveys.finditer(sentence, max(0, name.start() - reach), name.start()))
    return bool(verbs) and not _CLAUSE_BREAK.search(sentence, verbs[-1].end(), name.start())


def _owns_other_thing(lex: Lexicon, sentence: str, name: re.Match[str]) -> bool:
    """The name owns something that is no meeting or visit ("Putin's war", not "Putin's visit")."""
    owned = _OWNED.match(sentence, name.end())
    return bool(owned) and not (
        lex.meet.match(sentence, owned.end()) or lex.visit.match(sentence, owned.end())
    )


# "'s" and at most one word before the thing owned: "Putin's war", "Putin's state visit".
_OWNED = guarded(r"['’]s\s+(?:[\w-]+\s+)?")


# "На встрече с Путиным Лукашенко заявил…", "卢卡申科在同普京会见时表示…": a meeting with one
# leader as the setting of someone else's words.
_MEETING_SETTING = guarded(words("meeting_setting"))
_SETTING_SPEECH = guarded(words("setting_speech"))
_SETTING_TITLES = guarded(r"^[^,;:.!?，。；：]{0,25}$")


# A sentence opening on "the meeting" as its setting, up to the comma before the subject.
_OPENING_SETTING = guarded(words("opening_setting"))


def _setting_of_other(lex: Lexicon, clean: str) -> bool:
    """The sentence opens on "the meeting" and its subject, titles aside, is someone else."""
    opening = _OPENING_SETTING.match(clean)
    if opening is None:
        return False
    names = [n.start() for n in _leader_names(clean) if n.start() >= opening.end()]
    stop = min([opening.end() + 45, *names])
    subject = lex.other_party.search(clean, opening.end(), stop)
    return subject is not None and "," not in clean[opening.end() : subject.start()]


def _said_at_meeting_with_one(lex: Lexicon, clean: str) -> bool:
    """Someone else speaks at his meeting with one leader and names the other only in his
    words ("…заявил, что недавно встречался с председателем КНР"): what he says is his own."""
    names = _leader_names(clean)
    xi = _xi_spans(clean)
    for setting in _MEETING_SETTING.finditer(clean):
        host = next((n for n in names if n.start() >= setting.end()), None)
        if host is None or not _SETTING_TITLES.match(clean[setting.end() : host.start()]):
            continue
        speech = _SETTING_SPEECH.search(clean, host.end(), host.end() + 100)
        if speech is None:
            continue
        speaker = clean[: setting.start()] + " " + clean[host.end() : speech.start()]
        before = [(n.span() in xi) for n in names if n.start() < speech.end()]
        said = [(n.span() in xi) for n in names if n.start() >= speech.end()]
        # Only the host before the words, only the other leader in them.
        return (
            bool(lex.other_party.search(speaker))
            and len(set(before)) == 1
            and bool(said)
            and before[0] not in said
            and not MEETING_OF_THE_TWO.search(clean)
        )
    return False


def _without_speaker(sentence: str) -> str:
    """The reported words without their speech frame: in "Wang Yi said Xi met Putin", Wang Yi
    is not a party to the meeting."""
    return _SPEECH_FRAME.sub("", sentence, count=1)


def _speaker_takes_part(sentence: str, when: date | None) -> bool:
    """Someone other than the two speaks of himself ("米舒斯京表示，今天我…同习近平主席会见"):
    "I" and "we" are the speaker, so he is a party to what he reports."""
    frame = _SPEECH_FRAME.match(sentence)
    if frame is None:
        # "'I want to meet with President Xi, and … with President Putin,' Mr. Trump told
        # reporters": a named speaker after his words is "I" in them.
        told = _TRAILING_SPEAKER.search(sentence.rstrip(" .!"))
        speaker = find_mentions(told.group(), when=when) if told else None
        return bool(
            told
            and _NAMED.search(told.group())
            and not (speaker.xi or speaker.putin)
            and _FIRST_PERSON.search(sentence, 0, told.start())
        )
    speaker = find_mentions(frame.group(), when=when)
    return not (speaker.xi or speaker.putin) and bool(
        _FIRST_PERSON.search(sentence, frame.end())
        or _SPEAKER_HIMSELF.match(sentence, frame.end())
        # "卢卡申科说，他昨天刚同…普京通了电话": Chinese has no spaces to count words by.
        or _ZH_HE.match(sentence, frame.end())
        # "The US president said the war came up in talks with Xi": a head of state speaking of
        # talks with one of them held them himself.
        or _HEAD.search(frame.group())
    )


_HEAD = guarded(words("head_of_government"))
_ZH_HE = guarded(words("speaker_himself_unspaced"))
# A name in a speech frame: a capital after its first word ("Mr. Trump told reporters").
_NAMED = guarded(r"\s\S*[A-ZА-ЯЁ][a-zа-яё]+")


# Titles that may stand between a list's joining word and the leader's name.
_LIST_TITLES = rf"(?:{words('listed_title')}\s*){{0,3}}$"
# The agent of a scene-setting phrase: "after watching a parade hosted by Xi Jinping, …".
_AGENT_BY = guarded(words("agent_by"))
# "Путин провёл переговоры с Моди и Си Цзиньпином": the second leader is one of the first one's
# partners, whoever else is on the list.
_PARTNER_LIST = guarded(
    rf"{words('with')}\s[^.;:]{{0,60}}(?:{words('and')}|,)\s*{_LIST_TITLES}"
    # "同印度总理莫迪和中国国家主席习近平", "先后会见了莫迪和习近平": two partners joined.
    rf"|(?:{words('with_unspaced')}|{words('met_before_partners')})[^.;:。；，、]{{0,30}}"
    rf"(?:{words('partner_and')})\s*{_LIST_TITLES}",
    re.IGNORECASE,
)
_SENTENCE_BREAK = guarded(r"[.!?。！？;；]\s")
# A joining word (and titles) right before the second leader: "…期间，同俄罗斯总统普京".
_JOINED = guarded(
    rf"(?:{words('with')}|{words('and')}|&|{words('with_unspaced')}"
    rf"|{words('met_before_partners')})\s*(?:{words('joined_title')}\s*){{0,3}}$",
    re.IGNORECASE,
)


def _zh_frame(n: int) -> str:
    """A Chinese speech frame of at most n characters before the verb: "王毅说，", also after
    an opening time clause ("访问结束之际，王毅向随行记者介绍情况说，")."""
    opening = r"(?:[^，,。]{1,12}?(?:之际|之时)[，,])?"
    return rf"^{opening}[^，,。]{{1,{n}}}?{words('speech_verb')}[，:：]"


# "王毅说，", "Wang Yi said", "Лавров заявил, что": who speaks, before what is reported.
_SPEECH_FRAME = guarded(
    _zh_frame(16)
    + rf"|^[^,;:.]{{1,60}}?\b{words('said_before_clause')}"
    + rf"|^[^,;:.]{{1,60}}?\b{words('said_that')}"
)


# "Trump said he and Xi discussed…": the reported clause opens on the speaker himself.
# "Vucic said that earlier in the day he had also had a conversation with Xi": lower-case words
# (a time, not another name) may come before the pronoun.
_SPEAKER_HIMSELF = guarded(rf"\s*(?:(?![A-ZА-ЯЁ])[\w,-]+\s+){{0,5}}?(?i:{words('he_or_she')})\b")
# A Chinese speaker's own day and place, before what he says: "普京17日在哈尔滨接受媒体采访时
# 表示，". Longer than a speech frame read for who takes part, and only read for the details.
_ZH_TOLD = guarded(_zh_frame(30))

_FIRST_PERSON = guarded(words("first_person"))
_SPEAKER_WITH = guarded(words("speaker_with"))


# A relative clause tells of another event: "переговоры … станут продолжением беседы, которую
# лидеры провели в мае" plans the talks; "talks, which began on Monday, will…" likewise.
# Also a reduced one: "the 2001 Treaty, signed in Moscow in July 2001".
_RELATIVE_CLAUSE = guarded(rf",\s*{words('relative_opening')}[^,;]*")
# A clause dated by another event: ", days after Putin held tense video talks with Biden" tells
# nothing of the sentence's own tense.
_TIME_CLAUSE = guarded(rf",\s*(?:[\w-]+\s+){{0,2}}?{words('time_clause')}\b[^,;]*", re.IGNORECASE)


def _without_time_clauses(clean: str, cue: re.Match[str]) -> str:
    """The sentence without the time clauses that do not hold the cue."""
    spans = [
        m.span() for m in _TIME_CLAUSE.finditer(clean) if not m.start() <= cue.start() < m.end()
    ]
    for start, end in reversed(spans):
        clean = clean[:start] + clean[end:]
    return clean


# A tense cue governs its own clause: "said the visit showed that Beijing felt no duty to hold
# Russia to account" plans nothing. Clauses end at punctuation and subordinating words.
# Words that open a clause (not the indefinite "когда-нибудь", "что-то", "где-то").
# Not the dot of an initial or "U.S.": "called Xi to brief him on his talks with U.S. envoy
# Steve Witkoff" is one clause.
_CLAUSE_BREAK = guarded(rf"[;:()—–，；：!?。！？]|(?<!\b[A-Z])\.\s|{words('clause_opening')}")


# One leader telling the other: a future after it is the words, not the telling.
_SPEECH_CUE = guarded(words("telling"), re.IGNORECASE)
_SPEECH_AFTER_CUE = guarded(words("speech_after_cue"))
_SAID_BETWEEN = guarded(rf"\b{words('said_then_words')}(?!\s*,)", re.IGNORECASE)
_SPEAKER_AFTER_WORDS = guarded(words("speaker_after_words"))


# ", where …," or one ending the sentence ("after talks in Vladivostok, where Xi is attending the
# forum").
_WHERE_CLAUSE = guarded(rf",\s*{words('where_or_when')}\b[^,;]*(?:,|[.!?]?\s*$)")


def _in_where_clause(clean: str, cue: re.Match[str]) -> bool:
    """The cue stands inside a ", where …," clause."""
    return any(m.start() <= cue.start() < m.end() for m in _WHERE_CLAUSE.finditer(clean))


def _without_clauses(clean: str) -> str:
    """The sentence without its relative and (Russian) participial clauses."""
    clean = _RELATIVE_CLAUSE.sub("", clean)
    for start, end in reversed(participle_clauses(clean)):
        clean = clean[:start] + clean[end:]
    return clean


def _done_in(lex: Lexicon, text: str) -> bool:
    """A done cue in `text`; "will pay a visit on May 16-17, holding talks with Xi" is as far
    ahead as the verb its participle hangs on."""
    return any(
        not (_ONGOING_PARTICIPLE.match(m.group()) and lex.future.search(text, 0, m.start()))
        for m in lex.done.finditer(text)
    )


_ONGOING_PARTICIPLE = guarded(words("ongoing_participle"))


# "returned to Beijing", «вернулся в Пекин», 回到北京: the trip over, at home.
_RETURNED_HOME = guarded(words("home_before"), re.IGNORECASE)
_VISITS = ("state visit", "official visit")


def _is_call(lex: Lexicon, clean: str, cue: re.Match[str]) -> bool:
    """The cue is a phone or video cue ("video call", 通电话), not an in-person one."""
    return any(
        m.start() == cue.start() for rx in (lex.phone, lex.video) for m in rx.finditer(clean)
    )


def _trip_before_call(lex: Lexicon, clean: str, plan: re.Match[str], cue: re.Match[str]) -> bool:
    """ "invited Xi to visit Moscow next spring, in a video call": a trip is made in person, so
    the call it stands before is another act, the one that invited."""
    return (
        plan.end() <= cue.start()
        and bool(lex.visit.search(plan.group()))
        and _is_call(lex, clean, cue)
    )


def _governed(
    lex: Lexicon,
    clean: str,
    cue: re.Match[str],
    others: list[re.Match[str]],
    plans: re.Pattern[str] | None = None,
) -> bool:
    """A plan cue (of `plans`, by default any) stands within reach of `cue`, in its clause, with
    no other cue between them: in "ahead of talks to Xi and Putin's meeting", "ahead of" governs
    "talks", not "meeting"."""
    relative = [m.span() for m in _RELATIVE_CLAUSE.finditer(clean)]
    # "On arrival in Tianjin, Xi and Putin watched a match", 抵达天津后: the arrival sets the scene.
    arrivals = [m.span() for m in _ARRIVAL_SETTING.finditer(clean)]
    for plan in (plans or lex.plan).finditer(clean):
        if any(s <= plan.start() < e for s, e in arrivals):
            continue
        if [s <= plan.start() < e for s, e in relative] != [
            s <= cue.start() < e for s, e in relative
        ]:
            # "the pipeline, which will carry gas, …", "Путин, который накануне провёл
            # переговоры…, прибыл в Харбин": a relative clause has its own tense.
            continue
        if _PURPOSE_VERB.match(clean, plan.start()) and any(
            o.end() <= plan.start() for o in [cue, *others]
        ):
            continue  # "calls Xi to discuss Ukraine": what the call before it was for
        if _trip_before_call(lex, clean, plan, cue):
            continue
        if plan.end() <= cue.start():
            if _frames_the_words(lex, clean, cue, plan) or _SPEAKER_AFTER_WORDS.search(
                clean, plan.end(), cue.start()
            ):
                continue
            gap = (plan.end(), cue.start())
        elif plan.start() >= cue.end():
            if _SPEECH_CUE.match(cue.group()):
                continue  # "Xi tells Putin China will support Russia": what was said
            if _PURPOSE.match(plan.group()) and _COMMA_BEFORE.search(clean, 0, plan.start()):
                continue  # "a day after talks with Xi in Beijing, to open the expo": a purpose
            if any(
                cue.end() <= t.start() <= plan.start() < t.end()
                and not any(t.start() <= o.start() < t.end() for o in others)
                for t in _TIME_CLAUSE.finditer(clean)
            ):
                # "received Xi for talks, a day before troops were set to march": the clause
                # dates the talks by another event, whose tense is its own.
                continue
            if _SAID_BETWEEN.search(clean, cue.end(), plan.start()):
                # "After talks in the Kremlin, Putin said Russia and China would work…": the
                # future is in the words, not the talks' ("Talks, the Kremlin said, will…" is).
                continue
            gap = (cue.end(), plan.start())
        else:
            return True
        if plan.end() <= cue.start() and _chained(lex, clean, plan, cue):
            return True
        # A colon's list reaches past the window: "пройдут в среду: выступление на пленарном
        # заседании и переговоры с…".
        # "A trilateral meeting of the heads of state of Russia, China and Mongolia is also
        # scheduled": the two's own name is not distance.
        named = sum(len(m.group()) for m in PAIR.finditer(clean, gap[0], gap[1]))
        # «Разговор …, который ожидался во вторник, перенесен на среду»: nor a relative clause.
        between = [(s, e) for s, e in relative if gap[0] <= s and e <= gap[1]]
        named += sum(e - s for s, e in between)
        far = gap[1] - gap[0] - named > lex.windows.plan
        if far and between and gap[1] - gap[0] - named <= 2 * lex.windows.plan:
            # The subject's long name before its relative clause, with no verb of its own:
            # «Телефонный разговор президента России … Си Цзиньпина, который…, перенесен на».
            far = past_verb(_outside(clean, gap, between)) is not None
        broken = any(
            not any(s <= m.start() < e for s, e in between)
            for m in _CLAUSE_BREAK.finditer(clean, gap[0], gap[1])
        )
        if (far or broken) and not (
            _plan_across_punctuation(clean, cue, plan) and gap[1] - gap[0] <= 3 * lex.windows.plan
        ):
            continue
        if any(
            gap[0] <= o.start()
            and o.end() <= gap[1]
            # "запланирована неформальная встреча": a cue word modifying this one is no other.
            and not (0 <= cue.start() - o.end() <= 1 or 0 <= o.start() - cue.end() <= 1)
            for o in others
            if o is not cue
        ):
            continue
        return True
    return _heads_list(lex, clean, cue, plans)


def _outside(clean: str, span: tuple[int, int], holes: list[tuple[int, int]]) -> str:
    """clean[span] without the (ordered, inner) spans of `holes`."""
    pieces, at = [], span[0]
    for start, end in holes:
        pieces.append(clean[at:start])
        at = end
    return " ".join([*pieces, clean[at : span[1]]])


def _chained(lex: Lexicon, clean: str, plan: re.Match[str], cue: re.Match[str]) -> bool:
    """A Chinese future reaches on through commas to a clause with no subject of its own
    ("普京将于周二抵达北京，…，周三同习近平举行会谈"), until a speech verb or a full stop."""
    # Matched in place: "将(?=…举行)" looks past the word it matches.
    future = lex.future.match(clean, plan.start())
    if lex.language != "zh" or future is None or future.end() != plan.end():
        return False
    start, _end = _clause_span(clean, cue)
    return (
        start > plan.end()
        and cue.start() - plan.end() <= 2 * lex.windows.plan
        and not _ZH_CHAIN_STOP.search(clean, plan.end(), cue.start())
        and bool(_ZH_SUBJECTLESS.match(clean, start))
    )


# A subjectless clause opens on a day, a sequence word or the partner: 周三同…, 随后…, 并….
_ZH_SUBJECTLESS = guarded(words("subjectless_opener"))
# What ends a chain: a full stop, a semicolon or someone's words.
_ZH_CHAIN_STOP = guarded(words("chain_stop"))


def _frames_the_words(lex: Lexicon, clean: str, cue: re.Match[str], plan: re.Match[str]) -> bool:
    """The cue is a setting set off by a comma after words said ("Putin tells Xi he will attend
    the Olympics, in a video call"): it frames the telling, not the future in the words."""
    setting = next(
        (m for m in lex.setting.finditer(clean) if m.start() <= cue.start() < m.end()), None
    )
    return (
        setting is not None
        and _COMMA_BEFORE.search(clean, 0, setting.start()) is not None
        and _SAID_BEFORE.search(clean, 0, plan.start()) is not None
    )


_COMMA_BEFORE = guarded(r",\s*$")
_PURPOSE = guarded(words("purpose_infinitive"), re.IGNORECASE)
_PURPOSE_VERB = guarded(words("purpose_verb"), re.IGNORECASE)
_SAID_BEFORE = guarded(rf"\b(?:{words('telling')}|{words('said_then_words')})", re.IGNORECASE)


# «включая визит Путина в Китай … и его переговоры с Си»: the cue is a later item of the list.
_LATER_ITEM = guarded(words("later_list_item"), re.IGNORECASE)


def _heads_list(
    lex: Lexicon, clean: str, cue: re.Match[str], plans: re.Pattern[str] | None
) -> bool:
    """The cue is an item of a list ("including talks with Xi") in a plan's reach: "will hold
    around 20 bilateral meetings during the gathering, including talks with Xi"."""
    item = lex.including.search(clean, max(0, cue.start() - 30), cue.start())
    if item is None or item.end() != cue.start():
        item = _LATER_ITEM.search(clean, max(0, cue.start() - 160), cue.start())
    if item is None or item.end() != cue.start():
        return False
    # The head ("bilateral meetings") need not be a cue: the plan's reach is the list's clause.
    # A relative clause inside the list's head ("during the summit that opens on Tuesday,")
    # does not end it.
    arrivals = [m.span() for m in _ARRIVAL_SETTING.finditer(clean)]
    return any(
        plan.start() < item.start()
        and item.start() - plan.end() <= 2 * lex.windows.plan
        and not _SENTENCE_BREAK.search(clean, plan.end(), item.start())
        and not any(s <= plan.start() < e for s, e in arrivals)
        for plan in (plans or lex.plan).finditer(clean)
    )


# A programme's line: a time, a dash, and what happens then ("Вечером — неформальная встреча",
# "Tuesday - official talks", "随后——两国元首举行会谈").
_SCHEDULE_ITEM = guarded(rf"(?:^|[.;:,，；：]\s*){words('programme_time')}\s*(?:[—–]+|-{{1,2}})\s*")


# The line's day after a dash, at its end: "— в четверг.", "— on Thursday."
_SCHEDULED_AFTER = guarded(rf"\s[—–]+\s*(?:{words('schedule_when')})\s*[.!]?$")


def _programme_line(lex: Lexicon, clean: str, cue: re.Match[str]) -> bool:
    """The cue stands in a programme's line with no verb telling it as done."""
    when = _SCHEDULED_AFTER.search(clean)
    if when and cue.start() < when.start():
        # «Переговоры с председателем КНР Си Цзиньпином — в четверг»: the event, then its day.
        start = max((m.end() for m in _SENTENCE_BREAK.finditer(clean, 0, cue.start())), default=0)
        line = clean[start : when.start()]
        return not (_has_verb(line, 0, len(line)) or lex.done.search(line))
    if (
        (head := _PROGRAMME_COLON.search(clean, 0, cue.start()))
        and not _has_verb(clean, head.end(), cue.start())
        and not lex.done.search(head.group())
        and past_verb(head.group()) is None
    ):
        # «Программа насыщенная: переговоры с Си Цзиньпином в Пекине, …»: a programme's list.
        return True
    for item in _SCHEDULE_ITEM.finditer(clean):
        if item.end() > cue.start():
            break
        nxt = _SCHEDULE_ITEM.search(clean, item.end())
        end = nxt.start() if nxt else len(clean)
        if cue.start() >= end:
            continue
        # The attribution (", сообщил помощник президента") is not the line's verb.
        line = _TRAILING_SPEAKER.sub("", clean[item.end() : end])
        return not (_has_verb(line, 0, len(line)) or lex.done.search(line))
    return False


# "Переговоры с Путиным — завтра, 8 мая": a dash for the verb, then when.
_SCHEDULE_DASH = guarded(r"\s+[—–]\s+$")


def _plan_across_punctuation(clean: str, cue: re.Match[str], plan: re.Match[str]) -> bool:
    """A verbless line of a schedule: the cue, its partner, a dash and the plan word right
    after it, with no verb in the cue's clause ("Переговоры с Путиным — завтра"); or the plan,
    a colon and the items planned ("Основные мероприятия пройдут в среду: переговоры с…")."""
    if plan.end() <= cue.start():
        colon = max(
            clean.rfind(":", plan.end(), cue.start()), clean.rfind("：", plan.end(), cue.start())
        )
        return (
            colon >= 0
            and not _CLAUSE_BREAK.search(clean, plan.end(), colon)
            and not _CLAUSE_BREAK.search(clean, colon + 1, cue.start())
            and past_verb(clean, colon + 1, cue.start()) is None
        )
    dash = _SCHEDULE_DASH.search(clean, cue.end(), plan.start())
    if dash is None or _CLAUSE_BREAK.search(clean, cue.end(), dash.start()):
        return False
    start, _end = _clause_span(clean, cue)
    return not _has_verb(clean, start, dash.start())


# An English verb of the line; not a participle of the programme ("followed by a dinner").
_EN_VERB = guarded(rf"\b{words('line_verb')}\b", re.IGNORECASE)


def _has_verb(text: str, start: int, end: int) -> bool:
    """text[start:end] has a Russian past verb or an English verb: a line that tells, not lists."""
    return past_verb(text, start, end) is not None or bool(_EN_VERB.search(text, start, end))


def _own_clause_cues(lex: Lexicon, clean: str, cues: list[re.Match[str]]) -> list[re.Match[str]]:
    """The cues whose tense decides: a joint act in a later clause than the meeting ("举行会谈，
    两国元首一致同意以筹备…为契机") has its own."""
    named = [m for m in cues if not lex.joint.fullmatch(m.group())]
    # "…on Friday, days before the Russian leader is expected to meet Donald Trump": a cue
    # whose partner is someone else has a tense of its own.
    named = [m for m in named if not _cue_with_other(lex, clean, m)] or named
    if not named:
        return cues
    first = min(m.start() for m in named)
    return [
        m
        for m in cues
        if m in named or not _CLAUSE_BREAK.search(clean, min(first, m.start()), max(first, m.end()))
    ]


def _joint_act(lex: Lexicon, clean: str) -> re.Match[str] | None:
    """The two as one subject did something together: in Russian any past-tense plural verb,
    in English a visit's own verbs ("Xi and Putin on Wednesday visited Moscow Zoo")."""
    for subject in lex.both_subject.finditer(clean):
        if lex.language != "ru":
            if verb := _TOGETHER_VERB.match(clean, subject.end()):
                return verb
            continue
        verb = plural_past_verb(clean, subject.end())
        # "Путин и Си Цзиньпин выступили на саммите": each spoke to a session, not to the other.
        if verb and not _ATTENDANCE_VERB.match(verb.group()):
            return verb
    return None


_ATTENDANCE_VERB = guarded(rf"{words('attendance_verb')}\w*", re.I)
# After the two as one subject and a few words of time: what they did together.
_TOGETHER_VERB = guarded(rf"\s+(?:[\w-]+\s+){{0,3}}?{words('together_verb')}\b")


# A speech frame at the end, the reporter's verb and not the event's: ", рассказал помощник
# президента Юрий Ушаков", ", Kremlin aide Yury Ushakov told reporters".
_SAID_BEFORE_SPEAKER = rf"{words('said_before_speaker')}\w*"
_TRAILING_SPEAKER = guarded(
    rf",\s*(?:—\s*)?(?:{_SAID_BEFORE_SPEAKER}"
    rf"\s[^,]*|[^,]{{0,80}}\b{words('said_after_speaker')}\b[^,]*)$"
)


# Only the attribution after a comma: ", сообщил помощник президента Юрий Ушаков", ", said Peskov".
_SAID_AFTER = guarded(rf",\s*(?:—\s*)?(?:{_SAID_BEFORE_SPEAKER}|{words('said')})\b[^,]*$")


def _future_clause(lex: Lexicon, clean: str, cue: re.Match[str]) -> bool:
    """Russian: the cue's own clause is about the future: a verb in the future tense
    ("встретятся", "обсудят"), or a plan word and no past verb ("разговор ... возможен")."""
    if lex.language != "ru":
        return False
    start, end = _clause_span(clean, cue)
    for rel in _RELATIVE_CLAUSE.finditer(clean):
        if rel.start() <= cue.start() < rel.end():
            # «Си Цзиньпин, который накануне провёл переговоры…, станет гостем форума»: the
            # relative clause keeps its own tense.
            start, end = max(start, rel.start()), min(end, rel.end())
    # «Россия и Китай продолжат…, заявил Путин по итогам переговоров»: the words are ahead.
    start = max(
        [start] + [m.start() for m in _SPEAKER_AFTER_WORDS.finditer(clean, start, cue.start())]
    )
    if future_verb(clean, start, end) is not None:
        return True
    rel = _RELATIVE_CLAUSE.search(clean, max(start, end - 3))
    if rel and rel.start() <= end and not past_verb(clean, start, rel.end()):
        # «Переговоры Путина и Си, которые начнутся в полдень, продлятся два часа»: the
        # subject's verb comes after the clause about it (not «которые начались утром,
        # продолжатся за обедом»: begun, they go on).
        after = _CLAUSE_BREAK.search(clean, rel.end() + 1)
        if future_verb(clean, rel.end(), after.start() if after else len(clean)) is not None:
            return True
    clause = _TRAILING_SPEAKER.sub("", clean[start:end])
    return bool(lex.plan.search(clause)) and past_verb(clause) is None


def _dated(clean: str, ctx: "Context") -> bool:
    """The sentence states a day of its own."""
    return bool(ctx.published and dates_in(clean, ctx.published))


_TOPIC_BEFORE = guarded(rf"(?:{words('topic_before')})$", re.IGNORECASE)


def _negated(lex: Lexicon, sentence: str, at: int, end: int | None = None) -> bool:
    """A negation shortly before the cue or inside it ("did not meet", "не встречались", "未会见",
    "at the moment no call"), or in Russian a negated verb right after it ("по телефону не
    разговаривали")."""
    # Searched in place, not in a slice: a slice may start inside "Пекине" and read "не".
    start = max(0, at - lex.windows.negation)
    # Read a little past the cue: a phrase may look ahead to it ("at the talks").
    if ends := [m for m in _NEGATION_ENDS.finditer(sentence, start, at + 40) if m.end() <= at]:
        start = ends[-1].end()
    if any(
        # "held talks without aides, one-on-one", «без протокола, в неформальной обстановке»:
        # a negation the cue stands after a comma from is another phrase's.
        not (n.end() <= at and _COMMA.search(sentence, n.end(), at))
        for n in lex.negation.finditer(sentence, start, end or at)
    ):
        return True
    return lex.language == "ru" and bool(
        _RU_NOT_AFTER.match(sentence, at) or _DENIED_AFTER.match(sentence, end or at)
    )


_DENIED_AFTER = guarded(words("denied_after"))
_COMMA = guarded(r"[,，]")

# A comma opening the cue's own phrase ("…would not change, during talks"): a negation before it
# belongs to the clause before.
_NEGATION_ENDS = guarded(words("negation_ends"), re.IGNORECASE)
_OTHERS_TALKS = guarded(words("others_talks"), re.IGNORECASE)
_PREPARED_EVENT = guarded(words("prepared_event"), re.IGNORECASE)
# A Chinese act before 的 qualifies a noun (签署的联合声明), as an English participle does.
_ATTRIBUTIVE = guarded(words("attributive"))
_PASSIVE_BY = guarded(words("passive_by"), re.IGNORECASE)
_YEAR_ONLY = guarded(words("year_only"), re.IGNORECASE)
# Before a joint act, the words that make it a standing one ("have pledged", «ранее ставили»).
_STANDING_BEFORE = guarded(rf"(?:{words('standing_before')})$", re.IGNORECASE)
_STANDING_ACT = guarded(words("standing_act"), re.IGNORECASE)
_STANDING_AFTER = guarded(words("standing_after"), re.IGNORECASE)

# The cue, at most one more word, then "не" and a verb: "по телефону не разговаривали".
_RU_NOT_AFTER = guarded(rf"[\w-]+(?:\s+[\w-]+)?\s+{words('negated_past_verb')}", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What the whole article tells the reading of one sentence."""

    published: date | None
    both_named: bool  # the article names Xi and Putin somewhere
    opens_with_both: bool  # its title or lead does: "the two leaders" then means them
    # Its title or first sentence reports one of them meeting or calling someone else.
    lead_elsewhere: bool = False
    # Its title and first sentence name neither of them and no interaction: "Минфин не исключил
    # размещения «панда-облигаций»". A sentence opened as background then looks back.
    lead_aside: bool = False


_LEADERS_COUNTED = guarded(words("leaders_counted"), re.IGNORECASE)
_VISIT_GOES_ON = guarded(words("visit_goes_on"), re.IGNORECASE)


def _visit_plan(clean: str, lex: Lexicon, mentions) -> str | None:
    """A planned or just-begun trip by one leader to the other's country ("Xi will visit Russia",
    "Путин прибыл в Пекин", "应普京总统邀请...将对俄罗斯进行国事访问")."""
    visits = list(lex.visit.finditer(clean))
    governed = [v for v in visits if _governed(lex, clean, v, visits)]
    # "普京乘车抵达时，习近平在车前迎接": the arrival told as the setting of what followed.
    if not governed or lex.done.search(clean) or _ARRIVAL_SETTING.search(clean):
        return None
    if _VISIT_GOES_ON.search(clean):
        # «Сегодня российский президент продолжит программу визита»: under way, not planned.
        return None
    if _LEADERS_COUNTED.search(clean):
        # "普京、金正恩、托卡耶夫等26位外国领导人先后抵达": arriving among a crowd of guests.
        return None
    trip = governed[0]
    ahead = lex.future.search(clean, trip.end())
    if _to_third_country(clean, trip) and not (
        # "…arrived in Kazakhstan, at the start of a tour that will bring him face to face with
        # Putin": the tour still reaches the other.
        ahead
        and any(
            n.start() > ahead.start()
            # "…将出席上合峰会，习近平也将出席": the other leader attends too, no meeting.
            and not _ALSO.search(clean, n.end(), n.end() + 12)
            for n in _leader_names(clean)
        )
    ):
        # "Putin arrives in Vietnam", "Xi arrived in Belarus on Sunday": neither's country.
        return None
    if lex.other_party.search(clean, 0, trip.start()) and not any(
        n.start() < trip.start() for n in _leader_names(clean)
    ):
        # "From Moscow, Lula flies to Beijing, where he is scheduled to hold talks with Xi":
        # someone else's trip.
        return None
    # "Xi arrives in Rio for G20 as Putin sends Lavrov": a trip to a third country is no visit
    # to the other.
    third = capital_of_named_country([clean])
    elsewhere = any(
        loc and p.country not in ("China", "Russia") for loc, _pos, p in find_places(clean)
    ) or (third is not None and third.country not in ("China", "Russia"))
    # "will pay a state visit to India at the invitation of Prime Minister Modi": someone
    # else's invitation is no visit to the other.
    invited = (inv := INVITATION.search(clean)) is not None and not (
        elsewhere or lex.other_party.search(clean, inv.start(), inv.end() + 40)
    )
    to_other = (
        (mentions.xi and mentions.putin and not elsewhere)
        or (mentions.xi and (RUSSIA.search(clean) or invited))
        or (mentions.putin and (CHINA.search(clean) or invited))
    )
    return governed[0].group() if to_other else None


def _to_third_country(clean: str, trip: re.Match[str]) -> bool:
    """The trip goes to a third country ("arrived in Vietnam", 对白俄罗斯进行国事访问), not to China
    or Russia: the first place after it, unless a list goes on to one of theirs ("Kazakhstan,
    Russia and Belarus"); else the places listed before it (对哈萨克斯坦、俄罗斯…进行国事访问)."""

    def places(start: int, end: int) -> list[tuple[int, int, bool]]:
        # Not "courting another of China's neighbours": an owner is no destination.
        found = [(m.start(), m.end(), True) for m in _THIRD_COUNTRY.finditer(clean, start, end)]
        return sorted(
            found
            + [
                (m.start(), m.end(), False)
                for rx in (RUSSIA, CHINA)
                for m in rx.finditer(clean, start, end)
                if not _POSSESSIVE.match(clean, m.end())
            ]
        )

    # Up to the clause's end: "…进行国事访问，并出席在南非举行的峰会" goes on to another act.
    stop = _CLAUSE_END.search(clean, trip.end(), trip.end() + 40)
    after = places(trip.end(), stop.start() if stop else trip.end() + 40)
    if after:
        first_end, third = after[0][1], after[0][2]
        listed = [
            start
            for start, _end, is_third in after[1:]
            if not is_third and _LIST_GOES_ON.fullmatch(clean, first_end, start)
        ]
        return third and not listed
    # The trip's clause: a list of countries before 进行国事访问 counts whole.
    breaks = list(_CLAUSE_MARK.finditer(clean, max(0, trip.start() - 60), trip.start()))
    before = places(breaks[-1].end() if breaks else max(0, trip.start() - 60), trip.start())
    return bool(before) and all(is_third for _s, _e, is_third in before)


_THIRD_COUNTRY = TokenPattern(guarded(words("third_country")))
_CLAUSE_MARK = guarded(r"[,;.!?，。；！？]")
_CLAUSE_END = guarded(r"[;.!?，。；！？]")
# Between two places of one list: joiners and names, no "after" or "from".
_LIST_GOES_ON = guarded(rf"(?:\s*(?:,|、|{words('partner_and')})\s*[^\s,、.;。；]*){{1,4}}\s*")


# On arrival, at the venue: "arrive at Tiananmen Square for a military parade" is a venue on the
# day, not a trip.
_ARRIVAL_SETTING = guarded(words("arrival_setting"), re.IGNORECASE)


def _mere_wish(lex: Lexicon, clean: str, published: date | None) -> bool:
    """Every plan word is a wish ("期待", "looks forward"), or the plan is said to have no date
    ("at some point", 早日), and nothing says when."""
    if lex.undated.search(clean) and not lex.timeframe.search(clean):
        return True
    # "as we planned in previous years": a plan word whose clause names no meeting plans none.
    plans = [
        p
        for p in lex.plan.finditer(clean)
        if _has_cue(lex, clause := _clause_of(clean, p)) or lex.visit.search(clause)
    ]
    wishes = [(w.start(), w.end()) for w in lex.wish.finditer(clean)]
    return bool(
        plans
        and all(any(s <= p.start() < e for s, e in wishes) for p in plans)
        and not _sets_time(lex, clean, published)
    )


def _sets_time(lex: Lexicon, clean: str, published: date | None) -> bool:
    """The sentence says when: a day, a month or a time frame ("next month"), not only "soon"."""
    vague = [(v.start(), v.end()) for v in lex.vague_time.finditer(clean)]
    return bool(
        any(not any(s <= t.start() < e for s, e in vague) for t in lex.timeframe.finditer(clean))
        or lex.month.search(clean)
        or (published and dates_in(clean, published))
    )


def _planned_visit(
    sentence: str, clean: str, lex: Lexicon, visit: str, *, direct: bool, published: date | None
) -> Reading:
    """A trip to the other's country as a plan, or denied when "there are no plans" for it."""
    if off := lex.no_plan.search(clean) or lex.called_off.search(clean) or _RETRACTED.search(clean):
        # Also a rumour: «Bloomberg со ссылкой на источники сообщило, что визит может…».
        return Reading(sentence, "denied", "in_person", direct=direct, cue=off.group())
    if (trip := lex.visit.search(clean)) and (
        _WHETHER.search(clean, max(0, trip.start() - 40), trip.start()) or _asked(clean, trip)
    ):
        # "有记者问及习近平主席是否将应邀访问俄罗斯", "What would Xi want from a trip to
        # Moscow?": asked, not announced.
        return Reading(sentence, "question", "in_person", direct=direct, cue=visit)
    if _mere_wish(lex, clean, published) or (
        trip
        and _POSSIBLE_BEFORE.search(clean, max(0, trip.start() - 40), trip.start())
        and not _sets_time(lex, clean, published)
    ):
        # «О сроках возможного визита ничего не говорилось»: a trip only possible, with no date.
        return Reading(sentence, "wish", "in_person", direct=direct, cue=visit)
    if recalled := _recalled(lex, clean, published):
        # "arrived in Moscow in 2019 and were presented by Xi and Putin": long done.
        return Reading(sentence, "history", "in_person", direct=direct, cue=recalled)
    if _ARRIVED.fullmatch(visit) and _days_back(clean, published) >= 2:
        # "Mr Xi arrived in Moscow on Wednesday for a four-day state visit", in Friday's parade
        # story: the visit is under way, its talks told or not, no longer to come.
        return Reading(sentence, "backdrop", "in_person", direct=direct, cue=visit)
    return Reading(sentence, "plan", "in_person", direct=direct, cue=visit)


_ARRIVED = guarded(words("arrived"), re.IGNORECASE)
# A conjunction that opens the next clause: "… as Zelensky waits for a call".
_NEXT_CLAUSE = guarded(rf"\b{words('next_clause')}\b", re.IGNORECASE)
_PLUPERFECT = guarded(rf"{words('pluperfect')}\b", re.IGNORECASE)


def _days_back(clean: str, published: date | None) -> int:
    """How many days before publication the latest day the sentence states lies (0 if none)."""
    days = [d for _pos, d in dates_in(clean, published)] if published else []
    return min((published - d).days for d in days) if days else 0


def _long_ago(clean: str, published: date | None, *, past: bool = False) -> bool:
    """The sentence dates its event weeks before publication ("on March 21, 2023" in October)."""
    if published is None:
        return False
    # "Договора … от 16 июля 2001 года": a document's date dates the document.
    found = dates_in(clean, published)
    # "新华社北京3月18日电 2013年3月22日，…": the dateline's filing day dates no event.
    head = dateline_end(clean)
    found = [(pos, d) for pos, d in found if pos >= head]
    days = [d for pos, d in found if not _DOCUMENT.search(clean, max(0, pos - 60), pos)]
    if past:
        # Told as done (or with no plan word), a day months after the news is last year's
        # ("On May 16, Xi held talks" in a December review).
        days = [_year_before(d) if d > published + timedelta(days=RECENT_DAYS) else d for d in days]
    if days:
        return all(d < published - timedelta(days=RECENT_DAYS) for d in days)
    # Only a year ("met in 2019", "2019年", "в 2019 году"): history when every year is past. A
    # document's year ("договора 2001 года", "the 2001 treaty") dates the document.
    # 《关于2030年前…的联合声明》: a year in a document's title names the document.
    titled = [t.span() for t in _BOOK_TITLE.finditer(clean)]
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(clean)
        if not any(s <= m.start() < e for s, e in titled)
        and not _DOCUMENT.search(clean, max(0, m.start() - 25), m.start())
        # «План … до 2030 года», 2030年前: the year a plan runs to.
        and not _TARGET_YEAR_BEFORE.search(clean, max(0, m.start() - 8), m.start())
        and not _TARGET_YEAR_AFTER.match(clean, m.end())
        # "extend the 2001 friendship treaty": the year names the document (not "in December
        # 2021, and a supply agreement…": a comma ends the year's phrase).
        and not (
            (doc := _DOCUMENT.search(clean, m.end(), m.end() + 25))
            and not _PHRASE_END.search(clean, m.end(), doc.start())
        )
    ]
    return bool(years) and all(y < published.year for y in years)


_BOOK_TITLE = guarded(r"《[^》]{1,80}》")
_TARGET_YEAR_BEFORE = guarded(rf"(?:{words('target_year_before')})$", re.IGNORECASE)
_TARGET_YEAR_AFTER = guarded(words("target_year_after"))
# A punctuation mark that ends a year's phrase before a document noun.
_PHRASE_END = guarded(r"[,;.，；。]")
# Talks still ahead told in a sentence of their own («переговоры запланированы на вторник»).
_PLANNED_TALKS = guarded(words("planned_talks"), re.IGNORECASE)
_SINCE = guarded(words("since_word"), re.IGNORECASE)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


_SINCE_BEFORE = guarded(rf"\b{words('since')}\b[^,;.]*$", re.IGNORECASE)
_INVITED = guarded(words("invited"), re.IGNORECASE)
_INVITES = guarded(words("invites"), re.IGNORECASE)


_SINCE_AFTER = guarded(words("since_after_month"))


_YEAR_AFTER = guarded(r"\s+(\d{4})\b")


def _past_month(lex: Lexicon, clean: str, published: date | None) -> bool:
    """A month named without a day, earlier in the year of publication ("今年9月" in December)."""
    # "Today" elsewhere in the sentence ("и сегодня это уже…") does not date the recalled month.
    if published is None or any(d != published for _pos, d in dates_in(clean, published)):
        return False
    # "held talks, with Xi inviting Putin … to the summit in November": the invited visit's month.
    invited = _INVITED.search(clean)
    cues = [c.start() for rx in (lex.meet, lex.phone, lex.video) for c in rx.finditer(clean)]
    months = [
        # Each pattern of the field has one group: the month's word.
        month_number(next(g for g in m.groups() if g))
        for m in lex.month.finditer(clean)
        if not _SINCE_BEFORE.search(clean, max(0, m.start() - 90), m.start())
        # "今年2月以来首次面对面会见": the month the count runs from.
        and not _SINCE_AFTER.match(clean, m.end())
        # «договора, подписанного в июле 2001 года»: a month of a year long gone dates a document
        # or an anniversary, not the news.
        and not ((year := _YEAR_AFTER.match(clean, m.end())) and published.year - int(year[1]) >= 2)
        # "this summer" in July is the season of the news.
        and published.month not in (season_of(next(g for g in m.groups() if g)) or ())
        # "习近平同普京会见时指出，今年5月普京总统对中国进行国事访问": the month of the words said
        # at the meeting, not of the meeting.
        and not any(c < m.start() and _SPEECH_AFTER_CUE.search(clean, c, m.start()) for c in cues)
        # «в ноябре планируется видеоконференция» in September: a later month planned is ahead.
        # Not "invited Xi" after the month: an invitation made then.
        and not (
            (month_number(next(g for g in m.groups() if g)) or 0) > published.month
            and any(
                not (invited and p.start() >= invited.start() > m.start())
                for p in lex.plan.finditer(clean, max(0, m.start() - 30), m.end() + 30)
            )
        )
        # "told Xi in a video call that he expects him to visit Moscow in the spring": the
        # month of what the call planned, not of the call.
        and not _planned_after_cue(lex, clean, cues, m.start())
        # "told Xi he would attend the Olympics in February": the month of a future told; «о
        # подготовке визита … в мае»: of what is prepared.
        and not any(
            not _CLAUSE_BREAK.search(clean, f.end(), m.start())
            for rx in (_FUTURE_IN_PAST, _PREPARED_EVENT)
            for f in rx.finditer(clean, max(0, m.start() - 80), m.start())
        )
        and (
            invited is None
            or m.start() < invited.start()
            # "had invited Xi during their video call in January": the call's month.
            or any(invited.end() <= c < m.start() for c in cues)
        )
    ]
    if (
        not months
        or None in months
        # "…invited Xi to visit Moscow": the visit invited to is ahead, not the month's act.
        or lex.future.search(clean, 0, invited.start() if invited else len(clean))
        or _NEXT_YEAR.search(clean)
        or (lex.language == "ru" and future_verb(clean))
    ):
        # "would meet in February", "agreed to meet again in October", "our meeting in
        # February next year": the month is ahead.
        return False
    # A later month than the news, told in the past tense, is last year's; "7月初", "in early
    # July" in a story of 25 July is weeks back.
    # «…было одной из тем майских переговоров»: Russian tells the past by the verb's form.
    past = bool(lex.done.search(clean)) or (lex.language == "ru" and past_verb(clean) is not None)
    early = published.day >= _LATE_IN_MONTH and any(
        _EARLY_IN_MONTH.search(clean, m.start(), m.end() + 2) for m in lex.month.finditer(clean)
    )
    # "今年5月，习近平…在北京会谈" on 24 May: news would give the day; the bare month of the news
    # looks back over it.
    this_month = published.day > _MONTH_BACK_FROM and not lex.plan.search(clean)
    return all(
        m < published.month
        or (past and m > published.month)
        or ((early or this_month) and m == published.month)
        for m in months
    )


_EARLY_IN_MONTH = guarded(words("early_in_month"))
# From this day of the month on, the month named bare is a look back over it.
_MONTH_BACK_FROM = 7
# From this day of the month on, its first days are more than RECENT_DAYS back.
_LATE_IN_MONTH = 15


def _planned_after_cue(lex: Lexicon, clean: str, cues: list[int], at: int) -> bool:
    """A plan word stands between a cue and `at`, in one clause with `at`."""
    before = [c for c in cues if c < at]
    return bool(before) and any(
        not _CLAUSE_BREAK.search(clean, p.end(), at)
        for p in lex.plan.finditer(clean, min(before), at)
        if p.end() <= at
    )


def read_sentence(
    sentence: str,
    lex: Lexicon,
    ctx: Context,
    mentions: Mentions | None = None,
    *,
    supplied: bool = False,
) -> Reading | None:
    """The interaction a sentence reports between Xi and Putin, or None if it reports none;
    `supplied` when the sentence names one and the one before named the other."""
    clean = lex.noise.sub(" ", sentence)
    if mentions is None or clean != sentence:
        mentions = find_mentions(clean, when=ctx.published)
    if supplied and (mentions.xi or mentions.putin):
        mentions = replace(mentions, xi=True, putin=True)
    if (
        mentions.xi
        and not mentions.putin
        and AT_KREMLIN.search(sentence)
        # The Kremlin's host in 2010 was Medvedev.
        and (ctx.published is None or putin_is_president(ctx.published))
    ):
        mentions = Mentions(xi=True, putin=True, pair=mentions.pair)
    direct = mentions.xi and mentions.putin
    if (
        (mentions.pair or mentions.generic_pair)
        and clean != sentence
        and not (mentions.xi or mentions.putin)
        and find_mentions(sentence, when=ctx.published).named_both
    ):
        # "The two leaders agreed to implement the consensus reached by President Xi and
        # President Putin": the two are named in the stock phrase, so "the two leaders" who
        # agreed are others (the premiers who met).
        return None
    # "Putin held talks with Modi, Peskov said, adding that Putin would hold talks with Xi":
    # the tense of their predicate is read in its own clause.
    own = _their_clause(lex, clean) if direct and lex.other_party.search(clean) else None
    # "The two leaders" of an article led by another meeting ("Modi, Putin hold talks") are
    # that meeting's.
    paired = (mentions.pair and ctx.both_named) or (
        mentions.generic_pair and ctx.opens_with_both and not ctx.lead_elsewhere
    )
    if not (direct or paired):
        if ctx.both_named and (visit := _visit_plan(clean, lex, mentions)):
            return _planned_visit(
                sentence, clean, lex, visit, direct=False, published=ctx.published
            )
        return None
    phone, video = _phone(lex, clean), lex.video.search(clean)
    habits = [h.span() for h in lex.habit.finditer(clean)] if phone or video else []
    if habits:
        # "…hoped to meet Xi, noting that the two had been communicating by phone and video
        # link": a means they keep in touch by is no call of the day; a call outside it is.
        kept = "".join(
            " " if any(s <= k < e for s, e in habits) else ch for k, ch in enumerate(clean)
        )
        phone, video = _phone(lex, kept), lex.video.search(kept)
    meet, joint = lex.meet.search(clean), lex.joint.search(clean) or _joint_act(lex, clean)
    mine = _own_cue_with(lex, clean) if direct and lex.other_party.search(clean) else None
    if mine is not None:
        # "Putin met Erdogan on Wednesday, hours after holding talks with Xi": the subject's own
        # talks with the other leader, whoever else he met.
        phone, video, meet, joint = (
            mine if any(m.span() == mine.span() for m in rx.finditer(clean)) else None
            for rx in (lex.phone, lex.video, lex.meet, lex.joint)
        )
    if (
        phone
        and meet
        and (turn := _NEXT_CLAUSE.search(clean, meet.end(), phone.start()))
        and lex.other_party.search(clean, turn.end(), phone.start())
    ):
        # "Xi and Putin hold formal talks in Kremlin as Zelensky waits for a call": someone else,
        # in the next clause, owns the call.
        phone = None
    if (
        phone
        and (earlier := video or meet)
        and earlier.end() <= phone.start()
        and lex.other_party.search(clean, phone.end(), phone.end() + 30)
    ):
        # "Xi talks to Putin by video, then picks up the phone to Trump": the later call is
        # someone else's.
        phone = None
    if phone and video and not _SAYS_PHONE.search(phone.group()):
        # «Состоялся разговор … в режиме видеоконференции»: the link says how they spoke.
        phone = None
    if (
        meet
        and (call := phone or video)
        and meet.end() <= call.start()
        and lex.reference.search(clean, meet.end(), call.start())
    ):
        # "Xi and Putin meet in Tianjin three weeks after phone call": the call is the mark the
        # meeting is dated by.
        phone = video = None
    if meet and _FACE_TO_FACE.search(clean):
        # "Лидеры встретились лично впервые — до этого общались по видеосвязи и телефону": the
        # meeting in person is the news, the calls its contrast.
        phone = video = None
    if (
        meet
        and (call := phone or video)
        and call.end() <= meet.start()
        and (told := _told_topic(clean, meet))
        and call.end() <= told.start()
    ):
        # "普京同习近平通电话，通报了同威特科夫会谈的情况", "spoke with Xi and briefed him on his
        # meeting with Witkoff": the meeting told is the call's topic, and its partner no
        # party to the call.
        clean = clean[: told.start()]
        meet = None
        joint = joint if joint is not None and joint.end() <= len(clean) else None
    if meet and not (phone or video) and _told_topic(clean, meet):
        # "briefed Xi about his recent meeting with Witkoff", «проинформировал … о встрече
        # представителей России и США»: what was told is the topic, not their meeting (but
        # «рассказал о переговорах с Си Цзиньпином» is theirs).
        meet = next(
            (m for m in lex.meet.finditer(clean, meet.end()) if not _told_topic(clean, m)), None
        )
    if meet and joint and not (phone or video) and _cue_with_other(lex, clean, meet):
        # "Путин рассказал Си Цзиньпину о встрече со Уиткоффом": the telling is theirs, the
        # meeting someone else's.
        meet = None
    cue = phone or video or meet or joint
    if (
        meet is not None
        and cue is meet
        and (guests := _OTHER_GUESTS.search(clean))
        and not lex.bilateral.search(clean)
    ):
        # "shook hands with Putin and other guests as they arrived", «обменялся с каждым
        # рукопожатием»: a host's receiving line, not their meeting.
        return Reading(sentence, "summit", None, direct=direct, cue=guests.group())
    if cue is not None and (others := [m.span() for m in _OTHERS_TALKS.finditer(clean)]):
        named_cues = [m for rx in (lex.phone, lex.video, lex.meet) for m in rx.finditer(clean)]
        if (
            named_cues
            and all(any(s <= m.start() < e for s, e in others) for m in named_cues)
            # Not "Xi and Putin held talks on the pipeline": the two as the talks' subject.
            and not any(n.start() < others[0][0] for n in _leader_names(clean))
        ):
            # "Negotiations on the Power of Siberia 2 pipeline remain deadlocked, despite
            # endorsements by Putin and Xi": the talks are a deal's, not the two leaders'.
            return None
    if cue is None:
        if visit := _visit_plan(clean, lex, mentions):
            return _planned_visit(
                sentence, clean, lex, visit, direct=direct, published=ctx.published
            )
        return None
    if _both_absent(clean):
        # "BRICS meets in Rio without Xi and Putin": whoever met, the two were not there.
        return Reading(sentence, "denied", None, direct=direct, cue=cue.group())
    if _said_at_meeting_with_one(lex, clean):
        # "At a meeting with Putin, Lukashenko said he had recently met Xi": the meeting is the
        # speaker's, and so is the one he tells of.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if _setting_of_other(lex, clean):
        # "At the start of the meeting, Lavrov conveyed greetings from Putin to Xi": the
        # meeting the sentence opens on is its subject's.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        ctx.lead_elsewhere
        and (_DEFINITE.match(cue.group()) or _DEFINITE_BEFORE.search(clean, 0, cue.start()))
        and not any(
            _names_near(clean, m)
            for rx in (lex.phone, lex.video, lex.meet)
            for m in rx.finditer(clean)
        )
    ):
        # "Xi spoke to Zelenskiy … Analysts said the call appeared designed to…": "the call" of
        # an article led by another contact is that contact.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        (clause := _PERSON_CLAUSE.search(clean, max(0, cue.start() - 80), cue.start() + 1))
        and clause.start() <= cue.start() < clause.end()
        # The person the clause is about is named, and is neither leader ("Fico, who…", not
        # "Putin, who…" or "The leaders, who…").
        and _NAME_BEFORE.search(clean, 0, clause.start())
        and not _leader_names(clean[max(0, clause.start() - 30) : clause.start()])
    ):
        # "Fico, who held talks with Xi earlier in the week, told Putin…": the talks are Fico's.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        # "Lukashenko tells Putin about his talks with Xi in phone call": the call is the
        # telling's setting, the talks what was told.
        (
            told := _TOLD_ABOUT.search(clean, 0, cue.start())
            or (meet and meet.start() < cue.start() and _TOLD_ABOUT.search(clean, 0, meet.start()))
        )
        and lex.other_party.search(clean, 0, told.start())
        and not _leader_names(clean[: told.start()])
        # Not «Ушаков рассказал об итогах переговоров Путина и Си Цзиньпина»: talks named as
        # the two's.
        and not MEETING_OF_THE_TWO.search(clean, told.end())
    ):
        # "Лукашенко рассказал Путину о переговорах с Си Цзиньпином": the teller's talks.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        ctx.lead_elsewhere
        and (you := _ADDRESSEE_MEETS.search(clean))
        and you.start() <= cue.start() < you.end()
    ):
        # "I know that you will meet with President of China Xi Jinping here in Kazan", said to
        # Modi: the guest's meeting.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        ctx.lead_elsewhere
        and (frame := _TRAILING_SPEAKER.search(clean))
        and frame.start() <= cue.start()
    ):
        # "«Мы ждем Си Цзиньпина с визитом», — сказал Путин в начале встречи": the meeting the
        # words were said at is the story's own, with someone else.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if (
        lex.meet.fullmatch(cue.group())
        and _meets_other_party(lex, clean, cue)
        and all(
            m.start() == cue.start()
            for rx in (lex.meet, lex.phone, lex.video, lex.joint)
            for m in rx.finditer(clean)
        )
    ):
        # "Xi says ready to work with Putin as he meets Russian upper house speaker": the
        # sentence's one meeting is with the one it names.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if _partner_not_leader(clean, cue) and (
        mentions.xi_implied
        or mentions.putin_implied
        # "Губернатор на встрече с делегацией заявил … договоренности, достигнутые Путиным и Си".
        or not any(n.start() < cue.start() for n in _leader_names(clean))
    ):
        # "во второй день визита в Китай … пообщался со студентами": the host is only implied,
        # or neither leader is named before the cue, and the cue's partner is someone else.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    if cue is joint and (
        any(m.start() <= cue.start() < m.end() for m in _RELATIVE_CLAUSE.finditer(clean))
        # "the 'no limits' partnership declared by Xi and Putin", with no day of its own.
        or (_PASSIVE_BY.match(clean, cue.end()) and not _dated(clean, ctx))
        # "落实习近平主席同普京总统在莫斯科签署的联合声明": the act names the thing it made.
        or (_ATTRIBUTIVE.match(clean, cue.end()) and not _dated(clean, ctx))
    ):
        # "trade, which Xi and the Russian leader have pledged to lift to $200 billion", "the
        # Years of Culture, declared by Presidents Putin and Xi": a thing's background.
        return None
    if cue is joint and _AMONG_DOERS.search(clean, max(0, cue.start() - 60), cue.start()):
        # "Xi and Putin were among those who signed a joint statement": the group's act.
        return Reading(sentence, "summit", None, direct=direct, cue=cue.group())
    if cue is joint and _SEPARATE_ACTS.search(clean):
        # "Xi, Putin each declare confidence in New Year addresses": two acts, not one together.
        return None
    if cue is joint:
        done_by_them = next(
            (
                m
                for m in [joint, *lex.joint.finditer(clean)]
                if _joint_subjects(clean, m, object_follows=lex.language == "en")
                and not _ACT_AS_NOUN.search(clean, max(0, m.start() - 40), m.start())
            ),
            None,
        )
        if done_by_them is None:
            # "Trump said they discussed Ukraine and that Xi would … pressure Putin", "Putin's
            # war budget, and Xi has rebuffed Western calls": a joint act needs the two as doers.
            return None
        if _negated(lex, clean, done_by_them.start(), done_by_them.end()):
            # "Despite repeated pledges by Xi and Putin…, Beijing and Moscow have yet to agree".
            return None
        if (
            _STANDING_BEFORE.search(clean, max(0, done_by_them.start() - 30), done_by_them.start())
            or _STANDING_AFTER.match(clean, done_by_them.end())
        ) and (_STANDING_ACT.match(done_by_them.group()) and not _dated(clean, ctx)):
            # "Putin and Xi have pledged to settle trade in yuan": a standing commitment (not
            # "have signed a joint statement", a ceremony of the day).
            return Reading(sentence, "history", None, direct=direct, cue=done_by_them.group())
    if video and not phone and _VIDEO_AUDIENCE.match(clean, video.end()):
        # "Speaking by video link to the Valdai club, Putin said … Xi": a speech, not talks.
        return Reading(sentence, "summit", None, direct=direct, cue=video.group())
    if (
        video
        and not phone
        # Searched to the end: "speaking at the start of a videoconference" is read whole.
        and (
            far := next(
                (
                    m
                    for m in lex.attend.finditer(clean, max(0, video.start() - 40))
                    if m.start() < video.start()
                ),
                None,
            )
        )
        # "tells Xi he will attend the Olympics, in a video call": the attending is to come;
        # "will take part by video link" is how he will attend.
        and (
            not _future_act(lex, clean, far)
            or _MANNER_VIDEO.match(clean, far.end())
            # "will take part in the summit by video link": still how he takes part.
            or (_MANNER_VIDEO.match(clean, video.start()) and video.start() - far.end() <= 30)
        )
        and not lex.bilateral.search(clean)
        # A joint ceremony by video link ("took part, via videoconference, in the launch") is
        # theirs.
        and not (_CEREMONY.search(clean) or lex.launch.search(clean))
    ):
        # "Putin took part by video link from Moscow", "joins by video": a session attended
        # from afar, not their talks.
        return Reading(sentence, "summit", None, direct=direct, cue=video.group())
    explicit = phone or video
    # "In Astana, where he attended the SCO summit, Xi met Putin": the clause's summit is
    # where he was, not what the main clause reports.
    summit = lex.multilateral.search(
        _WHERE_CLAUSE.sub("", clean) if not _in_where_clause(clean, cue) else clean
    )
    # "同来华出席上合峰会的普京、巴特图勒嘎举行中俄蒙元首会晤": a trilateral is their meeting too.
    # "переговоры Путина и Си Цзиньпина, а 3 сентября — парад": the talks named as the two's
    # are no session's.
    summit_only = summit and not (
        lex.bilateral.search(clean)
        or lex.trilateral.search(clean)
        or MEETING_OF_THE_TWO.search(clean)
    )
    # "met Putin …, a day before the ceremony, which Xi will attend", «с Си Цзиньпином,
    # прибывшим для участия в церемонии»: the clause's own act.
    # "met on Tuesday, a day before both were due to address the forum": the time clause's act.
    attends = lex.attend.search(
        _without_clauses(_without_time_clauses(clean, meet)) if meet else clean
    ) or _ATTENDED_BY.search(clean)
    if attends and (video or phone) and _future_act(lex, clean, attends):
        # "в ходе видеоконференции подтвердил, что примет участие в церемонии открытия": the
        # attendance is to come, the call is now.
        attends = None
    # "Xi welcomes Putin, Modi and other leaders to SCO banquet": a host greeting his guests.
    greets_all = meet and _WEAK_CUE.search(meet.group()) and lex.other_party.search(clean)
    if (
        meet
        and not explicit
        and attends
        # "…attended the meeting", «Во встрече приняли участие Путин, Си Цзиньпин, Моди…».
        and (0 <= meet.start() - attends.end() <= 12 or 0 <= attends.start() - meet.end() <= 12)
        and lex.other_party.search(clean)
        and not (lex.bilateral.search(clean) or lex.trilateral.search(clean))
    ):
        # "Xi, Putin, Jeenbekov, Modi and other leaders attended the meeting": a session's
        # guests, the meeting not theirs.
        return Reading(sentence, "summit", None, direct=direct, cue=attends.group())
    # "The SCO Heads of State Council meeting, chaired by Xi": a body's session by its name.
    session = meet and any(
        (
            0 <= meet.start() - m.end() <= 1
            or 0 <= m.start() - meet.end() <= 3
            # "the meeting of the organisation's heads of state": the session's own name.
            or m.start() <= meet.start() < m.end()
        )
        and m.group().lower() != "summit"
        for m in lex.multilateral.finditer(clean)
    )
    if summit_only and (
        (
            not explicit
            and (attends or not meet or greets_all or session or lex.among_leaders.search(clean))
        )
        # "BRICS leaders including Xi and Putin hold virtual summit": a session, not their talks.
        or (
            video
            and not phone
            and (
                attends
                or (_VIDEO_SUMMIT.search(clean) and names_rotating_summit(clean))
                # "BRICS summit opens with Xi present, Putin by video", «провел саммит ШОС в
                # режиме видеоконференции»: how one took part in the summit named before, no
                # talks of theirs named.
                or (
                    not meet
                    and _MANNER_VIDEO.match(clean, video.start())
                    and summit.start() < video.start()
                    and names_rotating_summit(clean)
                )
            )
        )
    ):
        # Both at a summit session, parade or banquet, or at a virtual summit: not a meeting
        # of the two.
        return Reading(sentence, "summit", None, direct=direct, cue=summit.group())
    if _apart_with_other(lex, clean, ctx.published) and _chained_clause(lex, clean) is None:
        # "习近平和普京分别同金正恩举行会谈", "Xi and Putin each held calls with Lula".
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    # Read only when someone else might be at the table: it looks up the speaker's name.
    speaker_takes_part = cache(lambda: _speaker_takes_part(clean, ctx.published))
    if (
        (
            (
                lex.other_party.search(_without_speaker(_TRAILING_SPEAKER.sub("", clean)))
                or speaker_takes_part()
            )
            and (
                not _linked(lex, clean)
                or _pair_is_object(clean)
                or (own is None and _cue_with_other(lex, clean, cue))
            )
            and not lex.trilateral.search(clean)
            and not _co_partners(lex, clean)
            # "«я хочу встретиться с Си, хочу встретиться с Путиным», — сказал Трамп": whatever
            # cue stands with a leader, "I" is the speaker.
            and (mine is None or speaker_takes_part())
        )
        or (
            # "Foreign ministers Lavrov and Wang Yi met … the course set by Putin and Xi": the act's
            # doers stand right before it, and neither leader does.
            _doer_before(lex, clean, cue) is not None
            and not any(n.start() < cue.start() for n in _leader_names(clean))
            and not _WITH_NEXT.match(clean, cue.end())
            # Not their meeting named as theirs («итоги встречи Путина и Си»), nor a trilateral.
            and not MEETING_OF_THE_TWO.search(clean)
            and not lex.trilateral.search(clean)
        )
        or (
            # "Xi Stays Quiet as Putin and Trump Meet in Alaska": one leader and someone else are
            # the act's subject, right before it.
            (doer := _doer_before(lex, clean, cue)) is not None
            and any(
                _CO_SUBJECT.fullmatch(clean, n.end(), doer.start())
                # Not "Путин, Си Цзиньпин и Баттулга обсудили": both leaders in the list.
                and not any(clean[m.end() : n.start()].strip() == "," for m in _leader_names(clean))
                for n in _leader_names(clean)
            )
            # Not "Putin and Modi met Xi": the other leader as the partner.
            and not any(cue.end() <= n.start() < cue.end() + 40 for n in _leader_names(clean))
            and not _WITH_NEXT.match(clean, cue.end())
            and not lex.trilateral.search(clean)
        )
    ):
        # One of them meets someone else; the other is only named.
        return Reading(sentence, "other_party", None, direct=direct, cue=cue.group())
    # "после двусторонней встречи … поздравил": greetings given in person, at their meeting.
    if (
        not explicit
        and not lex.bilateral.search(clean)
        and (
            # Near the cue, or framing the sentence ("In messages released on Tuesday, …").
            message := _MESSAGE.search(
                clean, max(0, cue.start() - lex.windows.message), cue.end() + lex.windows.message
            )
            or _MESSAGE.search(clean, 0, 30)
        )
    ):
        # Greetings, letters and telegrams: contact, not a meeting.
        return Reading(sentence, "message", None, direct=direct, cue=message.group())
    mode = "phone" if phone else "video" if video else "in_person" if meet else None
    clause = max(
        [max(0, cue.start() - 80)]
        + [b.end() for b in _CLAUSE_BREAK.finditer(clean, max(0, cue.start() - 80), cue.start())]
    )
    if (
        _asked(clean, cue, ctx.published)
        or _WHETHER.search(clean, clause, cue.start())
        # «Встретятся ли Путин и Си Цзиньпин…»: the particle after the verb asks.
        or _WHETHER_AFTER.match(clean, cue.end())
    ):
        # "习近平主席是否会同普京总统通电话？", "Will Xi and Putin meet?": asked, not told.
        return Reading(sentence, "question", mode, direct=direct, cue=cue.group())
    named_cues = [
        m
        for rx in (lex.phone, lex.video, lex.meet)
        for m in rx.finditer(clean)
        # "did not discuss a possible meeting with Trump during their video call": a topic.
        if not _TOPIC_BEFORE.search(clean, max(0, m.start() - 60), m.start())
    ]
    if any(_negated(lex, clean, m.start(), m.end()) for m in [cue, *named_cues]):
        # "Xi, who is attending in person, did not hold talks with Putin": any cue denied.
        return Reading(sentence, "denied", mode, direct=direct, cue=cue.group())
    if off := lex.called_off.search(clean) or _RETRACTED.search(clean):
        # Called off, or "An earlier version of this article said they spoke on Monday".
        return Reading(sentence, "denied", mode, direct=direct, cue=off.group())
    # "外交部发言人毛宁5日表示，2019年6月5日，…会谈": the speaker's day is not the act's.
    frame = _ZH_TOLD.search(clean) if lex.language == "zh" else None
    told = (
        clean[: frame.start()] + clean[frame.end() :]
        if frame and not _has_cue(lex, frame.group())
        else clean
    )
    if recalled := _recalled(lex, told, ctx.published):
        return Reading(sentence, "history", mode, direct=direct, cue=recalled)
    if (
        (when := _RECOLLECTION.search(clean))
        and when.start() <= cue.start() < when.end()
        and not _dated(clean, ctx)
    ):
        # "«Когда мы встречались с Си Цзиньпином в Казани, мы говорили о…», — сказал Путин":
        # the speaker dates what he says by a meeting he recalls.
        opening = " ".join(when.group().split()[:3])
        return Reading(sentence, "history", mode, direct=direct, cue=opening)
    if (ctx.lead_elsewhere or ctx.lead_aside) and (told := _background(lex, clean, ctx.published)):
        # "Putin phoned Tokayev. Earlier, he spoke with Xi": the call is not this news.
        return Reading(sentence, "history", mode, direct=direct, cue=told)
    if (
        ctx.lead_elsewhere
        and (had := _pair_had_done(clean, cue))
        and not (ctx.published and dates_in(clean, ctx.published, periods=False))
        # "He said President Xi had held talks with Mr. President earlier that day": told.
        and not _BACKSHIFT.search(clean, 0, had.end() - len(had.group().lstrip()))
    ):
        # "Novak held talks in Beijing… Putin and Xi had discussed the pipeline during their
        # meeting": the pluperfect sets their act before the news told.
        return Reading(sentence, "history", mode, direct=direct, cue=had.group().strip())
    if (
        ctx.lead_elsewhere
        and (told := _TOLD_ABOUT.search(clean, 0, cue.start()))
        and not (ctx.published and dates_in(clean, ctx.published, periods=False))
        # "Putin spoke by phone with Xi and briefed him on his talks with Witkoff": the call
        # told first is theirs.
        and not any(
            m.start() < told.start()
            for rx in (lex.phone, lex.video, lex.meet)
            for m in rx.finditer(clean)
        )
    ):
        # "Putin phoned Tokayev. He told about his recent talks with Xi": what one told
        # another leader is the topic of their call, unless it is dated (talks «накануне»).
        return Reading(sentence, "history", mode, direct=direct, cue=told.group().strip())
    if (
        ctx.lead_elsewhere
        and (ref := lex.reference.search(clean))
        and any(ref.end() <= m.start() for rx in (lex.meet, lex.phone) for m in rx.finditer(clean))
        # "Putin spoke by phone with Xi and briefed him on his talks with Witkoff": a contact
        # told before the telling is the sentence's own.
        and not (
            (after := lex.meet.search(clean, ref.end()))
            and (telling := _TOLD_ABOUT.search(clean, ref.start(), after.start()))
            and telling.start() == ref.start()
            and any(
                m.start() < ref.start() for rx in (lex.meet, lex.phone) for m in rx.finditer(clean)
            )
        )
    ):
        # "Визит Моди состоялся через неделю после того, как Путин встретился с Си": the mark
        # another event is dated by.
        return Reading(sentence, "history", mode, direct=direct, cue=ref.group())
    cues = [m for rx in (lex.phone, lex.video, lex.meet, lex.joint) for m in rx.finditer(clean)]
    # When the sentence names the meeting as theirs, only a tense cue governing it counts.
    owned = MEETING_OF_THE_TWO.search(clean)
    governing = [owned] if owned else _own_clause_cues(lex, clean, cues)
    if _is_call(lex, clean, cue):
        # "a video call, in which Putin invited Xi to make a state visit to Moscow": the visit
        # to come is not the call's tense.
        governing = [m for m in governing if m is cue or not lex.visit.search(m.group())]
    # A setting ("访问期间", "по итогам переговоров", "during a call") tells a plan cue's event
    # took place, unless a future tense governs the cue itself ("访问期间，两国元首将举行会谈").
    planned = (own is not None and _plans(lex, own)) or (
        (not _done_in(lex, _RELATIVE_CLAUSE.sub("", _without_time_clauses(clean, cue))))
        and (
            any(_governed(lex, clean, m, cues, lex.future) for m in governing)
            or _future_clause(lex, clean, owned or cue)
            or (
                not lex.setting.search(clean)
                and any(_governed(lex, clean, m, cues) for m in governing)
            )
        )
    )
    if (
        not planned
        # "…talks with Xi in Beijing on Sept. 2, Ushakov told reporters on Wednesday": the
        # speaker's words and day set no time of the talks.
        and not lex.done.search(unframed := _TRAILING_SPEAKER.sub("", clean))
        and _dated_ahead(unframed, ctx.published)
    ):
        # "克宫：普京周五与习近平视像会晤" on a Thursday, "встреча … 22 октября" on the 15th:
        # every day the sentence gives is still to come.
        planned = True
    if not planned and any(
        p.start() <= cue.start() < p.end() for p in lex.plan.finditer(clean, 0, cue.end())
    ):
        # «Накануне переговоров с Си Цзиньпином Путин провел совещание»: the plan's words hold
        # the cue itself; whatever else was done, the talks are ahead.
        planned = True
    if not planned and _heads_list(lex, clean, cue, None):
        # «Министры обсудили график предстоящих контактов, в частности встречу…»: what was
        # done is the discussion; the meeting is an item of what is ahead.
        planned = True
    if (
        not planned
        and not lex.done.search(clean)
        and (present := _PRESENT_ON_WEEKDAY.search(clean))
        and ctx.published
        and not falls_on(present.group("day"), ctx.published)
    ):
        # "He and Xi Jinping hold talks on Tuesday", on a Monday: a timetable, not a report.
        planned = True
    if (
        planned
        and (going_on := _PROGRESSIVE_ON_WEEKDAY.search(clean))
        and ctx.published
        and falls_on(going_on.group("day"), ctx.published)
        and all(p.start() == going_on.start() for p in lex.plan.finditer(clean))
        and not lex.future.search(clean)
    ):
        # "are holding talks in the Kremlin on Tuesday", on that Tuesday: under way, not ahead.
        planned = False
    if not planned and (agreed := _AGREED_TO.search(clean)):
        # "The two leaders discussed cooperation and agreed to meet at APEC next month": every
        # meeting the sentence names is the one agreed on.
        named_cues = [m for m in cues if not lex.joint.fullmatch(m.group())]
        # «Мы договорились с Председателем Си Цзиньпином, что я приеду в Китай»: the agreement
        # is the only act, and what it agrees is ahead.
        planned = (
            all(m.start() > agreed.start() for m in named_cues)
            if named_cues
            else agreed.start() <= cue.start() < agreed.end()
        )
    strong = not _THIS_IS_COUNT.match(clean) and bool(
        explicit
        or any(
            not _WEAK_CUE.search(m.group())
            # "welcomed Putin with a ceremony in Tiananmen Square": the ceremony held.
            or (_CEREMONY.search(clean, m.start(), m.end() + 30) and not _AIRPORT.search(clean))
            for m in lex.meet.finditer(clean)
        )
    )
    if (
        not planned
        and _spoken_of(clean, cue)
        and all(_spoken_of(clean, m) for m in lex.meet.finditer(clean))
        and lex.plan.search(clean, 0, cue.start())
    ):
        # "Ahead of his visit, Putin spoke about his talks with Xi", «рассказал о переговорах»,
        # 谈到…会谈: talks he only spoke of, after a plan's words, are the visit's, still ahead.
        planned = True
    if not strong and (scene := _SCENE.match(clean)) and cue.start() < scene.end():
        # "As Xi and Putin embrace in Moscow, strategists wonder...": the backdrop.
        return Reading(sentence, "backdrop", mode, direct=direct, cue=cue.group())
    if (planned or not lex.done.search(clean)) and (off := lex.no_plan.search(clean)):
        # "No meeting is planned", "встреча не планируется": the plan is denied.
        return Reading(sentence, "denied", mode, direct=direct, cue=off.group())
    if (planned and _mere_wish(lex, clean, ctx.published)) or (
        (planned or not lex.done.search(clean))
        and (
            _FORECAST.search(clean, 0, cue.start())
            # "could meet in Astana this summer, according to analysts": a forecast told after.
            or (planned and _FORECAST.search(clean, cue.end()))
            or _POSSIBLE.search(clean, 0, cue.start())
            # «Встреча Путина и Си Цзиньпина не исключена»: the possibility is the cue's own
            # predicate.
            or (
                (maybe := _POSSIBLE.search(clean, cue.end(), cue.end() + 60))
                and not _CLAUSE_BREAK.search(clean, cue.end(), maybe.start())
            )
        )
    ):
        # "Xi looks forward to meeting Putin": a courtesy, no meeting set for any time.
        # "Analysts expect the two to meet twice next year": a forecast, set by nobody.
        return Reading(sentence, "wish", mode, direct=direct, cue=cue.group())
    clause = _clause_span(clean, cue)
    if not lex.done.search(clean) and any(
        clause[0] <= m.start() < clause[1] and cue.start() < m.end()
        for m in lex.no_date.finditer(clean)
    ):
        # "Сроки следующей встречи Путина и Си пока не определены", 会晤时间尚未确定: a meeting
        # whose day nobody has set is wished for, not planned.
        return Reading(sentence, "wish", mode, direct=direct, cue=cue.group())
    if not planned and _programme_line(lex, clean, cue):
        # "Вечером — неформальная встреча Путина и Си Цзиньпина", "Tuesday - official talks":
        # a programme's line, with no verb to say it took place.
        planned = True
    kind = "plan" if planned else "report"
    said = bool(explicit) or any(
        not lex.unspecific.fullmatch(m.group()) for m in lex.meet.finditer(clean)
    )
    return Reading(
        sentence, kind, mode, direct=direct, strong=strong, mode_said=said, cue=cue.group()
    )


# Speaking of the talks, not holding them: "spoke about his talks with", «рассказал о», 谈到.
_SPOKEN_OF = guarded(rf"{words('spoken_of')}$", re.IGNORECASE)


def _spoken_of(clean: str, cue: re.Match[str]) -> bool:
    """The cue is only what someone spoke of ("spoke about his talks with Xi")."""
    return bool(
        _NOUN_CUE.fullmatch(cue.group())
        and _SPOKEN_OF.search(clean, max(0, cue.start() - 40), cue.start())
    )


# After the reported act, a phrase that sets it among earlier ones: ", their second meeting".
_APPOSITIVE = guarded(
    rf",\s+{words('appositive_determiner')}\s+(?:[\w-]+\s+){{0,2}}?{words('appositive_event')}\b"
    rf"|\s[—–]\s+{words('this_is')}\s+(?:[\w-]+\s+){{0,3}}?{words('this_is_event')}\b"
)


# "The day before, he had held talks": a pluperfect told from the news's own day.
# Opening the sentence, or after the act ("had held talks with Xi in Beijing the day before", not
# "the day before the parade").
_DAY_BEFORE = guarded(
    rf"^\W*{words('day_before_opening')}|{words('day_before')}",
    re.IGNORECASE,
)
# Reported speech shifts the tense back: "told reporters that the leaders had spoken".
_BACKSHIFT = guarded(rf"{words('reporting_verb')}(?:[\w-]+\s+){{0,4}}$")
# A call's or a meeting's topic: "reviewed last year's ties", 回顾去年…, «подвели итоги
# прошлого года».
_REVIEWED = guarded(rf"{words('reviewed')}$", re.IGNORECASE)
_DIGIT = guarded(r"\D{0,6}\d")
_RECALL_VERB = guarded(words("recall_verb"), re.IGNORECASE)
# A recall of something at most this many days back is still the news.
RECENT_RECALL_DAYS = 3


class _FreshDays:
    """Where a sentence writes in figures a day at most three days before the news."""

    def __init__(self, clean: str, published: date | None) -> None:
        self.clean, self.published = clean, published

    @cached_property
    def at(self) -> list[int]:
        if self.published is None:
            return []
        start = self.published - timedelta(days=3)
        return [
            pos
            for pos, d in dates_in(self.clean, self.published)
            if start <= d <= self.published and _DIGIT.match(self.clean, pos)
        ]


def _line_end(clean: str, at: int) -> int:
    """Where the sentence that goes on at `at` ends."""
    end = _SENTENCE_BREAK.search(clean, at)
    return end.start() if end else len(clean)


def _recalled(lex: Lexicon, clean: str, published: date | None) -> str | None:
    """Why the interaction is history, not news: years ago, counted, or dated weeks back."""
    found = [m for rx in (lex.meet, lex.phone, lex.video) if (m := rx.search(clean))]
    # «Путин и Си Цзиньпин объявили…»: a joint act is the cue when no meeting word is.
    cue = min(found, key=lambda m: m.start()) if found else _joint_act(lex, clean)
    # Days written in figures, at most three days before the news (read only when needed).
    fresh = _FreshDays(clean, published)
    day_before = [m.start() for m in _DAY_BEFORE.finditer(clean)]
    if habit := _habit(lex, clean):
        return habit
    for rx in (lex.history, lex.aggregate):
        for m in rx.finditer(clean):
            # "Договор, подписанный двадцать лет назад": the document is old, not the meeting.
            # Not "announced the treaty's extension during their video meeting last month": the
            # time after the cue is the meeting's.
            if (doc := _DOCUMENT.search(clean, max(0, m.start() - 80), m.start())) and not (
                cue and doc.end() <= cue.start() < m.start()
            ):
                continue
            if cue and any(
                s <= m.start() < e and not s <= cue.start() < e
                for s, e in (r.span() for r in _RELATIVE_CLAUSE.finditer(clean))
            ):
                continue  # "trade, which topped $240 billion last year": the clause's own time
            if rx is lex.aggregate and _future_before(lex, clean, m.start()):
                continue  # "проведет около 20 двусторонних встреч, в том числе с Си": ahead
            if rx is lex.aggregate and any(
                _SENTENCE_BREAK.search(clean, m.end(), c.start())
                and published
                and dates_in(clean[max(0, c.start() - 30) : _line_end(clean, c.end())], published)
                for r in (lex.meet, lex.phone, lex.video)
                for c in r.finditer(clean, m.end())
            ):
                # "провёл более 20 двусторонних встреч. Во вторник он провёл переговоры с Си",
                # «Ключевой стала встреча с Си Цзиньпином в четверг»: the count's next line is a
                # dated act of its own.
                continue
            if rx is lex.aggregate and any(
                (i := lex.including.search(clean, max(m.end(), c.start() - 30), c.start()))
                and i.end() == c.start()
                and published
                and dates_in(clean[c.start() : c.end() + 80], published)
                for r in (lex.meet, lex.phone, lex.video)
                for c in r.finditer(clean, m.end())
            ):
                # "has held 15 meetings …, including formal talks with Xi on Tuesday".
                continue
            if cue and _APPOSITIVE.search(clean, cue.end(), m.start()):
                continue  # "held talks on Wednesday, their second meeting since May": as told
            if rx is lex.history and cue and _FIRST_SINCE.search(clean, cue.end(), m.end()):
                # "met in the Kremlin, for the first time since the SCO summit in Samarkand
                # last September", «впервые после саммита … в сентябре прошлого года».
                continue
            if rx is lex.history and cue and _SINCE.search(clean, cue.end(), m.start()):
                # "held talks … on his first trip since he was elected head of state last
                # week": the time is the earlier event's.
                continue
            if (
                rx is lex.history
                and cue
                and m.start() > cue.end()
                and any(
                    c.start() >= m.end() and lex.other_party.search(clean, m.end(), c.start())
                    for r in (lex.meet, lex.phone)
                    for c in r.finditer(clean)
                )
            ):
                continue  # "8日与习近平通电话，通报了不久前同威特科夫会谈的成果": a later meeting's
            if (
                rx is lex.history
                and cue
                and m.start() > cue.end()
                and _CLAUSE_BREAK.search(clean, cue.end(), m.start())
                and _later_event(lex, clean, m.end())
            ):
                continue  # "同普京总统会晤，…共同回顾了不久前的莫斯科之行成果": that trip's
            if (
                rx is lex.history
                and cue
                and m.start() > cue.end()
                and _REVIEWED.search(clean, max(0, m.start() - 12), m.start())
            ):
                continue  # "通电话，…回顾去年双边关系发展成果": the year the call looked back on
            if (
                rx is lex.history
                and cue
                and not _YEARS_AGO.search(m.group())
                and any(
                    m.end() <= p < c.start()
                    for p in fresh.at
                    for r in (lex.meet, lex.phone, lex.video)
                    for c in r.finditer(clean, m.end())
                )
            ):
                # "此前，他于16日…同习近平主席举行的会谈" the next day, "此前，习近平同纳扎尔巴耶夫
                # 会谈，8日在莫斯科同普京会谈": that day is news.
                continue
            if (
                rx is lex.history
                # "said relations had grown since Xi and Putin spoke in February": "since"
                # looks back whoever tells it.
                and not _SINCE.match(m.group())
                and _BACKSHIFT.search(clean, max(0, m.start() - 80), m.start())
            ):
                continue  # "Ushakov told reporters that the two had spoken": reported, not recalled
            # Not "A decade ago this week, … after their talks the previous day": that day is
            # counted from the decade-old one.
            if rx is lex.history and cue and day_before and not _YEARS_AGO.search(m.group()):
                continue  # "The day before, he had held talks with Xi": told from the news day
            if (
                rx is lex.history
                and _RECALL_VERB.match(m.group())
                and (
                    # «напомнил, что накануне провел переговоры»: days old, still news.
                    any(
                        (published - d).days <= RECENT_RECALL_DAYS
                        for _pos, d in (dates_in(clean[m.end() :], published) if published else [])
                    )
                    # «напомнили, что в конце месяца Путин отправится в Китай»: ahead.
                    or lex.future.search(clean, m.end())
                    or lex.plan.search(clean, m.end())
                )
            ):
                continue
            if (
                rx is lex.history
                and cue
                and _PLUPERFECT.match(m.group())
                and _days_back(_clause_of(clean, cue), published) in (1, 2, 3)
            ):
                continue  # "had held talks with Xi on Thursday", in Friday's news: this trip's
            return m.group()
    clean = WIRE_HEAD.sub("", clean, count=1)
    if cue and (appositive := _APPOSITIVE.search(clean, cue.end())):
        # "— это их первая очная встреча после саммита в Казани в октябре": the month dates the
        # earlier meeting the appositive measures from, not this one.
        clean = clean[: appositive.start()]
    if (
        cue
        and (clause := _PERSON_CLAUSE.search(clean, cue.end()))
        and _has_cue(lex, clause.group())
    ):
        # "welcomed Putin … for talks, …, who last met in person in September": the clause
        # dates the pair's earlier meeting, not this one.
        clean = clean[: clause.start()] + clean[clause.end() :]
    if cue and (since := _FIRST_SINCE.search(clean, cue.end())):
        # "met in the Kremlin, for the first time since the summit in Samarkand last September".
        clean = clean[: since.start()]
    past = bool(lex.done.search(clean) or not lex.plan.search(clean))
    # "普京将于16日至17日访华" on the 15th: a plan's bare days are ahead, not a month back.
    if (past or not lex.future.search(clean)) and _long_ago(clean, published, past=past):
        return "dated before the news"
    if _past_month(lex, clean, published):
        return "an earlier month"
    if (
        cue
        and _YEAR.search(clean)
        and (past or not lex.future.search(_clause_of(clean, cue)))
        and _long_ago(_clause_of(clean, cue), published, past=past)
    ):
        # "the target that Xi and Putin set when they met in Shanghai in May 2014", in a 2016
        # story dated by another clause's "on Wednesday".
        return "dated before the news"
    if (
        cue
        and (past or not lex.future.search(clean))
        and _long_ago(clean[: cue.end()], published, past=past)
        and not dates_in(clean, published)
    ):
        # "2019年6月，习近平主席同普京总统在莫斯科会谈时共同宣布，将2020年、2021年确定为…": the year
        # before the cue dates it; later ones are what they declared.
        return "dated before the news"
    if (
        cue
        and _YEAR.search(clean, 0, cue.start())
        and published
        and dates_in(clean[: cue.start()], published)
        and not (lex.future.search(clean, 0, cue.end()) or lex.plan.search(clean, 0, cue.end()))
        and _long_ago(clean[: cue.end()], published, past=True)
    ):
        # "2021年12月15日，习近平同普京举行视频会晤，普京表示将出席冬奥会": a year's day before the
        # cue dates it, whatever a later clause says of the future.
        return "dated before the news"
    return None


def _habit(lex: Lexicon, clean: str) -> str | None:
    """The habit every cue of the sentence stands in ("Despite regular meetings of Putin and Xi,
    banks…"), or None when a cue stands outside one."""
    habits = list(lex.habit.finditer(clean))
    if not habits:
        return None
    cues = [c for rx in (lex.meet, lex.phone, lex.video) for c in rx.finditer(clean)]
    inside = all(any(h.start() <= c.start() < h.end() for h in habits) for c in cues)
    return habits[0].group() if cues and inside else None


def _clause_of(clean: str, cue: re.Match[str]) -> str:
    """The clause the cue stands in, between clause breaks."""
    start, end = _clause_span(clean, cue)
    return clean[start:end]


def _clause_span(clean: str, cue: re.Match[str]) -> tuple[int, int]:
    """Where the cue's clause starts and ends: from the last clause break before it to the
    next one after it."""
    start = max((b.end() for b in _CLAUSE_BREAK.finditer(clean, 0, cue.start())), default=0)
    stop = _CLAUSE_BREAK.search(clean, cue.end())
    return start, stop.start() if stop else len(clean)


def _later_event(lex: Lexicon, clean: str, at: int) -> bool:
    """Another trip or meeting is named after `at`, in the same clause, with no leader named
    before it ("回顾了不久前的莫斯科之行", not "前几天同习近平通了电话")."""
    stop = _CLAUSE_BREAK.search(clean, at)
    end = stop.start() if stop else len(clean)
    for rx in (_TRIP_WORD, lex.meet, lex.phone):
        if (event := rx.search(clean, at, end)) and not _leader_names(clean[at : event.start()]):
            return True
    return False


_TRIP_WORD = guarded(words("trip"), re.IGNORECASE)


# "Putin and Xi had discussed", "the two leaders had already met": a leader's pluperfect.
_HAD_DONE = guarded(
    rf"\s+(?:{words('pluperfect')})\s+(?:(?:{words('pluperfect_adverb')})\s+)?"
    rf"(?:\w+ed|{words('irregular_participle')})\b"
)


def _pair_had_done(clean: str, cue: re.Match[str]) -> re.Match[str] | None:
    """The pluperfect right after a leader's name, before the cue, or None."""
    for name in _leader_names(clean[: cue.start()]):
        if had := _HAD_DONE.match(clean, name.end()):
            return had
    return None


def _background(lex: Lexicon, clean: str, published: date | None) -> str | None:
    """The opening words that set a sentence back as background, when it names no day."""
    told = lex.background.match(clean)
    # The opening words themselves may name a day ("Накануне"): only the rest may date it; a
    # period ("Earlier this week") dates nothing.
    if told is None or (
        published is not None and dates_in(clean[told.end() :], published, periods=False)
    ):
        return None
    return told.group().strip()


def _phone(lex: Lexicon, text: str) -> re.Match[str] | None:
    """A telephone cue outside any video cue: "a video call with Putin" is no phone call."""
    # Blanked to the same length, so that positions still point into `text`.
    return lex.phone.search(lex.video.sub(lambda m: " " * len(m.group()), text))


def _has_cue(lex: Lexicon, sentence: str) -> bool:
    return bool(
        lex.meet.search(sentence)
        or lex.phone.search(sentence)
        or lex.video.search(sentence)
        or lex.joint.search(sentence)
    )


def _xi_spans(sentence: str) -> set[tuple[int, int]]:
    """Where the sentence names Xi (of the spans _leader_names gives, the rest are Putin's)."""
    return {m.span() for rx in (XI_NAME, XI_TITLE) for m in rx.finditer(sentence)}


def _leader_names(sentence: str) -> list[re.Match[str]]:
    """Where the sentence names Xi or Putin, by name or title, in order."""
    patterns = (XI_NAME, XI_TITLE, PUTIN_NAME, PUTIN_TITLE)
    found = [m for rx in patterns for m in rx.finditer(sentence)]
    return sorted(found, key=lambda m: m.start())


def _doer_before(lex: Lexicon, clean: str, cue: re.Match[str]) -> re.Match[str] | None:
    """Someone else named in the cue's own clause, right before it, with no words said between
    ("Lavrov and Wang Yi met"), or None."""
    others = list(lex.other_party.finditer(clean, max(0, cue.start() - 40), cue.start()))
    if not others:
        return None
    doer = others[-1]
    between = (doer.end(), cue.start())
    if _CLAUSE_BREAK.search(clean, *between) or _SAID_BEFORE.search(clean, *between):
        return None
    return doer


def _own_cue_with(lex: Lexicon, sentence: str) -> re.Match[str] | None:
    """The cue whose partner, right after "with", is one leader when the sentence opens on the
    other as its subject, before anyone else ("Putin met Fico, after holding talks with Xi")."""
    names = _leader_names(sentence)
    if (
        not names
        or lex.other_party.search(sentence, 0, names[0].start())
        # Two sentences read together: the first one's subject is not the second one's.
        or _SENTENCE_BREAK.search(sentence)
    ):
        return None
    xi = _xi_spans(sentence)
    # Not in a relative clause: "Putin met Erdogan, who had talks with Xi last week".
    relative = [m.span() for m in _RELATIVE_CLAUSE.finditer(sentence)]
    cues = [
        m
        for rx in (lex.meet, lex.phone, lex.video)
        for m in rx.finditer(sentence)
        if not any(s <= m.start() < e for s, e in relative)
    ]
    for name in names[1:]:
        joined = _JOINED.search(sentence, max(0, name.start() - 40), name.start())
        if (name.span() in xi) == (names[0].span() in xi) or joined is None:
            continue
        for cue in cues:
            if 0 <= joined.start() - cue.end() <= 2:
                return cue
    return None


_ABSENT_BEFORE = guarded(rf"(?:{words('absent_before')})$", re.IGNORECASE)


def _both_absent(sentence: str) -> bool:
    """The first leader named follows "without"/«без» and the other comes after him: the act
    went on without both ("without Xi and Putin")."""
    names = _leader_names(sentence)
    return (
        len(names) > 1
        and _ABSENT_BEFORE.search(sentence, max(0, names[0].start() - 40), names[0].start())
        is not None
    )


def _after_with(sentence: str, name: re.Match[str]) -> bool:
    """The name follows a joining word ("with", "с", "同") and titles."""
    return bool(_JOINED.search(sentence, max(0, name.start() - 40), name.start()))


def _apart_with_other(lex: Lexicon, clean: str, published: date | None) -> bool:
    """Both leaders, then "each"/"分别", then someone else: each met the other party; both as
    someone's partners, then "分别" (与习近平和普京分别会谈), or someone else, then
    "分别"/"separate" and the two (one may come before it): he met each of them."""
    apart = _SEPARATELY.search(clean)
    if apart is None:
        return False
    # Both named before it: "国家主席习近平…分别会见俄罗斯总统普京、…" names Xi twice.
    before = find_mentions(clean[: apart.start()], when=published)
    if before.xi and before.putin:
        # "他…与习近平和普京分别会谈时": the two are his partners, each apart.
        names = _leader_names(clean[: apart.start()])
        return lex.other_party.search(clean, apart.end()) is not None or bool(
            _pair_is_object(clean[: apart.start()])
            or (
                lex.language == "zh"
                and names
                and _ZH_WITH_PARTNER.search(clean[: names[0].start()])
            )
        )
    # "埃尔多安…分别同习近平和普京举行了会晤", "Erdogan met separately with Xi and Putin",
    # "Mirziyoyev hosted Xi on Wednesday and held separate talks with Putin".
    after = find_mentions(clean[apart.end() :], when=published)
    return (
        (after.xi and after.putin and not (before.xi or before.putin))
        or (after.xi and before.putin and not before.xi)
        or (after.putin and before.xi and not before.putin)
    ) and lex.other_party.search(clean, 0, apart.start()) is not None


_SEPARATELY = guarded(words("separately"))
_SEPARATE_ACTS = guarded(words("separately"), re.IGNORECASE)
_OTHER_GUESTS = guarded(words("other_guests"), re.IGNORECASE)
_AMONG_DOERS = guarded(rf"(?:{words('among_doers')})$", re.IGNORECASE)
# "Ровно год назад, 16 мая": the day that follows is of that year.
_YEARS_AGO = guarded(words("years_ago"))


def _pair_is_object(sentence: str) -> bool:
    """The first of the two names follows "with"/"с"/"同": both are someone else's partners
    ("Modi held talks with Xi and Putin", "Трамп хочет встретиться с Си и Путиным")."""
    names = _leader_names(sentence)
    return bool(names) and (
        _after_with(sentence, names[0])
        or bool(_TALK_TO.search(sentence, max(0, names[0].start() - 30), names[0].start()))
        or bool(_OBJECT_OF.search(sentence, max(0, names[0].start() - 40), names[0].start()))
    )


_OBJECT_OF = guarded(rf"{words('pair_object_verb')}(?:[\w-]+\s+){{0,3}}$", re.IGNORECASE)
# "Trump says he'll talk to Xi and Putin": the two are whom someone talks to.
_TALK_TO = guarded(
    rf"{words('talk_to')}(?:{words('talk_to_title')}\s+){{0,2}}$",
    re.IGNORECASE,
)


def _co_partners(lex: Lexicon, sentence: str) -> bool:
    """One leader's partners listed together, the other leader among them ("Путин провёл
    переговоры с Моди, Председателем КНР Си Цзиньпином и Рамафосой"): a talk with each, so the
    others named are no reason to set the sentence aside."""
    names = _leader_names(sentence)
    if not names:
        return False
    first_partner = 1  # names[0] is the subject, unless the list has none
    if _after_with(sentence, names[0]):
        # "On October 22, the President will meet with Xi, Modi and Ramaphosa": the office,
        # with no name, is the other leader.
        office = _BARE_OFFICE.search(sentence, 0, names[0].start())
        if lex.other_party.search(sentence, 0, names[0].start()):
            return False
        if office is None:
            # «Запланированы переговоры с Председателем КНР Си Цзиньпином, премьер-министром
            # Индии…»: no subject at all, the list is the partners of the one named before (not
            # "'I want to meet with President Xi, and … with President Putin,' Trump said").
            if _FIRST_PERSON.search(sentence):
                return False
            joined = _WITH.search(sentence)
            # "He met Xi Jinping, Narendra Modi and …": the first of a list is a partner too.
            first_partner = 0 if _NEXT_IN_LIST.match(sentence, names[0].end()) else 1
        else:
            joined, names = _WITH.search(sentence, office.end()), [office, *names]
    else:
        joined = _WITH.search(sentence, names[0].end())
    if joined is None:
        return False
    stop = _LIST_END.search(sentence, joined.end())
    end = stop.start() if stop else len(sentence)
    listed = sentence[joined.end() : end]
    partner = any(
        joined.end() <= n.start() < end
        and (
            _after_with(sentence, n) or _LISTED.search(sentence, max(0, n.start() - 40), n.start())
        )
        for n in names[first_partner:]
    )
    others = list(lex.other_party.finditer(sentence))
    return (
        partner
        and bool(others)
        and all(joined.end() <= m.start() < end for m in others)
        and not _LIST_VERB.search(listed)
        # "Xi meets Modi, Putin sits down with Erdogan": after "meets", a partner word starts
        # another clause (not "с Эрдоганом, с Шарифом и с Си Цзиньпином").
        and not (_MET_BEFORE.fullmatch(joined.group().strip()) and _WITH.search(listed))
        and past_verb(listed) is None
        and future_verb(listed) is None
    )


_BARE_OFFICE = guarded(words("bare_office"))
# "分别会见了俄罗斯总统普京、印度总理莫迪…": Xi's partners listed after 会见.
_WITH = guarded(rf"{words('with')}\s|{words('with_unspaced')}|{words('met_before_partners')}")
# The next item of a list: ", Председателем КНР Си Цзиньпином".
_LISTED = guarded(rf"[,、]\s*{_LIST_TITLES}", re.IGNORECASE)
# A partner list ends at a clause break; a verb inside it would start another clause.
_LIST_END = guarded(r"[.;:!?。；：！？]|\s[—–]\s")
_LIST_VERB = guarded(words("list_verb"))
_NEXT_IN_LIST = guarded(r"\s*[,、]")
_MET_BEFORE = guarded(words("met_before_partners"))


def _before_told_about(lex: Lexicon, sentence: str) -> str:
    """The sentence up to what one leader told the other about, when a contact is told before
    it ("поговорил с Си Цзиньпином и проинформировал его об итогах беседы с Уиткоффом"): whom
    that names is the topic."""
    told = BRIEFING.search(sentence)
    if told is None or not _has_cue(lex, sentence[: told.start()]):
        return sentence
    return sentence[: told.start()]


def _partner_named(sentence: str) -> bool:
    """The leader a sentence names stands as the partner of its interaction ("переговоры с
    председателем КНР Си Цзиньпином", "talks with Xi", "同习近平会谈")."""
    if any(_after_with(sentence, name) for name in _leader_names(sentence)):
        return True
    # The guest addressed by his office: "talks with Mr. President", "同总统先生举行了会谈".
    return bool(_WITH_THE_GUEST.search(sentence))


_WITH_THE_GUEST = guarded(words("with_the_guest"), re.IGNORECASE)


def _speakers(sentences: list[str], published: date | None) -> list[str | None]:
    """Whose turn each sentence of a transcript is: "xi", "putin", or None (no leader's)."""
    out, speaker = [], None
    for sentence in sentences:
        if turn := _TURN.match(sentence):
            who = find_mentions(turn.group(), when=published)
            speaker = "xi" if who.xi and not who.putin else "putin" if who.putin else None
        out.append(speaker)
    return out


def _leader_turns(sentences: list[str], published: date | None) -> set[int]:
    """The sentences a transcript gives to Xi or Putin ("Си Цзиньпин (как переведено): … Рад
    приветствовать Вас в Пекине"): their words say where they are."""
    return {k for k, speaker in enumerate(_speakers(sentences, published)) if speaker}


def _attends_session(lex: Lexicon, sentence: str) -> bool:
    """The sentence's meeting cue is what someone attends or chairs ("主持会晤", "chaired the
    meeting")."""
    return any(
        0 <= m.start() - a.end() <= 6
        for a in lex.attend.finditer(sentence)
        for m in lex.meet.finditer(sentence, a.end())
    )


def _joined(first: str, second: str) -> str:
    """Two sentences read as one, still two sentences: a title gets its missing full stop."""
    end = "" if first[-1:] in ".!?。！？" else ("。" if _CJK_END.search(first) else ".")
    return f"{first}{end} {second}"


_CJK_END = guarded(r"[\u4e00-\u9fff]$")

# A wire title's source tag: "Putin, Xi to meet — Kremlin", "… — Песков".
_SOURCE_TAG = guarded(
    rf"\s+[—–-]+\s*{words('source_tag_article')}?{words('source_tag')}\w*"
    rf"{words('source_tag_role')}?\s*$",
    re.IGNORECASE,
)


def _title_of(doc: "ClassifyInput") -> str:
    """The title as read: spaces made plain, ё as е, a wire's source tag dropped."""
    return _SOURCE_TAG.sub("", without_yo(normalise_spaces(doc.title or ""))).strip()


_QUESTION = guarded(r"[?？]\W*$")
_END_MARK = guarded(r"[.!?。！？]")


def _asked(clean: str, cue: re.Match[str], published: date | None = None) -> bool:
    """The cue's own sentence part ends in a question mark: "Could Xi and Putin meet again?
    Analysts weigh the odds" asks, whatever follows."""
    end = _END_MARK.search(clean, cue.end())
    if _ASKS.match(clean):
        return True
    if _QUESTION.search(clean) or (end is not None and end.group() in "?？"):
        # "习近平主席同普京总统昨天…的会见中谈到了什么？": what a meeting of a past day covered;
        # «как прошла сегодняшняя встреча?»: how today's went, in the past tense.
        return not (
            published
            and (asks := _CONTENT_QUESTION.search(clean, max(0, cue.start() - 40)))
            and any(
                d < published or (d == published and past_verb(clean, asks.start(), cue.start()))
                for _pos, d in dates_in(clean, published)
            )
        )
    if not _ASKED_ABOUT.search(clean, max(0, cue.start() - 40), cue.start()):
        return False
    # "Asked about his meeting with Xi yesterday, Putin said…": a question about a past day
    # takes the meeting as held.
    return not (published and any(d < published for _pos, d in dates_in(clean, published)))


# "Песков ответил на вопрос о встрече Путина и Си", "asked about a possible meeting": the
# meeting is what was asked about.
_ASKED_ABOUT = guarded(words("asked_about"), re.IGNORECASE)
_CONTENT_QUESTION = guarded(words("content_question"))


# A reporter's question passing on a rumour: "问：有消息称，普京总统可能…", "Q: Reports say…"
# (a question's stated fact, "问：8月8日，习近平主席同普京总统通电话", stands).
_ASKS = guarded(
    # "在今天的例行记者会上，有记者问：据俄方称，…": the question may be introduced.
    rf"[^。:：?？]{{0,30}}?{words('question_label')}\s*[:：]\s*{words('rumour_source')}"
)


# An indirect question before the cue: "asked whether Xi would meet Putin", "是否将同普京会晤".
_WHETHER = guarded(words("whether"), re.IGNORECASE)
_WHETHER_AFTER = guarded(words("whether_after"), re.IGNORECASE)
# "这是中俄两国元首今年第三次会面", "This will be their third meeting": a count of the meeting
# the article tells, not a report of its own (weak: a plan beside it wins).
_THIS_IS_COUNT = guarded(words("this_is_count"), re.IGNORECASE)

# A commentary's or an opinion's title: what it says of a meeting is comment, not news.
# "China Daily editorial:": the outlet may come first.
_COMMENT = guarded(
    rf"^\W*(?:[\w'’.]+\s+){{0,3}}?{words('comment_title')}\s*[：:|—–-]", re.IGNORECASE
)

# A look back over a year: "2024 in Review:", "Year-ender", «Итоги года:», 年终盘点, 回眸2024
# (not "подвели итоги года", what the leaders did).
_REVIEW = guarded(words("year_review"), re.IGNORECASE)

# "They" are whoever the sentence before named ("Трамп и Си встретились… они обсудили").
_THEY = guarded(words("they"), re.IGNORECASE)

# A sentence opening on "the leaders" (Channel One's "Лидеры обсудили…").
_THE_LEADERS = guarded(rf"^\W*{words('the_leaders')}\b")
# «Перед этим лидеры провели переговоры»: the same day's "the leaders", also in a clause after a
# colon («Основная часть программы пришлась на Москву: в среду в Кремле лидеры…»).
_DAY_THEN_LEADERS = guarded(
    rf"^(?:[^.!?:;]{{0,80}}[:;]\s+)?\W*{words('day_opening')}{words('the_leaders')}\b"
)
# «Накануне, 8 мая, лидеры провели переговоры»: read so only when nothing before was a report
# (after today's talks it is an earlier meeting of theirs, not the news).
_EARLIER_THEN_LEADERS = guarded(rf"^\W*{words('earlier_day_opening')}{words('the_leaders')}\b")

# A transcript's turn: "В.Путин:", "Си Цзиньпин (как переведено):", "Vladimir Putin:", "普京：".
_TURN = guarded(
    # "President of the People's Republic of China Xi Jinping (retranslated):".
    rf"^\W*(?:[А-ЯЁA-Z]\.\s*)?(?:[А-ЯЁA-Z][\w'’-]+\s+|{words('title_connective')}\s+){{0,8}}?[\w-]+\s*"
    r"(?:\([^)]{1,40}\))?\s*:\s"
    rf"|^\W*{words('turn_speaker')}\s*[：:]"
)

_HOST_RECEIVED = guarded(words("host_received"))
# A title that starts with the interaction and leaves out who held it ("Переговоры с
# Председателем КНР Си Цзиньпином", "Telephone conversation with President of China Xi Jinping").
_SUBJECTLESS = guarded(
    rf"^\W*(?:{words('title_opening')}\s+)?(?:\w+-\w+\s+|{words('title_adjective')}\s+)?"
    rf"{words('interaction_title')}\s+"
    rf"{words('with')}\b",
    re.IGNORECASE,
)


_TITLE_OPENING = guarded(rf"^\W*{words('title_opening')}\s", re.IGNORECASE)

_KREMLIN_MESSAGE = guarded(
    rf"^\W*{words('message_title')}\s+(?:[\w-]+\s+){{0,2}}?{words('president_of_china')}"
)


def _read_all(
    sentences: list[str], named: list[Mentions], lex: Lexicon, ctx: Context
) -> list[Reading]:
    """Read every sentence; one naming a single leader is read together with the sentence before
    it (or the title) when that names the other: "Putin arrived in Beijing. He met Xi..."."""
    readings = []
    speakers = _speakers(sentences, ctx.published)  # in a transcript, whose turn it is
    kinds: dict[int, str] = {}  # what each sentence read, by index
    for i, sentence in enumerate(sentences):
        speaker = speakers[i]
        leaders = (
            i > 0
            # In a story of someone else's call, "the presidents agreed" are that call's two.
            and not ctx.lead_elsewhere
            and (
                _THE_LEADERS.match(sentence)
                or _DAY_THEN_LEADERS.match(sentence)
                or (_EARLIER_THEN_LEADERS.match(sentence) and "report" not in kinds.values())
                or lex.their_own.search(sentence)
                # A lead under a title naming both: «Путин поздравил Си Цзиньпина с днем
                # рождения» / «Встреча прошла в Душанбе», «Поздравления прозвучали в ходе
                # телефонного разговора».
                or (
                    i == 1
                    and (lex.the_talks.search(sentence) or lex.setting.search(sentence))
                    and not lex.other_party.search(sentence)
                )
            )
            and (
                (
                    named[i - 1].xi
                    and named[i - 1].putin
                    and not lex.other_party.search(sentences[i - 1])
                )
                # "…рядом с Путиным. В параде приняли участие военные. Накануне лидеры…": a
                # sentence naming nobody between.
                or (
                    i > 1
                    and named[i - 2].xi
                    and named[i - 2].putin
                    and not lex.other_party.search(sentences[i - 2])
                    and not (named[i - 1].xi or named[i - 1].putin or named[i - 1].generic_pair)
                    and not lex.other_party.search(sentences[i - 1])
                )
            )
        )
        if leaders:
            # "Путин поздравил Си Цзиньпина. Лидеры провели телефонный разговор", "… during
            # their bilateral meeting": the two the sentence before named, and nobody else.
            named[i] = replace(named[i], xi=True, putin=True)
        if not (named[i].xi or named[i].putin or named[i].pair or named[i].generic_pair):
            continue
        if (
            named[i].generic_pair
            and not (named[i].xi or named[i].putin or named[i].pair)
            and i > 0
            and named[i - 1].xi != named[i - 1].putin
            and lex.other_party.search(sentences[i - 1])
        ):
            # "Biden warned Xi … The two leaders spoke by video call": the two just named.
            continue
        reading = read_sentence(sentence, lex, ctx, named[i], supplied=bool(leaders))
        if (
            (reading is None or not reading.counts)
            and speaker
            and (named[i].xi if speaker == "putin" else named[i].putin)
            and _FIRST_PERSON.search(sentence)
            # At a meeting with someone else, "giving us this opportunity to meet" is the
            # speaker and his guest; «мы с Председателем Си Цзиньпином» is still the two.
            and (not ctx.lead_elsewhere or _SPEAKER_WITH.search(sentence))
        ):
            # "В.Путин: … мы с Председателем Си Цзиньпином провели переговоры": "we" is the
            # speaker and the leader he names.
            alone = read_sentence(sentence, lex, ctx, named[i], supplied=True)
            if alone is not None and alone.counts:
                readings.append(alone)
                continue
        # The sentence itself must carry the cue: the other one only supplies the second name.
        one = named[i].xi != named[i].putin and _has_cue(lex, sentence)
        if (
            (reading is None or not reading.counts)
            and one
            and i == 0
            and _SUBJECTLESS.match(sentence)
        ):
            # A readout's title "Talks with President of China Xi Jinping" leaves out its
            # subject, whom the lead names: "Vladimir Putin is in China for the forum".
            opening = _TITLE_OPENING.match(sentence) and read_sentence(
                sentence, lex, ctx, named[i], supplied=True
            )
            for j in range(1, min(4, len(sentences)) if not opening else 0):
                if named[j].putin if named[i].xi else named[j].xi:
                    joined = read_sentence(_joined(sentence, sentences[j]), lex, ctx)
                    if joined is not None and joined.counts:
                        reading = joined
                    elif named[i].xi and read_sentence(sentences[j], lex, ctx, named[j]) is None:
                        # "Телефонный разговор с Председателем КНР. Владимир Путин
                        # проинформировал Си Цзиньпина о встрече представителей России и США":
                        # the lead tells no contact of its own, so the title's call is theirs.
                        alone = read_sentence(sentence, lex, ctx, named[i], supplied=True)
                        if alone is not None and alone.counts:
                            reading = alone
                    break
            else:
                if named[i].xi and not any(lex.other_party.search(s) for s in sentences[:4]):
                    # Only the Kremlin titles its readouts so: "Telephone conversation with
                    # President of China Xi Jinping" alone is Putin's.
                    alone = read_sentence(sentence, lex, ctx, named[i], supplied=True)
                    if alone is not None and alone.counts:
                        reading = alone
            if opening and opening.counts:
                # "Beginning of talks with President of China Xi Jinping": a transcript of
                # talks under way, whatever its speakers go on to wish.
                reading = replace(opening, kind="report")
        if (reading is None or not reading.counts) and one and i > 0:
            if lex.other_party.search(
                _before_told_about(lex, _without_speaker(_SAID_AFTER.sub("", sentence)))
            ) and not _co_partners(lex, sentence):
                # "Путин … по итогам переговоров с президентом Белоруссии": this sentence's
                # talks are with someone else, whoever the one before names ("the President
                # will meet with Xi, Modi and Ramaphosa" lists the one before's partners).
                readings += [r for r in [read_sentence(sentence, lex, ctx, named[i])] if r]
                continue
            # "Xi addressed the SCO summit. Putin also spoke by video link": a parallel act,
            # with no partner, is not done with the one the sentence before named.
            # "习近平出席小范围会晤。普京主持会晤": a session attended or chaired, no partner.
            parallel = (
                _ALSO.search(sentence) or _attends_session(lex, sentence)
            ) and not _WITH.search(sentence)
            partners = [
                j
                for j in dict.fromkeys(
                    [i - 1, *_semicolon_chain(sentences, i), *([0] if i <= 3 else [])]
                )
                if (named[j].putin if named[i].xi else named[j].xi)
                # "特朗普…发文称…。他并说，他将…与普京通话": "he" is still the one speaking.
                and not _other_speaks_on(lex, sentences[i - 1], sentence)
                and not (j > 0 and _other_speaks_on(lex, sentences[j - 1], sentences[j]))
                # "Putin signs law ratifying agreement struck with Xi in 2023. Putin on Monday
                # signed a law": the other is named only in what that sentence recalls.
                and kinds.get(j) != "history"
            ]
            # "…10日在岘港会见普京。习近平指出，上个月总统先生专门打来电话": this sentence's
            # own time sets it back, whatever day the one before gives.
            recalled = (
                _recalled(lex, lex.noise.sub(" ", sentence), ctx.published) if partners else None
            )
            if recalled and reading is None:
                reading = Reading(sentence, "history", None, direct=False, cue=recalled)
            for j in partners:
                # In a readout of talks with someone else, "the two heads of state" are that
                # pair: "The two heads of state discussed … the SCO, whose next meeting will be
                # hosted by Xi Jinping" joins no sentence of Putin's.
                theirs = ctx.lead_elsewhere and named[i].generic_pair
                if not parallel and not recalled and not theirs:
                    joined = read_sentence(_joined(sentences[j], sentence), lex, ctx)
                    if joined is not None and (
                        _met_someone_else(sentences[j], joined.cue)
                        # "Путин и Президент Монголии сделали заявления по итогам переговоров":
                        # the one before read its cue as another pair's.
                        or (
                            _with_someone_else(lex, sentences[j])
                            and joined.cue in sentences[j]
                            and joined.cue not in sentence
                        )
                    ):
                        # "…встретился со студентами. Накануне … переговоры с Си Цзиньпином":
                        # the sentence before's meeting has its own partner: this one's own words
                        # decide, with the other leader supplied.
                        joined = (
                            read_sentence(sentence, lex, ctx, named[i], supplied=True)
                            if _partner_named(sentence)
                            else None
                        )
                    if (
                        joined
                        and joined.kind == "report"
                        and kinds.get(j) == "plan"
                        and not _strong_report(
                            read_sentence(sentence, lex, ctx, named[i], supplied=True)
                        )
                    ):
                        # "Xi is due to hold talks with Putin. Xi said…": the plan stands,
                        # unless this sentence reports on its own ("Уже вечером прошла встреча").
                        joined = None
                    if joined is not None and (reading is None or joined.counts):
                        reading = joined
                    if reading is not None and reading.counts:
                        break
            if (
                reading is not None
                and reading.kind == "summit"
                and not lex.multilateral.search(sentence)
                and _WITH.search(sentence)
            ):
                # "…принял участие в саммите ШОС. Главным событием поездки стала встреча с
                # председателем КНР": the summit is the sentence before's; this one meets the
                # other leader.
                alone = read_sentence(sentence, lex, ctx, named[i], supplied=True)
                if alone is not None and alone.counts:
                    reading = alone
            if (
                reading is not None
                and reading.kind == "other_party"
                and not _THEY.search(sentence)
                and _partner_named(sentence)
                and not _framed_by_other(lex, sentence)
            ):
                # Someone else acts in the sentence before ("встретится с Моди"): this one's
                # own words decide, with the other leader supplied ("Переговоры с Си Цзиньпином
                # пройдут 2 сентября").
                alone = read_sentence(sentence, lex, ctx, named[i], supplied=True)
                if alone is not None and alone.counts:
                    reading = alone
        if (
            reading is not None
            and reading.kind in ("report", "plan")
            and i > 0
            and _BACK_REFERENCE.match(sentence)
            and (recalled := _recalled(lex, lex.noise.sub(" ", sentences[i - 1]), ctx.published))
        ):
            # "…кадры визита в марте 2013 года. Тогда Путин и Си Цзиньпин провели переговоры":
            # the sentence goes on about the time the one before recalls.
            reading = Reading(
                sentence, "history", reading.mode, direct=reading.direct, cue=recalled
            )
        if reading is not None:
            readings.append(reading)
            kinds[i] = reading.kind
    return readings


def _semicolon_chain(sentences: list[str], i: int) -> list[int]:
    """The sentences before `i` that one sentence split at its semicolons ("8月31日，普京抵达天津…；
    …；2日…同习近平举行会谈"): the subject of its first part acts in the later ones too."""
    chain = []
    j = i - 1
    while j >= 1 and sentences[j].rstrip().endswith(("；", ";")):
        chain.append(j)
        j -= 1
    return [*chain, j] if chain else []


def _framed_by_other(lex: Lexicon, sentence: str) -> bool:
    """Someone else speaks the sentence ("特朗普表示，他近期同普京通了电话"): its "he" is him."""
    frame = _SPEECH_FRAME.match(sentence)
    return bool(
        frame
        and lex.other_party.search(frame.group())
        and _HE.search(sentence, frame.end(), frame.end() + 12)
    )


_HE = guarded(words("he"), re.IGNORECASE)


def _other_speaks_on(lex: Lexicon, before: str, sentence: str) -> bool:
    """A sentence of "he said he would…" goes on with someone else, who spoke or led the one
    before, as the doer of his own words (not "He said Xi had held talks with Mr. President")."""
    frame, last = _SPEECH_FRAME.match(sentence), _SPEECH_FRAME.match(before)
    return bool(
        frame
        and _HE.match(frame.group().lstrip())
        and _HE.search(sentence, frame.end(), frame.end() + 12)
        and lex.other_party.search(last.group() if last else before[:12])
    )


def _strong_report(reading: Reading | None) -> bool:
    """A report said in so many words (met, talks, a call), not only a joint act."""
    return bool(reading and reading.kind == "report" and reading.strong)


_TO_YOU = guarded(words("to_you"))


def _mode_of(reports: list[Reading], sentences: list[str], lex: Lexicon) -> tuple[str, bool]:
    """The interaction's mode from the report sentences, else from any sentence; (mode, stated)."""
    order = ("phone", "video", "in_person")
    if any(r.mode == "video" for r in reports) and not any(
        r.mode == "phone" and _SAYS_PHONE.search(r.cue) for r in reports
    ):
        # "Xi and Putin launched the pipeline via video link ... spoke to each other": speaking
        # names no phone, the link says how.
        order = ("video", "phone", "in_person")
    for wanted in order:
        if any(r.mode == wanted and r.mode_said for r in reports):
            return wanted, True
    # Only "talks" so far: a sentence going on about them may say how ("Переговоры прошли в
    # режиме видеосвязи").
    for sentence in sentences:
        told = _without_speaker(sentence)
        # "В режиме видеоконференции состоялись российско-китайские переговоры" likewise.
        talks = lex.the_talks.search(told) or lex.their_talks.search(told)
        if talks and not lex.other_party.search(told):
            if _phone(lex, sentence):
                return "phone", True
            if lex.video.search(sentence):
                return "video", True
    if not any(r.mode_said for r in reports):
        # A leader's turn to the other: «Рад вновь встретиться с Вами по видеосвязи», "glad to
        # see you, if only on a screen" — that is how they meet now.
        for sentence in sentences:
            if (
                _TO_YOU.search(sentence)
                and lex.video.search(sentence)
                and not lex.history.search(sentence)
                and not lex.future.search(sentence)
            ):
                return "video", True
    for wanted in order:
        if any(r.mode == wanted for r in reports):
            return wanted, False
    text = "\n".join(sentences)
    if _phone(lex, text):
        return "phone", False
    if lex.video.search(text):
        return "video", False
    if all(r.mode is None for r in reports) and any(lex.launch.search(r.text) for r in reports):
        # Both leaders set a distant facility going at once (gas flows "по команде" of both):
        # with no meeting reported, that is a ceremony by video link.
        return "video", False
    return "in_person", False


def _score(label: str, reports: list[Reading], stated: bool) -> float:
    """Confidence: high for a direct, explicit report; lower when inferred."""
    if label in MODE_OF_LABEL:
        base = 0.9 if stated else 0.65
        return min(0.99, base + 0.03 * (len(reports) - 1) + (0.05 if reports[0].direct else 0))
    return {"announcement": 0.75, "mention": 0.7, "unrelated": 0.85}[label]


def host_of(place: Place | None) -> str | None:
    """CAMEO's visit/host/third-location: China, Russia, or a third country."""
    if place is None:
        return None
    return place.country if place.country in ("China", "Russia") else "third country"


def _about_them(lex: Lexicon, sentence: str, mentions: Mentions) -> bool:
    """A sentence about one of the two leaders, or their countries' talks, and nobody else at
    the table."""
    return bool(
        (mentions.xi or mentions.putin or mentions.pair or lex.their_talks.search(sentence))
        and not lex.other_party.search(sentence)
    )


def _without_other_person_clauses(lex: Lexicon, sentence: str) -> str:
    """The sentence without clauses about a person that hold no cue of their own (", who came
    to China for the SCO summit in Tianjin", 来华出席…峰会的); a clause that tells the talks
    stays."""
    sentence = _VISITOR_PURPOSE.sub("的", sentence)
    return _PERSON_CLAUSE.sub(lambda m: m.group() if _has_cue(lex, m.group()) else "", sentence)


def _summit_before(evidence: list[str], sentences: list[str], lex: Lexicon) -> Place | None:
    """A digest's item on a summit just before the report says where it met: «в Астане
    открылся саммит ШОС; Путин провел встречу с Си Цзиньпином»."""
    # A reading may join two sentences («…провел серию двусторонних встреч. Ключевой стала
    # беседа с Си Цзиньпином»): it stands where its first one does.
    at = next(
        (k for told in evidence for k, s in enumerate(sentences) if s and told.startswith(s)), 0
    )
    # The item's own line may come between («Путин провел двусторонние встречи с лидерами…»).
    for back in (1, 2):
        if at - back < 1 or not lex.multilateral.search(sentences[at - back]):
            continue
        located = {p for loc, _pos, p in find_places(sentences[at - back]) if loc}
        return located.pop() if len(located) == 1 else None
    return None


def _follows_up(lex: Lexicon, sentences: list[str], k: int, evidence: list[str]) -> bool:
    """A sentence after a reported meeting that goes on about it ("The meeting took place in
    Samarkand"), with only their words between ("…会见普京。…习近平指出…普京表示…会见在撒马尔罕
    国际会议中心举行")."""
    if not lex.the_talks.search(WIRE_HEAD.sub("", sentences[k], count=1)):
        return False
    for back in range(k - 1, max(-1, k - 1 - _FOLLOW_REACH), -1):
        # A reading may hold two sentences (a title and the line after it): either is the report.
        if any(sentences[back] in told for told in evidence):
            return not any(lex.other_party.search(s) for s in sentences[back + 1 : k + 1])
    return False


# How far after the report a sentence may still go on about it.
_FOLLOW_REACH = 6


# Summits rotate among cities: a trip to the host country for one says nothing of the city.
_ROTATING = {"SCO", "BRICS", "G20", "APEC", "CICA", "Olympics"}


def _visit_capital(sentences: list[str], lex: Lexicon, when: date | None) -> Place | None:
    """Where a visit by one leader to the other's country took him, when no city is named:
    its talks are held in the capital."""
    for sentence in sentences:
        taken = INVITATION.sub(lambda m: " " * len(m[0]), sentence)  # 应普京邀请: accepted
        if invites := _INVITES.search(taken):
            # "Xi invited Putin to visit China at his convenience": the visit asked for is ahead.
            sentence = sentence[: invites.start()]
        if not lex.visit.search(sentence):
            continue
        # The visitor travels to the host's country: "Путин посетил Пекин".
        if PUTIN_VISITS_CHINA.search(sentence) and not XI_VISITS_RUSSIA.search(sentence):
            return place_for("Beijing")
        if XI_VISITS_RUSSIA.search(sentence) and not PUTIN_VISITS_CHINA.search(sentence):
            return place_for("Moscow")
        mentions = find_mentions(sentence, when=when)
        to_china, to_russia = TO_CHINA.search(sentence), TO_RUSSIA.search(sentence)
        if (to_china and not to_russia) or (
            mentions.putin and not mentions.xi and CHINA.search(sentence)
        ):
            return place_for("Beijing")
        if (to_russia and not to_china) or (
            mentions.xi and not mentions.putin and RUSSIA.search(sentence)
        ):
            return place_for("Moscow")
    return None


def _cue_position(lex: Lexicon, sentence: str) -> int | None:
    """Where the sentence's meeting, video or call cue starts: the first one, a named
    telephone's, or the one in a Chinese chained clause that meets the other leader."""
    if (chained := _chained_clause(lex, sentence)) and (at := sentence.find(chained)) >= 0:
        # "…同纳扎尔巴耶夫会谈，8日在莫斯科同普京会谈": the clause that meets the other leader.
        sentence = " " * at + chained
    hits = [m.start() for rx in (lex.phone, lex.video, lex.meet) if (m := rx.search(sentence))]
    if len(hits) > 1 and _SAYS_PHONE.search(sentence):
        # "…встречи президентов России и США: Путин рассказал о ней Си Цзиньпину в ходе
        # телефонного разговора в минувшую пятницу": a telephone named is the contact told.
        hits = [m.start() for m in [_SAYS_PHONE.search(sentence)] if m]
    if not hits and (joint := lex.joint.search(sentence)):
        # "concluding a visit during which he and Putin agreed on Friday to…": the joint act.
        return joint.start()
    return min(hits, default=None)


def _cue_first(evidence: list[str], lex: Lexicon) -> list[str]:
    """Evidence read with two sentences together ("Putin arrived in Harbin. The day before, he
    held talks in Beijing"), split again: the one with the cue says when and where."""
    out, beside, aside = [], [], []
    for text in evidence:
        parts = split_sentences(text)
        # "金砖国家领导人会晤闭幕后": a summit's name is no cue.
        cued = [p for p in parts if _has_cue(lex, lex.noise.sub(" ", p))]
        named = [p for p in cued if any(rx.search(p) for rx in (lex.phone, lex.video, lex.meet))]
        # "Praises talks with Xi. Putin said on Monday Russia and the US could agree…": beside a
        # line that names the meeting, a line with a joint act only is another matter; it is
        # read after every report.
        if named:
            aside += [p for p in cued if p not in named]
            cued = named
        out += cued
        # "当地时间10月24日，普京…举行记者会" read beside the title: after every line with a cue
        # ("他22日同习近平进行的会谈").
        beside += [p for p in parts if p not in cued]
    return out + beside + aside


def _scene(lead: list[str], lex: Lexicon) -> Place | None:
    """The one city the opening sentences set the scene in, when no one else acts there: a
    wire's dateline, or in Chinese "峰会5日在圣彼得堡开幕", "新华社莫斯科3月21日电"."""
    lead = [s for s in lead if not lex.other_party.search(s)]
    if lex.language != "zh":
        # A digest's lead lists other news in other cities: only a dateline sets the scene.
        lead = [s for s in lead[:1] if DATELINE.match(s)]
    return lead_place(lead)


def _dateline_of_the_day(lead: list[str], day: date, published: date) -> Place | None:
    """The dateline's city when its sentence tells of someone else on the meeting's own day
    ("KAZAN, Oct 22 (Reuters) - Modi told Putin on Tuesday … Later on Tuesday, Putin held talks
    with Xi"): the same day in the same city."""
    first = next((s for s in lead[:1] if DATELINE.match(s)), None)
    if first is None or {d for _pos, d in dates_in(first, published)} != {day}:
        return None
    return lead_place([first])


def _anchored(
    evidence: list[str], sentences: list[str], published: date | None
) -> MeetingDay | None:
    """The evidence's day counted from an earlier sentence's ("当天", "次日"), unless evidence
    before it states a day of its own."""
    if published is None:
        return None
    for text in evidence:
        own = [pos for pos, _day in dates_in(text, published) if not part_without_talks(text, pos)]
        if own and not speaks_of_today(text, published):
            # Its own date, unless a relative day counts from it ("on Wednesday … the day before").
            return anchored_day(text, [], published)
        if text in sentences:
            at = sentences.index(text)
            if day := lead_day(text, sentences[: min(at, 3)], published):
                return day
            if day := anchored_day(text, sentences[max(0, at - 4) : at], published):
                return day
    return None


def _recalls_meeting(lex: Lexicon, sentence: str, published: date | None) -> bool:
    """The sentence tells of a meeting that is history ("这是两国元首今年2月北京会晤后再次会晤")."""
    return bool(
        lex.meet.search(sentence) and _recalled(lex, lex.noise.sub(" ", sentence), published)
    )


def _opens_on_recall(lex: Lexicon, sentence: str) -> bool:
    """The sentence opens on a recall ("Earlier this month, …", «В прошлом году…», 去年…)."""
    recall = lex.history.search(sentence, 0, 40)
    return recall is not None and not sentence[: recall.start()].strip(" \t\"'«“(")


_INFORMAL = guarded(words("informal_meeting"), re.IGNORECASE)


def _talks_of_the_day(
    day: MeetingDay, evidence: list[str], sentences: list[str], published: date, lex: Lexicon
) -> MeetingDay:
    """A report that leads on the day's talks and recalls the informal evening before them
    («Переговоры в Кремле завершились… Накануне лидеры провели неформальную встречу») is dated
    by the talks."""
    if day.date != published - timedelta(days=1):
        return day
    order = {s: k for k, s in reversed(list(enumerate(sentences)))}
    told = sorted(evidence, key=lambda s: order.get(s, len(sentences)))
    informal = [k for k, s in enumerate(told) if _INFORMAL.search(s)]
    if not informal:
        return day
    talks = [s for s in told[: informal[0]] if not lex.future.search(s)]
    own = resolve_meeting_day(talks, published, partial(_cue_position, lex)) if talks else None
    return own if own is not None and own.basis == STATED and own.date == published else day


def _told_after_dateline(
    lex: Lexicon, day: MeetingDay, first: list[str], going_on: list[str], published: date
) -> MeetingDay:
    """When only the wire's dateline dated the report ("BEIJING, May 17 (Reuters) - … after
    talks"), a line going on about it that states an earlier day ("who met on Thursday") dates
    it."""
    at = partial(_cue_position, lex)
    # The sentence that gave the day: the first of them that dates it so.
    dating = next(
        (s for s in first if (d := resolve_meeting_day([s], published, at)) and d == day),
        None,
    )
    if dating is None or not dateline_end(dating):
        return day
    own = resolve_meeting_day([dating[dateline_end(dating) :]], published, at)
    if own is not None and own.basis == STATED:
        return day  # its own words date it too
    for sentence in going_on:
        if sentence == dating or _INFORMAL.search(sentence) or lex.other_party.search(sentence):
            # The informal first evening keeps the talks' day; another party's day is theirs.
            continue
        told = resolve_meeting_day([sentence[dateline_end(sentence) :]], published, at)
        if told and told.basis == STATED and 0 < (day.date - told.date).days <= 3:
            return told
    return day


def _details(
    label: str,
    evidence: list[str],
    sentences: list[str],
    named: list[Mentions],
    doc: ClassifyInput,
    lex: Lexicon,
    set_aside: set[str] = frozenset(),
    later: list[str] = (),
) -> Classification:
    """Date, place, occasion and host of a reported meeting or call; sentences `set_aside` (a
    recalled trip, someone else's talks) say nothing of this one, and `later` reports past the
    evidence may still date it."""
    turns = _leader_turns(sentences[:12], doc.published)
    # The sentences that go on about the reported meeting ("The meeting took place in …").
    going_on = [
        k for k in range(min(12, len(sentences))) if _follows_up(lex, sentences, k, evidence)
    ]
    kept = [
        (k, s)
        for k, (s, m) in enumerate(zip(sentences[:12], named, strict=False))
        if (_about_them(lex, s, m) or k in turns or k in going_on)
        and s not in set_aside
        # "Xi is expected to attend the forum in Vladivostok": where he will be, not was.
        and (s in evidence or not lex.future.search(s))
        # «Полноформатные переговоры запланированы на вторник в Пекине»: the next meeting's.
        and (s in evidence or not _PLANNED_TALKS.search(s))
        # "Наша последняя встреча состоялась в феврале в Пекине": an earlier meeting's place.
        and (
            s in evidence
            or not lex.meet.search(s)
            or not _recalled(lex, lex.noise.sub(" ", s), doc.published)
        )
        # "Earlier this month, during a state visit to Russia, …": an earlier trip's place.
        and (s in evidence or not _opens_on_recall(lex, s))
    ]
    # What goes on about the meeting says where it was before what only names them.
    context = [s for k, s in sorted(kept, key=lambda ks: ks[0] not in going_on)]
    occasion = find_occasion(evidence, context)
    if label != "meeting" and occasion in _VISITS:
        # "invited Xi to pay a state visit, in a video call": the visit is ahead, not the call's.
        occasion = None
    # Wire and Russian sentences put the day and place after the verb; Chinese ones before it.
    cue_at = None if lex.language == "zh" else partial(_cue_position, lex)
    # "外交部发言人毛宁16日表示，习近平主席15日同普京总统举行了会晤": the speaker's day and
    # place ("17日在哈尔滨接受采访时表示") are not the meeting's.
    told = [_ZH_TOLD.sub("", s, count=1) for s in evidence] if lex.language == "zh" else evidence
    place, by_country = None, False
    if label == "meeting":
        # Chinese puts the place before the verb, in its clause ("…抵达天津出席峰会，9月2日在北京
        # 同习近平举行会谈"): the cue's own clause still decides first.
        place = resolve_place(
            # ", who came to China for the SCO summit in Tianjin": where he came from or for,
            # not where the talks were; "wrapped up his visit … in Harbin, describing his talks":
            # where the trip ended, read after the others.
            _cue_first(
                [
                    _without_other_person_clauses(lex, s)
                    for s in sorted(told, key=lambda s: bool(_TRIP_ENDED.search(s)))
                ],
                lex,
            ),
            [],
            partial(_cue_position, lex),
            place_first=lex.language == "zh",
        )
        if place is None and (
            header := [s for s in [*sentences[1:3], *sentences[-1:]] if is_header_line(s)]
        ):
            # A transcript's header or closing line ("15 сентября 2022 года, Самарканд") says
            # where it was recorded, whatever its turns recall.
            place = resolve_place(header, [])
        if place is None and later:
            # Reports past the first three ("The ceremony at the Great Hall of the People
            # followed talks between the two leaders") say where before what only names them.
            place = resolve_place(
                _cue_first(list(later), lex),
                [],
                partial(_cue_position, lex),
                place_first=lex.language == "zh",
            )
        if place is None:
            # A title naming neither leader may still say where.
            place = resolve_place([], context + sentences[:1], cue_at)
        if place is None and occasion not in _ROTATING:
            # Any sentence may say whose country the visit is to ("Li Qiang met Putin, on a
            # state visit to China"): the host's capital, where visits' talks are held.
            place = (
                _visit_capital(evidence + context, lex, doc.published)
                # Not a recalled one: "…в июне в Москве, куда Си Цзиньпин приезжал с
                # государственным визитом".
                or _visit_capital(
                    [s for s in sentences[:12] if not _recalls_meeting(lex, s, doc.published)],
                    lex,
                    doc.published,
                )
                or place_for(FIXED_VENUES.get(occasion or "", ""))
            )
            if place is None and (place := capital_of_named_country(evidence)):
                by_country = True
        if place is None and occasion in _ROTATING:
            place = capital_of_named_country(evidence, summit=True)
            by_country = place is not None
        if place is None:
            place = _summit_before(evidence, sentences, lex)
        if place is None:
            # "这是两国元首今年2月北京会晤后再次会晤": a recalled meeting sets no scene.
            place = _scene(
                [
                    s
                    for s in sentences[1:4]
                    if DATELINE.match(s) or not _recalls_meeting(lex, s, doc.published)
                ],
                lex,
            )
    # A lead about someone else ("Han Zheng met Putin on May 17") dates that meeting, not theirs.
    # A wire's dateline on a line of its own ("МОСКВА, 24 марта - РИА Новости.") is the filing
    # day, not a lead: the line after it leads.
    opening = [k for k in range(min(3, len(sentences))) if not _bare_dateline(sentences[k])][:2]
    own = {
        k: (named[k].xi and named[k].putin)
        or named[k].pair
        or not lex.other_party.search(sentences[k])
        for k in opening
    }
    lead = [sentences[k] for k in opening if own[k]]
    day = _visit_day(lex, evidence, sentences, doc.published) or _anchored(
        _cue_first(evidence, lex), sentences, doc.published
    )
    if day is None:
        first = _cue_first(told, lex) + lead
        day = resolve_meeting_day(first, doc.published, partial(_cue_position, lex))
        if day and day.basis == STATED and doc.published:
            day = _talks_of_the_day(day, evidence, sentences, doc.published, lex)
            about = [*evidence, *later, *(sentences[k] for k in going_on)]
            day = _told_after_dateline(lex, day, first, about, doc.published)
    # Only the publish date, or only a bound (the day a spokesman spoke, the day he left): a
    # line going on about the meeting, or a later report, may state its day.
    if day and day.basis in (PUBLISHED, RELATIVE) and doc.published:
        # "…в ходе телефонного разговора… Разговор состоялся в среду": the next sentence dates it.
        follow = [sentences[k] for k in going_on]
        told_day = resolve_meeting_day(follow, doc.published) if follow else None
        if told_day and (
            told_day.basis == STATED or (day.basis == PUBLISHED and told_day.basis != PUBLISHED)
        ):
            day = told_day
    if day and day.basis in (PUBLISHED, RELATIVE) and later:
        # A headline and a lead with no day, then "The two leaders met on Thursday on the
        # sidelines of the SCO summit in Samarkand".
        later_day = resolve_meeting_day(_cue_first(later, lex), doc.published, cue_at)
        if later_day and (
            later_day.basis == STATED or (day.basis == PUBLISHED and later_day.basis != PUBLISHED)
        ):
            day = later_day
    if (
        day
        and day.basis == STATED
        and doc.published
        and not any(dates_in(e, doc.published) for e in evidence)
        and any(_RETURNED_HOME.search(s) and dates_in(s, doc.published) for s in lead)
    ):
        # "Xi returned to Beijing on Saturday night after a state visit to Russia. During the
        # visit, he held talks with Putin": the day told is the trip's end, the talks' bound.
        day = replace(day, basis=RELATIVE)
    if label == "meeting" and (place is None or by_country) and day and occasion in _ROTATING:
        # "On the sidelines of the SCO summit", no city: that year's host; "the SCO summit in
        # Uzbekistan": that year's host there (Samarkand), not the capital.
        host = place_for(summit_host(occasion, day.date.year) or "")
        if place is None or (host is not None and host.country == place.country):
            place = host
    if label == "meeting" and by_country and place and day and occasion is None:
        # "on the sidelines of a regional security summit in Uzbekistan" in 2022: the one summit
        # hosted in that country that year (Samarkand), not the capital.
        hosts = {
            host
            for summit in _ROTATING
            if (host := place_for(summit_host(summit, day.date.year) or ""))
            and host.country == place.country
        }
        if len(hosts) == 1 and any(lex.multilateral.search(s) for s in evidence):
            place = hosts.pop()
    if label == "meeting" and place is None and day and day.basis == STATED and doc.published:
        place = _dateline_of_the_day(sentences[1:4], day.date, doc.published)
    others = [sentences[k] for k in opening if not own[k]]
    if (
        day
        and day.basis == PUBLISHED
        and doc.published
        and any(dates_in(s, doc.published) for s in others)
    ):
        # The news of the day is that other event: the meeting is recalled, not reported.
        day = MeetingDay(day.date, RELATIVE)
    return Classification(
        label=label,
        is_meeting=is_meeting(label),
        score=0.0,
        meeting_date=day.date if day else None,
        meeting_city=place.city if place else None,
        meeting_country=place.country if place else None,
        occasion=occasion,
        host=host_of(place),
        evidence=evidence,
        date_basis=day.basis if day else None,
    )


@dataclass(frozen=True)
class ArticleReading:
    """What classify() reads from an article before it decides: its sentences, who each names,
    and the interaction readings."""

    lexicon: Lexicon
    sentences: list[str]
    named: list[Mentions]
    whole: Mentions  # the whole article
    lead: Mentions  # the title and the first two sentences
    context: Context
    readings: list[Reading]
    on_both: bool  # the title or first sentence names both countries
    title: str  # as read: in simplified script and 普京's spelling for Chinese

    @property
    def language(self) -> str:
        return self.lexicon.language


_HASHTAG = guarded(r"#[^#\s]{1,40}#")


def _unshout(sentence: str) -> str:
    """A line in capitals («СИ ЦЗИНЬПИН И ПУТИН ЗАВЕРШИЛИ ПЕРЕГОВОРЫ», an urgent wire line) in
    title case, so that names read as names."""
    # Counted by the regex engine: this runs on every sentence.
    upper, lower = len(_UPPER.findall(sentence)), len(_LOWER.findall(sentence))
    if upper + lower < 8 or upper < 0.8 * (upper + lower):
        return sentence
    return sentence.title()


_UPPER = re.compile(r"[A-ZА-ЯЁ]")
_LOWER = re.compile(r"[a-zа-яё]")


# A line that carries no story: "By Ken Moritsugu, Associated Press", "Thu 8 May 2025 16.42 BST",
# "Photograph: Sputnik/Reuters".
_FURNITURE = guarded(
    rf"^\W*{words('byline_label')}\b"
    r"|^\W*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)"
    r"\s+\d{4}\b[^.!?]{0,30}$"
)


def _lead_lines(lex: Lexicon, sentences: list[str], named: list[Mentions]) -> list[int]:
    """Where the title and the first two lines of prose stand: a line that names no leader, has
    no cue and no closing stop ("Andrew Roth in Moscow and Amy Hawkins in Beijing") is none."""

    def furniture(k: int) -> bool:
        line = sentences[k].strip()
        bare = not (named[k].xi or named[k].putin or named[k].pair or _has_cue(lex, line))
        return bare and bool(
            _FURNITURE.match(line) or (line[-1:] not in '.!?。！？"»”' and len(line.split()) < 12)
        )

    prose = (k for k in range(1, len(sentences)) if not furniture(k))
    return [0, *islice(prose, 2)]


# "on the second day of his state visit", 访问首日, «во второй день визита»: group 1 is the
# ordinal, counted from the visit's first day.
_VISIT_DAY = guarded(words("visit_day"), re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "首": 1, "第一": 1, "第二": 2, "第三": 3}
_RU_ORDINALS = {"перв": 1, "втор": 2, "трет": 3}


def _visit_day(
    lex: Lexicon, evidence: list[str], sentences: list[str], published: date | None
) -> MeetingDay | None:
    """The day a report names only as the Nth of a visit, counted from the visit's first day
    stated before it ("20日中午抵达莫斯科…。访问首日下午，…会晤"); a sentence that states a day of
    its own ("on Tuesday, the second day of the visit") is dated by it."""
    if published is None:
        return None
    for text in evidence:
        m = _VISIT_DAY.search(text)
        if m is None or dates_in(text, published):
            continue
        word = next(g for g in m.groups() if g).lower()
        n = _ORDINALS.get(word) or next(
            (v for k, v in _RU_ORDINALS.items() if word.startswith(k)), None
        )
        at = sentences.index(text) if text in sentences else 0
        for s in reversed(sentences[max(0, at - 4) : at]):
            starts = [(d, pos) for pos, d in dates_in(s, published) if d <= published]
            if n and starts and lex.visit.search(s):
                # "17日结束为期两天的对华国事访问": the day told is the visit's last.
                first = first_day_of_ended_trip(s, *min(starts), None)
                day = first + timedelta(days=n - 1)
                return MeetingDay(day, STATED) if day <= published else None
        return None
    return None


def _programme_goes_on(readings: list[Reading], lex: Lexicon) -> list[Reading]:
    """A programme set out after a colon goes on past its semicolons ("日程：16日上午，…将…；随后，
    两国元首举行会谈…；"): a line with no past verb is still ahead."""
    out: list[Reading] = []
    for reading in readings:
        if (
            out
            and out[-1].kind == "plan"
            and _PROGRAMME_COLON.search(out[-1].text)
            and out[-1].text.rstrip().endswith((";", "；"))
            and reading.kind == "report"
            and not lex.done.search(reading.text)
        ):
            reading = replace(reading, kind="plan")
        out.append(reading)
    return out


_PROGRAMME_COLON = guarded(words("programme_colon"), re.IGNORECASE)


# "you will meet with Xi", «вы встретитесь с Си Цзиньпином»: the one spoken to meets him.
_ADDRESSEE_MEETS = guarded(words("addressee_meets"), re.IGNORECASE)


# A sentence opening on the meeting just told: "In that meeting,", «На той встрече», 在那次会晤中.
_BACK_REFERENCE = guarded(words("back_reference"))


def _going_on_about_history(readings: list[Reading], published: date | None) -> list[Reading]:
    """A report by "the leaders" with no day of its own, right after a recalled meeting, goes on
    about it («Ровно год назад … провёл переговоры. Лидеры подписали заявление»)."""
    out: list[Reading] = []
    for reading in readings:
        if (
            out
            and out[-1].kind == "history"
            and reading.kind == "report"
            and not _leader_names(reading.text)
            and not (published and dates_in(reading.text, published))
        ):
            reading = replace(reading, kind="history")
        out.append(reading)
    return out


def _told_topic(clean: str, cue: re.Match[str]) -> re.Match[str] | None:
    """The telling before the cue when the cue is what someone was told about and its partner
    is neither leader ("briefed Xi about his meeting with Witkoff"), else None."""
    told = _TOLD_ABOUT.search(clean, max(0, cue.start() - 120), cue.start())
    if told is None or any(cue.end() <= n.start() <= cue.end() + 40 for n in _leader_names(clean)):
        return None
    return told


def _reads(sentence: str, lex: Lexicon, ctx: Context, mentions: Mentions, kind: str) -> bool:
    reading = read_sentence(sentence, lex, ctx, mentions)
    return reading is not None and reading.kind == kind


# "俄罗斯卫星通讯社北京…电", «Россия 24»: an outlet named for a country.
_NEWS_OUTLET = guarded(words("news_outlet"))


def read_article(doc: ClassifyInput) -> ArticleReading | None:
    """The readings classify() decides from, or None for a language it does not read."""
    # Topic tags ("#中俄元首会晤#") name a subject, not what the post reports.
    page = strip_page_furniture(markup_as_lines(doc.text or ""))
    body = without_yo(_HASHTAG.sub(" ", strip_related_blocks(page)))
    lex = lexicon_for(doc.language, f"{doc.title}\n{body}")
    if lex is None:
        return None
    title = _title_of(doc)
    if lex.language == "zh":
        # 習近平會見普京 (Hong Kong, Taiwan) reads as 习近平会见普京.
        title, body = to_simplified(title), to_simplified(body)
        title, body = _PUTIN_SPELLING.sub("普京", title), _PUTIN_SPELLING.sub("普京", body)
    sentences = [_unshout(s) for s in [title, *split_sentences(body)] if s]
    named = [find_mentions(s, when=doc.published) for s in sentences]
    # The title and the first two lines of prose: a byline or a date line opens no story.
    at = _lead_lines(lex, sentences, named)
    opening = [sentences[k] for k in at]
    whole, lead = Mentions.union(named), Mentions.union([named[k] for k in at])
    if len(body) > MAX_CHARS and not whole.named_both:
        # Sentences are read from the first MAX_CHARS only; names may stand further on.
        rest = find_mentions(normalise_spaces(body[MAX_CHARS:]), when=doc.published)
        whole = Mentions.union([whole, rest])
    # "The presidents of the two countries" are Xi and Putin when the article opens on China and
    # Russia: its title or first sentence names both countries (or both capitals).
    # Not before Xi's presidency: then the two heads of state were someone else (胡锦涛同普京).
    on_both = (doc.published is None or doc.published >= XI_PRESIDENT) and any(
        CHINA.search(s) and RUSSIA.search(s)
        for s in (_NEWS_OUTLET.sub(" ", line) for line in opening[:2])
    )
    ctx = Context(
        published=doc.published,
        both_named=whole.named_both or whole.pair,
        opens_with_both=(lead.xi and lead.putin) or lead.pair or on_both,
        # A Kremlin title without its subject ("Телефонный разговор с Президентом Белоруссии")
        # is Putin's contact with someone else.
        lead_elsewhere=any(
            (m.xi != m.putin or (k == 0 and _SUBJECTLESS.match(s)))
            and lex.other_party.search(s)
            # "What we know about the Trump-Putin summit in Alaska".
            and (
                _has_cue(lex, s)
                or (k == 0 and lex.multilateral.search(s))
                or (m.xi != m.putin and _HOST_RECEIVED.search(s))
            )
            for k, (s, m) in enumerate(zip(opening[:2], [named[k] for k in at], strict=False))
        ),
        lead_aside=not on_both
        and not any(
            named[k].xi or named[k].putin or named[k].pair or named[k].generic_pair for k in at[:2]
        )
        and not any(_has_cue(lex, s) for s in opening[:2]),
    )
    if (
        not ctx.lead_elsewhere
        and len(at) > 1
        and named[at[1]].xi
        and named[at[1]].putin
        # Read in full only when it could be: someone else and a cue in the line.
        and lex.other_party.search(sentences[at[1]])
        and _has_cue(lex, sentences[at[1]])
        and _reads(sentences[at[1]], lex, ctx, named[at[1]], "other_party")
    ):
        # "Xi on Wednesday met with Belarus President Lukashenko, a close ally of Putin": the
        # lead is another meeting, and "the two leaders" after it are its two.
        ctx = replace(ctx, lead_elsewhere=True)
    if (
        ctx.both_named
        and lex.their_talks.search(title)
        and not any(lex.other_party.search(s) for s in opening)
    ):
        # "Russian-Chinese talks" as the title of a page naming both leaders and nobody else
        # (a readout, a transcript of the talks' opening): the talks are theirs.
        named = [replace(named[0], pair=True), *named[1:]]
    if ctx.both_named:
        # "Полноформатные российско-китайские переговоры пройдут 2 сентября в Пекине" in an
        # article naming both: the talks of the two, whoever else the article names.
        named = [
            replace(m, pair=True)
            if k and not m.pair and lex.their_talks.search(s) and not lex.other_party.search(s)
            else m
            for k, (s, m) in enumerate(zip(sentences, named, strict=True))
        ]
    readings = _going_on_about_history(_read_all(sentences, named, lex, ctx), doc.published)
    readings = _programme_goes_on(readings, lex)
    if _PREVIEW_TITLE.search(title):
        # "What to expect from Xi's visit to Moscow": what it tells of the talks is ahead.
        readings = [replace(r, kind="plan") if r.kind == "report" else r for r in readings]
    elif _EXPLAINER_TITLE.search(title):
        readings = [
            replace(r, kind="plan") if r.kind == "report" and not lex.done.search(r.text) else r
            for r in readings
        ]
    return ArticleReading(lex, sentences, named, whole, lead, ctx, readings, on_both, title)


def classify(doc: ClassifyInput) -> Classification:
    """Label one article and, for a meeting or call, say when, where, why and who hosted."""
    if doc.published and (filed := wire_day(doc.text, doc.published)):
        # A wire filed in Moscow on the 21st and published on the 22nd: its "today" (今天,
        # сегодня) and its weekdays are the dateline's.
        doc = replace(doc, published=filed)
    article = read_article(doc)
    if article is None:
        return Classification(
            "unrelated", False, 0.2, None, None, None, None, None, [], rule="unrelated:language"
        )
    lex, sentences, named = article.lexicon, article.sentences, article.named
    whole, on_both, readings = article.whole, article.on_both, article.readings
    title = article.title  # 評論：reads as 评论：
    reports = [r for r in readings if r.kind == "report"]
    plans = [r for r in readings if r.kind == "plan"]
    if plans and _INTERVIEW.search(title):
        plans = []  # an interview's plans are the speaker's words, not an announcement
    if (
        plans
        and not reports
        and any(_MESSAGE.search(s) for s in sentences[:2])
        and all(lex.wish.search(p.text) for p in plans)
    ):
        # "Xi, Putin exchange messages… Putin said he looked forward to meeting Xi in Kazan later
        # this month": a wish in greetings, as a quoted one is, announces nothing.
        plans = []
    if plans and not reports and not (whole.named_both or whole.pair or whole.generic_pair):
        # "Xi Jinping arrives in Russia on his first trip abroad": the host is implied, not
        # named, so only one of them is in the news (as the labelled rows have it).
        plans = []
    if (
        plans
        and not reports
        and any(lex.no_date.search(s) for s in sentences)
        # "…to visit China, Ushakov said on Thursday": the speaker's day sets no time.
        and not any(
            _sets_time(
                lex,
                _YEAR_ONLY.sub(" ", _TRAILING_SPEAKER.sub("", p.text.rstrip("."))),
                doc.published,
            )
            for p in plans
        )
    ):
        # "принял приглашение посетить Россию. Сроки визита пока не обсуждались": no visit set.
        plans = []
    if (reports or plans) and any(lex.denial.search(s) for s in sentences):
        # "Peskov dismissed a report that the two had spoken… 'No such call took place'": the
        # spokesman takes back what the article retells.
        reports, plans = [], []
    if (
        plans
        and not any(r.strong for r in reports)
        # «вручил орден … Си Цзиньпин прибыл в Москву в понедельник»: an arrival days before
        # is the visit under way, no plan against what was done in it.
        and not all(
            _ARRIVED.fullmatch(p.cue) and _days_back(p.text, doc.published) >= 1 for p in plans
        )
    ):
        reports = []  # "Xi welcomes Putin" while the talks are still to come: not yet a meeting
    if (
        plans
        and _only_headline(reports, title, lex)
        and any(p.text != title for p in plans)
        and not _TITLE_OPENING.match(title)
    ):
        reports = []  # "Kremlin confirms Putin-Xi talks": the body says they are still to come
    if _COMMENT.match(title):
        reports = []  # a commentary reports no contact of its own
    if _REVIEW.search(title):
        # A year's review recalls the year's contacts, unless one is dated days ago («Итоги
        # года» on 2 January: «В минувшую пятницу, 30 декабря, … провели видеопереговоры»).
        reports = [r for r in reports if _dated_days_ago(r.text, doc.published)]
        # "回眸2025：5月8日，习近平主席应邀赴莫斯科…同普京总统举行会谈": a dated plan in a year's
        # review is one of the year's contacts (a day-month months away reads as next year's),
        # unless it lies in the weeks just ahead.
        plans = [p for p in plans if not _dated_in_review(p.text, doc.published)]
    if all(r.text == title and not r.strong for r in reports) and (
        any(r.kind == "history" for r in readings)
        # «…: как Си Цзиньпин и Путин открыли павильон» over «В июне 2019 года … открыл»: the
        # body's lead tells when, years back.
        or (
            len(sentences) > 1
            and named[1].xi
            and named[1].putin
            and _long_ago(lex.noise.sub(" ", sentences[1]), doc.published)
        )
    ):
        reports = []  # "Xi and Putin tighten their embrace" over a body of past meetings
    if _only_headline(reports, title, lex) and any(r.kind == "history" for r in readings):
        reports = []  # "普京：同习近平主席的会谈富有成效": the body says they were last year
    if reports:
        # A report whose sentence names both tells the day and place before one that only
        # implies the host ("Putin wrapped up his visit to China. The visit began in Tianjin").
        reports.sort(key=lambda r: not find_mentions(r.text, when=doc.published).named_both)
        mode, stated = _mode_of(reports, sentences, lex)
        label = LABEL_OF_MODE[mode]
        told = list(dict.fromkeys(r.text for r in reports))
        evidence = told[:3]
        # A plan's place ("expected to attend the forum in Vladivostok") is not the meeting's.
        set_aside = {r.text for r in readings if not r.counts or r.kind == "plan"}
        result = _details(label, evidence, sentences, named, doc, lex, set_aside, told[3:6])
        # A place or an occasion says they were together, whatever the verb.
        stated = stated or bool(result.meeting_city or result.occasion)
        first = reports[0]
        rule = f"report:{mode}:{'direct' if first.direct else 'paired'}:{first.cue}"
        result = replace(result, mode_stated=stated, rule=rule)
        if not _long_past(result, doc.published):
            return _with_score(result, _score(label, reports, stated))
        # "四年前的今天 … 2013年3月22日 … 当天，习近平同普京举行会谈": the day the text
        # gives its talks is long before the news, so it recalls them.
        readings = recalled_reports(readings)
    if plans:
        occasion = find_occasion([r.text for r in plans], sentences[:8])
        return Classification(
            "announcement",
            False,
            _score("announcement", [], False),
            None,
            None,
            None,
            occasion,
            None,
            [r.text for r in plans[:3]],
            rule=f"plan:{plans[0].cue}",
        )
    # Why no reading made a label: the first interaction set aside, if any.
    why = next((f"{r.kind}:{r.cue}" for r in readings if not r.counts), "no-interaction")
    # "Under the guidance of the two heads of state" in a report led by other officials' talks
    # names nobody: only an article opening on the two countries' leaders is about them.
    # Unless a sentence ties them to one of the two by name ("普京总统访华期间，两国元首…").
    # The stock phrase itself ("在两国元首战略引领下" in Xi's words) ties nobody by name.
    led_by_others = any(lex.other_party.search(s) for s in sentences[:2]) and not any(
        m.generic_pair
        and (m.xi or m.putin)
        and find_mentions(lex.noise.sub(" ", s), when=doc.published).generic_pair
        for s, m in zip(sentences, named, strict=True)
    )
    # "Поздравление Председателю КНР Си Цзиньпину": the Kremlin's own title, Putin's message.
    kremlin_message = whole.xi and not whole.putin and _KREMLIN_MESSAGE.match(title)
    if (
        whole.named_both
        or whole.pair
        or (whole.generic_pair and on_both and not led_by_others)
        or kremlin_message
    ):
        both = [s for s, m in zip(sentences, named, strict=True) if m.both or m.generic_pair][:2]
        return Classification(
            "mention", False, 0.7, None, None, None, None, None, both, rule=f"mention:{why}"
        )
    names = "one-leader" if whole.xi or whole.putin else "neither-leader"
    return Classification(
        "unrelated",
        False,
        0.9 if names == "neither-leader" else 0.8,
        None,
        None,
        None,
        None,
        None,
        [],
        rule=f"unrelated:{names}",
    )


# The present tense with another day of the week: "hold talks on Thursday" (English only: a
# Russian or Chinese future has its own form).
_PRESENT_ON_WEEKDAY = guarded(words("present_on_weekday"))
_PROGRESSIVE_ON_WEEKDAY = guarded(words("progressive_on_weekday"))


def _dated_ahead(sentence: str, published: date | None) -> bool:
    """Every day the sentence states lies after publication; a wire dateline is the filing day."""
    head = dateline_end(sentence)
    found = dates_in(sentence, published) if published else []
    days = [day for pos, day in found if pos >= head]
    return bool(days) and all(day > published for day in days)


def recalled_reports(readings: list[Reading]) -> list[Reading]:
    """The readings with every report set back as history: its talks are long past."""
    return [replace(r, kind="history") if r.kind == "report" else r for r in readings]


def _long_past(result: Classification, published: date | None) -> bool:
    """The meeting's day, as the text states it, lies weeks before publication."""
    return bool(
        published
        and result.meeting_date
        and result.date_basis == STATED
        and result.meeting_date < published - timedelta(days=RECENT_DAYS)
    )


def _dated_days_ago(sentence: str, published: date | None, days: int = 3) -> bool:
    """The sentence states a day at most `days` before publication (not the publication day);
    not «Накануне», the eve of a day the review told before."""
    return bool(published) and any(
        0 < (published - day).days <= days and not _EVE.match(sentence, pos)
        for pos, day in dates_in(sentence, published)
    )


def _dated_in_review(sentence: str, published: date | None) -> bool:
    """The sentence states a day that is not in the next few weeks after publication."""
    return bool(published) and any(
        not 0 <= (day - published).days <= _REVIEW_AHEAD_DAYS
        for _pos, day in dates_in(sentence, published)
    )


# How far ahead a year's review may still announce a contact ("next month's visit").
_REVIEW_AHEAD_DAYS = 60


def _only_headline(reports: list[Reading], title: str, lex: Lexicon) -> bool:
    """Every report is a title that only names the talks ("Putin-Xi talks in Beijing"): with no
    verb, a headline has no tense of its own."""
    return bool(reports) and all(
        r.text == title
        and _NOUN_CUE.fullmatch(r.cue)
        and not lex.done.search(r.text)
        and not _HOLDING.search(r.text)
        # "Заявления для прессы по итогам российско-китайских переговоров": held.
        and not _in_setting(lex, r.text, r.cue)
        for r in reports
    )


def _bare_dateline(sentence: str) -> bool:
    """The line is a wire's dateline and nothing more."""
    head = WIRE_HEAD.match(sentence)
    return head is not None and not sentence[head.end() :].strip()


def _in_setting(lex: Lexicon, text: str, cue: str) -> bool:
    """The cue is a setting's ("in year-end video call") or, in English and Russian, the noun
    its preposition governs ("по итогам российско-китайских переговоров")."""
    at = text.find(cue)
    return at >= 0 and any(
        m.start() <= at < m.end()
        or (lex.language != "zh" and m.end() <= at and _GOVERNED.fullmatch(text, m.end(), at))
        for m in lex.setting.finditer(text)
    )


# Up to two words between a preposition and its noun.
_GOVERNED = guarded(r"\s*(?:[\w-]+\s+){0,2}")


def _with_score(result: Classification, score: float) -> Classification:
    return replace(result, score=round(score, 3))
