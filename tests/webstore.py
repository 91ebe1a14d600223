"""A small but realistic store for the web and report tests, built by hand.

Fictional officials of three sides (RU, UA, US) speak over twelve weeks in the spring of 2024;
the texts are written here (nothing is copied from the shared corpora). The store holds:

- statements with signals, cues, topics and event codes, with offsets that match the text;
- two same-side contradictions (UA: talks "without preconditions" against a ceasefire demanded
  first; RU: a ceasefire proposed against a ceasefire ruled out);
- a declared RU Easter ceasefire (12-14 April) with RU attacks recorded inside the window, and a
  UA ceasefire without any UA attack inside its window;
- a document whose title and text contain ``<script>`` (to test escaping);
- an unresolved speaker (no actor id, no side).
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

from parley.records import Document, Event, EventCode, Signal, Span, Statement

RU, UA, US = "RU", "UA", "US"

ACTORS = {
    "ru-sokolov": ("Andrei Sokolov", RU, "Foreign Minister Andrei Sokolov"),
    "ru-volkova": ("Maria Volkova", RU, "Foreign Ministry spokeswoman Maria Volkova"),
    "ua-kovalenko": ("Olena Kovalenko", UA, "President Olena Kovalenko"),
    "ua-bondar": ("Taras Bondar", UA, "Foreign Minister Taras Bondar"),
    "us-harper": ("James Harper", US, "Secretary of State James Harper"),
}

EXTRACTOR = "parley.extract/1"
CODER = "parley.signals.rules/1"

# A signal: (code, cue words in the quote, topics, conditional)
Sig = tuple[str, tuple[str, ...], tuple[str, ...], bool | None]


@dataclass
class Say:
    actor: str | None  # an ACTORS key, or None for an unresolved speaker
    quote: str
    signals: tuple[Sig, ...] = ()
    mention: str | None = None  # as written; default: the actor's long mention
    cue: str = "said"
    direct: bool = True


@dataclass
class Doc:
    day: str
    title: str
    says: list[Say]
    source: str = "Example Wire"
    lead: str = ""
    tail: str = ""
    extra: dict = field(default_factory=dict)


def _event_code(codes: tuple[str, ...]) -> EventCode | None:
    if not codes:
        return None
    try:
        from parley.signals.codebook import load_codebook

        return load_codebook().signal(codes[0]).event_code(confidence=0.9, coder=CODER)
    except Exception:  # noqa: BLE001 - the codebook is someone else's and may be mid-change
        return EventCode(plover=None, coder=CODER)


def build_document(spec: Doc) -> tuple[Document, list[Statement]]:
    """The document's text and its statements, with every offset computed from the text."""
    day = dt.date.fromisoformat(spec.day)
    parts: list[str] = []
    pos = 0

    def put(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    if spec.lead:
        put(spec.lead + " ")
    pending: list[tuple[Say, tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    for say in spec.says:
        mention = say.mention or (ACTORS[say.actor][2] if say.actor else "A senior diplomat")
        m = put(mention)
        put(" ")
        c = put(say.cue)
        if say.direct:
            put(': "')
            q = put(say.quote)
            put('" ')
        else:
            put(" that ")
            q = put(say.quote)
            put(" ")
        pending.append((say, m, c, q))
    if spec.tail:
        put(spec.tail)
    text = "".join(parts).rstrip()
    doc = Document.create(
        text, title=spec.title, source=spec.source, url=f"https://example.org/news/{spec.day}/{zlib.crc32(spec.title.encode()) % 10**6}",
        published=day, language="en", author="Staff reporter", reader="jsonl",
        origin=f"tests/webstore.py:{spec.title}", external_id=f"ex-{spec.day}-{len(spec.says)}-{spec.title[:12]}",
        metadata={"section": "world", **spec.extra},
    )
    statements = []
    for say, (ms, me), (cs, ce), (qs, qe) in pending:
        name, side, _ = ACTORS[say.actor] if say.actor else (None, None, None)
        mention_text = text[ms:me]
        signals = tuple(
            Signal(code=code, confidence=0.85, cues=cues, conditional=cond, topics=topics, coder=CODER,
                   conditions=("a ceasefire first",) if code == "SET_CONDITIONS" else ())
            for code, cues, topics, cond in say.signals
        )
        statements.append(
            Statement(
                doc_id=doc.id, start=qs, end=qe, text=text[qs:qe], kind="direct" if say.direct else "indirect",
                speaker=name or mention_text, actor_id=say.actor, side=side, mention=mention_text,
                mention_span=Span.of(text, ms, me), cue=text[cs:ce], cue_span=Span.of(text, cs, ce),
                published=day, language="en", confidence=0.9, signals=signals,
                event=_event_code(tuple(s.code for s in signals)), extractor=EXTRACTOR,
            )
        )
    return doc, statements


def sample_documents() -> list[Doc]:
    T = ("negotiations",)
    C = ("ceasefire",)
    docs = [
        Doc("2024-03-04", "Moscow says it is open to talks", [
            Say("ru-sokolov", "We are ready to negotiate with Kyiv on the basis of the realities on the ground.",
                (("OFFER_TALKS", ("ready to negotiate",), T, True),)),
            Say("ru-volkova", "Any talks must start with recognition of the new borders.",
                (("SET_CONDITIONS", ("must start with",), ("territory", "negotiations"), None),)),
        ], lead="Russia signalled on Monday that it could return to the table."),
        Doc("2024-03-06", "Kyiv rejects Moscow's terms", [
            Say("ua-kovalenko", "There will be no talks on the basis of occupation. We reject these terms.",
                (("REJECT", ("reject",), ("territory", "negotiations"), None),)),
            Say("us-harper", "Washington supports Ukraine's position and will keep sanctions in place.",
                (("SANCTION", ("sanctions",), ("sanctions",), None), ("PRAISE", ("supports",), (), None))),
        ]),
        Doc("2024-03-08", "Moscow welcomes mediation", [
            Say("ru-sokolov", "We are open to talks with the mediators and welcome their efforts.",
                (("OFFER_TALKS", ("open to talks",), T, None), ("PRAISE", ("welcome their efforts",), (), None))),
        ]),
        Doc("2024-03-12", "Shelling of Kharkiv condemned", [
            Say("ua-bondar", "Russia shelled residential districts again overnight, a war crime.",
                (("ACCUSE", ("shelled", "war crime"), ("war_crimes",), None),)),
            Say("ru-volkova", "If the shelling of our border regions continues, the response will be harsh.",
                (("THREATEN", ("response will be harsh",), (), None),)),
        ]),
        Doc("2024-03-19", "Prisoner exchange agreed", [
            Say("ua-kovalenko", "We agreed to exchange prisoners of war with mediation from our partners.",
                (("AGREE", ("agreed to exchange",), ("prisoners",), None),)),
            Say("ru-sokolov", "The exchange was agreed and will be carried out this week.",
                (("AGREE", ("was agreed",), ("prisoners",), None),)),
        ]),
        Doc("2024-03-21", "Grain corridor extended", [
            Say("ru-volkova", "We agreed with our partners to extend the grain corridor for another month.",
                (("AGREE", ("agreed with our partners",), ("food",), None),)),
            Say("ru-sokolov", "We will work together with the United Nations on the grain deliveries.",
                (("COOPERATE", ("work together",), ("food",), None),)),
        ]),
        Doc("2024-03-26", "Kyiv offers to meet", [
            Say("ua-kovalenko", "We will meet them without preconditions.",
                (("OFFER_TALKS", ("meet them", "without preconditions"), T, False),)),
        ], lead="Ukraine's president made an unexpected offer on Tuesday."),
        Doc("2024-03-29", "Foreign minister sets a condition", [
            Say("ua-bondar", "A ceasefire is needed to start the dialogue.",
                (("SET_CONDITIONS", ("needed to start",), ("ceasefire", "negotiations"), None),), cue="said"),
        ]),
        Doc("2024-04-02", "Washington urges restraint", [
            Say("us-harper", "We will work with our allies to support any genuine negotiations.",
                (("COOPERATE", ("work with our allies",), T, None),)),
        ]),
        Doc("2024-04-08", "Moscow proposes an Easter truce", [
            Say("ru-sokolov", "We declare a ceasefire from 12 April to 14 April for the Easter holidays.",
                (("CEASEFIRE", ("declare a ceasefire",), C, False),)),
        ], lead="The Kremlin announced a short truce."),
        Doc("2024-04-10", "Spokeswoman dismisses truce talk", [
            Say("ru-volkova", "A ceasefire is out of the question while Kyiv keeps attacking.",
                (("REJECT", ("out of the question",), C, None),)),
        ]),
        Doc("2024-04-15", "Kyiv says the truce was broken", [
            Say("ua-bondar", "The so-called truce was violated dozens of times.",
                (("ACCUSE", ("violated",), C, None),)),
            Say(None, "Nobody in the region believed the truce would hold.", (), mention="A senior diplomat",
                direct=False),
        ]),
        Doc("2024-04-22", "Ukraine announces a humanitarian pause", [
            Say("ua-kovalenko", "We announce a ceasefire on 25 April to let civilians leave the city.",
                (("CEASEFIRE", ("announce a ceasefire",), ("ceasefire", "humanitarian"), False),)),
        ]),
        Doc("2024-04-29", "Sanctions widened", [
            Say("us-harper", "Today we are imposing new sanctions on the energy sector.",
                (("SANCTION", ("imposing new sanctions",), ("sanctions", "energy"), None),)),
            Say("ru-sokolov", "These sanctions will not change our position.",
                (("REJECT", ("will not change",), ("sanctions",), None),)),
        ]),
        Doc("2024-05-06", "Moscow hardens its line", [
            Say("ru-sokolov", "Talks are impossible while weapons keep flowing to Kyiv.",
                (("REJECT", ("talks are impossible",), ("negotiations", "weapons"), None),)),
            Say("ru-volkova", "The West is prolonging the war by sending weapons.",
                (("ACCUSE", ("prolonging the war",), ("weapons",), None),)),
        ]),
        Doc("2024-05-09", "Moscow warns the West", [
            Say("ru-volkova", "Those who send troops will become legitimate targets.",
                (("THREATEN", ("legitimate targets",), ("weapons",), None),)),
        ]),
        Doc("2024-05-13", "Kyiv thanks partners", [
            Say("ua-kovalenko", "I thank our partners for the air defence systems.",
                (("PRAISE", ("thank",), ("weapons",), None),)),
        ]),
        Doc("2024-05-20", "Threats over long-range weapons", [
            Say("ru-volkova", "Strikes deep into Russia would force us to respond with every means.",
                (("THREATEN", ("force us to respond",), ("weapons",), None),)),
            Say("ru-sokolov", "Moscow will never accept Ukraine's membership in NATO.",
                (("REJECT", ("never accept",), ("nato",), None),)),
        ]),
        Doc("2024-05-23", "New sanctions condemned", [
            Say("ru-sokolov", "We reject the new sanctions and will answer them with measures of our own.",
                (("REJECT", ("reject",), ("sanctions",), None), ("THREATEN", ("answer them",), ("sanctions",), None))),
        ]),
        Doc("2024-05-27", "A call for a summit", [
            Say("ua-bondar", "We propose a peace summit with all our partners in June.",
                (("OFFER_TALKS", ("propose a peace summit",), T, None),)),
        ]),
        Doc("2024-05-28", "Hostile markup <script>alert('x')</script> in a headline", [
            Say("ua-bondar", "Statements with <script>alert('pwned')</script> & ampersands stay text.",
                (("ACCUSE", ("pwned",), (), None),)),
        ], lead="<b>Bold claims</b> and <script>document.title='owned'</script> must be shown as text."),
    ]
    return docs


def sample_events() -> list[Event]:
    ev = []

    def add(day: str, side: str, kind: str, fatalities: int, location: str) -> None:
        ev.append(Event(
            id=f"acled-test-{len(ev) + 1}", date=dt.date.fromisoformat(day), dataset="acled", event_type=kind,
            sub_event_type="Shelling/artillery/missile attack" if kind.startswith("Explosions") else None,
            actor1="Military Forces of Russia" if side == RU else "Military Forces of Ukraine",
            actor2="Military Forces of Ukraine" if side == RU else "Military Forces of Russia",
            side1=side, side2=UA if side == RU else RU, country="Ukraine", location=location,
            fatalities=fatalities, origin="tests/webstore.py",
        ))

    for day, loc in [("2024-03-11", "Kharkiv"), ("2024-03-12", "Kharkiv"), ("2024-03-25", "Odesa"),
                     ("2024-04-05", "Sumy"), ("2024-04-10", "Kharkiv"), ("2024-04-12", "Kherson"),
                     ("2024-04-13", "Kharkiv"), ("2024-04-13", "Zaporizhzhia"), ("2024-05-02", "Dnipro"),
                     ("2024-05-21", "Kharkiv")]:
        add(day, RU, "Explosions/Remote violence", 2, loc)
    for day, loc in [("2024-03-14", "Belgorod"), ("2024-04-18", "Bryansk"), ("2024-05-09", "Kursk")]:
        add(day, UA, "Battles", 1, loc)
    return ev


def build_sample_store(store) -> dict:
    """Fill ``store`` with the sample documents, statements and events; return what was built."""
    built = [build_document(d) for d in sample_documents()]
    store.add_documents([d for d, _ in built])
    run = store.start_run("test-fixture", {"builder": "tests/webstore.py"})
    store.replace_statements_many({d.id: sts for d, sts in built}, run_id=run)
    store.finish_run(run, {"statements": sum(len(s) for _, s in built)})
    store.add_events(sample_events())
    return {
        "documents": [d for d, _ in built],
        "statements": [s for _, sts in built for s in sts],
        "by_title": {d.title: (d, sts) for d, sts in built},
    }
