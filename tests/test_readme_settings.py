"""The README's settings table is the Settings class: every field, its variable and its default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from service.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
_ROW = re.compile(r"^\| `(STRUCTURE_[A-Z0-9_]+)` \| (.+?) \| .+ \|$")
# A default cell starts with the value as the variable would be written, in backticks,
# or with "unset" (no value) or "empty" (the empty string).
_DEFAULT = re.compile(r"^(?:`([^`]*)`|(unset|empty))(?:\s|$)")


def settings_table(readme: str) -> dict[str, str]:
    """Variable -> default as written, from the rows of the "## Settings" section."""
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        row = _ROW.match(line)
        if row is None:
            continue
        variable, cell = row.groups()
        assert variable not in rows, f"{variable} has two rows"
        written = _DEFAULT.match(cell)
        assert written is not None, f"{variable}: the default cell {cell!r} starts with no value"
        rows[variable] = written.group(1) if written.group(1) is not None else written.group(2)
    return rows


def as_written(value: object) -> str:
    """A default as the README writes it: the variable's text, or unset / empty."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None:
        return "unset"
    if value == "":
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_table() -> dict[str, str]:
    return {
        f"STRUCTURE_{name.upper()}": as_written(field.get_default(call_default_factory=True))
        for name, field in Settings.model_fields.items()
    }


def test_the_table_names_every_setting_and_no_other() -> None:
    written = settings_table(README.read_text(encoding="utf-8"))
    assert sorted(set(expected_table()) - set(written)) == [], "settings missing from the README"
    assert sorted(set(written) - set(expected_table())) == [], "README rows that are no setting"


@pytest.mark.parametrize("variable", sorted(expected_table()))
def test_the_table_gives_each_settings_default(variable: str) -> None:
    written = settings_table(README.read_text(encoding="utf-8"))
    assert written.get(variable) == expected_table()[variable]


def test_the_check_sees_a_wrong_default_and_a_missing_row() -> None:
    good = "\n## Settings\n\n| `STRUCTURE_PORT` | `8000` | port |\n\n## Next\n"
    assert settings_table(good) == {"STRUCTURE_PORT": "8000"}
    assert settings_table(good.replace("`8000`", "`8080`")) == {"STRUCTURE_PORT": "8080"}
    unset = "\n## Settings\n\n| `STRUCTURE_X` | unset | x |\n"
    assert settings_table(unset) == {"STRUCTURE_X": "unset"}
    with pytest.raises(AssertionError, match="starts with no value"):
        settings_table("\n## Settings\n\n| `STRUCTURE_PORT` | the usual | port |\n")
