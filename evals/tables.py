"""Report building blocks that render as aligned plain text or as Markdown."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from evals.equivalence import is_number

# Paragraphs wrap for a terminal; tables and notes keep one line per row.
_WIDTH: Final = 100


@dataclass(frozen=True)
class Table:
    """Rows under a header; the first column labels the row, the others hold numbers."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Notes:
    """A titled list of one-line remarks."""

    title: str
    lines: tuple[str, ...]


Block = Table | Notes | str


@dataclass(frozen=True)
class Section:
    """A titled run of tables, notes and paragraphs."""

    title: str
    blocks: tuple[Block, ...]


def render_text(title: str, sections: Sequence[Section]) -> str:
    """Plain text for a terminal: underlined titles and space-aligned columns."""
    parts = [title, "=" * len(title)]
    for section in sections:
        parts += ["", section.title, "-" * len(section.title)]
        for index, block in enumerate(section.blocks):
            if index:
                parts.append("")
            if isinstance(block, Table):
                parts += _text_table(block)
            elif isinstance(block, Notes):
                parts += [block.title, *(f"  - {line}" for line in block.lines)]
            else:
                parts.append(textwrap.fill(block, width=_WIDTH))
    return "\n".join(parts) + "\n"


def render_markdown(title: str, sections: Sequence[Section]) -> str:
    """GitHub-flavoured Markdown with pipe tables."""
    parts = [f"# {title}"]
    for section in sections:
        parts += ["", f"## {section.title}"]
        for block in section.blocks:
            parts.append("")
            if isinstance(block, Table):
                parts += _markdown_table(block)
            elif isinstance(block, Notes):
                parts += [f"**{escape(block.title)}**", ""]
                parts += [f"- {escape(line)}" for line in block.lines]
            else:
                parts.append(escape(block))
    return "\n".join(parts) + "\n"


def escape(text: str) -> str:
    """Escape what Markdown would otherwise read as formatting, links or cell breaks."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _text_table(table: Table) -> list[str]:
    widths = [
        max(len(row[i]) for row in (table.header, *table.rows)) for i in range(len(table.header))
    ]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    return [line(table.header), "  ".join("-" * w for w in widths), *map(line, table.rows)]


def _markdown_table(table: Table) -> list[str]:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape(cell) for cell in cells) + " |"

    align = "| --- |" + " ---: |" * (len(table.header) - 1)
    return [line(table.header), align, *map(line, table.rows)]


# Cells: how a number reads in a table, the same in every report.


def rate(value: float | None) -> str:
    """A rate to three places, or n/a when there was nothing to divide."""
    return "n/a" if value is None else f"{value:.3f}"


def amount(value: Any) -> str:
    """An int as is, a float to three places, anything else as a dash."""
    if not is_number(value):
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def whole(value: Any) -> str:
    """A number rounded to a whole, or a dash."""
    return str(round(value)) if is_number(value) else "-"


def signed(change: float) -> str:
    """A change with its sign, never "-0.000"."""
    if isinstance(change, int):
        return f"{change:+d}"
    # Rounding first keeps float noise from printing as "-0.000".
    rounded = round(change, 3) + 0.0
    return f"{rounded:+.3f}"


def change_cells(
    before: Any, after: Any, missing: tuple[str, str] = ("new", "gone")
) -> tuple[str, str, str]:
    """Before, after and the signed change; `missing` names a row only one side has."""
    if is_number(before) and is_number(after):
        change = signed(after - before)
    else:
        change = missing[0] if before is None else missing[1]
    return amount(before), amount(after), change
