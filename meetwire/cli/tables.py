"""Tables that stay readable in a narrow terminal: a name, a date or a status is never cut.

Free text (errors, URLs) wraps; when the table still does not fit, the least useful columns are
left out (the caption says which, and `--wide` shows them all); when even the essential ones do
not fit, each row is stacked as `column: value` lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

# Each column costs its padding (one space each side) and one border line; plus the left edge.
_COLUMN_OVERHEAD = 3
# Below this, a folding column would show so little per line that it is better left out.
_FOLD_MIN = 12


@dataclass(frozen=True)
class Column:
    """One column: `drop` orders the optional ones (1 goes first); 0 means always shown."""

    header: str
    drop: int = 0
    fold: bool = False  # free text that may wrap onto several lines
    justify: str = "left"


def _natural(header: str, cells: Sequence[str]) -> int:
    return max([len(header), *(max(map(len, c.splitlines() or [""])) for c in cells)])


def _needed(column: Column, natural: int) -> int:
    return min(natural, _FOLD_MIN) if column.fold else natural


def fit_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    width: int,
    wide: bool = False,
    title: str | None = None,
    bold_last: bool = False,
) -> tuple[RenderableType, int | None]:
    """A table for `width` columns of terminal and the width to print it at (None: the console's).

    `wide` keeps every column unwrapped however wide the table grows.
    """
    from rich.table import Table

    naturals = [_natural(c.header, [row[i] for row in rows]) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    if not wide:
        optional = sorted(
            (i for i, c in enumerate(columns) if c.drop), key=lambda i: columns[i].drop
        )

        def total() -> int:
            return 1 + sum(_needed(columns[i], naturals[i]) + _COLUMN_OVERHEAD for i in shown)

        while total() > width and optional:
            shown.remove(optional.pop(0))
        if total() > width:
            return _stacked(columns, rows, title=title), None
    hidden = [columns[i].header for i in range(len(columns)) if i not in shown]
    caption = f"not shown: {', '.join(hidden)} (--wide shows every column)" if hidden else None
    table = Table(title=title, caption=caption)
    for i in shown:
        column = columns[i]
        if column.fold and not wide:
            table.add_column(column.header, overflow="fold", justify=column.justify)
        else:
            table.add_column(
                column.header, no_wrap=True, min_width=naturals[i], justify=column.justify
            )
    for n, row in enumerate(rows):
        style = "bold" if bold_last and n == len(rows) - 1 else None
        table.add_row(*(row[i] for i in shown), style=style)
    if not wide:
        return table, None
    return table, max(width, 1 + sum(naturals[i] + _COLUMN_OVERHEAD for i in shown))


def _stacked(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], *, title: str | None
) -> Table:
    """Each row as `column: value` lines, for a terminal too narrow for the columns side by side."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.title = title
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for n, row in enumerate(rows):
        if n:
            grid.add_row("", "")
        for column, cell in zip(columns, row, strict=True):
            grid.add_row(f"{column.header}:", cell)
    return grid


def print_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    wide: bool = False,
    title: str | None = None,
    bold_last: bool = False,
) -> None:
    """Fit a table to the console's width (or show it all with `wide`) and print it."""
    table, width = fit_table(
        columns, rows, width=console.width, wide=wide, title=title, bold_last=bold_last
    )
    if width is None:
        console.print(table)
        return
    # Console.print caps a width at the console's own, so the console is widened for the table.
    saved = console.width
    console.width = width
    try:
        console.print(table, crop=False)
    finally:
        console.width = saved
