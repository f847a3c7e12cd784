"""Split article text into sentences: English and Russian full stops, Chinese 。！？, lines."""

import html
import re

from worker.classify.cues import words

# A full stop ends an English/Russian sentence when a capital letter, digit or quote follows;
# Chinese enders need no space. Newlines always end one (titles, leads, list items).
_BOUNDARY = re.compile(
    # A digest's bracketed headlines and numbered items are sentences of their own:
    # "【习近平抵达索契】【习近平会见俄罗斯总统普京】", "1.… 2.…".
    # Alternatives that open on whitespace share one branch: the scan tries fewer per character.
    r"(?<=[】。！？；;])\s*"
    r"|\s+(?:(?=【)|(?=\d{1,2}[.、]\s*[\u4e00-\u9fff])|\n\s*)|(?=【)|\n+\s*"
    r"|(?<=[.!?…])[\"'”»)]?\s+(?=(?:[-–—•]+\s+)?[\"'“«(]?[A-ZА-ЯЁ0-9\u4e00-\u9fff])"
    # A feed's elision ("… kept demand high […] Chinese President …") ends one too.
    r"|(?:(?<=\[…\])|(?<=\[\.\.\.\]))\s+(?=[A-ZА-ЯЁ\u4e00-\u9fff])"
)
# A listing page's time or day between headlines: "…КНР 10:12 Лавров и Ван И…", "…莫迪 08-31
# 习近平…". Found by a cheap scan, then checked around (see _listing_gaps).
_STAMP = re.compile(r"\s+\d{1,2}(?::\d{2}|-\d{1,2})\s+")
_HEADLINE_START = re.compile(r"[A-ZА-ЯЁ\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Markdown heading marks and list bullets left by feed-to-text converters.
_MARKUP = re.compile(r"^[#*>\-\s]+")
# Abbreviations after which a full stop does not end the sentence.
# A one-letter Chinese given name is not an initial: "…встретился с Ван И. Путин сказал…".
_ABBREV = re.compile(
    rf"(?:(?<!\b{words('surname_before_initial')} )\b[A-ZА-ЯЁ]\.$)"
    rf"|(?:\b{words('abbreviation')}\.)$"
    # Wire datelines abbreviate months: "BEIJING, Dec. 28 (Xinhua) --".
    rf"|(?:\b{words('month_abbreviation')}\.)$"
)
# A news agency's dateline split off by its own full stop ("МОСКВА, 21 марта. /ТАСС/."): it
# belongs to the sentence it heads.
_DATELINE_ONLY = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'.\- ]{2,30},\s+[^/]{3,25}/[^/]{2,20}/\.?$")
_CITY_DOT = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё-]{2,20}\.$")
_DAY_MONTH_DOT = re.compile(r"^\d{1,2}\s+[a-zа-яё]{3,10}\.$")
_CITY_DAY_DOT = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё-]{2,20}\.\s+\d{1,2}\s+[a-zа-яё]{3,10}\.$")
# «Пекин, 16 мая.»: a dateline in title case, alone before the lead it heads.
_CITY_COMMA_DAY_DOT = re.compile(r"^[А-ЯЁ][а-яё-]{2,20},\s+\d{1,2}\s+[а-яё]{3,10}\.$")
# A heading alone on its line that starts a "Related" / "Read more" block: what follows quotes
# other stories, so it is not part of the article (and left in, it makes unrelated stories look
# alike and names people the article is not about).
# A line that opens on the heading and its colon lists the stories on it ("Related: Xi, Putin
# hold phone talks"); brackets mark it in Chinese pages (【相关新闻】).
_RELATED_HEADING = re.compile(
    rf"^[ \t]*[【\[]?{words('related_heading')}[】\]]?[ \t]*(?:[:：][^\n]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
# Flattened pages run the block on after the last sentence: "… strike. Related stories: …".
_RELATED_RUN_ON = re.compile(
    rf"[.!?。！？»”\"]\s*{words('related_heading')}\s*[:：]", re.IGNORECASE
)


# A page's navigation, asides and footer, and a block whose class names it as links or tags
# (`<ul class="related">`): not the story (one level deep; a nested block ends at its first close).
_FURNITURE_ELEMENT = re.compile(
    r"<(nav|aside|footer)\b[^>]*>.*?</\1\s*>"
    r"|<(ul|ol|div|section|p)\b[^>]*\bclass=[\"'][^\"']*\b(?:related|most-read|popular|breadcrumbs?"
    r"|crumbs|tags|share|inject|read-?also|see-?also)\b[^\"']*[\"'][^>]*>.*?</\2\s*>",
    re.IGNORECASE | re.DOTALL,
)


def markup_as_lines(text: str) -> str:
    """A feed's markup read as text: navigation, asides and link blocks dropped, entities
    decoded, block tags as line breaks, other tags as spaces, so that "<p><strong>Read
    more:</strong></p>" heads a line of its own."""
    if "<" not in text and "&" not in text:
        return text
    story = _FURNITURE_ELEMENT.sub("\n", text) if "<" in text else text
    if not _TAG.sub("", story).strip():
        story = text
    return _TAG.sub(" ", _BLOCK_TAG.sub("\n", html.unescape(story)))


# A page's list of other headlines under a heading of its own ("Most read", «Популярное», 热点推荐),
# a line of topic tags ("Tags: Xi Jinping, Vladimir Putin") and a line linking or captioning
# another item ("Previous article: …", 上一篇：…): furniture, wherever it stands.
_FURNITURE_HEADING = re.compile(
    rf"^[ \t]*[【\[]?{words('furniture_heading')}[】\]]?[ \t]*(?:[:：][^\n]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
_FURNITURE_LINE = re.compile(rf"^[ \t]*{words('furniture_line')}[^\n]*$", re.MULTILINE)
_TAGS_LINE = re.compile(
    rf"^[ \t]*{words('tags_heading')}[ \t]*[:：][^\n]*$", re.IGNORECASE | re.MULTILINE
)
# A headline in such a list: a short line that no sentence's full stop ends, or a headline
# quoted whole on its line («Путин и Си Цзиньпин поговорили по телефону»).
_HEADLINE_LINE = re.compile(
    r"^[^\n]{1,150}(?<![.!?。！？…»”\"])[ \t]*$"
    r"|^[ \t]*[«“\"][^\n»”\"]{1,150}[»”\"][ \t]*$"
    r"|^[ \t]*$",
    re.MULTILINE,
)


# A "Read also" aside inside the story: the heading with its links on the line
# ("ЧИТАЙТЕ ТАКЖЕ: …", "READ ALSO | …", "【延伸阅读】…"), or alone with its links below.
_ASIDE_HEADING = re.compile(
    rf"^[ \t]*(?:【{words('related_heading')}】[^\n]*"
    rf"|\[?{words('related_heading')}\]?[ \t]*(?:[:：|⟶→»>]+[^\n]*)?)$",
    re.IGNORECASE | re.MULTILINE,
)


def strip_page_furniture(text: str) -> str:
    """The text without headline lists under a "Most read"-style heading, "Read also" asides,
    tag lines and lines linking other items; the story around them is kept, and the text whole
    when only furniture would be left (a feed item that is a video's caption)."""
    page = _FURNITURE_LINE.sub("", _TAGS_LINE.sub("", text))
    while heading := _FURNITURE_HEADING.search(page) or _ASIDE_HEADING.search(page):
        end = heading.end()
        while end < len(page) and (line := _HEADLINE_LINE.match(page, end + 1)):
            end = line.end()
        page = page[: heading.start()] + page[end:]
    return page if page.strip() else text


def strip_related_blocks(text: str) -> str:
    """The body without its trailing "Related:" block (kept whole when nothing would be left)."""
    match = _RELATED_HEADING.search(text)
    cut = match.start() if match else None
    if run_on := _RELATED_RUN_ON.search(text):
        cut = min(cut, run_on.start() + 1) if cut is not None else run_on.start() + 1
    if cut is None or not text[:cut].strip():
        return text
    return text[:cut].rstrip()


# Pages can be huge (full transcripts); the lead and first paragraphs carry the news.
MAX_CHARS = 12_000


# No-break and thin spaces (common in Russian typesetting) would defeat word patterns.
_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f\u3000]+")


# Feed descriptions keep their HTML; a tag is a boundary, never part of a sentence.
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|br|h\d)\b[^>]*>", re.IGNORECASE)


def normalise_spaces(text: str) -> str:
    """Tags dropped (block tags become line breaks), entities decoded ("Tuesday&#039;s"),
    whitespace runs made one plain space."""
    if "&" in text:
        # First, so escaped markup ("&lt;p&gt;") is dropped as markup.
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", _BLOCK_TAG.sub("\n", text))
    return _SPACES.sub(" ", text)


def _listing_gaps(text: str) -> str:
    """Line breaks for the times or days standing between a listing page's headlines; a time
    inside a sentence ("at 10:12", "в 10:00") follows a short word and stays."""

    def gap(m: re.Match[str]) -> str:
        before, after = text[max(0, m.start() - 3) : m.start()], text[m.end() : m.end() + 1]
        if ":" in m.group():
            listing = len(before) == 3 and before.isalpha() and _HEADLINE_START.match(after)
        else:
            listing = bool(before) and _CJK.match(before[-1]) and _CJK.match(after)
        return "\n" if listing else m.group()

    return _STAMP.sub(gap, text)


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` (trimmed, non-empty), joining splits after common abbreviations."""
    parts = _BOUNDARY.split(_listing_gaps(normalise_spaces(text[:MAX_CHARS])))
    out: list[str] = []
    for part in parts:
        part = _MARKUP.sub("", part).strip()
        if not part:
            continue
        if out and (
            _ABBREV.search(out[-1])
            or _DATELINE_ONLY.match(out[-1])
            # "Москва. 16 сентября. INTERFAX.RU - Встреча прошла…": one dateline, not three lines.
            or (_CITY_DOT.match(out[-1]) and _DAY_MONTH_DOT.match(part))
            or _CITY_DAY_DOT.match(out[-1])
            or _CITY_COMMA_DAY_DOT.match(out[-1])
        ):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


# A wire dateline dates the filing, not the event: "BEIJING, Dec. 28 (Xinhua) --",
# "МОСКВА, 21 октября. /ТАСС/.", "MOSCOW, May 10 --".
WIRE_HEAD = re.compile(
    # "МОСКВА, 24 марта - РИА Новости.": the agency after the day (first: the other forms would
    # stop at the dash).
    r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'.\- ]{2,30},\s+\d{1,2}\s+[a-zа-яё]{3,10}\.?\s+(?:--|—|–|-)\s+"
    r"[A-ZА-ЯЁ][\w-]*(?:\s+[A-ZА-ЯЁ][\w-]*)?\.\s*"
    r"|^[A-ZА-ЯЁ][A-ZА-ЯЁ'.\- ]{2,30},\s+[^()/]{3,20}?\s*(?:\([^)]{1,30}\)\s*(?:--|—|–|-)"
    r"|/[^/]{2,20}/\.?|(?<=\s)(?:--|—|–)(?=\s))\s*"
    # "Москва. 16 сентября. INTERFAX.RU - ", "Москва. 25 февраля. ИНТЕРФАКС - ".
    r"|^[A-ZА-ЯЁ][a-zа-яё-]{2,20}\.\s+\d{1,2}\s+[a-zа-яё]{3,10}\.\s+[A-ZА-ЯЁ][\w.-]{2,20}\s+(?:--|—|–|-)\s*"
)

# Between the cue and a date, a clause of its own: "провёл переговоры с Си, а сегодня открыл…".
_CLAUSE_BETWEEN = re.compile(
    rf"[;:()—–，；：]|,\s*{words('conjunction_after_comma')}\b|\b{words('other_clause_word')}\b",
    re.IGNORECASE,
)


# A day in the possessive right before the cue: "Monday's talks", "Sunday's one-on-one meeting".
_OWNS_THE_CUE = re.compile(r"\w+['’]s\s+(?:[\w-]+\s+){0,3}")


def nearness(sentence: str, cue: int, at: int) -> tuple[int, int, int, int]:
    """Sort key of a date or place at `at` for a cue at `cue`: outside brackets ("13日（北京时间
    14日）") and in the cue's clause first, then after the cue ("met Xi in Beijing on Wednesday"),
    then nearest."""
    if at < cue and _OWNS_THE_CUE.fullmatch(sentence, at, cue):
        # "Monday's one-on-one talks": the day owns the talks.
        return (False, False, False, 0)
    # The wire dateline is a head, not a clause: its date is the sentence's own.
    head = WIRE_HEAD.match(sentence)
    start = max(at, head.end()) if head and at < head.end() else at
    # "Переговоры, которые были проведены в понедельник": a clause about the cue itself.
    span = _OF_THE_CUE.sub("", sentence[cue:at]) if at >= cue else sentence[start:cue]
    bracketed = sentence[:at].count("（") + sentence[:at].count("(") > sentence[:at].count(
        "）"
    ) + sentence[:at].count(")")
    # "Путин, который накануне провёл в Пекине переговоры, прибыл в Харбин": a relative clause
    # holding the cue has its own place and day; so has one about a person after the cue
    # ("met Putin, who had arrived on Monday, …"), but not one about the talks ("переговоров
    # Си Цзиньпина и Путина, которые прошли в среду").
    apart = False
    for m in _RELATIVE.finditer(sentence):
        s, e = m.span()
        if s <= cue < e:
            apart = apart or not s <= at < e
        elif cue < s <= at < e:
            # «разговора, который … провели в четверг»: «который» after the talks is theirs.
            person = bool(m["person"]) and not _ENDS_ON_TALKS.search(sentence, cue, s)
            apart = apart or person
            if not person:
                span = sentence[cue:s] + sentence[m.end("pronoun") : at]
    # "Putin, in Harbin, calls talks with Xi 'warm'": where the speaker is, not the talks.
    aside = any(m.start() <= at < m.end() <= cue for m in _ASIDE_PLACE.finditer(sentence))
    apart = apart or aside or bool(_CLAUSE_BETWEEN.search(span))
    if at > cue and sentence[:at].rstrip().endswith(","):
        # "Во вторник прошли переговоры…, накануне лидеры провели неформальную встречу": a
        # clause opening on its day after a comma, with a meeting of its own, dates that one.
        clause = _CLAUSE_REST.match(sentence, at)
        apart = apart or bool(clause and _INTERACTION_NOUN.search(clause.group()))
    return (bracketed, apart, at < cue, abs(at - cue))


_CLAUSE_REST = re.compile(r"[^,;.!?]*")
_INTERACTION_NOUN = re.compile(rf"\b(?:{words('interaction_noun')})", re.IGNORECASE)


_RELATIVE = re.compile(
    rf",\s*(?P<pronoun>(?P<person>{words('relative_person')})|{words('relative_other')})\b[^,;]*"
)


def in_person_clause(sentence: str, at: int) -> bool:
    """Position `at` lies in a relative clause about a person (", who flew in on Wednesday,")."""
    return any(m["person"] and m.start() <= at < m.end() for m in _RELATIVE.finditer(sentence))


_ENDS_ON_TALKS = re.compile(rf"\b(?:{words('interaction_noun')})\s*$", re.IGNORECASE)

_ASIDE_PLACE = re.compile(words("aside_place"))
_OF_THE_CUE = re.compile(rf"^\w+,?\s*{words('relative_other')}\b")


# A clause told in the future, between punctuation ("…; Russian leader heads to Harbin on
# Friday", «В среду они вместе посетят парад»): its day and place are what is ahead.
# A "that" opens the clause too: "announced on Monday that the treaty will be extended" keeps
# Monday with the announcing.
_FUTURE_CLAUSE = re.compile(
    rf"(?:^|(?<=[,;.—])|(?<=\bthat\s)|(?<=\bчто\s))(?:(?!\b(?:that|что)\s)[^,;.—])*"
    rf"{words('future_near_day')}[^,;.—]*"
)


# What one leader told another about ("briefed him on the talks with Witkoff", «проинформировал
# его об итогах беседы», 通报): what follows is the topic, with its own people and days.
BRIEFING = re.compile(words("briefing"), re.IGNORECASE)


def told_ahead(sentence: str, cue: int | None, at: int) -> bool:
    """Position `at` lies in a clause told in the future that does not hold the cue (if any)."""
    return any(
        s <= at < e and (cue is None or not s <= cue < e)
        for s, e in (m.span() for m in _FUTURE_CLAUSE.finditer(sentence))
    )


def in_other_clause(clauses: re.Pattern[str], sentence: str, cue: int, at: int) -> bool:
    """Position `at` lies inside one of the `clauses` matches and the cue does not: a clause
    about another thing or event (", где в понедельник завершился саммит", ", which began…")."""
    return any(
        s <= at < e and not s <= cue < e for s, e in (m.span() for m in clauses.finditer(sentence))
    )
