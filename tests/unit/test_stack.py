"""The tenant commands act on a stack named by its samconfig.toml environment or its CloudFormation name: its region,
prefix and user pool come from samconfig.toml and the stack's outputs (moto's CloudFormation, Secrets Manager and
Cognito in one mock_aws)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from billy_mcp import admin
from billy_mcp.stack import TEMPLATE_DEFAULT_PREFIX, overrides, read_environment

ROOT = Path(__file__).resolve().parents[2]
SAMCONFIG = """\
version = 0.1
[default.global.parameters]
stack_name = "billy-mcp-dev"
[default.deploy.parameters]
region = "eu-west-1"
parameter_overrides = "TenantSecretPrefix=billy-mcp/dev/ LogLevel=DEBUG"
[acme.global.parameters]
stack_name = "billy-mcp-acme"
[acme.deploy.parameters]
region = "eu-central-1"
parameter_overrides = ["TenantSecretPrefix=billy-mcp/acme/", "LogLevel=INFO"]
[plain.global.parameters]
stack_name = "billy-mcp-plain"
[plain.deploy.parameters]
region = "eu-north-1"
"""
STACK_TEMPLATE = {
    "Parameters": {"TenantSecretPrefix": {"Type": "String"}, "UserPoolId": {"Type": "String"}},
    "Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
    "Outputs": {
        "TenantSecretPrefix": {"Value": {"Ref": "TenantSecretPrefix"}},
        "UserPoolId": {"Value": {"Ref": "UserPoolId"}},
    },
}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        yield


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "samconfig.toml"
    path.write_text(SAMCONFIG)
    return path


def deploy(region: str, name: str, prefix: str, pool_id: str = "none") -> None:
    """A stand-in for the deployed stack: only its outputs matter here."""
    boto3.client("cloudformation", region_name=region).create_stack(
        StackName=name,
        TemplateBody=json.dumps(STACK_TEMPLATE),
        Parameters=[
            {"ParameterKey": "TenantSecretPrefix", "ParameterValue": prefix},
            {"ParameterKey": "UserPoolId", "ParameterValue": pool_id},
        ],
    )


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("billy-token\n"))
    code = admin.main(list(argv))
    return code, capsys.readouterr().out


def secret_names(region: str) -> list[str]:
    secrets = boto3.client("secretsmanager", region_name=region).list_secrets()["SecretList"]
    return sorted(secret["Name"] for secret in secrets)


@pytest.mark.filterwarnings("ignore::UserWarning")  # moto: WaitConditionHandle is not modelled (nothing needs it)
def test_a_config_env_writes_where_the_deployed_stack_reads(
    aws: None, config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deploy("eu-central-1", "billy-mcp-acme", "billy-mcp/acme/")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")  # the stack's region is samconfig.toml's, whatever the shell says
    code, out = run(monkeypatch, capsys, "--config-env", "acme", "--config-file", str(config), "add", "acme")
    assert code == 0
    assert out.splitlines()[0] == (
        "[stack billy-mcp-acme (samconfig.toml [acme]): Secrets Manager in eu-central-1, prefix billy-mcp/acme/]"
    )
    assert "Created tenant 'acme' (1 secret written under billy-mcp/acme/)" in out
    key = re.search(r"bmcp_\S+", out)
    assert key is not None and key.group(0) not in str(secret_names("eu-central-1"))
    assert [name.rsplit("/", 1)[0] for name in secret_names("eu-central-1")] == ["billy-mcp/acme"]
    assert secret_names("eu-west-1") == []
    code, out = run(monkeypatch, capsys, "--config-env", "acme", "--config-file", str(config), "list")
    assert code == 0 and "acme" in out and "1 secret(s) under billy-mcp/acme/" in out


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_prefix_that_differs_from_the_deployed_stacks_is_refused_before_anything_is_written(
    aws: None, config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deploy("eu-central-1", "billy-mcp-acme", "billy-mcp/acme-old/")
    with pytest.raises(SystemExit, match=r"sets TenantSecretPrefix=billy-mcp/acme/ but the deployed stack .* reads "):
        run(monkeypatch, capsys, "--config-env", "acme", "--config-file", str(config), "add", "acme")
    assert secret_names("eu-central-1") == []


def test_a_stack_not_deployed_yet_uses_samconfig_and_says_so(
    aws: None, config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(monkeypatch, capsys, "--config-env", "default", "--config-file", str(config), "add", "dev")
    assert code == 0 and "not deployed in eu-west-1 yet" in out.splitlines()[0]
    assert [name.rsplit("/", 1)[0] for name in secret_names("eu-west-1")] == ["billy-mcp/dev"]
    # an environment without a TenantSecretPrefix override gets the template's default, as its stack would
    code, out = run(monkeypatch, capsys, "--config-env", "plain", "--config-file", str(config), "list")
    assert code == 0 and f"Secrets Manager in eu-north-1, prefix {TEMPLATE_DEFAULT_PREFIX}]" in out.splitlines()[0]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_stack_by_name_and_its_user_pool_from_the_outputs(
    aws: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    cognito = boto3.client("cognito-idp", region_name="eu-west-1")
    pool_id = cognito.create_user_pool(PoolName="p", AdminCreateUserConfig={"AllowAdminCreateUserOnly": True})[
        "UserPool"
    ]["Id"]
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="anne",
        UserAttributes=[{"Name": "email", "Value": "anne@acme.dk"}, {"Name": "email_verified", "Value": "true"}],
    )
    deploy("eu-west-1", "billy-mcp-shared", "billy-mcp/shared/", pool_id)
    assert run(monkeypatch, capsys, "--stack", "billy-mcp-shared", "add", "acme")[0] == 0
    code, out = run(monkeypatch, capsys, "--stack", "billy-mcp-shared", "add-user", "acme", "anne")  # no --pool
    assert code == 0 and "can now sign in and reach the company of tenant 'acme'" in out
    assert out.splitlines()[0].startswith("[stack billy-mcp-shared: Secrets Manager in eu-west-1, prefix")
    code, out = run(monkeypatch, capsys, "--stack", "billy-mcp-shared", "list-users")
    assert "anne" in out and "1 signed-in user(s) under billy-mcp/shared/" in out
    with pytest.raises(SystemExit, match=r"^no stack 'billy-mcp-nope' in eu-west-1"):
        run(monkeypatch, capsys, "--stack", "billy-mcp-nope", "list")


def test_without_a_stack_no_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        admin.main(["list"])
    assert exit_info.value.code == 2
    assert "one of the arguments --config-env --stack --prefix is required" in capsys.readouterr().err


def test_an_unknown_environment_names_the_ones_there_are(config: Path) -> None:
    with pytest.raises(SystemExit, match=r"has no environment 'acmee'; it has: acme, default, plain"):
        read_environment(config, "acmee")
    with pytest.raises(SystemExit, match=r"no .*samconfig.toml: give the stack as --stack"):
        read_environment(config.parent / "missing" / "samconfig.toml", "acme")


def test_parameter_overrides_in_both_spellings() -> None:
    assert overrides('TenantSecretPrefix=billy-mcp/x/ Tags="a b" LogLevel=INFO') == {
        "TenantSecretPrefix": "billy-mcp/x/",
        "Tags": "a b",
        "LogLevel": "INFO",
    }
    assert overrides(["TenantSecretPrefix=billy-mcp/y/", "OAuth=cognito"])["TenantSecretPrefix"] == "billy-mcp/y/"
    assert overrides(None) == {}


def test_the_projects_own_environments_and_the_templates_default() -> None:
    """What `make tenant-* ENV=...` reads from this repository's samconfig.toml, and the template default it assumes
    for an environment that sets none."""
    dev = read_environment(ROOT / "samconfig.toml", "default")
    acme = read_environment(ROOT / "samconfig.toml", "acme")
    assert (dev.stack_name, dev.region, dev.prefix) == ("billy-mcp-dev", "eu-west-1", "billy-mcp/dev/")
    assert (acme.stack_name, acme.region, acme.prefix) == ("billy-mcp-acme", "eu-central-1", "billy-mcp/acme/")
    template = (ROOT / "template.yaml").read_text()
    default = re.search(r"\n  TenantSecretPrefix:\n    Type: String\n    Default: (\S+)\n", template)
    assert default is not None and default.group(1) == TEMPLATE_DEFAULT_PREFIX
