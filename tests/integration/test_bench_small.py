"""The CI-size benchmark (`python -m bench --small`): correctness only, never timings."""

import os
import subprocess
import sys

import pytest

from bench.infra import ROOT

pytestmark = pytest.mark.integration


def rows_of(table: str) -> dict[str, list[str]]:
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] != "Scenario":
            rows[cells[0]] = cells
    return rows


def test_the_small_benchmark_loses_and_doubles_nothing(real_backends, tmp_path):
    output = tmp_path / "small.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--small", "--output", str(output)],
        cwd=ROOT,
        env={**os.environ, **real_backends},
        capture_output=True,
        text=True,
        timeout=600,
    )
    table = output.read_text() if output.exists() else result.stdout
    assert result.returncode == 0, table + result.stderr[-2000:]

    rows = rows_of(table)
    checked = {
        name: cells[-1]
        for name, cells in rows.items()
        if name.startswith(("Agenda event", "20 concurrent producers", "Cross-process"))
    }
    assert len(checked) == 3, rows
    assert set(checked.values()) == {"ok"}, table
    assert all("0 lost, 0 doubled" in rows[name][2] for name in checked), table
    assert not any(cells[-1].startswith(("ERROR", "FAILED")) for cells in rows.values()), table
