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
SCALES: Final = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "dozen": 12,
}
# Abbreviations scale a number ("48m") but are not numbers themselves ("I'm", "plan b").
ABBREVIATED_SCALES: Final = frozenset({"k", "m", "mn", "b", "bn", "tn"})

# Grounding checks that a figure's value is written in its evidence: every way of
# writing a number in words, "a" and "an" included ("a dozen", "a million").
NUMBER_WORDS_IN_MENTIONS: Final = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|single|a|an"
)

# Completion adds a statistic for a number written in words. Its list starts at
# "two": a lone "one" is mostly a pronoun ("one of them said").
NUMBER_WORDS_FOR_FIGURES: Final = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|hundred"
)
TENS_FOR_FIGURES: Final = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
ONES_AFTER_TENS: Final = r"one|two|three|four|five|six|seven|eight|nine"

# The focused strategy sends a sentence for statistics if it holds one of these
# (or a digit): multipliers like "half" and "double" count, since they quantify.
NUMBER_WORDS_AS_CUES: Final = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|half|dozen|single|double|triple"
)

# A scale word right after a number belongs to it, not to the unit ("5 million people").
UNIT_SCALE_WORDS: Final = frozenset(
    {"hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "m", "k"}
)

# Years are not statistics (LABELS.md): four digits from 1800 to 2099 read as a year.
YEAR_DIGITS: Final = r"(?:1[89]|20)\d\d"
# Words that make a number approximate: "about 1900 homes" is a count, never a year.
APPROXIMATORS: Final = (
    r"about|around|roughly|nearly|almost|approximately|some|over|more than|fewer than|less than|"
    r"at least|up to"
)
# The focused strategy drops a model figure whose value is a year written in its
# sentence: the same idea, as a range that also takes 2100.
FIRST_YEAR: Final = 1800
LAST_YEAR: Final = 2100

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
MONTHS_CAPITALISED: Final = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Days named relative to publication; all but "yesterday" are the day itself.
RELATIVE_DAYS: Final = r"yesterday|today|tonight|this morning|this afternoon|this evening"
