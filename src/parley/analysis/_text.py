"""Text features the analyses share: topics, places, named objects and salient words.

The signal coder sets ``Signal.topics`` from the codebook's fixed list; this module reads topics
from the statement's own words as well, so that "same topic" works when coded topics are sparse
or absent (hand-built statements, gold statements, an older coder). Patterns cover English,
Russian and Ukrainian; they match case-insensitively on word stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Statement

_F = re.IGNORECASE | re.UNICODE

#: topic -> pattern over the statement text (stems, three languages).
TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, _F)
    for name, pattern in {
        "talks": r"\b(negotiat\w*|talks?\b|talking|dialogue|meet(ing)?s?\b|sit down at\b|speak (to|with)\b"
        r"|переговор\w*|диалог\w*|діалог\w*|встреч\w*|зустріч\w*)",
        "ceasefire": r"(cease[- ]?fire\w*|\btruce\w*|armistice|\bcease fire|halt (to )?(the )?(fire|hostilities|fighting)"
        r"|stop (the )?(fighting|shooting|hostilities)|перемири\w*|перемир.я|прекращени\w* огня|припинення вогню"
        r"|режим\w* тиші|режим\w* тишины)",
        "territory": r"(\bterritor\w*|\bborders?\b|\bcrimea\w*|\bdonbas+\w*|\bdonetsk\w*|\bluhansk\w*|\blugansk\w*"
        r"|\bsevastopol\w*|\bzaporizh\w*|\bzaporozh\w*|\bkherson\w*|every (met(er|re)|inch|centimet\w+)"
        r"|\bour land\b|people's republics|\bDPR\b|\bLPR\b|территор\w*|територ\w*|крым\w*|крим(?!інал|инал)\w*"
        r"|донбас\w*)",
        "security guarantees": r"(security guarantee\w*|guarantees? of (our )?security|гаранти\w* безопасност\w*"
        r"|гаранті\w* безпек\w*)",
        "nato": r"(\bnato\b|north atlantic alliance|\bнато\b)",
        "neutrality": r"(\bneutral\w*|non-aligned|non-bloc|нейтрал\w*|позаблок\w*|внеблок\w*)",
        "sanctions": r"(\bsanction\w*|санкци\w*|санкці\w*)",
        "prisoners": r"(\bprisoner\w*|\bpows?\b|\bcaptiv\w*|exchange of (the )?(bodies|detainees)|пленн\w*|полонен\w*"
        r"|обмін\w* полон\w*)",
        "energy": r"(\benerg\w*|\bgas\b|\boil\b|pipeline|nuclear power plant|\belectricity\b|энерг\w*|енерг\w*"
        r"|\bгаз(?:а|у|ом|і|е)?\b|газов\w*|газопровод\w*|газотранспорт\w*)",
        "elections": r"(\belection\w*|\breferend\w*|выбор\w*|вибор\w*|референдум\w*)",
        "humanitarian": r"(humanitarian|\bcorridor\w*|evacuat\w*|гуманитар\w*|гуманітар\w*|эвакуац\w*|евакуац\w*)",
        "economy": r"(\beconom\w*|\btrade\b|\binvest\w*|экономи\w*|економі\w*)",
        "recognition": r"(\brecogni(?:[sz]|tion)\w*|признани\w*|признат\w*|признава\w*|визнан\w*|визнат\w*|визнава\w*)",
        "nuclear": r"(\bnuclear\w*|ядерн\w*)",
    }.items()
}

#: topics too broad to tie two statements together on their own.
BROAD_TOPICS = frozenset({"talks", "economy", "energy"})

#: places are read from the text, not from a list of real places: capitalised names after a
#: preposition or a verb of holding and yielding ("in Marovo", "over the Kalda valley", "give up
#: Crimea"), and names before a word for an area ("the Kalda region", "the Tenna river").
_PLACE_AFTER = re.compile(
    r"\b(?:in|into|from|over|of|near|around|across|inside|within|throughout|outside|beyond|cede[sd]?|ceding"
    r"|give up|gave up|giving up|surrender\w*|return\w*|retake\w*|regain\w*|liberat\w*|annex\w*|occup\w*"
    r"|withdraw\w* from|leave|leaving|defend\w*|control of|status of|sovereignty over)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"((?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){0,2})"
    r"|\b((?-i:[A-Z][\w'’-]+))\s+(?:region|province|oblast|district|valley|peninsula|border|river|enclave|corridor)s?\b"
    r"|(?<![\w-])(?:в|во|на|из|изо|с|со|над|под|у|з|із|зі|під|до|от|від|за|отда\w*|отдад\w*|віддам\w*|віддат\w*"
    r"|оставит\w*|залиш\w*|верн\w*|поверн\w*|освобод\w*|звільн\w*|окуп\w*|анекс\w*|признат\w*|визна\w*)\s+"
    r"((?-i:[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+)(?:\s+(?-i:[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+))?)",
    re.UNICODE | re.IGNORECASE,
)
#: capitalised words that are no place: titles, bodies, months and days, adjectives of nations.
_NOT_PLACES = frozenset(
    ["president", "prime", "minister", "ministry", "foreign", "defence", "defense", "council", "security",
     "government", "parliament", "congress", "senate", "office", "general", "secretary", "spokesman",
     "spokeswoman", "spokesperson", "commission", "committee", "court", "nations", "union", "alliance",
     "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "god", "mr", "mrs", "ms", "dr", "his", "her", "its", "their", "our", "my", "your", "he", "she", "they",
     "protocol", "plan", "agreement", "agreements", "accords", "treaty", "format", "declaration", "initiative",
     "memorandum", "formula", "conference", "summit", "talks",
     # adjectives that open the names of bodies ("the National Security and Defense Council")
     "national", "federal", "central", "supreme", "international", "joint", "special", "autonomous"]
)
_ADJECTIVE_END = re.compile(r"(?:ian|ean|ese|ish|ic)$", re.IGNORECASE)


_PREV_WORD = re.compile(r"([\w'’-]+)\s+$")
#: capitalised words before "of" that name a place ("the Autonomous Republic of Crimea").
_PLACE_HOLDERS = frozenset(["republic", "region", "oblast", "province", "city", "island", "islands", "port", "gulf",
                            "sea", "strait", "bay", "state", "territory", "district"])


def _place_key(name: str) -> str | None:
    words = [w for w in re.split(r"\s+", name.replace("’", "'")) if w]
    while words and (words[-1].lower() in _NOT_PLACES or words[-1].lower() in _COMMON_NAMES):
        words.pop()
    if not words or any(w.lower() in _NOT_PLACES or w.lower() in _COMMON_NAMES for w in words[:1]):
        return None
    if len(words) == 1 and _ADJECTIVE_END.search(words[0]):
        return None  # "Borovian sovereignty": a nation's adjective, not a place
    key = " ".join(words).lower().removesuffix("'s")
    if re.search(r"[а-яіїєґё]", key):  # Cyrillic: a crude stem that survives case endings
        key = re.sub(r"(?:ого|ому|ой|ий|ый|ая|ую|ье|ья|ья|ії|ія|ію|ом|ем|ах|ях|[аеиоуыюяіїєйь])$", "", key)[:5]
    return key if len(key) >= 3 else None


#: words that claim all of a country's territory ("every meter of our land").
ALL_TERRITORY = re.compile(
    r"(all (of )?(our|its|the|their|\w+['’]s) (occupied )?(territor\w*|lands?)|every (met(er|re)|inch|centimet\w+)"
    r"|territorial integrity|\bintegral\b|1991 borders|internationally recognized borders|internationally recognised borders"
    r"|will not give up anything|вс[юеі]\w* (наш\w*|сво\w*) територ\w*|кожен метр|каждый метр|територіальн\w* цілісн\w*"
    r"|территориальн\w* целостн\w*)",
    _F,
)

#: topic groups that count as the same subject for positions (NATO membership vs neutrality).
TOPIC_GROUPS: dict[str, str] = {"nato": "alignment", "neutrality": "alignment"}

_STOP = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "me", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "say", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "one", "two", "three", "today", "yesterday", "tomorrow", "already", "still", "yet", "shall", "may", "might", "well", "many", "new", "like", "said", "told", "also", "however", "therefore", "thus"]
)

#: capitalised words that name the sides, not a subject.
COMMON_NAMES = _COMMON_NAMES = frozenset(
    ["russia", "russian", "russians", "ukraine", "ukrainian", "ukrainians", "kyiv", "kiev", "moscow", "president", "minister", "mr", "ms", "federation", "europe", "european", "america", "american", "united", "states", "us", "usa", "eu", "west", "western", "i", "we", "the", "this", "that", "these", "those", "it", "our", "and", "but", "so", "if", "as", "in", "on", "at", "of", "for", "with", "there"]
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def norm_topic(topic: str) -> str:
    """A codebook topic in the spelling this module uses ("security_guarantees" -> "security guarantees")."""
    return " ".join(topic.lower().replace("_", " ").replace("-", " ").split())


@lru_cache(maxsize=1 << 18)
def text_topics(text: str) -> frozenset[str]:
    """Topics named in ``text`` (see :data:`TOPIC_PATTERNS`)."""
    return frozenset(name for name, pat in TOPIC_PATTERNS.items() if pat.search(text))


def statement_topics(statement: Statement) -> frozenset[str]:
    """Topics of a statement: the coder's (every signal's) and those its words name."""
    coded = {norm_topic(t) for s in statement.signals for t in s.topics}
    return frozenset(coded) | text_topics(statement.text)


@lru_cache(maxsize=1 << 18)
def places(text: str) -> frozenset[str]:
    """Places named in ``text`` (lower-cased names, read from the text); ``"*"`` when it claims all
    of the territory."""
    found = set()
    for m in _PLACE_AFTER.finditer(text):
        if m.group(1) and m.group(0)[:3].lower() == "of ":
            before = _PREV_WORD.search(text, 0, m.start())
            if before and before.group(1)[:1].isupper() and before.group(1).lower() not in _PLACE_HOLDERS:
                continue  # "the Declaration of State Sovereignty", "the Council of Nations": one name
        key = _place_key(m.group(1) or m.group(2) or m.group(3))
        if key:
            found.add(key)
    if ALL_TERRITORY.search(text):
        found.add("*")
    return frozenset(found)


def places_meet(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """The places two statements share (all territory meets any named place)."""
    if not a or not b:
        return set()
    if "*" in a and "*" in b:
        return {"all territory"}
    if "*" in a:
        return set(b - {"*"}) or {"all territory"}
    if "*" in b:
        return set(a - {"*"}) or {"all territory"}
    return set(a & b)


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s")
    if re.fullmatch(r"[a-z'-]+", w):
        for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
            if len(w) - len(suf) >= 4 and w.endswith(suf):
                return w[: -len(suf)]
        return w
    return w[:6]  # Cyrillic: a crude but stable stem


@lru_cache(maxsize=1 << 18)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (stop words and short words dropped)."""
    out = set()
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        if len(w) < 3 or w in _STOP:
            continue
        out.add(_stem(w))
    return frozenset(out)


_NAMED = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+){1,3})((?i:agreements?|accords?|deal|communiqu[eé]|plan|formula|format|memorandum|"
    r"protocols?|treaty|package|initiative|declaration|road ?map))\b"
    r"|([А-ЯІЇЄҐ][а-яіїєґ'’-]+)\s+(соглашени\w*|договор\w*|угод\w*|формат\w*|меморандум\w*|протокол\w*)",
    re.UNICODE,
)
_HEADS = {
    "agreement": "agreement", "agreements": "agreement", "accord": "agreement", "accords": "agreement",
    "deal": "agreement", "treaty": "agreement", "protocol": "agreement", "protocols": "agreement",
    "communique": "agreement", "communiqué": "agreement", "memorandum": "agreement",
}


def named_objects(text: str) -> dict[str, tuple[int, int]]:
    """Named agreements, plans and formats in ``text`` ("the Minsk agreements" -> ``"minsk agreement"``),
    each with the character span of its first mention."""
    out: dict[str, tuple[int, int]] = {}
    for m in _NAMED.finditer(text):
        if m.group(1):
            words = [w for w in m.group(1).split() if w.lower() not in _COMMON_NAMES]
            if not words:
                continue
            head = _HEADS.get(m.group(2).lower(), m.group(2).lower().replace(" ", ""))
            key = f"{words[-1].lower().rstrip('’s').rstrip(chr(39))[:8]} {head}"
        else:
            key = f"{m.group(3).lower()[:5]} {m.group(4).lower()[:5]}"
        out.setdefault(key, m.span())
    return out


