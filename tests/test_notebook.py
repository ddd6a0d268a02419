"""The notebook runs end to end (on a small sample), so it cannot rot; it is committed without outputs."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path("notebooks/train_evaluate.ipynb")


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.slow
def test_notebook_executes(monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("NOTEBOOK_SAMPLE", "240")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "macro-F1" in text and "gold notes with an error" in text
