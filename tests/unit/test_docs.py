"""README.md says what the code does: the tools table and the configuration reference."""

from __future__ import annotations

import re

from billy_mcp import config
from local import docs
from local.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_tools_table_is_current() -> None:
    assert docs.render(README) == README, "run `python -m local.docs` to update README.md"


def test_every_environment_variable_is_documented_with_its_default() -> None:
    for name, default in config.DEFAULTS.items():
        row = re.search(rf"^\| `{name}` \| ([^|]*) \|", README, re.MULTILINE)
        assert row, name
        shown = row.group(1).strip().strip("`")
        assert shown == (default or "empty"), (name, shown, default)


def test_every_template_parameter_is_documented() -> None:
    template = (ROOT / "template.yaml").read_text(encoding="utf-8")
    parameters = re.findall(r"^  (\w+):\n    Type:", template.split("Conditions:")[0], re.MULTILINE)
    assert len(parameters) == 23
    for name in parameters:
        assert f"`{name}`" in README, name


def test_the_readme_names_every_module_once() -> None:
    block = README.split("<!-- modules:start -->", 1)[1].split("<!-- modules:end -->", 1)[0]
    listed = re.findall(r"^\| `([\w/]+)` \|", block, re.MULTILINE)
    package = ROOT / "functions" / "mcp" / "billy_mcp"
    modules = sorted(str(path.relative_to(package).with_suffix("")) for path in package.rglob("*.py"))
    assert sorted(listed) == modules, {"missing": set(modules) - set(listed), "stale": set(listed) - set(modules)}


def test_no_deploy_command_passes_parameter_overrides_beside_a_config_env() -> None:
    """The SAM CLI replaces samconfig.toml's parameter_overrides with the command line's (aws/aws-sam-cli#2380), so
    a documented deploy of an environment must never add --parameter-overrides."""
    commands = [line for line in README.splitlines() if "sam deploy" in line or "make deploy" in line]
    assert commands and not [line for line in commands if "--parameter-overrides" in line]
    assert "make deploy ENV=acme" in README and "aws/aws-sam-cli#2380" in README


def test_make_deploy_deploys_the_named_environment_only_from_samconfig() -> None:
    import subprocess

    dry = subprocess.run(
        ["make", "-n", "deploy", "ENV=acme"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    deploy = [line for line in dry.splitlines() if " deploy " in f"{line} "]
    assert deploy and deploy[-1].endswith("sam deploy --config-env acme")
    assert "--parameter-overrides" not in dry
    environments = (ROOT / "samconfig.toml").read_text(encoding="utf-8")
    assert "[acme.deploy.parameters]" in environments and "TenantSecretPrefix=billy-mcp/acme/" in environments


def test_make_help_starts_with_demo_and_test_in_aligned_columns() -> None:
    import os
    import subprocess

    # as a user runs it, not as a nested make inside `make test` (which prints "Entering directory" lines)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    shown = subprocess.run(
        ["make", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True, env=env
    ).stdout
    lines = shown.splitlines()
    assert lines[0] == "Start here:" and lines[1].startswith("  make demo ") and lines[2].startswith("  make test ")
    targets = [line for line in lines if line.startswith("  make ")]
    # every description starts in the same column, after the longest target name
    assert len(targets) > 20 and all(line[29] == " " and line[30] != " " for line in targets), targets
