"""The example notebook runs end to end in a Jupyter kernel and shows what it promises."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "kursk.ipynb"


def test_kursk_notebook_runs_end_to_end():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs: they would go stale as the model changes"
    )
    # Raises CellExecutionError, with the cell and the traceback, if any cell fails.
    NotebookClient(
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "100,000 runs in" in text
    assert "Kursk ceasefire, March 2025\n100000 runs, seed 2025" in text
    data = [o["data"] for o in outputs if "data" in o]
    svgs = [d["image/svg+xml"] for d in data if "image/svg+xml" in d]
    assert len(svgs) == 1 and svgs[0].lstrip().startswith("<svg")
    tables = [d["text/html"] for d in data if "text/html" in d]
    assert len(tables) >= 6 and all("<table" in t for t in tables)
    plain = [d.get("text/plain", "") for d in data]
    assert any(p.startswith('Run 17 of "Kursk ceasefire, March 2025"') for p in plain)
