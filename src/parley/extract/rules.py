"""Finding statements in one document: cues, speakers' mentions and content spans, by rules.

The rules run over :class:`~parley.extract.tokens.Tokens` and a :class:`~parley.extract.lexicon.
Lexicon`; they produce :class:`Candidate` statements whose mentions are still unresolved (the
speakers are resolved afterwards, in document order, by :mod:`parley.extract.speakers`).

What is found:
- reporting verbs and phrases (``said``, ``told reporters``, ``according to``, ``in his opinion``)
  with the speaker's mention before or after them and the content that follows (``that ...``, an
  object, a quotation) or precedes them (``"...", he said``);
- quotations attributed by a cue next to them, split quotations and quotations that continue the
  previous speaker's words;
- back-references (``This was stated by ...``: the content is what came before);
- passive readouts (``It was emphasised that ...``), credited to the readout's principal;
- transcripts with labelled turns and documents that are one speaker's statement.

Which verb occurrences are reporting cues is decided by :class:`~parley.extract.cue_model.CueScorer`
(a logistic regression over cheap context features, trained on PolNeAR).
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field
from typing import Any

from ..stages import check_budget
from .lexicon import Lexicon, joint_phrase
from .structure import StructureReader, Turn
from .tokens import Tokens, preceding_content

_ALNUM = re.compile(r"\w")
_TIME_WORDS = frozenset(
    ["on", "in", "at", "during", "this", "last", "next", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight", "earlier", "later", "again", "also", "publicly", "repeatedly", "recently", "then", "now", "separately", "privately"]
)

#: words that may open a time phrase ("late on Monday", "this week", "on 3 March")
_TIME_STARTS = frozenset(["late", "early", "earlier", "later", "on", "in", "at", "by", "last", "this", "next", "over", "during"])
#: prepositions of place and time that open no content ("told reporters in Riyadh")
_PLACE_PREPS = frozenset(["in", "at", "near", "outside", "inside", "from", "during", "after", "before", "ahead", "amid", "while", "following", "across", "late", "early", "earlier", "later"])
#: verbs of answering: negated ("did not comment on the report") they report that nothing was said
_NO_COMMENT = frozenset(["comment", "confirm"])
#: determiners and possessives after which a reporting verb's form is a noun ("the offer")
_NOUN_DETS = frozenset(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "any", "no", "every", "each", "another", "whose"])
#: prepositions after which a reporting verb's form (with adjectives between) is a noun ("in talks")
_NOUN_PREPS = frozenset(["of", "in", "for", "on", "at", "with", "from", "into", "about", "during", "after", "before", "without", "despite", "amid", "over", "under", "against", "through", "via", "between"])
#: adjectives that often stand before a noun that is also a reporting verb ("its new plans")
_ADJECTIVES = frozenset(["new", "latest", "recent", "last", "first", "previous", "own", "initial", "final", "former", "early", "earlier", "later", "main", "key", "same", "other", "such", "many", "several", "few", "two", "three", "four", "some", "vague", "public", "fresh", "repeated", "current", "similar"])
#: adverbs that stand between a cue and its content ("said afterwards that ...")
_CUE_ADVERBS = frozenset(["afterwards", "afterward", "subsequently", "first", "twice", "once", "too", "still", "again", "already", "previously", "further", "privately", "late", "early"])
#: words that open an introductory phrase closed by a comma ("By the end of the day, Mr. Trump ...")
_INTRO_WORDS = frozenset(
    ["in", "on", "at", "after", "before", "during", "speaking", "asked", "while", "when", "for", "with", "from",
     "earlier", "later", "meanwhile", "still", "but", "and", "also", "yet", "however", "last", "this", "instead",
     "separately", "as", "by", "despite", "amid", "following", "under", "since", "until", "unlike", "like",
     "without", "within", "throughout", "over", "through", "among", "against", "upon", "once", "if", "although",
     "though", "because", "even", "now", "so", "then", "today", "yesterday", "tonight", "moreover", "indeed",
     "nevertheless", "nonetheless", "asked", "pressed", "responding", "addressing", "writing", "appearing"]
)
_EMPTY_CONTENTS = frozenset(["so", "this", "that", "it", "otherwise", "as much", "nothing", "something"])
_POSSESSIVES = frozenset(["his", "her", "its", "their", "our", "my"])
#: quantifiers that stand alone as a subject ("many argue", "some say")
_QUANTIFIER_SUBJECTS = frozenset(["many", "some", "several", "most", "others", "few", "both"])
#: endings of nouns that name people ("the witness", "legislators", "a documentarian")
_AGENT_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "ent", "ents", "man", "men", "ee", "ees", "ness")
#: lower-case nouns ending in "-ly" (not adverbs): "a Clinton ally said"
_LY_NOUNS = frozenset(["ally", "family", "rally", "assembly", "daily", "supply", "anomaly", "monopoly", "bully", "italy", "july"])


def _acronym(word: str) -> bool:
    """"US", "IT": an upper-case name, not the pronoun "us" / "it"."""
    return len(word) > 1 and word.isupper()



class SpanIndex:
    """Spans ``[a, b)`` answering "does one hold position p?" and "does one overlap [lo, hi)?" in
    log time: spans sorted by start, with the running maximum of their ends."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.max_end.append(top)

    def overlaps(self, lo: int, hi: int) -> bool:
        i = bisect.bisect_left(self.starts, hi)  # the spans that start before hi
        return i > 0 and self.max_end[i - 1] > lo

    def covers(self, p: int) -> bool:
        i = bisect.bisect_right(self.starts, p)  # the spans that start at or before p
        return i > 0 and self.max_end[i - 1] > p

@dataclass(slots=True)
class Candidate:
    """A statement before speaker resolution. Offsets are characters of the document text."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None  # character span of the cue
    mention: tuple[int, int] | None  # character span of the speaker's mention
    score: float = 1.0
    parts: tuple[tuple[int, int], ...] = ()
    #: "mention" (resolve the mention), "principal" (the readout's principal), "turn" / "document"
    #: (the speaker is given by ``fixed``), "joint" (every party of the conversation),
    #: "previous" (the speaker of the statement before)
    mode: str = "mention"
    fixed: str | None = None
    cue_text: str | None = None
    turn: int = -1
    order: int = 0
    extra: dict = field(default_factory=dict)


class RuleEngine:
    """The rules of one language."""

    def __init__(self, lexicon: Lexicon, scorer=None, threshold: float = 0.5):
        self.lx = lexicon
        self._months = frozenset(m.lower() for m in lexicon.months) | frozenset(m.lower()[:3] for m in lexicon.months if len(m) > 3) | {"sept"}
        self._days = frozenset(d.lower() for d in lexicon.weekdays) | frozenset(["yesterday", "today", "tonight"])
        self._demonym_text: str | None = None  # the text whose demonyms are cached
        self._demonym_cache: dict[str, bool] = {}
        self.scorer = scorer
        self.threshold = threshold
        lx = lexicon
        self._phrases_by_first: dict[str, list] = {}
        for ph in lx.phrases:
            self._phrases_by_first.setdefault(ph.words[0], []).append(ph)
        self._readouts_by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in lx.readout_passives:
            self._readouts_by_first.setdefault(words[0], []).append(words)
        # "The situation in Ukraine was discussed.": a readout's passive whose subject is the content
        sp = (lx.raw or {}).get("readout_subject_passives") or {}
        self._subject_passive: dict[str, str] = {str(w).lower(): mode for mode in ("joint", "principal") for w in sp.get(mode) or ()}
        self._passive_aux = frozenset(str(w).lower() for w in sp.get("auxiliaries") or ())
        self._passive_inserts = frozenset(str(w).lower() for w in sp.get("inserts") or ())
        self._passive_after = frozenset(str(w).lower() for w in sp.get("after") or ())
        self._backrefs_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, src in lx.back_references:
            self._backrefs_by_first.setdefault(words[0], []).append((words, src))
        self._tails_by_first: dict[str, list[tuple[str, ...]]] = {}
        for tail in lx.cue_tails:  # longest first, as the lexicon orders them
            self._tails_by_first.setdefault(tail[0], []).append(tail)
        self._joint_by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in lx.joint_mentions:
            self._joint_by_first.setdefault(words[0], []).append(words)
        self._structure = StructureReader(lexicon)

    # ------------------------------------------------------------------ helpers
    def _words_at(self, t: Tokens, i: int, words: tuple[str, ...]) -> bool:
        n = len(words)
        lower = t.lower
        if i + n > len(lower):
            return False
        if i < 0:  # counted from the end, as indexing does
            return all(lower[i + k] == words[k] for k in range(n))
        return all(map(operator.eq, lower[i : i + n], words))  # compared in C: called ~400 times a document

    def _is_word(self, t: Tokens, i: int) -> bool:
        return 0 <= i < len(t.words) and _ALNUM.search(t.words[i]) is not None

    def joint_at(self, t: Tokens, a: int, b: int) -> bool:
        """Whether tokens [a, b) are a joint mention ("the two leaders")."""
        for words in self._joint_by_first.get(t.lower[a], ()):
            if len(words) == b - a and self._words_at(t, a, words):
                return True
        return joint_phrase(t.words[a:b], self.lx)

    # --------------------------------------------------------- noun phrases
    def np_left(self, t: Tokens, k: int, floor: int) -> tuple[int, int] | None:
        """The speaker phrase ending at token ``k`` (scanning left, not below ``floor``)."""
        lx = self.lx
        if k < floor or not self._is_word(t, k):
            return None
        w = t.lower[k]
        if w in lx.verb_forms and not t.words[k][:1].isupper() and not (
            k - 1 >= floor
            and (t.lower[k - 1] in lx.determiners or t.lower[k - 1] in ("of", "'s", "\u2019s"))
            and t.lower[k - 1] not in ("our", "my", "your")
        ):
            return None  # a verb, not a noun ("the report said", "the secretary of state said")
        if w in lx.pronouns and not _acronym(t.words[k]):
            if w in ("who", "which") and k - 1 >= floor and t.words[k - 1] == ",":
                return self.np_left(t, k - 2, floor)
            if w in ("his", "her", "its", "their", "my", "our", "me", "him", "us", "them"):
                return None
            return (k, k + 1)
        if w in lx.np_breaks and w not in lx.role_nouns and not (t.words[k][:1].isupper() and k > floor and t.words[k - 1][:1].isupper()):
            return None  # (but "Theresa May said")
        a = k
        lowers = 0
        while a - 1 >= floor:
            p = a - 1
            wp = t.words[p]
            lp = t.lower[p]
            if t.is_qmark(p) or wp in (",", ";", ":", "(", ")", "\u2014", "\u2013", "--", "!", "?"):
                break
            if wp == "." or (t.is_punct(p) and lp not in lx.name_inner):
                break
            if lp in lx.name_inner or lp in lx.determiners:
                a = p
                if lp in lx.name_inner and lp != "the":
                    continue
                # "the Head of the Office": a determiner after "of" goes on; "the two leaders"
                if p - 1 >= floor and (t.lower[p - 1] in ("of", "to", "for") or t.lower[p - 1] in lx.determiners):
                    continue
                break
            if lp == "to" and p - 1 >= floor and t.lower[p - 1] in lx.role_nouns:
                a = p  # "the adviser to the President"
                continue
            if lp in _POSSESSIVES and (w in lx.role_nouns or w in (getattr(self.scorer, "agent_heads", None) or ())):
                a = p  # "His Southland counterpart said", "their spokesman said"
                break
            if (lp in lx.pronouns and not _acronym(wp)) or (lp in lx.np_breaks and lp not in lx.role_nouns):
                break
            if lp in lx.verb_forms and not wp[:1].isupper():
                break
            if wp[:1].isupper() or wp[:1].isdigit():
                a = p
                continue
            lowers += 1
            # a name may carry a long description: "foreign affairs ministry spokesman Benali ..."
            if lowers > (6 if t.words[k][:1].isupper() else 3):
                break
            a = p
        # do not start on a joining word, nor on a time phrase ("On Monday Lavrov said")
        while a < k:
            if t.lower[a] in lx.name_inner and t.lower[a] not in ("the",):
                a += 1
                continue
            e = self.time_phrase(t, a, k)
            if e > a and e <= k and t.words[e][:1].isupper():
                a = e
                continue
            break
        # an unanchored run of lower-case words ("campaign officials") is fine, a lone
        # lower-case word that is not a noun we know ("also") is not
        if a == k and not t.words[k][:1].isupper() and w not in lx.role_nouns:
            heads = getattr(self.scorer, "agent_heads", None) or ()
            if w in _QUANTIFIER_SUBJECTS and (k - 1 < floor or t.is_punct(k - 1)):
                return (k, k + 1)  # "That attitude, many argue, ..."
            if (not w.endswith("s") or len(w) < 4) and w not in heads:
                return None
        return (a, k + 1)

    def np_right(self, t: Tokens, k: int, ceil: int) -> tuple[int, int] | None:
        """The speaker phrase starting at token ``k`` (scanning right, not beyond ``ceil``)."""
        lx = self.lx
        if k >= ceil or not self._is_word(t, k):
            return None
        w = t.lower[k]
        if w in lx.pronouns and not _acronym(t.words[k]):
            if w in ("him", "them", "me", "us") and k > 0 and t.lower[k - 1] == "to":
                return (k, k + 1)  # "according to him"
            if w in ("who", "which", "his", "its", "their", "my", "our", "me", "him", "us", "them"):
                if w in ("his", "her", "its", "their") and k + 1 < ceil:
                    pass
                else:
                    return None
            if w not in ("his", "her", "its", "their"):
                return (k, k + 1)
        if w in lx.np_breaks and w not in lx.determiners and w not in lx.role_nouns:
            return None
        b = k + 1
        lowers = 0
        seen_cap = t.words[k][:1].isupper() and w not in lx.determiners
        seen_role = w in lx.role_nouns
        while b < ceil:
            wb = t.words[b]
            lb = t.lower[b]
            if t.is_qmark(b) or (t.is_punct(b) and lb not in lx.name_inner):
                break
            if lb == "." and b + 1 < ceil and t.words[b + 1][:1].isupper():
                break
            if self.time_phrase(t, b, ceil) > b:
                break  # "Foreign Minister Sergey Lavrov on Wednesday rejected ...": not the name's
            if seen_cap and t.lower[b - 1] in ("'s", "\u2019s") and not wb[:1].isupper():
                # "Ukraine's foreign ministry": lower-case words up to a role noun
                m = b
                while m < min(ceil, b + 3) and t.words[m].isalpha() and t.words[m][:1].islower() and t.lower[m] not in lx.np_breaks and t.lower[m] not in lx.verb_forms and t.lower[m] not in lx.role_nouns:
                    m += 1
                if m < ceil and t.lower[m] in lx.role_nouns and t.words[m][:1].islower():
                    b = m + 1
                    seen_role = True
                    continue
            if lb in lx.name_inner:
                if lb in ("and",):
                    # "Greece, Malta and Cyprus": keep a coordination of names together
                    if b + 1 < ceil and t.words[b + 1][:1].isupper():
                        b += 1
                        continue
                    break
                b += 1
                continue
            if lb in ("to", "on", "for", "at") and seen_role and b + 1 < ceil:
                # "Adviser to the President of Ukraine on Economic Issues Oleg Ustenko",
                # "adviser to the President of Ukraine on economic issues Oleh Ustenko"
                nxt = b + 1
                while nxt < min(ceil, b + 5) and t.words[nxt][:1].islower() and t.words[nxt].isalpha() and t.lower[nxt] not in ("that", "in", "and", "said", "says"):
                    nxt += 1
                if nxt < ceil and t.words[nxt][:1].isupper():
                    b = nxt
                    continue
            if seen_cap and not wb[:1].isupper() and lb not in lx.np_breaks and b + 1 < ceil and t.words[b + 1] in (",", ".") and lb not in lx.role_nouns:
                b += 1  # a head noun after a name: "a Lloyd's List report,"
                break
            if (lb in lx.np_breaks or lb in lx.verb_forms) and not wb[:1].isupper():
                break
            if lb.endswith("ed") and b > k + 1 and not wb[:1].isupper():
                break  # a past-tense verb after the subject: "The two leaders assessed"
            if wb[:1].isupper() or wb[:1].isdigit():
                b += 1
                seen_cap = True
                if lb in lx.role_nouns:
                    seen_role = True
                continue
            if (
                seen_cap and lb.isalpha() and lowers < 2 and b + 1 < ceil and t.words[b + 1][:1].isupper()
                and t.words[b + 1].isalpha() and self._description_word(lb)
            ):
                # a description before a name: "former Massachusetts congressman Barney Frank"
                # (not a verb between two names: "Zelensky met Trump")
                lowers += 1
                b += 1
                continue
            if seen_cap and lb not in lx.role_nouns:
                # a head noun after a name: "a Lloyd's List report,"
                if b + 1 < ceil and t.words[b + 1] in (",", ".") or b + 1 == ceil:
                    b += 1
                break
            lowers += 1
            if lowers > 4:
                break
            b += 1
        while b - 1 > k and (t.lower[b - 1] in lx.name_inner or t.is_punct(b - 1)):
            b -= 1
        return (k, b)

    # ------------------------------------------------------------------ cues
    def _skip_left(self, t: Tokens, k: int, floor: int) -> int:
        lx = self.lx
        while k >= floor and (
            (t.lower[k] in lx.skip_between and (t.lower[k] in self._days or not t.words[k][:1].isupper() or k == floor))
            or self._adverb_at(t, k, floor)
        ):  # not a capitalised "May" after "Theresa"
            k -= 1
        return k

    def _adverb_at(self, t: Tokens, k: int, floor: int) -> bool:
        """A lower-case "-ly" adverb between a speaker and a verb ("Trump regularly cited")."""
        w = t.lower[k]
        if not (w.endswith("ly") and len(w) > 4 and w.isalpha() and t.words[k][:1].islower()) or w in _LY_NOUNS:
            return False
        return not (k - 1 >= floor and (t.lower[k - 1] in self.lx.determiners or t.lower[k - 1] in _POSSESSIVES))

    def _skip_left_ext(self, t: Tokens, k: int, floor: int) -> int:
        """Skip adverbs, a parenthesis "(R-Utah)" and an aside ", though," left of a cue."""
        lx = self.lx
        for _ in range(3):
            m = -1
            if k >= floor and (t.lower[k] in self._days or t.lower[k][:1].isdigit() or t.lower[k].rstrip(".") in self._months or t.lower[k] in ("week", "weekend", "month", "year", "morning", "afternoon", "evening", "night")):
                m = next((m for m in range(max(floor, k - 4), k + 1) if self.time_phrase(t, m, k + 1) == k + 1), -1)
            if m > floor:
                k = m - 1  # "Lavrov late on Monday rejected", "The ministry on 3 March said"
            k = self._skip_left(t, k, floor)
            if k >= floor and t.words[k] == ")":
                m = k - 1
                while m > floor and t.words[m] != "(" and k - m < 12:
                    m -= 1
                if t.words[m] == "(":
                    k = m - 1
                    continue
            if (
                k - 2 >= floor
                and t.words[k] == ","
                and t.words[k - 2] == ","
                and t.lower[k - 1] in ("though", "however", "meanwhile", "too", "also", "instead", "then", "now", "nonetheless", "moreover", "indeed", "likewise", "similarly", "in", "turn")
            ):
                k = k - 3
                continue
            break
        return k

    def subject(self, t: Tokens, s_start: int, limit: int, loose: bool = False) -> tuple[int, int] | None:
        """The subject of the sentence that starts at ``s_start`` (the speaker phrase before the
        first verb), skipping an opening adverbial ("In Iowa on Tuesday, Mr. Trump ..."); with
        ``loose``, any phrase that can name a speaker ("several environmental groups")."""
        k = s_start
        # an introductory phrase closed by a comma
        for m in range(s_start, min(limit, s_start + 15)):
            if t.words[m] == ",":
                if not t.words[s_start][:1].isupper() or t.lower[s_start] in _INTRO_WORDS:
                    k = m + 1
                break
            if t.is_qmark(m):
                break
        if k >= limit:
            return None
        src = self.np_right(t, k, limit)
        if src is None:
            return None
        w = t.lower[src[0]]
        if w in self.lx.pronouns or t.words[src[1] - 1][:1].isupper() or t.lower[src[1] - 1] in self.lx.role_nouns:
            return src
        if loose and src[1] < limit and self.plausible_source(t, src) and t.lower[src[1] - 1].endswith("s") and t.lower[src[1] - 1] not in self.lx.act_nouns:
            return src
        return None

    def _skip_right(self, t: Tokens, r: int, s_end: int) -> int:
        """Skip time words after a cue ("said on Monday that", "told Fox this week")."""
        r0 = r
        months = self._months
        while r < s_end and (
            t.lower[r] in _TIME_WORDS or t.lower[r].rstrip(".") in months or t.lower[r][:1].isdigit()
            or t.lower[r] in _CUE_ADVERBS or self._adverb_at(t, r, r)
        ):  # "said afterwards that", "told reporters repeatedly that": the adverb is the cue's
            r += 1
        if r < s_end and (t.lower[r] in ("that", ",", ":", ".") or t.is_qmark(r)) or r >= s_end:
            return r
        return r0

    def _cue_extent(self, t: Tokens, i: int, ceil: int) -> int:
        """End (exclusive) of the cue phrase that starts with the verb at ``i``."""
        lx = self.lx
        j = i + 1
        if j < ceil and t.lower[j] in lx.particles and t.lower[j] not in ("to", "in", "with", "of", "at", "on"):
            j += 1
        if j < len(t.lower):
            for tail in self._tails_by_first.get(t.lower[j], ()):
                if self._words_at(t, j, tail) and j + len(tail) <= ceil:
                    return j + len(tail)
        return j

    def candidates(self, t: Tokens) -> list[tuple[int, str]]:
        """Token positions that may start a cue, with their type."""
        out: list[tuple[int, str]] = []
        vf = self.lx.verb_forms
        learned = getattr(self.scorer, "learned_forms", None) or frozenset()
        pf = self._phrases_by_first
        rf = self._readouts_by_first
        bf = self._backrefs_by_first
        lw = self.lx.light_verbs
        n = len(t.lower)
        for i, w in enumerate(t.lower):
            if w in vf or (
                w in learned and w not in pf and (not w.endswith("ly") or (i + 1 < n and t.lower[i + 1].endswith(("ed", "s"))))
            ):  # an adverb ("publicly") heads a cue only before a finite verb the lexicon lacks
                out.append((i, "verb"))
            if w in pf:
                out.append((i, "phrase"))
            if w in rf:
                out.append((i, "readout"))
            if w in bf:
                out.append((i, "backref"))
            if w in self._passive_aux:
                out.append((i, "passive"))
            if w in lw:
                out.append((i, "light"))
        return out

    # --------------------------------------------------------------- content
    def _clause_end(self, t: Tokens, a: int, s_end: int) -> int:
        """Token end of the clause starting at ``a``: the sentence's end without final punctuation,
        or the end of a quotation the clause sits in."""
        b = s_end
        qa = t.qid[a] if a < len(t.qid) else -1
        if qa >= 0:
            q = t.quotes[qa]
            qb = t.token_after(q.outer_end)
            b = min(b, qb)
        while b > a and (t.is_punct(b - 1) and not t.is_qmark(b - 1)):
            b -= 1
        return b

    def _span(self, t: Tokens, a: int, b: int) -> tuple[int, int] | None:
        """Character span of tokens [a, b), trimmed of punctuation at both ends."""
        while a < b and (t.is_punct(a) and t.words[a] not in ("(", "$", "\u00a3", "\u20ac")):
            a += 1
        while b > a and t.is_punct(b - 1) and t.words[b - 1] not in (")", "%"):
            b -= 1
        if b <= a:
            return None
        return (t.starts[a], t.ends[b - 1])

    def _quote_span(self, t: Tokens, qi: int) -> tuple[int, int]:
        q = t.quotes[qi]
        s, e = q.start, q.end
        text = t.text
        while e > s and text[e - 1] in ",;:\u2014- ":
            e -= 1
        return (s, e)

    def _quote_starting_at(self, t: Tokens, i: int) -> int:
        """The quotation whose opening mark is token ``i`` (or that starts at it), else -1."""
        if i >= len(t.words):
            return -1
        qi = t.qid[i]
        if qi >= 0 and t.quotes[qi].outer_start >= t.starts[i] - 1 and t.quotes[qi].outer_start <= t.starts[i]:
            return qi
        return -1

    def _quote_ending_at(self, t: Tokens, i: int) -> int:
        """The quotation whose closing mark is token ``i``, else -1."""
        if i < 0:
            return -1
        qi = t.qid[i]
        if qi >= 0 and t.quotes[qi].outer_end <= t.ends[i] + 1 and t.quotes[qi].closed:
            return qi
        return -1

    # ----------------------------------------------------------------- main
    def find(self, t: Tokens, *, turns: list[Turn] | None = None, structure=None) -> list[Candidate]:
        lx = self.lx
        out: list[Candidate] = []
        used_cue_tokens: set[int] = set()
        cands = self.candidates(t)
        # phrases, readouts and back-references first: they own their tokens
        for i, typ in cands:
            if i in used_cue_tokens:
                continue  # inside a cue found before ("That's according to X": no second cue at "according")
            if typ == "phrase":
                c = self._phrase(t, i)
            elif typ == "readout":
                c = self._readout(t, i)
            elif typ == "backref":
                c = self._backref(t, i, out)
            elif typ == "light":
                c = self._light(t, i)
            elif typ == "passive":
                c = self._subject_passive_at(t, i)
            else:
                continue
            if c is not None:
                cand, toks = c
                out.append(cand)
                used_cue_tokens.update(toks)
        verbs = [i for i, typ in cands if typ == "verb" and i not in used_cue_tokens]
        if self.scorer is not None and verbs:
            scores = self.scorer.score(t, verbs, self.lx)
        else:
            scores = [self._prior(t, i) for i in verbs]
        weak: list[Candidate] = []
        for i, p in zip(verbs, scores):
            check_budget()
            if i in used_cue_tokens:
                continue
            if p < self.threshold and self._present_cue(t, i):
                # "So Peskov states that ...": a verb of saying in the present, after a named
                # subject and before "that" or a colon (commentary the scorer's news rarely has)
                p = self.threshold
            if p < self.threshold:
                if p >= self.threshold / 2 and t.lower[i] in lx.verb_forms:
                    c = self._verb(t, i, p)
                    if c is not None:
                        weak.append(c)
                continue
            c = self._verb(t, i, p)
            if c is not None:
                out.append(c)
                used_cue_tokens.update(range(i, self._cue_extent(t, i, len(t))))
        taken = {(c.start, c.end) for c in out if not c.extra.get("prev_quote")}
        out = [c for c in out if not (c.extra.get("prev_quote") and (c.start, c.end) in taken)]
        out = self._drop_nested_learned(out)
        out = self._orphan_quotes(t, out)
        out.sort(key=lambda c: (c.order, c.start))
        # a reporting verb just below the threshold still marks where a new speaker's clause
        # starts: "Ukraine offered a meeting, but the Russian side insists on ..."
        self._cap_contents(t, out, weak)
        return [c for c in out if c.end > c.start]

    _PERSON_HEADS = frozenset(["man", "woman", "envoy", "negotiator", "official", "aide", "adviser", "advisor",
                               "spokesman", "spokeswoman", "representative", "chief", "emissary", "interlocutor"])

    def _described(self, t: Tokens, src: tuple[int, int], floor: int) -> tuple[int, int]:
        """A name found before a cue that ends a description of a person ("Moscow's point man on
        relations with Washington said"): the whole description is the speaker's mention."""
        a, b = src
        p = a - 1
        if p <= floor or t.lower[p] not in ("with", "on", "for", "to", "at", "in", "of"):
            return src
        m = p - 1
        while m >= floor and p - m <= 6 and t.words[m].isalpha() and t.words[m][:1].islower() and t.lower[m] not in self.lx.verb_forms \
                and t.lower[m] not in self.lx.pronouns:
            if t.lower[m] in self._PERSON_HEADS or (t.lower[m] in self.lx.role_nouns and t.lower[m] not in self.lx.org_words):
                st = m
                while st - 1 >= floor and (
                    (t.words[st - 1].isalpha() and t.words[st - 1][:1].islower() and t.lower[st - 1] not in self.lx.np_breaks
                     and (t.lower[st - 1] not in self.lx.verb_forms or (st - 2 >= floor and t.lower[st - 2] in ("'s", "\u2019s"))))
                    or t.lower[st - 1] in ("'s", "\u2019s")
                    or (st - 1 >= floor and t.words[st - 1][:1].isupper() and t.lower[st] in ("'s", "\u2019s"))
                ):
                    st -= 1
                return (st, b)
            m -= 1
        return src

    def _present_cue(self, t: Tokens, i: int) -> bool:
        """A verb of saying in the present third person ("states", "says", "insists") right after
        a capitalised subject or "he"/"she" and before "that" or a colon: a high-precision backoff
        to the scorer."""
        lx = self.lx
        w = t.lower[i]
        base, cls = lx.verb_forms.get(w, (None, None))
        if cls != "speech" or w == base or not w.endswith("s") or i + 1 >= len(t) or i == 0:
            return False
        if t.lower[i + 1] not in ("that", ":") or t.sent[i + 1] != t.sent[i]:
            return False
        k = i - 1
        while k > 0 and (t.lower[k] in ("also", "now", "again", "still", "even", "further") or self._adverb_at(t, k, 0)):
            k -= 1
        return t.sent[k] == t.sent[i] and (t.lower[k] in ("he", "she") or (t.words[k][:1].isupper() and t.words[k].isalpha()
                                                                           and t.lower[k] not in lx.determiners))

    @staticmethod
    def _drop_nested_learned(cands: list[Candidate]) -> list[Candidate]:
        """A cue the lexicon does not know (a form learned from training data) inside the content
        of a statement with a known cue is part of that statement, not one of its own; one whose
        content holds the known cue of the same speaker ("went on to say that") gives way to it."""
        known = [c for c in cands if not c.extra.get("learned") and c.cue is not None]
        if not any(c.extra.get("learned") for c in cands):
            return list(cands)
        # each test answered by bisection over the known cues (every learned cue against every
        # known one made a long document quadratic)
        contents = SpanIndex([(k.start, k.end) for k in known])
        cues = SpanIndex([k.cue for k in known])
        by_mention: dict[Any, list[int]] = {}
        for k in known:
            by_mention.setdefault(k.mention, []).append(k.cue[0])
        for starts in by_mention.values():
            starts.sort()

        def shadowed(c: Candidate) -> bool:
            if not c.extra.get("learned") or c.cue is None:
                return False
            if contents.covers(c.cue[0]):
                return True  # inside another statement's content
            if cues.overlaps(c.cue[0], c.cue[1]):
                return True  # "He later said": the adverb is part of the known cue
            starts = by_mention.get(c.mention)
            if starts:
                i = bisect.bisect_left(starts, c.start)
                if i < len(starts) and starts[i] < c.end:
                    return True  # "Lavrov went on to say that ...": the known verb is the cue
            return False

        return [c for c in cands if not shadowed(c)]

    def _prior(self, t: Tokens, i: int) -> float:
        cls = self.lx.verb_class(t.lower[i])
        return {"speech": 0.8, "act": 0.6, "belief": 0.4}.get(cls or "", 0.0)

    # a reporting verb ------------------------------------------------------
    def _verb(self, t: Tokens, i: int, score: float) -> Candidate | None:
        lx = self.lx
        s_start, s_end = t.sent_bounds(i)
        if self.noun_use(t, i, s_start):
            return None  # "The Russian offer of talks", "the plan proposed by Moscow"
        base = lx.base(t.lower[i]) or t.lower[i]
        j = self._cue_extent(t, i, s_end)
        # "went on to say", "did not say": keep auxiliaries in the cue
        cue_a = i
        k = i - 1
        while k >= s_start and t.lower[k] in ("also", "has", "have", "had", "once", "again", "later", "then", "repeatedly", "previously", "further", "is", "was", "are", "were", "will", "would"):
            k -= 1
        cue_a = k + 1
        k = self._skip_left_ext(t, i - 1, s_start)
        if k > s_start and t.lower[k] == "to" and t.qid[k] < 0:
            # "He went on to say", "the review seems to show": the subject of the verb before "to"
            m = k - 1
            while m >= s_start and k - m <= 6 and t.lower[m] in lx.raising_words and not t.words[m][:1].isupper():
                m -= 1
            if m < k - 1 and m >= s_start:
                k = self._skip_left_ext(t, m, s_start)
        src: tuple[int, int] | None = None
        src_side = ""
        content: tuple[int, int] | None = None
        kind = "indirect"
        parts: tuple[tuple[int, int], ...] = ()
        participle = k >= s_start and (
            (t.lower[i].endswith("ing") and t.words[k] in (",", "and", "\u2014"))
            or (t.lower[k] == "and" and k - 1 >= s_start and not t.words[k - 1][:1].isupper() and t.lower[k - 1] not in lx.pronouns)
        )
        if participle:
            # ", saying he would ...": the speaker is the subject of the sentence
            src = self.subject(t, s_start, k)
            if src is not None and t.qid[src[0]] >= 0:
                # '"The American people ...," Sanders said, suggesting ...': not a subject inside
                # the quotation, but the speaker of the cue before
                src = self._previous_source(t, s_start, k) or src
            if src is None:
                # '"Too much hate," she said, blaming ...': the speaker of the cue before
                src = self._previous_source(t, s_start, k)
            if src is None and t.lower[i].endswith("ing"):
                src = self.subject(t, s_start, k, loose=True)  # "several environmental groups"
            if src is not None:
                src_side = "left"
            else:
                return None
        left_is_word = k >= s_start and self._is_word(t, k)
        if src is None and left_is_word:
            src = self.np_left(t, k, s_start)
            if src is not None:
                src_side = "left"
        if src is None and k >= s_start and t.words[k] == "," and k - 1 >= s_start:
            # "Global Witness, a climate advocacy group, estimates" / "Sullivan, struck by it, told"
            m = k - 1
            while m > s_start and t.words[m] != "," and k - m < 30 and not t.is_qmark(m):
                m -= 1
            if m > s_start and t.words[m] == ",":
                cand_src = self.np_left(t, m - 1, s_start)
                head = t.lower[cand_src[1] - 1] if cand_src is not None else ""
                if cand_src is not None and (
                    t.words[cand_src[1] - 1][:1].isupper()
                    or t.lower[cand_src[0]] in lx.pronouns
                    or head in lx.role_nouns
                    or (head.endswith("s") and len(head) > 3)
                    or t.lower[cand_src[0]] in lx.determiners
                ):
                    src = cand_src
                    src_side = "left"
                    aside = range(m + 1, k)
                    if (
                        head in lx.role_nouns and 1 <= len(aside) <= 4
                        and all(t.words[x][:1].isupper() and t.words[x].isalpha() and t.lower[x] not in lx.role_nouns for x in aside)
                    ):
                        # "The presidential spokesman, Gleb Yantar, told ...": the name in
                        # apposition is the speaker's, with the role as its title
                        src = (cand_src[0], k)
        if src is None and (k < s_start or t.is_qmark(k) or t.words[k] in (",", "—")):
            # inversion: '"...," said Trump.' / '..., said the spokesman, adding ...'
            cand_src = self.np_right(t, j, s_end)
            if cand_src is not None:
                after = self._skip_right(t, cand_src[1], s_end)
                if after >= s_end or t.words[after] in (",", ".", ";", ":", "(", "—") or t.is_qmark(after) or t.lower[after] in ("in", "on", "at", "during", "who", "adding"):
                    src = cand_src
                    src_side = "right"
        if src is None and k > s_start and t.words[k] == "," and t.qid[k] < 0:
            # "Jillian Chase, 27, a Tinder user in New York, said ..." / "Michael Seaman, who lives
            # in ..., said ...": the sentence's subject, followed by an apposition or a clause
            cand_src = self.subject(t, s_start, k)
            if cand_src is not None and cand_src[1] < k and t.words[cand_src[1]] in (",", "(") and t.qid[cand_src[0]] < 0:
                src = cand_src
                src_side = "left"
        if src is not None and src_side == "left":
            src = self._described(t, src, s_start)
        if src is None or not self.plausible_source(t, src):
            return None
        a, b = src
        if b - a == 1 and t.lower[a] in ("it", "this") and any(t.lower[m] in ("is", "was", "been", "be", "are", "were", "'s", "\u2019s") for m in range(a + 1, i)):
            return None  # "It is stated that ...": nobody identifiable
        while a < b - 1 and t.words[a][:1].islower() and not self._np_word_ok(t.lower[a]):
            a += 1  # "take Russia" -> "Russia"
        # where is the content?
        r = j if src_side == "left" else b
        # skip the addressee (told reporters that ..., told Fox News.) and time words
        r = self._skip_right(t, r, s_end)
        if base in lx.addressee_verbs and r < s_end and t.lower[r] not in ("that", ":", ",") and not t.is_qmark(r):
            obj = self.np_right(t, r, s_end)
            if obj is not None:
                r2 = self._skip_right(t, obj[1], s_end)
                if r2 >= s_end or t.lower[r2] in ("that", ":", ",", ".") or t.is_qmark(r2):
                    r = r2
        if r < s_end and t.words[r] == "," and src_side == "left":
            # an aside between the cue and its content: "said, without evidence, that ..."
            for m in range(r + 1, min(s_end - 1, r + 8)):
                if t.is_qmark(m) or t.lower[m] in ("that",) or t.words[m] in (".", ";", ":"):
                    break
                if t.words[m] == ",":
                    if t.lower[m + 1] == "that":
                        r = m + 1
                    elif self._quote_starting_at(t, m + 1) >= 0:
                        r = m
                    break
        left_end = a if src_side == "left" else cue_a
        # content to the left: '"...," he said.' / 'Russia is ready, Peskov said.'
        right_empty = r >= s_end or t.lower[r] in ("citing", "quoting") or (t.is_punct(r) and not t.is_qmark(r) and t.words[r] not in (":",) and (r + 1 >= s_end or t.lower[r + 1] in ("adding", "noting", "saying", "and", "but", "explaining", "stressing", "arguing", "according", "who", "as", "in", "on", "at", "after", "before", "during", "while")))
        if not right_empty and r < s_end and (t.lower[r] in _PLACE_PREPS or t.lower[r] in _TIME_STARTS or t.lower[r] in self._days):
            # "..., Halloran told reporters in Halden.": a place or a time is no content
            right_empty = self._place_or_time(t, r, self._clause_end(t, r, s_end))
        left_has = left_end - 1 >= s_start and not participle  # a participle's content follows it
        qi_left = self._quote_ending_at(t, left_end - 1) if left_has else -1
        if qi_left < 0 and left_has and t.words[left_end - 1] == "," and left_end - 2 >= s_start:
            qi_left = self._quote_ending_at(t, left_end - 2)
        if qi_left < 0 and left_has and src_side == "left":
            # '"...," the US envoy Steve Witkoff told ...': a quotation that opens the sentence and
            # ends a few words before the mention found is the content all the same
            m = left_end - 1
            while m > s_start and left_end - m <= 5 and t.words[m] != "," and not t.is_qmark(m) and self._is_word(t, m):
                m -= 1
            if m > s_start and t.words[m] == ",":
                m -= 1
            q = self._quote_ending_at(t, m) if m > s_start and t.is_qmark(m) else -1
            if q >= 0 and t.quotes[q].outer_start <= t.starts[s_start]:
                qi_left = q
        right_opens = r < s_end and (t.lower[r] in ("that", ":") or self._quote_starting_at(t, r) >= 0)
        if qi_left >= 0 and (right_empty or t.words[r] == "," or src_side == "right" or not right_opens):
            content = self._quote_span(t, qi_left)
            kind = "direct"
            # split quote: '"...," he said, "..."'
            if r < s_end and t.words[r] == "," and r + 1 < len(t) and self._quote_starting_at(t, r + 1) >= 0:
                q2 = self._quote_starting_at(t, r + 1)
                s2 = self._quote_span(t, q2)
                parts = (content, s2)
                content = (content[0], s2[1])
        elif (
            src_side == "left"
            and left_has
            and t.words[left_end - 1] == ","
            and r < s_end
            and t.words[r] == ","
            and r + 1 < s_end
            and t.lower[r + 1] not in ("adding", "noting", "saying", "and", "but", "explaining", "according")
            and not participle
        ):
            # "Those who vote, he said, must register": the sentence around the parenthesis
            content = self._span(t, s_start, s_end)
            parts = tuple(
                p for p in (self._span(t, s_start, left_end), self._span(t, r + 1, s_end)) if p is not None
            )
            if t.qid[s_start] >= 0 or t.qid[s_end - 1] >= 0:
                kind = "mixed"
        elif left_has and right_empty and (t.words[left_end - 1] in (",", "\u2014") or src_side == "right"):
            content = self._span(t, s_start, left_end)
            kind = "indirect"
            if content is not None and t.qid[s_start] >= 0 and t.qid[left_end - 1] >= 0:
                kind = "mixed"
        elif r < s_end:
            w = t.lower[r]
            if w in ("that",):
                ce = self._clause_end(t, r + 1, s_end)
                content = self._span(t, r + 1, ce)
            elif w == ":" or w == ",":
                q = self._quote_starting_at(t, r + 1)
                if q >= 0:
                    content = self._quote_span(t, q)
                    kind = "direct"
                elif w == ":" or (src_side == "left" and a - 1 >= s_start and t.lower[a - 1] == "as" and a - 1 <= s_start + 2):
                    # "As Zelenskyy explained, sanctions should work"
                    content = self._span(t, r + 1, self._clause_end(t, r + 1, s_end))
            elif self._quote_starting_at(t, r) >= 0:
                q = self._quote_starting_at(t, r)
                content = self._quote_span(t, q)
                kind = "direct"
            elif not t.is_punct(r):
                ce = self._clause_end(t, r, s_end)
                empty = t.lower[r] in _EMPTY_CONTENTS and r + 1 < ce and self._place_or_time(t, r + 1, ce)
                if not empty and not self._place_or_time(t, r, ce):  # "told reporters in Riyadh": no content
                    tp = self.time_phrase(t, r, ce)
                    if r < tp < ce and not t.is_punct(tp):
                        r = tp  # "agreed on Tuesday to set up ...": the time is not the content
                    content = self._span(t, r, ce)
        prev_quote = False
        if content is None and src_side == "left" and (r >= s_end or t.is_punct(r)):
            # 'He said.' after a quotation that ends the sentence before: the quotation is his
            first = s_start
            while first < a and t.is_punct(first):
                first += 1
            qi = -1
            if first == a and s_start > 0:
                for back in (s_start - 1, s_start - 2, s_start - 3):
                    if back >= 0 and back >= s_start - 3:
                        qi = self._quote_ending_at(t, back)
                        if qi >= 0:
                            break
                        if not t.is_punct(back):
                            break
            if qi < 0 and first < a:
                qi = self._quote_ending_at(t, a - 1)
            if qi < 0:
                return None
            content = self._quote_span(t, qi)
            kind = "direct"
            prev_quote = True
        if content is None:
            return None
        if kind == "indirect" and src_side == "left" and t.lower[t.token_after(content[0])] == "this" and t.sent[s_start] > 0:
            # "Juri Ratas said this at a joint briefing ...": the words are in the sentences before
            c0 = t.token_after(content[0])
            if c0 + 1 >= s_end or t.is_punct(c0 + 1) or t.lower[c0 + 1] in _PLACE_PREPS or t.lower[c0 + 1] in _TIME_STARTS:
                a0, b0 = preceding_content(t, t.sent[s_start], [])
                back = self._span(t, a0, b0)
                if back is not None:
                    content = back
                    kind = "mixed" if any(ch in t.text[back[0] : back[1]] for ch in "\"\u201c\u201d\u00ab\u00bb") else "indirect"
        if kind == "indirect" and t.text[content[0] : content[1]].lower() in _EMPTY_CONTENTS:
            return None  # "said so": nothing is reported
        if kind == "indirect" and base in _NO_COMMENT and self._negated(t, i, s_start) and t.lower[max(s_start, t.token_after(content[0]) - 1)] != "that":
            return None  # "Arvenia did not comment on the report", "declined to confirm the attack"
        if kind == "indirect" and base in ("decline", "refuse"):
            a0 = t.token_after(content[0])
            if t.lower[a0] == "to" and a0 + 1 < s_end and lx.base(t.lower[a0 + 1]) in _NO_COMMENT:
                return None  # "The ministry declined to comment on his remarks"
        if kind == "indirect" and self._bare_act(t, t.token_after(content[0]), t.token_at(content[1] - 1) + 1):
            # "issued a statement on Monday": that something was said, not what; but "made the
            # following comment: "..."": the quotation that follows
            nxt = t.token_after(content[0])
            while nxt < s_end and t.words[nxt] != ":" and t.qid[nxt] < 0:
                nxt += 1
            if nxt < s_end and t.words[nxt] == ":" and self._quote_starting_at(t, nxt + 1) >= 0:
                content = self._quote_span(t, self._quote_starting_at(t, nxt + 1))
                kind = "direct"
            else:
                return None
        joint = self.joint_at(t, a, b)
        several = joint or any(t.lower[m] == "and" for m in range(a, b)) or (
            t.lower[b - 1].endswith("s") and not t.words[b - 1][:1].isupper() and t.lower[b - 1] not in lx.pronouns
        )
        if several and base in lx.joint_non_cues:
            return None  # "the leaders discussed ...": a meeting, not a statement of either party
        if kind == "indirect" and content is not None:
            seg = t.text[content[0] : content[1]]
            if any(c in seg for c in "\"\u201c\u201d\u00ab\u00bb\u201e"):
                kind = "mixed"
        cue_end = t.ends[j - 1]
        cue = (t.starts[cue_a], cue_end)
        mention = (t.starts[a], t.ends[b - 1])
        cand = Candidate(
            start=content[0],
            end=content[1],
            kind=kind,
            cue=cue,
            mention=mention,
            score=score,
            parts=parts,
            order=min(t.starts[a], content[0], cue[0]),
            extra={"base": base, "src_tokens": (a, b), "joint": joint, "prev_quote": prev_quote, "learned": t.lower[i] not in lx.verb_forms},
        )
        if cand.extra["joint"]:
            cand.mode = "joint"
        return cand

    def _previous_source(self, t: Tokens, s_start: int, k: int) -> tuple[int, int] | None:
        """The speaker of the nearest finite reporting verb before token ``k`` in the sentence
        ('"...," she said, blaming ...'; 'said Al Cardenas, referring to ...')."""
        vf = self.lx.verb_forms
        for m in range(k - 1, max(s_start, k - 40) - 1, -1):
            if t.lower[m] in vf and not t.lower[m].endswith("ing") and not t.words[m][:1].isupper():
                if self.noun_use(t, m, s_start):
                    continue  # "a court order": not the verb whose speaker goes on
                c = self._verb(t, m, 1.0)
                return c.extra["src_tokens"] if c is not None else None
        return None

    # according to X, ... ---------------------------------------------------
    def _phrase(self, t: Tokens, i: int):
        lx = self.lx
        for ph in self._phrases_by_first.get(t.lower[i], ()):
            if not self._words_at(t, i, ph.words):
                continue
            s_start, s_end = t.sent_bounds(i)
            j = i + len(ph.words)
            if ph.source == "inside":
                m = next((k for k in range(i, j) if t.lower[k] in lx.pronouns), None)
                if m is None:
                    continue
                src = (m, m + 1)
                after = j
            else:
                src = self.np_right(t, j, s_end)
                # the whole source phrase: "a report in the Des Moines Register", "data released
                # Friday by state gaming regulators", "people in attendance"
                long_src = self._source_phrase(t, j, s_end)
                if long_src is not None and (src is None or long_src[1] > src[1]):
                    src = long_src
                if src is None:
                    continue
                if t.words[src[0]][:1].islower() and t.lower[src[0]] not in lx.determiners and t.lower[src[0]] not in lx.pronouns and src[1] - src[0] == 1 and not (
                    t.lower[src[0]].endswith("s") and self.plausible_source(t, src)
                ):
                    continue  # "according to plan" (but "according to officials")
                after = src[1]
            # content to the right ("According to X, Y.") or the left ("Y, according to X.")
            left_start = s_start
            left_end = i
            while left_end > s_start and t.is_punct(left_end - 1):
                left_end -= 1
            content = None
            right_len = 0
            if after < s_end and t.words[after] in (",", ":"):
                right_len = self._clause_end(t, after + 1, s_end) - (after + 1)
            if after < s_end and t.words[after] in (",", ":") and (
                (left_end - left_start) < 4 or ((left_end - left_start) < 7 and right_len > 2 * (left_end - left_start))
            ):
                content = self._span(t, after + 1, self._clause_end(t, after + 1, s_end))
            elif left_end - left_start >= 3:
                content = self._span(t, left_start, left_end)
            elif after < s_end:
                content = self._span(t, after, self._clause_end(t, after, s_end))
            if content is None:
                continue
            seg = t.text[content[0] : content[1]]
            kind = "mixed" if any(c in seg for c in "\"\u201c\u201d\u00ab\u00bb\u201e") else "indirect"
            a, b = src
            cand = Candidate(
                start=content[0],
                end=content[1],
                kind=kind,
                cue=(t.starts[i], t.ends[j - 1]),
                mention=(t.starts[a], t.ends[b - 1]),
                score=1.0,
                order=min(t.starts[i], content[0]),
                extra={"src_tokens": src, "joint": self.joint_at(t, a, b), "phrase": True, "base": " ".join(ph.words)},
            )
            if cand.extra["joint"]:
                cand.mode = "joint"
            return cand, set(range(i, j))
        return None

    def _source_phrase(self, t: Tokens, j: int, s_end: int) -> tuple[int, int] | None:
        """The source after "according to", up to a comma, a quotation or the sentence's end
        (at most 12 tokens): prepositional phrases included."""
        k = j
        while k < s_end and k - j < 12:
            w = t.words[k]
            lw = t.lower[k]
            if t.is_qmark(k) or w in (",", ".", ";", ":", "(", ")", "\u2014", "\u2013", "--", "!", "?"):
                break
            if lw in ("that", "who", "which", "whose", "when", "while", "because", "but", "if", "although", "though"):
                break
            if lw in self.lx.verb_forms and not w[:1].isupper() and k > j and t.lower[k - 1] not in self.lx.determiners and not lw.endswith("ed"):
                break  # "according to him Russia says ..."
            k += 1
        if k == j or k - j >= 12 and k < s_end and t.words[k] not in (",", "."):
            return None
        while k > j and t.lower[k - 1] in self.lx.name_inner:
            k -= 1
        return (j, k) if k > j else None

    # gave the President of China a detailed account of ... ------------------
    def _light(self, t: Tokens, i: int):
        """A wordy cue: a light verb, up to a dozen words (an addressee, adjectives), a noun of
        telling and a preposition ("gave ... an account of", "provided an explanation regarding",
        "put forth"); the content is what follows, the speaker the verb's subject."""
        lx = self.lx
        s_start, s_end = t.sent_bounds(i)
        j = -1
        if i + 1 < s_end and t.lower[i + 1] in ("forth",):
            j = i + 2
        else:
            for m in range(i + 1, min(s_end - 1, i + 14)):
                w = t.lower[m]
                if t.is_qmark(m) or w in (",", ".", ";", ":", "that", "and", "but") or (
                    w in lx.verb_forms and m > i + 1 and t.lower[m - 1] not in lx.determiners and t.lower[m - 1] not in ("a", "an")
                ):
                    if not (w in lx.light_nouns):
                        break
                if w in lx.light_nouns and t.lower[m + 1] in ("of", "on", "about", "regarding", "concerning", "into", "for"):
                    j = m + 2
                    break
        if j < 0 or j >= s_end:
            return None
        k = self._skip_left_ext(t, i - 1, s_start)
        src = self.np_left(t, k, s_start) if k >= s_start and self._is_word(t, k) else None
        if src is None or not self.plausible_source(t, src) or t.qid[i] >= 0:
            return None
        content = self._span(t, j, self._clause_end(t, j, s_end))
        if content is None:
            return None
        a, b = src
        cand = Candidate(
            start=content[0],
            end=content[1],
            kind="indirect",
            cue=(t.starts[i], t.ends[j - 1]),
            mention=(t.starts[a], t.ends[b - 1]),
            score=0.8,
            order=t.starts[a],
            extra={"src_tokens": src, "joint": self.joint_at(t, a, b), "light": True},
        )
        if cand.extra["joint"]:
            cand.mode = "joint"
        return cand, set(range(i, j))

    # It was emphasised that ... -------------------------------------------
    def _readout(self, t: Tokens, i: int):
        lx = self.lx
        for words in self._readouts_by_first.get(t.lower[i], ()):
            if not self._words_at(t, i, words):
                continue
            s_start, s_end = t.sent_bounds(i)
            j = i + len(words)
            k = j
            while k < s_end and t.lower[k] in ("once", "again", "also", "that", "in", "particular", ","):
                if t.lower[k] == "that":
                    k += 1
                    break
                k += 1
            content = self._span(t, k, self._clause_end(t, k, s_end)) if k < s_end else None
            if content is None:
                continue
            joint = any(w in lx.readout_joint for w in words)
            cand = Candidate(
                start=content[0],
                end=content[1],
                kind="indirect",
                cue=(t.starts[i], t.ends[j - 1]),
                mention=None,
                mode="joint" if joint else "principal",
                order=t.starts[i],
                extra={"readout": True},
            )
            return cand, set(range(i, j))
        return None

    # The situation in Ukraine was discussed. ------------------------------------
    def _subject_passive_at(self, t: Tokens, i: int):
        """A readout's passive with the content as its subject ("The situation in Ukraine was
        discussed", "Dissatisfaction with the lack of progress was expressed"): the lexicon's
        ``readout_subject_passives`` say which participles are joint acts of the conversation's
        parties and which the principal's. The subject opens the sentence and the passive closes it
        (but for the words the lexicon allows after it, "in detail", "during the conversation");
        an agent ("by ...") makes it someone else's statement."""
        s_start, s_end = t.sent_bounds(i)
        if i - s_start < 2 or t.qid[i] >= 0:
            return None
        j = i + 1
        while j < s_end and t.lower[j] in self._passive_inserts:
            j += 1
        if j >= s_end or t.lower[j] not in self._subject_passive:
            return None
        mode = self._subject_passive[t.lower[j]]
        k = j + 1
        while k < s_end and t.lower[k] in self._passive_inserts:
            k += 1
        if k < s_end and not t.is_punct(k) and t.lower[k] not in self._passive_after:
            return None
        if any(t.lower[x] in ("by", "that") or t.lower[x] in self._passive_aux for x in range(k, s_end)):
            return None
        if any(t.qid[x] >= 0 for x in range(s_start, i)):
            return None
        content = self._span(t, s_start, i)
        if content is None:
            return None
        cand = Candidate(
            start=content[0],
            end=content[1],
            kind="indirect",
            cue=(t.starts[i], t.ends[k - 1]),
            mention=None,
            mode=mode,
            order=t.starts[s_start],
            extra={"readout": True, "subject_passive": True, "base": self.lx.base(t.lower[j]) or t.lower[j]},
        )
        return cand, set(range(i, k))

    # This was stated by X. ---------------------------------------------------
    def _backref(self, t: Tokens, i: int, found: list[Candidate]):
        for words, where in self._backrefs_by_first.get(t.lower[i], ()):
            if not self._words_at(t, i, words):
                continue
            s_start, s_end = t.sent_bounds(i)
            if i != s_start:
                continue
            j = i + len(words)
            if where == "inside":
                src = (i, i + 1)
            else:
                src = self.np_right(t, j, s_end)
                if src is None:
                    continue
            sn = t.sent[i]
            if sn == 0:
                continue
            # the content: the sentences before, back to the previous statement (at most 3)
            a0, b0 = preceding_content(t, sn, found)
            content = self._span(t, a0, b0)
            if content is None:
                continue
            a, b = src
            cand = Candidate(
                start=content[0],
                end=content[1],
                kind="indirect",
                cue=(t.starts[i], t.ends[j - 1] if where == "right" else t.ends[j - 1]),
                mention=(t.starts[a], t.ends[b - 1]),
                order=t.starts[i],
                extra={"src_tokens": src, "backref": True},
            )
            return cand, set(range(i, j))
        return None

    # quotations nobody was credited with ----------------------------------
    def _orphan_quotes(self, t: Tokens, found: list[Candidate]) -> list[Candidate]:
        if not t.quotes:
            return found
        covered = sorted((c.start, c.end) for c in found)
        out = list(found)
        by_order = sorted(found, key=lambda c: c.start)
        for qi, q in enumerate(t.quotes):
            if q.end - q.start < 20 or len(t.text[q.start : q.end].split()) < 4:
                continue
            if any(a <= q.start < b or q.start <= a < q.end for a, b in covered):
                continue
            # a quotation that is a sentence of its own, following a statement in the sentence or
            # two before: the same speaker goes on
            i = t.token_at(q.outer_start)
            s_start, _ = t.sent_bounds(i)
            if i - s_start > 1:
                continue
            prev = [c for c in by_order if c.end <= q.outer_start and q.outer_start - c.end < 400]
            if not prev:
                continue
            last = prev[-1]
            gap = t.text[last.end : q.outer_start]
            if gap.count(".") + gap.count("?") + gap.count("!") > 2:
                continue
            start, end = self._quote_span(t, qi)
            out.append(
                Candidate(
                    start=start,
                    end=end,
                    kind="direct",
                    cue=None,
                    mention=None,
                    score=0.6,
                    mode="previous",
                    order=q.outer_start,
                    extra={"previous": last},
                )
            )
        return out

    def _cap_contents(self, t: Tokens, cands: list[Candidate], weak: list[Candidate] = ()) -> None:
        """A content running to the sentence's end stops where another statement's speaker or
        cue starts ("Trump said X, and Clinton said Y"), or a likely one's (``weak``: verbs scored
        just below the threshold)."""
        marks = sorted(
            {c.mention[0] for c in (*cands, *weak) if c.mention and c.mode != "previous"}
            | {c.cue[0] for c in (*cands, *weak) if c.cue}
        )
        if not marks:
            return
        text = t.text
        for c in cands:
            if c.kind == "direct" or c.extra.get("backref") or c.parts:
                continue
            if c.cue is not None and c.cue[0] >= c.end:
                continue  # "X agreed ..., Halloran said": the speech it reports is nested in it
            own = {c.mention[0] if c.mention else -1, c.cue[0] if c.cue else -1}
            k = bisect.bisect_right(marks, c.start)
            while k < len(marks) and marks[k] in own:
                k += 1
            if k < len(marks) and marks[k] < c.end:
                cut = marks[k]
                # keep the cut at a clause boundary only
                seg = text[c.start : cut]
                m = re.search(r"(?:[,;]\s*(?:and|but|while|whereas)?|\s(?:and|but|while|whereas))\s+(?:[\w.'\u2019-]+\s+){0,4}$", seg)
                if m and m.start() > 0:
                    new_end = c.start + m.start()
                    if new_end > c.start:
                        c.end = new_end

    def time_phrase(self, t: Tokens, k: int, ceil: int) -> int:
        """End (exclusive) of a time phrase starting at token ``k`` ("on Wednesday", "late on
        Monday", "on 3 March", "yesterday", "last week", "earlier this month"), else ``k``."""
        lx = self.lx
        days = self._days
        j = k
        if k >= ceil or (t.lower[k] not in _TIME_STARTS and t.lower[k] not in days and not t.lower[k][:1].isdigit() and t.lower[k].rstrip(".") not in self._months):
            return k  # the common case, quickly
        if j < ceil and t.lower[j] in ("late", "early", "earlier", "later"):
            j += 1
        if j < ceil and t.lower[j] in ("on", "in", "at", "by", "last", "this", "next", "over", "during"):
            j += 1
        start = j
        while j < ceil and (
            t.lower[j] in days or t.lower[j].rstrip(".") in self._months or t.lower[j] in lx.relative_days
            or (t.lower[j][:1].isdigit() and len(t.lower[j]) <= 4 and t.lower[j].rstrip("stndrh").isdigit())
            or (j > start and t.lower[j] in ("week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"))
        ):
            j += 1
        if j == start:
            return k
        if start == k and not any(t.lower[m] in days for m in range(start, j)):
            return k  # a bare "May" or "3": a name or a number, not a time phrase
        if t.lower[k] in ("in", "by", "at", "over", "during") and not any(t.lower[m] in days or t.lower[m].rstrip(".") in self._months for m in range(start, j)):
            return k  # "in 2030 ...": a number, not necessarily a date
        return j

    def demonym(self, t: Tokens, k: int) -> bool:
        """A capitalised adjective of nationality ("Russian", "Borovian"): one the lexicon lists,
        or a word ending in -ian/-ean/-ese/-ish whose country the document names ("Borovia")."""
        w = t.words[k]
        low = t.lower[k]
        if not w[:1].isupper():
            return False
        if low in self.lx.role_adjectives:
            return True
        if not low.endswith(("ian", "ean", "ese", "ish", "an")) or len(low) < 5:
            return False
        if self._demonym_text is not t.text:
            self._demonym_text = t.text
            self._demonym_cache = {}
        hit = self._demonym_cache.get(w)
        if hit is None:
            stems = (w[:-1], w[:-3] + "e", w[:-3] + "a", w[:-3], w[:-2] + "a", w[:-4] + "y")
            hit = self._demonym_cache[w] = any(len(x) >= 3 and re.search(r"\b" + re.escape(x) + r"\b", t.text) for x in stems)
        return hit

    def noun_use(self, t: Tokens, i: int, s_start: int) -> bool:
        """Whether the reporting verb form at ``i`` is used as a noun: "The Russian offer of
        talks", "the peace plan", "Moscow's proposals", "its demands", "the warning" (a
        determiner or a possessive before it, with modifiers between that do not agree with the
        form as its subject), or a passive participle ("the plan proposed by Moscow")."""
        lx = self.lx
        w = t.lower[i]
        if i - 1 < s_start:
            return False  # nothing before it: a verb opening the sentence
        base = lx.base(w)
        learned = base is None and w in (getattr(self.scorer, "learned_forms", None) or ())
        if learned:
            # a form learned from training data, a noun when nothing it reports follows: "the
            # first public criticism of the talks", "Trump's view of NATO" (but "Kadzik's refusal
            # to answer", "the consensus that ...")
            if i + 1 < len(t) and t.sent[i + 1] == t.sent[i] and t.lower[i + 1] != "of" and not t.is_punct(i + 1):
                return False
            base = w
        if base is None:
            return False
        is_ing = w.endswith("ing") and w != base
        past = w != base and not is_ing and not (w.endswith("s") and w[:-1] in (base, base[:-1] + "ie") or w.endswith("es") and w[:-2] == base)
        if past:
            if i - 1 >= s_start and t.lower[i - 1] in ("was", "were", "been", "being", "is", "are", "be") and w not in ("said", "quoted") and lx.verb_class(w) != "belief":
                return True  # (but "he is convinced that": a stated belief)  # "our forces have been ordered", "he was asked": the subject did not speak
            # "the plan proposed by Moscow", "the threats made by": a reduced relative or a passive
            r = i + 1
            while r < len(t) and t.sent[r] == t.sent[i] and (t.lower[r] in _CUE_ADVERBS or self._adverb_at(t, r, r)):
                r += 1
            return (
                r + 1 < len(t) and t.lower[r] == "by" and t.sent[r] == t.sent[i]
                and not t.lower[r + 1].endswith("ing")  # "responded by using ...": the means
                and (i - 1 < s_start or t.lower[i - 1] not in ("has", "have", "had"))
            )
        if base not in lx.noun_forms and not is_ing and not learned:
            return False
        if t.words[i][:1].isupper() and i > s_start:
            return False
        dets = _NOUN_DETS
        k = i - 1
        if k < s_start:
            return False
        if t.lower[k] in ("'s", "\u2019s") and i + 1 < len(t) and (t.lower[i + 1] in ("that", "about", ":") or t.is_qmark(i + 1)):
            return False  # "Trump's claim that ...": a named speaker's words all the same
        plural = w != base and w.endswith("s") and not is_ing
        if t.lower[k] in dets or (t.lower[k] in _NOUN_PREPS and plural):
            return True  # "the offer", "its demands", "a briefing", "in talks"
        if is_ing:
            return False
        if t.lower[k] in ("'s", "\u2019s"):
            # "Moscow's proposal", but not "He's claiming", "it's"
            return k - 1 >= s_start and t.words[k - 1][:1].isupper() and t.lower[k - 1] not in lx.pronouns
        # modifiers between the determiner and the form: "The Russian offer", "the peace plan"
        m = k
        while m >= s_start and i - m <= 4:
            lw = t.lower[m]
            if lw in dets or lw in ("'s", "\u2019s"):
                break
            if lw in _NOUN_PREPS:
                return plural  # "in earlier talks", "of new offers"
            if lw in _ADJECTIVES:
                m -= 1
                continue
            if t.words[m][:1].isupper():
                if not self.demonym(t, m):
                    return False  # "the Kremlin offers", "the US plans"
            elif not lw.isalpha() or lw in lx.verb_forms or lw in lx.np_breaks or lw in lx.skip_between or lw in lx.pronouns:
                return False
            m -= 1
        else:
            return False
        if m < s_start:
            return False
        head = t.lower[k]
        third = w != base
        if third:
            # "The Russian offers", "its new plans": a plural noun after an adjective; "The
            # ministry plans to ...", "A new poll shows": a singular noun before a verb
            return self.demonym(t, k) or head in _ADJECTIVES or head.endswith(("al", "ic", "ive", "ous", "ed", "ful", "less", "ary"))
        # "the officials offer": a plural subject agrees with the base form
        return not ((head.endswith("s") and not head.endswith("ss")) or head in ("media", "people", "police", "staff"))

    def _negated(self, t: Tokens, i: int, s_start: int) -> bool:
        """Whether the verb at ``i`` is negated or declined: "did not comment", "has not yet
        confirmed", "declined to comment", "refused to say"."""
        for m in range(i - 1, max(s_start, i - 4) - 1, -1):
            w = t.lower[m]
            if w in ("not", "n't", "never", "nothing"):
                return True
            if w == "to" and m - 1 >= s_start and t.lower[m - 1] in ("declined", "refused", "declining", "refusing", "declines", "refuses", "decline", "refuse", "unable", "unwilling"):
                return True
            if t.is_punct(m) or w in self.lx.verb_forms and m < i - 1:
                break
        return False

    def _bare_act(self, t: Tokens, a: int, b: int) -> bool:
        """Whether tokens [a, b) are only the noun of a communicative act, with its determiner,
        adjectives and a place or time ("a statement on Monday", "a brief news conference in
        Dravsk", "remarks to reporters"): no content of its own."""
        lx = self.lx
        if not any(t.lower[x] in lx.act_nouns for x in range(a, min(b, a + 6))):
            return False  # the common case, quickly
        m = a
        while m < b and (t.lower[m] in lx.determiners or t.lower[m] in _NOUN_DETS or (t.lower[m].isalpha() and t.lower[m] not in lx.act_nouns and (self.demonym(t, m) or not t.words[m][:1].isupper()) and t.lower[m] not in lx.np_breaks and t.lower[m] not in lx.verb_forms and m + 1 < b and m - a < 4)):
            m += 1
        if m >= b or t.lower[m] not in lx.act_nouns:
            return False
        while m < b and t.lower[m] in lx.act_nouns:
            m += 1
        if m >= b or t.words[m] == ":":
            return True
        if t.lower[m] == "to" and m + 1 < b and t.lower[m + 1] in ("reporters", "journalists", "the", "press", "media"):
            m += 2
            while m < b and t.lower[m] in ("press", "media"):
                m += 1
            if m >= b:
                return True
        return self._place_or_time(t, m, b)

    def _place_or_time(self, t: Tokens, a: int, b: int) -> bool:
        """Whether tokens [a, b) are only a phrase of place or time ("in Riyadh", "at a news
        conference in Dravsk", "on Tuesday", "late on Monday"): where or when something was
        said, never what."""
        if self.time_phrase(t, a, b) >= b:
            return True
        if t.lower[a] not in _PLACE_PREPS:
            return False
        for m in range(a + 1, b):
            w = t.lower[m]
            if t.is_qmark(m) or w in ("that", "to", "whether", "if") or (w in self.lx.verb_forms and not t.words[m][:1].isupper()):
                return False
            if t.words[m] == "," or (w in ("is", "was", "were", "are", "would", "will", "had", "has", "could", "should")):
                return False
        return b - a <= 10

    def _description_word(self, low: str) -> bool:
        """A lower-case word that may describe a person before the name ("congressman",
        "opposition", "presidential"), not a verb between two names ("met", "called")."""
        lx = self.lx
        if low in lx.role_nouns or low in lx.honorifics or low in lx.verb_forms or low.endswith("ed"):
            return low in lx.role_nouns or low in lx.honorifics
        return len(low) > 3 and low.endswith((*_AGENT_SUFFIXES, "al", "ic", "ive", "ary", "ern", "ish", "ese", "ion"))

    def _np_word_ok(self, low: str) -> bool:
        lx = self.lx
        if low in lx.determiners or low in lx.role_nouns or low in lx.name_inner or low in lx.pronouns:
            return True
        heads = getattr(self.scorer, "agent_heads", None) or ()
        return low in heads or low.endswith(("al", "ic", "ian", "ive", "ary", "an", "ist", "ern", "ish", "ese"))

    def plausible_source(self, t: Tokens, src: tuple[int, int]) -> bool:
        """Whether a phrase can name a speaker: a name, a pronoun, a role, a joint mention, or a
        noun seen as a speaker in training ("officials", "the poll"); not "missile attacks"."""
        a, b = src
        head = t.words[b - 1]
        low = head.lower()
        if head[:1].isupper() or head[:1].isdigit() or low in self.lx.pronouns or low in self.lx.role_nouns:
            return True
        if self.joint_at(t, a, b):
            return True
        heads = getattr(self.scorer, "agent_heads", None)
        if not heads:
            return True
        return low in heads or (b - a >= 2 and low.isalpha() and low.endswith(_AGENT_SUFFIXES))

    # -------------------------------------------------------------- transcripts
    def turns(self, text: str) -> list[Turn]:
        """Labelled turns ("Vladimir Putin: ...") when the text is a transcript (read by
        :class:`~parley.extract.structure.StructureReader`)."""
        return self._structure.turns(text)
