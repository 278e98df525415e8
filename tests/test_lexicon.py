import pytest

from extractor import lexicon
from extractor.errors import LexiconError


def test_load_table_months_has_all_twelve():
    rows = lexicon.load_table("months.tsv")
    assert {int(r["month"]) for r in rows} == set(range(1, 13))
    assert all(r["form"] for r in rows)


def test_load_list_is_cached_and_skips_comments():
    a = lexicon.load_list("furniture_cues.txt")
    assert a is lexicon.load_list("furniture_cues.txt")
    assert "โพสต์ข่าวแนะนำ" in a and not any(x.startswith("#") for x in a)


def test_missing_lexicon_names_the_file():
    with pytest.raises(LexiconError, match="nope.txt"):
        lexicon.load_list("nope.txt")


def test_malformed_row_is_skipped_with_warning(tmp_path, monkeypatch, caplog):
    (tmp_path / "t.tsv").write_text("a\tb\nx\ty\n1\t2\t3\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)
    lexicon.load_table.cache_clear()
    try:
        rows = lexicon.load_table("t.tsv")
    finally:
        lexicon.load_table.cache_clear()
    assert rows == ({"a": "x", "b": "y"},)
    assert "t.tsv line 3" in caplog.text


def test_alternation_prefers_longest():
    import re
    rx = re.compile(lexicon.alternation(["นาง", "นางสาว", "นาย"]))
    assert rx.match("นางสาวสมศรี").group() == "นางสาว"
