"""Which deployed stack the tenant commands act on: its region, tenant-secret prefix and user pool.

An operator names the stack, never a prefix: by its `samconfig.toml` environment (`--config-env acme`, as
`sam deploy --config-env` reads it) or by its CloudFormation name (`--stack billy-mcp-acme`). The stack's outputs
(`TenantSecretPrefix`, `UserPoolId`) are what its function really reads, so they win; `samconfig.toml` alone
serves a stack that is not deployed yet, and a prefix that differs between the two is refused rather than guessed.
"""

from __future__ import annotations

import os
import shlex
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

TEMPLATE_DEFAULT_PREFIX = "billy-mcp/tenants/"
"""template.yaml's default TenantSecretPrefix (a test keeps the two equal): the prefix of an environment whose
parameter_overrides do not set one."""


class Stack(NamedTuple):
    """Where one stack keeps its tenants, and how that was found out (printed by every command)."""

    region: str
    prefix: str
    pool_id: str | None
    source: str


def region_from_environment() -> str:
    """AWS_REGION (which botocore itself does not read), else AWS_DEFAULT_REGION or the profile's region; without
    any, one line that says what to set."""
    import boto3

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or boto3.session.Session().region_name
    if not region:
        raise SystemExit("No AWS region: set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a region in your AWS profile.")
    return str(region)


def overrides(value: Any) -> dict[str, str]:
    """samconfig.toml's parameter_overrides, a list of "Key=Value" or one string of them separated by spaces (values
    may be quoted), as the SAM CLI accepts both."""
    items = value if isinstance(value, list) else shlex.split(str(value or ""))
    pairs = (str(item).partition("=") for item in items)
    return {key.strip(): text.strip().strip('"') for key, sep, text in pairs if sep}


class Environment(NamedTuple):
    """One samconfig.toml environment: the settings `sam deploy --config-env <name>` would use."""

    name: str
    stack_name: str
    region: str | None
    prefix: str | None


def read_environment(config_file: Path, name: str) -> Environment:
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"no {config_file}: give the stack as --stack <name> instead of --config-env") from None
    except tomllib.TOMLDecodeError as exc:
        raise SystemExit(f"{config_file} is not valid TOML: {exc}") from None
    environments = sorted(key for key, value in config.items() if isinstance(value, dict))
    if name not in environments:
        raise SystemExit(f"{config_file} has no environment {name!r}; it has: {', '.join(environments) or 'none'}")
    commands = config[name]
    settings: dict[str, Any] = {}
    for command in ("global", "deploy"):  # deploy's own settings win, as in the SAM CLI
        settings |= commands.get(command, {}).get("parameters", {})
    stack_name = settings.get("stack_name")
    if not stack_name:
        raise SystemExit(f"environment {name!r} in {config_file} names no stack_name")
    prefix = overrides(settings.get("parameter_overrides")).get("TenantSecretPrefix")
    return Environment(name, str(stack_name), settings.get("region"), prefix)


def stack_outputs(cloudformation: Any, stack_name: str) -> dict[str, str] | None:
    """The stack's outputs, or None when no such stack is deployed in the client's region."""
    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except cloudformation.exceptions.ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") == "ValidationError" and "does not exist" in str(error.get("Message", "")):
            return None
        raise
    return {output["OutputKey"]: output["OutputValue"] for output in stacks[0].get("Outputs", [])}


def cloudformation_client(region: str) -> Any:
    import boto3

    return boto3.session.Session().client("cloudformation", region_name=region)


def from_config_env(config_file: Path, name: str, cloudformation: Any = None) -> Stack:
    environment = read_environment(config_file, name)
    region = environment.region or region_from_environment()
    outputs = stack_outputs(cloudformation or cloudformation_client(region), environment.stack_name)
    where = f"stack {environment.stack_name} (samconfig.toml [{name}])"
    if outputs is None:
        prefix = environment.prefix or TEMPLATE_DEFAULT_PREFIX
        return Stack(region, prefix, None, f"{where}, not deployed in {region} yet")
    deployed = outputs.get("TenantSecretPrefix")
    if not deployed:
        raise SystemExit(f"{where} in {region} has no TenantSecretPrefix output: is it a billy-mcp stack?")
    if environment.prefix and environment.prefix != deployed:
        raise SystemExit(
            f"{config_file.name} [{name}] sets TenantSecretPrefix={environment.prefix} but the deployed stack "
            f"{environment.stack_name} reads {deployed}: deploy it (make deploy ENV={name}) or correct "
            f"{config_file.name}, so that keys are not written where the stack cannot read them."
        )
    return Stack(region, deployed, outputs.get("UserPoolId"), where)


def from_stack_name(stack_name: str, cloudformation: Any = None) -> Stack:
    region = region_from_environment()
    outputs = stack_outputs(cloudformation or cloudformation_client(region), stack_name)
    if outputs is None:
        raise SystemExit(f"no stack {stack_name!r} in {region} (AWS_REGION picks the region)")
    prefix = outputs.get("TenantSecretPrefix")
    if not prefix:
        raise SystemExit(f"stack {stack_name!r} in {region} has no TenantSecretPrefix output: is it a billy-mcp stack?")
    return Stack(region, prefix, outputs.get("UserPoolId"), f"stack {stack_name}")
