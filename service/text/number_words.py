"""Every word list for reading numbers, units, currencies and dates, once.

The companion of `service.text.lexicon`, which holds the words about speech and
names; each list says why it exists.
"""

from __future__ import annotations

from typing import Final

# --- Numbers ------------------------------------------------------------------

# English number words and their values, for reading "fifty-five" as 55.
NUMBER_WORDS: Final = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "single": 1,
}
TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Words and abbreviations that multiply the number before them ("1.2 billion", "48m").
SPELLED_SCALES: Final = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_SCALE_ABBREVIATIONS: Final = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
SCALES: Final = {**SPELLED_SCALES, **_SCALE_ABBREVIATIONS, "dozen": 12}
# Abbreviations scale a number ("48m") but are not numbers themselves ("I'm", "plan b").
ABBREVIATED_SCALES: Final = frozenset(_SCALE_ABBREVIATIONS)

# The alternatives below are joined from the tables above, in their order; every
# pattern that uses one ends it at a word boundary, so the order decides nothing.
_ONES: Final = [word for word in NUMBER_WORDS if word != "single"]

# Grounding checks that a figure's value is written in its evidence: every way of
# writing a number in words, "a" and "an" included ("a dozen", "a million").
NUMBER_WORDS_IN_MENTIONS: Final = "|".join(
    [*_ONES, *TENS, *SPELLED_SCALES, "dozen", "single", "a", "an"]
)
# The same for digits: a scale word or abbreviation right after them, with or without
# a space ("48m", "1.2 billion"). Not "b" or "tn": "5 b" is a list item, "TN" a state.
SCALES_AFTER_DIGITS: Final = "|".join([*SPELLED_SCALES, "bn", "mn", "m", "k"])

# Completion adds a statistic for a number written in words. Its list starts at
# "two": a lone "one" is mostly a pronoun ("one of them said").
NUMBER_WORDS_FOR_FIGURES: Final = "|".join(
    [word for word in _ONES if NUMBER_WORDS[word] >= 2] + ["hundred"]
)
TENS_FOR_FIGURES: Final = "|".join(TENS)
ONES_AFTER_TENS: Final = "|".join(word for word in _ONES if 1 <= NUMBER_WORDS[word] <= 9)
# Completion reads a figure's scale only when written out, or as "bn"/"mn" after a
# space: "5 m" and "5 k" are metres and kilometres as often as millions and thousands.
SCALES_IN_FIGURES: Final = "|".join(SPELLED_SCALES)
SCALES_AFTER_A_SPACE: Final = "|".join([*SPELLED_SCALES, "bn", "mn"])

# The focused strategy sends a sentence for statistics if it holds one of these
# (or a digit): multipliers like "half" and "double" count, since they quantify.
MULTIPLIERS: Final = ("half", "double", "triple")
NUMBER_WORDS_AS_CUES: Final = "|".join(
    [word for word in _ONES if word != "zero"]
    + [*TENS, *SPELLED_SCALES, "dozen", "single", *MULTIPLIERS]
)

# A scale word right after a number belongs to it, not to the unit ("5 million people").
UNIT_SCALE_WORDS: Final = frozenset(SCALES_AFTER_DIGITS.split("|"))

# Years are not statistics (LABELS.md): a whole number from FIRST_YEAR to LAST_YEAR,
# written as four digits, reads as a year. 2100 is in: "by 2100" is how reporting on
# the climate names the century's end. YEAR_DIGITS is the same range as a pattern.
FIRST_YEAR: Final = 1800
LAST_YEAR: Final = 2100
YEAR_DIGITS: Final = r"(?:1[89]\d\d|20\d\d|2100)"
# Words that make a number approximate: "about 1900 homes" is a count, never a year.
APPROXIMATORS: Final = (
    r"about|around|roughly|nearly|almost|approximately|some|over|more than|fewer than|less than|"
    r"at least|up to"
)

# --- Units and currencies -------------------------------------------------------

CURRENCY_SIGNS: Final = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS: Final = {
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "pound": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
}
# Words that end a unit read off the text: "12 boats in the harbour" gives "boats".
UNIT_STOPWORDS: Final = frozenset(
    "of in on at to and from for the a an were was have has had is are be by with as than "
    "or but that this since over under per more less out".split()
)

# --- Dates ----------------------------------------------------------------------

# Month names and their abbreviations, January first, for resolving "March 3".
MONTHS: Final = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# Completion does not read "4 May" as a figure of 4. Case-sensitive whole words:
# "may" the verb, "marines" or "declined" are not months.
MONTHS_CAPITALISED: Final = "|".join(name.title() for names in MONTHS for name in names)
# Abbreviated months, for sentence splitting: "Oct. 7" does not end a sentence.
MONTH_ABBREVIATIONS: Final = tuple(name.title() for names in MONTHS for name in names[1:])
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Days named relative to publication; all but "yesterday" are the day itself.
RELATIVE_DAYS: Final = r"yesterday|today|tonight|this morning|this afternoon|this evening"
