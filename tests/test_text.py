from extractor.text import Doc, clean_text, collapse_spaces, make_doc, normalize_view, thai_digits_to_ascii, tokenize


def test_clean_text_removes_invisibles_and_joins_sara_am():
    raw = "นาย\u200bสมชาย\ufeff ทํา\u0e4d\u0e32งาน\r\nบรรทัด"
    out = clean_text(raw)
    assert "\u200b" not in out and "\ufeff" not in out
    assert "ทำงาน" in clean_text("ท\u0e4d\u0e32งาน")
    assert "\r" not in out and out.endswith("\nบรรทัด")


def test_clean_text_keeps_nbsp_and_thai_digits():
    raw = "วันที่\u00a0๑๐ พ.ย."
    assert clean_text(raw) == raw


def test_view_has_same_length_and_maps_digits_spaces_dashes():
    body = "๑๐\u00a0พ.ย.\u2013๑๒\u2003ธ.ค."
    view = normalize_view(body)
    assert len(view) == len(body)
    assert view == "10 พ.ย.-12 ธ.ค."


def test_thai_digits_and_collapse():
    assert thai_digits_to_ascii("๒๕๖๕") == "2565"
    assert collapse_spaces("  ก\u00a0\u00a0ข \n ค ") == "ก ข ค"


def test_doc_paragraphs_trimmed_and_zone():
    doc = Doc("หัวข้อ\n\n  ย่อหน้าหนึ่ง  \nย่อหน้าสอง", zone=(8, 20))
    paras = [doc.text[s:e] for s, e in doc.paragraphs]
    assert paras == ["หัวข้อ", "ย่อหน้าหนึ่ง", "ย่อหน้าสอง"]
    assert doc.in_zone(10, 15) and not doc.in_zone(0, 3)
    zv = doc.zone_view()
    assert len(zv) == len(doc.text) and zv[:8].strip() == ""


def test_tokens_carry_offsets_into_the_text():
    text = "นายอำเภอเปิดงาน ณ ห้องประชุม"
    toks = tokenize(text)
    assert toks and all(text[t.start:t.end] == t.text for t in toks)
    assert "ห้องประชุม" in "".join(t.text for t in toks)


def test_make_doc_flat_view_joins_lines():
    doc = make_doc("ณ ห้องประชุม\nอำเภอปากท่อ")
    assert "\n" not in doc.flat and len(doc.flat) == len(doc.text)
