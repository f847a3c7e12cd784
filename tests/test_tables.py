"""Tables at 80 columns: names, dates and statuses whole; free text wraps; --wide shows all."""

from io import StringIO

from rich.console import Console

from meetwire.cli.tables import Column, print_table

COLUMNS = (
    Column("name"),
    Column("status"),
    Column("date"),
    Column("publisher", drop=2),
    Column("last error", drop=3, fold=True),
    Column("url", drop=1, fold=True),
)
NAME = "xinhua-english-world-news"
URL = "https://english.news.cn/" + "a" * 90 + "/c.html"
ERROR = "this is a sitemap, not a feed: use kind: sitemap " * 2
ROWS = [[NAME, "not modified", "2024-05-16 08:00", "xinhua", ERROR, URL]]


def render(width: int, *, wide: bool = False, rows=ROWS, columns=COLUMNS) -> str:
    console = Console(file=StringIO(), width=width, color_system=None)
    print_table(console, columns, rows, wide=wide)
    return console.file.getvalue()


def test_at_80_columns_no_name_date_or_status_is_cut() -> None:
    text = render(80)
    assert NAME in text and "not modified" in text and "2024-05-16 08:00" in text
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    # The least useful column went first, and the caption says how to see it.
    assert "https://" not in text and "not shown: publisher, url" in text and "--wide" in text
    # Free text wraps instead of being cut: every word of the error is there.
    words = " ".join(line.strip("│ ") for line in text.splitlines())
    assert all(word in words for word in ERROR.split())


def test_wide_shows_every_column_on_one_line_each() -> None:
    text = render(80, wide=True)
    assert URL in text and NAME in text and "not shown" not in text
    assert ERROR.strip() in text  # nothing wrapped or cut


def test_a_terminal_too_narrow_for_the_essentials_gets_stacked_rows() -> None:
    text = render(30)
    assert "name:" in text and "status:" in text and "not modified" in text
    assert "…" not in text


def test_a_short_table_is_left_as_it_is() -> None:
    rows = [["cd", "ok", "2024-05-16", "chinadaily", "", "https://a/"]]
    text = render(80, rows=rows)
    assert "https://a/" in text and "not shown" not in text
