"""Statements in Russian and Ukrainian (parley.extract.slavic): constructions on sentences written
for these tests, offsets on real text, and the pinned floors on the ru/uk gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parley.extract import get_extractor
from parley.evaluation.attribution import _default_registry, evaluate_gold
from parley.extract.slavic import SlavicExtractor, mask_markdown, nominative, transliterate
from parley.records import Document

FLOORS = json.loads((Path(__file__).parent / "floors" / "languages.json").read_text(encoding="utf-8"))


def run(registry, lang: str, text: str, **kw):
    doc = Document.create(text, language=lang, published=dt.date(2024, 11, 30), **kw)
    out = list(get_extractor(lang, registry)(doc))
    for s in out:
        assert s.text == text[s.start : s.end]
        assert s.language == lang
        if s.mention_span is not None:
            assert s.mention_span.text == text[s.mention_span.start : s.mention_span.end]
        if s.cue_span is not None:
            assert s.cue_span.text == text[s.cue_span.start : s.cue_span.end]
    return out


def run_rules(registry, lang: str, text: str, **kw):
    """The rules' statements, without the learned statement model's selection (what these tests
    pin is the rules; the model's effect is pinned by the floors on annotated text)."""
    doc = Document.create(text, language=lang, published=dt.date(2024, 11, 30), **kw)
    out = list(SlavicExtractor(registry=registry, language=lang, selector=None)(doc))
    for s in out:
        assert s.text == text[s.start : s.end]
    return out


def one(out, speaker: str):
    hits = [s for s in out if s.speaker == speaker]
    assert hits, f"no statement by {speaker}: {[(s.speaker, s.text) for s in out]}"
    return hits[0]


def test_routing_picks_the_slavic_extractor(registry):
    assert isinstance(get_extractor("ru", registry), SlavicExtractor)
    assert isinstance(get_extractor("uk", registry), SlavicExtractor)
    assert not isinstance(get_extractor("en", registry), SlavicExtractor)


# ----------------------------------------------------------------------------- direct speech
def test_guillemets_dash_cue(registry):
    s = one(run(registry, "ru", "«Мы готовы к переговорам без предварительных условий», — заявил Песков."), "Dmitry Peskov")
    assert (s.kind, s.text, s.mention, s.cue) == ("direct", "Мы готовы к переговорам без предварительных условий", "Песков", "заявил")


def test_dialogue_dash_with_continuation(registry):
    text = "Песков ответил на вопрос.\n\n— Никаких переговоров не будет, — сказал он. — Это наша позиция."
    s = next(x for x in run(registry, "ru", text) if x.cue == "сказал")
    assert s.speaker == "Dmitry Peskov" and s.kind == "direct"
    assert s.text.startswith("Никаких переговоров") and s.text.endswith("Это наша позиция")
    assert [p.text for p in s.parts] == ["Никаких переговоров не будет", "Это наша позиция"]


def test_straight_quotes_with_hyphen_cue(registry):
    s = one(run(registry, "ru", '"Эскалационным шагом стало нанесение ударов", - сказал Лавров.'), "Sergey Lavrov")
    assert s.kind == "direct" and s.text == "Эскалационным шагом стало нанесение ударов"


def test_colon_then_quotation(registry):
    s = one(run(registry, "ru", "Мария Захарова подчеркнула: «Запад несет ответственность за эскалацию»."), "Maria Zakharova")
    assert s.kind == "direct" and s.text == "Запад несет ответственность за эскалацию"


def test_ukrainian_quote_dash_cue(registry):
    s = one(run(registry, "uk", "«Ми не віддамо жодного метра нашої землі», — заявив Зеленський."), "Volodymyr Zelensky")
    assert s.kind == "direct" and s.text == "Ми не віддамо жодного метра нашої землі"


# ----------------------------------------------------------------------------- reported speech
@pytest.mark.parametrize(
    "lang,text,speaker,content",
    [
        ("ru", "Песков заявил, что Москва не видит оснований для переговоров.", "Dmitry Peskov", "Москва не видит оснований для переговоров"),
        ("ru", "Путин считает, что конфликт можно завершить за столом переговоров.", "Vladimir Putin", "конфликт можно завершить за столом переговоров"),
        ("ru", "Москва готова к обмену пленными, заявил Песков журналистам.", "Dmitry Peskov", "Москва готова к обмену пленными"),
        ("ru", "По словам Лаврова, Россия открыта для диалога.", "Sergey Lavrov", "Россия открыта для диалога"),
        ("ru", "Россия открыта для диалога, по словам Лаврова.", "Sergey Lavrov", "Россия открыта для диалога"),
        ("ru", "Как заявил Лавров, условия остаются прежними.", "Sergey Lavrov", "условия остаются прежними"),
        ("ru", "Песков отверг предложение о перемирии.", "Dmitry Peskov", "предложение о перемирии"),
        ("uk", "Зеленський наголосив, що Україна не погодиться на ультиматуми.", "Volodymyr Zelensky", "Україна не погодиться на ультиматуми"),
        ("uk", "За словами Кулеби, Україна готова до переговорів.", "Dmytro Kuleba", "Україна готова до переговорів"),
        ("uk", "Як зазначив Сибіга, санкції мають посилюватися.", "Andrii Sybiha", "санкції мають посилюватися"),
        ("uk", "Україна відхилила пропозицію Росії про перемир'я, повідомив Сибіга.", "Andrii Sybiha", "Україна відхилила пропозицію Росії про перемир'я"),
        ("uk", "Кулеба запропонував переговори на рівні міністрів.", "Dmytro Kuleba", "переговори на рівні міністрів"),
    ],
)
def test_reported_speech(registry, lang, text, speaker, content):
    # the constructions of the rules (a one-clause sentence is at the statement model's margin)
    s = one(run_rules(registry, lang, text), speaker)
    assert s.text == content
    assert s.mention and s.mention in text and s.cue and s.cue in text  # as written, in the text's language


def test_names_in_every_case_resolve(registry):
    out = run(registry, "ru", "По мнению Захаровой, позиция не изменилась. Об этом также говорили с Лавровым.")
    assert one(out, "Maria Zakharova").mention == "Захаровой"


def test_adverbial_participle_takes_the_sentence_subject(registry):
    out = run(registry, "ru", "Небензя, выступая в СБ ООН, заявил, что Запад затягивает конфликт, подчеркнув, что Россия готова к диалогу.")
    texts = {s.text: s.speaker for s in out}
    assert texts == {"Запад затягивает конфликт": "Vassily Nebenzia", "Россия готова к диалогу": "Vassily Nebenzia"}


def test_ukrainian_adverbial_participle(registry):
    out = run(registry, "uk", "Єрмак заявив журналістам, що гарантії безпеки мають бути юридично зобов'язуючими, наголосивши, що без них мир неможливий.")
    assert {s.text for s in out if s.speaker == "Andriy Yermak"} == {
        "гарантії безпеки мають бути юридично зобов'язуючими", "без них мир неможливий"}


def test_back_reference(registry):
    s = one(run(registry, "ru", "Москва не будет отвечать на провокации. Об этом заявил Лавров на пресс-конференции."), "Sergey Lavrov")
    assert s.text == "Москва не будет отвечать на провокации" and s.cue == "Об этом заявил"


def test_cue_inside_reported_words_is_not_a_second_speaker(registry):
    out = run(registry, "ru", "Песков заявил, что Россия решительно отвергает обвинения во вмешательстве в выборы.")
    assert [s.speaker for s in out] == ["Dmitry Peskov"]


# ----------------------------------------------------------------------------- headlines, Telegram
def test_headline_name_colon(registry):
    s = one(run(registry, "ru", "Лавров: Россия никогда не согласится на заморозку конфликта"), "Sergey Lavrov")
    assert s.kind == "direct" and s.cue == "Лавров:" and s.text == "Россия никогда не согласится на заморозку конфликта"


def test_headline_quote_dash_name_about(registry):
    s = one(run(registry, "uk", "«Переговори можливі лише після виведення військ» — Умєров про умови"), "Rustem Umerov")
    assert s.kind == "direct" and s.text == "Переговори можливі лише після виведення військ"


def test_markdown_and_links_keep_offsets(registry):
    text = "Москва готова к обмену пленными, заявил **Песков** в интервью [ТАСС](https://tass.ru/1)."
    assert len(mask_markdown(text)) == len(text)
    s = one(run(registry, "ru", text), "Dmitry Peskov")
    assert s.mention == "Песков" and s.text == "Москва готова к обмену пленными"


def test_bold_inside_content(registry):
    text = "Оснований для переговоров **пока нет**, заявил Песков"
    s = one(run(registry, "ru", text), "Dmitry Peskov")
    assert s.text == "Оснований для переговоров **пока нет"


def test_briefing_points_are_the_header_speakers(registry):
    text = "**Главное из заявлений Пескова:**\n\n▪️ Россия открыта для переговоров с Украиной\n\n▪️ Кремль не комментирует слухи о встрече"
    out = run(registry, "ru", text)
    assert [(s.speaker, s.text) for s in out] == [
        ("Dmitry Peskov", "Россия открыта для переговоров с Украиной"),
        ("Dmitry Peskov", "Кремль не комментирует слухи о встрече"),
    ]


def test_joint_header_gives_every_party(registry):
    text = "**Совместное заявление Путина и Токаева. Главное:**\n\n🔹Стороны договорились расширять торговлю\n\n🔹Россия и Казахстан продолжат поддерживать друг друга"
    out = run(registry, "ru", text)
    assert {s.speaker for s in out} == {"Vladimir Putin", "Kassym-Jomart Tokayev"}
    assert len(out) == 4


def test_quote_set_apart_continues_the_speaker(registry):
    text = "Захарова сообщила, что Москва подготовит ответ.\n\n«Ответ будет жестким и адекватным»"
    out = run(registry, "ru", text)
    assert [(s.speaker, s.kind, s.text) for s in out][-1] == ("Maria Zakharova", "direct", "Ответ будет жестким и адекватным")


def test_bare_paragraph_after_attribution_is_a_quotation(registry):
    text = "Российские войска продвинулись на юге, заявил Марочко.\n\nУдалось перейти административную границу и взять ее под полный контроль"
    out = run_rules(registry, "ru", text)
    assert len(out) == 2 and out[1].kind == "direct" and out[1].speaker == out[0].speaker


def test_post_that_is_one_speakers_statement(registry):
    text = "Ми будемо боротися до кінця.\n\nМи вдячні нашим партнерам за підтримку.\n\nРосія заявляє, що готова до переговорів, але ми бачимо обстріли наших міст."
    out = run_rules(registry, "uk", text, metadata={"speaker": ["Володимир Зеленський"]}, title="Звернення")
    zel = [s for s in out if s.speaker == "Volodymyr Zelensky"]
    assert len(zel) == 3 and all(s.kind == "direct" for s in zel)
    assert any(s.speaker == "Russia" and s.cue == "заявляє" for s in out)


def test_third_person_summary_is_not_the_speakers_statement(registry):
    text = "Про відновлення інфраструктури – брифінг заступника керівника Офісу Президента."
    out = run(registry, "uk", text, metadata={"speaker": ["Кирило Тимошенко"]})
    assert out == []


def test_unknown_person_is_put_in_the_nominative_and_transliterated(registry):
    s = run(registry, "ru", "Переговоры возможны, заявил политолог Иван Сидоренков.")[0]
    assert s.speaker == "Ivan Sidorenkov" and s.actor_id is None and s.mention == "политолог Иван Сидоренков"
    assert nominative("Виндмана") == "Виндман"
    assert transliterate("Небензя") == "Nebenzya" and transliterate("Сибіга", "uk") == "Sybiha"


# ----------------------------------------------------------------------------- real text
def test_offsets_on_the_ria_corpus(registry, corpora_dir):
    posts = json.loads((corpora_dir / "ria-telegram-2024" / "ria_novosti_telegram_2024.json").read_text(encoding="utf-8"))
    ex = get_extractor("ru", registry)
    docs = [Document.create(p["text"], language="ru") for p in posts[:300] if p.get("text")]
    n = 0
    for doc, out in zip(docs, ex.pipe(docs)):
        for s in out:
            assert doc.text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text
            assert "**" not in s.text[:2] and "**" not in s.text[-2:]
            n += 1
    assert n > 150


def test_ukrainian_officials_corpus_first_person(registry, corpora_dir):
    path = corpora_dir / "ua-officials-2022" / "ua_officials_statements_2022.jsonl"
    ex = get_extractor("uk", registry)
    found = 0
    with path.open(encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    recs = [r for r in recs if r["lang"] == "uk" and r["speaker"] == ["Володимир Зеленський"] and len(r["text"]) > 3000][:10]
    for r in recs:
        doc = Document.create(r["text"], language="uk", title=r["name"], metadata={"speaker": r["speaker"]})
        out = ex(doc)
        assert all(doc.text[s.start : s.end] == s.text for s in out)
        found += sum(1 for s in out if s.speaker == "Volodymyr Zelensky")
    assert found >= 10 * len(recs)


@pytest.mark.parametrize("name", ["dev-ru.jsonl", "dev-uk.jsonl"])
def test_gold_floors(registry, gold_dir, name):
    floor = FLOORS["attribution"][name]
    tol = FLOORS["tolerance"]
    got = evaluate_gold(gold_dir / name, registry=registry)
    assert got.f1 >= floor["f1"] - tol, got.as_dict()
    assert got.precision >= floor["precision"] - tol, got.as_dict()
    assert got.recall >= floor["recall"] - tol, got.as_dict()
