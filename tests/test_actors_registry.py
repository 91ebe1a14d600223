"""The actor registry: loading, validation, every resolution path, gazetteer, sides, check()."""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from pathlib import Path

import pytest

from parley.actors import Registry, load_registry
from parley.errors import NotFound, RegistryError

D = dt.date


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


def name(reg: Registry, mention: str, **kw) -> str | None:
    actor = reg.resolve(mention, **kw)
    return actor.name if actor else None


def test_packaged_registry_is_large_valid_and_cached(reg):
    people = [a for a in reg.actors if a.type == "person"]
    institutions = [a for a in reg.actors if a.type == "institution" and a.id not in reg.country_ids]
    assert len(people) + len(institutions) >= 90
    assert len({a.id for a in reg.actors}) == len(reg.actors)
    assert load_registry() is reg
    assert reg.check() == []


def test_person_records_carry_facts(reg):
    peskov = reg.get("dmitry-peskov")
    assert (peskov.name, peskov.type, peskov.gender, peskov.side) == ("Dmitry Peskov", "person", "m", "RU")
    assert peskov.roles[0].start == D(2012, 5, 22) and peskov.roles[0].end is None
    assert peskov.sources
    assert "Пескова" in peskov.aliases["ru"] and "Пєскова" in peskov.aliases["uk"]


@pytest.mark.parametrize(
    "mention,expected",
    [
        ("Dmitry Peskov", "Dmitry Peskov"),  # canonical
        ("dmitry  PESKOV", "Dmitry Peskov"),  # case and spacing
        ("Dmitri Peskov", "Dmitry Peskov"),  # alias
        ("Peskov", "Dmitry Peskov"),  # surname alone
        ("Peskov's", "Dmitry Peskov"),  # possessive
        ("«Peskov»", "Dmitry Peskov"),  # punctuation
        ("S. Lavrov", "Sergey Lavrov"),  # initials
        ("Sergei Lavrov", "Sergey Lavrov"),  # transliteration in the file
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Volodymir Zelenskyi", "Volodymyr Zelensky"),  # transliteration skeleton
        ("Sergey Lavrow", "Sergey Lavrov"),  # fuzzy, strict cut-off
        ("Erdoğan", "Recep Tayyip Erdogan"),  # diacritics
        ("the Kremlin", "the Kremlin"),
        ("The Kremlin's", "the Kremlin"),
        ("the Russian Foreign Ministry", "Russian Foreign Ministry"),
        ("Foreign Minister Sergey Lavrov", "Sergey Lavrov"),  # title + name
        ("President of Russia Vladimir Putin", "Vladimir Putin"),
        ("Russian Foreign Minister Lavrov", "Sergey Lavrov"),
        ("Dmitry Peskov, the Kremlin spokesman", "Dmitry Peskov"),
        ("Lavrov (Russia)", "Sergey Lavrov"),
        ("Kyiv", "Ukraine"),  # metonym
        ("Kiev", "Ukraine"),
    ],
)
def test_resolve_english(reg, mention, expected):
    assert name(reg, mention) == expected


@pytest.mark.parametrize(
    "mention,language,expected",
    [
        ("Пескова", "ru", "Dmitry Peskov"),
        ("Пєскова", "uk", "Dmitry Peskov"),
        ("Лавровым", "ru", "Sergey Lavrov"),
        ("Зеленського", "uk", "Volodymyr Zelensky"),
        ("Сибігою", "uk", "Andrii Sybiha"),
        ("Захаровой", "ru", "Maria Zakharova"),
        ("Небензей", "ru", "Vassily Nebenzia"),
        ("Шольцем", "ru", "Olaf Scholz"),
        ("Кремля", "ru", "the Kremlin"),
        ("МИД России", "ru", "Russian Foreign Ministry"),
        ("в МИД", "ru", "Russian Foreign Ministry"),
        ("Міністр закордонних справ Дмитро Кулеба", "uk", "Dmytro Kuleba"),
        ("представителя МИД Марии Захаровой", "ru", "Maria Zakharova"),
        ("Олаф **Шольц**", "ru", "Olaf Scholz"),
        ("главы МИД России Сергея Лаврова", "ru", "Sergey Lavrov"),
        ("президента РФ", "ru", "Vladimir Putin"),  # inflected role phrase (normal forms)
        ("глава эстонского МИД", "ru", "Margus Tsahkna"),  # not the Russian MFA
        ("керівництво Росії", "uk", "Russian leadership"),
    ],
)
def test_resolve_russian_and_ukrainian(reg, mention, language, expected):
    assert name(reg, mention, language=language) == expected


@pytest.mark.parametrize(
    "mention,on,expected",
    [
        ("the Ukrainian foreign minister", D(2022, 3, 1), "Dmytro Kuleba"),
        ("the Ukrainian foreign minister", D(2025, 3, 1), "Andrii Sybiha"),
        ("Ukraine's Foreign Minister", D(2024, 9, 4), "Dmytro Kuleba"),
        ("Ukraine's Foreign Minister", D(2024, 9, 5), "Andrii Sybiha"),  # changeover day: newcomer
        ("US Secretary of State", D(2024, 6, 1), "Antony Blinken"),
        ("US Secretary of State", D(2025, 6, 1), "Marco Rubio"),
        ("the Russian defence minister", D(2023, 6, 1), "Sergei Shoigu"),
        ("the Russian defence minister", D(2024, 6, 1), "Andrey Belousov"),
        ("Secretary of the Russian Security Council", D(2023, 1, 1), "Nikolai Patrushev"),
        ("Secretary of the Russian Security Council", D(2024, 6, 1), "Sergei Shoigu"),
        ("the Kremlin spokesman", D(2025, 1, 1), "Dmitry Peskov"),
        ("the President of Ukraine", D(2022, 3, 1), "Volodymyr Zelensky"),
        ("the President of Ukraine", D(2018, 3, 1), "Petro Poroshenko"),
        ("Prime Minister of Ukraine", D(2024, 1, 1), "Denys Shmyhal"),
        ("Prime Minister of Ukraine", D(2025, 8, 1), "Yulia Svyrydenko"),
        ("NATO Secretary General", D(2023, 1, 1), "Jens Stoltenberg"),
        ("NATO Secretary General", D(2025, 1, 1), "Mark Rutte"),
        ("британський Премʼєр-міністр", D(2022, 4, 1), "Boris Johnson"),
        ("Президента України", D(2022, 4, 1), "Volodymyr Zelensky"),
    ],
)
def test_role_phrases_resolve_at_the_date(reg, mention, on, expected):
    language = "uk" if any("\u0400" <= c <= "\u04ff" for c in mention) else "en"
    assert name(reg, mention, on=on, language=language) == expected


def test_role_without_date_means_now(reg):
    assert name(reg, "the Ukrainian foreign minister") == "Andrii Sybiha"


def test_bare_role_needs_the_side(reg):
    assert reg.resolve("the President", on=D(2022, 3, 1)) is None
    assert name(reg, "the President", on=D(2022, 3, 1), side="UA") == "Volodymyr Zelensky"
    assert name(reg, "the Head of State", on=D(2022, 3, 1), side="RU") == "Vladimir Putin"


def test_former_holder_is_not_the_current_one(reg):
    assert reg.resolve("former President of Ukraine", on=D(2022, 1, 1)) is None


def test_shared_surname_needs_a_decider(reg):
    assert reg.resolve("Volk") is None  # Irina Volk and Vojko Volk
    assert name(reg, "Ирина Волк", language="ru") == "Irina Volk"


def test_unknown_mentions_resolve_to_nothing(reg):
    for mention in ("", "he", "the publication", "политик", "Lavorv", "John Smith"):
        assert reg.resolve(mention) is None


def test_get_unknown_id_raises_not_found_with_a_hint(reg):
    with pytest.raises(NotFound, match="dmitry-peskov"):
        reg.get("Peskov")
    with pytest.raises(NotFound, match="dmitry-peskov"):
        reg.get("dmitry-peskof")
    with pytest.raises(NotFound, match="no actor with id 'qqq-zzz'.*parley actors list"):
        reg.get("qqq-zzz")


def test_by_side(reg):
    ua = reg.by_side("UA")
    assert reg.get("volodymyr-zelensky") in ua
    assert all(a.side == "UA" for a in ua)
    assert reg.get("alexander-dugin") in reg.by_side(None)


@pytest.mark.parametrize(
    "field,expected",
    [
        ("Military Forces of Russia (2000-)", "RU"),
        ("Military Forces of Ukraine (2019-)", "UA"),
        ("Civilians (Ukraine)", "UA"),
        ("NAF: United Armed Forces of Novorossiya", "RU"),
        ("RUS", "RU"),
        ("UKR", "UA"),
        ("USA", "US"),
        ("RUSGOV", "RU"),
        ("UKRMIL", "UA"),
        ("IGONAT", "NATO"),
        ("Sergey Lavrov", "RU"),
        ("Вооруженные силы России", "RU"),
        ("Protesters (International)", None),
        ("", None),
    ],
)
def test_side_for(reg, field, expected):
    assert reg.side_for(field) == expected


def test_find_mentions_in_own_english_sentence(reg):
    text = (
        "Kremlin spokesman Dmitry Peskov said Lavrov's talks with Andrii Sybiha were off; "
        "the U.S. State Department disagreed, and Volk said nothing."
    )
    hits = reg.find_mentions(text, on=D(2025, 1, 1))
    spans = [(text[s:e], a.id) for s, e, a in hits]
    assert spans == [
        ("Kremlin spokesman", "dmitry-peskov"),
        ("Dmitry Peskov", "dmitry-peskov"),
        ("Lavrov", "sergey-lavrov"),
        ("Andrii Sybiha", "andrii-sybiha"),
        ("U.S. State Department", "us-state-department"),
    ]
    for s, e, _ in hits:
        assert text[s:e].strip() == text[s:e]


def test_find_mentions_in_own_russian_sentence(reg):
    text = "По словам Пескова, Лавров и Захарова встретились с Небензей, а волк убежал."
    got = [(text[s:e], a.id) for s, e, a in reg.find_mentions(text, "ru")]
    assert got == [
        ("Пескова", "dmitry-peskov"),
        ("Лавров", "sergey-lavrov"),
        ("Захарова", "maria-zakharova"),
        ("Небензей", "vassily-nebenzia"),
    ]


def test_find_mentions_metonyms_only_when_asked(reg):
    text = "Kyiv rejected the proposal."
    assert reg.find_mentions(text) == []
    assert [a.id for _, _, a in reg.find_mentions(text, metonyms=True)] == ["ukraine"]


def test_find_mentions_on_real_gold_text(reg, gold_dir):
    import json

    for line in (gold_dir / "dev-ru.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        hits = reg.find_mentions(doc["text"], "ru")
        for s, e, actor in hits:
            assert doc["text"][s:e].strip() and actor.id in reg
        assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in itertools.pairwise(hits))  # ordered, disjoint
    doc = next(json.loads(x) for x in (gold_dir / "dev-ru.jsonl").open(encoding="utf-8") if "Пескова" in x)
    assert "dmitry-peskov" in {a.id for _, _, a in reg.find_mentions(doc["text"], "ru")}


# ------------------------------------------------------------------ small files of our own
def _write(tmp_path: Path, text: str, name: str = "reg.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


BASE = """
countries:
- {code: RU, alpha3: [RUS], en: [Russia], adj_en: [Russian], gen_ru: России, adj_ru: [российский]}
- {code: UA, alpha3: [UKR], en: [Ukraine], adj_en: [Ukrainian]}
offices:
  foreign-minister:
    title: {en: "Foreign Minister of {name}"}
    phrases: {en: ["{adj} Foreign Minister"]}
actors:
- id: ivan-one
  name: Ivan One
  type: person
  gender: m
  side: UA
  names: {en: [Johnny]}
  roles:
  - {office: foreign-minister, start: 2020-01-01, end: 2022-06-30}
  sources: [test]
- id: petro-two
  name: Petro Two
  type: person
  gender: m
  side: UA
  names: {en: [Johnny]}
  roles:
  - {office: foreign-minister, start: 2022-06-01}
  sources: [test]
"""


def test_check_finds_planted_duplicate_and_overlap(tmp_path):
    reg = load_registry([_write(tmp_path, BASE)])
    problems = reg.check()
    assert any("duplicate name 'Johnny'" in p and "ivan-one" in p and "petro-two" in p for p in problems)
    assert any("overlapping terms" in p and "ivan-one" in p and "petro-two" in p for p in problems)
    assert len(problems) == 2
    # ambiguous names are allowed once listed; touching terms are not an overlap
    fixed = BASE.replace("countries:", "ambiguous: [Johnny]\ncountries:").replace("start: 2022-06-01", "start: 2022-06-30")
    reg2 = load_registry([_write(tmp_path, fixed, "fixed.yaml")])
    assert reg2.check() == []
    assert reg2.resolve("Johnny") is None
    assert reg2.resolve("Johnny", on=D(2021, 1, 1)).id == "ivan-one"
    assert reg2.resolve("Ukrainian Foreign Minister", on=D(2022, 6, 30)).id == "petro-two"


def test_extra_file_merges_with_the_packaged_registry(tmp_path):
    extra = _write(
        tmp_path,
        """
        actors:
        - id: ivan-testovych
          name: Ivan Testovych
          type: person
          gender: m
          side: UA
          names: {uk: [Іван Тестович], ru: [Иван Тестович]}
          forms: {uk: [Тестовича]}
          roles:
          - {title: {en: Test spokesman}, start: 2023-05}
          sources: [a test]
        """,
    )
    reg = load_registry(extra=[extra])
    assert reg.get("ivan-testovych").side == "UA"
    assert reg.get("dmitry-peskov").name == "Dmitry Peskov"
    assert reg.resolve("Тестовича", language="uk").id == "ivan-testovych"
    assert reg.get("ivan-testovych").roles[0].start == D(2023, 5, 1)  # partial date: first day


@pytest.mark.parametrize(
    "body,message",
    [
        ("actors:\n- {name: No Id, type: person}\n", "has no 'id'"),
        ("actors:\n- {id: x-y, type: person, gender: m}\n", "missing 'name'"),
        ("actors:\n- {id: x-y, name: X, type: robot}\n", "'type' must be person or institution"),
        ("actors:\n- {id: x-y, name: X, type: person}\n", "gender"),
        ("actors:\n- {id: x-y, name: X, type: institution, side: ZZ}\n", "unknown side 'ZZ'"),
        ("actors:\n- {id: x-y, name: X, type: institution, roles: [{title: T, start: 2020-13-01}]}\n", "bad date"),
        ("actors:\n- {id: x-y, name: X, type: institution, roles: [{title: T, start: 2021-01-01, end: 2020-01-01}]}\n", "ends"),
        ("actors:\n- {id: x-y, name: X, type: institution, roles: [{office: pope}]}\n", "unknown office 'pope'"),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_malformed_files_raise_registry_error_naming_file_and_actor(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(RegistryError, match=message) as info:
        load_registry([path])
    assert str(path) in str(info.value)
    if "id: x-y" in body:
        assert "'x-y'" in str(info.value)


def test_missing_file_raises_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="no such registry file"):
        load_registry(extra=[tmp_path / "absent.yaml"])


@pytest.mark.parametrize(
    ("mention", "language", "name"),
    [
        ("глава российского МИД", "ru", "Sergey Lavrov"),
        ("глава российской дипломатии", "ru", "Sergey Lavrov"),
        ("глава украинского государства", "ru", "Volodymyr Zelensky"),
        ("глава української держави", "uk", "Volodymyr Zelensky"),
    ],
)
def test_role_phrases_with_adjectives_in_the_genitive(mention, language, name):
    import datetime as dt

    from parley.actors import load_registry

    actor = load_registry().resolve(mention, on=dt.date(2025, 3, 1), language=language)
    assert actor is not None and actor.name == name


def test_adjective_genitives_follow_regular_declension():
    from parley.actors.registry import Registry

    assert Registry._adj_genitive(["российский", "американский", "немецкий"], "ru", feminine=False) == [
        "российского", "американского", "немецкого"]
    assert Registry._adj_genitive(["российский"], "ru", feminine=True) == ["российской"]
    assert Registry._adj_genitive(["український", "американський"], "uk", feminine=True) == [
        "української", "американської"]


def test_side_names_come_from_the_side_table():
    from parley.actors import load_registry
    from parley.demo import registry_path

    reg = load_registry(extra=[registry_path()])
    assert reg.side_name("RU") == "Russia" and reg.side_name("XB") == "Borovia"
    assert reg.side_name("ZZ") == "ZZ" and reg.side_name(None) == "no side"
    assert reg.countries["UA"]["gen_uk"] == "України"


def test_two_johnsons_are_told_apart_by_name_office_and_date(reg):
    """"Mike Johnson" was read as Boris Johnson (the only Johnson the registry knew); the Speaker
    of the US House is an actor of his own, and a bare "Johnson" goes to whoever held office then."""
    assert name(reg, "Mike Johnson", on=D(2025, 3, 1)) == "Mike Johnson"
    assert name(reg, "Speaker Johnson", on=D(2025, 3, 1)) == "Mike Johnson"
    assert name(reg, "House Speaker Mike Johnson", on=D(2025, 3, 1)) == "Mike Johnson"
    assert name(reg, "Prime Minister Johnson", on=D(2022, 3, 1)) == "Boris Johnson"
    assert name(reg, "Johnson", on=D(2022, 3, 1)) == "Boris Johnson"
    assert name(reg, "Майка Джонсона", on=D(2024, 12, 1), language="ru") == "Mike Johnson"
    assert reg.resolve("Mike Johnson").side == "US"


@pytest.mark.parametrize("mention", ["I", "J", "III", "I.", "The first bill I"])
def test_a_generational_suffix_is_no_surname(reg, mention):
    """"Lloyd J. Austin III": the surname is Austin; a lone "I" or "J" was a spelling of "III"."""
    assert name(reg, mention) is None


def test_the_person_with_a_generational_suffix_still_resolves_by_surname(reg):
    assert name(reg, "Austin") == "Lloyd Austin"
    assert name(reg, "Lloyd J. Austin III") == "Lloyd Austin"
    assert name(reg, "L. Austin") == "Lloyd Austin"
