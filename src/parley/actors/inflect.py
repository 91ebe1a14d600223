"""Russian and Ukrainian case forms of the registry's names, generated once and then reviewed.

Run time never guesses an inflection: the registry file stores every case form a reviewer has
checked (``forms:``). This module is how those forms were made, and how new ones are made when
actors are added::

    python -m parley.actors.inflect            # print proposed forms for actors without forms
    python -m parley.actors.inflect --write    # ... and write them into data/actors.yaml

Each form comes from pymorphy3 where its dictionary knows the word as a first name or surname of
the right gender, and otherwise from the regular declension rules of Russian and Ukrainian
surnames (``-ов/-ин`` surnames, adjectival ``-ский/-ський``, ``-а/-я`` nouns, indeclinable
``-о/-у/-и`` and feminine consonant endings, Ukrainian ``-енко``). pymorphy3 alone gets foreign
and rare names wrong (it reads "Песков" as the plural of "песок"), hence the rules, the report
and the review. Also: :func:`lemma_key`, the pymorphy3 normal form of a phrase, which
:class:`~parley.actors.Registry` uses as a fallback for forms the file does not list.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pymorphy3

from ..compiled import read_yaml
from ..errors import ConfigError

CASES = ("gent", "datv", "accs", "ablt", "loct")
_PARTICLES = frozenset(["бин", "бін", "аль", "ибн", "фон", "дер", "де", "ван", "ла", "ле"])
_PATRONYMIC = re.compile(r"(?:ович|евич|ьевич|ич|овна|евна|ьевна|ична|івна|ївна|ьовна)$")
_RU_VOWEL_INDECL = tuple("оеиуюэыіё")
#: Ukrainian -о words that decline: -ко surnames (Лукашенко → Лукашенка) and native first names.
_UK_DECLINING_O = ("ко",)
_UK_O_NAMES = frozenset(["Дмитро", "Петро", "Михайло", "Кирило", "Данило", "Павло", "Марко", "Левко"])


@functools.lru_cache(maxsize=2)
def analyzer(lang: str) -> pymorphy3.MorphAnalyzer:
    """pymorphy3's analyser of ``lang`` (ru, uk); ConfigError when its dictionary is not installed."""
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, OSError, LookupError) as exc:
        raise ConfigError(
            f"pymorphy3 cannot load its {lang!r} dictionary ({exc}); install pymorphy3-dicts-{lang}"
        ) from None


@functools.lru_cache(maxsize=200_000)
def _lemma(token: str, lang: str) -> str:
    if not re.search(r"[\u0400-\u04FF]", token):
        return token
    parses = analyzer(lang).parse(token)
    return parses[0].normal_form.replace("ё", "е") if parses else token


def lemma_key(key: str, lang: str) -> str:
    """The normal form of each word of a normalised key ("президента россии" → "президент россия")."""
    return " ".join(_lemma(t, lang) for t in key.split(" ") if t)


# ------------------------------------------------------------------------------ rules
def _ru_word(w: str, gender: str, *, surname: bool) -> dict[str, list[str]] | None:
    """Case forms of one Russian name word by rule; None: indeclinable."""
    low = w.lower()
    if gender == "f":
        if re.search(r"(ская|цкая|ая|яя)$", low):
            st = w[:-2]
            return {"gent": [st + "ой"], "datv": [st + "ой"], "accs": [st + "ую"], "ablt": [st + "ой"], "loct": [st + "ой"]}
        if surname and re.search(r"(ова|ева|ёва|ина|ына)$", low):
            st = w[:-1]
            return {"gent": [st + "ой"], "datv": [st + "ой"], "accs": [st + "у"], "ablt": [st + "ой"], "loct": [st + "ой"]}
        if low.endswith("ия"):
            st = w[:-1]
            return {"gent": [st + "и"], "datv": [st + "и"], "accs": [st + "ю"], "ablt": [st + "ей"], "loct": [st + "и"]}
        if low.endswith("ья"):
            st = w[:-1]
            return {"gent": [st + "и"], "datv": [st + "е"], "accs": [st + "ю"], "ablt": [st + "ей"], "loct": [st + "е"]}
        if low.endswith("я"):
            st = w[:-1]
            return {"gent": [st + "и"], "datv": [st + "е"], "accs": [st + "ю"], "ablt": [st + "ей"], "loct": [st + "е"]}
        if low.endswith("а"):
            return _ru_a(w)
        return None
    if low.endswith(_RU_VOWEL_INDECL):
        return None
    if surname and re.search(r"(ский|цкий|ской|цкой)$", low):
        st = w[:-2]
        return {"gent": [st + "ого"], "datv": [st + "ому"], "accs": [st + "ого"], "ablt": [st + "им"], "loct": [st + "ом"]}
    if surname and re.search(r"(ный|ый|ой)$", low):
        st = w[:-2]
        return {"gent": [st + "ого"], "datv": [st + "ому"], "accs": [st + "ого"], "ablt": [st + "ым"], "loct": [st + "ом"]}
    if surname and re.search(r"(ов|ев|ёв|ин|ын)$", low):
        return {"gent": [w + "а"], "datv": [w + "у"], "accs": [w + "а"], "ablt": [w + "ым"], "loct": [w + "е"]}
    if low.endswith("ия"):
        st = w[:-1]
        return {"gent": [st + "и"], "datv": [st + "и"], "accs": [st + "ю"], "ablt": [st + "ей"], "loct": [st + "и"]}
    if low.endswith("я"):
        st = w[:-1]
        return {"gent": [st + "и"], "datv": [st + "е"], "accs": [st + "ю"], "ablt": [st + "ей"], "loct": [st + "е"]}
    if low.endswith("а"):
        return _ru_a(w)
    if low.endswith(("й", "ь")):
        st = w[:-1]
        loc = st + ("и" if st.lower().endswith("и") else "е")
        return {"gent": [st + "я"], "datv": [st + "ю"], "accs": [st + "я"], "ablt": [st + "ем"], "loct": [loc]}
    ablt = w + ("ем" if low.endswith(("ц", "ж", "ш", "ч", "щ")) else "ом")
    return {"gent": [w + "а"], "datv": [w + "у"], "accs": [w + "а"], "ablt": [ablt], "loct": [w + "е"]}


def _ru_a(w: str) -> dict[str, list[str]] | None:
    st = w[:-1]
    if st[-1:].lower() in "аеёиоуыэюяі":  # Поджиа, Гарсиа: indeclinable
        return None
    soft = st.lower().endswith(("г", "к", "х", "ж", "ш", "ч", "щ"))
    hushing = st.lower().endswith(("ж", "ш", "ч", "щ", "ц"))
    return {
        "gent": [st + ("и" if soft else "ы")],
        "datv": [st + "е"],
        "accs": [st + "у"],
        "ablt": [st + ("ей" if hushing else "ой")],
        "loct": [st + "е"],
    }


_ADJ_END = re.compile(r"(?:ый|ий|ій|ой|ая|яя|ое|ее|ые|ие|на|ка|ня|не|ні|ні|ьке|ке)$")

_UK_ALTERNATION = {"г": "з", "к": "ц", "х": "с"}

#: Words the rules get wrong, declined by hand.
_FIXED: dict[str, dict[str, dict[str, list[str]]]] = {
    "uk": {
        "Ігор": {"gent": ["Ігоря"], "datv": ["Ігорю", "Ігореві"], "accs": ["Ігоря"], "ablt": ["Ігорем"], "loct": ["Ігореві", "Ігорю"]},
        "Лев": {"gent": ["Лева"], "datv": ["Леву", "Левові"], "accs": ["Лева"], "ablt": ["Левом"], "loct": ["Левові"]},
    },
    "ru": {
        "Лев": {"gent": ["Льва"], "datv": ["Льву"], "accs": ["Льва"], "ablt": ["Львом"], "loct": ["Льве"]},
        "Ван": {c: ["Ван"] for c in CASES},
        "Кая": {"gent": ["Каи"], "datv": ["Кае"], "accs": ["Каю"], "ablt": ["Каей"], "loct": ["Кае"]},
    },
}


def _uk_word(w: str, gender: str, *, surname: bool) -> dict[str, list[str]] | None:
    """Case forms of one Ukrainian name word by rule; None: indeclinable."""
    low = w.lower()
    if gender == "f":
        if re.search(r"(ська|цька|на|ова|ева|єва|іна|ина|їна)$", low) and surname:
            st = w[:-1]
            return {"gent": [st + "ої"], "datv": [st + "ій"], "accs": [st + "у"], "ablt": [st + "ою"], "loct": [st + "ій"]}
        if low.endswith(("ія", "ея", "ая", "оя", "уя", "єя")):
            st = w[:-1]
            return {"gent": [st + "ї"], "datv": [st + "ї"], "accs": [st + "ю"], "ablt": [st + "єю"], "loct": [st + "ї"]}
        if low.endswith("я"):
            st = w[:-1]
            return {"gent": [st + "і"], "datv": [st + "і"], "accs": [st + "ю"], "ablt": [st + "ею"], "loct": [st + "і"]}
        if low.endswith("а"):
            return _uk_a(w)
        return None
    if re.search(r"(ський|цький|ий|ій)$", low) and surname and not re.search(r"(ій)$", low):
        st = w[:-2]
        return {"gent": [st + "ого"], "datv": [st + "ому"], "accs": [st + "ого"], "ablt": [st + "им"], "loct": [st + "ому", st + "ім"]}
    if surname and re.search(r"(ов|ев|єв|ін|ин|їн)$", low):
        return {"gent": [w + "а"], "datv": [w + "у"], "accs": [w + "а"], "ablt": [w + "им"], "loct": [w + "і", w + "у"]}
    if low.endswith("о"):
        if not (low.endswith(_UK_DECLINING_O) and surname) and w not in _UK_O_NAMES:
            return None
        st = w[:-1]
        return {"gent": [st + "а"], "datv": [st + "у", st + "ові"], "accs": [st + "а"], "ablt": [st + "ом"], "loct": [st + "ові", st + "у"]}
    if low.endswith(("е", "і", "и", "у", "ю", "ї")):
        return None
    if low.endswith("ія"):
        st = w[:-1]
        return {"gent": [st + "ї"], "datv": [st + "ї"], "accs": [st + "ю"], "ablt": [st + "єю"], "loct": [st + "ї"]}
    if low.endswith("я"):
        st = w[:-1]
        return {"gent": [st + "і"], "datv": [st + "і"], "accs": [st + "ю"], "ablt": [st + "ею"], "loct": [st + "і"]}
    if low.endswith("а"):
        return _uk_a(w)
    if low.endswith("ець"):
        st = w[:-3] + "ц"
        return {"gent": [st + "я"], "datv": [st + "ю", st + "еві"], "accs": [st + "я"], "ablt": [st + "ем"], "loct": [st + "еві", st + "і"]}
    if low.endswith("й"):
        st = w[:-1]
        return {"gent": [st + "я"], "datv": [st + "ю", st + "єві"], "accs": [st + "я"], "ablt": [st + "єм"], "loct": [st + "єві", st + "ю"]}
    if low.endswith("ь"):
        st = w[:-1]
        return {"gent": [st + "я"], "datv": [st + "ю", st + "еві"], "accs": [st + "я"], "ablt": [st + "ем"], "loct": [st + "і", st + "еві"]}
    hushing = low.endswith(("ж", "ч", "ш", "щ", "ц"))
    loct = [w + ("еві" if hushing else "ові"), w + "у"]
    return {
        "gent": [w + "а"],
        "datv": [w + "у", w + ("еві" if hushing else "ові")],
        "accs": [w + "а"],
        "ablt": [w + ("ем" if hushing else "ом")],
        "loct": loct,
    }


def _uk_a(w: str) -> dict[str, list[str]]:
    st = w[:-1]
    last = st[-1:].lower()
    dat = st[:-1] + _UK_ALTERNATION[last] + "і" if last in _UK_ALTERNATION else st + "і"
    hushing = last in ("ж", "ч", "ш", "щ")
    return {
        "gent": [st + ("і" if hushing else "и")],
        "datv": [dat],
        "accs": [st + "у"],
        "ablt": [st + ("ею" if hushing else "ою")],
        "loct": [dat],
    }


def _pymorphy_word(w: str, gender: str, lang: str, *, surname: bool) -> dict[str, list[str]] | None:
    """pymorphy3's forms where it knows the word as a name/surname of this gender, else None."""
    want = "Surn" if surname else "Name"
    g = "masc" if gender == "m" else "femn"
    for p in analyzer(lang).parse(w):
        tag = p.tag
        if want in tag and g in tag and "nomn" in tag and "plur" not in tag:
            out: dict[str, list[str]] = {}
            for case in CASES:
                form = p.inflect({case, "sing"})
                if form is None:
                    return None
                out[case] = [_restore_case(form.word, w)]
            return out
    return None


def _restore_case(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def decline_word(w: str, gender: str, lang: str, *, surname: bool) -> tuple[dict[str, list[str]] | None, str]:
    """Case forms of one name word and where they came from ("pymorphy3", "rule", "fixed")."""
    if "-" in w:  # Kassym-Jomart: only the last part declines
        head, _, tail = w.rpartition("-")
        forms, how = decline_word(tail, gender, lang, surname=surname)
        if forms is None:
            return None, how
        return {c: [head + "-" + f for f in fs] for c, fs in forms.items()}, how
    if lang in _FIXED and w in _FIXED[lang]:
        return _FIXED[lang][w], "fixed table"
    rule = (_ru_word if lang == "ru" else _uk_word)(w, gender, surname=surname)
    if rule is None:
        return None, "fixed"
    morph = _pymorphy_word(w, gender, lang, surname=surname)
    if morph is not None and not surname:
        # first names: trust the dictionary, keep the rule's variants too
        merged = {c: list(dict.fromkeys(morph[c] + rule[c])) for c in CASES}
        if lang == "uk" and gender == "m":  # a person's locative: Володимирові, not Володимирі
            merged["loct"] = [f for f in merged["loct"] if f.endswith(("ові", "еві", "єві", "у", "ю"))]
        return merged, "pymorphy3"
    if morph is not None and all(morph[c][0] in rule[c] for c in CASES):
        return rule, "pymorphy3+rule"
    return rule, "rule" if morph is None else "rule (pymorphy3 differs: " + ",".join(morph[c][0] for c in CASES) + ")"


def person_forms(full_names: Iterable[str], gender: str, lang: str) -> tuple[list[str], list[str]]:
    """Oblique case forms of a person's names (surname alone, and first name + surname)."""
    forms: list[str] = []
    notes: list[str] = []
    seen_plain: set[str] = set()
    for full in full_names:
        plain = full.replace("ё", "е").replace("Ё", "Е")
        if plain in seen_plain:
            continue
        seen_plain.add(plain)
        words = full.split()
        if words[0].lower() == "папа":  # "Папа Римский Франциск": decline the name alone
            words = words[-1:] if words[-1][:1].isalpha() and re.search(r"[\u0400-\u04FF]", words[-1]) else words[-2:]
        if len(words) > 2 and _PATRONYMIC.search(words[1].lower()):
            continue
        declined: list[dict[str, list[str]] | None] = []
        for k, w in enumerate(words):
            if w.lower() in _PARTICLES or not w.split("-")[-1][:1].isupper() or not re.search(r"[\u0400-\u04FF]", w):
                declined.append(None)
                continue
            is_surname = k == len(words) - 1
            d, how = decline_word(w, gender, lang, surname=is_surname)
            declined.append(d)
            notes.append(f"{w}: {how}")
        for case in CASES:
            variants = [[w] if d is None else d[case] for w, d in zip(words, declined)]
            combos = [[]]
            for options in variants:
                combos = [c + [o] for c in combos for o in options[:2]]
            for c in combos:
                forms.append(" ".join(c))
            if len(words) > 1 and declined[-1] is not None:
                forms.extend(declined[-1][case])
    nominatives = set(full_names)
    return list(dict.fromkeys(f for f in forms if f not in nominatives)), notes


def phrase_forms(phrase: str, lang: str) -> list[str]:
    """Case forms of an institution or country name: inflect up to and including its head noun."""
    words = phrase.split()
    morph = analyzer(lang)
    heads: list[tuple[int, object]] = []
    for k, w in enumerate(words):
        if not re.search(r"[\u0400-\u04FF]", w) or (w.isupper() and len(w) > 1):
            break
        options = [p for p in morph.parse(w) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")]
        adjectives = [p for p in options if p.tag.POS == "ADJF"]
        # "Білий дім": a capitalised adjective is not the surname Білий
        parse = adjectives[0] if adjectives and k + 1 < len(words) and _ADJ_END.search(w.lower()) else (options[0] if options else None)
        if parse is None:
            break
        heads.append((k, parse))
        if parse.tag.POS == "NOUN":
            break
    if not heads or heads[-1][1].tag.POS != "NOUN":
        return []
    noun = heads[-1][1]
    number = "plur" if "plur" in noun.tag else "sing"
    agree = set()
    if number == "sing" and noun.tag.gender:
        agree.add(noun.tag.gender)
    if noun.tag.animacy:
        agree.add(noun.tag.animacy)
    out = []
    for case in CASES:
        new = list(words)
        ok = True
        for k, parse in heads:
            grammemes = {case, number} | (agree if parse.tag.POS == "ADJF" else set())
            f = (
                parse.inflect(grammemes)
                or parse.inflect({case, number})
                or parse.inflect(grammemes - {number})  # the uk dictionary has no 'sing'
                or parse.inflect({case})
            )
            if f is None:
                ok = False
                break
            new[k] = _restore_case(f.word, words[k])
        head = heads[-1][0]
        # an unchanged head with changed adjectives is a wrong agreement ("Білого дім",
        # inanimate accusatives read as animate): leave that case out
        if ok and new[head] == words[head] and any(new[k] != words[k] for k, _ in heads[:-1]):
            ok = False
        if ok:
            out.append(" ".join(new))
    return [f for f in dict.fromkeys(out) if f != phrase]


# ------------------------------------------------------------------------------ the file
def propose(data: dict, *, only_missing: bool = True) -> dict[str, dict[str, list[str]]]:
    """Proposed ``forms`` per actor id (persons and institutions), for ru and uk."""
    out: dict[str, dict[str, list[str]]] = {}
    for a in data.get("actors") or ():
        if only_missing and a.get("forms"):
            continue
        names = a.get("names") or {}
        forms: dict[str, list[str]] = {}
        for lang in ("ru", "uk"):
            items = [n for n in (names.get(lang) or []) if n]
            if not items:
                continue
            if a.get("type") == "person":
                f, _ = person_forms(items, a.get("gender") or "m", lang)
            else:
                f = [x for n in items for x in phrase_forms(n, lang)]
            f = [x for x in dict.fromkeys(f) if x not in items]
            if f:
                forms[lang] = f
        if forms:
            out[a["id"]] = forms
    return out


def _yaml_list(items: list[str]) -> str:
    def q(s: str) -> str:
        return f'"{s}"' if re.search(r"[:#\[\]{},'\"&*!|>%@`]", s) or s[:1] in "-?" else s

    return "[" + ", ".join(q(s) for s in items) + "]"


def write_forms(path: Path, proposals: dict[str, dict[str, list[str]]]) -> int:
    """Insert (or replace) the ``forms:`` block of each proposed actor; keep the rest as written."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    current: str | None = None
    written = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^- id: (\S+)", line)
        if m:
            current = m.group(1)
        if current in proposals and line.startswith("  forms:"):
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        if current in proposals and (line.startswith(("  roles:", "  sources:"))):
            out.append("  forms:")
            for lang, items in proposals[current].items():
                out.append(f"    {lang}: {_yaml_list(items)}")
            written += 1
            current = None
        out.append(line)
        i += 1
    path.write_text("\n".join(out), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    packaged = resources.files(__package__).joinpath("data", "actors.yaml")
    parser = argparse.ArgumentParser(prog="python -m parley.actors.inflect", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", default=str(packaged), help="registry YAML (default: the packaged one)")
    parser.add_argument("--write", action="store_true", help="write the proposals into the file")
    parser.add_argument("--all", action="store_true", help="also redo actors that already have forms")
    parser.add_argument("--only", nargs="*", default=None, help="only these actor ids")
    args = parser.parse_args(argv)
    path = Path(args.file)
    data = read_yaml(path.read_text(encoding="utf-8"))
    proposals = propose(data, only_missing=not args.all)
    if args.only:
        proposals = {k: v for k, v in proposals.items() if k in set(args.only)}
    for actor_id, forms in proposals.items():
        for lang, items in forms.items():
            print(f"{actor_id}\t{lang}\t{' | '.join(items)}")
    if args.write:
        n = write_forms(path, proposals)
        print(f"wrote forms for {n} actors into {path}; review them before committing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
