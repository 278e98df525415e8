"""The notebooks run top to bottom on a fresh checkout, and are committed without outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebooks extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebooks extra is not installed")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_quickstart.ipynb", "02_evaluation.ipynb", "03_archive.ipynb"]
#: Seconds one cell may take (extraction over the fixtures, a chart).
CELL_TIMEOUT = 240
KERNEL = "thainews-test"


def test_the_notebooks_are_there():
    assert set(EXPECTED) <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (f"{path.name}: cells {dirty} have outputs or execution counts; "
                       "clear them before committing (e.g. jupyter nbconvert --clear-output --inplace)")


@pytest.fixture(scope="module")
def kernel_of_this_interpreter(tmp_path_factory) -> str:
    """A kernel spec that runs this very interpreter, so a fresh venv needs no kernel install step."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "thainews tests", "language": "python",
    }), encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root))  # read when the kernel manager looks the spec up
    mp.setenv("MPLBACKEND", "Agg")
    yield KERNEL
    mp.undo()


def _run(path: Path, kernel: str):
    """Execute a notebook in memory (the file is left as it is), from its own folder."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=kernel,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError naming the cell and the traceback
    return nb


def _printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_of_this_interpreter: str):
    nb = _run(path, kernel_of_this_interpreter)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert "repo:" in _printed(nb)  # the set-up cell found the checkout


@pytest.mark.slow
def test_evaluation_notebook_without_shared(kernel_of_this_interpreter: str, tmp_path, monkeypatch):
    monkeypatch.setenv("THAINEWS_SHARED", str(tmp_path / "no-shared"))  # the kernel inherits it
    nb = _run(NOTEBOOK_DIR / "02_evaluation.ipynb", kernel_of_this_interpreter)
    assert "thaigov/dev is not present; skipped" in _printed(nb)
