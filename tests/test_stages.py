"""Every stage the pipeline runs conforms to :class:`parley.stages.Stage`: a name and a version it
stamps on what it derives, what it requires and provides (fields that exist on the records), and
``pipe`` giving what ``__call__`` gives one record at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from parley.api import Parley
from parley.records import Document, Statement
from parley.stages import Stage, stamp

TEXTS = {
    "en": "Lavrov said that Russia was ready for talks without preconditions. "
          "\"We reject this ultimatum,\" Zelensky told reporters.",
    "ru": "Лавров заявил, что Россия готова к переговорам без предварительных условий.",
    "uk": "Зеленський заявив, що Україна готова до переговорів.",
}
RECORDS = {"Document": Document, "Statement": Statement}


@pytest.fixture(scope="module")
def processor():
    return Parley(None).processor()


def _declared(field: str) -> bool:
    record, _, name = field.partition(".")
    cls = RECORDS.get(record)
    if cls is None:
        return False
    return not name or name in {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_stage_of_every_language_is_a_stage(processor, language):
    stages = processor.stages(language)
    assert len(stages) == 2  # the extractor, then the coder
    for stage in stages:
        assert isinstance(stage, Stage), stage
        assert stage.name.startswith("parley.") and stage.version
        assert stamp(stage) == f"{stage.name}/{stage.version}"
        assert stage.requires and stage.provides
        undeclared = [f for f in (*stage.requires, *stage.provides) if not _declared(f)]
        assert not undeclared, (stage.name, undeclared)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_pipe_gives_what_call_gives_and_stamps_the_stage(processor, language):
    extractor, coder = processor.stages(language)
    docs = [Document.create(TEXTS[language], language=language, published=dt.date(2025, 3, 1)),
            Document.create(TEXTS[language] + " ", language=language, published=dt.date(2025, 3, 2))]
    one_by_one = [list(extractor(d)) for d in docs]
    piped = [list(x) for x in extractor.pipe(docs, batch_size=1)]
    assert piped == one_by_one and piped[0]
    assert all(s.extractor == stamp(extractor) for s in piped[0])
    statements = piped[0]
    coded = list(coder.pipe(statements, batch_size=1))
    assert coded == [coder(s) for s in statements]
    assert any(s.signals for s in coded)
    assert all(g.coder and g.coder.startswith(stamp(coder)) for s in coded for g in s.signals)


def test_the_processor_stamps_its_stage_versions(processor):
    versions = processor.versions
    assert versions == {"extractor": stamp(processor.extractor("en")), "coder": stamp(processor.coder("en"))}
