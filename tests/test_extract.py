"""Extraction over real publisher pages, held to tests/data/extract/golden.json."""

import json
from pathlib import Path

import pytest

from meetwire.publishers import XINHUA, publisher_for
from tests.support.golden import GOLDEN, extract_fixture
from worker.classify.sentences import markup_as_lines
from worker.pipeline.extract import (
    ExtractionError,
    clean_title,
    extract_article,
    strip_related_blocks,
)

pytestmark = pytest.mark.shared
GOLDEN_PAGES = json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest(shared_dir: Path) -> dict[str, dict]:
    items = json.loads((shared_dir / "fixtures" / "MANIFEST.json").read_text())["files"]
    return {item["file"]: item for item in items}


@pytest.mark.parametrize("name", sorted(GOLDEN_PAGES))
def test_page_matches_its_golden_record(name: str, manifest, shared_dir: Path) -> None:
    expected = GOLDEN_PAGES[name]
    item = manifest[name]
    page = extract_fixture(shared_dir, item)
    local_day = page.published_at.astimezone(publisher_for(item["original_url"]).timezone).date()
    assert page.title == expected["title"]
    assert local_day.isoformat() == expected["published"]
    assert page.language == expected["language"]
    assert page.text.startswith(expected["text_start"])
    assert page.text.endswith(expected["text_end"])


# Facts read off the pages by a person, independent of the golden file.
KNOWN = [
    # Xinhua English, 2016 template
    (
        "html/xinhua/en-c_135768396.html",
        "Chinese, Philippine presidents meet in Beijing",
        "2016-10-20",
        "en",
        "Chinese President Xi Jinping",
    ),
    # Xinhua English, 2010-2011 template
    (
        "html/xinhua/en-c_13956281.html",
        "17 dead in S. Philippine flash flood",
        "2011-06-29",
        "en",
        "DAVAO CITY, Philippines, June 29 (Xinhua)",
    ),
    # Xinhua English, gb2312 page (2009) and iso-8859-1 page (2007, no headline on the page)
    (
        "html/xinhua/en-content_10612887.html",
        "Left-wing rebels release Filipino soldier after two months' detention",
        "2009-01-06",
        "en",
        "MANILA, Jan. 6 (Xinhua)",
    ),
    ("html/xinhua/en-content_6267124.html", None, "2007-06-20", "en", "MANILA, June 20 (Xinhua)"),
    # Wire versions
    (
        "html/xinhua/en-c_135535054.html",
        "Urgent: Ramos accepts Duterte's offer to be special envoy to China: media",
        "2016-07-23",
        "en",
        "Former Philippine President Fidel Ramos",
    ),
    (
        "html/xinhua/en-c_135346091.html",
        "FLASH: DUTERTE WINS PHILIPPINE PRESIDENTIAL ELECTION: PRELIMINARY RESULT",
        "2016-05-10",
        "en",
        "FLASH: DUTERTE WINS",
    ),
    # Xinhua Chinese: news.cn 2020s template and the 2012 gb2312 provincial page
    (
        "html/xinhua/zh-newscn-newspaper4k-002.html",
        "短缺药品保供稳价 全力保障临床用药需求",
        "2023-11-15",
        "zh",
        "新华社北京11月17日电",
    ),
    (
        "html/xinhua/zh-gne-test-1.html",
        "法国全国大罢工再次严重影响交通",
        "2019-12-10",
        "zh",
        "新华社巴黎12月9日电",
    ),
    (
        "html/xinhua/he-content_25340717-archive-org.html",
        "话剧《约定无期限》河北各市巡演结束",
        "2012-06-04",
        "zh",
        "话剧《约定无期限》",
    ),
    # China Daily (Chinese) and TASS (Russian, no charset declared)
    (
        "html/chinadaily/zh-WS65571297a310d5acd876f404-china-us-summit.html",
        "外国专家：中美合作共赢符合国际社会利益",
        "2023-11-17",
        "zh",
        "中美元首会晤",
    ),
    (
        "html/tass/ru-moskva-8836033-tskad.html",
        "Движение по ЦКАД-5 открывается от Можайского до Новорижского шоссе",
        "2020-06-29",
        "ru",
        "МОСКВА, 29 июня. /ТАСС/.",
    ),
]


@pytest.mark.parametrize(("name", "title", "day", "language", "phrase"), KNOWN)
def test_known_facts(name, title, day, language, phrase, manifest, shared_dir: Path) -> None:
    item = manifest[name]
    page = extract_fixture(shared_dir, item)
    assert page.title == title
    assert (
        page.published_at.astimezone(publisher_for(item["original_url"]).timezone)
        .date()
        .isoformat()
        == day
    )
    assert page.language == language
    assert phrase in page.text


def test_sidebar_and_related_links_stay_out_of_the_body(manifest, shared_dir: Path) -> None:
    """Pages where Putin appears only in sidebars or "Related" blocks: the body never names him."""
    negatives = [item for item in manifest.values() if "hard negative" in item["topic"]]
    assert len(negatives) >= 4
    for item in negatives:
        assert "Putin" not in extract_fixture(shared_dir, item).text, item["file"]
    duterte = extract_fixture(shared_dir, manifest["html/xinhua/en-c_135768396.html"])
    assert "Full story" not in duterte.text and "Related:" not in duterte.text


def test_related_block_is_cut_but_a_body_is_never_emptied() -> None:
    text = "BEIJING -- Lead.\nMore.\nRelated:\nOTHER -- Another lead. Full story"
    assert strip_related_blocks(text) == "BEIJING -- Lead.\nMore."
    assert strip_related_blocks("\nRelated:\nOnly this") == "\nRelated:\nOnly this"


def test_site_names_are_not_titles() -> None:
    assert clean_title("Two soldiers freed - Xinhua | English.news.cn") == "Two soldiers freed"
    assert clean_title("武汉的声音-新华网") == "武汉的声音"
    assert clean_title("Xinhua - English") is None


def test_a_page_without_an_article_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        extract_article(
            "<html><body><nav>Home</nav></body></html>", url="http://x/", publisher=XINHUA
        )


def test_a_related_block_run_on_after_the_last_sentence_is_cut() -> None:
    flat = "Putin hosted Modi. Related stories: Putin and Xi speak by phone | Xi in Moscow"
    assert strip_related_blocks(flat) == "Putin hosted Modi."
    ru = "Лукашенко назвал документ «историческим». Читайте также: Путин и Си провели переговоры"
    assert strip_related_blocks(ru) == "Лукашенко назвал документ «историческим»."
    zh = "普京会见李强。责任编辑：张某 相关新闻： 习近平同普京举行会谈"
    assert strip_related_blocks(zh) == "普京会见李强。"
    # Inside a sentence, without its colon, the words are the story's own.
    kept = "He said more on this later. See also the statement."
    assert strip_related_blocks(kept) == kept


def test_a_related_block_in_a_feeds_markup_is_cut() -> None:
    feed = "<p>Putin hosted Modi.</p><p><b>Read more:</b></p><ul><li>Xi meets Putin</li></ul>"
    assert strip_related_blocks(markup_as_lines(feed)).split() == ["Putin", "hosted", "Modi."]
    ru = "<p>Путин принял Моди.</p><p>Читайте также: Путин и Си провели переговоры</p>"
    assert strip_related_blocks(markup_as_lines(ru)).strip() == "Путин принял Моди."
    zh = "<p>普京会见李强。</p><p>【相关新闻】<br/>习近平同普京举行会谈</p>"
    assert strip_related_blocks(markup_as_lines(zh)).strip() == "普京会见李强。"
