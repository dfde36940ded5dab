"""A build killed at any moment leaves every earlier output intact and
readable: outputs are written to temporary files and renamed into place."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from pypdf import PdfReader

from conftest import ROOT, Catalogue


def readable(catalogue: Catalogue) -> dict[str, tuple[int, int]]:
    """Page count and modification time of every output PDF (raises if one
    is damaged)."""
    outputs = [path for path in catalogue.out.rglob("*.pdf") if ".cache" not in path.parts]
    return {
        str(path.relative_to(catalogue.out)): (len(PdfReader(path, strict=True).pages), path.stat().st_mtime_ns)
        for path in outputs
    }


def test_killed_builds_leave_earlier_outputs_readable(sample: Catalogue) -> None:
    for copy in range(1, 5):  # 65 programmes, so that a build takes long enough to be interrupted
        for path in list(sample.sheets.glob("*.yaml"))[:13]:
            (sample.sheets / f"{path.stem}-{copy}.yaml").write_text(path.read_text())
    assert sample.run("build", "--jobs", "1").status == 0
    brand = sample.assets / "brand.yaml"
    interrupted = 0
    for number, after_outputs in enumerate([1, 5, 20, 40, 60]):
        before = readable(sample)
        assert len(before) == 66
        brand.write_text(_recolour(brand.read_text(), number))  # every output must be made again
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--jobs", "1", "--quiet",
             "--sheets", str(sample.sheets), "--assets", str(sample.assets), "--out", str(sample.out)],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        _wait_for_outputs(sample, before, after_outputs, process)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = readable(sample)  # every output still opens: old or new, never partial
        assert after.keys() == before.keys()
        rewritten = sum(after[name][1] != before[name][1] for name in after)
        interrupted += 0 < rewritten < len(after)
        assert sample.run("build", "--jobs", "1").status == 0
        assert not list(sample.out.rglob(".*.tmp"))  # the next build cleans up what a killed one left
    assert interrupted >= 4, "the kills did not land in the middle of builds"


def _wait_for_outputs(
    sample: Catalogue, before: dict[str, tuple[int, int]], count: int, process: subprocess.Popen[bytes]
) -> None:
    """Wait until `count` outputs have been rewritten (or the build ended)."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        rewritten = sum(
            1 for name, (_, mtime) in before.items()
            if (path := sample.out / name).exists() and path.stat().st_mtime_ns != mtime
        )  # fmt: skip
        if rewritten >= count:
            return
        time.sleep(0.005)


def _recolour(brand: str, number: int) -> str:
    start = brand.index('accent: {rgb: "#') + len('accent: {rgb: "#')
    return brand[:start] + f"2E86{number:02d}" + brand[start + 6 :]
