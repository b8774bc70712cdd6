"""Every word list about speech, denial and names, once, each with the reason it exists.

The words for numbers, units and dates are in `service.text.number_words`.

Lists written as regular-expression alternatives ("said|says|...") are joined
into patterns by the module that uses them; the rest are sets and tables.
Where two rules read slightly different lists today, both are kept here as
named variants, side by side, so that moving them changed no result; merging
them is a change of behaviour and belongs with the evaluation that shows it.
"""

from __future__ import annotations

from typing import Final

from service.text.number_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

_WEEKDAYS: Final = " ".join(day.title() for day in WEEKDAYS)
_MONTH_NAMES: Final = " ".join(names[0].title() for names in MONTHS)

# --- Speech -------------------------------------------------------------------

# Completion adds a claim for "X said ..." when the model skipped the sentence:
# the verbs that, next to a name, report what that person said.
REPORTING_VERBS: Final = (
    r"said|says|told|stated|states|added|claimed|claims|warned|argued|insisted|announced|"
    r"explained|noted|wrote|alleged|accused|urged|maintained|declared|confirmed|testified|"
    r"acknowledged|admitted|predicted|estimated|stressed|cautioned|conceded|recalled|"
    r"reported|reports|"
    # Past tense only: "X denies ..." is how headlines read, and headlines are not labelled.
    r"denied|refuted"
)

# Verbs of belief and hope: the focused strategy's net takes them, the guided one's
# leaves them out, since LABELS.md does not count beliefs nobody voiced.
BELIEF_VERBS: Final = r"believ(?:e|es|ed)|think|thinks|thought|hop(?:e|es|ed)|expect(?:s|ed)?"

# A group speaks in the plural ("Officials say", "Residents warn"): the plain forms of
# reporting verbs that read so. Each is one of COMMUNICATION_VERBS.
PLURAL_REPORTING_VERBS: Final = r"say|claim|warn|argue|insist|allege|state"

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
    rf"{BELIEF_VERBS}"
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

# The parser's verbs of communication, by lemma: who is the subject of one of these
# is who speaks (service/rules/speech.py). Written once from Levin's classes of
# English verbs (Levin 1993, ch. 37, verbs of communication, and the related
# classes named below), not grown from the articles. Beliefs and hopes ("think",
# "believe", "expect") are left out: LABELS.md does not count beliefs nobody voiced;
# "ask" too, since a question is not a claim.
COMMUNICATION_VERBS: Final = frozenset(
    # 37.7 say verbs
    "say announce articulate claim confess confide convey declare disclose divulge "
    "explain express mention proclaim propose recount remark repeat report reveal state "
    "suggest utter voice add reply respond answer retort comment note observe "
    # 37.1 transfer of a message, 37.2 tell, 37.4 instrument of communication
    "tell write cite quote relay narrate recite dictate email phone tweet post publish "
    # 37.3 manner of speaking (the common ones in reported speech)
    "shout scream whisper yell mutter murmur exclaim cry "
    # 37.5/37.6 talk and chitchat verbs that carry a proposition
    "speak talk argue debate "
    # 37.8 complain, 37.9 advise, 37.11 promise
    "complain boast brag object protest warn advise caution alert urge instruct notify "
    "promise vow pledge threaten "
    # 29.5 conjecture and 29.4 declare verbs that are said aloud
    "assert insist maintain allege admit acknowledge concede affirm confirm contend "
    "predict forecast estimate guarantee swear testify stress emphasise emphasize "
    "underline highlight reiterate "
    # 33 judgement verbs: praising and blaming are stances voiced (LABELS.md counts them)
    "accuse blame criticise criticize condemn denounce praise hail applaud commend "
    "thank congratulate rebuke slam "
    # 37.7's negative side, the denial verbs below
    "deny refute reject dismiss dispute rebut contradict "
    # demanding and calling on someone are voiced too
    "demand call describe".split()
)

# Of those, the verbs that say something is not so: their clause is a denial.
DENIAL_LEMMAS: Final = frozenset("deny refute rebut dispute contradict".split())

# Nouns for what a source issues: "the ministry's statement said", "in a letter, X
# wrote". When one of these is the subject, its owner speaks.
COMMUNICATION_NOUNS: Final = frozenset(
    "statement announcement release letter post tweet remark remarks comment comments "
    "interview memo report message speech address note ruling decision verdict".split()
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

# Lowercase particles between a given name and a surname ("Ana de Vega", "Omar al
# Rashid"): completion's and speakers' name patterns let one stand between two capitals.
_PARTICLES: Final = "de da van von der al bin la le di du".split()
NAME_PARTICLES_BETWEEN_CAPITALS: Final = "|".join(_PARTICLES)

# Lowercase words that belong inside a name ("Ana de la Vega"), so a title is not
# cut off at them when speakers are split into role and name: the particles, their
# rarer kin, and the words that join an institution's name ("Bank of England").
NAME_PARTICLES: Final = frozenset(
    [*_PARTICLES, *"del della den ibn el dos das y".split(), "of", "the", "and"]
)

# Plural nouns for groups: "officials of the port" names no person, so no role is split off.
GROUP_NOUNS: Final = frozenset(
    "officials sources residents analysts police witnesses experts authorities people "
    "investigators prosecutors lawyers doctors diplomats members workers officers".split()
)

# Groups that LABELS.md accepts as a source when a sentence opens on them and a
# verb of speech follows ("Officials said", "Local activists warned"). Not
# "people" or "members": too vague to name anyone.
SPEAKING_GROUPS: Final = (
    r"officials|sources|residents|analysts|police|witnesses|eyewitnesses|experts|authorities|"
    r"investigators|prosecutors|doctors|diplomats|activists|critics|rescuers|campaigners|"
    r"scientists|researchers"
)

# Nouns that say a person is a woman or a man when written beside the name
# ("the actress Lena Ortiz", "Rui Matos, her husband,"): "she" and "he" then know
# whom they may stand for. Honorifics count too.
WOMEN_WORDS: Final = (
    r"mrs|ms|miss|mme|madame|lady|dame|woman|actress|fiancée|fiancee|wife|widow|mother|"
    r"daughter|sister|grandmother|girlfriend|queen|princess|duchess|businesswoman|chairwoman|"
    r"spokeswoman|congresswoman"
)
MEN_WORDS: Final = (
    r"mr|sir|man|fiancé|fiance|husband|widower|father|son|brother|grandfather|"
    r"boyfriend|king|prince|duke|businessman|chairman|spokesman|congressman"
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
    "Meanwhile However Earlier Later Also Officials Police "
    # Quantifiers and days: "Some reports said", "on Wednesday reported" (not "May").
    "Some Many Most Several Both Another Other Among Amongst".split()
) | frozenset(_WEEKDAYS.split())

# A capitalised word in a name: a capital of Latin-1 or Latin Extended ("Émile",
# "Łukasz"), then letters, apostrophes, straight or curly ("O'Neill"), hyphens and full
# stops ("J. R. Ortiz"). Names reads its runs with this too, and one-letter words
# and "&" ("AT&T") as well, since it trims what is not a name afterwards. Speakers
# looks up a title's holder by CAPITALISED_WITHOUT_STOPS: there a full stop after a
# name ends the sentence, not an initial.
CAPITAL: Final = r"[A-Z\u00c0-\u024f]"
NAME_WORD_CHARACTERS: Final = r"\w'\u2019-"
CAPITALISED_WORD: Final = rf"{CAPITAL}[.{NAME_WORD_CHARACTERS}]+"
CAPITALISED_WITHOUT_STOPS: Final = rf"{CAPITAL}[{NAME_WORD_CHARACTERS}]+"

# --- Candidate speakers (the guided strategy) ----------------------------------

# Capitalised words that open a sentence, name a day or month, or address someone:
# a run of capitals starting or ending with one is trimmed before it is offered as
# a speaker. Broader than NOT_NAMES, which only guards completion's name pattern.
NOT_SPEAKER_WORDS: Final = frozenset(
    "The A An It Its This That These Those There Their He She His Her They We I You Our In On "
    "At By But And Or If When Where While As Meanwhile However Earlier Later Also After Before "
    "According During Since Speaking Asked Both Another Other Some Many Most Mr Mrs Ms Dr".split()
) | frozenset(f"{_WEEKDAYS} {_MONTH_NAMES}".split())

# Small words allowed inside a run of capitals ("Bank of England", "Ana de la Vega").
NAME_JOINERS: Final = "|".join(["of", "for", *_PARTICLES, "del", "and", "the", "on"])

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
# Definite plural subjects that usually stand for two parties the article named
# ("the parties said", "the defendants claimed"): the pair is offered as a speaker.
PAIR_NOUNS: Final = r"parties|defendants|plaintiffs|sides|couple"

# The words that make such a source specific ("state media", "a senior official").
SOURCE_QUALIFIERS: Final = (
    r"the|a|an|local|state|national|foreign|international|news|senior|regional|federal|city|"
    r"fire|health|industry|two|several|some"
)

# --- Sentences -----------------------------------------------------------------

# A full stop after these does not end a sentence ("Dr. Ortiz", "Oct. 7", "U.S. forces").
ABBREVIATIONS: Final = (
    r"Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|No|"
    r"U\.S|U\.K|U\.N|a\.m|p\.m|e\.g|i\.e|" + "|".join(MONTH_ABBREVIATIONS)
)

# --- Quotations ------------------------------------------------------------------

# Each mark that opens a quotation, with the mark that closes it: straight, curly,
# guillemets, and the German low mark that closes with a high one ("„so“").
QUOTE_PAIRS: Final = (('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"))
OPENING_QUOTES: Final = "".join(opening for opening, _ in QUOTE_PAIRS)
CLOSING_QUOTES: Final = "".join(dict.fromkeys(closing for _, closing in QUOTE_PAIRS))
QUOTE_MARKS: Final = "".join(dict.fromkeys(OPENING_QUOTES + CLOSING_QUOTES))

# --- Overlap -------------------------------------------------------------------

# Words too common to tell two propositions apart when assembly compares them
# (duplicates, the claim a denial rebuts, the same figure twice).
OVERLAP_STOPWORDS: Final = frozenset(
    "a an the of to in on at for by with and or but is are was were be been has have had "
    "that this it its as from not no any all about into than their his her they he she we".split()
)
