"""A command line that starts at once (issue 14): commands loaded when they run, data compiled
once into a cache keyed by content, heavy libraries loaded only by the commands that need them.
Speed itself is measured by ``python -m parley.benchmarks.startup``, never asserted here."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest
import typer

from parley import compiled
from parley.cli import COMMANDS, app


def test_the_help_table_is_the_commands_own_help():
    """`parley --help` lists commands from a table without loading them: it must say what the
    commands themselves say, and list every one of them."""
    group = typer.main.get_command(app)
    real = {name: cmd.get_short_help_str(10_000) for name, cmd in group.commands.items() if not cmd.hidden}
    assert {name: entry.help for name, entry in COMMANDS.items()} == real


def _loaded_after(*args: str) -> set[str]:
    code = ("import sys\nfrom parley.cli import main\nsys.argv = ['parley', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\nMODULES', ' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)
    line = [x for x in out.stdout.splitlines() if x.startswith("MODULES ")]
    assert line, out.stderr
    return set(line[-1].split()[1:])


def test_help_loads_no_command_and_no_heavy_library():
    loaded = _loaded_after("--help")
    heavy = {"parley.api", "parley.cli.ingest", "sqlalchemy", "spacy", "numpy", "sklearn", "distributed",
             "importlib.metadata"}
    assert not heavy & loaded, heavy & loaded


def test_extract_without_a_store_loads_neither_sqlalchemy_nor_sklearn_nor_the_analyses(tmp_path):
    src = tmp_path / "one.txt"
    src.write_text('Dmitry Peskov said: "Russia is ready for talks."', encoding="utf-8")
    loaded = _loaded_after("extract", str(src), "--format", "jsonl")
    assert "parley.extract" in loaded and "parley.signals" in loaded
    # dateparser reads dates written in a text, and this one has none
    for name in ("sqlalchemy", "sklearn", "scipy", "parley.analysis.deeds", "parley.store", "distributed",
                 "trafilatura", "dateparser", "parley.extract.slavic"):
        assert name not in loaded, name


def test_russian_and_ukrainian_still_get_their_own_extractor_loaded_on_first_use():
    from parley.extract import _extractor_class
    from parley.extract.slavic import SlavicExtractor

    assert _extractor_class("ru") is SlavicExtractor and _extractor_class("uk") is SlavicExtractor
    assert _extractor_class("en").__name__ == "Extractor"


# ----------------------------------------------------------------------------- the tokenizer
def _old_pipeline(language: str):
    """The pipeline as it was built before the tokenizer was made in one go: spacy.blank, then the
    two bounds set on the finished tokenizer (each setting reloads every special case)."""
    import spacy

    from parley.extract.extractor import MAX_DOCUMENT_CHARS, _long_token, _tail_search

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_DOCUMENT_CHARS
    nlp.tokenizer.suffix_search = _tail_search(nlp.tokenizer.suffix_search)
    nlp.tokenizer.token_match = _long_token(nlp.tokenizer.token_match)
    return nlp


def _tokens(nlp, text):
    return [(t.text, t.idx, t.is_sent_start, t.whitespace_) for t in nlp(text)]


SENTENCES = {
    "en": ['Dmitry Peskov said: "Russia isn\'t ready for talks (yet)." The U.S. State Dept. didn\'t comment.',
           "Mr. Zelensky's office said on Feb. 24th, 2022 at 5 a.m.: 'We'll fight!' See https://example.org/x?y=1.",
           "((((" + "x" * 1500 + "))))... " + "\"" * 300 + " end."],
    "ru": ["Песков заявил: «Россия готова к переговорам без предварительных условий», — сказал он т.е. в 2022 г."],
    "uk": ["Зеленський сказав: «Ми готові до переговорів», — зазначив він у т.ч. 24 лют. 2022 р."],
    "xx": ["Plain text in a language spaCy has no rules for: a, b; c."],
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_the_tokenizer_made_once_splits_as_spacy_blank_did(language, tmp_path, monkeypatch):
    from parley.extract.extractor import _pipeline

    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path))
    _pipeline.cache_clear()
    try:
        new, old = _pipeline(language), _old_pipeline(language)
        assert list(tmp_path.glob(f"tokenizer-affixes-{language}-*.pickle"))  # kept in the compiled cache
        assert new.tokenizer.rules == old.tokenizer.rules and new.pipe_names == old.pipe_names == ["sentencizer"]
        for text in SENTENCES[language]:
            assert _tokens(new, text) == _tokens(old, text)
        _pipeline.cache_clear()
        again = _pipeline(language)  # the affix expressions read back from the cache
        for text in SENTENCES[language]:
            assert _tokens(again, text) == _tokens(old, text)
    finally:
        _pipeline.cache_clear()


@pytest.mark.corpora
def test_the_tokenizer_made_once_splits_real_press_releases_as_spacy_blank_did(corpora_dir):
    import csv

    from parley.extract.extractor import _pipeline

    csv.field_size_limit(1 << 30)
    with open(corpora_dir / "kremlin-zelensky-press-2021-22" / "putin_press_releases_en.csv", encoding="utf-8",
              newline="") as fh:
        texts = [row["body"] for _, row in zip(range(40), csv.DictReader(fh))]
    texts = [t for t in texts if t.strip()]
    assert len(texts) >= 30
    new, old = _pipeline("en"), _old_pipeline("en")
    for text in texts:
        assert _tokens(new, text) == _tokens(old, text)


# ----------------------------------------------------------------------------- compiled cache
def test_compiled_patterns_come_back_with_the_same_program(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path))
    patterns = [re.compile(r"(?<![\w-])(?:talks?|переговор\w*)\s+(?P<target>\w+)(?![\w])", re.I),
                re.compile(r"^\s*#\s+(.+)", re.M), re.compile(rb"\x00+")]
    built = []

    def build():
        built.append(1)
        return {"patterns": patterns}

    first = compiled.cached("test-patterns", ["v1"], build)
    again = compiled.cached("test-patterns", ["v1"], build)
    assert len(built) == 1 and first is not again
    text = "Talks Moscow; переговоры Киев\n# Title\n"
    for a, b in zip(patterns, again["patterns"], strict=True):
        assert (a.pattern, a.flags, a.groupindex) == (b.pattern, b.flags, b.groupindex)
        sample = text.encode() + b"\x00\x00" if isinstance(a.pattern, bytes) else text
        assert [m.span() for m in a.finditer(sample)] == [m.span() for m in b.finditer(sample)]


def test_the_cache_is_rebuilt_when_a_source_changes_and_when_it_is_damaged(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(cache))
    source = tmp_path / "lexicon.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    builds = []

    def build():
        builds.append(source.read_text())
        return json.dumps(builds)

    compiled.cached("test-source", [source], build)
    compiled.cached("test-source", [source], build)
    assert len(builds) == 1
    source.write_text("a: 2\n", encoding="utf-8")
    compiled.cached("test-source", [source], build)
    assert builds == ["a: 1\n", "a: 2\n"]
    files = list(cache.glob("test-source-*.pickle"))
    assert len(files) == 1  # the stale build is removed
    files[0].write_bytes(b"not a pickle")
    assert compiled.cached("test-source", [source], build) == json.dumps(builds) and len(builds) == 3
    assert pickle.loads(files[0].read_bytes())  # written again, whole


def test_two_installations_sharing_a_cache_folder_keep_their_own_builds(tmp_path, monkeypatch):
    """Two checkouts (or virtual environments) with one user cache folder: each keeps its build
    instead of deleting the other's on every start (which made every start a cold one)."""
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path / "cache"))
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    compiled.cached("test-shared", ["v1"], build)
    monkeypatch.setattr(compiled, "PACKAGE", tmp_path / "another-checkout" / "parley")
    monkeypatch.setattr(compiled, "_CODE_STAMP", "another-code")
    compiled.cached("test-shared", ["v1"], build)
    assert len(builds) == 2 and len(list((tmp_path / "cache").glob("test-shared-*.pickle"))) == 2
    monkeypatch.undo()
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path / "cache"))
    compiled.cached("test-shared", ["v1"], build)
    assert len(builds) == 2  # the first installation's build is still there


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_CACHE_DIR", "off")
    builds = []
    for _ in range(2):
        compiled.cached("test-off", ["x"], lambda: builds.append(1))
    assert builds == [1, 1]


def test_a_registry_edit_recompiles_what_depends_on_it(tmp_path, monkeypatch):
    from parley.actors import load_registry
    from parley.signals.rules import load_lexicon

    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "extra.yaml"
    extra.write_text("actors:\n  - id: zz-test\n    name: Zorro Zebedee\n    side: RU\n    type: person\n    gender: m\n",
                     encoding="utf-8")
    first = load_registry(extra=[extra])
    assert first.cache_key and load_lexicon("en", first).actors.search("Zorro Zebedee said")
    extra.write_text("actors:\n  - id: zz-test\n    name: Yorick Yellow\n    side: RU\n    type: person\n    gender: m\n",
                     encoding="utf-8")
    second = load_registry(extra=[extra])
    assert second.cache_key != first.cache_key
    actors = load_lexicon("en", second).actors
    assert actors.search("Yorick Yellow said") and not actors.search("Zorro Zebedee said")


# ----------------------------------------------------------------------------- the PLOVER model
def test_the_plover_model_scores_as_scikit_learn_does_without_loading_it():
    from parley.signals import plover_model as pm

    pytest.importorskip("sklearn")
    model = pm.load_model()
    sentences = [pm.mark(s, "Putin", "Kyiv") for s in (
        "Putin said Russia was ready for talks with Kyiv without preconditions.",
        "Putin accused Kyiv of shelling the Zaporizhzhia plant, and threatened a response.",
        "The sides agreed on a prisoner exchange.", "", "x y z")]
    reference = pm.PloverModel(model.classes, {}, model.coef, model.intercept, model.temperature)
    for name, block in model.vectorizers.items():
        assert isinstance(block, pm.TfidfBlock)
        v = pm._vectorizer(name)
        v.vocabulary_, v.idf_ = block.vocabulary_, block.idf_
        reference.vectorizers[name] = v
    assert np.allclose(model.decision_function(sentences), reference.decision_function(sentences), atol=1e-9)
    assert model.predict(sentences) == reference.predict(sentences)


# ----------------------------------------------------------------------------- the benchmark
def test_the_startup_benchmark_tells_modules_without_bytecode_and_compiles_them(tmp_path):
    """A checkout installed in editable mode under PYTHONDONTWRITEBYTECODE compiles every module
    from source in every process: the benchmark says how many, and --compile compiles them as
    installing a wheel does."""
    import os

    from parley.benchmarks.startup import compile_bytecode, modules_without_bytecode

    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (pkg / name).write_text("X = 1\n", encoding="utf-8")
    assert len(modules_without_bytecode(pkg)) == 4
    assert compile_bytecode(pkg)
    assert modules_without_bytecode(pkg) == []
    later = (pkg / "a.py").stat().st_mtime + 10
    os.utime(pkg / "a.py", (later, later))  # edited since: its bytecode is stale
    assert modules_without_bytecode(pkg) == [pkg / "a.py"]


def test_the_command_line_leaves_its_objects_to_the_operating_system_at_exit(tmp_path):
    """Walking every object once more at interpreter shutdown cost a sixth of a one-sentence
    extract: main() freezes them (gc.freeze) as it returns, whatever the exit status, and the
    output is complete."""
    src = tmp_path / "one.txt"
    src.write_text('Dmitry Peskov said: "Russia is ready for talks."', encoding="utf-8")
    code = ("import atexit, gc, sys\natexit.register(lambda: print('FROZEN', gc.get_freeze_count()))\n"
            "from parley.cli import main\nsys.argv = ['parley', *sys.argv[1:]]\nmain()")
    done = subprocess.run([sys.executable, "-c", code, "extract", str(src), "--format", "jsonl"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows, frozen = done.stdout.rsplit("FROZEN", 1)
    assert json.loads(rows.strip().splitlines()[0])["speaker"] == "Dmitry Peskov"
    assert int(frozen) > 100_000
    failed = subprocess.run([sys.executable, "-c", code, "extract"], capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and int(failed.stdout.rsplit("FROZEN", 1)[1]) > 0
