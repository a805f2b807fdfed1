"""What a cold start pays to import the libraries billy-mcp uses, or chose not to use, in fresh interpreters.

These figures are the reasons given in the code for hand-written parts (the SigV4 call instead of boto3, the
Billy transport on http.client instead of httpx) and for using Powertools Metrics beside its Logger.
`python -m bench.imports` prints them alone; `make bench` prints them with the rest.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from local.paths import ROOT

RUNS = 9
FUNCTION = str(ROOT / "functions" / "mcp")

FUNCTION_IMPORT = "import billy_mcp.handler"


def precompile() -> None:
    """Bytecode for the function's source, as `make build` deploys it: where PYTHONDONTWRITEBYTECODE is set, every
    measured interpreter would otherwise compile every module again, which a Lambda cold start never does (the
    peers' libraries in site-packages were compiled when pip installed them)."""
    import compileall

    compileall.compile_dir(FUNCTION, quiet=1)


CASES: dict[str, tuple[str, str]] = {
    "the function (billy_mcp.handler, everything it imports)": ("", FUNCTION_IMPORT),
    "+ boto3 and a Secrets Manager client, on top of it": (
        FUNCTION_IMPORT,
        "import boto3; boto3.session.Session().client('secretsmanager', region_name='eu-west-1')",
    ),
    "+ httpx, on top of it": (FUNCTION_IMPORT, "import httpx"),
    "+ the OAuth token check (PyJWT, cryptography), on top of it": (FUNCTION_IMPORT, "import billy_mcp.oauth.tokens"),
    "Powertools Logger alone": ("", "from aws_lambda_powertools import Logger"),
    "+ Metrics and the correlation paths, after Logger": (
        "from aws_lambda_powertools import Logger",
        "from aws_lambda_powertools import Metrics; from aws_lambda_powertools.logging import correlation_paths; "
        "import jmespath",
    ),
}
"""(untimed preamble, timed code): what a choice adds to a cold start given what the process has loaded anyway.
The function already loads http.client, ssl and json for its own SigV4 call and Billy transport, so the libraries
are measured as what they would add on top of the function as it ships."""

_PROBE = """
import os, sys, time
os.environ.setdefault("AWS_REGION", "eu-west-1")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Bench")
sys.path.insert(0, {function!r})
{preamble}
started = time.perf_counter()
{code}
print((time.perf_counter() - started) * 1000)
"""


def import_ms(preamble: str, code: str, runs: int = RUNS) -> float:
    """Median milliseconds that `code` takes in a fresh interpreter right after `preamble`."""
    timings = []
    for _ in range(runs):
        probe = _PROBE.format(function=FUNCTION, preamble=preamble, code=code)
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True, cwd=ROOT
        )
        timings.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(timings)


def import_costs() -> dict[str, float]:
    precompile()
    # Interleaved rounds, so a busy moment on a shared machine does not land on one case only.
    rounds = [{name: import_ms(*case, runs=1) for name, case in CASES.items()} for _ in range(RUNS)]
    return {name: statistics.median(r[name] for r in rounds) for name in CASES}


def report(costs: dict[str, float]) -> None:
    print(f"cold-start import cost, fresh interpreters, .pyc present, median of {RUNS} interleaved rounds")
    for name, ms in costs.items():
        print(f"  {name:58} {ms:7.1f} ms")


if __name__ == "__main__":
    report(import_costs())
