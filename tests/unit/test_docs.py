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
