"""Where a meeting happened: a small gazetteer of summit and visit cities in three languages."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from worker.classify.cues import words
from worker.classify.guard import guarded
from worker.classify.sentences import in_other_clause, told_ahead
from worker.classify.sentences import nearness as cue_nearness


@dataclass(frozen=True)
class Place:
    city: str
    country: str


# A Russian city adjective before its noun («в казанском Кремле», «душанбинского саммита») says
# where; not a time zone or a government («по московскому времени», «пекинская сторона»).
_ADJ = r"{}(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\b(?! (?:времен|сторон|власт|позици)\w*)"


# City -> (country, spellings). Russian stems take any case ending (Москва, Москве, Москвы).
# Venues stand for their city: the Kremlin is Moscow, the Great Hall of the People Beijing.
_GAZETTEER: dict[str, tuple[str, list[str]]] = {
    "Moscow": (
        "Russia",
        [
            r"Moscow",
            # Not "the Kremlin chief", "Kremlin aide": a title, not the place.
            # Not "the Kazan Kremlin": Kazan's fortress.
            r"(?<!Kazan )(?<!Kazan's )(?<!Kazan’s )"
            r"Kremlin(?! (?:chief|leader|boss|aide|spokes\w*|official|press|readout|website)\b)",
            r"Novo-Ogaryovo",
            r"Red Square",
            r"莫斯科",
            # Not 克里姆林宫发言人: a title, not the place.
            r"克里姆林宫(?!发言人|新闻秘书|助理|官网|网站|新闻局|新闻处|消息人士)",
            r"红场",
            r"新奥加廖沃",
            r"Москв\w*",
            # Not «сообщила пресс-служба Кремля»: the office, not the place.
            r"(?<!глава )(?<!хозяин )"
            r"(?<!пресс-служба )(?<!пресс-службы )(?<!пресс-службе )Кремл\w*",
            r"Ново-Огар[её]в\w*",
            r"Красн\w+ площад\w*",
            r"Московск\w+ зоопарк\w*",
            r"Moscow Zoo",
            r"Russian capital",
            r"俄罗斯首都",
            r"российск\w+ столиц\w*|столиц\w* России",
            r"Vnukovo",
            r"伏努科沃",
            r"Внуков\w*",
            r"Bolshoi Theatre",
            r"莫斯科大剧院",
            r"Большо\w+ театр\w*",
            r"St\.? George(?:'s)? Hall",
            r"圣乔治大厅",
            r"Георгиевск\w+ зал\w*",
            _ADJ.format("московск"),
        ],
    ),
    "Beijing": (
        "China",
        [
            r"Beijing",
            r"Great Hall of the People",
            r"Zhongnanhai",
            r"Diaoyutai",
            r"北京",
            r"在京",
            r"人民大会堂",
            r"中南海",
            r"钓鱼台",
            r"天安门",
            r"Tiananmen",
            r"Пекин\w*",
            r"Дом\w* народных собраний",
            r"Чжуннаньха\w*",
            r"Дяоюйта\w*",
            r"Тяньаньмэн\w*",
            r"Chinese capital",
            r"中国首都",
            r"китайск\w+ столиц\w*|столиц\w* Китая|столиц\w* КНР",
            r"Yanqi Lake",
            r"雁栖湖",
            r"Forbidden City",
            r"故宫|紫禁城",
            r"Запретн\w+ город\w*",
            r"National Cent(?:re|er) for the Performing Arts",
            r"(?<!莫斯科)国家大剧院",
            r"Национальн\w+ центр\w* исполнительских искусств",
            r"Яньцихэ\w*|озер\w* Яньци\w*",
            _ADJ.format("пекинск"),
        ],
    ),
    "Shanghai": (
        "China",
        # Not the Shanghai Cooperation Organisation, which meets anywhere but Shanghai.
        [
            r"Shanghai(?! Cooperation)",
            r"上海(?!合作)",
            r"Шанха(?!йск\w* организац)\w*",
            r"Xijiao",
            r"西郊宾馆",
            r"Сицзяо",
            _ADJ.format("шанхайск"),
        ],
    ),
    "Hangzhou": ("China", [r"Hangzhou", r"杭州", r"Ханчжоу"]),
    "Qingdao": ("China", [r"Qingdao", r"青岛", r"Циндао"]),
    "Tianjin": (
        "China",
        [r"Tianjin", r"天津", r"Тяньцзин\w*", r"Meijiang", r"梅江", r"Мэйцзян\w*"],
    ),
    "Xiamen": ("China", [r"Xiamen", r"厦门", r"Сямэн\w*"]),
    "Harbin": ("China", [r"Harbin", r"哈尔滨", r"Харбин\w*", _ADJ.format("харбинск")]),
    "Shenzhen": ("China", [r"Shenzhen", r"深圳", r"Шэньчжэн\w*"]),
    "St Petersburg": (
        "Russia",
        [
            r"St\.? Petersburg",
            r"Saint Petersburg",
            r"圣彼得堡",
            r"(?:Санкт-)?Петербург\w*",
            r"Constantine Palace",
            r"\bНев[аеуы]\b",
            r"Neva River",
            r"涅瓦河",
            r"康斯坦丁宫",
            r"Константиновск\w+ двор\w*",
            r"северн\w+ столиц\w*",
            r"Strelna",
            r"Стрельн\w*",
            _ADJ.format("петербургск"),
        ],
    ),
    "Sochi": ("Russia", [r"Sochi", r"索契", r"Сочи", r"Bocharov Ruchei", r"Бочаров\w* Руч\w*"]),
    "Vladivostok": (
        "Russia",
        [
            r"Vladivostok",
            r"符拉迪沃斯托克",
            r"Владивосток\w*",
            _ADJ.format("владивостокск"),
            r"Russky Island",
            r"俄罗斯岛",
            r"остров\w* Русск\w*",
            # The Eastern Economic Forum is held on Russky Island every year since 2015.
            r"Eastern Economic Forum",
            r"东方经济论坛",
            r"Восточн\w+ экономическ\w+ форум\w*",
        ],
    ),
    "Kazan": (
        "Russia",
        [
            r"Kazan",
            r"喀山",
            r"Казан[ьи]\w*",
            r"[Кк]азанск\w+ [Кк]ремл\w*",
            _ADJ.format("казанск"),
            r"Kazan Kremlin",
            r"Tatarstan(?:'s)? capital|capital of Tatarstan",
            r"столиц\w* Татарстана",
            r"татарстанск\w+ столиц\w*",
        ],
    ),
    "Ufa": ("Russia", [r"Ufa", r"乌法", r"Уф[аеуы]\b"]),
    "Samarkand": (
        "Uzbekistan",
        [r"Samarkand", r"撒马尔罕", r"Самарканд\w*", _ADJ.format("самаркандск")],
    ),
    "Tashkent": (
        "Uzbekistan",
        [
            r"Tashkent",
            r"塔什干",
            r"Ташкент\w*",
            _ADJ.format("ташкентск"),
            r"Uzbek capital",
            r"乌兹别克斯坦首都",
            r"узбекск\w+ столиц\w*|столиц\w* Узбекистана",
        ],
    ),
    "Astana": (
        "Kazakhstan",
        [
            r"Astana",
            r"Nur-Sultan",
            r"阿斯塔纳",
            r"努尔苏丹",
            r"Астан\w*",
            _ADJ.format("астанинск"),
            r"Нур-Султан\w*",
            r"Kazakh capital",
            r"哈萨克斯坦首都",
            r"столиц\w* Казахстана",
            r"казахстанск\w+ столиц\w*",
            r"Akorda",
            r"阿克奥尔达",
            r"Акорд\w*",
        ],
    ),
    "Bishkek": (
        "Kyrgyzstan",
        [
            r"Bishkek",
            r"比什凯克",
            r"Бишкек\w*",
            r"Kyrgyz capital",
            r"吉尔吉斯斯坦首都",
            r"(?:киргизск|кыргызск)\w+ столиц\w*|столиц\w* (?:Киргизии|Кыргызстана)",
        ],
    ),
    "Dushanbe": (
        "Tajikistan",
        [
            r"Dushanbe",
            r"杜尚别",
            r"Душанбе",
            _ADJ.format("душанбинск"),
            r"Tajik capital",
            r"塔吉克斯坦首都",
            r"таджикск\w+ столиц\w*|столиц\w* Таджикистана",
        ],
    ),
    "Durban": ("South Africa", [r"Durban", r"德班", r"Дурбан\w*"]),
    "Johannesburg": (
        "South Africa",
        [r"Johannesburg", r"约翰内斯堡", r"Йоханнесбург\w*", r"Sandton", r"桑顿", r"Сэндтон\w*"],
    ),
    "Fortaleza": ("Brazil", [r"Fortaleza", r"福塔莱萨", r"Форталез\w*"]),
    "Brasilia": (
        "Brazil",
        [
            r"Brasilia",
            r"Brasília",
            r"巴西利亚",
            r"Бразилиа",
            r"Itamaraty",
            r"伊塔马拉蒂",
            r"Итамарати",
        ],
    ),
    "Goa": ("India", [r"Goa", r"果阿", r"Гоа"]),
    "Lima": ("Peru", [r"Lima", r"利马", r"Лим[аеу]\b"]),
    "Osaka": ("Japan", [r"Osaka", r"大阪", r"Осак\w*"]),
    "Hamburg": ("Germany", [r"Hamburg", r"汉堡", r"Гамбург\w*"]),
    "Buenos Aires": ("Argentina", [r"Buenos Aires", r"布宜诺斯艾利斯", r"Буэнос-Айрес\w*"]),
    "Da Nang": ("Vietnam", [r"Da ?Nang", r"岘港", r"Дананг\w*"]),
    "Bali": ("Indonesia", [r"Bali", r"巴厘岛", r"Бали"]),
    "Brisbane": ("Australia", [r"Brisbane", r"布里斯班", r"Брисбен\w*"]),
    "Antalya": ("Turkey", [r"Antalya", r"安塔利亚", r"Анталь\w*"]),
    "Paris": ("France", [r"Paris", r"巴黎", r"Париж\w*"]),
    "New Delhi": ("India", [r"New Delhi", r"新德里", r"Нь?ю-Дели"]),
    "Rio de Janeiro": (
        "Brazil",
        [r"Rio(?: de Janeiro)?\b", r"里约(?:热内卢)?", r"Рио(?:-де-Жанейро)?\b"],
    ),
    "Yekaterinburg": ("Russia", [r"Yekaterinburg", r"叶卡捷琳堡", r"Екатеринбург\w*"]),
    "Ulaanbaatar": (
        "Mongolia",
        [
            r"Ulaanbaatar",
            r"Ulan Bator",
            r"乌兰巴托",
            r"Улан-Батор\w*",
            r"Mongolian capital",
            r"蒙古国首都",
            r"монгольск\w+ столиц\w*|столиц\w* Монголии",
        ],
    ),
    "Minsk": ("Belarus", [r"Minsk", r"明斯克", r"Минск\w*"]),
}

# Words right before a city that say the event is there ("in Moscow", "в Пекине", "在北京").
_LOCATIVE = guarded(rf"{words('locative')}$", re.IGNORECASE)
_ACCORDING = guarded(rf"{words('according_to')}$", re.IGNORECASE)
# A dateline in capitals ("MOSCOW, March 21 (Xinhua) --", "МОСКВА, 21 марта. /ТАСС/",
# "BEIJING (Reuters) -", "SAMARKAND — ", "SAMARKAND: ", "BRASILIA - "): where
# the report was filed, weaker than "in Moscow".
DATELINE = guarded(
    r"^\s*([A-ZА-ЯЁ][A-ZА-ЯЁ'.\- ]{2,30}?)\s*(?:,|\([A-Za-z. ]{2,20}\)\s*[-—–]|[—–:]\s|(?<=\s)-\s)"
)

# After a city: it stands for its government ("Beijing's balanced position", "the Kremlin
# said", "Кремль сообщил").
_METONYM = guarded(words("metonym"))
_HOUSE_SPEAKS = guarded(words("house_speaks"))
# Before a city: it is a party, not a place ("ties with Beijing", "pressure on Moscow").
_PARTY_BEFORE = guarded(rf"{words('party_before')}\s+$", re.IGNORECASE)
_HERE = guarded(words("here"))
# After a city, a clause set there: "came from Beijing, where he held talks", "в Пекине, где".
_WHERE_AFTER = guarded(rf",\s*{words('where')}\b")

_CITY_RX = guarded(
    "|".join(
        f"(?P<c{i}>{'|'.join(spellings)})"
        for i, (_city, (_country, spellings)) in enumerate(_GAZETTEER.items())
    )
)
_CITIES = list(_GAZETTEER)
_RU_ADJECTIVE = guarded(_ADJ.format("[а-яё]+ск"))
# Cities written in Latin script need a word boundary ("Lima" must not match "Limassol").
_LATIN = guarded(r"[A-Za-z]")


# A transcript's header line, a date and a place only: "July 4, 2017, The Kremlin, Moscow",
# "16 мая 2024 года, Пекин", the place first, or the place alone.
_HEADER_LINE = guarded(
    rf"^{words('header_date')}"
    r"(?:,?\s+\d{1,2}:\d{2})?,?\s+[^.!?]{2,60}\.?$"
    # Or the place alone: "Астана.", "Москва, Кремль."
    r"|^[A-ZА-ЯЁ][\w-]+(?:,\s+[A-ZА-ЯЁ][\w -]+)?\.?$"
    # Or the place, then the date: "Москва, Кремль, 5 июня 2019 года."
    rf"|^[A-ZА-ЯЁ][\w-]+(?:,\s+[A-ZА-ЯЁ][\w -]+)?,\s+{words('header_date')}\.?$"
)


def is_header_line(sentence: str) -> bool:
    """True for a line that gives only a date and a place (where a transcript was recorded)."""
    return bool(_HEADER_LINE.match(sentence))


def place_for(city: str) -> Place | None:
    """The normalised place for a canonical city name."""
    entry = _GAZETTEER.get(city)
    return Place(city=city, country=entry[0]) if entry else None


def find_places(sentence: str) -> list[tuple[bool, int, Place]]:
    """Cities in a sentence as (after a locative word, position, place)."""
    dateline = DATELINE.match(sentence)
    if dateline:
        # Title case lets the gazetteer read it (MOSCOW -> Moscow, NUR-SULTAN -> Nur-Sultan).
        sentence = dateline[1].title() + sentence[dateline.end(1) :]
    # Wire copy says "met Putin here": here is the dateline's city.
    here = bool(dateline and _HERE.search(sentence, dateline.end()))
    out = []
    for m in _CITY_RX.finditer(sentence):
        word = m.group(0)
        if _LATIN.match(word) and (
            (m.start() and sentence[m.start() - 1].isalpha())
            or (m.end() < len(sentence) and sentence[m.end()].isalpha())
        ):
            continue
        city = _CITIES[int(m.lastgroup[1:])]
        if _OF_TALKS.match(sentence, m.end()) and not _PAIRED_CITY.search(
            sentence, max(0, m.start() - 6), m.start()
        ):
            out.append((True, m.start(), Place(city=city, country=_GAZETTEER[city][0])))
            continue
        if _ACCORDING.search(sentence, max(0, m.start() - 20), m.start()):
            continue  # "according to the Kremlin": a source, not where
        locative = (
            bool(_RU_ADJECTIVE.match(word))
            # "in the Russian city of Kazan" reaches further than "in Kazan".
            or bool(_LOCATIVE.search(sentence[max(0, m.start() - 30) : m.start()]))
            or bool(here and m.start() < dateline.end())
            or bool(_WHERE_AFTER.match(sentence, m.end()))
        )
        if not locative and _METONYM.match(sentence, m.end()):
            continue  # "Beijing's position", "the Kremlin said": a government, not a place
        if _HOUSE_SPEAKS.match(sentence, m.end()):
            continue  # «в Кремле назвали продуктивными»: a source, even after "in"
        if _OWNER_AFTER_TO.search(sentence, max(0, m.start() - 12), m.start()) and _OWNS.match(
            sentence, m.end()
        ):
            continue  # "a nod to Beijing's unease": the government's, not a place
        if not locative and _PARTY_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            continue  # "a tariff fight with Beijing", "санкции против Москвы": a party
        if _PREVIEW_BEFORE.search(sentence, max(0, m.start() - 50), m.start()):
            continue  # "coordination ahead of the G20 in Buenos Aires": an event to come
        if _HOME_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            continue  # "Xi arrived back in Beijing after the summit in Kazan": home, not the venue
        if _NEXT_STOP.search(sentence, max(0, m.start() - 30), m.start()) and (
            _AFTER_TALKS.match(sentence, m.end()) or _AFTER_TALKS.search(sentence, 0, m.start())
        ):
            # «прибыл в Харбин после переговоров», «на следующий день после переговоров … прибыл
            # в Харбин»: the stop after the talks.
            continue
        if _MOVED_ON_BEFORE.search(sentence, max(0, m.start() - 70), m.start()):
            continue  # "later travelled with Xi to the port city of Tianjin": the next stop
        if _AFTER_OTHERS_MEETING.search(sentence, max(0, m.start() - 100), m.start()):
            continue  # "a day after his summit with Kim Jong Un in Vladivostok": another's venue
        out.append((locative, m.start(), Place(city=city, country=_GAZETTEER[city][0])))
    return out


# "Beijing talks" are held there; "Moscow-Beijing talks" are between the two governments.
_OF_TALKS = guarded(words("city_of_talks"))
_PAIRED_CITY = guarded(r"(?:[-–/]|\band\s)$")


_PREVIEW_BEFORE = guarded(
    rf"\b{words('preview')}\b(?:(?!{words('talks_word')})[^.,;:]){{0,25}}$"
    # "their first meeting since the Kazan summit", "the second such meeting after Buenos
    # Aires": an earlier event's city.
    rf"|{words('since_or_after')}$"
    # "пригласил Путина на саммит БРИКС в Сямэне": where the guest is invited to, still ahead.
    rf"|{words('invited')}[^.,;:，。；：]{{0,40}}$",
    re.IGNORECASE,
)


# Before a city: the traveller going home ("arrived back in Beijing", «вернулся в Москву»,
# 回到北京).
_HOME_BEFORE = guarded(rf"{words('home_before')}$", re.IGNORECASE)


_MOVED_ON_BEFORE = guarded(rf"{words('moved_on_before')}$", re.IGNORECASE)
_NEXT_STOP = guarded(rf"{words('next_stop')}$", re.IGNORECASE)
_AFTER_TALKS = guarded(words("after_talks"), re.IGNORECASE)
_AFTER_OTHERS_MEETING = guarded(words("after_others_meeting"))


# "to" right before a city that owns something ("a nod to Beijing's unease").
_OWNER_AFTER_TO = guarded(rf"\b{words('to_before_owner')}\s+(?:the\s+)?$", re.IGNORECASE)
_OWNS = guarded(r"['’]s\b")


_THING_CLAUSE = guarded(rf",\s*{words('thing_clause')}\b[^,;]*", re.IGNORECASE)
_COUNT_SINCE = guarded(words("count_since"), re.IGNORECASE)


def _without_metonyms(found: list[tuple[bool, int, Place]]) -> list[tuple[bool, int, Place]]:
    """ "Moscow and Beijing say..." names two governments: only located mentions are places."""
    if {"Moscow", "Beijing"} <= {p.city for _loc, _pos, p in found}:
        return [hit for hit in found if hit[0]]
    return found


def lead_place(sentences: list[str]) -> Place | None:
    """The one city the sentences name, if they name exactly one."""
    cities = {p for s in sentences for _loc, _pos, p in _without_metonyms(find_places(s))}
    return cities.pop() if len(cities) == 1 else None


# "Talks in China": a country named as where, with no city, is its capital for a leaders' meeting.
_CAPITALS = {
    "China": "Beijing",
    "Russia": "Moscow",
    "Kazakhstan": "Astana",
    "Kyrgyzstan": "Bishkek",
    "Tajikistan": "Dushanbe",
    "Uzbekistan": "Tashkent",
    "Mongolia": "Ulaanbaatar",
}
# Each country's words ("in China", 在中国, «в Китае») in a group named for the country.
_IN_COUNTRY = guarded(
    "|".join(f"(?P<{country}>{words('in_' + country.lower())})" for country in _CAPITALS)
)


def capital_of_named_country(sentences: list[str], *, summit: bool = False) -> Place | None:
    """The capital of the one host country the sentences place the event in ("in China"). For
    a summit, China and Russia hold theirs in many cities (Qingdao, Ufa, Kazan): only the
    smaller hosts' capitals ("in Kazakhstan") are a safe guess."""
    countries = set()
    for sentence in sentences:
        countries.update(m.lastgroup for m in _IN_COUNTRY.finditer(sentence))
    if summit:
        countries -= {"China", "Russia"}
    return place_for(_CAPITALS[countries.pop()]) if len(countries) == 1 else None


def resolve_place(
    evidence: list[str],
    context: list[str],
    cue_at: Callable[[str], int | None] | None = None,
    *,
    place_first: bool = False,
) -> Place | None:
    """The meeting place: a located city in the evidence, then any city there, then the context.
    With `cue_at`, an evidence sentence's cities are taken nearest its cue first ("travels to St
    Petersburg a day after talks with Putin in the Kremlin" is Moscow); `place_first` when the
    language puts the place before the verb (在北京同习近平举行会谈)."""

    def nearness(s: str, at: int, pos: int) -> tuple[int, int, int, int]:
        bracketed, apart, before, distance = cue_nearness(s, at, pos)
        return bracketed, apart, before != place_first, distance

    for sentences in (evidence, context):
        found = []
        for s in sentences:
            hits = _without_metonyms(find_places(s))
            at = cue_at(s) if cue_at is not None else None
            if at is not None:
                # "The trip, which began at the SCO summit in Tianjin, included formal talks":
                # a clause about something else places that, not the cue.
                hits = [h for h in hits if not in_other_clause(_THING_CLAUSE, s, at, h[1])]
            # "…; Russian leader heads to Harbin on Friday": a clause told in the future places
            # what is ahead; "the first since the talks in Beijing" places the earlier talks.
            hits = [
                h
                for h in hits
                if not told_ahead(s, at, h[1])
                and not in_other_clause(_COUNT_SINCE, s, -1 if at is None else at, h[1])
            ]
            if at is not None and sentences is evidence:
                # A dateline the sentence calls "here" (located at 0) is where it happened.
                hits.sort(
                    key=lambda h, s=s, at=at: (not (h[0] and h[1] == 0), nearness(s, at, h[1]))
                )
            # A sentence without the cue (read beside the one with it) is never nearer to it.
            found += [(*h, at is None or nearness(s, at, h[1])[1]) for h in hits]
        # "Putin wraps up China trip in Harbin after talks with Xi … in Beijing": a place in
        # the cue's own clause first, in whichever sentence.
        located = [p for loc, _pos, p, apart in sorted(found, key=lambda h: h[3]) if loc]
        if located:
            return located[0]
        if found and sentences is evidence:
            return found[0][2]
    return None
