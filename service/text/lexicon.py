"""Every word list the rules read, once, each with the reason it exists.

Lists written as regular-expression alternatives ("said|says|...") are joined
into patterns by the module that uses them; the rest are sets and tables.
Where two rules read slightly different lists today, both are kept here as
named variants, side by side, so that moving them changed no result; merging
them is a change of behaviour and belongs with the evaluation that shows it.
"""

from __future__ import annotations

from typing import Final

# --- Speech -------------------------------------------------------------------

# Completion adds a claim for "X said ..." when the model skipped the sentence:
# the verbs that, next to a name, report what that person said.
REPORTING_VERBS: Final = (
    r"said|says|told|stated|states|added|claimed|claims|warned|argued|insisted|announced|"
    r"explained|noted|wrote|alleged|accused|urged|maintained|declared|confirmed|testified|"
    r"acknowledged|admitted|predicted|estimated|stressed|cautioned|conceded|recalled|"
    # Past tense only: "X denies ..." is how headlines read, and headlines are not labelled.
    r"denied|refuted"
)

# The focused strategy sends a sentence to the model only if it could attribute
# something: a broader net than REPORTING_VERBS (any tense, opinion verbs too),
# since a sentence wrongly skipped is a record lost.
REPORTING_CUES: Final = (
    r"sa(?:y|ys|id)|stat(?:e|es|ed)|claim(?:s|ed)?|t(?:ell|ells|old)|announc(?:e|es|ed)|"
    r"wr(?:ite|ites|ote)|warn(?:s|ed)?|accus(?:e|es|ed)|critici[sz](?:e|es|ed)|"
    r"call(?:s|ed)? (?:on|for)|"
    r"argu(?:e|es|ed)|insist(?:s|ed)?|add(?:s|ed)|according to|den(?:y|ies|ied)|reject(?:s|ed)?|"
    r"refut(?:e|es|ed)|dismiss(?:es|ed)?|confirm(?:s|ed)?|explain(?:s|ed)?|not(?:e|es|ed)|"
    r"describ(?:e|es|ed)|urg(?:e|es|ed)|testif(?:y|ies|ied)|ruled?|f(?:ind|ound)|allege[sd]?|"
    r"acknowledg(?:e|es|ed)|admit(?:s|ted)?|cit(?:e|es|ed)|predict(?:s|ed)?|estimat(?:e|es|ed)|"
    r"reveal(?:s|ed)?|suggest(?:s|ed)?|stress(?:es|ed)?|promis(?:e|es|ed)|vow(?:s|ed)?|"
    r"pledg(?:e|es|ed)|disput(?:e|es|ed)|respond(?:s|ed)?|repl(?:y|ies|ied)|protest(?:s|ed)?|"
    r"condemn(?:s|ed)?|demand(?:s|ed)?|report(?:s|ed)?|declar(?:e|es|ed)|maintain(?:s|ed)?|"
    r"believ(?:e|es|ed)|think|thinks|thought|hop(?:e|es|ed)|expect(?:s|ed)?"
)

# The guided strategy also asks the model about sentences with these: verbs that
# report a stance or a description rather than words ("cautioned", "indicated",
# "credited the press with", "called the plan a gamble", "spoke of a crisis"),
# too loose for the rules to take alone, but whose speaker the model can judge.
SPEECH_VERBS_TO_ASK: Final = (
    r"caution(?:s|ed)?|indicat(?:e|es|ed)|encourag(?:e|es|ed)|credit(?:s|ed)|"
    r"refer(?:s|red)? to|sp(?:eak|eaks|eaking|oke) (?:of|about)|"
    r"issu(?:e|es|ed) (?:a )?statements?|tweet(?:s|ed)|"
    r"call(?:s|ed) (?:[\w'\u2019-]+ ){1,3}(?:a|an)"
)

# --- Denial -------------------------------------------------------------------

# A sentence completion adds is a denial rather than a claim if it holds one of these.
DENIAL_VERBS: Final = r"den(?:y|ies|ied)|refut(?:e|es|ed)|rejected"

# Assembly overrules a model's "denial" whose sentence has none of these words:
# a denial says something is not so, and cannot without a negation.
NEGATION_WORDS: Final = (
    r"den(?:y|ies|ied|ial)|reject(?:s|ed)?|refut(?:e|es|ed)|dismiss(?:es|ed)?|"
    r"not|no|never|nothing|none|false|untrue|baseless|groundless|without foundation"
)

# ... and overrules a model's "claim" whose sentence has one of these: with a
# strong denial verb the sentence almost always reports a denial.
STRONG_DENIAL_VERBS: Final = (
    r"den(?:y|ies|ied)|refut(?:e|es|ed)|dismissed .{0,40}\bas (?:false|untrue|baseless)|"
    r"no truth"
)

# --- Names --------------------------------------------------------------------

# Lowercase words that belong inside a name ("Ana de la Vega"), so a title is not
# cut off at them when speakers are split into role and name.
NAME_PARTICLES: Final = frozenset(
    "de da del della der den van von bin ibn al el la le di du dos das of the and y".split()
)

# The particles completion's name pattern lets between two capitalised words;
# shorter than NAME_PARTICLES (no "of", "the", "and": they would join two names).
NAME_PARTICLES_BETWEEN_CAPITALS: Final = r"de|da|van|von|der|al|bin|la|le|di|du"

# Plural nouns for groups: "officials of the port" names no person, so no role is split off.
GROUP_NOUNS: Final = frozenset(
    "officials sources residents analysts police witnesses experts authorities people "
    "investigators prosecutors lawyers doctors diplomats members workers officers".split()
)

# Nouns that head an institution's name, so "the Sheriff's Office" or "the
# People's Party" is one name and not a possessive owner and what it owns.
INSTITUTION_HEADS: Final = frozenset(
    "Office Party Hospital Fund Court Council Union League Association Department Service "
    "Ministry Bureau Agency Committee Commission Front Army Movement Church Society Foundation "
    "Federation Alliance Institute College School University Club Board Authority Trust".split()
)

# Titles that do not tell two people apart when a surname is expanded to a full name.
HONORIFICS: Final = frozenset("mr mrs ms miss dr prof sir dame judge mme mlle".split())

# Capitalised words that open sentences without being anyone's name.
NOT_NAMES: Final = frozenset(
    "The A An It This That These Those There He She They We I You In On At But And Or If When "
    "Meanwhile However Earlier Later Also Officials Police".split()
)

# --- Candidate speakers (the guided strategy) ----------------------------------

# Capitalised words that open a sentence, name a day or month, or address someone:
# a run of capitals starting or ending with one is trimmed before it is offered as
# a speaker. Broader than NOT_NAMES, which only guards completion's name pattern.
NOT_SPEAKER_WORDS: Final = frozenset(
    "The A An It Its This That These Those There Their He She His Her They We I You Our In On "
    "At By But And Or If When Where While As Meanwhile However Earlier Later Also After Before "
    "According During Since Speaking Asked Both Another Other Some Many Most Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Mr Mrs Ms Dr".split()
)

# Small words allowed inside a run of capitals ("Bank of England", "Ana de la Vega").
NAME_JOINERS: Final = r"of|for|de|da|del|van|von|der|al|bin|la|le|di|du|and|the|on"

# Sources without a name of their own, which LABELS.md accepts when explicit
# ("officials", "a fire officer", "local media"): offered as speakers too.
SOURCE_NOUNS: Final = (
    r"officials?|police|authorities|witness(?:es)?|eyewitness(?:es)?|residents|media|press|"
    r"reports?|sources?|experts?|analysts?|army|military|prosecutors?|investigators?|"
    r"government|ministry|spokes(?:man|woman|person)|officers?|activists|critics|doctors|"
    r"hospital|agency|company|firm|court|judge|lawyers?|attorneys?|statement|website|survey|"
    r"study|researchers|scientists|organi[sz]ers|campaigners|rescuers|minister|governor|"
    r"publication|broadcaster|newspaper|defendants?|union|group|council|department|office|"
    r"service|spokespeople|representatives?|leaders?|regulator|watchdog|committee|workers"
)
# The words that make such a source specific ("state media", "a senior official").
SOURCE_QUALIFIERS: Final = (
    r"the|a|an|local|state|national|foreign|international|news|senior|regional|federal|city|"
    r"fire|health|industry|two|several|some"
)

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

# --- Sentences -----------------------------------------------------------------

# A full stop after these does not end a sentence ("Dr. Ortiz", "Oct. 7", "U.S. forces").
ABBREVIATIONS: Final = (
    r"Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|No|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|a\.m|p\.m|e\.g|i\.e"
)

# --- Overlap -------------------------------------------------------------------

# Words too common to tell two propositions apart when assembly compares them
# (duplicates, the claim a denial rebuts, the same figure twice).
OVERLAP_STOPWORDS: Final = frozenset(
    "a an the of to in on at for by with and or but is are was were be been has have had "
    "that this it its as from not no any all about into than their his her they he she we".split()
)
