"""The NER pipeline (model + EntityRuler) and the ``ner`` extractor that adds what rules miss.

Sentences are our own, with invented names.
"""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("spacy")

from extractor import ner, ner_patterns, pipeline, settings  # noqa: E402
from extractor.errors import ModelError  # noqa: E402
from extractor.extractors import load_all  # noqa: E402

# The registry runs extractors in the order their modules were first imported: import them all in
# MODULES order before this file imports the ner extractor itself, so it stays last.
load_all()
from extractor.extractors import ner_entities  # noqa: E402
from extractor.extractors.base import Context  # noqa: E402
from extractor.records import Person  # noqa: E402
from extractor.text import make_doc  # noqa: E402

#: A lead whose presider is written without an honorific: only the model can see him.
ARTICLE = (
    "อำเภอแม่ทะจัดโครงการปลูกป่าชุมชน\n"
    "วันที่ 12 มีนาคม 2567 เวลา 09.00 น. ณ ห้องประชุมที่ว่าการอำเภอแม่ทะ จังหวัดลำปาง "
    "สมปอง ใจงาม นายอำเภอแม่ทะ เป็นประธานเปิดโครงการปลูกป่าชุมชน "
    "โดยมีนางสาวกมลา ศรีวงศ์ ปลัดอำเภอแม่ทะ กล่าวรายงาน\n"
)
BARE_NAME = "สมปอง ใจงาม"


@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the NER pipeline tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_model_loads_offline_and_tags_people_and_organizations(no_network):
    ner.reset()
    nlp = ner.load()
    assert "entity_ruler" in nlp.pipe_names and nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")
    doc = make_doc("นายวีระพงษ์ แสนสุข ผู้อำนวยการสำนักงานเกษตรจังหวัดลำปาง ลงพื้นที่อำเภอเกาะคา จังหวัดลำปาง")
    found = {(label, doc.text[s:e]) for label, s, e in ner.entities(doc)}
    assert any(label == "PERSON" and "วีระพงษ์" in text for label, text in found), found
    assert ("ORGANIZATION", "สำนักงานเกษตรจังหวัดลำปาง") in found, found  # the ruler's pattern keeps it whole
    assert ("LOCATION", "อำเภอเกาะคา") in found, found


def test_entities_are_body_offsets_inside_the_zone():
    text = "หัวข่าวโดยนายทดสอบ สมมติ\nนายวีระพงษ์ แสนสุข ผู้อำนวยการโรงเรียนบ้านดอนไชย กล่าวต้อนรับ\n"
    zone = (text.index("\n") + 1, len(text))
    doc = make_doc(text, zone=zone)
    ents = ner.entities(doc)
    assert ents and all(zone[0] <= s < e <= zone[1] for _, s, e in ents)
    assert all(not doc.text[s].isspace() and not doc.text[e - 1].isspace() for _, s, e in ents)
    assert ner.entities(doc) is ents  # one run per Doc


def _official_names(use_ner: bool) -> dict[str, Person]:
    record = pipeline.extract(ARTICLE, published="2024-03-12", use_ner=use_ner)
    return {p.name: p for p in record.events[0].officials}


def test_ner_adds_an_official_written_without_honorific():
    officials = _official_names(use_ner=True)
    assert BARE_NAME in officials, officials
    person = officials[BARE_NAME]
    assert person.honorific is None and person.position == "นายอำเภอแม่ทะ"
    assert ARTICLE[person.span[0]:person.span[1]] == BARE_NAME
    assert "กมลา ศรีวงศ์" in officials  # what the rules found is kept


def test_no_ner_gives_no_ner_only_values():
    officials = _official_names(use_ner=False)
    assert BARE_NAME not in officials and "กมลา ศรีวงศ์" in officials
    doc = make_doc(ARTICLE)
    assert ner_entities.extract(doc, Context(use_ner=False)) == {}


@pytest.mark.parametrize("known_name, expect_added", [
    (BARE_NAME, False),     # a person the rules already list is never added twice
    ("บุญมี ทองดี", True),  # someone else: the bare name is added next to them
])
def test_rules_win(known_name, expect_added):
    doc = make_doc(ARTICLE)
    start = ARTICLE.index("สมปอง") if known_name == BARE_NAME else 0
    ruled = Person(honorific="นาย", name=known_name, position="นายอำเภอแม่ทะ", span=(start, start + len(known_name)))
    out = ner_entities.extract(doc, Context(use_ner=True, found={"officials": [ruled]}))
    officials = out.get("officials", [ruled])
    assert ruled in officials
    assert (BARE_NAME in {p.name for p in officials if p is not ruled}) is expect_added


def test_missing_model_is_a_clear_error_and_rules_still_run(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(settings, "MODELS_DIR", tmp_path)
    ner.reset()
    try:
        with pytest.raises(ModelError) as err:
            ner.load()
        assert str(tmp_path / ner.MODEL_NAME) in str(err.value) and "--no-ner" in str(err.value)
        assert ner.available() is False
        assert "NER is off" in caplog.text
        record = pipeline.extract(ARTICLE, published="2024-03-12")  # rules only, no exception
        assert BARE_NAME not in {p.name for p in record.events[0].officials}
    finally:
        ner.reset()


def test_patterns_file_is_current():
    committed = ner_patterns.PATTERNS_FILE.read_text(encoding="utf-8")
    fresh = ner_patterns.render(ner_patterns.generate())
    assert committed == fresh, (f"{ner_patterns.PATTERNS_FILE} is out of date with the lexicons; "
                                f"run `{ner_patterns.COMMAND}` and commit the result")
