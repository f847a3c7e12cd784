"""The meeting classifier on sentences we wrote, in English, Chinese and Russian."""

from datetime import date

import pytest

from tests.support.cases import Case, classified, load_cases
from worker.classify import LABELS, ClassifyInput, classify, cues, place_for
from worker.classify.dates import dates_in, resolve_meeting_date, resolve_meeting_day
from worker.classify.morphology import genitive_follows, participle_clauses
from worker.classify.names import find_mentions
from worker.classify.occasions import summit_host
from worker.classify.places import find_places, resolve_place
from worker.classify.sentences import markup_as_lines, split_sentences, strip_page_furniture

pytestmark = pytest.mark.pure

CASES = load_cases()


def _value(value):
    return value.isoformat() if isinstance(value, date) else value


def test_cases_cover_every_language_and_label() -> None:
    assert {c.doc.language for c in CASES} == {"en", "zh", "ru"}
    assert {c.expect["label"] for c in CASES} == set(LABELS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    result = classified(case)
    got = {key: _value(getattr(result, key)) for key in case.expect}
    assert got == case.expect, result.evidence
    assert result.is_meeting == (result.label in ("meeting", "video_meeting"))
    assert 0.0 <= result.score <= 1.0
    if result.label in ("meeting", "video_meeting", "phone_call", "announcement"):
        assert result.evidence, "the deciding sentences are returned"


def test_mode_follows_the_label() -> None:
    modes = {classified(c).label: classified(c).mode for c in CASES}  # cached by test_case
    assert modes == {
        "meeting": "in_person",
        "video_meeting": "video",
        "phone_call": "phone",
        "announcement": None,
        "mention": None,
        "unrelated": None,
    }


def test_other_languages_are_unrelated_with_a_low_score() -> None:
    doc = ClassifyInput(
        id="de",
        title="Xi und Putin treffen sich in Moskau",
        text="Xi Jinping hat Wladimir Putin in Moskau getroffen.",
        language="de",
    )
    result = classify(doc)
    assert result.label == "unrelated" and result.score < 0.5


def test_words_join_the_languages_of_a_cross_language_check() -> None:
    # any_language entries, in the order en, zh, ru; a name no lexicon has is an error.
    assert cues.words("ceremony") == "(?:ceremon|仪式|церемони)"
    with pytest.raises(KeyError, match=r"any_language\.no_such_check"):
        cues.words("no_such_check")


def test_language_is_guessed_from_the_script_when_missing() -> None:
    doc = ClassifyInput(id="x", title="习近平同俄罗斯总统普京通电话", text="", language=None)
    assert classify(doc).label == "phone_call"


@pytest.mark.parametrize(
    "text",
    ["Путина", "Путиным", "Путину", "Си Цзиньпином", "Си Цзиньпину", "председателем КНР"],
)
def test_russian_inflections_are_names(text: str) -> None:
    mentions = find_mentions(text, when=date(2024, 1, 1))
    assert mentions.xi or mentions.putin


def test_an_office_title_is_the_leader_only_while_he_holds_it() -> None:
    # In 2000 "председатель КНР" was Jiang Zemin: Putin's talks with him are not with Xi.
    doc = ClassifyInput(
        id="jiang",
        title="Путин провел в Пекине переговоры с председателем КНР Цзян Цзэминем",
        text="Президент России Владимир Путин провел переговоры с председателем КНР.",
        published=date(2000, 7, 18),
        language="ru",
    )
    assert classify(doc).label == "unrelated"
    assert not find_mentions("President of Russia Dmitry Medvedev", when=date(2010, 1, 1)).putin


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("They met on Sunday.", date(2024, 5, 16), date(2024, 5, 12)),
        ("They met on Thursday.", date(2024, 5, 16), date(2024, 5, 16)),
        ("MOSCOW, March 21 (Xinhua) -- Xi met Putin.", date(2023, 3, 22), date(2023, 3, 21)),
        ("On September 4, 2016, Xi met Putin.", date(2016, 9, 5), date(2016, 9, 4)),
        ("They spoke on December 30.", date(2023, 1, 2), date(2022, 12, 30)),
        ("当地时间15日下午，习近平会见普京。", date(2022, 9, 16), date(2022, 9, 15)),
        ("当地时间30日，两国元首会晤。", date(2022, 10, 1), date(2022, 9, 30)),
        ("2023年3月21日，习近平同普京会谈。", date(2023, 3, 23), date(2023, 3, 21)),
        ("Переговоры прошли в понедельник.", date(2023, 3, 22), date(2023, 3, 20)),
        ("Вчера лидеры поговорили по телефону.", date(2022, 2, 26), date(2022, 2, 25)),
        ("Встреча состоялась 16 мая.", date(2024, 5, 17), date(2024, 5, 16)),
        ("The leaders met last week.", date(2024, 5, 23), date(2024, 5, 16)),
        # "Last Tuesday" said on a Tuesday is a week back.
        ("They held video talks last Tuesday.", date(2025, 1, 28), date(2025, 1, 21)),
        ("В прошлый вторник лидеры провели видеопереговоры.", date(2025, 1, 28), date(2025, 1, 21)),
        # A bare Chinese weekday is the publication week's (Monday first).
        ("习近平周三同普京通电话。", date(2024, 5, 16), date(2024, 5, 15)),
        ("上周五，两国元首通电话。", date(2024, 5, 16), date(2024, 5, 10)),
    ],
)
def test_meeting_date(sentence: str, published: date, expected: date) -> None:
    assert resolve_meeting_date([sentence], published) == expected


def test_meeting_date_ignores_plans_and_history_and_falls_back_to_publication() -> None:
    published = date(2024, 5, 14)
    assert resolve_meeting_date(["Putin will visit on May 16."], published) == date(2024, 5, 14)
    assert resolve_meeting_date(["The treaty of July 16, 2001."], published) == published
    assert resolve_meeting_date(["No date here."], published) == published
    assert resolve_meeting_date(["On Monday."], None) is None


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "basis"),
    [
        ("Накануне Путин и Си провели переговоры.", date(2019, 6, 6), date(2019, 6, 5), "stated"),
        ("Накануне визита Путин дал интервью.", date(2024, 5, 15), date(2024, 5, 15), "published"),
        ("前天，两国元首举行会谈。", date(2024, 5, 18), date(2024, 5, 16), "stated"),
        ("They met on the 16th.", date(2024, 5, 18), date(2024, 5, 16), "stated"),
        ("Xi and Putin met this week.", date(2023, 3, 24), date(2023, 3, 24), "relative"),
        ("На этой неделе лидеры встретились.", date(2023, 3, 24), date(2023, 3, 24), "relative"),
        ("上周两国元首会晤。", date(2023, 3, 27), date(2023, 3, 20), "relative"),
        ("Визит прошел с 20 по 22 марта.", date(2023, 3, 28), date(2023, 3, 20), "relative"),
        ("The visit ran from March 20 to 22.", date(2023, 3, 28), date(2023, 3, 20), "relative"),
        ("2024年7月2日至6日，习近平出访。", date(2024, 7, 7), date(2024, 7, 2), "relative"),
        ("Выпуск программы от 26.03.2023", date(2023, 3, 26), date(2023, 3, 26), "published"),
        ("Они встретились 26.03.2023.", date(2023, 3, 27), date(2023, 3, 26), "stated"),
        # Another event dated "a day after" the talks dates the talks the day before it.
        (
            "Putin went to Harbin on Friday, a day after holding talks with Xi.",
            date(2024, 5, 18),
            date(2024, 5, 16),
            "stated",
        ),
        ("Putin left, two days after the talks.", date(2024, 5, 18), date(2024, 5, 16), "relative"),
        # "After the summit" dates the summit, not the meeting of the two.
        (
            "They met on Tuesday, a day after the summit.",
            date(2025, 9, 3),
            date(2025, 9, 2),
            "stated",
        ),
        (
            "Xi and Putin met on Thursday, a day after Xi arrived.",
            date(2023, 3, 24),
            date(2023, 3, 23),
            "stated",
        ),
        ("会谈次日，普京前往哈尔滨。", date(2024, 5, 17), date(2024, 5, 16), "relative"),
    ],
)
def test_meeting_day_says_how_it_was_found(
    sentence: str, published: date, expected: date, basis: str
) -> None:
    day = resolve_meeting_day([sentence], published)
    assert (day.date, day.basis) == (expected, basis)


def test_a_newsletter_weekday_is_not_a_date() -> None:
    assert dates_in("Your Tuesday Briefing: Xi Meets Putin", date(2023, 3, 20)) == []


@pytest.mark.parametrize(
    "sentence", ["Xi and Putin met Thursday in Beijing.", "Putin spoke at Thursday's talks."]
)
def test_an_american_bare_weekday_is_a_date(sentence: str) -> None:
    assert [d for _pos, d in dates_in(sentence, date(2024, 5, 18))] == [date(2024, 5, 16)]


@pytest.mark.parametrize(
    ("sentence", "city", "country"),
    [
        ("习近平在莫斯科同普京会谈", "Moscow", "Russia"),
        ("Переговоры прошли в Москве", "Moscow", "Russia"),
        ("Putin received Xi at the Kremlin", "Moscow", "Russia"),
        ("в Кремле Путин принял Си Цзиньпина", "Moscow", "Russia"),
        ("Xi met Putin in Hangzhou", "Hangzhou", "China"),
        ("习近平在撒马尔罕会见普京", "Samarkand", "Uzbekistan"),
        ("встреча в Санкт-Петербурге", "St Petersburg", "Russia"),
        ("talks in the Great Hall of the People", "Beijing", "China"),
        ("переговоры в Пекине", "Beijing", "China"),
        ("on the sidelines of the SCO summit in Tashkent", "Tashkent", "Uzbekistan"),
        ("MOSCOW, March 21 (Xinhua) -- Xi held talks with Putin", "Moscow", "Russia"),
        ("МОСКВА, 21 марта. /ТАСС/. Переговоры завершились", "Moscow", "Russia"),
        ("The leaders walked across Red Square", "Moscow", "Russia"),
        ("两国元首在天安门城楼观看", "Beijing", "China"),
        ("习近平飞抵莫斯科", "Moscow", "Russia"),
        ("переговоры в Доме народных собраний", "Beijing", "China"),
        ("Putin landed at Vnukovo airport", "Moscow", "Russia"),
        ("习近平在雁栖湖会见普京", "Beijing", "China"),
        ("встреча в Константиновском дворце", "St Petersburg", "Russia"),
        ("talks at Bocharov Ruchei", "Sochi", "Russia"),
        ("переговоры на острове Русский", "Vladivostok", "Russia"),
    ],
)
def test_places_are_normalised_to_one_english_form(sentence: str, city: str, country: str) -> None:
    place = resolve_place([sentence], [])
    assert place == place_for(city)
    assert (place.city, place.country) == (city, country)


def test_places_need_whole_words_and_prefer_a_located_city() -> None:
    assert find_places("Limassol and Parisian cafes") == []
    place = resolve_place(["Moscow and Beijing agreed; the leaders met in Beijing."], [])
    assert place.city == "Beijing"


def test_sentences_keep_datelines_and_split_digest_items() -> None:
    assert split_sentences("BEIJING, Dec. 28 (Xinhua) -- Xi met Putin. Then.") == [
        "BEIJING, Dec. 28 (Xinhua) -- Xi met Putin.",
        "Then.",
    ]
    assert split_sentences("ПЕКИН, 16 мая. /ТАСС/. Путин провел переговоры.") == [
        "ПЕКИН, 16 мая. /ТАСС/. Путин провел переговоры."
    ]
    assert split_sentences("Пекин, 16 мая. Путин провел переговоры. Затем.") == [
        "Пекин, 16 мая. Путин провел переговоры.",
        "Затем.",
    ]
    assert split_sentences("Rents rose in April […] Xi met Putin.") == [
        "Rents rose in April […]",
        "Xi met Putin.",
    ]
    assert split_sentences("Rents rose in April [...] Xi met Putin.")[1] == "Xi met Putin."
    assert split_sentences("【习近平抵达索契】【习近平会见俄罗斯总统普京】") == [
        "【习近平抵达索契】",
        "【习近平会见俄罗斯总统普京】",
    ]
    assert split_sentences("主要内容：1.习近平抵达莫斯科 2.习近平同普京举行会谈") == [
        "主要内容：1.习近平抵达莫斯科",
        "2.习近平同普京举行会谈",
    ]


def test_a_listing_page_splits_at_the_time_or_day_between_headlines() -> None:
    page = "Путин поздравил Си Цзиньпина 10:12 Лавров и Ван И обсудили саммит"
    assert split_sentences(page) == [
        "Путин поздравил Си Цзиньпина",
        "Лавров и Ван И обсудили саммит",
    ]
    assert split_sentences("习近平会见印度总理莫迪 08-31 普京抵达天津") == [
        "习近平会见印度总理莫迪",
        "普京抵达天津",
    ]
    # A time inside a sentence stays there.
    assert split_sentences("Talks began at 10:12 Moscow time.") == [
        "Talks began at 10:12 Moscow time."
    ]
    assert split_sentences("Переговоры начались в 10:00 Встреча") == [
        "Переговоры начались в 10:00 Встреча"
    ]


def test_sentences_split_in_three_scripts() -> None:
    text = (
        "Xi met Putin. They talked.\n习近平会见普京。两国元首会谈！"
        "Путин встретился с Си. Он доволен."
    )
    assert split_sentences(text) == [
        "Xi met Putin.",
        "They talked.",
        "习近平会见普京。",
        "两国元首会谈！",
        "Путин встретился с Си.",
        "Он доволен.",
    ]
    assert split_sentences("President Vladimir V. Putin met the U.S. envoy.") == [
        "President Vladimir V. Putin met the U.S. envoy."
    ]
    # Initials join ("В. В. Путин"); Wang Yi's one-letter given name ends a sentence.
    assert split_sentences("Встреча с В. В. Путиным. Путин встретился с Ван И. Путин доволен.") == [
        "Встреча с В. В. Путиным.",
        "Путин встретился с Ван И.",
        "Путин доволен.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "China's Xi Jinping arrives in Moscow",
        "Xi's Russia visit draws criticism",
        "Putin's visit to China",
        "习近平抵达莫斯科",
        "普京将对中国进行国事访问",
        "Путин прибыл в Пекин",
        "Визит Путина в Китай",
    ],
)
def test_a_visit_to_the_other_country_names_its_host(text: str) -> None:
    mentions = find_mentions(text, when=date(2024, 5, 16))
    assert mentions.xi and mentions.putin


def test_the_host_is_implied_only_for_the_visitor_and_while_both_hold_office() -> None:
    # In June 2012 Putin's host in Beijing was Hu Jintao; Lula's trip to Moscow is not Xi's.
    assert not find_mentions("Putin arrives in Beijing", when=date(2012, 6, 5)).xi
    assert not find_mentions("Lula arrives in Moscow as Xi waits", when=date(2024, 5, 16)).putin
    assert not find_mentions("Putin visits army headquarters", when=date(2024, 5, 16)).xi


def test_chinese_president_is_xi_only_from_march_2013() -> None:
    # Xi led the party from November 2012 but Hu Jintao was head of state until 14 March 2013.
    assert not find_mentions("Chinese President", when=date(2013, 1, 10)).xi
    assert find_mentions("the Chinese leader", when=date(2013, 1, 10)).xi
    assert find_mentions("Chinese President", when=date(2013, 3, 22)).xi
    assert not find_mentions("the Chinese leader", when=date(2012, 6, 5)).xi


def test_mention_words_never_hide_a_match() -> None:
    """A pattern is skipped only when its words are absent: check every sentence we wrote."""
    from worker.classify import names

    sentences = [s for c in CASES for s in [c.doc.title, *split_sentences(c.doc.text)]]
    for sentence in sentences:
        lowered = sentence.lower()
        for name, words in names.MENTION_WORDS.items():
            if getattr(names, name).search(sentence):
                assert any(w in lowered for w in words), (name, sentence)


@pytest.mark.parametrize(
    ("text", "eve_of"),
    [
        ("накануне визита", True),
        ("накануне Нового года", True),
        ("накануне лидеры провели переговоры", False),
        ("накануне Путин провёл переговоры", False),  # not "путина", a fishing season
        ("накануне В.Путин", False),
    ],
)
def test_nakanune_is_the_eve_of_a_genitive_and_else_the_day_before(text: str, eve_of: bool) -> None:
    assert genitive_follows(text, len("накануне")) is eve_of


def test_a_participial_phrase_after_a_comma_is_found() -> None:
    text = "встреча с Си Цзиньпином, прибывшим для участия в церемонии открытия"
    (start, end), *_ = participle_clauses(text)
    assert text[start:end] == ", прибывшим для участия в церемонии открытия"
    assert participle_clauses("встреча с Си Цзиньпином, а затем обед") == []


def test_summit_hosts_by_year_only_for_in_person_summits() -> None:
    assert summit_host("SCO", 2024) == "Astana"
    assert summit_host("BRICS", 2024) == "Kazan"
    assert summit_host("SCO", 2020) is None  # held by video link
    assert summit_host(None, 2024) is None


def test_html_entities_in_feed_text_are_decoded() -> None:
    assert split_sentences("Putin hailed Tuesday&#039;s talks with Xi. Then &amp; now.") == [
        "Putin hailed Tuesday's talks with Xi.",
        "Then & now.",
    ]
    assert split_sentences("&lt;p&gt;Xi met Putin.&lt;/p&gt;") == ["Xi met Putin."]


def test_a_chinese_weekday_later_in_the_week_is_ahead() -> None:
    doc = ClassifyInput(
        id="zh-friday",
        title="克宫：普京周五与习近平视像会晤",
        text="",
        published=date(2022, 12, 29),
        language="zh",
    )
    assert classify(doc).label == "announcement"


def test_page_furniture_is_dropped_and_the_story_kept() -> None:
    above = "Популярное\n• Си Цзиньпин провел переговоры с Путиным\n\nПутин принял Ван И. Стороны…"
    assert strip_page_furniture(above).split() == ["Путин", "принял", "Ван", "И.", "Стороны…"]
    below = "Putin hosted Modi.\nMost read\n1. Xi, Putin met in Astana\nTags: Putin, Xi\nEnd."
    assert strip_page_furniture(below).split() == ["Putin", "hosted", "Modi.", "End."]
    assert (
        strip_page_furniture("热点推荐\n习近平同普京通电话\n普京会见李强。") == "\n普京会见李强。"
    )


def test_lines_linking_other_items_are_dropped_unless_nothing_else_is_left() -> None:
    page = "普京会见李强。\n上一篇：习近平同普京在阿斯塔纳会见\n图1/8 习近平和普京"
    assert strip_page_furniture(page).strip() == "普京会见李强。"
    caption = "Video: As he said goodbye at the Kremlin, Xi told Putin…"
    assert strip_page_furniture(caption) == caption


def test_a_read_also_aside_inside_the_story_is_dropped_and_the_story_after_it_kept() -> None:
    page = "Си Цзиньпин прибыл в Москву.\nЧИТАЙТЕ ТАКЖЕ: Путин и Си встретятся\nВечером — ужин."
    assert strip_page_furniture(page).split() == [
        "Си",
        "Цзиньпин",
        "прибыл",
        "в",
        "Москву.",
        "Вечером",
        "—",
        "ужин.",
    ]
    zh = "普京抵达北京。\n【延伸阅读】习近平同普京通电话\n两国元首将举行会谈。"
    assert strip_page_furniture(zh).split() == ["普京抵达北京。", "两国元首将举行会谈。"]


def test_a_pages_navigation_asides_and_link_lists_are_not_the_story() -> None:
    page = (
        '<nav>Home &gt; World</nav><p>Putin met Li Qiang.</p><ul class="related">'
        "<li>Xi, Putin to meet in Kazan</li></ul><aside>Most read</aside><footer>(c)</footer>"
    )
    assert markup_as_lines(page).split() == ["Putin", "met", "Li", "Qiang."]
    only = "<aside><p>Xi and Putin held talks.</p></aside>"
    assert markup_as_lines(only).split() == ["Xi", "and", "Putin", "held", "talks."]
