"""The small China Daily feed in tests/data served locally, and the source rows that poll it."""

from sqlmodel import select

from models import Article, session_scope
from scheduler.sources import SourceSpec, upsert_source
from tests.support import DATA_DIR
from tests.support.http import LocalServer, Response

TALKS = "/a/202303/21/WS64191e5aa31057c47ebb5b1a.html"
EXPO = "/a/201610/18/WS5a2b1e33a3101a51ddf8f1aa.html"


def serve_feed(server: LocalServer) -> None:
    """`/rss.xml` (ETag "v1") listing two pages, both served: the Xi–Putin talks and an expo."""
    feed = (DATA_DIR / "feeds" / "chinadaily_world.xml").read_text()
    server.routes["/rss.xml"] = Response(
        feed.replace("{base}", server.base_url).encode(),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    server.routes[TALKS] = Response((DATA_DIR / "pages" / "xi_putin_talks.html").read_bytes())
    server.routes[EXPO] = Response((DATA_DIR / "pages" / "harbin_expo.html").read_bytes())


def add_source(
    database_url: str, url: str, *, name: str = "local", publisher: str = "chinadaily", **spec
) -> int:
    """Register a source (a China Daily feed unless `spec` says otherwise); returns its id."""
    with session_scope(database_url) as session:
        source, _created = upsert_source(
            session=session,
            spec=SourceSpec(name=name, url=url, publisher=publisher, **spec),
            default_interval=900,
        )
    return source.id


def articles(database_url: str) -> list[Article]:
    """Every article row, oldest first."""
    with session_scope(database_url) as session:
        return list(session.exec(select(Article).order_by(Article.id)))
