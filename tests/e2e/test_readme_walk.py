"""The README, walked as a new user and operator do (`python -m local.readme_walk`): its client snippet and Inspector
line, its example questions on the demo company, and every tenant command it shows against a local AWS."""

from __future__ import annotations

import subprocess
import sys

import pytest

from local.paths import ROOT
from tests.e2e.node_tools import missing

pytestmark = [pytest.mark.e2e]


def test_the_readme_works_as_written() -> None:
    reason = missing()
    if reason:
        pytest.fail(reason)
    walked = subprocess.run(
        [sys.executable, "-m", "local.readme_walk"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert walked.returncode == 0, walked.stdout[-3000:] + walked.stderr[-3000:]
    assert walked.stdout.rstrip().endswith("The README works as written."), walked.stdout
