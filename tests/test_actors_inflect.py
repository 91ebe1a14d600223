"""Generating and storing Russian/Ukrainian case forms (the maintenance tool), and lemma keys."""

from __future__ import annotations

import textwrap

import yaml

from parley.actors import load_registry
from parley.actors.inflect import lemma_key, person_forms, phrase_forms, propose, write_forms


def test_russian_surname_paradigms():
    forms, _ = person_forms(["Дмитрий Песков"], "m", "ru")
    assert {"Пескова", "Пескову", "Песковым", "Пескове", "Дмитрия Пескова", "Дмитрием Песковым"} <= set(forms)
    forms, _ = person_forms(["Мария Захарова"], "f", "ru")
    assert {"Захаровой", "Захарову", "Марии Захаровой"} <= set(forms)
    assert "Небензей" in person_forms(["Василий Небензя"], "m", "ru")[0]
    assert "Шольцем" in person_forms(["Олаф Шольц"], "m", "ru")[0]
    assert "Зеленским" in person_forms(["Владимир Зеленский"], "m", "ru")[0]


def test_indeclinable_names_stay_as_they_are():
    forms, _ = person_forms(["Сергей Шойгу"], "m", "ru")
    assert "Сергея Шойгу" in forms and not any(f.startswith("Шойг") and f != "Шойгу" for f in forms)
    forms, _ = person_forms(["Ирина Верещук"], "f", "ru")
    assert "Ирины Верещук" in forms and "Верещука" not in forms
    assert person_forms(["Валентина Матвиенко"], "f", "ru")[0][0] == "Валентины Матвиенко"


def test_ukrainian_paradigms():
    forms, _ = person_forms(["Андрій Сибіга"], "m", "uk")
    assert {"Сибіги", "Сибізі", "Сибігою", "Андрія Сибіги"} <= set(forms)
    forms, _ = person_forms(["Володимир Зеленський"], "m", "uk")
    assert {"Зеленського", "Зеленським", "Володимира Зеленського"} <= set(forms)
    forms, _ = person_forms(["Олександр Лукашенко"], "m", "uk")
    assert {"Лукашенка", "Лукашенком"} <= set(forms)
    forms, _ = person_forms(["Ігор Жовква"], "m", "uk")
    assert "Ігоря Жовкви" in forms and "Ігора Жовкви" not in forms


def test_institution_phrases_inflect_their_head():
    assert "Совета Федерации" in phrase_forms("Совет Федерации", "ru")
    assert "Государственной думы" in phrase_forms("Государственная дума", "ru")
    assert "Генерального штаба ВС РФ" in phrase_forms("Генеральный штаб ВС РФ", "ru")
    assert phrase_forms("МИД России", "ru") == []  # an abbreviation does not decline


def test_lemma_key_normalises_inflected_phrases():
    assert lemma_key("президента россии", "ru") == lemma_key("президент россии", "ru")
    assert lemma_key("міністра закордонних справ", "uk") == lemma_key("міністр закордонних справ", "uk")


def test_propose_and_write_keep_the_file_readable(tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            # my additions
            actors:
            - id: ivan-testov
              name: Ivan Testov
              type: person
              gender: m
              side: null
              names:
                ru: [Иван Тестов]
              sources: [a test]  # why
            """
        ),
        encoding="utf-8",
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    proposals = propose(data)
    assert "Тестова" in proposals["ivan-testov"]["ru"]
    assert write_forms(path, proposals) == 1
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my additions") and "# why" in text
    reg = load_registry(extra=[path])
    assert reg.resolve("Ивана Тестова", language="ru").id == "ivan-testov"
    assert propose(yaml.safe_load(text)) == {}  # reviewed forms are not proposed again


def test_packaged_forms_cover_the_brief_examples():
    reg = load_registry()
    stored = {f for a in reg.actors for lang in ("ru", "uk") for f in a.aliases.get(lang, ())}
    for form in ("Пескова", "Пєскова", "Лавровым", "Зеленського", "Сибігою", "Захаровой", "Небензей", "Шольцем"):
        assert form in stored


def test_docs_page_is_generated_from_the_data():
    from pathlib import Path

    from parley.actors.listing import registry_markdown

    page = Path(__file__).resolve().parents[1] / "docs" / "actors.md"
    assert page.read_text(encoding="utf-8") == registry_markdown(load_registry()), (
        "docs/actors.md is stale: run `python -m parley.actors.listing > docs/actors.md`"
    )
