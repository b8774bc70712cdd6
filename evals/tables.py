"""Report building blocks that render as aligned plain text or as Markdown."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

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
