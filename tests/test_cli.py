import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main

ARTICLE = "ข่าวอำเภอจัดประชุมกำนันผู้ใหญ่บ้าน\nวันที่ 2 มีนาคม 2566\nเมื่อวันที่ 1 มีนาคม 2566 เวลา 09.00 น. มีการประชุม\n"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(ARTICLE.replace("1 มีนาคม", "28 กุมภาพันธ์"), encoding="utf-8")
    (d / "notes.md").write_text("not an article", encoding="utf-8")
    return d


def test_extract_directory_recursive_jsonl(articles, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(articles), "-o", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source_file"]).name for r in recs] == ["a.txt", "b.txt"]
    assert [r["events"][0]["date"]["start"] for r in recs] == ["2023-03-01", "2023-02-28"]


def test_json_and_pretty_formats(articles, capsys):
    assert main(["extract", str(articles / "a.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data[0]["published"] == "2023-03-02"
    assert main(["extract", str(articles / "a.txt"), "--format", "pretty"]) == 0
    out = capsys.readouterr().out
    assert "2023-03-01" in out and "09:00" in out


def test_bad_inputs_named_others_still_written(articles, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff\x00")
    code = main(["extract", str(tmp_path / "nope.txt"), str(empty), str(binary), str(articles / "a.txt")])
    captured = capsys.readouterr()
    assert code == 1
    err = captured.err.splitlines()
    assert any("nope.txt: no such file" in line for line in err)
    assert any(str(empty) in line and "no article files" in line for line in err)
    assert any("bin.txt" in line and "binary" in line for line in err)
    assert json.loads(captured.out.splitlines()[0])["published"] == "2023-03-02"


def test_stdin_and_module_entry_point(articles):
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", "-"], input=ARTICLE.encode(),
                          capture_output=True, check=True)
    rec = json.loads(proc.stdout)
    assert rec["events"][0]["time"]["start"] == "09:00" and rec["source_file"] is None


def test_version_schema_and_help(capsys):
    with pytest.raises(SystemExit) as ex:
        main(["--version"])
    assert ex.value.code == 0 and "thainews" in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "ArticleRecord"
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    assert "--format" in capsys.readouterr().out
    assert main([]) == 2
