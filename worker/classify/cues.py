"""Cue lexicons per language: how a meeting, a video link or a call is reported, and the words
that turn a report into a plan (tense, mode) or deny it (negation).

The cues are data: `lexicons/<language>.yaml` beside this module. This module only compiles them.
Each file's `any_language` section holds that language's words for checks the classifier makes on
every sentence, whatever the article's language (an English title over a Chinese text, a Russian
quote): `words(name)` joins the three languages' entries of one check.
"""

import re
from dataclasses import dataclass, fields
from importlib.resources import files

import yaml

from worker.classify.guard import guarded

_NEVER = re.compile(r"(?!)")
_PLACEHOLDER = re.compile(r"<<(\w+)>>")
LANGUAGES = ("en", "zh", "ru")


@dataclass(frozen=True)
class Windows:
    """How far, in characters, a cue reaches in this language's writing (Chinese packs a clause
    into far fewer characters than English or Russian)."""

    # A tense or intention cue governs the verb it stands next to: "will hold talks" is a plan,
    # but "will continue ..., Xi told Putin at a meeting" reports one.
    plan: int = 40
    # Xi and Putin are one party of a clause when at most this many characters separate them
    # ("Xi Jinping held talks with Russian President Vladimir Putin").
    link: int = 45
    # A negation this close before the cue denies it ("did not meet", "未会见").
    negation: int = 25
    # Greetings or a telegram this close to the cue make it a message, not a meeting.
    message: int = 60


@dataclass(frozen=True)
class Lexicon:
    """The cue patterns of one language (see the YAML files for what each field holds)."""

    meet: re.Pattern[str]  # an in-person encounter: met, talks, 会谈, переговоры
    video: re.Pattern[str]  # held by video link
    phone: re.Pattern[str]  # held by telephone
    joint: re.Pattern[str]  # joint acts that imply the two interacted: agreed, signed, 签署
    plan: re.Pattern[str]  # future, intention, preview, arrival: the event has not happened yet
    done: re.Pattern[str]  # past-tense report of the event: beats a plan cue in the same sentence
    negation: re.Pattern[str]  # a denial close before the cue
    visit: re.Pattern[str]  # a trip to the other's country: visit, arrives, 访问, визит
    history: re.Pattern[str]  # the event lies years back ("three years ago", 去年)
    attend: re.Pattern[str]  # attending a session, parade or banquet with others
    multilateral: re.Pattern[str]  # a summit session of many leaders
    bilateral: re.Pattern[str]  # marks a two-party encounter inside a multilateral setting
    noise: re.Pattern[str]  # look-alike phrases and stock phrases, removed before matching
    # Other actors: leaders, premiers, ministers, speakers, Chinese officials who meet Putin.
    other_party: re.Pattern[str] = _NEVER
    # Both set a distant facility going at once (a pipeline, a reactor): done by video link.
    launch: re.Pattern[str] = _NEVER
    # Meeting cues that do not tell the mode: talks are held by video link and by phone too.
    unspecific: re.Pattern[str] = _NEVER
    # A count of meetings ("twice this year", 两度会晤, дважды): many contacts summed up, not one.
    aggregate: re.Pattern[str] = _NEVER
    # Meetings as a habit ("regular meetings", «регулярные встречи», 经常会晤): when every cue of
    # the sentence stands in one, it tells no event.
    habit: re.Pattern[str] = _NEVER
    # A month named without its day ("in September", 今年9月, в сентябре): group 1 is the month.
    month: re.Pattern[str] = _NEVER
    # A sentence opened as background ("Earlier, ...", "Напомним, ...", 早前): history when the
    # article's news is one leader's meeting with someone else and the sentence gives no day.
    background: re.Pattern[str] = _NEVER
    # The talks named as the two countries' ("Russian-Chinese talks", 中俄元首会谈): a sentence
    # that names no leader but tells where their talks were held.
    their_talks: re.Pattern[str] = _NEVER
    # A sentence whose subject is the meeting just reported ("The meeting on Thursday took place
    # in Samarkand", «Переговоры прошли в Кремле»): it tells that meeting's place.
    the_talks: re.Pattern[str] = _NEVER
    # Words that make their meeting the earlier mark of another event, in an article led by
    # that event ("Modi's visit came less than a week after Putin met Xi", «последовал за»).
    reference: re.Pattern[str] = _NEVER
    # A plan called off or denied after its cue ("no meeting is planned", 不计划, не планируется).
    no_plan: re.Pattern[str] = _NEVER
    # The meeting itself called off or put off ("the visit was postponed", 会晤推迟, визит отменён).
    called_off: re.Pattern[str] = _NEVER
    # A setting that places the sentence inside a held event ("访问期间", "по итогам переговоров",
    # "during a call"): beats a plan cue, but not a future tense governing the cue.
    setting: re.Pattern[str] = _NEVER
    # A meeting of three ("trilateral", 中俄蒙, трёхсторонняя): the third leader does not rule
    # the two out.
    trilateral: re.Pattern[str] = _NEVER
    # A wish, not a plan ("期待", "looks forward", "надеется"): a plan only with a time frame.
    wish: re.Pattern[str] = _NEVER
    # A plan said to have no date ("at some point", когда-нибудь, 早日): a wish.
    undated: re.Pattern[str] = _NEVER
    # When a plan is for ("next month", 明年, "в ближайшее время"), besides dates and months.
    timeframe: re.Pattern[str] = _NEVER
    # A plan said to have no date yet ("no dates have been set", «сроки пока не определены»,
    # 尚未列入日程): anywhere in the article, it leaves an undated plan a wish.
    no_date: re.Pattern[str] = _NEVER
    # A time frame that sets no time ("soon", «в ближайшее время», 不久): a hope stays a hope.
    vague_time: re.Pattern[str] = _NEVER
    # A spokesman's denial of the contact itself ("No such call took place", «такого разговора
    # не было», 报道不属实): anywhere in the article, it takes back what was reported.
    denial: re.Pattern[str] = _NEVER
    # The future tense itself ("will", 将, будет): a plan even inside a setting.
    future: re.Pattern[str] = _NEVER
    # Between the two names, words that put them in different events: a third party carrying
    # one leader's words to the other ("conveyed Putin's greetings to Xi", 转达, передал), or one
    # event before or after another ("Modi meets Putin ahead of talks with Xi").
    apart: re.Pattern[str] = _NEVER
    # Passing one's words or greetings on ("conveyed", 转达, передал): right before a leader, it
    # makes him the sender, not a participant ("转达习近平主席对普京总统的问候").
    conveys: re.Pattern[str] = _NEVER
    # An item of a list headed by another cue ("20 bilateral meetings, including talks with
    # Xi", «в том числе», 包括): it takes the head's tense.
    including: re.Pattern[str] = _NEVER
    # The two named among a session's leaders ("Leaders of the BRICS countries, including Putin
    # and Xi, held an informal meeting"): the session's meeting, not theirs.
    among_leaders: re.Pattern[str] = _NEVER
    # The interaction owned by "them" ("during their bilateral meeting", «их переговоры»,
    # 两人的会晤): the two the sentence before named, when it named nobody else.
    their_own: re.Pattern[str] = _NEVER
    windows: Windows = Windows()
    # The two as one subject ("Путин и Си Цзиньпин"): with a plural past verb, a joint act.
    both_subject: re.Pattern[str] = _NEVER
    language: str = ""


def _expand(pattern: str, defines: dict[str, str]) -> str:
    """Replace each <<NAME>> by its definition (definitions may use earlier ones)."""
    for _ in range(5):
        pattern = _PLACEHOLDER.sub(lambda m: defines[m.group(1)], pattern)
    return pattern


def _compile(entry: list | dict, defines: dict[str, str]) -> re.Pattern[str]:
    if isinstance(entry, dict):
        patterns, flags = entry["patterns"], 0 if entry.get("case_sensitive") else re.IGNORECASE
    else:
        patterns, flags = entry, re.IGNORECASE
    return guarded("|".join(f"(?:{_expand(p, defines)})" for p in patterns), flags)


# Russian writes ё or е as it likes («провёл», «провел»); lexicons and texts are read with е.
_YO = str.maketrans("ёЁ", "еЕ")


def without_yo(text: str) -> str:
    """The text with ё written е (a scan for ё first: most texts have none)."""
    return text.translate(_YO) if "ё" in text or "Ё" in text else text


def _read(language: str) -> dict:
    """`lexicons/<language>.yaml` as data."""
    source = files("worker.classify").joinpath("lexicons", f"{language}.yaml").read_text("utf-8")
    # Texts are read with ё written е (without_yo), and so are the patterns.
    return yaml.safe_load(source.translate(_YO))


def load_lexicon(language: str) -> Lexicon:
    """Compile `lexicons/<language>.yaml`; a missing optional field matches nothing."""
    data = _read(language)
    data.pop("any_language", None)  # words of the checks made whatever the language: `words`
    defines = data.pop("define", {}) or {}
    known = {f.name for f in fields(Lexicon)}
    windows = Windows(**(data.pop("windows", None) or {}))
    unknown = set(data) - known - {"language"}
    if unknown:
        raise ValueError(f"lexicons/{language}.yaml: unknown fields {sorted(unknown)}")
    patterns = {name: _compile(entry, defines) for name, entry in data.items()}
    return Lexicon(**patterns, windows=windows, language=language)


LEXICONS: dict[str, Lexicon] = {code: load_lexicon(code) for code in LANGUAGES}


def _any_language_words() -> dict[str, str]:
    """Each `any_language` check's entries of all languages, in the order of LANGUAGES, as one
    alternation (a language's entries keep their order: it decides between overlapping ones)."""
    entries: dict[str, list[str]] = {}
    for code in LANGUAGES:
        data = _read(code)
        defines = data.get("define") or {}
        for name, patterns in (data.get("any_language") or {}).items():
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise ValueError(
                    f"lexicons/{code}.yaml: any_language.{name} is not a list of patterns"
                )
            entries.setdefault(name, []).extend(_expand(p, defines) for p in patterns)
    return {name: "(?:" + "|".join(patterns) + ")" for name, patterns in entries.items()}


_WORDS = _any_language_words()


def words(name: str) -> str:
    """The pattern of one cross-language check's words: `(?:en|zh|ru)`, its entries in the three
    lexicons' `any_language` sections, for the classifier to set in its own structure."""
    try:
        return _WORDS[name]
    except KeyError:
        raise KeyError(
            f"no lexicon has any_language.{name} (lexicons/{{{','.join(LANGUAGES)}}}.yaml)"
        ) from None


def lexicon_for(language: str | None, text: str) -> Lexicon | None:
    """The lexicon for the stated language, else one guessed from the script; None if neither."""
    if language:
        code = language.lower().split("-")[0]
        if code in LEXICONS:
            return LEXICONS[code]
        if code not in ("", "und"):
            return None
    sample = text[:2000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    cyr = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    best = max((cjk * 3, "zh"), (cyr, "ru"), (lat, "en"))
    return LEXICONS[best[1]] if best[0] else None
