"""Cue lexicons per language: how a meeting, a video link or a call is reported, and the words
that turn a report into a plan (tense, mode) or deny it (negation)."""

import re
from dataclasses import dataclass


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """The cue patterns of one language."""

    meet: re.Pattern[str]  # an in-person encounter: met, talks, 会谈, переговоры
    video: re.Pattern[str]  # held by video link
    phone: re.Pattern[str]  # held by telephone
    joint: re.Pattern[str]  # joint acts that imply the two interacted: agreed, signed, 共同
    plan: re.Pattern[str]  # future, intention, preview, arrival: the event has not happened yet
    done: re.Pattern[str]  # past-tense report of the event: beats a plan cue in the same sentence
    negation: re.Pattern[str]  # a denial close before the cue
    visit: re.Pattern[str]  # a trip to the other's country: visit, arrives, 访问, визит
    history: re.Pattern[str]  # the event lies years back ("three years ago", 去年)
    attend: re.Pattern[str]  # attending a session, parade or banquet with others
    multilateral: re.Pattern[str]  # a summit session of many leaders
    bilateral: re.Pattern[str]  # marks a two-party encounter inside a multilateral setting
    noise: re.Pattern[str]  # phrases that look like cues but are not (removed before matching)
    # Both set a distant facility going at once (a pipeline, a reactor): done by video link.
    launch: re.Pattern[str] = re.compile(r"(?!)")
    # Meeting cues that do not tell the mode: talks are held by video link and by phone too.
    unspecific: re.Pattern[str] = re.compile(r"(?!)")
    # A count of meetings ("twice this year", 两度会晤, дважды): many contacts summed up, not one.
    aggregate: re.Pattern[str] = re.compile(r"(?!)")
    # A month named without its day ("in September", 今年9月, в сентябре): group 1 is the month.
    month: re.Pattern[str] = re.compile(r"(?!)")


_EN_LAUNCH = (
    r"\b(?:launch\w*|gave the (?:go-ahead|start|command)|by (?:the )?command of|kick\w* off)\b"
    r"[^.]{0,80}\b(?:pipeline|gas|reactors?|nuclear|power (?:units?|plants?)|construction)\b"
)
_RU_LAUNCH = r"\b(?:по команде|дал\w* старт\w*|запустил\w*)\b"
_RU_LEADER = r"(?:Путин\w*|Си\s+Цзиньпин\w*)"
_RU_BOTH = rf"{_RU_LEADER}\s+и\s+(?:\w+\s+){{0,2}}?{_RU_LEADER}"

_EN_LEADER = (
    r"(?:(?:Chinese )?President Xi(?: Jinping)?|(?:Russian )?President (?:Vladimir )?Putin)"
)
_EN_BOTH = (
    rf"(?:the two (?:heads of state|presidents|leaders)|{_EN_LEADER} and {_EN_LEADER}"
    r"|(?:the )?(?:Chinese and Russian|Russian and Chinese) (?:heads of state|presidents|leaders))"
)
_ZH_BOTH = (
    r"(?:习近平主席(?:和|同|与)普京总统|普京总统(?:和|同|与)习近平主席|(?:中俄)?两国元首|元首)"
)
_RU_BOTH_TITLED = (
    r"(?:лидер\w*|глав\w* государств|президент\w*|руководител\w*) (?:двух стран|России и Китая"
    r"|Китая и России|РФ и КНР)"
)

EN = Lexicon(
    meet=_rx(
        r"\bmeets?\b",
        r"\bmet\b",
        r"\bmeeting\b",
        r"\btalks\b",
        r"\bsat down\b",
        r"\bshook hands\b",
        r"\bembrac\w+",
        r"\bhugg?\w*",
        r"\bwelcom\w+ (?:[‘'\"][\w ]{1,20}[’'\"]\s+)?(?:Xi|Putin|\w+ Xi|\w+ Putin|his|the Russian"
        r"|the Chinese)",
        r"\bwelcome ceremony\b",
        r"\b(?:tête-à-tête|tete-a-tete|one-on-one|face-to-face|in person)\b",
        r"\bsidelines\b",
        r"\bhot mic\b",
        r"\bvisit to (?:Moscow|Beijing|the Kremlin)\b",
        r"\bKremlin visit\b",
        r"\btalk(?:s|ed|ing)? (?:to|with)\b",
    ),
    # Not a bare "video": "a video published by the Kremlin" is footage, not a video link.
    video=_rx(
        r"\bvideo[ -]?(?:link|call|conference|summit|talks|meeting|chat|format|ceremony)",
        r"\bvideoconferenc\w*",
        r"\b(?:via|by) video\b",
        r"\bvirtual(?:ly)?\b",
        r"\bonline (?:talks|meeting|summit|call)\b",
    ),
    phone=_rx(
        r"\b(?:tele)?phone\b",
        r"\bcalls? (?:with|between)\b",
        # Not "a video call": that is a video link.
        r"\b(?:had|held|holds?|have|made) (?:a |an )?(?:(?!video\b)\w+ )?call\b",
        r"\bspoke (?:with|to)\b",
        r"\b(?:a|an|the|their|his)\s+(?:(?!video\b)[\w-]+\s+){0,2}call\b(?!\s+(?:for|to|of)\b)",
        r"\bphone call blitz\b",
    ),
    joint=_rx(
        r"\bagree[ds]?\b",
        r"\bpledge[ds]?\b",
        r"\bvow(?:s|ed)?\b",
        r"\bsign(?:s|ed)?\b",
        r"\bhail(?:s|ed)?\b",
        r"\breaffirm\w*",
        r"\bdeclar\w+",
        r"\bdiscuss\w*",
        r"\bjoint(?:ly)? (?:statement|declaration|press)\b",
        r"\b(?:reject|rebuff|slam|spurn|hit out|round on|denounc)\w*",
        r"\b(?:take|takes|took|taking) aim\b",
        _EN_LAUNCH,
    ),
    plan=_rx(
        r"\bwill\b",
        r"\b(?:would|shall)\b",
        r"\bto (?:meet|hold|visit|attend|travel|sign|discuss|talk|host|receive|speak|make)\b",
        r"\b(?:set|expected|due|scheduled|poised|plans?|planning|going|preparing) to\b",
        r"\bplanned\b",
        r"\bupcoming\b",
        r"\bahead of\b",
        r"\b(?:on the )?eve of\b",
        r"\bnext (?:week|month|year)\b",
        r"\blater this\b",
        r"\bpreview\w*",
        r"\binvit\w+",
        r"\blooks? forward\b",
        r"\barriv\w+",
        r"\bheads? (?:to|for)\b",
        r"\bagenda\b",
        r"\bprepar\w+",
    ),
    done=_rx(
        r"\bmet\b",
        r"\bheld\b",
        r"\bhad\b",
        r"\btook place\b",
        r"\btalked\b",
        r"\bspoke\b",
        r"\bdiscussed\b",
        r"\bsigned\b",
        r"\bagreed\b",
        r"\bpledged\b",
        r"\bexchanged\b",
        r"\bwelcomed\b",
        r"\bhosted\b",
        r"\bgreeted\b",
        r"\bembraced\b",
        r"\b(?:after|following|during|at) (?:the |their |his )?(?:talks|meeting)\b",
        r"\btalks (?:began|begin|are under way|underway)\b",
        r"\bas (?:talks|they meet|\w+ (?:and \w+ )?meet)\b",
    ),
    negation=_rx(
        r"\b(?:not|no|never|neither|nor|without)\b",
        r"n['’]t\b",
        r"\b(?:denied|denies|deny|ruled out)\b",
    ),
    visit=_rx(
        r"\bwelcom\w+\b.{0,60}\bto\b",
        r"\bvisit\w*",
        r"\btrip\b",
        r"\barriv\w+",
        r"\bheads? (?:to|for)\b",
        r"\btravel\w*",
    ),
    history=_rx(
        r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) years ago\b",
        r"\blast (?:year|month)\b",
        r"\bearlier this year\b",
        r"\bback in (?:19|20)\d\d\b",
    ),
    attend=_rx(
        r"\battend\w*", r"\btook part\b", r"\bparticipat\w*", r"\bjoined\b", r"\baddress\w*"
    ),
    multilateral=_rx(
        r"\b(?:BRICS|SCO|G20|G-20|APEC|CICA|summit|forum|parade|banquet|session|plenary)\b"
    ),
    bilateral=_rx(
        r"\bbilateral\b",
        r"\bsidelines\b",
        r"\bone-on-one\b",
        r"\b(?:talks|meeting|met) with\b",
        r"\bmeets\b",
        r"\bheld talks\b",
    ),
    noise=_rx(
        r"\bso-called\b",
        r"\bno limits\b",
        r"\bmeeting room\b",
        # Stock phrases that name the two as the source of all relations, not as actors.
        rf"\bunder the (?:strategic )?(?:guidance|leadership|steering) of {_EN_BOTH}",
        rf"\b(?:the )?(?:important )?(?:common understandings?|consensus|agreements?)"
        rf" (?:reached )?(?:by|between) {_EN_BOTH}",
    ),
    launch=_rx(_EN_LAUNCH),
    unspecific=_rx(r"talks", r"talk(?:s|ed|ing)? (?:to|with)"),
    aggregate=_rx(
        r"\b(?:twice|(?:three|four|five|six|several|many|multiple|\d+) times|repeatedly|regularly"
        r"|on (?:several|many"
        r"|numerous) occasions)\b",
        r"\b(?:two|three|four|five|six|several|many|numerous|dozens of|\d+)"
        r" (?:meetings|calls|phone calls|conversations|summits|rounds of talks)\b",
    ),
    month=re.compile(
        r"\b(?:in|since|last|earlier in|back in|during)\s+(January|February|March|April|May|June"
        r"|July|August|September|October|November|December)\b(?!\s+\d)"
    ),
)

ZH = Lexicon(
    meet=_rx(
        r"会见",
        r"会谈",
        r"会晤",
        r"茶叙",
        r"晤谈",
        r"欢迎仪式",
        r"仪式欢迎",
        r"共同(?:出席|参观|会见|见证|签署)",
        r"见证",
        r"举行双边",
        r"宴请",
        r"散步",
    ),
    video=_rx(r"视频(?:会晤|通话|连线|会议|方式)", r"以视频"),
    phone=_rx(r"通电话", r"通话", r"电话"),
    # Not 共同 or 达成 alone: "共同引领", "达成的共识" recall earlier meetings, they report none.
    joint=_rx(r"一致同意", r"签署", r"联合声明"),
    plan=_rx(
        r"将(?:于|同|与|在|对|赴|出席|举行|会见|进行|应邀|访问|前往)",
        r"即将",
        r"拟",
        r"期待",
        r"预计",
        r"应邀",
        r"启程",
        r"离京",
        r"抵达",
        r"届时",
        r"前夕",
        r"筹备",
        r"离开北京",
        r"乘专机",
    ),
    done=_rx(
        r"举行了", r"进行了", r"会见了", r"结束", r"期间", r"当地时间\d+日", r"日(?:上午|下午|晚)"
    ),
    negation=_rx(r"未", r"没有", r"并非", r"不会", r"尚未"),
    visit=_rx(r"访问", r"访华", r"访俄", r"抵达", r"出访", r"到访", r"赴"),
    history=_rx(
        r"\d+年前", r"不久前", r"[一二三四五六七八九十两]+年前", r"去年", r"前年", r"上个?月"
    ),
    attend=_rx(r"出席", r"参加", r"与会", r"致辞"),
    multilateral=_rx(
        r"金砖",
        r"上海合作组织",
        r"上合",
        r"二十国集团",
        r"亚太经合",
        r"峰会",
        r"论坛",
        r"阅兵",
        r"大会",
    ),
    bilateral=_rx(
        r"双边", r"共同", r"同俄罗斯总统", r"同普京", r"同习近平", r"会见", r"会谈", r"茶叙"
    ),
    noise=_rx(
        r"领导人第[一二三四五六七八九十\d]+次会晤",
        r"线上峰会",
        r"视频峰会",
        r"电话会议",
        # Stock phrases that name the two as the source of all relations, not as actors.
        rf"(?:在|遵循|以)?{_ZH_BOTH}(?:的)?战略引领(?:下)?",
        rf"{_ZH_BOTH}(?:达成|作出)?的?(?:重要|系列)?(?:共识|部署)",
        r"元首外交",
    ),
    unspecific=_rx(r"会谈", r"会晤", r"晤谈"),
    aggregate=_rx(
        r"(?<![第一二三四五六七八九十百\d])(?:[两二三四五六七八九多数几][一二三四五六七八九十]*|\d+)"
        r"(?:度|次)(?!日)",
        r"屡次",
    ),
    month=re.compile(r"(?<![\d年])(?:今年)?(\d{1,2})月(?![\d份]*日|\d)"),
)

RU = Lexicon(
    meet=_rx(
        r"\bвстре[тч]\w*",
        r"\bпереговор\w*",
        r"\bбесед\w*",
        r"\bпринял\w*\s+(?:в|Си|Путин|председател|президент|китайск|российск)",
        r"\bна полях\b",
        r"\bнеформальн\w+",
        r"\bчаепити\w*",
        r"\bрукопожат\w*",
        r"\bобня\w*",
        r"\bтет-а-тет\w*",
        r"\bосмотрел\w*",
        r"\bпообщал\w*",
        r"\bлично\b",
        r"\bвместе\b",
        r"\bпоговорить\b",
        r"\bпообщаться\b",
    ),
    video=_rx(
        r"\bвидеосвяз\w*",
        r"\bвидеоконференц\w*",
        r"\bвидеоформат\w*",
        r"\bпо видео\w*",
        r"\bонлайн\w*",
        r"\bдистанционн\w*",
        r"\bтелемост\w*",
        r"\bв режиме видео\w*",
    ),
    phone=_rx(r"\bтелефон\w*", r"\bсозвонил\w*"),
    joint=_rx(
        r"\bобсудил\w*",
        r"\bдоговорил\w*",
        r"\bподписал\w*",
        r"\bговорили\b",
        r"\bдали старт\w*",
        r"\bсовместн\w+ заявлени\w*",
        r"\bпо команде\b",
        r"\bзапустил\w*",
        # A headline with its verb left out: "Путин и Си Цзиньпин о роли России и Китая" is
        # what they said together, about that.
        rf"{_RU_BOTH}\s+(?:о|об|обо)\s",
    ),
    plan=_rx(
        r"\bбуд(?:ет|ут|у)\b",
        r"\bпровед(?:е|ё)т\b",
        r"\bпроведут\b",
        r"\bвстретит(?:ся|ь)\b",
        r"\bвстретятся\b",
        r"\bпосетит\b",
        r"\bсовершит\b",
        r"\b\w*планир\w*",
        r"\bпримет участие\b",
        r"\bзавтра\b",
        r"\bстартует\b",
        r"\bподготовк\w*",
        r"\bпредстоящ\w+",
        r"\bнамечен\w*",
        r"\bнамерен\w*",
        r"\bсостоит(?:ся)\b",
        r"\bсостоятся\b",
        r"\bпройд(?:ет|ёт|ут)\b",
        r"\bожида\w+",
        r"\bприбыл\w*",
        r"\bприбудет\b",
        r"\bотправится\b",
        r"\bсобира\w+",
        r"\bнакануне\b",
        r"\bв преддверии\b",
        r"\bпригла\w+",
    ),
    done=_rx(
        r"\bпровел\w*",
        r"\bвстретил\w*",
        r"\bсостоял\w*",
        r"\bпрош(?:ли|ла|ел|ёл)\b",
        r"\bобсудил\w*",
        r"\bговорили\b",
        r"\bдоговорил\w*",
        r"\bподписали\b",
        r"\bбеседовал\w*",
        r"\bначал(?:ись|ся|ась)\b",
        r"\bпосле (?:переговоров|встречи|беседы)\b",
        r"\bпо итогам\b",
        r"\bв ходе (?:переговоров|встречи|беседы|разговора)\b",
        r"\bпринял\b",
    ),
    negation=_rx(r"\b(?:не|нет|ни|без)\b"),
    visit=_rx(r"\bвизит\w*", r"\bпосет\w*", r"\bприезд\w*", r"\bприбы\w*", r"\bприлет\w*"),
    history=_rx(
        r"\b(?:\w+ )?(?:года|лет|год) назад\b",
        r"\bв прошлом (?:году|месяце)\b",
    ),
    attend=_rx(r"\bучаст\w*", r"\bприсутств\w*", r"\bвыступил\w*"),
    multilateral=_rx(
        r"\bБРИКС\b",
        r"\bШОС\b",
        r"\bАТЭС\b",
        r"\bG20\b",
        r"\bсаммит\w*",
        r"\bфорум\w*",
        r"\bпарад\w*",
    ),
    bilateral=_rx(r"\bдвусторонн\w*", r"\bна полях\b", r"\bвстретил\w* с\b", r"\bпереговоры с\b"),
    noise=_rx(
        r"\bне только\b",
        # Stock phrases that name the two as the source of all relations, not as actors.
        rf"\bдоговор[её]нност\w+,? (?:достигнут\w+ )?(?:между )?{_RU_BOTH_TITLED}",
        rf"\bпод (?:руководством|эгидой) {_RU_BOTH_TITLED}",
    ),
    unspecific=_rx(r"переговор\w*", r"бесед\w*", r"пообщал\w*"),
    aggregate=_rx(
        r"\b(?:дважды|трижды|неоднократно|многократно|регулярно|несколько раз|\d+ раз\w*)\b",
        r"\b(?:две|три|четыре|пять|несколько|многочисленн\w+|\d+) (?:встреч\w*|разговор\w*"
        r"|бесед\w*|саммит\w*)",
    ),
    month=re.compile(
        r"\bв (январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)\b"
    ),
    launch=re.compile(
        rf"(?:{_RU_LAUNCH})[^.]{{0,80}}\b(?:газ\w*|трубопровод\w*|энергоблок\w*|АЭС|реактор\w*"
        r"|мост\w*|строительств\w*)"
        r"|\b(?:газ\w*|трубопровод\w*|энергоблок\w*|АЭС)\b[^.]{0,80}\bпо команде\b",
        re.IGNORECASE,
    ),
)

LEXICONS: dict[str, Lexicon] = {"en": EN, "zh": ZH, "ru": RU}


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
