"""Contradictions: pairs of statements whose positions cannot both hold.

Two statements contradict when they come from the same side (two officials of one government) or
from one speaker at two times (a reversal, in two different documents), fall within a window of
days of each other, concern the same subject, and take opposite positions on it by one of the
rules in :data:`RULES`. Opposing sides disagreeing is the conflict itself, never a contradiction.

Every statement is first read into a :class:`Stance` (what it offers, demands, accepts, rejects or
yields, and on which subject), from its signal codes (``Signal.code``, ``conditional``,
``topics``) and from its own words; the rules then compare stances pairwise. Each result carries
both statements in full, the rule that fired, the subject, and a one-line explanation quoting the
evidence, so an analyst can check it against the documents.

>>> from parley.records import Statement, Signal
>>> import datetime as dt
>>> a = Statement("d1", 0, 40, "We will meet them without preconditions.", "indirect", speaker="A",
...               side="UA", published=dt.date(2022, 2, 27), signals=(Signal("OFFER_TALKS", 1.0),))
>>> b = Statement("d2", 0, 45, "A ceasefire is needed to start the dialogue.", "indirect", speaker="B",
...               side="UA", published=dt.date(2022, 3, 1), signals=(Signal("SET_CONDITIONS", 1.0),))
>>> [c.rule for c in find_contradictions([a, b])]
['unconditional_vs_conditions']
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .. import settings
from ..errors import ConfigError
from ..records import Contradiction, Statement
from ..signals.sides import packaged_registry
from . import _text as T

VERSION = "parley.analysis.contradictions/1"


@dataclass(frozen=True, slots=True)
class Rule:
    """A kind of contradiction the finder looks for."""

    name: str
    description: str


#: The rules, in order of precedence (when one pair fits several, the first one is reported).
RULES: tuple[Rule, ...] = (
    Rule(
        "unconditional_vs_conditions",
        "Talks offered or agreed without preconditions (or readiness to discuss a subject) against "
        "conditions set for the same talks.",
    ),
    Rule(
        "ceasefire_vs_rejection",
        "A ceasefire declared, proposed, accepted or demanded against a ceasefire rejected, ruled out "
        "or threatened away.",
    ),
    Rule(
        "agree_vs_reject",
        "Agreement with, or support for, a proposal or an agreement against rejection of the same "
        "(declared dead, ruled out, refused).",
    ),
    Rule(
        "now_vs_conditional",
        "A decision urged now, without further delay, against the same decision made to wait on "
        "conditions first (\"if there is no progress\", \"only after\").",
    ),
    Rule(
        "concession_vs_refusal",
        "A concession (a demand dropped or softened, force renounced) against a refusal to yield the "
        "same thing (the same territory, alliance status or guarantee).",
    ),
)
RULE_NAMES = tuple(r.name for r in RULES)
#: statements about two different wars never pair; a statement coded ``bilateral`` or ``other`` (or
#: not coded) may pair with either, the theatre model being least sure there
WAR_THEATRES = frozenset({"russia-ukraine", "middle-east"})

# ---------------------------------------------------------------------------------------- patterns
_F = re.IGNORECASE | re.UNICODE
_UNCOND = re.compile(
    r"(without (any )?(pre-?)?conditions?|no (pre-?)?conditions|unconditional(ly)?(?!(\W+[\w'’-]+){0,3}?\W+(support|demand|surrender|capitul)\w*)"
    r"|even (when|if|while|as)\b[^.;:]{0,60}?(attack\w*|shell\w*|strik\w*|bomb\w*|kill\w*|fight\w*|continu\w* to)"
    r"|regardless of|no matter (what|how|whether)|без (каких-либо |будь-яких |всяких )?(предварительных |попередніх )?"
    r"(условий|умов)|без передумов|без предусловий)",
    _F,
)
#: "unconditional" said of something else than talks (support, demands, surrender): a coder that read
#: the word as an unconditional offer misread it
_UNCOND_OTHER = re.compile(r"unconditional\w*(\W+[\w'’-]+){0,3}?\W+(support|demand|surrender|capitul)", _F)
_TALK = re.compile(
    r"\b(talk\w*|dialogue|negotiat\w*|speak\w*|discuss\w*|meet\w*|sit down|переговор\w*|диалог\w*|діалог\w*"
    r"|говорит\w*|говорити|розмовл\w*|обсужд\w*|обговор\w*|встреч\w*|зустр\w*)",
    _F,
)
#: words for negotiating (not "speak" as in "the language your grandmother speaks")
_TALK_STRICT = re.compile(
    r"\b(talks?|talking|dialogue|negotiat\w*|meet(ing)?s? with|meet (them|him|her|the \w+ delegation)|sit down"
    r"|speak(ing)? (with|to)|talk(ing)? (with|to)|переговор\w*|диалог\w*|діалог\w*|встреч\w*|зустр\w*"
    r"|говорит\w* с|говорити з|розмовл\w*)", _F)
_TALK_NOUN = (r"(talks|dialogue|negotiations?|meeting|conversation|переговор\w*|диалог\w*|діалог\w*|встреч\w*"
              r"|зустріч\w*)")
_COND_TALKS = re.compile(
    # "a ceasefire is needed to start the dialogue", "a precondition for talks"
    r"(need(ed|s)?|necessary|required|precondition\w*|conditions?|prerequisite\w*)\s+(for|before|prior to|to (start|begin|hold|resume"
    r"|launch|continue|have|enter))\s+(the |any |a |real )?([\w-]+ ){0,2}" + _TALK_NOUN
    # "talk about neutral status only after the ceasefire", "we cannot talk about a ceasefire before ..."
    + r"|\b(talk\w*|speak\w*|negotiat\w*|discuss\w*|dialogue|meet\w*)\b(\W+[\w'’-]+){0,11}?\W+(only( [\w-]+){0,2} (after|when|if|once)"
    r"|unless|until|provid(ed|ing) that|on condition|as soon as|before(?! (it'?s|it is|it becomes) too late))\b"
    # "only after the troops leave will we talk"
    r"|\b(only (after|when|if|once)|unless|provided that|on condition that)\b[^.;]{0,100}\b(talk\w*|negotiat\w*|dialogue"
    r"|meet\w*|speak\w*)"
    r"|только (после|если|при услови\w*)[^.;]{0,100}переговор\w*|переговор\w*[^.;]{0,60}только (после|если|при)"
    r"|лише (після|якщо|за умов\w*)[^.;]{0,100}(переговор\w*|діалог\w*)|(переговор\w*|діалог\w*)[^.;]{0,60}(лише|тільки) (після|якщо)",
    _F,
)
#: a condition that is not the speaker's own, or not one on talks: the talking done by others ("those
#: who talk about this law ... only when"), "meet" as in meeting a demand, "until" as a date.
_OTHERS_TALK = re.compile(r"\b(those|people|they|he|she|who|which|them|others|вони|они|він|он|кто|хто)\W+(?:[\w'’-]+\W+){0,1}$", _F)
_NOT_TALK_MEET = re.compile(r"^meet\w*\W+(?:[\w'’-]+\W+){0,3}?(demand|needs?|requirements?|standards?|criteria|expectations?"
                            r"|deadlines?|targets?|goals?|obligations?|challenges?|costs?)\b", _F)
_AS_WE_SPEAK = re.compile(r"(speak|talk)\w*\W+(today\W+)?(and|,)", _F)
_UNTIL_DATE = re.compile(r"\buntil\W+(at least|the end|the (beginning|middle)|\d|now|today|then|recently|next|this|last"
                         r"|january|february|march|april|may|june|july|august|september|october|november|december)", _F)


def _own_condition(text: str) -> re.Match[str] | None:
    """The first condition on talks in ``text`` that is the speaker's own and one on talks (see
    :data:`_OTHERS_TALK`), or None."""
    for cm in _COND_TALKS.finditer(text):
        chunk = cm.group(0)
        if _NOT_TALK_MEET.search(chunk) or _UNTIL_DATE.search(chunk) or _AS_WE_SPEAK.match(chunk):
            continue
        if _OTHERS_TALK.search(text[max(0, cm.start() - 40):cm.start()]):
            continue
        return cm
    return None


_CEASE_UNTIL = re.compile(r"\W+(?:[\w'’-]+\W+){0,4}?(before|until|unless|without|prior to|до|доки|пока|без)\b([^.;!?]{0,100})", _F)
_LOCAL_PAUSE = re.compile(r"(evacuat\w*|corridor\w*|humanitarian (pause|ceasefire|truce|window)|евакуац\w*|эвакуац\w*"
                          r"|коридор\w*|гуманітарн\w* (пауз|коридор)|гуманитарн\w* (пауз|коридор))", _F)
#: a truce bounded in time or purpose: a humanitarian pause, "a temporary ceasefire", "a ceasefire for at least
#: six weeks", "a 30-day truce"
_TEMPORARY = re.compile(_LOCAL_PAUSE.pattern + r"|\bpaus\w*|\btemporar\w*|\b(\d+|one|two|three|four|five|six|seven|eight|ten"
                        r"|several|a few)[- ](hours?|days?|weeks?)\b|временн\w*|тимчасов\w*", _F)
#: words that make a concession (where its evidence starts, for :func:`_own`)
_YIELD_WORD = re.compile(r"\b(soften\w*|eas(e|es|ed|ing)\b|lift\w*|drop\w*|compromis\w*|relax\w*|concession\w*|yield\w*"
                         r"|пом.якш\w*|смягч\w*|послаб\w*|зня\w*|сня\w*|уступ\w*|поступ\w*)", _F)
#: a concession on the claim itself (beside any renunciation of force)
_YIELD_CLAIM = re.compile(r"(special status|autonomy|\bced(e|es|ed|ing)\b|give up|hand(ed|ing)? over|compromise on"
                          r"|concessions? on|особ\w* статус|автоном\w*|уступ\w*|поступ\w*)", _F)
#: a negation that disclaims rather than refuses ("the PA is not involved in the ceasefire talks",
#: "I'm not going to get ahead of the ceasefire negotiations")
_DISCLAIMER = re.compile(r"\W*(not|n['’]t)\W+(be\W+)?(involved|part|aware|sure|privy|party|going to (get ahead|comment|speculate"
                         r"|negotiate|detail|characteri[sz]e|go into|preview|read out|talk about))\b", _F)
_MODAL = re.compile(r"(\bif\W+[\w'’-]+\W*$|\b(may|might|може|может|можуть|могут)\W+(?:[\w'’-]+\W+){0,1}$)", _F)
#: a vow to retake by force (regain, liberate, fight until ...): what renouncing force to retake occupied land
#: contradicts; fighting "for every meter" defends and is not such a vow
_FIGHT = re.compile(r"(fight\w* (until|to (the end|regain|return|liberat))|regain\w*|liberat\w*|de-?occup\w*|by force"
                    r"|militar\w*|по?верн\w* (все|всі)|освобод\w*|звільн\w*|воюв\w*|боротис\w*|отвоев\w*)", _F)


def _not_own(text: str, at: int) -> bool:
    """The clause before ``at`` makes what follows a forecast ("may not agree") or another party's
    position (a third-person subject and no first person): not the speaker's own refusal."""
    clause = re.split(r"[.;:!?,]", text[max(0, at - 120):at])[-1]
    if _MODAL.search(clause):
        return True
    return bool(_THIRD_PERSON.search(clause)) and not _FIRST_PERSON.search(clause)


def _stems(text: str) -> frozenset[str]:
    """Content stems of ``text`` without the names of the sides (what two positions share)."""
    return frozenset(w for w in T.content_stems(text) if w not in T.COMMON_NAMES)


def _clause(text: str, m: re.Match[str] | None, *, before: int = 0) -> str:
    """The sentence of ``text`` that holds the match ``m`` (and ``before`` sentences before it);
    the whole text when there is no match."""
    if m is None:
        return text
    sents = [(x.start(), x.end()) for x in _SENT.finditer(text)]
    for k, (a, b) in enumerate(sents):
        if a <= m.start() < b:
            return text[sents[max(0, k - before)][0]:b]
    return text


_REPORTED = re.compile(
    r"\b(claims?|claimed|insists?|insisted|alleg\w*|they say|they said|he says|he said|she says|she said|according to"
    r"|told (me|us|him)|assured (me|us)|утвержда\w*|заявля\w*|стверджу\w*|по (его|их) словам)\b",
    _F,
)
_PART_OF = re.compile(
    r"\b(this|that|some|one|a|certain|the) (part|provision|clause|article|point|paragraph)s? of( the| these| those)?\W*$", _F
)
_CEASE = T.TOPIC_PATTERNS["ceasefire"]
_NEG = r"(\bno\b|\bnot\b|\bnever\b|cannot|can't|won't|\b(do|does|did|is|are|was|were)n['’]t\b|can’t|won’t|\bnor\b|reject\w*|refus\w*|rul\w+ out|against|\bне\b|\bни\b|нет|ні)"
_CEASE_NEG = re.compile(
    _NEG + r"\W+(?:[\w'’-]+\W+){0,4}?" + _CEASE.pattern
    + r"|" + _CEASE.pattern + r"\W+(?:[\w'’-]+\W+){0,3}?(impossible|out of the question|not on the agenda|unacceptable"
    r"|is not|are not|would be a (mistake|trap)|before\b|невозможн\w*|неприемлем\w*|неможлив\w*|неприйнятн\w*)",
    _F,
)
_CEASE_NOUN = re.compile(r"(cease-?fire|(a|the|any|first|immediate|complete|full) cease fire|truce|armistice|перемири|перемир.я|прекращени\w* огня"
                         r"|припинення вогню|режим\w* тиш)", _F)
_CEASE_FIRST = re.compile(r"\b(first|immediate\w*|сначала|спочатку|негайн\w*|немедленн\w*)\W+(?:[\w'’-]+\W+){0,2}?"
                          r"(cease[- ]?fire|truce|armistice|перемир\w*|припинення вогню|прекращени\w* огня)"
                          r"|(cease[- ]?fire|truce|armistice)\W+(first|before anything)", _F)
#: a ceasefire that existed ("there was a ceasefire in place on the 6th of October"): a fact told, neither
#: sought nor ruled out
_CEASE_PAST = re.compile(r"\bthere (was|were|had been) (an? |the )?([\w-]+ ){0,2}(cease-?fire|truce)"
                         # a ceasefire in force, kept: "ensure compliance with the ceasefire", "the verification of
                         # the full ceasefire", "in accordance with the agreements on the ceasefire"
                         # ("will observe a 72-hour ceasefire" declares one: not here)
                         r"|(complian\w*|verif\w*|monitor\w*|in accordance)\W+(?:[\w'’-]+\W+){0,5}?(cease-?fire|truce)"
                         r"|(cease-?fire|truce)\w* (was|were|had been) (in (place|effect|force)|agreed|holding)", _F)
#: a position held for the present only ("we don't support a ceasefire at this time")
_FOR_NOW = re.compile(r"\b(at this (time|point|stage|moment)|right now|for now|for the time being|at (the|this) moment|at present"
                      r"|currently|пока что|на данный момент|сейчас|наразі|поки що|на цей час)\b", _F)
#: days within which a position held "for now" pairs with its opposite (later, the position has changed)
NOW_DAYS = 21
_CEASE_MEANS = re.compile(r"(does not|doesn't|will not|won't|cannot|can't) (mean|imply|be used)\b", _F)
_VIOLATE = re.compile(r"(violat\w*|breach\w*|broke\w*|\bbreak\w*|disrupt\w*|наруш\w*|поруш\w*|зрив\w*|сорва\w*)", _F)
_VIOLATED_CEASE = re.compile(_VIOLATE.pattern + r"\W+(?:[\w'’-]+\W+){0,2}?(cease-?fire|truce|armistice|перемир\w*"
                             r"|режим\w* тиш\w*)", _F)
_ENDORSE = re.compile(
    r"(based on|on the basis of|basis (for|of)|proceed\w* from|committed to|commitment to|no alternative to|potential of"
    r"|support\w*|uphold\w*|return to|на основе|на основі|нет альтернатив\w*|немає альтернатив\w*)\W+(?:[\w'’-]+\W+){0,5}$",
    _F,
)
_ENDORSE_NEG = re.compile(
    r"(\bnot\b|n't|\bnever\b|cannot|no one|nobody|unwilling|fail\w*|refus\w*|sabotag\w*|\bне\b)\W+(?:[\w'’-]+\W+){0,3}$",
    _F,
)
_THIRD_PERSON = re.compile(r"\b(they|he|she|them|their|his|her|они|он|она|їх|вони|він|вона)\b", _F)
_FIRST_PERSON = re.compile(r"\b(we|I|our|us|мы|нас|наш\w*|ми|нам)\b", _F)
_DISMISS = re.compile(
    r"(\bdead\b|\bdied\b|\bkilled\b|\bburied\b|no longer (exist|valid|relevant|matter|in force)\w*|null and void|\bvoid\b"
    r"|\bis over\b|\bare over\b|\bfinished\b|defunct|obsolete|scrapped|torn up|tore up|do(es)? not exist|\bmeaningless\b"
    r"|out of the question|\brejected?\b|мертв\w*|похорон\w*|не существу\w*|не існу\w*)",
    _F,
)
_FORCE = re.compile(
    r"(by force|by military means|military (means|way|solution|path)|militarily|military or armed forces"
    r"|armed forces? to (resolve|settle|return)|use of force|силов\w*|военн\w* пут\w*|військов\w* шлях\w*"
    r"|силою|силой)",
    _F,
)
_REFUSE = re.compile(
    r"(not give up|never give up|won't give up|not cede|never cede|will not (give|trade|surrender|accept|agree(?! with)|recogni)"
    r"|won't (give|trade|surrender|accept)|fight (for|until)|\bregain\w*|out of (the )?question|must not|cannot be"
    r"|never (recogni|accept|agree)|not our goal|remain\w* our goal|no concessions?|не отдад\w*|не віддам\w*"
    r"|не поступ\w*|ніколи не|никогда не)",
    _F,
)
_URGENT = re.compile(
    r"(time to (make|take) (a|the|this) decision|(make|take) (a|the|this) decision (now|today|without delay)"
    r"|without (any )?(further )?delay|cannot (wait|tolerate this|put (it|this) off) any longer"
    r"|no (more )?time to (lose|waste)|dragging (it|this) out|discussing it to death|must be (done|taken|decided) now"
    r"|пора принять решение|без промедлени\w*|час ухвалити рішення|без зволікан\w*)",
    _F,
)
_WAIT = re.compile(
    r"(if there is no progress|if (they|kiev|kyiv|it|the other side) (refuse\w*|fail\w*|do(es)? not)\b"
    r"|give (them|it|kiev|kyiv|the other side) (one more |another |a last )?(chance|time)|only if\b|only after\b"
    r"|если не будет прогресса|только если|только после|якщо не буде прогресу"
    r"|лише якщо|тільки після)",
    _F,
)
_SUPPORT_TEXT = re.compile(
    r"\b(I|we) (fully |strongly |also )?(will )?(support|back|endorse|accept|agree (to|with)) (the|this|that|your) "
    r"(proposal|idea|initiative|plan|appeal|offer)|поддерживаю (предложение|инициативу)|підтримую (пропозицію|ініціативу)",
    _F,
)
_NOT_ON_TABLE = re.compile(
    r"\b(not|never) (talking|discussing|considering) (about )?(this|that|it|such)\b|not on the (table|agenda)"
    r"|out of the question|no such (proposal|option|question)|речь не идет|мы это не обсуждаем|не обговорюємо",
    _F,
)
_CEASE_DEMAND = re.compile(
    r"\b(first|immediate\w*|complete|full|comprehensive|total)\s+(cease[- ]?fire|truce)"
    r"|(cease[- ]?fire|truce)\w* (is|are|was|would be) (needed|necessary|required|essential|the (first|main) (step|condition))"
    r"|\b(call\w*|demand\w*|urg\w*|propos\w*|offer\w*|declar\w*|announc\w*|agree\w*) (on |to |for )?(an? |the )?"
    r"([\w-]+ ){0,2}(cease[- ]?fire|truce)",
    _F,
)
_STRONG_REFUSE = re.compile(
    r"(not give up|never give up|won't give up|fight until|fight for every|regain\w* all|will not (cede|give|trade|surrender)"
    r"|never (cede|surrender|recogni[sz]e)|не отдад\w*|не віддамо|ніколи не визна\w*)",
    _F,
)
_ANAPHOR = re.compile(r"^\W*(?:[\w'’-]+\W+){0,8}?(this|that|it|these|those|such|это|этого|це|цього)\b", _F)

#: topics that can tie a concession to a refusal (places are compared separately).
_POSITION_TOPICS = frozenset({"security guarantees", "sanctions", "recognition", "nuclear", "prisoners", "elections"})


_SENT = re.compile(r"[^.!?;]+[.!?;]*", re.UNICODE)
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)


def _near(text: str, first: re.Pattern[str], second: re.Pattern[str], max_words: int) -> re.Match[str] | None:
    """A match of ``second`` within ``max_words`` words of a match of ``first`` in the same sentence."""
    for sent in _SENT.finditer(text):
        chunk = sent.group(0)
        a = list(first.finditer(chunk))
        if not a:
            continue
        for mb in second.finditer(chunk):
            wb = len(_TOKEN.findall(chunk[: mb.start()]))
            for ma in a:
                wa = len(_TOKEN.findall(chunk[: ma.start()]))
                if abs(wa - wb) <= max_words:
                    return _Shifted(mb, sent.start())  # type: ignore[return-value]
    return None


class _Shifted:
    """A match moved from a sentence to the whole text (for :func:`_cue`)."""

    def __init__(self, m: re.Match[str], offset: int):
        self._start, self._end = m.start() + offset, m.end() + offset

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


@lru_cache(maxsize=1 << 18)
def talk_subjects(text: str, window: int = 12) -> frozenset[str]:
    """Topics named within ``window`` words after a word for talking ("talk about neutral status")."""
    out: set[str] = set()
    for sent in _SENT.finditer(text):
        chunk = sent.group(0)
        for m in _TALK.finditer(chunk):
            tail = " ".join(_TOKEN.findall(chunk[m.end():])[:window])
            out |= T.text_topics(tail)
    return frozenset(out)


def _cue(text: str, m: re.Match[str] | None, width: int = 60) -> str:
    """A short quotation of ``text`` around a match (or its start) for explanations."""
    if m is None:
        snippet = text[: width * 2]
        return snippet.strip() + ("…" if len(text) > width * 2 else "")
    start = max(0, m.start() - width // 2)
    end = min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


# ------------------------------------------------------------------------------------------ stance
@dataclass(frozen=True, slots=True)
class Stance:
    """What one statement commits its speaker to, read from its codes and its words.

    Each position field holds the evidence (a short quotation), or None when the statement does not
    take that position. ``agrees``/``rejects`` map a subject key (a named agreement such as
    ``"minsk agreement"``, or ``"*"`` for an unnamed proposal) to the evidence.
    """

    statement: Statement  # the unit read: the statement, or one sentence of a long one
    codes: frozenset[str]
    topics: frozenset[str]
    places: frozenset[str]
    subjects: frozenset[str] = frozenset()  # topics named right after a word for talking
    talks_unconditional: str | None = None
    talks_open: str | None = None
    talks_conditioned: str | None = None
    ceasefire_for: str | None = None
    ceasefire_against: str | None = None
    agrees: dict[str, str] = field(default_factory=dict)
    rejects: dict[str, str] = field(default_factory=dict)
    concedes: str | None = None
    refuses: str | None = None
    urges_now: str | None = None
    waits_on: str | None = None
    #: what a position is about, read from the words around its cue (not the whole statement):
    conditioned_on: frozenset[str] = frozenset()  # the subjects of conditioned talks ("talk about X only after")
    ceasefire_scope: str | None = None  # "local" for a humanitarian pause (an evacuation, a corridor)
    ceasefire_first: bool = False  # a ceasefire sought first, before anything else
    ceasefire_until: frozenset[str] = frozenset()  # what a ceasefire ruled out "before ..." waits on (stems)
    ceasefire_for_now: bool = False  # the ceasefire is ruled out for the present only ("at this time", "right now")
    ceasefire_with: frozenset[str] = frozenset()  # the content stems of a ceasefire sought
    concedes_force: bool = False  # the concession renounces force (not the claim itself)
    refuses_force: bool = False  # the refusal vows to fight or regain (force as the means)
    concede_clause: str = ""  # the sentence that holds the concession
    refuse_clause: str = ""  # the sentence that holds the refusal
    at: dict[str, int] = field(default_factory=dict)  # where each position's evidence starts in the text
    parent: Statement | None = None  # the full statement the unit belongs to

    @property
    def whole(self) -> Statement:
        return self.parent or self.statement

    @property
    def has_position(self) -> bool:
        return any(
            (self.talks_unconditional, self.talks_open, self.talks_conditioned, self.ceasefire_for,
             self.ceasefire_against, self.agrees, self.rejects, self.concedes, self.refuses, self.urges_now,
             self.waits_on)
        )


#: a statement of fewer words takes no position (an extraction fragment such as "ceasefire")
MIN_WORDS = 2

#: statements longer than this are read sentence by sentence, each sentence with the codes whose
#: cues it holds (a long speech turn takes many positions; they must not be mixed up).
UNIT_CHARS = 400
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«(]?[A-ZА-ЯІЇЄҐ0-9])", re.UNICODE)


def units(statement: Statement) -> list[Statement]:
    """``statement`` itself when short, else its sentences, each with the signals whose cues it
    holds (a signal with no cue goes with none of them; ``conditional: false`` dropped, as the
    coder read it from the whole)."""
    if len(statement.text) <= UNIT_CHARS:
        return [statement]
    return list(_sentences(statement)) or [statement]


@lru_cache(maxsize=1 << 15)
def _sentences(statement: Statement) -> tuple[Statement, ...]:
    """:func:`units` of a long statement, cut once for each distinct statement (the analyses of one
    server read the same statements again: every side, every period, the tactics)."""
    text = statement.text
    out = []
    pos = 0
    pieces = []
    for m in _SENT_SPLIT.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    for a, b in pieces:
        chunk = text[a:b]
        if not chunk.strip():
            continue
        low = chunk.casefold()
        # a signal read "unconditional" from the whole statement is not so in each sentence: the
        # words that made it so may lie in another one
        sigs = tuple(dataclasses.replace(g, conditional=None) if g.conditional is False else g
                     for g in statement.signals if any(c and c.casefold() in low for c in g.cues))
        out.append(dataclasses.replace(statement, start=statement.start + a, end=statement.start + b, text=chunk,
                                       signals=sigs, parts=()))
    return tuple(out)  # (none: the statement is one unit, itself)


def read_stance(statement: Statement) -> Stance:
    """The positions ``statement`` takes (see :class:`Stance`).

    The reading depends only on the words and on the signals' codes, negation, ``conditional`` and
    topics, so it is done once for each distinct text and coding (a quote given to a person and to
    their office, a joint act credited to each party, a text syndicated many times)."""
    signals = _signal_key(statement)
    return _stance(statement, signals, _positions(statement.text, signals))


_SignalKey = tuple[tuple[str, bool, "bool | None", tuple[str, ...]], ...]
#: the codes under which :func:`_positions` reads a word for talks (see the talks branch there)
_TALK_CODES = frozenset({"OFFER_TALKS", "AGREE", "SET_CONDITIONS", "REJECT"})
#: the fields of :class:`Stance` that hold positions (see :attr:`Stance.has_position`).
_POSITIONS = ("talks_unconditional", "talks_open", "talks_conditioned", "ceasefire_for", "ceasefire_against",
              "agrees", "rejects", "concedes", "refuses", "urges_now", "waits_on")


def _signal_key(statement: Statement) -> _SignalKey:
    """What the reading uses of a statement's signals: ``(code, negated, conditional, topics)``."""
    return tuple((g.code, g.negated, g.conditional, tuple(g.topics)) for g in statement.signals)


#: the positions whose rules compare topics and places (talk subjects: ``talks_open`` against
#: ``talks_conditioned``).
_ON_SUBJECTS = ("urges_now", "waits_on", "concedes", "refuses")


def _stance(statement: Statement, signals: _SignalKey, positions: dict[str, object], *, lazy: bool = False) -> Stance:
    """The stance of ``statement`` from its positions, with the subjects it names (topics, places).

    ``lazy``: read the subjects only when a rule compares them for one of its positions (the
    finder's own stances; :func:`read_stance` reads them always)."""
    text = statement.text
    topics: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    if not lazy or any(positions.get(f) for f in _ON_SUBJECTS):
        # the coder's topics (of every signal) and those the words name, as T.statement_topics reads them
        topics = frozenset({T.norm_topic(t) for g in signals for t in g[3]}) | T.text_topics(text)
        places = T.places(text)
    if not lazy or any(positions.get(f) for f in ("talks_open", "talks_conditioned", "talks_unconditional")):
        subjects = talk_subjects(text)
    return Stance(statement, topics=topics, places=places, subjects=subjects,
                  **{k: dict(v) if isinstance(v, dict) else v for k, v in positions.items()})  # type: ignore[arg-type]


@lru_cache(maxsize=1 << 18)
def _positions(text: str, signals: _SignalKey) -> dict[str, object]:
    """The positions ``text`` takes with its signals (the fields of :class:`Stance` in
    :data:`_POSITIONS`, and ``codes``), read once for each distinct text and coding."""
    sigs = [g for g in signals if not g[1]]
    codes = frozenset(g[0] for g in sigs)
    at: dict[str, int] = {}  # where each position's evidence starts (see _own)
    out: dict[str, object] = {"codes": codes, "at": at}
    if len(_TOKEN.findall(text)) < MIN_WORDS:
        return out  # a fragment ("ceasefire") takes no position that a reader could check

    # talks: unconditional, open (on a named subject), or conditioned
    offer_cond = [g[2] for g in sigs if g[0] == "OFFER_TALKS"]
    m = _near(text, _TALK_STRICT, _UNCOND, 10)
    # a word for talks matters only to a text coded for talks (or with an offer in so many words):
    # not searched for in the others (most texts; the reading is the same)
    talk_m = _TALK.search(text) if m or codes & _TALK_CODES else None
    if codes & {"OFFER_TALKS", "AGREE"} or (m and "REJECT" not in codes):
        # talks without conditions: in so many words ("without preconditions", "even while they
        # attack"), or as the coder read this very text (see :func:`units`)
        if (False in offer_cond and talk_m and not _UNCOND_OTHER.search(text)) or m:
            out["talks_unconditional"] = _cue(text, m or talk_m)
            at["talks_unconditional"] = (m or talk_m).start()
        elif (
            "OFFER_TALKS" in codes and True not in offer_cond and "SET_CONDITIONS" not in codes
            and talk_subjects(text) - T.BROAD_TOPICS - {"ceasefire"}
        ):
            out["talks_open"] = _cue(text, talk_m)
    if "talks_unconditional" not in out and talk_m:
        cm = _own_condition(text)
        if (cm and codes & {"SET_CONDITIONS", "REJECT", "OFFER_TALKS"}) or (True in offer_cond and cm):
            out["talks_conditioned"] = _cue(text, cm)
            at["talks_conditioned"] = cm.start()
            # what the conditioned talks are about ("talk about a ceasefire only after ..."): a
            # condition on discussing one subject is not a condition on talks as such
            out["conditioned_on"] = talk_subjects(cm.group(0))

    # ceasefire: for or against
    cease_m = _CEASE.search(text)
    past = [(m.start(), m.end()) for m in _CEASE_PAST.finditer(text)] if cease_m else []
    if past and all(any(a <= m.start() < b for a, b in past) for m in _CEASE.finditer(text)):
        cease_m = None  # every ceasefire named is one that existed: neither sought nor ruled out
    if cease_m:
        neg_m = _CEASE_NEG.search(text) if cease_m else None  # (no match without a word for a ceasefire)
        # a ceasefire broken ("chose to break that ceasefire") is reported, not sought, whatever the codes
        violated = bool(_VIOLATE.search(text)) and ("CEASEFIRE" not in codes or bool(_VIOLATED_CEASE.search(text)))
        # ruling a ceasefire out takes a ceasefire as a thing (a truce, an armistice): "troops did not
        # cease fire" reports a violation, "we will never stop fighting" is resolve, not a refusal
        named = bool(_CEASE_NOUN.search((neg_m or cease_m).group(0))) if cease_m else False
        if cease_m and _CEASE_MEANS.search(text[cease_m.end():cease_m.end() + 30]):
            named = False  # "the ceasefire does not mean that the troops can stay": a term, not a refusal
        # a truce refused in so many words ("there will be no truce") with a REJECT is a refusal even
        # when the coder also gave the statement a CEASEFIRE (the word alone can carry a model there)
        refused = bool(neg_m) and "REJECT" in codes and bool(re.match(r"(no|not|never|нет|ні)\b", neg_m.group(0), re.I))
        # a refusal that is someone else's or a forecast ("Russia may not agree to a truce", "they
        # will not accept a ceasefire") is not the speaker's own position
        others = bool(neg_m) and (_not_own(text, neg_m.start()) or bool(_DISCLAIMER.match(neg_m.group(0))))
        if (neg_m or codes & {"REJECT", "THREATEN"}) and cease_m and named and not violated and not others and (
                "CEASEFIRE" not in codes or refused):
            out["ceasefire_against"] = _cue(text, neg_m or cease_m)
            at["ceasefire_against"] = (neg_m or cease_m).start()
            # "no ceasefire before the troops withdraw": what the refusal waits on
            um = _CEASE_UNTIL.search(text, (neg_m or cease_m).end())
            if um:
                out["ceasefire_until"] = _stems(um.group(2))
            out["ceasefire_for_now"] = bool(_FOR_NOW.search(text, (neg_m or cease_m).start()))
        # seeking one likewise takes a truce named and not negated ("we will never stop fighting" seeks none)
        elif ("CEASEFIRE" in codes and cease_m and not violated and not (neg_m and named and not others)) or (
                cease_m and _CEASE_NOUN.search(text) and not neg_m and not violated and (
            codes & {"SET_CONDITIONS", "AGREE"} or _CEASE_DEMAND.search(text))):
            dm = _CEASE_DEMAND.search(text)
            out["ceasefire_for"] = _cue(text, dm or cease_m)
            at["ceasefire_for"] = (dm or cease_m).start()
            # a humanitarian pause (an evacuation, a corridor, a pause with no ceasefire named) is local
            local = _LOCAL_PAUSE.search(text) or (not _CEASE_NOUN.search(text) and re.search(r"\bpause", text, re.I))
            out["ceasefire_scope"] = "local" if local else None
            out["ceasefire_first"] = bool(_CEASE_FIRST.search(text))
            out["ceasefire_with"] = _stems(text)

    # agreement / rejection of named subjects (and of an unnamed proposal)
    agrees: dict[str, str] = {}
    rejects: dict[str, str] = {}
    named = T.named_objects(text)
    reported = bool(named) and bool(_REPORTED.search(text))
    for key, (s0, s1) in ({} if reported else named).items():
        before = text[max(0, s0 - 80):s0]
        if _PART_OF.search(before):
            continue  # a part of an agreement is not the agreement
        after = text[s1:s1 + 80]
        clause = re.split(r"[.;:!?]", before)[-1]
        mention = _cue(text, re.search(re.escape(text[s0:s1]), text))
        em = _ENDORSE.search(before)
        endorsed = bool(
            em and not _ENDORSE_NEG.search(before[: em.start()]) and "ACCUSE" not in codes
            and not _THIRD_PERSON.search(clause[: max(0, len(clause) - (len(before) - em.start()))])
        )
        agreed = "AGREE" in codes and "REJECT" not in codes and bool(_FIRST_PERSON.search(clause))
        if endorsed or agreed:
            agrees[key] = mention
            continue
        dismissed = bool(_DISMISS.search(after) or _DISMISS.search(before[-40:]))
        if dismissed or ("REJECT" in codes and _FIRST_PERSON.search(clause)):
            rejects[key] = mention
    sup_m = _SUPPORT_TEXT.search(text)
    if ("AGREE" in codes or sup_m) and "REJECT" not in codes:
        agrees.setdefault("*", _cue(text, sup_m))
    off_m = _NOT_ON_TABLE.search(text)
    if ("REJECT" in codes or off_m) and "AGREE" not in codes and not sup_m:
        rejects.setdefault("*", _cue(text, off_m))
    out["agrees"] = agrees
    out["rejects"] = rejects

    # concession / refusal (force renounced matters only with a rejection or a concession coded)
    force_m = _FORCE.search(text) if codes & {"REJECT", "CONCEDE"} else None
    renounces_force = bool(force_m) and "THREATEN" not in codes
    if "CONCEDE" in codes or renounces_force:
        out["concedes"] = _cue(text, force_m)
        yield_m = _YIELD_WORD.search(text)
        at["concedes"] = force_m.start() if force_m else (yield_m.start() if yield_m else 0)
        # renouncing force concedes the means, not the claim: it meets only a vow to fight or regain
        out["concedes_force"] = bool(force_m) and "THREATEN" not in codes and not _YIELD_CLAIM.search(text)
        out["concede_clause"] = _clause(text, force_m, before=1)
    else:
        rm = _REFUSE.search(text) if codes & {"REJECT", "SET_CONDITIONS", "THREATEN"} else _STRONG_REFUSE.search(text)
        if rm:
            out["refuses"] = _cue(text, rm)
            at["refuses"] = rm.start()
            out["refuses_force"] = bool(_FIGHT.search(text))
            out["refuse_clause"] = _clause(text, rm)

    # a decision urged now, or made to wait on conditions
    um = _URGENT.search(text)
    # the words of waiting decide only beside words of urgency, or where they can wait on conditions
    wm = _WAIT.search(text) if um or "SET_CONDITIONS" in codes or not codes else None
    if um and not wm:
        out["urges_now"] = _cue(text, um)
    elif wm and not um and ("SET_CONDITIONS" in codes or not codes):
        out["waits_on"] = _cue(text, wm)
    return out


# --------------------------------------------------------------------------------------- pairing
def same_speaker(a: Statement, b: Statement) -> bool:
    """One speaker: the same registry actor, else the same canonical name."""
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    return bool(a.speaker) and (a.speaker or "").casefold() == (b.speaker or "").casefold()


def _side_of(s: Statement, registry) -> str | None:
    if s.side:
        return s.side.upper()
    if registry is not None and s.speaker:
        return registry.side_for(s.speaker)
    return None


def comparable(a: Statement, b: Statement, *, window_days: int, registry=None) -> str | None:
    """Why two statements may contradict (``"same speaker"``/``"same side"``), or None when they may not."""
    return _comparable(a, b, window_days, lambda s: _side_of(s, registry))


def _comparable(a: Statement, b: Statement, window_days: int, side) -> str | None:
    """:func:`comparable` with ``side(statement)`` giving each statement's side (looked up once)."""
    if a.doc_id == b.doc_id and a.start < b.end and b.start < a.end:
        return None  # one span (joint acts), or nested spans
    if a.theatre in WAR_THEATRES and b.theatre in WAR_THEATRES and a.theatre != b.theatre:
        return None  # a ceasefire over one war against a refusal over another
    if a.published and b.published:
        if abs((a.published - b.published).days) > window_days:
            return None
    elif a.doc_id != b.doc_id:
        return None  # no date to place them in the window
    if same_speaker(a, b):
        return "same speaker" if a.doc_id != b.doc_id else None
    sa, sb = side(a), side(b)
    if sa and sa == sb:
        return "same side"
    return None


def _who(s: Statement) -> str:
    side = f" ({s.side})" if s.side else ""
    when = f" on {s.published.isoformat()}" if s.published else ""
    return f"{s.speaker or 'an unnamed speaker'}{side}{when}"


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: str
    topic: str
    score: float
    why_a: str
    why_b: str
    swap: bool = False  # True when the rule's first role is played by the later statement


def _shared_subject(x: Stance, y: Stance) -> str | None:
    specific = (x.topics & y.topics) - T.BROAD_TOPICS - {"ceasefire", "territory"}
    if specific:
        return min(specific)
    groups = {T.TOPIC_GROUPS.get(t) for t in x.topics} & {T.TOPIC_GROUPS.get(t) for t in y.topics} - {None}
    if groups:
        return min(groups)  # type: ignore[arg-type]
    return None


def _is_reply(a: Stance, b: Stance, order: dict[str, int]) -> bool:
    """``b`` answers ``a`` directly: the next statement in the same document, by another speaker,
    opening with a reference back (this, that, it)."""
    sa, sb = a.whole, b.whole
    if b.statement.start != sb.start:  # the answer opens the statement
        return False
    if sa.doc_id != sb.doc_id or same_speaker(sa, sb):
        return False
    if order.get(sb.id, -1) != order.get(sa.id, -9) + 1:
        return False
    if not 0 <= sb.start - sa.end <= 200:
        return False
    return bool(_ANAPHOR.search(b.statement.text[:120]))


#: words that open a sentence or clause and name no one ("For", "Today", "На жаль")
_SUBJECT_FIRST = re.compile(r"\b(we|i|our|us|мы|ми|я|наш\w*)\b", _F)
_SUBJECT_OTHER = re.compile(r"^(they|he|she|those|some|others|вони|они|он|він|вона|она|те|ті)$", _F)
#: a capitalised word right before a verb, with only adverbs or dashes between (see :func:`_own`)
_AGENT = re.compile(r"\b([A-ZА-ЯІЇЄҐ][\w'’-]+)(?:[\s—–-]+(?:still|also|now|again|repeatedly|keeps?|keep on"
                    r"|все ещё|досі|знову|вновь|снова))*[\s—–-]+$")
#: a verb of asking for or offering something (where a name right before it is its agent)
_ASKING = re.compile(r"(call\w*|demand\w*|urg\w*|propos\w*|offer\w*|declar\w*|announc\w*|agree\w*|seek\w*|insist\w*"
                     r"|требу\w*|предлага\w*|вимага\w*|пропону\w*)\b", _F)
_RELATIVE = re.compile(r"\b(who|those who|которые|хто|кто|які)\b(?:\W+[\w'’-]+){0,6}\W*$", _F)


@lru_cache(maxsize=4096)
def _side_named(word: str) -> str | None:
    """The side a capitalised word names in the packaged side table ("Russia", "Росія"), else None
    (the signal coder's registry: a registry that cannot load is an error, not a word naming no side)."""
    return packaged_registry().side_for(word)


def _own(text: str, at: int, side: str | None) -> bool:
    """Whether the position whose evidence starts at ``at`` is the speaker's own: not inside a
    relative clause about others ("we know who is trying to soften sanctions"), and the sentence's
    subject (its first pronoun, or a capitalised word that names a side, among its first words) is
    not a third person or another side ("Russia rejected the truce", "the policy of European states
    has been dialogue no matter what")."""
    start = max(text.rfind(ch, 0, at) for ch in ".!?;\n") + 1
    before = text[start:at]
    if _RELATIVE.search(before):
        return False
    agent = _AGENT.search(before) if _ASKING.match(text, at) else None
    if agent and not _SUBJECT_FIRST.fullmatch(agent.group(1)) and not agent.group(1).endswith("ly"):
        # a named party right before the verb, with only adverbs or a dash between ("with Hamas still —
        # still demanding a permanent ceasefire"): its position, unless the name is the speaker's side
        named = _side_named(agent.group(1))
        return bool(side) and named == side.upper()
    if _DEMAND.search(before):
        return True  # "Russia must agree to a ceasefire": the speaker's demand
    for w in _TOKEN.findall(before)[:8]:
        if _SUBJECT_FIRST.fullmatch(w):
            return True
        if _SUBJECT_OTHER.match(w):
            return False
        if w[:1].isupper():
            named = _side_named(w)
            if named:
                return not side or named == side.upper()
    return True


#: the positions whose agent is the subject (a condition or a refusal to yield is often put with the
#: other side as the subject: "Russia can sit down at the table only if ...": still the speaker's own)
_OWN_FIELDS = ("talks_unconditional", "ceasefire_for", "ceasefire_against", "concedes")
_DEMAND = re.compile(r"\b(must|should|has to|have to|needs? to|is to|are to|повин\w*|должн\w*|мусить|має|мают\w*)\b", _F)


def _own_stance(x: Stance) -> Stance:
    """``x`` without the positions that report another party's (see :func:`_own`)."""
    side = x.whole.side
    drop = {f: None for f in _OWN_FIELDS if getattr(x, f) and f in x.at and not _own(x.statement.text, x.at[f], side)}
    return dataclasses.replace(x, **drop) if drop else x


def _check(x: Stance, y: Stance, order: dict[str, int]) -> _Hit | None:
    """The first rule two stances break, with ``x`` the earlier statement (positions that report
    another party's are left out: :func:`_own`)."""
    x, y = _own_stance(x), _own_stance(y)
    # 1. talks without conditions vs conditions for talks
    for p, q, swap in ((x, y, False), (y, x, True)):
        if p.talks_unconditional and q.talks_conditioned:
            if q.conditioned_on and not (q.conditioned_on & p.subjects):
                continue  # conditions on discussing one subject ("a ceasefire only after ..."), not on talks
            return _Hit("unconditional_vs_conditions", "talks", 1.0 if "SET_CONDITIONS" in q.codes else 0.8,
                        f"offered talks without conditions ({p.talks_unconditional!s})",
                        f"set conditions for talks ({q.talks_conditioned})", swap)
    for p, q, swap in ((x, y, False), (y, x, True)):
        if p.talks_open and q.talks_conditioned:
            shared = (p.subjects & q.subjects) - T.BROAD_TOPICS - {"ceasefire"}
            subject = min(shared) if shared else None
            if subject:
                return _Hit("unconditional_vs_conditions", subject, 0.6,
                            f"said it is ready to talk about {subject} ({p.talks_open})",
                            f"made talking about {subject} conditional ({q.talks_conditioned})", swap)
    # 2. ceasefire for vs against
    for p, q, swap in ((x, y, False), (y, x, True)):
        if p.ceasefire_for and q.ceasefire_against:
            if p.ceasefire_scope == "local":
                continue  # a humanitarian pause (an evacuation) is not the ceasefire ruled out
            if q.ceasefire_for_now and p.whole.published and q.whole.published and abs(
                    (p.whole.published - q.whole.published).days) > NOW_DAYS:
                continue  # a ceasefire refused "at this time": a later ceasefire sought is a change, not a contradiction
            if _TEMPORARY.search(p.statement.text) and _LOCAL_PAUSE.search(q.whole.text):
                continue  # a pause sought, where the refusal itself made room for pauses ("we support
                # humanitarian pauses ... but not a ceasefire at this time")
            if q.ceasefire_until and not p.ceasefire_first and q.ceasefire_until & p.ceasefire_with:
                continue  # sought together with what the refusal waits on ("no truce before X" / "a truce and X")
            return _Hit("ceasefire_vs_rejection", "ceasefire", 0.9,
                        f"sought a ceasefire ({p.ceasefire_for})",
                        f"ruled a ceasefire out ({q.ceasefire_against})", swap)
    # 3. agreement vs rejection of the same subject
    for p, q, swap in ((x, y, False), (y, x, True)):
        named = (set(p.agrees) & set(q.rejects)) - {"*"}
        if named:
            key = min(named)
            return _Hit("agree_vs_reject", key, 0.9,
                        f"upheld the {key} ({p.agrees[key]})", f"rejected the {key} ({q.rejects[key]})", swap)
    if "*" in x.agrees and "*" in y.rejects and not y.agrees and _is_reply(x, y, order):
        return _Hit("agree_vs_reject", "the proposal", 0.7,
                    f"supported a proposal ({x.agrees['*']})",
                    f"answered at once that it is not on the table ({y.rejects['*']})")
    # 4. a decision urged now vs the same decision made to wait (one meeting, or one named subject)
    for p, q, swap in ((x, y, False), (y, x, True)):
        if p.urges_now and q.waits_on:
            same_doc = p.whole.doc_id == q.whole.doc_id
            subject = _shared_subject(p, q)
            if same_doc:  # one meeting: across documents a shared topic is too loose a tie
                return _Hit("now_vs_conditional", subject or "the decision at hand", 0.6,
                            f"urged a decision now ({p.urges_now})", f"made it wait on conditions ({q.waits_on})", swap)
    # 5. concession vs refusal of the same thing
    for p, q, swap in ((x, y, False),):  # a concession, then a refusal (not the other way round)
        if p.concedes and q.refuses:
            if p.concedes_force and not q.refuses_force:
                continue  # force renounced, the claim kept ("not by force" / "we will not give up"): both hold
            # the thing yielded and the thing refused, named where the concession and the refusal
            # are made (not anywhere in a long statement)
            refused_places = T.places(q.refuse_clause)
            if refused_places == {"*"} and not p.concedes_force and not _YIELD_CLAIM.search(p.concede_clause):
                # "we will not give up anything" meets a place yielded in words (ceded, given up, a
                # special status), not one only set aside ("should not be tied to the negotiations")
                continue
            meet = T.places_meet(T.places(p.concede_clause), refused_places)
            subject = ", ".join(sorted(meet)) if meet else None
            if not subject:
                # a named position (sanctions, guarantees, ...): a broad group of topics ("national")
                # ties a concession to any refusal at all
                shared = (T.text_topics(p.concede_clause) & T.text_topics(q.refuse_clause)) & _POSITION_TOPICS
                subject = min(shared) if shared else None
            if subject:
                score = 0.85 if _FORCE.search(p.statement.text) else 0.8
                return _Hit("concession_vs_refusal", subject, score,
                            f"yielded on {subject} ({p.concedes})", f"refused to yield on {subject} ({q.refuses})", swap)
    return None


def _overlaps(p: Statement, q: Statement) -> bool:
    return p.doc_id == q.doc_id and p.start < q.end and q.start < p.end


def _same_pair(c: Contradiction, a: Statement, b: Statement) -> bool:
    return (_overlaps(c.a, a) and _overlaps(c.b, b)) or (_overlaps(c.a, b) and _overlaps(c.b, a))


def _key(s: Statement) -> tuple:
    return (s.published or dt.date.min, s.doc_id, s.start, s.end, s.speaker or "")


#: the pairs of positions each rule compares (either one may come first; the rule decides the order).
_ROLE_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("unconditional_vs_conditions", "talks_unconditional", "talks_conditioned"),
    ("unconditional_vs_conditions", "talks_open", "talks_conditioned"),
    ("ceasefire_vs_rejection", "ceasefire_for", "ceasefire_against"),
    ("now_vs_conditional", "urges_now", "waits_on"),
    ("concession_vs_refusal", "concedes", "refuses"),
)


def _group_keys(whole: Statement, side: str | None) -> list[tuple[str, str]]:
    """The groups a statement is paired within: its side, its actor and its speaker's name (two
    statements are comparable only when they share a side, or are by one speaker: one actor id or,
    when either lacks one, one name)."""
    keys = []
    if side:
        keys.append(("side", side))
    if whole.actor_id:
        keys.append(("actor", whole.actor_id))
    if whole.speaker:
        keys.append(("name", whole.speaker.casefold()))
    return keys


def _candidate_pairs(stances: list[Stance], days: list[int | None], side_of: dict[int, str | None],
                     order: dict[str, int], window: int, wanted: set[str]) -> Iterator[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of stances that some wanted rule could flag, in the order of a
    full scan (by ``i``, then ``j``): pairs of opposed positions (an offer against a condition, a
    ceasefire sought against one ruled out, ...), within a group (side, actor, speaker's name) and
    within the window of days, or (when a date is missing) within one document. Every pair
    :func:`_check` can flag is among them; the others are never formed. The stances are sorted by
    date (undated first), so the later partners of ``i`` in a group lie in a slice of it."""
    opposite: dict[object, list[object]] = {}  # role -> the roles it can be flagged against
    for rule, p_role, q_role in _ROLE_PAIRS:
        if rule in wanted:
            opposite.setdefault(p_role, []).append(q_role)
            opposite.setdefault(q_role, []).append(p_role)
    undated_docs = {x.whole.doc_id for i, x in enumerate(stances) if days[i] is None}
    roles: list[list[object]] = []  # each stance's roles
    keys: list[list[tuple[str, str]]] = []  # each stance's groups
    members: dict[tuple[object, tuple[str, str]], list[int]] = {}  # (role, group) -> stances, by index
    for i, x in enumerate(stances):
        whole = x.whole
        mine = [r for r in opposite if getattr(x, r)]
        if "agree_vs_reject" in wanted:
            mine += [("agrees", k) for k in x.agrees if k != "*"] + [("rejects", k) for k in x.rejects if k != "*"]
        ks = _group_keys(whole, side_of[id(whole)]) if days[i] is not None else []
        if whole.doc_id in undated_docs:
            ks.append(("doc", whole.doc_id))  # a date missing: pairs within the document, dates aside
        roles.append(mine)
        keys.append(ks)
        for r in mine:
            for k in ks:
                members.setdefault((r, k), []).append(i)
    member_days = {rk: [days[i] for i in idx] if rk[1][0] != "doc" else [] for rk, idx in members.items()}
    # support answered at once with a refusal: the next statement of the same document
    agreeing: dict[tuple[str, int], list[int]] = {}
    rejecting: dict[tuple[str, int], list[int]] = {}
    if "agree_vs_reject" in wanted:
        for i, x in enumerate(stances):
            place = (x.whole.doc_id, order.get(x.whole.id, -1))
            if "*" in x.agrees:
                agreeing.setdefault(place, []).append(i)
            if "*" in x.rejects:
                rejecting.setdefault(place, []).append(i)

    for i, x in enumerate(stances):
        later: set[int] = set()
        for r in roles[i]:
            against = opposite.get(r) or ([("rejects", r[1])] if r[0] == "agrees" else [("agrees", r[1])])
            for q in against:
                for k in keys[i]:
                    idx = members.get((q, k))
                    if not idx:
                        continue
                    lo = bisect.bisect_right(idx, i)
                    if k[0] == "doc":
                        later.update(idx[lo:])
                    else:
                        hi = bisect.bisect_right(member_days[(q, k)], days[i] + window)  # type: ignore[operator]
                        later.update(idx[lo:hi])
        if agreeing or rejecting:
            doc, place = x.whole.doc_id, order.get(x.whole.id, -1)
            if "*" in x.agrees:
                later.update(j for j in rejecting.get((doc, place + 1), ()) if j > i)
            if "*" in x.rejects:
                later.update(j for j in agreeing.get((doc, place - 1), ()) if j > i)
        for j in sorted(later):
            yield i, j


def find_contradictions(
    statements: Iterable[Statement],
    *,
    window_days: int | None = None,
    registry=None,
    rules: Iterable[str] | None = None,
) -> list[Contradiction]:
    """Pairs of statements whose positions cannot both hold (see the module docstring).

    ``window_days`` (default: the ``contradiction_window_days`` setting's default; the api passes
    the resolved setting) bounds the days between the
    two statements. ``registry`` (an actor registry with ``side_for(name)``) fills in sides that
    statements lack. ``rules`` restricts the search to some of :data:`RULE_NAMES`. For one pair of
    speakers and documents, only the strongest pair of each rule is reported, so one exchange is
    one flag, and flags of one rule between the same officials on the same subject fold into one
    with their count (:func:`fold_repeats`). Statements about two different wars (``theatre``,
    :data:`WAR_THEATRES`) are never paired. Results come oldest first; in each, ``a`` is the earlier
    statement.

    Each statement is read once (its side, and the stance of each of its units); pairs are then
    formed only where a rule could fire (see :func:`_candidate_pairs`), in date order, so the cost
    grows with the pairs of opposed positions in a window, not with the square of the statements.
    """
    window = int(settings.default("contradiction_window_days") if window_days is None else window_days)
    if window < 0:
        raise ConfigError(f"the contradiction window must be 0 days or more, not {window}")
    wanted = set(rules) if rules is not None else set(RULE_NAMES)
    unknown = wanted - set(RULE_NAMES)
    if unknown:
        raise ConfigError(f"unknown rule(s) {', '.join(sorted(unknown))}; known: {', '.join(RULE_NAMES)}")

    all_statements = sorted({s.id: s for s in statements}.values(), key=_key)
    order: dict[str, int] = {}
    by_doc: dict[str, list[Statement]] = {}
    for s in all_statements:
        by_doc.setdefault(s.doc_id, []).append(s)
    for doc_statements in by_doc.values():
        for i, s in enumerate(sorted(doc_statements, key=lambda s: (s.start, s.end))):
            order[s.id] = i

    stances = []
    for whole in all_statements:
        for unit in units(whole):
            signals = _signal_key(unit)
            positions = _positions(unit.text, signals)
            if any(map(positions.get, _POSITIONS)):  # Stance.has_position, before topics and places
                stance = _stance(unit, signals, positions, lazy=True)
                stances.append(dataclasses.replace(stance, parent=whole if unit is not whole else None))

    # each statement's side, looked up once (the registry is asked once per speaker's name)
    side_of: dict[int, str | None] = {}
    by_name: dict[str, str | None] = {}
    for x in stances:
        whole = x.whole
        if id(whole) in side_of:
            continue
        if whole.side or registry is None or not whole.speaker:
            side_of[id(whole)] = _side_of(whole, registry)
        else:
            if whole.speaker not in by_name:
                by_name[whole.speaker] = _side_of(whole, registry)
            side_of[id(whole)] = by_name[whole.speaker]
    days = [x.whole.published.toordinal() if x.whole.published else None for x in stances]

    def side(s: Statement) -> str | None:
        return side_of[id(s)]

    best: dict[tuple, tuple[_Hit, Stance, Stance]] = {}
    for i, j in _candidate_pairs(stances, days, side_of, order, window, wanted):
        x, y = stances[i], stances[j]
        sx, sy = x.whole, y.whole
        if sx is sy or _comparable(sx, sy, window, side) is None:
            continue
        hit = _check(x, y, order)
        if hit is None or hit.rule not in wanted:
            continue
        group = (hit.rule, sx.doc_id, sy.doc_id, (sx.speaker or "").casefold(), (sy.speaker or "").casefold())
        if group not in best or hit.score > best[group][0].score:
            best[group] = (hit, x, y)

    out = []
    kept: dict[tuple, list[Contradiction]] = {}  # by rule and pair of documents (a same pair shares both)
    for hit, x, y in sorted(best.values(), key=lambda h: -h[0].score):
        a, b = x.whole, y.whole
        bucket = kept.setdefault((hit.rule, *sorted((a.doc_id, b.doc_id))), [])
        if any(_same_pair(c, a, b) for c in bucket):
            continue  # the same exchange read twice (one quote given to a person and to its office)
        why_first, why_second = (hit.why_b, hit.why_a) if hit.swap else (hit.why_a, hit.why_b)
        relation = "reversal by one speaker" if same_speaker(a, b) else "same side"
        explanation = f"{_who(a)} {why_first}, but {_who(b)} {why_second} [{relation}]."
        found = Contradiction(a=a, b=b, rule=hit.rule, explanation=explanation, topic=hit.topic, score=hit.score)
        out.append(found)
        bucket.append(found)
    out.sort(key=lambda c: (_key(c.a), _key(c.b)))
    return fold_repeats(out)


def _official(s: Statement) -> str:
    return s.actor_id or (s.speaker or "").casefold()


def fold_repeats(found: Iterable[Contradiction]) -> list[Contradiction]:
    """Flags of one rule between the same officials on the same subject, folded into the strongest
    (the earliest of equal strength), with their ``count`` and the other pairs as ``repeats``: one
    disagreement repeated over weeks is one finding, not four. Oldest first."""
    groups: dict[tuple, list[Contradiction]] = {}
    for c in found:
        key = (c.rule, c.topic, frozenset((_official(c.a), _official(c.b))))
        groups.setdefault(key, []).append(c)
    out = []
    for members in groups.values():
        lead = min(members, key=lambda c: (-c.score, _key(c.a), _key(c.b)))
        others = tuple((c.a, c.b) for c in members if c is not lead)
        out.append(dataclasses.replace(lead, count=len(members), repeats=others) if others else lead)
    out.sort(key=lambda c: (_key(c.a), _key(c.b)))
    return out


def contradiction_row(c: Contradiction) -> dict:
    """A flat row of a contradiction for tables and CSV."""
    return {
        "rule": c.rule,
        "topic": c.topic,
        "score": c.score,
        "a_speaker": c.a.speaker,
        "a_side": c.a.side,
        "a_published": c.a.published.isoformat() if c.a.published else None,
        "a_text": _clip(c.a.text, 160),
        "b_speaker": c.b.speaker,
        "b_side": c.b.side,
        "b_published": c.b.published.isoformat() if c.b.published else None,
        "b_text": _clip(c.b.text, 160),
        "explanation": c.explanation,
        "count": c.count,
        "a_doc_id": c.a.doc_id,
        "a_start": c.a.start,
        "a_end": c.a.end,
        "b_doc_id": c.b.doc_id,
        "b_start": c.b.start,
        "b_end": c.b.end,
    }
