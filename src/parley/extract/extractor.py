"""The statement-extraction stage: documents in, statements (with resolved speakers) out."""

from __future__ import annotations

import bisect
import dataclasses
import functools
from dataclasses import dataclass
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

from .. import compiled
from .._lazy import lazy_module
from ..records import Document, Span, Statement
from ..stages import check_budget
from .dates import statement_date
from .lexicon import Lexicon, load_lexicon
from .cue_model import CueScorer, load_scorer
from .quotes import QuoteFinder
from .rules import Candidate, RuleEngine, SpanIndex
from .selector import StatementSelector, load_selector, speaker_form, statement_features
from .speakers import JOINT, NAME_REACH, UNRESOLVED, Context, Speaker, acronyms, common_words, name_form
from .structure import Structure, StructureReader, Turn
from .tokens import Tokens, build_tokens

# spaCy takes most of a second to import: loaded when a document is first read, not by every
# command that imports the library
spacy_util = lazy_module("spacy.util")
spacy_tokenizer = lazy_module("spacy.tokenizer")

#: bumped whenever the rules, the lexicon or the trained scorer change what is extracted
VERSION = "4"


@functools.cache
def _pipeline(language: str):
    """spaCy's blank tokenizer for ``language`` with a rule sentencizer (no trained model)."""
    try:
        lang_cls = spacy_util.get_lang_class(language)
    except ImportError:  # a language spaCy has no tokenizer rules for (E048): the basic tokenizer
        lang_cls = spacy_util.get_lang_class("xx")
    # what spacy.blank builds, with the tokenizer made once by _make_tokenizer
    nlp = lang_cls(create_tokenizer=_make_tokenizer)
    nlp.add_pipe("sentencizer")
    # spaCy's default limit of 1,000,000 characters protects its parser and tagger, which this
    # pipeline does not use: tokenizer and sentencizer run in memory proportional to the text.
    nlp.max_length = MAX_DOCUMENT_CHARS
    return nlp


def _make_tokenizer(nlp):
    """spaCy's default tokenizer of ``nlp``'s language (its ``create_tokenizer``), with the
    affix expressions read from the compiled cache and the suffix search and token match bounded
    (:func:`_tail_search`, :func:`_long_token`) from the start. The tokenizer loads its special
    cases (4,041 for English) one by one, again each time one of its expressions is set: set
    afterwards, as spacy.blank's tokenizer had to be, the two bounds cost two more loads, a
    fifth of a one-sentence ``parley extract``."""
    defaults = nlp.Defaults
    prefix, suffix, infix = _affix_patterns(nlp.lang, defaults.prefixes, defaults.suffixes, defaults.infixes)
    tokenizer = spacy_tokenizer.Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=prefix.search if prefix is not None else None,
        suffix_search=_tail_search(suffix.search) if suffix is not None else None,
        infix_finditer=infix.finditer if infix is not None else None,
        token_match=_long_token(defaults.token_match),
        url_match=defaults.url_match,
    )
    if hasattr(tokenizer, "max_cache_size"):  # spaCy 3.8: a bound on its cache of split chunks
        tokenizer.max_cache_size = TOKENIZER_CACHE
    return tokenizer


def _affix_patterns(language: str, prefixes, suffixes, infixes) -> tuple[re.Pattern | None, ...]:
    """The prefix, suffix and infix expressions spaCy compiles (``spacy.util.compile_*_regex``),
    compiled once and kept in the compiled cache under their own text."""
    # the expressions as spacy.util builds them
    texts = (
        "|".join("^" + piece for piece in prefixes if piece.strip()) if prefixes else None,
        "|".join(piece + "$" for piece in suffixes if piece.strip()) if suffixes else None,
        "|".join(piece for piece in infixes if piece.strip()) if infixes else None,
    )
    return compiled.cached(f"tokenizer-affixes-{language}", [repr(t) for t in texts],
                           lambda: tuple(re.compile(t) if t is not None else None for t in texts))


#: how many distinct chunks (a word with its punctuation) the tokenizer keeps split: spaCy keeps
#: 10,000, and splits every chunk met after those again with its affix expressions each time (a
#: third of the tokenizer's time over the Kremlin corpus). A cached split is the same split; the
#: cache grows by about 3 MB for the 1,800 Kremlin and Zelensky press releases.
TOKENIZER_CACHE = 100_000

#: the longest document text extracted (a book-length transcript is ~2 million characters)
MAX_DOCUMENT_CHARS = 20_000_000

#: how many final characters of a token spaCy's suffix rules look at. The rules end in ``$`` but
#: Python's ``re`` tries them at every position, and the tokenizer peels one suffix at a time, so
#: a token of 20,000 quotation marks or brackets took minutes; a suffix is a few characters long.
SUFFIX_WINDOW = 64
#: a run of this many characters without a space is one token, not split into prefixes and
#: suffixes (peeling them one at a time costs the square of the run's length)
LONG_TOKEN = 1000


#: the longest reported (indirect or mixed) content kept: reported speech is a clause or a few
#: sentences (the longest in the gold sets is 779 characters); in text without sentence
#: punctuation (an automatic transcript) a reported clause would otherwise run to the end of the
#: document, and every such statement with it, which costs the square of the text's length
MAX_REPORTED_CHARS = 3000
_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"'”»)]|$)")


def _bounded(statements: list[Statement], text: str) -> list[Statement]:
    """Reported contents cut to MAX_REPORTED_CHARS, at the last sentence end (else word end)
    before the limit. Direct quotes are the speaker's words and are kept whole."""
    out = []
    for s in statements:
        if s.kind == "direct" or s.parts or s.end - s.start <= MAX_REPORTED_CHARS:
            out.append(s)
            continue
        limit = s.start + MAX_REPORTED_CHARS
        ends = [m.end() for m in _SENTENCE_END.finditer(text, s.start, limit)]
        end = ends[-1] if ends else (text.rfind(" ", s.start, limit) if " " in text[s.start:limit] else limit)
        while end > s.start and text[end - 1].isspace():
            end -= 1
        out.append(dataclasses.replace(s, end=end, text=text[s.start:end]))
    return out


def _long_token(token_match):
    def match(string: str):
        return len(string) > LONG_TOKEN or (token_match is not None and token_match(string))

    return match


def _tail_search(search):
    """``search`` on the last ``SUFFIX_WINDOW`` characters (the tokenizer uses only the length)."""

    def suffix_search(string: str):
        return search(string[-SUFFIX_WINDOW:] if len(string) > SUFFIX_WINDOW else string)

    return suffix_search


@dataclass(slots=True)
class _Region:
    """Text whose paragraphs are a speaker's own words: a one-speaker document, or the points
    under a header (see :class:`~parley.extract.structure.Header`)."""

    start: int
    end: int
    speakers: list[Speaker]
    mentions: list[tuple[int, int] | None]
    cue: tuple[int, int] | None
    cue_text: str | None
    form: str
    paragraphs: list[tuple[int, int]]


def _bullet_start(st: Structure, a: int, b: int) -> int:
    """Where the words of a paragraph start, past a bullet or an emoji ("▪️ ...")."""
    ln = st.line_at(a)
    if ln is None:
        for x in st.lines:
            if a <= x.start < b:
                return x.start
        return a
    return ln.start if ln.start >= a else a


def _origin(c: Candidate) -> str:
    """Which rule found a candidate (a feature of the statement model)."""
    e = c.extra
    for key in ("headline", "readout", "backref", "light", "phrase", "set_apart", "briefing"):
        if e.get(key):
            return key
    if c.mode == "previous" or e.get("prev_quote"):
        return "previous"
    if c.mode == "joint" or e.get("joint"):
        return "joint"
    if c.mode == "principal":
        return "principal"
    if e.get("inverted"):
        return "inverted"
    if e.get("learned"):
        return "learned"
    if e.get("act"):
        return "act"
    return "verb"


def _label_name(label: str) -> str:
    """A transcript label as a name: "MR. KIRBY" -> "Mr. Kirby", "THE PRESIDENT" -> "the President"."""
    if not label.isupper() or len(label) <= 3:
        return label
    words = []
    for w in label.split():
        low = w.lower()
        words.append(low if low in ("the", "of", "and", "for") else "-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


class Extractor:
    """Finds statements and their speakers in documents of one language (a pipeline stage).

    ``registry`` is the actor registry (``parley.actors.load_registry()``) used to resolve names,
    aliases and roles to canonical actors; without one, speakers are kept as the text names them.
    """

    requires: tuple[str, ...] = ("Document.text", "Document.published", "Document.language")
    #: how speakers are resolved; a language may bring its own (parley.extract.slavic)
    context_class: type[Context] = Context
    provides: tuple[str, ...] = ("Statement",)

    def __init__(
        self,
        registry: Any = None,
        language: str = "en",
        *,
        lexicon: Lexicon | None = None,
        scorer: CueScorer | None = None,
        threshold: float | None = None,
        selector: StatementSelector | None | str = "packaged",
    ):
        self.registry = registry
        self.language = language
        self.lexicon = lexicon or load_lexicon(language)
        self.scorer = scorer if scorer is not None else load_scorer(language)
        if threshold is None:
            threshold = self.scorer.threshold if self.scorer is not None else 0.5
        self.engine = RuleEngine(self.lexicon, self.scorer, threshold)
        self.quotes = QuoteFinder(self.lexicon)
        self.structure = StructureReader(self.lexicon, name_kind=self.name_kind)
        #: the learned statement model (None: every candidate of the rules is kept)
        self.selector = load_selector() if selector == "packaged" else selector
        self.name = f"parley.extract.{language}"
        scorer_version = self.scorer.version if self.scorer is not None else "rules"
        selector_version = self.selector.version if isinstance(self.selector, StatementSelector) else "all"
        self.version = f"{VERSION}.{scorer_version}.{selector_version}"

    @property
    def stamp(self) -> str:
        return f"{self.name}/{self.version}"

    # ------------------------------------------------------------------ stage
    def __call__(self, doc: Document) -> tuple[Statement, ...]:
        nlp = _pipeline(self.language)
        return self._extract(doc, nlp(doc.text))

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Statement, ...]]:
        nlp = _pipeline(self.language)
        buf: list[Document] = []
        for doc in docs:
            buf.append(doc)
            if len(buf) >= batch_size:
                yield from self._batch(nlp, buf)
                buf = []
        if buf:
            yield from self._batch(nlp, buf)

    def _batch(self, nlp, docs: list[Document]) -> Iterator[tuple[Statement, ...]]:
        for doc, sp in zip(docs, nlp.pipe([d.text for d in docs])):
            yield self._extract(doc, sp)

    # -------------------------------------------------------------- the work
    def tokens(self, text: str, spacy_doc=None) -> Tokens:
        if spacy_doc is None:
            spacy_doc = _pipeline(self.language)(text)
        return build_tokens(spacy_doc, text, self.quotes(text))

    def candidates(self, doc: Document) -> list[tuple[Statement, list[str]]]:
        """Every statement the rules find in ``doc``, before the statement model selects, with the
        model's features of each (for training and evaluating the model)."""
        collected: list[tuple[Statement, list[str]]] = []
        self._extract(doc, None, collect=collected)
        return collected

    def _extract(self, doc: Document, spacy_doc, collect: list | None = None) -> tuple[Statement, ...]:
        text = doc.text
        if not text.strip():
            return ()
        st = self.structure.read(text, doc.title)
        t = self.tokens(text, spacy_doc)
        turns = list(st.turns)
        cands = self._cited_sources(self.engine.find(t, turns=turns, structure=st), doc, t)
        cands.extend(self._headline_candidates(st, cands))
        if st.furniture:
            cands = [c for c in cands if not st.in_furniture(c.start, c.end)]
        ctx = self.context_class(self.lexicon, self.registry, doc.published, self.language,
                                 agent_heads=self.scorer.agent_heads if self.scorer is not None else frozenset())
        self._set_principal(ctx, doc)
        ctx.aliases = acronyms(text, self.lexicon)
        regions = self._regions(ctx, doc, st) if not turns else []
        if any(r.form == "block" for r in regions):
            # the points under a header are the header's speaker's; a cue inside a point that does
            # not name a speaker of its own ("Россия и Казахстан подтвердили ...") is part of it
            own_cands = [c for c in cands if c.mention is not None and c.cue is not None]
            for r in regions:
                if r.form != "block":
                    continue
                r.paragraphs = [(a, b) for a, b in r.paragraphs if not self._names_own_speaker(t, a, b, own_cands)]
                inside = SpanIndex(r.paragraphs)
                cands = [c for c in cands if c.extra.get("headline") or not inside.overlaps(c.cue[0] if c.cue else c.start, (c.cue[0] if c.cue else c.start) + 1)]
        out: list[Statement] = []
        info: list[tuple[str, Speaker, str | None, str]] = []  # (origin, speaker, cue lemma, context) of out[k]
        stamp = self.stamp

        def emit(c: Candidate, sp: Speaker, mention: str | None, mention_span, cue_text, cue_span,
                 origin: str | None = None, context: str = "none"):
            if sp.type == UNRESOLVED and not mention:
                return  # nobody, not even a mention: no identifiable speaker
            info.append((origin or _origin(c), sp, self._cue_lemma(c, cue_text), context))
            parts = tuple(Span.of(text, a, b) for a, b in c.parts)
            out.append(
                Statement(
                    doc_id=doc.id,
                    start=c.start,
                    end=c.end,
                    text=text[c.start : c.end],
                    kind=c.kind,  # type: ignore[arg-type]
                    speaker=sp.name or None,
                    actor_id=sp.actor_id,
                    side=sp.side,
                    mention=mention,
                    mention_span=mention_span,
                    cue=cue_text,
                    cue_span=cue_span,
                    parts=parts,
                    published=statement_date(text, c, doc.published, self.lexicon),
                    language=self.language,
                    confidence=round(float(c.score), 3),
                    extractor=stamp,
                )
            )

        # turns of a transcript
        turn_speakers: list[tuple[Turn, Speaker, bool]] = []
        for turn in turns:
            sp = ctx.resolve(_label_name(turn.name))
            question = self._is_question(ctx, turn, sp, text)
            turn_speakers.append((turn, sp, question))
        turn_starts = [ts[0].label_start for ts in turn_speakers]

        def turn_of(pos: int) -> tuple[Turn, Speaker, bool] | None:
            k = bisect.bisect_right(turn_starts, pos) - 1
            if k >= 0 and turn_speakers[k][0].label_start <= pos < turn_speakers[k][0].end:
                return turn_speakers[k]
            return None

        def region_of(pos: int) -> _Region | None:
            best = None
            for r in regions:
                if r.start <= pos < r.end and (best is None or r.end - r.start < best.end - best.start):
                    best = r
            return best

        # the candidates, with the turns and the paragraphs under headers, in document order
        items: list[tuple[int, str, Any]] = [(c.order, "cand", c) for c in cands]
        for ts in turn_speakers:
            items.append((ts[0].label_start, "turn", ts))
        for r in regions:
            for a, b in r.paragraphs:
                items.append((a, "para", (a, b, r)))
        for a, b in self._name_runs(t):
            items.append((t.starts[a], "name", text[t.starts[a] : t.ends[b - 1]]))
        for s_start, s_end in t.sents:
            check_budget()
            src = self.engine.subject(t, s_start, s_end)
            if src is not None:
                a, b = src
                joint = self.engine.joint_at(t, a, b)
                items.append((t.starts[a], "subj", JOINT if joint else text[t.starts[a] : t.ends[b - 1]]))
        outlets = _outlets(text) if any(c.mention and _media_mention(text[c.mention[0] : c.mention[1]].lower(), self.lexicon) for c in cands) else []
        rank = {"name": 0, "subj": 1, "turn": 2, "para": 2, "cand": 3}
        items.sort(key=lambda x: (x[0], rank[x[1]]))
        direct_spans: list[tuple[int, int, list[Speaker]]] = []
        resolved: dict[int, list[Speaker]] = {}
        pending: list[tuple[int, str, int]] = []  # role mentions nobody held yet (statement, mention, names known)
        quoted_by_doc = [(c.start, c.end) for c in cands if c.kind == "direct"]
        for pos0, typ, item in items:
            check_budget()
            if typ == "name":
                ctx.note_name(item)
                continue
            if typ == "subj":
                if any(a <= pos0 < b for a, b, _ in direct_spans):
                    continue  # a subject inside someone's quoted words is not the next "he"
                if item is JOINT:
                    ctx.history.append(JOINT)
                else:
                    ctx.note_subject(item)
                continue
            if typ == "turn":
                turn, sp, question = item
                if sp.type != UNRESOLVED:
                    ctx.history.append(sp)
                    if sp.actor_id is not None or sp.title:
                        ctx.names.append(sp)
                if question:
                    continue
                c = Candidate(turn.start, turn.end, "direct", (turn.label_start, turn.label_end), None, order=turn.start)
                emit(
                    c,
                    sp,
                    text[turn.label_start : turn.label_end - 1],
                    Span.of(text, turn.label_start, turn.label_end - 1),
                    text[turn.label_start : turn.label_end],
                    Span.of(text, turn.label_start, turn.label_end),
                    origin="turn",
                    context="turn",
                )
                continue
            if typ == "para":
                a, b, r = item
                if any(qa <= a < qb for qa, qb in quoted_by_doc):
                    continue
                c = Candidate(a, b, "direct", None, None, order=a)
                for sp, mention in zip(r.speakers, r.mentions):
                    emit(c, sp, text[mention[0] : mention[1]] if mention else None, Span.of(text, *mention) if mention else None,
                         r.cue_text, Span.of(text, *r.cue) if r.cue else None, origin=f"para-{r.form}", context=r.form)
                continue
            c: Candidate = item
            ts = turn_of(c.cue[0] if c.cue else c.start)
            reg = region_of(c.cue[0] if c.cue else c.start) if ts is None else None
            doc_speaker = reg.speakers[0] if reg is not None and reg.speakers else None
            in_turn = ts[1] if ts else doc_speaker
            mention = text[c.mention[0] : c.mention[1]] if c.mention else None
            mspan = Span.of(text, *c.mention) if c.mention else None
            cue_text = text[c.cue[0] : c.cue[1]] if c.cue else None
            cspan = Span.of(text, *c.cue) if c.cue else None
            low = (mention or "").lower()
            person = self.lexicon.pronouns.get(low, (3, "", ""))[0]
            if ts is not None and ts[2] and person in (1, 2):
                continue  # "we"/"you" in a journalist's question: the journalist's words
            if (ts is not None or doc_speaker is not None) and person in (1, 2):
                continue  # the turn's or the document's own words: already a statement
            pos = c.cue[0] if c.cue else c.start
            quoting = next((sps for a, b, sps in reversed(direct_spans) if a <= pos < b), None)
            if person == 1 and quoting:
                in_turn = quoting[0]  # "we agreed", inside the President's quoted words
            if c.extra.get("subject_passive") and ctx.principal is None:
                speakers = []  # a passive is a readout's only where the document has a principal
            elif c.mode == "joint":
                speakers = self._joint_parties(t, ctx, pos)
            elif c.mode == "principal":
                speakers = [ctx.principal] if ctx.principal is not None else []
            elif c.mode == "previous":
                speakers = resolved.get(id(c.extra.get("previous")), [])
                mention = None
                prev = c.extra.get("previous")
                if speakers and all(sp.type == UNRESOLVED for sp in speakers) and prev is not None and prev.mention:
                    # the same unresolved speaker goes on: its mention, as the text gave it
                    mention, mspan = text[prev.mention[0] : prev.mention[1]], Span.of(text, *prev.mention)
            elif mention is not None:
                if low in ("they", "them", "their") and ctx.history and _last_joint(ctx):
                    speakers = ctx.parties()
                elif outlets and _media_mention(low, self.lexicon) and _outlet_before(outlets, pos, ctx) is not None:
                    # "According to the publication": the outlet named before
                    speakers = [_outlet_before(outlets, pos, ctx)]
                else:
                    speakers = [ctx.resolve(mention, in_turn=in_turn)]
                    appos = _APPOSITION.match(text, c.mention[1]) if speakers[0].type != "person" else None
                    if appos is not None and low not in self.lexicon.pronouns:
                        # "Federal Chancellor of Austria, Karl Nehammer, says": the title's holder,
                        # named in the apposition after it
                        named = ctx.resolve(f"{mention} {appos.group(1)}", in_turn=in_turn)
                        if named.type == "person" or (named.actor_id is None and named.type != UNRESOLVED
                                                      and len(named.name.split()) >= 2 and named.title):
                            if len(ctx.history) >= 2 and ctx.history[-2] is speakers[0]:
                                del ctx.history[-2]
                            speakers = [named]
                    if len(speakers) == 1 and " " in mention:
                        parties = self._coordinated_parties(ctx, mention, in_turn)
                        if parties:
                            speakers = parties
                    if low in ("they", "them") and speakers[0].type == UNRESOLVED:
                        # "Lavrov met Wang Yi. They said ...": the persons just named
                        near = self._persons_near(t, ctx, pos)
                        if len(near) >= 2:
                            speakers = near
            else:
                speakers = []
            speakers = [s for s in speakers if s is not None]
            if person == 1 and not quoting and ts is None and doc_speaker is None:
                speakers = []  # "I"/"we" with nobody to stand for
            resolved[id(c)] = speakers
            if c.kind == "direct" and speakers:
                direct_spans.append((c.start, c.end, speakers))
            if speakers and len(speakers) > 1:
                ctx.history.append(JOINT)
            if len(speakers) == 1 and speakers[0].actor_id is None and mention is not None and low not in self.lexicon.pronouns:
                if any(w in self.lexicon.role_nouns for w in low.split()) and ctx.split_name(mention)[0] is None:
                    pending.append((len(out), mention, len(ctx.names)))
            context = ("question" if ts[2] else "turn") if ts is not None else (reg.form if reg is not None else "none")
            if quoting is not None and person != 1:
                context = "quoted"
            for sp in speakers:
                emit(c, sp, mention, mspan, cue_text, cspan, context=context)
            if quoting is not None and person != 1 and speakers and quoting[0] is not JOINT \
                    and all(sp.name != quoting[0].name for sp in speakers):
                # someone reported inside another's quoted words ("... Peskov now denies it", -
                # Herbst is sure. In his view ...): the quoting speaker stays the next "he"
                ctx.history.append(quoting[0])
        self._name_later(ctx, out, pending)
        out = self._select(out, info, ctx, collect)
        return tuple(_dedupe(_bounded(self._continued(t, text, out), text)))

    def _select(self, out: list[Statement], info: list, ctx: Context, collect: list | None) -> list[Statement]:
        """The statement model's choice among the candidates (all of them, with their features,
        into ``collect`` when collecting for training)."""
        if self.selector is None and collect is None:
            return out
        kept = []
        for st, (origin, sp, lemma, context) in zip(out, info):
            if st.speaker != (sp.name or None):  # renamed afterwards (a role named later)
                sp = Speaker(st.speaker or "", st.actor_id, st.side, type=sp.type if st.speaker else UNRESOLVED, title=sp.title)
            feats = statement_features(st, origin=origin, speaker=speaker_form(sp, self.lexicon, ctx.agent_heads),
                                       lexicon=self.lexicon, cue_lemma=lemma, context=context)
            if collect is not None:
                collect.append((st, feats))
                kept.append(st)
                continue
            p = self.selector.probability(feats)
            if p >= self.selector.threshold:
                kept.append(dataclasses.replace(st, confidence=round(p, 3)))
        return kept

    def _cue_lemma(self, c: Candidate, cue_text: str | None) -> str | None:
        base = c.extra.get("base")
        if base:
            return str(base).lower()
        if not cue_text:
            return None
        first = cue_text.split()[0].lower().strip(".,:;\"'") if cue_text.split() else ""
        return self.lexicon.base(first) or (first if first.isalpha() else None)

    def _continued(self, t: Tokens, text: str, out: list[Statement]) -> list[Statement]:
        """Reported speech carried on past its sentence: "A sentence that plainly continues
        someone's reported speech without a new cue extends that statement's span" (GUIDELINES).

        A reported (indirect) statement whose cue comes first and whose words end its sentence
        takes in the next sentences of the same paragraph while each plainly goes on with it: it
        opens with a word that links back ("Moreover", "However", "That is why", "They", "These",
        the lexicon's ``continuation_openers``), holds no statement or cue of its own, no verb of
        saying (``continuation_breaks``: "said", "noted"), no joint mention and no "I", and is not
        a question."""
        openers = self._openers
        if not openers or not t.sents:
            return out
        breaks = frozenset(str(w).lower() for w in (self.lexicon.raw or {}).get("continuation_breaks") or ())
        lx = self.lexicon
        taken = SpanIndex([(s.start, s.end) for s in out] + [(s.cue_span.start, s.cue_span.end) for s in out if s.cue_span])
        result = []
        for s in out:
            if s.kind == "indirect" and s.cue_span is not None and s.cue_span.end <= s.start and not s.parts:
                end = s.end
                for _ in range(3):
                    nxt = self._next_sentence(t, text, end)
                    if nxt is None:
                        break
                    a, b, words = nxt
                    if taken.overlaps(t.starts[a], t.ends[b - 1]):
                        break
                    if not any(tuple(words[: len(o)]) == o for o in openers) or words[-1] == "?":
                        break
                    if any(w in breaks or lx.pronouns.get(w, (0, ""))[:2] == (1, "sg") for w in words):
                        break
                    if any(self.engine.joint_at(t, k, b) for k in range(a, b)):
                        break
                    last = b - 1
                    while last > a and t.is_punct(last):
                        last -= 1
                    end = t.ends[last]
                if end != s.end:
                    s = dataclasses.replace(s, end=end, text=text[s.start : end])
            result.append(s)
        return result

    def _next_sentence(self, t: Tokens, text: str, end: int) -> tuple[int, int, list[str]] | None:
        """The sentence after the one that ends at character ``end`` (only punctuation between),
        in the same paragraph: its token range and its lower-cased words."""
        k = t.token_after(end)
        if k >= len(t.words) or k == 0:
            return None
        sn = t.sent[k - 1]
        b0 = t.sents[sn][1]
        if any(not t.is_punct(i) for i in range(k, b0)) or sn + 1 >= len(t.sents):
            return None
        a, b = t.sents[sn + 1]
        if b <= a or "\n" in text[end : t.starts[a]]:
            return None
        return a, b, [t.lower[i] for i in range(a, b)]

    @functools.cached_property
    def _openers(self) -> tuple[tuple[str, ...], ...]:
        """The lexicon's ``continuation_openers`` (none: no statement is carried on)."""
        items = (self.lexicon.raw or {}).get("continuation_openers") or ()
        return tuple(tuple(str(w).lower() for w in item) for item in items)

    @staticmethod
    def _name_later(ctx: Context, out: list[Statement], pending: list[tuple[int, str, int]]) -> None:
        """A role no one held before its mention ("..., the presidential spokesman said.") is the
        first person named after it in the document who holds that role ("Gleb Yantar told
        reporters ...", a registry person with the title)."""
        for k, mention, n_names in pending:
            for sp in ctx.names[n_names : n_names + NAME_REACH]:
                if sp.name[:1].isupper() and sp.type != "institution" and ctx.role_fits(mention, sp):
                    out[k] = dataclasses.replace(out[k], speaker=sp.name, actor_id=sp.actor_id, side=sp.side)
                    break

    # ------------------------------------------------------------ structure
    def name_kind(self, name: str) -> str | None:
        """What a few capitalised words name: ``person``, ``institution`` or ``country`` when the
        actor registry knows them, else a judgement by form (two to five capitalised words); None
        when they are no speaker's name."""
        name = name.strip()
        if not name or not name[:1].isupper():
            return None
        lx = self.lexicon
        words = name.split()
        if any(w.lower() in lx.pronouns or w.lower() in lx.determiners or w.lower() in lx.np_breaks for w in words):
            return None
        hit = self._registry_kind(name)
        if hit is not None:
            return hit
        if common_words(self.language) and name_form(name, lx, frozenset(), common_words(self.language)) == "stray":
            return None  # "Nuclear Weapons", "Order Signing"
        if not all(w[:1].isupper() or w.lower() in lx.name_inner for w in words) or len(words) > 5:
            return None
        if any(w.lower() in lx.org_words for w in words):
            return "institution"
        if (len(words) >= 2 and not any(w.isdigit() for w in words)) or any(w.lower() in lx.role_nouns for w in words):
            return "person"
        if len(words) == 1 and name_form(name, lx, frozenset(), common_words(self.language)) == "name" and common_words(self.language):
            return "person"  # "Pence", "Sanders": a capitalised word no treebank uses as a common word
        return None

    @functools.lru_cache(maxsize=20000)  # noqa: B019 - one extractor per language and registry
    def _registry_kind(self, name: str) -> str | None:
        if self.registry is None:
            return None
        actor = self.registry.resolve(name, language=self.language)
        if actor is None:
            return None
        countries = getattr(self.registry, "country_ids", None)  # a registry without countries has none
        ids = countries() if callable(countries) else (countries or ())
        if actor.id in ids:
            return "country"
        return "person" if actor.type == "person" else "institution"

    def _own_outlet(self, doc: Document) -> set[str]:
        """The outlets (lexicon ``structure.outlets``) that published ``doc``, by its source or address."""
        where = f"{doc.source or ''} {doc.url or ''}".lower()
        return {name for name, keys in self.structure.outlets.items() if any(k and k in where for k in keys)}

    def _cited_sources(self, cands: list[Candidate], doc: Document, t: Tokens) -> list[Candidate]:
        """A speaker that passes its words on from a source it cites ("..., повідомляє РБК-Україна з
        посиланням на Reuters", "Ukrinform reports citing the ministry") gives way to that source;
        the outlet that published the document, reporting without citing, is no speaker."""
        citing = self.structure.citing
        own = self._own_outlet(doc) if self.structure.outlets else set()
        if citing is None and not own:
            return cands
        text = doc.text
        out = []
        for c in cands:
            if c.mention is None:
                out.append(c)
                continue
            m = None
            if citing is not None:
                # in the mention or right after it, in the same sentence
                k0 = t.token_at(c.mention[0])
                s_end0 = t.ends[t.sents[t.sent[k0]][1] - 1] if t.words else len(text)
                after = max(c.mention[1], c.cue[1] if c.cue is not None and c.cue[0] >= c.mention[1] else c.mention[1])
                m = citing.search(text, c.mention[0], min(s_end0, after + 40))
                if m is not None and m.start() > after + 2 and text[after : m.start()].strip(" ,"):
                    m = None
            if m is not None:
                k = t.token_after(m.end())
                s_end = t.sents[t.sent[k]][1] if k < len(t.words) else k
                j = k
                while j < s_end and j - k < 10 and t.words[j] not in (",", ".", ";", ":", "(", ")", "\u2014", "\u2013", "!", "?") \
                        and not (j > k and t.lower[j] in self.lexicon.np_breaks and t.lower[j] not in self.lexicon.name_inner):
                    j += 1
                if j > k and name_form(text[t.starts[k] : t.ends[j - 1]], self.lexicon) != "stray":
                    # (a common noun is no source: "Zelensky said, referring to the influence of
                    # oligarchs" is still Zelensky's)
                    c.mention = (t.starts[k], t.ends[j - 1])
                    out.append(c)
                    continue
            if own:
                low = text[c.mention[0] : c.mention[1]].lower()
                low = re.sub(r"^(?:according to\s+)?(?:the|an?)\s+", "", low)
                if any(low.startswith(o) for o in own):
                    continue  # "Ukrinform reports", "повідомляє РБК-Україна": the publisher itself
            out.append(c)
        return out

    def _headline_candidates(self, st: Structure, cands: list[Candidate]) -> list[Candidate]:
        """Headlines that give a speaker's words ("Umerov: talks will go on", "«...» — Умєров"),
        where no other statement already starts in their words."""
        out = []
        for h in st.headlines:
            a, b = h.content
            # (a candidate whose words run on past the headline's dash into its source is no
            # statement inside the headline: "Countries that believe ..., - Markarova")
            inner = [] if h.label else [c for c in cands if c.end <= h.cue[0] or c.start >= h.cue[1] or h.cue[0] < h.content[0]]
            if any(a <= c.start < b and c.cue is not None and not (a <= c.cue[0] < b) for c in inner):
                continue
            if any(c.cue is not None and h.content[0] <= c.cue[0] < h.content[1] for c in inner if c.mention is not None):
                continue  # "Peskov: Lavrov said ...": the line is a statement of its own form
            out.append(Candidate(a, b, "direct" if h.quoted or self.language != "en" else "indirect", h.cue, h.mention,
                                 score=0.8, order=min(a, h.mention[0]), extra={"headline": True}))
        return out

    def _regions(self, ctx: Context, doc: Document, st: Structure) -> list[_Region]:
        """The text governed by speakers the document names outside any sentence: the whole
        document of a one-speaker statement, and the points or paragraphs under each header."""
        text = doc.text
        out: list[_Region] = []
        found = self._document_speaker(ctx, doc, st)
        if found is not None:
            sp, cue_text, header = found
            start = header[1] if header else 0
            bullets = {ln.start for ln in st.lines if ln.bullet}
            paras = [(a, b) for a, b in _paragraphs(text)
                     if a >= start and not st.in_furniture(a, b)
                     and (not self._heading(text[a:b], doc.title) or _bullet_start(st, a, b) in bullets)]
            paras = [(_bullet_start(st, a, b), b) for a, b in paras]
            out.append(_Region(start, len(text), [sp], [None], header, cue_text, "document", paras))
        for h in st.headers:
            if h.form == "document":
                continue  # read by _document_speaker
            if found is not None and h.cue is not None and found[2] is not None and h.cue[0] <= found[2][0] < h.cue[1]:
                continue
            speakers: list[Speaker] = []
            mentions: list[tuple[int, int] | None] = []
            for name, span in zip(h.names, h.mentions or [None] * len(h.names)):
                sp = ctx.resolve(name)
                if sp.name and sp.name[:1].isupper() and all(sp.name != o.name for o in speakers):
                    speakers.append(sp)
                    mentions.append(span)
            if not speakers:
                continue
            if not ctx.principal and len(speakers) == 1 and h.region[1] >= len(text.rstrip()) - 1:
                self._take_document_speaker(ctx, speakers[0])
            paras = []
            for ln in st.lines:
                if not (h.region[0] <= ln.start and ln.end <= h.region[1]) or st.in_furniture(ln.start, ln.end):
                    continue
                line = st.view[ln.start : ln.end]
                if not ln.bullet and (self.structure._topic_line(line) or self._heading(line, doc.title)):
                    continue
                if len(line.split()) < 3:
                    continue
                a, b = ln.start, ln.end
                while b > a and st.view[b - 1] in " .;":
                    b -= 1
                paras.append((a, b))
            out.append(_Region(h.region[0], h.region[1], speakers, mentions, h.cue, h.cue_text, h.form, paras))
        return out

    def _names_own_speaker(self, t: Tokens, a: int, b: int, cands: list[Candidate]) -> bool:
        """Whether a point [a, b) under a header names its own speaker: a statement found in it
        whose cue follows its words ("..., заявил Лавров", "according to ...") or whose speaker is a
        person named there (a country or "the sides" there are the header's parties speaking)."""
        for c in cands:
            if a <= c.cue[0] < b and c.mention is not None and a <= c.mention[0] < b:
                if c.extra.get("inverted") or c.extra.get("phrase") or c.cue[0] < c.start < c.mention[0] or c.end <= c.cue[0]:
                    return True
                if self.name_kind(t.text[c.mention[0] : c.mention[1]]) == "person":
                    return True
        return False

    # -------------------------------------------------------------- helpers
    def _name_runs(self, t: Tokens) -> Iterator[tuple[int, int]]:
        """Runs of capitalised words (with "of", "the", ...) of two or more names: full names
        with their titles, as in "Deputy Head of the Office of the President Ihor Zhovkva"."""
        inner = self.lexicon.name_inner
        n = len(t.words)
        i = 0
        while i < n:
            if not t.words[i][:1].isupper():
                i += 1
                continue
            j = i + 1
            caps = 1
            while j < n and t.sent[j] == t.sent[i]:
                w = t.words[j]
                if w[:1].isupper():
                    caps += 1
                    j += 1
                elif t.lower[j] in inner and j + 1 < n and (t.words[j + 1][:1].isupper() or t.lower[j + 1] == "the"):
                    j += 1
                else:
                    break
            if caps >= 2:
                yield (i, j)
            i = j

    def _coordinated_parties(self, ctx: Context, mention: str, in_turn: Speaker | None) -> list[Speaker]:
        """The persons a mention names by coordination ("President Biden and Prime Minister
        Meloni", "Володимир Зеленський та Ільхам Алієв"), each resolved on its own; none when the
        mention is one registry name ("Bosnia and Herzegovina") or any part is no person ("Kyiv and
        Moscow", "Zelensky and his team")."""
        coord = self._coordinators()
        words = mention.split()
        if not coord or not any(w.lower() in coord for w in words[1:-1]):
            return []
        whole = ctx.lookup(mention)
        if whole is not None and any(w.lower() in coord for w in whole.name.split()):
            return []  # one name with the coordinator in it ("Bosnia and Herzegovina")
        parts: list[list[str]] = [[]]
        for w in words:
            if w.lower() in coord:
                parts.append([])
            elif w.endswith(",") and len(parts[-1]) >= 1:
                parts[-1].append(w[:-1])
                parts.append([])
            else:
                parts[-1].append(w)
        texts = [" ".join(p) for p in parts if p]
        if len(texts) < 2 or any(not p[:1].isupper() for p in texts):
            return []  # "... and others", "X and his team": not a party named in each part
        out: list[Speaker] = []
        for p in texts:
            sp = ctx.resolve(p, in_turn=in_turn)
            person = sp.type == "person" or (sp.actor_id is None and sp.type is None and len(sp.name.split()) >= 2
                                             and not any(w.lower() in self.lexicon.org_words for w in sp.name.split()))
            if not person or not sp.name[:1].isupper() or any(o.name == sp.name for o in out):
                return []  # persons only: "Kyiv and Moscow" stands for two governments, read as before
            out.append(sp)
        return out

    @functools.cached_property
    def _coordinator_words(self) -> frozenset[str]:
        return frozenset(str(w).lower() for w in (self.lexicon.raw or {}).get("coordinators") or ())

    def _coordinators(self) -> frozenset[str]:
        return self._coordinator_words

    def _joint_parties(self, t: Tokens, ctx: Context, pos: int) -> list[Speaker]:
        """The parties of a joint act ("the two leaders agreed"): the conversation's parties
        when the document names two, else the persons named in the sentences just before."""
        parties = ctx.parties()
        if len(parties) >= 2:
            return parties
        out = list(parties)
        for sp in self._persons_near(t, ctx, pos):
            if all(sp.name != o.name for o in out):
                out.append(sp)
        return out if len(out) >= 2 else parties

    def _persons_near(self, t: Tokens, ctx: Context, pos: int, back: int = 2) -> list[Speaker]:
        """Persons named in the sentence at character ``pos`` and the ``back`` sentences
        before it, in order: registry persons, earlier full names of the document, or personal
        names of two or more words."""
        lx = self.lexicon
        i = t.token_at(pos)
        sn = t.sent[i] if t.sent else 0
        a = t.sents[max(0, sn - back)][0]
        b = t.sents[sn][0] if t.sents else 0
        out: list[Speaker] = []
        k = a
        while k < b:
            if not t.words[k][:1].isupper() or t.lower[k] in lx.pronouns or t.lower[k] in lx.determiners:
                k += 1
                continue
            j = k + 1
            while j < b and t.sent[j] == t.sent[k] and (
                (t.words[j][:1].isupper() and t.words[j].isalpha())
                or (t.lower[j] in _NAME_JOINERS and j + 1 < b and t.words[j + 1][:1].isupper())
            ):
                j += 1
            run = t.text[t.starts[k] : t.ends[j - 1]]
            k = j
            if all(w.lower() in lx.role_nouns or w.lower() in lx.honorifics for w in run.split()):
                continue  # "the President": a role, not a name
            name, _ = ctx.split_name(run)
            hit = ctx.lookup(run) or (ctx.lookup(name) if name else None)
            sp: Speaker | None = None
            if hit is not None:
                sp = hit if hit.type == "person" else None
            elif name:
                last = name.split()[-1].lower()
                words = name.split()
                if any(w.lower() in lx.role_nouns or w.lower() in lx.org_words for w in words):
                    continue
                sp = next((n for n in ctx.recent_names() if n.name.split()[-1].lower() == last and n.type != "institution"), None)
                if sp is None and 2 <= len(words) <= 3:
                    sp = Speaker(name, type="person")
            if sp is not None and all(sp.name != o.name for o in out):
                out.append(sp)
        return out

    def _set_principal(self, ctx: Context, doc: Document) -> None:
        lx = self.lexicon
        host = ""
        for v in (doc.source, doc.url):
            if v:
                host = urlparse(v).netloc or v
                host = host.split(":")[0].lower()
                if host in lx.readout_principals:
                    break
                host = host.split("/")[0]
                if host in lx.readout_principals:
                    break
        name = lx.readout_principals.get(host)
        if name is None and host.startswith("www."):
            name = lx.readout_principals.get(host[4:])
        if name is not None:
            sp = ctx.lookup(name) or Speaker(name, type="person")
            ctx.principal = sp
        # the side the source speaks from: its principal's (from the registry), else the table
        ctx.side = ctx.principal.side if ctx.principal is not None else None
        if ctx.side is None:
            for key in (host, host.removeprefix("www."), (doc.source or "").lower()):
                if key and key in lx.source_sides:
                    ctx.side = lx.source_sides[key]
                    break
        title = doc.title or ""
        if title:
            found: list[Speaker] = []
            if ctx.registry is not None:
                hits = ctx.registry.find_mentions(title, language=self.language)
                for start, _, actor in hits:
                    if actor.type == "person":
                        found.append(Speaker.of(actor))
                        if start <= 2 and (ctx.principal is None or actor.name != ctx.principal.name):
                            # "Andriy Yermak discussed ... with ...": he, not the site's principal,
                            # is a party of the conversation
                            ctx.lead = found[-1]
            if not found:
                m = re.search(r"\bwith\s+(.+)$", title)
                if m:
                    name2, title2 = ctx.split_name(m.group(1))
                    if name2:
                        found.append(ctx.lookup(name2) or Speaker(name2, title=title2 or None, type="person"))
            for sp in found:
                if ctx.principal is None or sp.name != ctx.principal.name:
                    ctx.counterparts.append(sp)

    def _document_speaker(self, ctx: Context, doc: Document, st: Structure) -> tuple[Speaker, str | None, tuple[int, int] | None] | None:
        """The speaker of a document that is one speaker's statement, with the cue that says so
        (the title or header line) and the header's span in the text; else None.

        Read, in this order, from: the document's metadata naming a single speaker (a record's
        ``speaker`` field); its title or first line read as a header by the structure ("Statement
        by Foreign Minister Sergey Lavrov"); a first line that is just a person's name above words
        in the first person."""
        meta = doc.metadata or {}
        names = meta.get("speaker") or meta.get("speakers")
        if isinstance(names, str):
            names = [names]
        if isinstance(names, (list, tuple)) and len(names) == 1 and isinstance(names[0], str) and names[0].strip():
            who = names[0].strip()
            sp = ctx.lookup(who) or Speaker(who, type="person")
            return self._take_document_speaker(ctx, sp), doc.title, None
        publisher = self._publisher_statement(doc)
        if publisher is not None:
            sp = ctx.lookup(publisher) or Speaker(publisher, type="institution")
            return self._take_document_speaker(ctx, sp), doc.title, None
        for h in st.headers:
            if h.form != "document":
                continue
            sp = ctx.resolve(h.names[0])
            if sp.name and sp.name[:1].isupper():
                return self._take_document_speaker(ctx, sp), h.cue_text, h.cue
        m = re.match(r"\s*([^\n]{3,150})\n", st.view)
        if m is not None:
            header = m.group(1).strip()
            a = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            if not header.endswith((".", "?", "!", ":", ",")) and len(header.split()) <= 8:
                name, _ = ctx.split_name(header)
                hit = ctx.lookup(header) or (ctx.lookup(name) if name else None)
                if hit is not None and hit.type == "person" and self._first_person(doc.text[m.end() :]):
                    return self._take_document_speaker(ctx, hit), header, (a, a + len(header))
        return None

    def _publisher_statement(self, doc: Document) -> str | None:
        """The publisher of a document its publisher states in its own name: a title the lexicon
        reads as such (``structure.publisher_titles``: "FACT SHEET: ...") on a source or address
        the lexicon names the publisher of (``structure.publishers``); else None."""
        raw = (self.lexicon.raw or {}).get("structure") or {}
        titles, publishers = raw.get("publisher_titles") or (), raw.get("publishers") or {}
        if not doc.title or not titles or not publishers:
            return None
        if not any(re.search(p, doc.title.strip(), re.IGNORECASE) for p in titles):
            return None
        where = " ".join(v for v in (doc.source, doc.url) if v).lower()
        return next((str(name) for key, name in publishers.items() if str(key).lower() in where), None)

    def _first_person(self, text: str) -> bool:
        """Whether a text speaks in the first person (a few "I"/"we"/"our" outside quotations)."""
        return _first_person(text, self.lexicon)

    def _heading(self, para: str, title: str | None) -> bool:
        """Whether a paragraph of a one-speaker document is a heading, not the speaker's words:
        the title repeated, a "Statement by ..." line, or a short line without a sentence's final
        stop (a dateline: "Dravsk, 23 April 2030")."""
        line = para.strip().strip("*_#>~` \t").strip()  # markdown emphasis: "**Ukrainians!**"
        if title and line.rstrip(".").strip().lower() == title.strip().rstrip(".").lower():
            return True
        if any(pat.search(line) for pat in self.lexicon.statement_titles) and len(line.split()) <= 20 and not line.endswith((".", "!", "?")):
            return True
        return len(line.split()) <= 12 and not line.endswith((".", "!", "?", "…", '"', "”", "»", ":", ";"))

    @staticmethod
    def _take_document_speaker(ctx: Context, sp: Speaker) -> Speaker:
        ctx.principal = ctx.principal or sp
        if ctx.side is None:
            ctx.side = sp.side
        return sp

    def _is_question(self, ctx: Context, turn: Turn, sp: Speaker, text: str) -> bool:
        lx = self.lexicon
        first = turn.name.split()[0].lower().rstrip(".")
        if first in lx.question_labels or turn.name.lower() in lx.question_labels:
            return True
        if sp.actor_id is not None:
            return False
        if ctx.principal is not None and sp.name == ctx.principal.name:
            return False
        name, title = ctx.split_name(turn.name)
        if title and any(w.lower() in lx.role_nouns for w in title.split()):
            return False
        return "?" in text[turn.start : turn.end]


_NAME_JOINERS = frozenset(["de", "da", "van", "von", "der", "al", "bin", "el", "la", "le"])
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|my|My|me|us)\b")


def _first_person(text: str, lx: Lexicon) -> bool:
    """Whether a text speaks in the first person (a few "I"/"we"/"our" outside quotations)."""
    body = re.sub(r"[\"\u201c\u00ab][^\"\u201d\u00bb]{0,400}[\"\u201d\u00bb]", " ", text[:4000])
    return len(_FIRST_PERSON.findall(body)) >= 3


_NAME = r"((?:[A-Z][\w'\u2019&\-]*)(?:[ \t]+(?:of[ \t]+)?[A-Z][\w'\u2019&\-]*){0,4})"
#: where a text names the outlet it draws on: the outlet a speaker talked to ("in a comment to
#: Politico", "told CNN") first, then one it cites ("according to Reuters", "Bloomberg reported")
_OUTLET_TOLD = re.compile(
    r"\b(?:(?:comments?|interview|remarks|statement|op-ed|article|column|letter|conversation)\s+(?:to|with|for|in)|told|speaking\s+to|talking\s+to)\s+(?:the\s+)?" + _NAME
)
_OUTLET_CITED = re.compile(
    r"\b(?:according\s+to|reported\s+by|cited\s+by|quoted\s+by)\s+(?:an?\s+|the\s+)?" + _NAME
    # a name that reports starts a word (without the look-behind a long run of capitals or
    # apostrophes is tried from every letter: quadratic)
    + r"|(?<![\w'\u2019&\-])" + _NAME + r"\s+(?:reported|reports|wrote|writes)\b"
)


#: a personal name set off by commas right after a speaker's title ("..., Karl Nehammer, says"):
#: two to four capitalised words, in Latin or Cyrillic letters
_APPOSITION = re.compile(
    r"\s*,\s+((?:[A-Z\u0400-\u042f\u0404\u0406\u0407\u0490][\w.'\u2019\-]*\s+){1,3}"
    r"[A-Z\u0400-\u042f\u0404\u0406\u0407\u0490][\w'\u2019\-]+)\s*,"
)


def _outlets(text: str) -> list[tuple[int, int, str]]:
    """(position, rank, name) of the outlets a text names: rank 0 for one a speaker talked to,
    1 for one the text cites."""
    out = [(m.start(), 0, m.group(1)) for m in _OUTLET_TOLD.finditer(text)]
    for m in _OUTLET_CITED.finditer(text):
        name = m.group(1) or m.group(2)
        out.append((m.start(), 1, name))
    return sorted(out)


def _media_mention(low: str, lx: Lexicon) -> bool:
    """"the publication", "the newspaper": a determiner (and adjectives) before a media noun."""
    words = low.split()
    return len(words) >= 2 and words[0] in ("the", "this") and words[-1] in lx.media_nouns


def _outlet_before(outlets: list[tuple[int, int, str]], pos: int, ctx: Context) -> Speaker | None:
    before = [o for o in outlets if o[0] < pos]
    best = max(before, key=lambda o: (o[1] == 0, o[0])) if before else None
    if best is None:
        return None
    name = best[2]
    hit = ctx.lookup(name)
    if hit is None:
        name = re.sub(r"(?:'s|\u2019s)$", "", name)
        return Speaker(name, type="institution")
    return hit


def _last_joint(ctx: Context) -> bool:
    return bool(ctx.history) and ctx.history[-1] is JOINT


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs (lines) of a text: of 20 characters or more, or a short exclamation or
    sentence of two words or more ("Dear Ukrainians!")."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 20 or (b - a >= 8 and text[b - 1] in "!." and " " in text[a:b].strip("*_ ")) or (b - a >= 8 and text[b - 1] == "!"):
            out.append((a, b))
    return out


def _dedupe(stmts: list[Statement]) -> list[Statement]:
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for s in stmts:
        if s.speaker == "\x00joint":
            continue
        key = (s.start, s.end, s.speaker)
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    out.sort(key=lambda s: (s.start, s.end))
    return out
