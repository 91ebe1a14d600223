"""The actor registry: who can speak, under which names, in which roles, for which side.

The registry is one YAML file shipped with the package (``data/actors.yaml``), optionally merged
with extra files (a user's additions, a demo registry). Loading validates the file and builds
every lookup table once, so :meth:`Registry.resolve` is a few dictionary look-ups on the common
path:

1. the exact normalised name (canonical name, alias, transliteration, stored case form, the
   surname alone, initials);
2. a role phrase at the date ("the Kremlin spokesman", "Foreign Minister of Ukraine");
3. the longest registry name at the end of the mention ("Russian Foreign Minister Lavrov",
   "представителя МИД Марии Захаровой"), or each comma/parenthesis part;
4. for Cyrillic text, pymorphy3's normal forms of every word (forms the file does not list);
5. for Latin text, a transliteration skeleton (Zelenskyy/Zelenskiy/Zelensky);
6. last, rapidfuzz with a strict cut-off, against names only.

A name shared by several actors resolves only when the date (who held a role then), the side the
caller names, or the language decides it; otherwise the answer is None, never a guess.

A surname found at the end of a mention (steps 3 to 5) is no licence: when a given name or an
initial written before it conflicts with every given name of the actor (any language, spelling or
case form: Kirill/Kyrylo/Кирила agree, Oleg does not), that actor is set aside, and a mention
that leaves none resolves to None ("Oleg Tymoshenko" is not Kyrylo Tymoshenko).
:meth:`Registry.conflicting_actors` gives those actors for the speaker resolution of extraction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from ..errors import NotFound, RegistryError
from ..records import Actor, Role
from ..compiled import cached, content_key
from .inflect import analyzer, lemma_key
from .text import (
    FORMER_WORDS,
    LEADING_WORDS,
    cyrillic,
    given_agree,
    is_cyrillic,
    is_latin,
    norm,
    skeleton,
    strip_leading,
)

LANGUAGES = ("en", "ru", "uk")
ACTOR_TYPES = ("person", "institution")
PACKAGED = "actors.yaml"

#: rapidfuzz's last-resort cut-off (0-100, fuzz.ratio) and the shortest key it may match.
FUZZY_CUTOFF = 92.0
FUZZY_MIN_LEN = 6

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_POSSESSIVE_TAIL = re.compile(r"['’ʼ]s$")
_CODE_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]*$")
_PARTS_RE = re.compile(r"[,;()\[\]—–]| - ")
#: a patronymic (Russian, Ukrainian; as written or transliterated) between a given name and a surname
_PATRONYMIC_RE = re.compile(
    r"(?:ич|ичн|овн|евн|івн|ївн)(?:а|у|ем|е|ом|ой|ою|і|и|ы|ові|ей|ею)?$|(?:ovich|evich|ovych|evych|ovna|evna|ivna)$"
)
#: words that open a person's listed name but are no given names ("Sir Keir Starmer", "Pope Leo")
_NOT_GIVEN = frozenset(
    ["sir", "pope", "crown", "chairman", "gen", "lt", "mr", "mrs", "ms", "dr", "фон", "папа", "бин", "бін", "аль", "ибн",
     "von", "van", "der", "de", "da", "di", "du", "dos", "la", "le", "al", "el", "bin", "ibn", "ben", "abu", "bint"]
)
#: capital letters that stand alone in a mention: initials ("O. Tymoshenko"), never the
#: prepositions and conjunctions a lower-case key cannot tell from them ("с Путиным")
_LONE_LETTER = re.compile(r"(?<!\w)(\w)(?![\w'’ʼ])")
_NOT_INITIALS = frozenset(["i", "a", "й"])  # "I", "A": a pronoun, an article


@dataclass(frozen=True, slots=True)
class RoleInfo:
    """What the registry knows about a role beyond the :class:`Role` record."""

    actor_id: str
    role: Role
    key: str  # what "the same title" means for the overlap check (office+country or title)
    country: str | None
    shared: bool
    generic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _period(value: Any, *, end: bool, where: str) -> dt.date | None:
    """A role date: a full date, or YYYY-MM / YYYY (first day for a start, last day for an end)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            day = calendar.monthrange(year, month)[1] if end else 1
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RegistryError(f"{where}: bad date {value!r}; write YYYY-MM-DD, YYYY-MM or YYYY") from None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None and str(v).strip()]


def _per_language(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RegistryError(f"{where}: expected a mapping of language to names, got {value!r}")
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if lang not in LANGUAGES:
            raise RegistryError(f"{where}: unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
        out[lang] = _as_list(names)
    return out


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        item = " ".join(str(item).split())
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm(text)).strip("-")


class _Mapping(dict):
    """A YAML mapping that remembers the line it starts on (for errors that name the line)."""

    line: int | None = None


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode):
    data = _Mapping()
    data.line = node.start_mark.line + 1 if node.start_mark is not None else None
    yield data
    data.update(loader.construct_mapping(node))


# libyaml's parser when PyYAML was built with it (five to ten times faster on the packaged file)
_YAML_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_YAML_BASE):  # type: ignore[misc, valid-type]
    """YAML without implicit timestamps (dates stay text, so a bad one gets a clear message);
    every mapping knows its line."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _at(path: Path, entry: Any = None) -> str:
    """``path:line`` of an entry read from ``path`` (``path`` alone when the line is unknown)."""
    line = getattr(entry, "line", None)
    return f"{path}:{line}" if line else str(path)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry file ({exc.strerror or exc})") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise RegistryError(f"{where}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RegistryError(f"{path}: expected a mapping with 'actors' (and optionally 'countries', 'offices')")
    unknown = set(data) - {"version", "ambiguous", "offices", "countries", "actors"}
    if unknown:
        raise RegistryError(f"{path}: unknown top-level keys {sorted(unknown)}")
    return data


def resolve_ref(ref: str | Path) -> Path:
    """A registry file reference: a path, or ``pkg:package.name/file.yaml`` inside a package."""
    ref = str(ref)
    if ref.startswith("pkg:"):
        package, _, name = ref[4:].partition("/")
        try:
            return Path(str(resources.files(package).joinpath(name)))
        except ModuleNotFoundError:
            raise RegistryError(f"{ref}: no package {package!r} holds this registry file") from None
    return Path(ref).expanduser()


def packaged_path() -> Path:
    """The registry file shipped with Parley."""
    return Path(str(resources.files("parley.actors") / "data" / PACKAGED))


#: suffixes after a full name that are not part of the surname ("Jr.", "III")
GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})


class Registry:
    """Actors with their names, roles and sides, and the lookups over them."""

    #: the content key of the files it was loaded from (:func:`load_registry`; None: built from
    #: data in memory); what is compiled from the registry is cached under it
    cache_key: str | None = None

    def __init__(self, sources: Sequence[tuple[Path, Mapping[str, Any]]]):
        self.files: tuple[Path, ...] = tuple(p for p, _ in sources)
        self._fuzzy_hits: dict[str, list] = {}  # fuzzy candidates per name, found once
        self._offices: dict[str, dict[str, Any]] = {}
        self._countries: dict[str, dict[str, Any]] = {}
        self._ambiguous: set[str] = set()
        self._country_lines: dict[str, str] = {}
        raw_actors: dict[str, tuple[Path, dict[str, Any]]] = {}
        for path, data in sources:
            for name, office in (data.get("offices") or {}).items():
                self._offices[str(name)] = dict(office or {})
            for entry in data.get("countries") or ():
                if not isinstance(entry, Mapping) or not entry.get("code"):
                    raise RegistryError(f"{_at(path, entry)}: country entry {entry!r} has no 'code'")
                self._countries[str(entry["code"])] = dict(entry)
                self._country_lines[str(entry["code"])] = _at(path, entry)
            self._ambiguous.update(norm(a) for a in _as_list(data.get("ambiguous")))
            seen_here: set[str] = set()
            for i, entry in enumerate(data.get("actors") or (), 1):
                if not isinstance(entry, Mapping):
                    raise RegistryError(f"{path}: actor #{i} is not a mapping")
                actor_id = entry.get("id")
                if not actor_id or not isinstance(actor_id, str):
                    raise RegistryError(f"{_at(path, entry)}: actor #{i} ({entry.get('name', '?')}) has no 'id'")
                if actor_id in seen_here:
                    raise RegistryError(f"{_at(path, entry)}: actor {actor_id!r}: the id is used twice in this file")
                seen_here.add(actor_id)
                raw_actors[actor_id] = (path, entry)  # a later file replaces an actor
        self._actors: dict[str, Actor] = {}
        self._origin: dict[str, Path] = {}
        self._roles: list[RoleInfo] = []
        self._explicit: dict[str, list[tuple[str, str]]] = defaultdict(list)  # key -> (id, name)
        self._names: dict[str, set[str]] = defaultdict(set)
        self._names_by_lang: dict[str, dict[str, set[str]]] = {lang: defaultdict(set) for lang in LANGUAGES}
        self._metonyms: dict[str, set[str]] = defaultdict(set)
        self._role_index: dict[str, list[RoleInfo]] = defaultdict(list)
        self._generic_index: dict[str, list[RoleInfo]] = defaultdict(list)
        self._country_ids: set[str] = set()
        self._side_of_code: dict[str, str] = {}
        self._side_terms: list[tuple[str, str]] = []
        self._build_countries()
        for actor_id, (path, entry) in raw_actors.items():
            self._add_actor(path, entry)
        self._freeze()

    # ------------------------------------------------------------------ building
    def _build_countries(self) -> None:
        for code, c in self._countries.items():
            where = f"{self._country_lines.get(code, '')}: country {code}".lstrip(": ")
            names = {lang: _as_list(c.get(lang)) for lang in LANGUAGES}
            if not names["en"]:
                raise RegistryError(f"{where}: no English name ('en')")
            forms = _per_language(c.get("forms"), where)
            metonyms = _per_language(c.get("metonyms"), where)
            actor_id = _slug(names["en"][0])
            aliases = {
                lang: _dedupe(names[lang] + forms.get(lang, []))
                for lang in LANGUAGES
                if names[lang] or forms.get(lang)
            }
            actor = Actor(
                id=actor_id,
                name=names["en"][0],
                type="institution",
                side=code,
                aliases=aliases,
                sources=("ISO 3166-1",) if len(code) == 2 else (),
                notes=f"Country or bloc from the side table ({code}).",
            )
            self._actors[actor_id] = actor
            self._origin[actor_id] = Path("<countries>")
            self._country_ids.add(actor_id)
            for lang, items in aliases.items():
                for item in items:
                    self._index_name(actor_id, item, lang, explicit=False)
            for lang, items in metonyms.items():
                for item in items:
                    self._metonyms[norm(item)].add(actor_id)
            # the side table
            self._side_of_code[code.upper()] = code
            for a3 in _as_list(c.get("alpha3")):
                self._side_of_code[a3.upper()] = code
            terms = [*names["en"], *_as_list(c.get("adj_en")), *_as_list(c.get("extra"))]
            for lang in ("ru", "uk"):
                terms += names[lang] + forms.get(lang, []) + _as_list(c.get(f"adj_{lang}"))
                terms += _as_list(c.get(f"gen_{lang}"))
            for items in metonyms.values():
                terms += items
            for term in terms:
                self._side_terms.append((term, code))

    @staticmethod
    def _adj_genitive(adjectives: list[str], lang: str, feminine: bool) -> list[str]:
        """Genitive singular of Russian/Ukrainian adjectives in -ий/-ый ("российский" ->
        "российского"/"российской"; "український" -> "українського"/"української"), for role
        phrases such as "глава {adj_gen} МИД". Regular declension: no dictionary guess involved."""
        out = []
        for adj in adjectives:
            if lang == "ru" and adj.endswith(("ий", "ый")):
                stem = adj[:-2]
                soft = adj.endswith("ний") and not adj.endswith(("ский", "цкий"))
                out.append(stem + (("ей" if soft else "ой") if feminine else ("его" if soft else "ого")))
            elif lang == "uk" and adj.endswith("ий"):
                stem = adj[:-2]
                out.append(stem + ("ої" if feminine else "ого"))
            elif lang == "uk" and adj.endswith("ній"):
                stem = adj[:-2]
                out.append(stem + ("ьої" if feminine else "ього"))
        return out

    def _expand(self, template: str, lang: str, country: str | None, where: str) -> list[str]:
        if "{" not in template:
            return [template]
        if country is None:
            return []
        c = self._countries[country]
        values = {
            "name": [n for n in _as_list(c.get("en")) if not n.lower().startswith("the ")],
            "adj": _as_list(c.get("adj_en")) if lang == "en" else _as_list(c.get(f"adj_{lang}")),
            "gen": _as_list(c.get(f"gen_{lang}")),
            "abbr": _as_list(c.get("abbr")),
        }
        if lang in ("ru", "uk"):
            values["adj_gen"] = self._adj_genitive(values["adj"], lang, feminine=False)
            values["adj_gen_f"] = self._adj_genitive(values["adj"], lang, feminine=True)
        out = [template]
        for field_name in re.findall(r"\{(\w+)\}", template):
            if field_name not in values:
                raise RegistryError(f"{where}: unknown placeholder {{{field_name}}} in {template!r}")
            out = [t.replace("{" + field_name + "}", v, 1) for t in out for v in values[field_name]]
        return out

    def _add_actor(self, path: Path, e: dict[str, Any]) -> None:
        actor_id = e["id"]
        where = f"{_at(path, e)}: actor {actor_id!r}"
        known = {"id", "name", "type", "gender", "side", "names", "forms", "roles", "sources", "notes", "surname"}
        unknown = set(e) - known
        if unknown:
            raise RegistryError(f"{where}: unknown fields {sorted(unknown)}; known: {', '.join(sorted(known))}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", actor_id):
            raise RegistryError(f"{where}: the id must be a lower-case slug like 'dmitry-peskov'")
        name = e.get("name")
        if not name or not isinstance(name, str):
            raise RegistryError(f"{where}: missing 'name' (the canonical name)")
        kind = e.get("type")
        if kind not in ACTOR_TYPES:
            raise RegistryError(f"{where}: 'type' must be person or institution, not {kind!r}")
        side = e.get("side")
        if side is not None and str(side) not in self._countries:
            raise RegistryError(f"{where}: unknown side {side!r}; use a code from 'countries' or null")
        gender = e.get("gender")
        if kind == "person" and gender not in ("m", "f"):
            raise RegistryError(f"{where}: a person needs 'gender: m' or 'gender: f'")
        if actor_id in self._country_ids:
            raise RegistryError(f"{where}: the id is taken by a country of the side table")
        names = _per_language(e.get("names"), where + " names")
        forms = _per_language(e.get("forms"), where + " forms")
        surname = e.get("surname")
        surnames: dict[str, list[str]] = {}
        if isinstance(surname, Mapping):
            surnames = _per_language(surname, where + " surname")
        elif surname:
            surnames = {"en": _as_list(surname)}
        aliases = {
            lang: _dedupe(names.get(lang, []) + forms.get(lang, []))
            for lang in LANGUAGES
            if names.get(lang) or forms.get(lang)
        }
        roles: list[Role] = []
        for j, r in enumerate(e.get("roles") or (), 1):
            roles.append(self._add_role(actor_id, side, r, f"{_at(path, r)}: actor {actor_id!r} role #{j}"))
        actor = Actor(
            id=actor_id,
            name=name,
            type=kind,
            side=str(side) if side is not None else None,
            aliases=aliases,
            roles=tuple(roles),
            gender=gender,
            sources=tuple(_as_list(e.get("sources"))),
            notes=e.get("notes"),
        )
        self._actors[actor_id] = actor
        self._origin[actor_id] = path
        # names: canonical, listed names and stored forms are explicit; derived ones are not
        self._index_name(actor_id, name, "en", explicit=True)
        for lang, items in aliases.items():
            for item in items:
                self._index_name(actor_id, item, lang, explicit=True)
        if kind == "person":
            for lang, derived in self._derived_names(name, names, forms, surnames).items():
                for item in derived:
                    self._index_name(actor_id, item, lang, explicit=False)

    def _derived_names(
        self,
        name: str,
        names: Mapping[str, list[str]],
        forms: Mapping[str, list[str]],
        surnames: Mapping[str, list[str]],
    ) -> dict[str, list[str]]:
        """The surname alone and initials ("S. Lavrov") of each full name."""
        out: dict[str, list[str]] = defaultdict(list)
        for lang in LANGUAGES:
            full = [name] if lang == "en" else []
            full += [n for n in names.get(lang, []) if len(n.split()) >= 2]
            fixed = surnames.get(lang)
            for n in full:
                # a generational suffix is no surname ("Lloyd J. Austin III": Austin, not "III",
                # which made a lone "I" or "J" in any text a spelling of Lloyd Austin)
                parts = [p for p in n.split() if p.rstrip(".,").lower() not in GENERATIONAL] or n.split()
                last = fixed[0] if fixed else parts[-1]
                if fixed and not n.endswith(last):
                    continue
                out[lang].append(last)
                first = parts[0]
                if first[:1].isalpha() and not fixed:
                    out[lang].append(f"{first[0]}. {last}")
            if fixed:
                out[lang].extend(fixed)
        return out

    def _add_role(self, actor_id: str, side: Any, r: Any, where: str) -> Role:
        if not isinstance(r, Mapping):
            raise RegistryError(f"{where}: a role must be a mapping with 'office' or 'title'")
        known = {"office", "of", "title", "aliases", "generic", "start", "end", "shared", "note"}
        unknown = set(r) - known
        if unknown:
            raise RegistryError(f"{where}: unknown fields {sorted(unknown)}")
        office_name = r.get("office")
        country = r.get("of", side if office_name else None)
        country = str(country) if country is not None else None
        titles: dict[str, list[str]] = defaultdict(list)
        phrases: dict[str, list[str]] = defaultdict(list)
        generic: dict[str, list[str]] = defaultdict(list)
        if office_name:
            office = self._offices.get(str(office_name))
            if office is None:
                raise RegistryError(f"{where}: unknown office {office_name!r}; known: {', '.join(sorted(self._offices))}")
            if country is not None and country not in self._countries:
                raise RegistryError(f"{where}: unknown country {country!r}")
            for lang, t in (office.get("title") or {}).items():
                titles[lang] += self._expand(str(t), lang, country, where)[:1]
            for lang, items in (office.get("phrases") or {}).items():
                for t in items:
                    phrases[lang] += self._expand(str(t), lang, country, where)
            for lang, items in (office.get("generic") or {}).items():
                generic[lang] += _as_list(items)
        own_title = r.get("title")
        if isinstance(own_title, Mapping):
            for lang, t in _per_language(own_title, where + " title").items():
                titles[lang] = t + titles.get(lang, [])
        elif own_title:
            titles["en"] = _as_list(own_title) + titles.get("en", [])
        if not titles.get("en"):
            raise RegistryError(f"{where}: the role needs an English 'title' or an 'office'")
        for lang, items in _per_language(r.get("aliases"), where + " aliases").items():
            phrases[lang] += items
        for lang, items in _per_language(r.get("generic"), where + " generic").items():
            generic[lang] += items
        start = _period(r.get("start"), end=False, where=where)
        end = _period(r.get("end"), end=True, where=where)
        if start and end and end < start:
            raise RegistryError(f"{where}: the role ends ({end}) before it starts ({start})")
        role_aliases = {
            lang: _dedupe(titles.get(lang, []) + phrases.get(lang, []))
            for lang in LANGUAGES
            if titles.get(lang) or phrases.get(lang)
        }
        role = Role(title=titles["en"][0], start=start, end=end, aliases=role_aliases)
        key = f"{office_name}:{country}" if office_name else norm(titles["en"][0])
        info = RoleInfo(
            actor_id=actor_id,
            role=role,
            key=key,
            country=country,
            shared=bool(r.get("shared", False)),
            generic={lang: _dedupe(v) for lang, v in generic.items()},
        )
        self._roles.append(info)
        for lang, items in role_aliases.items():
            for item in items:
                k = strip_leading(norm(item))
                if k and info not in self._role_index[k]:
                    self._role_index[k].append(info)
        for lang, items in info.generic.items():
            for item in items:
                k = strip_leading(norm(item))
                if k and info not in self._generic_index[k]:
                    self._generic_index[k].append(info)
        return role

    def _index_name(self, actor_id: str, name: str, lang: str, *, explicit: bool) -> None:
        key = strip_leading(norm(name))
        if not key:
            return
        self._names[key].add(actor_id)
        self._names_by_lang[lang][key].add(actor_id)
        if explicit:
            self._explicit[key].append((actor_id, name))

    def _freeze(self) -> None:
        self.actors: tuple[Actor, ...] = tuple(self._actors.values())
        self._by_side: dict[str | None, tuple[Actor, ...]] = defaultdict(tuple)
        groups: dict[str | None, list[Actor]] = defaultdict(list)
        for a in self.actors:
            groups[a.side].append(a)
        self._by_side.update({k: tuple(v) for k, v in groups.items()})
        self._names_frozen = {k: frozenset(v) for k, v in self._names.items()}
        self._skeletons: dict[str, set[str]] = defaultdict(set)
        for key, ids in self._names_frozen.items():
            if is_latin(key) and not is_cyrillic(key):
                self._skeletons[skeleton(key)].update(ids)
        persons = {a.id for a in self.actors if a.type == "person"}
        self._fuzzy_keys = [
            k
            for k, ids in self._names_frozen.items()
            if len(k) >= FUZZY_MIN_LEN and ids <= persons and (" " in k or len(k) >= 8)
        ]
        # their positions by length: a name is compared only with keys long enough, and short
        # enough, to reach the cutoff (see _fuzzy_near)
        self._fuzzy_by_len: dict[int, list[int]] = defaultdict(list)
        for i, k in enumerate(self._fuzzy_keys):
            self._fuzzy_by_len[len(k)].append(i)
        self._fuzzy_by_n: dict[int, list[str]] = {}  # the keys near each length of name, found once
        self._roles_of: dict[str, list[RoleInfo]] = defaultdict(list)
        for info in self._roles:
            self._roles_of[info.actor_id].append(info)
        self._cache: dict[tuple[Any, ...], Actor | None] = {}
        self._lemma_names: dict[str, set[str]] | None = None
        self._lemma_roles: dict[str, list[RoleInfo]] | None = None
        self._gazetteer: dict[str, frozenset[str]] | None = None
        self._side_re: re.Pattern[str] | None = None
        self._given_of: dict[str, tuple[str, ...]] = {}
        self._given_words: tuple[frozenset[str], frozenset[str]] | None = None
        self._is_given_cache: dict[str, bool] = {}
        self._conflicts_cache: dict[str, frozenset[str]] = {}
        self._surname_cache: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ plain access
    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self):
        return iter(self.actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def get(self, actor_id: str) -> Actor:
        """The actor with this id; raises :class:`NotFound` naming the closest ids."""
        try:
            return self._actors[actor_id]
        except KeyError:
            pass
        hint = ""
        by_name = self.resolve(actor_id)
        if by_name is not None:
            hint = f" '{actor_id}' is a name of {by_name.id!r}."
        else:
            close = [m[0] for m in process.extract(actor_id, list(self._actors), limit=3, score_cutoff=60)]
            if close:
                hint = f" Did you mean: {', '.join(close)}?"
        raise NotFound(f"no actor with id {actor_id!r} in the registry.{hint} `parley actors list` shows them all.")

    def roles_of(self, actor_id: str) -> tuple[RoleInfo, ...]:
        return tuple(self._roles_of.get(actor_id, ()))

    def origin(self, actor_id: str) -> Path:
        """The registry file an actor was read from."""
        return self._origin[actor_id]

    def by_side(self, side: str | None) -> tuple[Actor, ...]:
        """Every actor of one side (``None``: the independents)."""
        if side is not None:
            side = self._side_of_code.get(side.upper(), side)
        return self._by_side.get(side, ())

    @property
    def country_ids(self) -> frozenset[str]:
        """Ids of the actors made from the side table (countries and blocs)."""
        return frozenset(self._country_ids)

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(self._countries)

    @property
    def mediators(self) -> frozenset[str]:
        """The sides the side table marks as mediators or third parties (``mediator: true``): the
        sides a charm offensive can court (:func:`parley.analysis.tactics.charm_offensive`)."""
        return frozenset(code for code, entry in self._countries.items() if entry.get("mediator") is True)

    @property
    def countries(self) -> dict[str, dict[str, Any]]:
        """The side table as read from the registry files: code -> names, adjectives, forms."""
        return {code: dict(entry) for code, entry in self._countries.items()}

    def side_name(self, code: str | None) -> str:
        """The English name of a side ("RU" -> "Russia", "XB" -> "Borovia"), else the code."""
        if not code:
            return "no side"
        entry = self._countries.get(code) or self._countries.get(code.upper())
        names = _as_list(entry.get("en")) if entry else []
        names = [n for n in names if not n.lower().startswith("the ")] or names
        return names[0] if names else code

    # ------------------------------------------------------------------ resolution
    def resolve(
        self,
        mention: str | None,
        *,
        on: dt.date | None = None,
        language: str = "en",
        side: str | None = None,
    ) -> Actor | None:
        """The actor a mention names, or None when it names none (or several, undecidably).

        ``on`` is the date of the text: role phrases resolve to whoever held the role then
        (without a date: whoever holds it now). ``side`` (optional) is the side the text
        speaks from (a Kremlin readout: RU); it lets bare phrases such as "the President"
        resolve and breaks ties between namesakes.
        """
        if not mention:
            return None
        if isinstance(on, dt.datetime):
            on = on.date()
        ck = (mention, on, language, side)
        try:
            return self._cache[ck]
        except KeyError:
            pass
        result = self._resolve(mention, on, language, side)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[ck] = result
        return result

    def resolve_id(self, mention: str | None, **kwargs: Any) -> str | None:
        actor = self.resolve(mention, **kwargs)
        return actor.id if actor else None

    def _resolve(self, mention: str, on: dt.date | None, language: str, side: str | None) -> Actor | None:
        key = strip_leading(norm(mention))
        if not key:
            return None
        initials = _initials(mention)
        keys = [key]
        # a mention in parts: "Sergey Lavrov, Russia's foreign minister", "Lavrov (Russia)"
        if _PARTS_RE.search(mention):
            for part in _PARTS_RE.split(mention):
                k = strip_leading(norm(part))
                if k and k not in keys:
                    keys.append(k)
        cyrillic = is_cyrillic(key)
        for k in keys:
            found = self._exact(k, on, language, side)
            if found is _MISS and cyrillic:
                found = self._lemma_lookup(k.split(" "), on, language, side, suffixes=False)
            if found is _MISS:
                found = self._suffix(k, on, language, side, initials)
            if found is _MISS and cyrillic:
                found = self._lemma_lookup(k.split(" "), on, language, side, suffixes=True, initials=initials)
            if found is _REFUSED:
                return None  # "Oleg Tymoshenko": the surname of an actor, another person's given name
            if found is not _MISS:
                return found
        if is_latin(key):
            found = self._skeleton_lookup(key.split(" "), on, language, side, initials)
            if found is _REFUSED:
                return None
            if found is not _MISS:
                return found
        return self._fuzzy(key, on, language, side)

    def _exact(self, key: str, on, language, side) -> Any:
        """The key as a name, a role phrase or a metonym."""
        ids = self._names_frozen.get(key)
        if ids:
            return self._choose(ids, key, on, language, side)
        found = self._role_lookup(key, on, side, self._role_index, self._generic_index)
        if found is not _MISS:
            return found
        if key in self._metonyms:
            return self._choose(frozenset(self._metonyms[key]), key, on, language, side)
        return _MISS

    def _suffix(self, key: str, on, language, side, initials: frozenset[str] = frozenset()) -> Any:
        """The longest registry name (or role phrase) ending the key: "Foreign Minister Lavrov"."""
        tokens = key.split(" ")
        if len(tokens) < 2:
            return _MISS
        for i in range(1, len(tokens)):
            sub = " ".join(tokens[i:])
            ids = self._names_frozen.get(sub)
            if ids:
                ids = frozenset(a for a in ids if a not in self._country_ids)
                if ids:
                    return self._choose_named(ids, tokens[:i], initials, sub, on, language, side)
        if not any(t in FORMER_WORDS for t in tokens):
            for i in range(1, len(tokens)):
                sub = " ".join(tokens[i:])
                if sub in self._role_index:
                    return self._role_lookup(sub, on, side, self._role_index, {})
        return _MISS

    def _choose(self, ids: frozenset[str] | set[str], key: str, on, language, side) -> Actor | None:
        if len(ids) == 1:
            return self._actors[next(iter(ids))]
        candidates = set(ids)
        lang_ids = self._names_by_lang.get(language, {}).get(key)
        if lang_ids and len(candidates & lang_ids) == 1:
            return self._actors[next(iter(candidates & lang_ids))]
        if on is not None:
            active = {a for a in candidates if any(i.role.holds_on(on) for i in self._roles_of.get(a, ()))}
            if len(active) == 1:
                return self._actors[active.pop()]
            if active:
                candidates = active
        if side is not None:
            same = {a for a in candidates if self._actors[a].side == side}
            if len(same) == 1:
                return self._actors[same.pop()]
        persons = {a for a in candidates if a not in self._country_ids}
        if len(persons) == 1 and len(candidates) > 1 and key in self._metonyms:
            return self._actors[persons.pop()]
        return None

    def _choose_named(self, ids: Iterable[str], before: list[str], initials: frozenset[str], key: str, on, language,
                      side) -> Any:
        """:meth:`_choose` among the actors a name ending the mention names, once those whose given
        names conflict with the one written before it are set aside; :data:`_REFUSED` when that
        leaves none ("Oleg Tymoshenko" is not Kyrylo Tymoshenko)."""
        if key.count(" "):
            return self._choose(ids, key, on, language, side)  # a full name ("Marko Rutte"): it has its own
        kept = frozenset(a for a in ids if not self._given_conflict(before, a, initials))
        if not kept:
            return _REFUSED
        return self._choose(kept, key, on, language, side)

    # -- given names
    def given_name_conflict(self, before: str, actor_id: str) -> bool:
        """Whether the words written before an actor's name in a mention ("Oleg" before
        "Tymoshenko", "Олега" before "Тимошенко") end with a given name or an initial that none of
        the actor's names (in any language, spelling or case form) agrees with. False when the
        words end with no given name (a title, "Foreign Minister"), when the actor is no person or
        the registry knows no given name of it."""
        return self._given_conflict(norm(before).split(" ") if before else [], actor_id, _initials(before or ""))

    def conflicting_actors(self, mention: str | None) -> frozenset[str]:
        """The registry persons a mention names by their surname alone with another given name
        or initial before it ("Oleg Tymoshenko", "Олега Тимошенко", "O. Tymoshenko": Kyrylo
        Tymoshenko): whatever resolves a part of the mention must not credit it to them. Each
        word is looked up as a name (as written, by its pymorphy3 normal form, by its
        transliteration skeleton), the words before it as given names."""
        if not mention:
            return frozenset()
        found = self._conflicts_cache.get(mention)
        if found is not None:
            return found
        tokens = strip_leading(norm(mention)).split(" ")
        initials = _initials(mention)
        out: set[str] = set()
        for i in range(1, len(tokens)):
            ids = self._surname_ids(tokens[i])  # first: most words name nobody, and this is cheap
            if not ids or not self._given_word(tokens[i - 1], initials):
                continue
            for a in ids:
                if self._given_conflict(tokens[:i], a, initials):
                    out.add(a)
        found = frozenset(out)
        if len(self._conflicts_cache) < 100_000:
            self._conflicts_cache[mention] = found
        return found

    def _surname_ids(self, word: str) -> frozenset[str]:
        """The registry persons a word names as a name of its own (a surname)."""
        found = self._surname_cache.get(word)
        if found is None:
            ids = set(self._names_frozen.get(word, ()))
            if is_cyrillic(word):
                names, _ = self._lemma_tables()
                for lang in ("ru", "uk"):
                    ids |= names.get(lemma_key(word, lang), set())
            elif is_latin(word):
                ids |= self._skeletons.get(skeleton(word), set())
            found = frozenset(a for a in ids if a not in self._country_ids and self._actors[a].type == "person")
            if len(self._surname_cache) < 100_000:
                self._surname_cache[word] = found
        return found

    def _given_conflict(self, before: list[str], actor_id: str, initials: frozenset[str]) -> bool:
        # the given names, patronymics and initials just before the surname: "Sergey V. Lavrov",
        # "Кирилл Олегович Тимошенко", "J. J. Price"
        run: list[str] = []  # last word first
        for t in reversed([t for t in before if t]):
            if len(run) == 3 or not (self._given_word(t, initials) or (len(t) > 4 and _PATRONYMIC_RE.search(t))):
                break
            run.append(t)
        names = [t for t in run if len(t) > 1 and not _PATRONYMIC_RE.search(t)]
        initials = [t for t in run if len(t) == 1]
        words = names or initials[-1:]  # a middle initial says nothing when a given name is written
        if not words:
            return False
        given = self._given_names(actor_id)
        return bool(given) and not any(given_agree(w, g) for w in words for g in given)

    def _given_names(self, actor_id: str) -> tuple[str, ...]:
        """The normalised words before the surname in each of a person's full names (canonical,
        listed names, stored case forms; every language), without titles."""
        found = self._given_of.get(actor_id)
        if found is None:
            actor = self._actors[actor_id]
            words: list[str] = []
            if actor.type == "person":
                for n in (actor.name, *(x for v in actor.aliases.values() for x in v)):
                    parts = norm(n).split(" ")
                    for w in parts[:-1]:
                        if w not in _NOT_GIVEN and w not in words and not _PATRONYMIC_RE.search(w):
                            words.append(w)
            found = self._given_of[actor_id] = tuple(words)
        return found

    def _given_tables(self) -> tuple[frozenset[str], frozenset[str]]:
        """The given names of the registry's persons: Latin skeletons, Cyrillic words (with the
        stored case forms); words of role phrases left out ("Chairman", "Pope")."""
        if self._given_words is None:
            role_words = {w for k in (*self._role_index, *self._generic_index) for w in k.split(" ")}
            lat: set[str] = set()
            cyr: set[str] = set()
            for a in self.actors:
                for w in self._given_names(a.id):
                    if len(w) < 2 or w in role_words:
                        continue
                    if is_cyrillic(w):
                        cyr.add(w)  # the nominatives are among them: a mention's word is lemmatised
                    else:
                        lat.add(skeleton(w))
            self._given_words = (frozenset(lat), frozenset(cyr))
        return self._given_words

    def _given_word(self, word: str, initials: frozenset[str]) -> bool:
        """A given name, or an initial: a lone letter the mention writes as a capital."""
        if len(word) == 1:
            return word in initials and word not in _NOT_INITIALS
        return self._is_given(word)

    def _is_given(self, word: str) -> bool:
        """Whether a normalised word is a given name or an initial: a given name of a registry
        person, or one pymorphy3 tags as a first name (Latin words through a rough Cyrillic
        spelling); never a word of a role phrase."""
        hit = self._is_given_cache.get(word)
        if hit is not None:
            return hit
        if len(word) == 1:
            hit = False  # an initial only when written as one (_given_word)
        else:
            lat, cyr = self._given_tables()
            if word in _NOT_GIVEN or word in self._role_index or word in self._generic_index:
                hit = False
            elif is_cyrillic(word):
                hit = word in cyr or lemma_key(word, "ru") in cyr or lemma_key(word, "uk") in cyr or _first_name(word)
                hit = hit and self.side_for(word) is None  # "Ізраїль" is a name, "ізраїлю" a country
            elif word.isalpha() and word.isascii():
                hit = skeleton(word) in lat or (len(word) >= 4 and _first_name(cyrillic(word), nominative=True))
            else:
                hit = False
        self._is_given_cache[word] = hit
        return hit

    def _holders(self, infos: Iterable[RoleInfo], on: dt.date | None) -> list[RoleInfo]:
        held = [i for i in infos if i.role.holds_on(on)]
        if len({i.actor_id for i in held}) <= 1:
            return held
        # a changeover day, or overlapping terms: the newcomer wins unless the title is shared
        if any(i.shared for i in held):
            return held
        latest = max((i.role.start or dt.date.min) for i in held)
        return [i for i in held if (i.role.start or dt.date.min) == latest]

    def _role_lookup(self, key, on, side, index, generic_index) -> Any:
        infos = index.get(key)
        if infos:
            held = self._holders(infos, on)
            if side is not None and len({i.actor_id for i in held}) > 1:
                held = [i for i in held if i.country == side or self._actors[i.actor_id].side == side]
            ids = {i.actor_id for i in held}
            if len(ids) == 1:
                return self._actors[ids.pop()]
            return None
        infos = generic_index.get(key)
        if infos and side is not None:
            held = self._holders([i for i in infos if i.country == side], on)
            ids = {i.actor_id for i in held}
            if len(ids) == 1:
                return self._actors[ids.pop()]
            return None
        return _MISS

    # -- fallbacks
    def _lemma_tables(self) -> tuple[dict[str, set[str]], dict[str, list[RoleInfo]]]:
        if self._lemma_names is None:
            names: dict[str, set[str]] = defaultdict(set)
            for lang in ("ru", "uk"):
                for key, ids in self._names_by_lang[lang].items():
                    names[lemma_key(key, lang)].update(ids)
            roles: dict[str, list[RoleInfo]] = defaultdict(list)
            for key, infos in self._role_index.items():
                if is_cyrillic(key):
                    for lang in ("ru", "uk"):
                        for info in infos:
                            lk = lemma_key(key, lang)
                            if info not in roles[lk]:
                                roles[lk].append(info)
            self._lemma_names, self._lemma_roles = dict(names), dict(roles)
        return self._lemma_names, self._lemma_roles

    def _lemma_lookup(self, tokens: list[str], on, language, side, *, suffixes: bool,
                      initials: frozenset[str] = frozenset()) -> Any:
        names, roles = self._lemma_tables()
        langs = [language] if language in ("ru", "uk") else ["ru", "uk"]
        for lang in langs:
            lk = lemma_key(" ".join(tokens), lang)
            if not suffixes:
                ids = names.get(lk)
                if ids:
                    return self._choose(ids, lk, on, language, side)
                found = self._role_lookup(lk, on, side, roles, {})
                if found is not _MISS:
                    return found
                continue
            lts = lk.split(" ")
            for i in range(1, len(lts)):
                sub = " ".join(lts[i:])
                ids = names.get(sub)
                if ids:
                    ids = {a for a in ids if a not in self._country_ids}
                    if ids:
                        return self._choose_named(ids, lts[:i], initials, sub, on, language, side)
        return _MISS

    def _skeleton_lookup(self, tokens: list[str], on, language, side, initials: frozenset[str] = frozenset()) -> Any:
        for i in range(len(tokens)):
            sub = " ".join(tokens[i:])
            ids = self._skeletons.get(skeleton(sub))
            if ids:
                if i:
                    ids = {a for a in ids if a not in self._country_ids}
                if ids:
                    return self._choose_named(ids, tokens[:i], initials, sub, on, language, side)
        return _MISS

    def _fuzzy(self, key: str, on, language, side) -> Actor | None:
        if len(key) < FUZZY_MIN_LEN or (" " not in key and len(key) < 8):
            return None
        cache = self._fuzzy_hits
        hits = cache.get(key)
        if hits is None:  # the candidates depend on the name only: search once per name
            hits = process.extract(key, self._fuzzy_near(key), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
            if len(cache) < 100_000:
                cache[key] = hits
        if not hits:
            return None
        best = hits[0][1]
        ids: set[str] = set()
        for k, score, _ in hits:
            if score == best:
                ids |= self._names_frozen[k]
        return self._choose(ids, hits[0][0], on, language, side)

    def _fuzzy_near(self, key: str) -> list[str]:
        """The fuzzy keys whose length lets ``fuzz.ratio`` reach the cutoff with ``key``, in their
        order (rapidfuzz ranks equal scores by position: the hits are those of the whole list).
        The ratio of lengths a and b is at most 100 * 2 * min(a, b) / (a + b); comparing a name
        with every key cost a second per thousand documents. Kept per length."""
        n = len(key)
        near = self._fuzzy_by_n.get(n)
        if near is None:
            c = FUZZY_CUTOFF / 100
            lo, hi = int(n * c / (2 - c)) - 1, int(n * (2 - c) / c) + 2  # rounded outwards
            by_len = self._fuzzy_by_len
            positions = sorted(i for length in range(max(lo, 0), hi + 1) for i in by_len.get(length, ()))
            near = self._fuzzy_by_n[n] = [self._fuzzy_keys[i] for i in positions]
        return near

    # ------------------------------------------------------------------ gazetteer
    def _gazetteer_table(self) -> dict[str, frozenset[str]]:
        if self._gazetteer is None:
            table = {k: v for k, v in self._names_frozen.items()}
            self._gazetteer = table
            self._first_tokens: dict[str, int] = {}
            for k in table:
                first, n = k.split(" ", 1)[0], k.count(" ") + 1
                self._first_tokens[first] = max(n, self._first_tokens.get(first, 0))
            for k in self._role_index:
                first, n = k.split(" ", 1)[0], k.count(" ") + 1
                self._first_tokens[first] = max(n, self._first_tokens.get(first, 0))
            for k in self._metonyms:
                first, n = k.split(" ", 1)[0], k.count(" ") + 1
                self._first_tokens[first] = max(n, self._first_tokens.get(first, 0))
        return self._gazetteer

    def find_mentions(
        self,
        text: str,
        language: str = "en",
        *,
        on: dt.date | None = None,
        metonyms: bool = False,
    ) -> list[tuple[int, int, Actor]]:
        """Registry names in ``text`` as ``(start, end, actor)``, longest first, never overlapping.

        Names and stored case forms are found always; role phrases ("the Kremlin spokesman")
        only when ``on`` gives the date to resolve them; capital-for-government metonyms
        ("Kyiv") only with ``metonyms=True``. A one-word hit must be capitalised in the text
        ("Volk" the name, not "волк" the wolf). Names shared by several actors are skipped
        unless the date or language decides them.
        """
        table = self._gazetteer_table()
        first_tokens = self._first_tokens
        toks: list[tuple[int, int, str]] = []
        for m in _TOKEN_RE.finditer(text):
            s, e = m.start(), m.end()
            word = m.group()
            tail = _POSSESSIVE_TAIL.search(word)
            if tail:
                e -= len(tail.group())
                word = word[: -len(tail.group())]
            key = norm(word)
            if not key:
                continue
            # norm may split a token ("U.S" is two tokens already); keep one key per token
            toks.append((s, e, key))
        out: list[tuple[int, int, Actor]] = []
        i, n = 0, len(toks)
        while i < n:
            first = toks[i][2]
            width = first_tokens.get(first)
            if width is None:
                i += 1
                continue
            hit = None
            for w in range(min(width, n - i), 0, -1):
                if w > 1 and any(" " in t[2] for t in toks[i : i + w]):
                    pass
                key = " ".join(t[2] for t in toks[i : i + w])
                start, end = toks[i][0], toks[i + w - 1][1]
                actor = None
                ids = table.get(key)
                if ids:
                    if w == 1 and not text[start].isupper():
                        continue
                    actor = self._choose(ids, key, on, language, None)
                elif on is not None and key in self._role_index:
                    found = self._role_lookup(key, on, None, self._role_index, {})
                    actor = found if isinstance(found, Actor) else None
                elif metonyms and key in self._metonyms and text[start].isupper():
                    actor = self._choose(frozenset(self._metonyms[key]), key, on, language, None)
                if actor is not None:
                    hit = (start, end, actor, w)
                    break
            if hit:
                out.append(hit[:3])
                i += hit[3]
            else:
                i += 1
        return out

    # ------------------------------------------------------------------ sides
    def side_for(self, text: str | None) -> str | None:
        """The side an event-data actor field or a name stands for, or None.

        Knows GDELT/CAMEO actor codes (``RUS``, ``UKRMIL``, ``USAGOV``, ``IGONAT``), ISO codes,
        ACLED actor names ("Military Forces of Russia (2000-)", "Civilians (Ukraine)") and every
        name in the registry ("Sergey Lavrov" → RU).
        """
        if not text:
            return None
        s = str(text).strip()
        if not s:
            return None
        if _CODE_RE.match(s):
            up = s.upper()
            if up in self._side_of_code:
                return self._side_of_code[up]
            if up.startswith("IGO"):
                for k in range(3, len(up) - 2, 3):
                    code = self._side_of_code.get(up[k : k + 3])
                    if code in ("EU", "NATO", "UN"):
                        return code
                return None
            if up[:3] in self._side_of_code:
                return self._side_of_code[up[:3]]
        key = strip_leading(norm(s))
        ids = self._names_frozen.get(key)
        if ids and len(ids) == 1:
            return self._actors[next(iter(ids))].side
        if self._side_re is None:
            terms = sorted({t for t, _ in self._side_terms}, key=len, reverse=True)
            self._side_map = {}
            for t, code in self._side_terms:
                self._side_map.setdefault(t.casefold(), code)
            self._side_re = re.compile(
                r"(?<![\w])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w])", re.IGNORECASE
            )
        m = self._side_re.search(s)
        if m:
            return self._side_map.get(m.group(1).casefold())
        actor = self.resolve(s)
        return actor.side if actor else None

    # ------------------------------------------------------------------ checks
    def check(self) -> list[str]:
        """Problems a reviewer should fix: shared names, overlapping terms, missing facts."""
        problems: list[str] = []
        for key, owners in sorted(self._explicit.items()):
            ids = sorted({a for a, _ in owners})
            if len(ids) > 1 and key not in self._ambiguous:
                spelled = owners[0][1]
                problems.append(
                    f"duplicate name {spelled!r} belongs to {', '.join(ids)}: make it unique or list it under 'ambiguous'"
                )
        by_key: dict[str, list[RoleInfo]] = defaultdict(list)
        for info in self._roles:
            if not info.shared:
                by_key[info.key].append(info)
        for key, infos in sorted(by_key.items()):
            for x in range(len(infos)):
                for y in range(x + 1, len(infos)):
                    a, b = infos[x], infos[y]
                    if a.actor_id == b.actor_id:
                        continue
                    if _overlap(a.role, b.role):
                        problems.append(
                            f"overlapping terms of {a.role.title!r}: {a.actor_id} ({_span(a.role)}) and "
                            f"{b.actor_id} ({_span(b.role)}); fix the dates or mark the role 'shared: true'"
                        )
        for actor in self.actors:
            if actor.id in self._country_ids:
                continue
            where = f"{self._origin[actor.id]}: actor {actor.id!r}"
            if actor.type == "person" and not actor.sources:
                problems.append(f"{where}: no 'sources' (where can its facts be checked?)")
            if actor.type == "person" and not actor.roles and actor.side is not None:
                problems.append(f"{where}: a person with a side but no role")
            for info in self._roles_of.get(actor.id, ()):
                r = info.role
                if r.start and r.start > dt.date.today() + dt.timedelta(days=366):
                    problems.append(f"{where}: role {r.title!r} starts in the future ({r.start})")
        return problems


def _overlap(a: Role, b: Role) -> bool:
    lo_a, hi_a = a.start or dt.date.min, a.end or dt.date.max
    lo_b, hi_b = b.start or dt.date.min, b.end or dt.date.max
    # touching on the changeover day is not an overlap
    return lo_a < hi_b and lo_b < hi_a and not (hi_a == lo_b or hi_b == lo_a)


def _span(role: Role) -> str:
    return f"{role.start or '?'} to {role.end or 'now'}"


@functools.lru_cache(maxsize=1 << 14)
def _initials(text: str) -> frozenset[str]:
    """The lone capital letters of a mention, as :func:`norm` writes them ("O. Tymoshenko": o)."""
    return frozenset(norm(m.group(1)) for m in _LONE_LETTER.finditer(text) if m.group(1).isupper())


def _first_name(word: str, *, nominative: bool = False) -> bool:
    """Whether every reading pymorphy3 gives a Cyrillic word, in Russian or in Ukrainian, is a
    declinable first name of its dictionary ("олег", "олега", "ивана"; not "роман", a novel too,
    nor "нато", an abbreviation too, nor a guess for an unknown word). ``nominative``: only as
    written (a Latin word spelled in Cyrillic: "aide" is no case form of "Аида")."""
    for lang in ("ru", "uk"):
        parses = analyzer(lang).parse(word)
        if parses and all(p.is_known and "Name" in p.tag and "Fixd" not in p.tag for p in parses):
            if not nominative or parses[0].normal_form == word:
                return True
    return False


class _Miss:
    def __repr__(self) -> str:
        return "<miss>"


_MISS: Any = _Miss()


class _Refused:
    def __repr__(self) -> str:
        return "<refused>"


#: a name matched by its surname whose given name conflicts: the mention names nobody in the registry
_REFUSED: Any = _Refused()


# ---------------------------------------------------------------------- loading
@functools.lru_cache(maxsize=8)
def _load_cached(files: tuple[tuple[str, float], ...]) -> Registry:
    paths = [Path(p) for p, _ in files]

    def build() -> Registry:
        registry = Registry([(p, _read_yaml(p)) for p in paths])
        registry._lemma_tables()  # the inflected name forms, compiled once with the rest
        return registry

    try:
        key = content_key("registry", paths)
    except OSError:  # a file gone since it was stamped: reading it says so, naming it
        return build()
    registry = cached("registry", paths, build, key=key)
    registry.cache_key = key
    return registry


def _stamp(path: Path) -> tuple[str, float]:
    try:
        return (str(path), path.stat().st_mtime)
    except OSError:
        raise RegistryError(f"{path}: no such registry file") from None


def load_registry(
    paths: Sequence[Path | str] | None = None,
    extra: Sequence[Path | str] = (),
) -> Registry:
    """Load (and cache) the registry: the packaged file, or ``paths``, merged with ``extra``.

    Files later in the list add actors, countries and offices; an actor whose id is already
    known replaces the earlier one. Raises :class:`RegistryError` naming the file, the actor
    and the problem when a file is malformed.
    """
    if isinstance(extra, (str, Path)):
        extra = (extra,)
    base = [packaged_path()] if paths is None else [Path(p) for p in paths]
    files = tuple(_stamp(Path(p)) for p in [*base, *[Path(e) for e in extra]])
    return _load_cached(files)


__all__ = ["LEADING_WORDS", "Registry", "RoleInfo", "load_registry", "packaged_path", "resolve_ref"]
