"""Statement extraction on sentences written for the purpose: every construction the extractor
handles, the offsets invariant, and speaker resolution (with a tiny registry stand-in)."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_doubles import TinyRegistry
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import Extractor, extract, get_extractor
from parley.extract.lexicon import english_forms, load_lexicon
from parley.extract.quotes import find_quotes
from parley.records import Document
from parley.stages import Stage, stamp

REG = TinyRegistry()


def run(text: str, registry=REG, **kw) -> list:
    doc = Document.create(text, **kw)
    out = extract(doc, registry=registry)
    for s in out:
        assert doc.text[s.start : s.end] == s.text
        for p in s.parts:
            assert doc.text[p.start : p.end] == p.text
        if s.mention_span is not None:
            assert doc.text[s.mention_span.start : s.mention_span.end] == s.mention_span.text
        if s.cue_span is not None:
            assert doc.text[s.cue_span.start : s.cue_span.end] == s.cue_span.text
    return out


def one(text: str, **kw):
    out = run(text, **kw)
    assert len(out) == 1, [(s.speaker, s.text) for s in out]
    return out[0]


# ---------------------------------------------------------------- direct quotes
@pytest.mark.parametrize(
    "text,quote",
    [
        ('"We are ready for talks," Peskov said.', "We are ready for talks"),
        ("\u201cWe are ready for talks,\u201d Peskov said.", "We are ready for talks"),
        ("\u00abWe are ready for talks\u00bb, Peskov said.", "We are ready for talks"),
        ("\u201eWe are ready for talks\u201c, Peskov said.", "We are ready for talks"),
        ("'We are ready for talks,' Peskov said.", "We are ready for talks"),
        ("Peskov said: \"We are ready for talks.\"", "We are ready for talks."),
        ('"We are ready for talks," said Peskov.', "We are ready for talks"),
    ],
)
def test_direct_quote_styles(text, quote):
    s = one(text)
    assert (s.speaker, s.actor_id, s.side, s.kind, s.text) == ("Dmitry Peskov", "peskov", "RU", "direct", quote)
    assert s.cue.startswith("said")
    assert s.mention == "Peskov"


def test_split_quote_is_one_statement_with_two_parts():
    s = one('"We are ready," Lavrov said, "but only on our terms."')
    assert s.speaker == "Sergey Lavrov"
    assert [p.text for p in s.parts] == ["We are ready", "but only on our terms."]
    assert s.kind == "direct"


def test_quote_over_several_paragraphs_is_one_quote():
    text = '"The first paragraph of the address.\n\n"The second paragraph, which ends here," Zelenskyy said.'
    lx = load_lexicon("en")
    quotes = find_quotes(text, lx)
    assert len(quotes) == 1
    s = one(text)
    assert s.speaker == "Volodymyr Zelensky"
    assert s.text.startswith("The first paragraph") and s.text.endswith("ends here")


def test_nested_straight_quotes_stay_inside():
    s = one('"There should be no "suspended" packages at all," Zelenskyy noted.')
    assert s.text == 'There should be no "suspended" packages at all'


# ---------------------------------------------------------------- reported speech
@pytest.mark.parametrize(
    "text,speaker,content,cue",
    [
        ("Peskov said that Russia was ready for talks.", "Dmitry Peskov", "Russia was ready for talks", "said"),
        ("According to Lavrov, Russia is ready for talks.", "Sergey Lavrov", "Russia is ready for talks", "According to"),
        ("Russia is ready for talks, Lavrov said.", "Sergey Lavrov", "Russia is ready for talks", "said"),
        ("Zelenskyy told reporters that Kyiv would not cede any land.", "Volodymyr Zelensky", "Kyiv would not cede any land", "told reporters"),
        ("Lavrov warned that the West was playing with fire.", "Sergey Lavrov", "the West was playing with fire", "warned"),
        ("Peskov insisted that the operation was going to plan.", "Dmitry Peskov", "the operation was going to plan", "insisted"),
        ("Putin ruled out a ceasefire.", "Vladimir Putin", "a ceasefire", "ruled out"),
    ],
)
def test_reported_speech(text, speaker, content, cue):
    s = one(text)
    assert (s.speaker, s.text, s.cue, s.kind) == (speaker, content, cue, "indirect")


@pytest.mark.parametrize(
    "text,speaker,content",
    [
        ("Putin announced another truce.", "Vladimir Putin", "another truce"),
        ("Macron rejected the proposal.", "Emmanuel Macron", "the proposal"),
        ("Lavrov listed conditions for a settlement.", "Sergey Lavrov", "conditions for a settlement"),
    ],
)
def test_reported_communicative_acts(text, speaker, content):
    s = one(text)
    assert (s.speaker, s.text) == (speaker, content)


def test_author_analysis_and_physical_actions_are_not_statements():
    assert run("Troops shelled the city overnight. The economy grew by two percent.") == []


def test_two_speakers_in_one_sentence():
    out = run("Peskov said talks were possible, and Zelenskyy said they were not.")
    assert [(s.speaker, s.text) for s in out] == [
        ("Dmitry Peskov", "talks were possible"),
        ("Volodymyr Zelensky", "they were not"),
    ]


# ---------------------------------------------------------------- speakers
def test_pronoun_resolves_to_the_previous_speaker():
    out = run("Peskov said that talks were possible. He added that Kyiv had to agree first.")
    assert [(s.speaker, s.mention) for s in out] == [("Dmitry Peskov", "Peskov"), ("Dmitry Peskov", "He")]


def test_role_at_the_date():
    s = one("The Kremlin spokesman told reporters that the talks would go on.", published=dt.date(2025, 3, 1))
    assert (s.speaker, s.mention) == ("Dmitry Peskov", "The Kremlin spokesman")


def test_role_resolved_to_a_fuller_mention_in_the_document():
    text = (
        "Deputy Head of the Office of the President of Ukraine Ihor Zhovkva met a delegation. "
        "The Deputy Head of the Office of the President stressed that Ukraine needed air defence."
    )
    s = one(text)
    assert s.speaker == "Ihor Zhovkva"


def test_unknown_speaker_is_kept_as_mentioned():
    s = one("John Smith, a local farmer, said the bridge had been destroyed.")
    assert (s.speaker, s.actor_id, s.side) == ("John Smith", None, None)


def test_without_registry_the_mention_names_the_speaker():
    s = one('"We are ready," Peskov said.', registry=None)
    assert (s.speaker, s.actor_id) == ("Peskov", None)


def test_date_given_in_the_sentence():
    s = one("On Monday, Peskov said that talks were possible.", published=dt.date(2025, 3, 5))
    assert s.published == dt.date(2025, 3, 3)
    s = one("Peskov said that talks were possible.", published=dt.date(2025, 3, 5))
    assert s.published == dt.date(2025, 3, 5)


# ---------------------------------------------------------------- documents
def test_transcript_turns_and_questions():
    text = (
        "President of Russia Vladimir Putin: Good afternoon, colleagues. We will discuss the oil industry. "
        "Question: Will there be talks with Kiev? "
        "Vladimir Putin: We are ready, as I said before."
    )
    out = run(text, source="en.kremlin.ru")
    assert [(s.speaker, s.kind, s.cue) for s in out] == [
        ("Vladimir Putin", "direct", "President of Russia Vladimir Putin:"),
        ("Vladimir Putin", "direct", "Vladimir Putin:"),
    ]
    assert out[0].text == "Good afternoon, colleagues. We will discuss the oil industry."


def test_document_that_is_one_speakers_statement():
    text = "We have received the proposal.\nWe are studying it and will answer in due course."
    out = run(text, title="Statement by Foreign Minister Sergey Lavrov")
    assert [(s.speaker, s.kind) for s in out] == [("Sergey Lavrov", "direct"), ("Sergey Lavrov", "direct")]
    assert [s.text for s in out] == text.split("\n")


def test_passive_readout_is_the_principals():
    s = one("It was emphasised that Kiev was only imitating a negotiating process.", source="en.kremlin.ru")
    assert (s.speaker, s.mention, s.cue) == ("Vladimir Putin", None, "It was emphasised")


def test_joint_act_gives_one_statement_per_party():
    out = run(
        "The two leaders agreed to maintain contact at various levels.",
        source="en.kremlin.ru",
        title="Telephone conversation with President of France Emmanuel Macron",
    )
    assert sorted(s.speaker for s in out) == ["Emmanuel Macron", "Vladimir Putin"]
    assert len({(s.start, s.end) for s in out}) == 1


def test_back_reference_takes_the_sentences_before():
    text = "Russia will circumvent the sanctions. This was stated by Adviser to the President Oleg Ustenko."
    s = one(text)
    assert (s.speaker, s.text) == ("Oleh Ustenko", "Russia will circumvent the sanctions")


# ---------------------------------------------------------------- the stage
def test_extractor_is_a_stage_and_stamps_its_rows():
    ex = get_extractor("en", REG)
    assert isinstance(ex, Stage)
    assert ex.name == "parley.extract.en"
    docs = [Document.create('"Yes," Peskov said.'), Document.create("Nothing here.")]
    out = list(ex.pipe(docs, batch_size=1))
    assert [len(o) for o in out] == [1, 0]
    assert out[0][0].extractor == stamp(ex)
    assert out[0][0].signals == ()
    assert out[0][0].language == "en"


def test_unknown_language_is_a_config_error():
    from parley.errors import ConfigError

    with pytest.raises(ConfigError, match="no statement-extraction lexicon"):
        Extractor(language="xx")


def test_english_inflection():
    assert english_forms("say")[:2] == ("say", "says")
    assert english_forms("note") == ("note", "notes", "noted", "noting")
    assert english_forms("deny") == ("deny", "denies", "denied", "denying")
    assert load_lexicon("en").base("said") == "say"


# ---------------------------------------------------------------- invariants
_ALPHABET = st.sampled_from(
    list("abc XYZ.,:;!?-\n") + ['"', "'", "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", " said ", " Peskov ", " that ", " according to ", " he "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_offsets_always_slice_the_text(text):
    doc = Document.create(text or " ")
    for s in extract(doc, registry=REG):
        assert doc.text[s.start : s.end] == s.text
        assert s.start < s.end
        for p in s.parts:
            assert doc.text[p.start : p.end] == p.text
