"""The Thai NER training command and the shipped pipeline in models/th_news_ner.

The corpus here is synthetic, written by the test; no ThaiNER sentence is copied.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

spacy = pytest.importorskip("spacy")
pytest.importorskip("pythainlp")

from extractor import ner_train as nt  # noqa: E402
from extractor import ner_features, tokenizer_th  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "th_news_ner"

# Our own sentences, in ThaiNER's inline-tag format.
_PEOPLE = ["นายสมชาย ใจดี", "นางสาวมาลี ศรีสุข", "พล.ต.อ.วิชัย ทองคำ", "นายประยุทธ มั่นคง"]
_ORGS = ["กระทรวงมหาดไทย", "บริษัท ไทยพัฒนา จำกัด", "มหาวิทยาลัยขอนแก่น", "กรมอนามัย"]
_PLACES = ["จังหวัดเชียงใหม่", "อำเภอเมือง", "กรุงเทพมหานคร", "จังหวัดขอนแก่น"]
_DATES = ["5 มกราคม 2567", "วันจันทร์ที่ 3 มิ.ย.", "เมื่อวานนี้", "10 ธ.ค. 66"]


def _synthetic_lines(n: int) -> list[str]:
    lines = []
    for i in range(n):
        p, o, l, d = (_PEOPLE[i % 4], _ORGS[(i + 1) % 4], _PLACES[(i + 2) % 4], _DATES[(i + 3) % 4])
        lines.append(f"[PERSON]{p}[/PERSON] ผู้แทน[ORGANIZATION]{o}[/ORGANIZATION] เดินทางไป"
                     f"[LOCATION]{l}[/LOCATION] เมื่อ[DATE]{d}[/DATE] เวลา [TIME]{9 + i % 8}.00 น.[/TIME] ครั้งที่ {i}")
    return lines


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "thainer"
    v15 = root / "v1.5"
    v15.mkdir(parents=True)
    train = _synthetic_lines(24)
    train.insert(3, train[2])  # a duplicate
    train.insert(7, "[PERSON]นายก ข[/PERSON] ไป[LOCATION]ตาก")  # unbalanced
    (v15 / "train.txt").write_text("\ufeff" + "\n".join(train), encoding="utf-8")
    (v15 / "test.txt").write_text("\ufeff" + "\n".join(_synthetic_lines(30)[24:]), encoding="utf-8")
    return root


def test_parse_line_segments_and_unbalanced() -> None:
    segs = nt.parse_line("ที่[PERSON]นายเอ บี[/PERSON] กับ [ORGANIZATION]กรมซี[/ORGANIZATION]")
    assert segs == [("ที่", None), ("นายเอ บี", "PERSON"), (" กับ ", None), ("กรมซี", "ORGANIZATION")]
    for bad in ("[PERSON]ก", "ก[/DATE]", "[DATE]ก[/TIME]", "[DATE]ก[TIME]ข[/TIME][/DATE]"):
        with pytest.raises(nt.UnbalancedTags):
            nt.parse_line(bad)
    assert nt.parse_line("ข้อความ [1] ธรรมดา") == [("ข้อความ [1] ธรรมดา", None)]


def test_dev_split_is_deterministic_and_disjoint() -> None:
    lines = [f"line {i}" for i in range(400)]
    train, dev = nt.split_train_dev(lines, block=20, every=10)
    assert (train, dev) == nt.split_train_dev(lines, block=20, every=10)
    assert len(dev) == 40 and not set(train) & set(dev)
    assert dev[:2] == ["line 180", "line 181"]  # whole blocks, not every 10th line


def test_mention_swap_keeps_contexts_and_labels_and_draws_from_the_split() -> None:
    lines = [nt.parse_line(x) for x in _synthetic_lines(8)]
    mentions = {(t.strip(), lab) for segs in lines for t, lab in segs if lab}
    copies = nt.swap_mentions(lines, copies=2, seed=7, labels=nt.SCORED_LABELS)
    assert copies == nt.swap_mentions(lines, copies=2, seed=7, labels=nt.SCORED_LABELS)
    assert len(copies) == 16
    changed = 0
    for orig, copy in zip(lines * 2, copies):
        assert [lab for _, lab in orig] == [lab for _, lab in copy]
        for (a, la), (b, lb) in zip(orig, copy):
            if la is None:
                assert a == b  # the context is untouched
            else:
                assert (b.strip(), lb) in mentions  # same label, a mention from these lines
                changed += a != b
    assert changed > 0
    only_dates = nt.swap_mentions(lines, copies=1, seed=7, labels=["DATE"])
    assert all(a == b for orig, copy in zip(lines, only_dates)
               for (a, la), (b, _) in zip(orig, copy) if la != "DATE")


def test_gold_tokens_never_cross_tag_edges() -> None:
    nlp = nt.make_nlp("auto")
    line = 'ข่าวจาก[ORGANIZATION]สพฐ.[/ORGANIZATION]("[PERSON]นายเอ บีซี[/PERSON]")ที่[LOCATION]ตาก[/LOCATION]'
    doc = nt.segments_to_doc(nlp, nt.parse_line(line))
    assert doc.text == nt.segments_text(nt.parse_line(line))
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("สพฐ.", "ORGANIZATION"), ("นายเอ บีซี", "PERSON"), ("ตาก", "LOCATION")]
    assert doc[[t.text for t in doc].index("เอ")].whitespace_ == " "  # a single space is folded


def test_single_spaces_fold_and_other_whitespace_stays_a_token() -> None:
    nlp = nt.make_nlp("auto")
    words = ["ไป", " ", "ที่", "  ", "ตาก", "\n", " ", "วัน", " "]
    doc = tokenizer_th.doc_from_words(nlp.vocab, words, fold_spaces=True)
    assert doc.text == "".join(words)
    assert [t.text for t in doc] == ["ไป", "ที่", "  ", "ตาก", "\n", " ", "วัน"]
    assert [t.whitespace_ for t in doc] == [" ", "", "", "", "", "", " "]
    unfolded = tokenizer_th.doc_from_words(nlp.vocab, words, fold_spaces=False)
    assert [t.text for t in unfolded] == words
    # the tokenizer itself: the same fold, the text unchanged
    text = "นายเอ บีซี  ไป\nตาก"
    assert nlp(text).text == text and not any(t.text == " " for t in nlp(text))
    assert nt.make_nlp("auto", fold_spaces=False)(text)[2].text == " "


def test_training_corpus_follows_the_configs_space_folding(tmp_path: Path) -> None:
    assert nt.config_folds_spaces(nt.DEFAULT_CONFIG) is True
    cfg = nt.DEFAULT_CONFIG.read_text(encoding="utf-8").replace("fold_spaces = true", "fold_spaces = false")
    (tmp_path / "c.cfg").write_text(cfg, encoding="utf-8")
    assert nt.config_folds_spaces(tmp_path / "c.cfg") is False


def test_title_marks_cover_a_multi_token_wikipedia_title() -> None:
    titles, common, _ = ner_features.title_gazetteer()
    if "ประเทศไทย" not in titles:
        pytest.skip("this pythainlp ships no Wikipedia titles")
    words = ["คน", "ใน", "ประเทศ", " ", "ไทย", "และ", "ประเทศ", "\n", "ไทย"]
    marks = ner_features.title_marks(words)
    assert marks[2:5] == [ner_features.TITLE_BEGIN] + [ner_features.TITLE_INSIDE] * 2  # across the space
    # a line break ends a title: the second ประเทศ ... ไทย is two words, not one title
    assert marks[6] != ner_features.TITLE_BEGIN and marks[8] != ner_features.TITLE_INSIDE


def test_token_marks_combine_title_gazetteer_and_trailing_space() -> None:
    gaz = ner_features.gazetteers()
    if "เชียงใหม่" not in gaz["place"] or "ประเทศไทย" not in ner_features.title_gazetteer()[0]:
        pytest.skip("gazetteers not available")
    nlp = nt.make_nlp("auto")
    doc = ner_features.mark_tokens(nlp("ไปจังหวัดเชียงใหม่ ใน ประเทศ ไทย"))
    tags = {t.text: t.tag_ for t in doc}
    assert "p" in tags["เชียงใหม่"] and tags["เชียงใหม่"].endswith("_")  # a place, a space after
    assert tags["ประเทศ"].startswith("B") and tags["ไทย"].startswith("I") and not tags["ไทย"].endswith("_")
    assert all(t.tag_ for t in doc)  # every token gets a value, so "no mark" is a feature too


def test_tokenizer_splits_brackets_and_quotes() -> None:
    words = tokenizer_th.make_word_splitter("auto")('(17 ธ.ค.) "สมชาย"')
    assert "(" in words and ")" in words and '"' in words
    assert "".join(words) == '(17 ธ.ค.) "สมชาย"'


def test_train_command_on_tiny_slice(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    rc = nt.main(["--corpus", str(tiny_corpus), "--output", str(out), "--engine", "auto",
                  "--max-steps", "4", "--dev-block", "2", "--dev-every", "5", "--augment", "1"])
    assert rc == 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["corpus_version"] == "ThaiNER v1.5"
    assert meta["data_split"]["train"]["duplicates"] == 1
    assert meta["data_split"]["train"]["unbalanced"] == 1
    assert meta["data_split"]["train"]["augmented"] == meta["data_split"]["train"]["kept"]  # every line has entities
    assert set(meta["scores"]["test"]["per_type"]) == set(nt.SCORED_LABELS)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["thai_token_marks", "tok2vec", "ner"]
    assert "PERSON" in nlp.get_pipe("ner").labels
    doc = nlp("นายสมชาย ใจดี ไปกรุงเทพมหานคร")
    assert doc.text == "นายสมชาย ใจดี ไปกรุงเทพมหานคร"


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setenv("PYTHAINLP_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.skipif(not (SHIPPED / "meta.json").is_file(), reason="models/th_news_ner not built")
def test_shipped_model_loads_offline_and_finds_entities(no_network: None) -> None:
    nlp = spacy.load(SHIPPED)
    meta = nlp.meta
    assert meta["corpus_version"] == "ThaiNER v1.5"
    assert "CC-BY 3.0" in meta["attribution"]
    assert meta["scores"]["test"]["f"] > 0.5
    labels = set(nlp.get_pipe("ner").labels)
    assert set(nt.SCORED_LABELS) <= labels
    text = ("นายสมศักดิ์ รักไทย ผู้ว่าราชการจังหวัดเชียงราย ได้ลงนามบันทึกข้อตกลงกับ"
            "มหาวิทยาลัยแม่ฟ้าหลวง เมื่อวันที่ 12 มีนาคม 2567 เวลา 10.00 น.")
    doc = nlp(text)
    found = {e.label_ for e in doc.ents}
    assert "PERSON" in found, [(e.text, e.label_) for e in doc.ents]
    assert found & {"ORGANIZATION", "LOCATION"}, [(e.text, e.label_) for e in doc.ents]


@pytest.mark.skipif(not (SHIPPED / "meta.json").is_file(), reason="models/th_news_ner not built")
def test_shipped_model_was_built_from_the_committed_config() -> None:
    shipped = spacy.util.load_config(SHIPPED / "config.cfg", interpolate=False)
    committed = spacy.util.load_config(nt.DEFAULT_CONFIG, interpolate=False)
    for section in ("nlp", "components"):
        a, b = dict(shipped[section]), dict(committed[section])
        for key in ("batch_size", "vectors"):  # filled in by spaCy when it saves
            a.pop(key, None), b.pop(key, None)
        assert a == b, f"[{section}] of models/th_news_ner differs from {nt.DEFAULT_CONFIG}: retrain"
