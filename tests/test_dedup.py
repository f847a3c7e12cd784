"""Deduplication: normalisation, shingles, real-page thresholds, decisions on both databases."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from meetwire.publishers import article_publisher, publisher_for
from meetwire.settings import Settings
from models import Article, ArticleStatus, LshBucket, RawPage, get_engine
from worker.pipeline import minhash_index as index
from worker.pipeline.dedup import content_hash, deduplicate, normalise_text, rebuild_index
from worker.pipeline.extract import extract_article
from worker.pipeline.shingles import lead_words, shingles, strip_dateline, version_rank

DATA = Path(__file__).parent / "data" / "dedup"


def page(shared_dir: Path, name: str) -> tuple[str, str, str]:
    """(url, title, extracted text) of a fixture page, through the pipeline's extractor."""
    manifest = json.loads((shared_dir / "fixtures" / "MANIFEST.json").read_text())
    entry = next(f for f in manifest["files"] if f["file"].endswith(name))
    html = (shared_dir / "fixtures" / entry["file"]).read_bytes().decode("utf-8", "replace")
    url = entry["original_url"]
    extracted = extract_article(html, url=url, publisher=publisher_for(url))
    return url, extracted.title or "", extracted.text


def similarity(a: str, b: str, num_perm: int = 128) -> float:
    return index.estimated_jaccard(
        index.signature(shingles(a), num_perm), index.signature(shingles(b), num_perm)
    )


# --- pure functions -------------------------------------------------------------------------


def test_normalise_text_folds_width_case_and_whitespace() -> None:
    assert normalise_text("  Ｘｉ\u3000Jinping\n\tMEETS  Putin ") == "xi jinping meets putin"
    assert normalise_text("Straße") == "strasse"


def test_content_hash_ignores_layout_but_not_words() -> None:
    base = content_hash("Xi and Putin held talks.\n\nThey signed a statement.")
    assert base == content_hash("XI and  putin held talks. They signed a statement.  ")
    assert base != content_hash("Xi and Putin held talks. They signed two statements.")
    assert len(base) == 64


def test_chinese_is_shingled_by_characters() -> None:
    assert shingles("习近平会见普京") == {"习近平会", "近平会见", "平会见普", "会见普京"}
    assert shingles("Xi meets Putin in Moscow") == {
        "xi meets putin",
        "meets putin in",
        "putin in moscow",
    }


def test_datelines_are_not_part_of_the_shingles() -> None:
    body = "Chinese President Xi Jinping held talks with Russian President Vladimir Putin."
    assert shingles("MOSCOW, March 21 (Xinhua) -- " + body) == shingles(body)
    assert strip_dateline("新华社北京11月17日电 记者17日获悉") == "记者17日获悉"
    assert strip_dateline("МОСКВА, 29 июня. /ТАСС/. Движение открыто") == "Движение открыто"


def test_version_markers_are_ranked() -> None:
    assert version_rank("FLASH: DUTERTE WINS") == 0
    assert version_rank("Urgent: Ramos accepts") == 1
    assert version_rank("1st LD: Ramos accepts") == 2
    assert version_rank("2nd LD-Writethru: Ramos accepts") == 3
    assert version_rank("Roundup: Ramos accepts") is None
    assert version_rank("Ramos accepts Duterte's offer") is None


def test_real_pairs_fall_on_the_right_side_of_the_threshold(shared_dir: Path) -> None:
    _, _, full = page(shared_dir, "en-c_135535061.html")
    paragraphs = full.split("\n")
    truncated = "\n".join(paragraphs[:-1])
    assert similarity(full, truncated) >= 0.8
    edited = full.replace("two hours", "about two hours").replace("ABS-CBN", "local")
    assert similarity(full, edited) >= 0.8
    # Two Xinhua stories on the same Xi-Duterte meeting share names and phrases, not the story.
    _, _, ceremony = page(shared_dir, "en-c_135768396.html")
    _, _, talks = page(shared_dir, "en-c_135768928.html")
    assert similarity(ceremony, talks) < 0.5


def test_chinese_near_duplicate_and_distinct_story(shared_dir: Path) -> None:
    _, _, strike = page(shared_dir, "zh-gne-test-1.html")
    _, _, drugs = page(shared_dir, "zh-newscn-newspaper4k-002.html")
    sentences = strike.split("。")
    edited = "。".join(sentences[:-2]) + "。"  # the last sentence dropped
    assert similarity(strike, edited) >= 0.8
    assert similarity(strike, drugs) < 0.1


def test_wire_versions_share_their_lead(shared_dir: Path) -> None:
    _, urgent_title, urgent = page(shared_dir, "en-c_135535054.html")
    _, ld_title, ld = page(shared_dir, "en-c_135535061.html")
    a, b = lead_words(urgent_title, urgent), lead_words(ld_title, ld)
    assert len(a & b) / min(len(a), len(b)) >= 0.8


# --- decisions in the database ----------------------------------------------------------------


class Corpus:
    """Adds articles and runs deduplication, one transaction per article like the pipeline."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = get_engine(settings.database_url)
        self.count = 0

    def add(
        self,
        text: str,
        *,
        title: str = "",
        publisher: str = "xinhua",
        published: datetime | None = None,
        final_url: str | None = None,
    ) -> Article:
        self.count += 1
        url = f"https://english.news.cn/test/{self.count}.htm"
        with Session(self.engine, expire_on_commit=False) as session:
            article = Article(
                url=url,
                canonical_url=url,
                publisher=publisher,
                title=title or f"Story {self.count}",
                text=text,
                published_at=published or datetime(2016, 7, 23, 12, tzinfo=UTC),
                status=ArticleStatus.stored,
            )
            session.add(article)
            session.flush()
            if final_url:
                session.add(RawPage(article_id=article.id, final_url=final_url))
            publisher = article_publisher(article.url, article.publisher or None)
            deduplicate(
                session=session, article=article, settings=self.settings, publisher=publisher
            )
            session.commit()
            return article

    def get(self, article_id: int) -> Article:
        with Session(self.engine) as session:
            return session.get(Article, article_id)


@pytest.fixture
def corpus(settings: Settings) -> Corpus:
    return Corpus(settings)


def test_exact_duplicate_stores_no_text(corpus: Corpus, shared_dir: Path) -> None:
    _, _, text = page(shared_dir, "en-c_135535061.html")
    first = corpus.add(text)
    second = corpus.add("  " + text.upper().replace("\n", "\n\n"))
    assert corpus.get(first.id).duplicate_of is None
    dup = corpus.get(second.id)
    assert (dup.duplicate_of, dup.duplicate_kind, dup.similarity) == (first.id, "exact", 1.0)
    assert dup.status == ArticleStatus.duplicate and dup.text is None
    assert dup.content_hash == corpus.get(first.id).content_hash


def test_near_duplicate_republished_elsewhere(corpus: Corpus, shared_dir: Path) -> None:
    _, _, text = page(shared_dir, "en-c_135769260.html")
    original = corpus.add(text)
    paragraphs = text.split("\n")
    paragraphs[4] = "China Daily readers were told the visit marked a new start."
    copy = corpus.add("\n".join(paragraphs), publisher="chinadaily")
    dup = corpus.get(copy.id)
    assert dup.duplicate_of == original.id and dup.duplicate_kind == "near"
    assert 0.8 <= dup.similarity < 1.0
    assert dup.text is not None  # a near duplicate keeps its own text


def test_stories_on_the_same_meeting_stay_distinct(corpus: Corpus, shared_dir: Path) -> None:
    ids = []
    for name in ("en-c_135768396.html", "en-c_135768928.html", "en-c_135763856.html"):
        _, title, text = page(shared_dir, name)
        ids.append(corpus.add(text, title=title).id)
    assert [corpus.get(i).duplicate_of for i in ids] == [None, None, None]


def test_wire_versions_chain_to_the_latest(corpus: Corpus, shared_dir: Path) -> None:
    _, urgent_title, urgent_text = page(shared_dir, "en-c_135535054.html")
    _, ld_title, ld_text = page(shared_dir, "en-c_135535061.html")
    urgent = corpus.add(urgent_text, title=urgent_title)
    mirror = corpus.add(urgent_text, title=urgent_title)  # exact copy of the Urgent item
    assert corpus.get(mirror.id).text is None
    ld = corpus.add(ld_text, title=ld_title)

    assert corpus.get(ld.id).duplicate_of is None
    old = corpus.get(urgent.id)
    assert (old.duplicate_of, old.duplicate_kind, old.status) == (ld.id, "version", "duplicate")
    assert old.similarity >= 0.7
    copy = corpus.get(mirror.id)
    # One level deep: the copy follows the story to its latest version and keeps its own text.
    assert (copy.duplicate_of, copy.duplicate_kind) == (ld.id, "exact")
    assert copy.text == urgent_text

    # A later, shorter Urgent repeat is a version of the current original, not a new story.
    late = corpus.add(urgent_text + " Enditem", title=urgent_title)
    assert corpus.get(late.id).duplicate_of == ld.id


def test_flash_then_story(corpus: Corpus, shared_dir: Path) -> None:
    _, flash_title, flash = page(shared_dir, "en-c_135478010.html")
    _, story_title, story = page(shared_dir, "en-c_135478023.html")
    first = corpus.add(flash, title=flash_title)
    second = corpus.add(story, title=story_title)
    assert corpus.get(second.id).duplicate_of is None
    assert corpus.get(first.id).duplicate_of == second.id
    assert corpus.get(first.id).duplicate_kind == "version"


def test_versions_need_the_same_publisher(corpus: Corpus, shared_dir: Path) -> None:
    _, urgent_title, urgent_text = page(shared_dir, "en-c_135535054.html")
    _, ld_title, ld_text = page(shared_dir, "en-c_135535061.html")
    corpus.add(urgent_text, title=urgent_title, publisher="xinhua")
    other = corpus.add(ld_text, title=ld_title, publisher="chinadaily")
    assert corpus.get(other.id).duplicate_of is None


def test_related_blocks_do_not_join_stories(corpus: Corpus) -> None:
    """Two different stories quoting the same long "Related:" lead stay apart after extraction."""
    publisher = publisher_for("https://english.news.cn/")
    related = (DATA / "related_block.txt").read_text()
    texts = []
    for name in ("story_a.txt", "story_b.txt"):
        body = (DATA / name).read_text()
        html = _xinhua_page(body, related)
        texts.append(
            extract_article(html, url=f"https://english.news.cn/{name}", publisher=publisher)
        )
    # Left in, the quoted block alone would make the two pages near-duplicates.
    raw = [(DATA / n).read_text() + "\n" + related for n in ("story_a.txt", "story_b.txt")]
    assert similarity(*raw) >= 0.5
    first = corpus.add(texts[0].text, title="Story A")
    second = corpus.add(texts[1].text, title="Story B")
    assert "Full story" not in texts[0].text
    assert corpus.get(first.id).duplicate_of is None
    assert corpus.get(second.id).duplicate_of is None


def _xinhua_page(body: str, related: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    quoted = "".join(f"<p>{line}</p>" for line in related.split("\n") if line.strip())
    return (
        "<html><head><title>Story - Xinhua | English.news.cn</title></head><body>"
        f"<div id='content'>{paragraphs}<p>Related:</p>{quoted}</div></body></html>"
    )


def test_redirect_to_a_stored_article_is_a_url_duplicate(corpus: Corpus) -> None:
    first = corpus.add("Xi and Putin met in Kazan on Tuesday for talks on trade and security.")
    second = corpus.add(
        "Xi and Putin met in Kazan on Tuesday.", final_url=first.canonical_url + "?utm_source=x"
    )
    dup = corpus.get(second.id)
    assert (dup.duplicate_of, dup.duplicate_kind) == (first.id, "url")


def test_only_originals_are_indexed(corpus: Corpus, shared_dir: Path) -> None:
    _, _, text = page(shared_dir, "en-c_135535061.html")
    first = corpus.add(text)
    corpus.add(text)
    with Session(corpus.engine) as session:
        indexed = set(session.execute(select(LshBucket.article_id)).scalars())
    assert indexed == {first.id}


def test_rebuild_reaches_the_same_decisions(corpus: Corpus, shared_dir: Path) -> None:
    _, urgent_title, urgent_text = page(shared_dir, "en-c_135535054.html")
    _, ld_title, ld_text = page(shared_dir, "en-c_135535061.html")
    _, other_title, other_text = page(shared_dir, "en-c_135768928.html")
    ids = [
        corpus.add(urgent_text, title=urgent_title).id,
        corpus.add(urgent_text, title=urgent_title).id,
        corpus.add(other_text, title=other_title).id,
        corpus.add(ld_text, title=ld_title).id,
        corpus.add(other_text.replace("Thursday", "Thursday morning"), title="Copy").id,
    ]
    before = {i: _decision(corpus.get(i)) for i in ids}
    seen = []
    with Session(corpus.engine, expire_on_commit=False) as session:
        session.execute(LshBucket.__table__.delete())
        session.commit()
        stats = rebuild_index(
            session=session, settings=corpus.settings, progress=lambda d, t: seen.append((d, t))
        )
        session.commit()
    assert {i: _decision(corpus.get(i)) for i in ids} == before
    assert before[ids[0]][:2] == (ids[3], "version")
    assert before[ids[4]][:2] == (ids[2], "near")
    assert stats.articles == 5 and stats.originals == 2
    assert stats.duplicates == {"version": 1, "exact": 1, "near": 1}
    assert seen[-1] == (5, 5)
    with Session(corpus.engine) as session:
        indexed = set(session.execute(select(LshBucket.article_id)).scalars())
    assert indexed >= {ids[2], ids[3]} and ids[1] not in indexed and ids[4] not in indexed


def _decision(article: Article) -> tuple:
    return (article.duplicate_of, article.duplicate_kind, article.status, article.content_hash)


def test_cli_rebuild_restores_links(corpus: Corpus, shared_dir: Path) -> None:
    from typer.testing import CliRunner

    import meetwire.cli.dedup  # noqa: F401  (registers the command)
    from meetwire.cli.app import app

    _, _, text = page(shared_dir, "en-c_135535061.html")
    first = corpus.add(text)
    second = corpus.add(text + "\n")
    with Session(corpus.engine) as session:
        session.execute(LshBucket.__table__.delete())
        session.commit()
    result = CliRunner().invoke(app, ["dedup", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "rebuilt 2 articles: 1 originals, 1 duplicates (exact 1)" in result.output
    assert corpus.get(second.id).duplicate_of == first.id
    assert CliRunner().invoke(app, ["dedup"]).exit_code == 2
