"""The geothai wrapper: bare names, DOPA codes, ambiguity, warnings, and an offline one-time load."""

import socket

import pytest

from extractor import gazetteer
from extractor.gazetteer import match_prefix, normalize_name, resolve

# (subdistrict, district, province) written → (subdistrict, district, province, admin_code)
RESOLVE_CASES = [
    ((None, "ปากท่อ", "ราชบุรี"), (None, "ปากท่อ", "ราชบุรี", "7008")),
    ((None, "อ.ปากท่อ", "จ.ราชบุรี"), (None, "ปากท่อ", "ราชบุรี", "7008")),
    ((None, "อำเภอ ปากท่อ", "จังหวัดราชบุรี"), (None, "ปากท่อ", "ราชบุรี", "7008")),
    # อำเภอเมือง with its province is that province's capital district
    ((None, "เมือง", "สงขลา"), (None, "เมืองสงขลา", "สงขลา", "9001")),
    ((None, "อ.เมือง", "จ.นนทบุรี"), (None, "เมืองนนทบุรี", "นนทบุรี", "1201")),
    # a district with no province written takes its province when only one has it
    ((None, "ละงู", None), (None, "ละงู", "สตูล", "9105")),
    ((None, "แม่สาย", None), (None, "แม่สาย", "เชียงราย", "5709")),
    # the smallest unit gives the code
    (("แก่งเลิงจาน", "เมืองมหาสารคาม", "มหาสารคาม"), ("แก่งเลิงจาน", "เมืองมหาสารคาม", "มหาสารคาม", "440108")),
    # Bangkok: แขวง / เขต / กทม.; the เขต is the district, named bare
    (("แขวงศิริราช", "เขตบางกอกน้อย", "กทม."), ("ศิริราช", "บางกอกน้อย", "กรุงเทพมหานคร", "102004")),
    ((None, "บางกอกน้อย", "กรุงเทพฯ"), (None, "บางกอกน้อย", "กรุงเทพมหานคร", "1020")),
    ((None, None, "กรุงเทพมหานคร"), (None, None, "กรุงเทพมหานคร", "10")),
    # a subdistrict named in many provinces is settled by its province
    (("บางหลวง", "สรรพยา", "ชัยนาท"), ("บางหลวง", "สรรพยา", "ชัยนาท", "180406")),
    # a common misspelling (ฏ for ฎ) still finds the province
    ((None, None, "สุราษฏร์ธานี"), (None, None, "สุราษฎร์ธานี", "84")),
]


@pytest.mark.parametrize("written, expected", RESOLVE_CASES)
def test_resolve(written, expected):
    res = resolve(*written)
    assert (res.subdistrict, res.district, res.province, res.admin_code) == expected
    assert res.warnings == ()


WARN_CASES = [
    # unknown name: kept as written, the province still coded
    ((None, "ไม่มีอยู่จริง", "ราชบุรี"), (None, "ไม่มีอยู่จริง", "ราชบุรี", "70"), "not in the gazetteer"),
    # a district that is not in the written province
    ((None, "ปากท่อ", "เชียงใหม่"), (None, "ปากท่อ", "เชียงใหม่", "50"), "not in province"),
    # ambiguous without a province: no code, no guess
    ((None, "เฉลิมพระเกียรติ", None), (None, "เฉลิมพระเกียรติ", None, None), "provinces"),
    ((None, "เมือง", None), (None, "เมือง", None, None), "without a province"),
    ((None, None, "ชายแดนภาคใต้"), (None, None, "ชายแดนภาคใต้", None), "not in the gazetteer"),
]


@pytest.mark.parametrize("written, expected, words", WARN_CASES)
def test_resolve_keeps_unknown_names_and_warns(written, expected, words):
    res = resolve(*written)
    assert (res.subdistrict, res.district, res.province, res.admin_code) == expected
    assert any(words in w for w in res.warnings), res.warnings


@pytest.mark.parametrize("text, level, expected", [
    ("ราชบุรีลงพื้นที่", "province", "ราชบุรี"),
    ("เมืองนครสวรรค์ จ.นครสวรรค์", "district", "เมืองนครสวรรค์"),
    ("เมือง จังหวัดสงขลา", "district", "เมือง"),
    ("อากาศอำนวย จังหวัดสกลนคร", "district", "อากาศอำนวย"),
    ("ชายแดนภาคใต้", "province", None),
    ("ตรังกานู", "district", None),  # no district so named, and no province level asked
])
def test_match_prefix_finds_names_glued_to_what_follows(text, level, expected):
    assert match_prefix(text, level) == expected


def test_normalize_name_strips_unit_words_spaces_and_dots():
    assert normalize_name("อ. ปากท่อ") == normalize_name("อำเภอปากท่อ") == "ปากท่อ"
    assert normalize_name("จ.ราชบุรี") == "ราชบุรี"


def test_index_builds_once_offline_and_fast(monkeypatch):
    gazetteer._index.cache_clear()

    def no_network(*args, **kwargs):
        raise AssertionError("the gazetteer tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    first = gazetteer._index()
    seconds = gazetteer.load_seconds()
    assert gazetteer._index() is first  # built once, then cached
    assert 0 < seconds < 2.0
