"""Signals in Russian and Ukrainian (signals/lexicons/ru.yaml, uk.yaml): inflected forms, negation
and modality on sentences written for these tests; pinned floors on the ru/uk gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.signals import get_coder
from parley.evaluation.signals import evaluate_signals

FLOORS = json.loads((Path(__file__).parent / "floors" / "languages.json").read_text(encoding="utf-8"))


def codes(lang: str, text: str, cue: str | None = "заявил", side: str | None = None) -> dict:
    res = get_coder("rules", language=lang).code_text(text, cue=cue, language=lang, side=side)
    return {s.code: s for s in res.signals}


@pytest.mark.parametrize(
    "lang,text,code",
    [
        ("ru", "Россия готова к переговорам с Украиной", "OFFER_TALKS"),
        ("ru", "Москва открыта для диалога и предлагает провести встречу в Стамбуле", "OFFER_TALKS"),
        ("ru", "Переговоры возможны только после вывода войск", "SET_CONDITIONS"),
        ("ru", "Киев должен вывести войска и признать новые реалии", "SET_CONDITIONS"),
        ("ru", "Для урегулирования необходимы гарантии безопасности", "SET_CONDITIONS"),
        ("ru", "Москва никогда не согласится на такие условия", "REJECT"),
        ("ru", "Россия отвергает план перемирия", "REJECT"),
        ("ru", "Оснований для переговоров пока нет", "REJECT"),
        ("ru", "Россия объявила перемирие на Пасху", "CEASEFIRE"),
        ("ru", "Стороны договорились о новом обмене пленными", "AGREE"),
        ("ru", "Россия будет вынуждена принять ответные меры", "THREATEN"),
        ("ru", "Киевский режим обстреливает мирных жителей", "ACCUSE"),
        ("ru", "Мы благодарны Катару за посредничество", "PRAISE"),
        ("ru", "Стороны развивают торгово-экономическое сотрудничество", "COOPERATE"),
        ("ru", "Россия вводит санкции против британских политиков", "SANCTION"),
        ("uk", "Україна готова до переговорів без передумов", "OFFER_TALKS"),
        ("uk", "Росія має вивести війська з нашої території", "SET_CONDITIONS"),
        ("uk", "Гарантії безпеки мають бути юридично зобов'язуючими", "SET_CONDITIONS"),
        ("uk", "Ми ніколи не погодимося на такі умови", "REJECT"),
        ("uk", "Київ відхилив пропозицію про перемир'я", "REJECT"),
        ("uk", "Сторони домовилися про обмін полоненими", "AGREE"),
        ("uk", "Російські війська продовжили обстріли наших міст", "ACCUSE"),
        ("uk", "Я вдячний партнерам за підтримку", "PRAISE"),
        ("uk", "Велика Британія запроваджує нові санкції проти Росії", "SANCTION"),
        ("uk", "Усі винні будуть притягнуті до відповідальності", "THREATEN"),
    ],
)
def test_code_fires_on_inflected_forms(lang, text, code):
    got = codes(lang, text)
    assert code in got, f"{code} not in {sorted(got)}"
    sig = got[code]
    assert sig.cues and all(c for c in sig.cues)
    assert sig.coder and "rules" in sig.coder


def test_negation_turns_readiness_into_refusal():
    got = codes("ru", "Москва не готова к переговорам с Киевом")
    assert "REJECT" in got and "OFFER_TALKS" not in got
    got = codes("uk", "Україна не готова до переговорів на таких умовах")
    assert "REJECT" in got and "OFFER_TALKS" not in got


def test_unconditional_and_conditional_offers():
    free = codes("ru", "Мы готовы к переговорам без предварительных условий")["OFFER_TALKS"]
    assert free.conditional is False
    tied = codes("ru", "Мы готовы к переговорам, если Киев выведет войска")["OFFER_TALKS"]
    assert tied.conditional is True
    assert codes("uk", "Ми готові до переговорів без жодних передумов")["OFFER_TALKS"].conditional is False
    assert codes("uk", "Ми готові до переговорів, якщо Росія виведе війська")["OFFER_TALKS"].conditional is True


def test_no_code_on_plain_sentences():
    assert codes("ru", "Путин в понедельник проведет совещание с членами правительства") == {}
    assert codes("uk", "Сьогодні субота, і це слово на війні нічого не означає") == {}


def test_urging_sanctions_is_not_imposing_them():
    assert "SANCTION" not in codes("uk", "Ми закликаємо партнерів посилити санкції")
    assert "SANCTION" not in codes("ru", "Санкции против Газпромбанка негативно отразятся на закупках газа")


def test_markdown_does_not_break_patterns():
    assert "REJECT" in codes("ru", "Оснований для переговоров **пока нет**")


def test_fighting_terrorism_is_no_accusation():
    assert "ACCUSE" not in codes("ru", "Стороны договорились о сотрудничестве в борьбе с терроризмом")


@pytest.mark.parametrize("name", ["dev-ru.jsonl", "dev-uk.jsonl"])
def test_signal_floors_end_to_end(gold_dir, name):
    floor = FLOORS["signals_end_to_end"][name]
    rep = evaluate_signals(gold_dir / name)
    assert rep.matched >= floor["min_matched"]
    assert rep.micro[2] >= floor["micro_f1"] - FLOORS["tolerance"], rep.as_dict()


@pytest.mark.parametrize("name", ["dev-ru.jsonl", "dev-uk.jsonl"])
def test_signal_floors_oracle(gold_dir, name):
    rep = evaluate_signals(gold_dir / name, oracle=True)
    assert rep.micro[2] >= FLOORS["signals_oracle"][name]["micro_f1"] - FLOORS["tolerance"], rep.as_dict()


# -- the cross-language pass: Ukrainian codes what its English version codes, and no more --------


@pytest.mark.parametrize(
    "text,code",
    [
        ("Україна не може погодитись і не буде погоджуватися з такою позицією.", "REJECT"),
        ("Не повинно бути жодних винятків із санкційного режиму.", "REJECT"),
        ("Ми ніколи цього не приймемо, і ми не поступимось територіями.", "REJECT"),
        ("Посилювати тиск, доки Росія не виведе війська.", "SET_CONDITIONS"),
        ("Обговорили оборонну співпрацю з Польщею.", "COOPERATE"),
        ("Говорив із Президентом. Про нашу взаємодію на рівні Євросоюзу.", "COOPERATE"),
        ("Запрошую ваші компанії взяти участь у відбудові країни.", "COOPERATE"),
        ("Гуманітарний коридор погоджений.", "AGREE"),
        ("Окупантів обов'язково чекає трибунал.", "THREATEN"),
    ],
)
def test_ukrainian_forms_of_english_rules(text, code):
    assert code in codes("uk", text, cue=None, side="UA")


@pytest.mark.parametrize(
    "text,code",
    [
        # an order to an agency or an appeal to partners is not a condition for peace
        ("Державне агентство резерву має забезпечити запас пального.", "SET_CONDITIONS"),
        ("Європа має відмовитися від російської нафти.", "SET_CONDITIONS"),
        # "no doubt" rules nothing out
        ("Не може бути сумнівів у нашій перемозі.", "REJECT"),
        # collaboration with the occupiers, and banned investments, are not cooperation
        ("Жодної співпраці з окупантами.", "COOPERATE"),
        ("Ви погрожуєте людям, щоб співпрацювали з окупантами.", "COOPERATE"),
        ("Америка забороняє будь-які інвестиції в російську енергетику.", "COOPERATE"),
        # a mention of a tribunal or of punishment is not a vow to punish
        ("Це один із доказів для майбутнього трибуналу.", "THREATEN"),
    ],
)
def test_ukrainian_rules_do_not_overreach(text, code):
    assert code not in codes("uk", text, cue=None, side="UA")


def test_parallel_sentences_get_the_same_codes():
    pairs = [
        ("We will not give up. We are fighting.", "Ми не здаємося. Ми боремося."),
        ("We will not give up our territories.", "Ми не віддамо наших територій."),
        ("I discussed defence cooperation with Poland.", "Обговорив оборонну співпрацю з Польщею."),
        ("There should be no exceptions to the sanctions regime.", "Не має бути жодних винятків із санкційного режиму."),
        ("Collaborators will answer to the law.", "Колаборанти знають, що на них чекає."),
    ]
    en = get_coder("rules", language="en")
    uk = get_coder("rules", language="uk")
    for e, u in pairs:
        ce = {s.code for s in en.code_text(e, side="UA", language="en").signals if s.code != "THREATEN"}
        cu = {s.code for s in uk.code_text(u, side="UA", language="uk").signals if s.code != "THREATEN"}
        assert ce == cu, (e, ce, u, cu)
