"""Resolve the date an article gives for an event ("on Tuesday") against its publication date.

Small models are poor at calendar arithmetic, so the service does it: the
model only points at the sentence, and the date comes from the words there.
"""

from __future__ import annotations

import datetime as dt
import re

from service.text.number_words import MONTHS, RELATIVE_DAYS, WEEKDAYS

_MONTHS = {name: number for number, names in enumerate(MONTHS, start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_WEEKDAY = re.compile(rf"\b(last\s+|this\s+|on\s+|next\s+)?({'|'.join(WEEKDAYS)})\b", re.I)
_RELATIVE_DAY = re.compile(rf"\b({RELATIVE_DAYS})\b", re.I)


def resolve_date(sentence: str, published: dt.date | None) -> dt.date | None:
    """Return the day a sentence's event happened on, if its words and the publication date say."""
    explicit = _explicit_date(sentence, published)
    if explicit is not None or published is None:
        return explicit
    relative = _RELATIVE_DAY.search(sentence)
    if relative:
        return _days_before(published, 1 if relative[1].lower() == "yesterday" else 0)
    for weekday in _WEEKDAY.finditer(sentence):
        qualifier = (weekday[1] or "").strip().lower()
        if qualifier == "next":
            continue  # a day still to come is not when anything happened
        target = WEEKDAYS.index(weekday[2].lower())
        back = (published.weekday() - target) % 7
        if back == 0 and qualifier == "last":
            back = 7
        return _days_before(published, back)
    return None


def _days_before(published: dt.date, days: int) -> dt.date | None:
    """`days` before `published`, or None before the calendar's first day (0001-01-01)."""
    try:
        return published - dt.timedelta(days=days)
    except OverflowError:
        return None


def _explicit_date(sentence: str, published: dt.date | None) -> dt.date | None:
    iso = _ISO.search(sentence)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        match = pattern.search(sentence)
        if not match:
            continue
        year = int(match[3]) if match[3] else (published.year if published else None)
        if year is None:
            continue
        month = _MONTHS[match[month_group].lower()]
        found = _safe_date(year, month, int(match[day_group]))
        if found and not match[3] and published and found > published:
            found = _safe_date(year - 1, month, int(match[day_group]))
        return found
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
