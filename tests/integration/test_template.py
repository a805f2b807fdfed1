"""template.yaml security properties, read as data (cfn-lint and checkov run in `make validate`)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from local.paths import ROOT


class CfnLoader(yaml.SafeLoader):  # type: ignore[misc]
    """YAML loader that keeps CloudFormation's short-form tags (!Ref, !Sub, …) as plain values."""


def _tag(loader: CfnLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}


CfnLoader.add_multi_constructor("!", _tag)
TEMPLATE: dict[str, Any] = yaml.load((ROOT / "template.yaml").read_text(encoding="utf-8"), Loader=CfnLoader)  # noqa: S506
RESOURCES = TEMPLATE["Resources"]


def test_iam_allows_only_reading_this_stacks_tenant_secrets() -> None:
    """The MCP function reads secrets and writes nothing else but a connected company's last use (with OAuth on)."""
    function = RESOURCES["McpFunction"]["Properties"]
    [policy] = function["Policies"]
    statement, usage = policy["Statement"]
    assert statement["Effect"] == "Allow" and statement["Action"] == "secretsmanager:GetSecretValue"
    assert statement["Resource"]["Sub"].endswith(":secret:${TenantSecretPrefix}*")
    condition, record, otherwise = usage["If"]
    assert condition == "OAuthEnabled" and otherwise == {"Ref": "AWS::NoValue"}
    assert record["Action"] == "dynamodb:UpdateItem" and record["Resource"] == {"GetAtt": "UsageTable.Arn"}


def test_nothing_secret_in_parameters_outputs_or_environment() -> None:
    secretish = re.compile(r"token|password|secret(?!prefix)|apikey", re.IGNORECASE)
    for name, parameter in TEMPLATE["Parameters"].items():
        assert not secretish.search(name) or name == "TenantSecretPrefix", name
        assert parameter.get("NoEcho") is None
    for name in TEMPLATE["Outputs"]:
        assert not secretish.search(name.replace("TenantSecretPrefix", "")), name
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert not [name for name in variables if secretish.search(name.replace("TENANT_SECRET_PREFIX", ""))]


def test_log_groups_have_retention_and_limits_are_bounded_and_configurable() -> None:
    groups = [r for r in RESOURCES.values() if r["Type"] == "AWS::Logs::LogGroup"]
    assert len(groups) == 3 and all(g["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"} for g in groups)
    assert RESOURCES["McpFunction"]["Properties"]["LoggingConfig"]["LogGroup"] == {"Ref": "FunctionLogs"}
    assert RESOURCES["ConnectFunction"]["Properties"]["LoggingConfig"]["LogGroup"] == {"Ref": "ConnectLogs"}
    route = RESOURCES["McpApi"]["Properties"]["DefaultRouteSettings"]
    assert route == {
        "ThrottlingRateLimit": {"Ref": "ThrottlingRateLimit"},
        "ThrottlingBurstLimit": {"Ref": "ThrottlingBurstLimit"},
    }
    assert RESOURCES["McpFunction"]["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "ReservedConcurrency"}
    assert TEMPLATE["Globals"]["Function"]["Timeout"] <= 25


def test_every_checkov_skip_has_a_reason() -> None:
    for name, resource in RESOURCES.items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip.get("comment", "")) > 30, (name, skip)


LAMBDA_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]


def test_every_allowed_log_level_lets_the_metrics_line_through_lambdas_filter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Lambda drops application lines below ApplicationLogLevel and reads a JSON line without "level" as INFO.
    Powertools prints the EMF metrics as such a line, so at every level the template allows it must get through."""
    from billy_mcp.observability import logger
    from tests.support import event, invoke, request

    function = RESOURCES["McpFunction"]["Properties"]
    assert function["LoggingConfig"]["ApplicationLogLevel"] == {"Ref": "LogLevel"}
    assert TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]["POWERTOOLS_LOG_LEVEL"] == {"Ref": "LogLevel"}
    allowed = TEMPLATE["Parameters"]["LogLevel"]["AllowedValues"]
    assert "INFO" in allowed
    try:
        for level in allowed:
            logger.setLevel(level)
            capsys.readouterr()
            status, _, _ = invoke(event(request("tools/list")))  # no key: 401, still one request counted
            assert status == 401
            [document] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"Requests"' in line]
            seen_as = str(document.get("level", "INFO")).upper().replace("WARNING", "WARN")
            assert LAMBDA_LEVELS.index(seen_as) >= LAMBDA_LEVELS.index(level), (level, document)
            assert document["Requests"] == [1.0] and document["Errors"] == [1.0] and "_aws" in document
    finally:
        logger.setLevel("INFO")


# ---- OAuth (OAuth=cognito) ---------------------------------------------------------------------------------------
OAUTH_RESOURCES = (
    "UserPool",
    "SignInDomain",
    "ReadScopeServer",
    "SignInClient",
    "ChatGptClient",
    "ConnectClient",
    "ConnectFunction",
    "ConnectLogs",
    "UsageTable",
)


def test_oauth_is_off_by_default_and_its_resources_exist_only_when_on() -> None:
    assert TEMPLATE["Parameters"]["OAuth"] == {
        "Type": "String",
        "Default": "disabled",
        "AllowedValues": ["disabled", "cognito"],
        "Description": TEMPLATE["Parameters"]["OAuth"]["Description"],
    }
    conditions = TEMPLATE["Conditions"]
    assert conditions["OAuthEnabled"] == {"Equals": [{"Ref": "OAuth"}, "cognito"]}
    for name in OAUTH_RESOURCES:
        condition = RESOURCES[name]["Condition"]
        assert condition == "OAuthEnabled" or {"Condition": "OAuthEnabled"} in conditions[condition]["And"], name


def test_sign_in_clients_are_public_code_and_pkce_clients_with_exact_callbacks() -> None:
    defaults = TEMPLATE["Parameters"]["OAuthCallbackUrls"]["Default"].split(",")
    assert defaults == [  # production clients accept no localhost callback (issue 17 #4): see DevClient
        "https://claude.ai/api/mcp/auth_callback",
        "https://claude.com/api/mcp/auth_callback",
    ]
    for name in ("SignInClient", "ChatGptClient", "DevClient"):
        client = RESOURCES[name]["Properties"]
        assert client["GenerateSecret"] is False and client["AllowedOAuthFlows"] == ["code"]
        assert client["AllowedOAuthFlowsUserPoolClient"] is True and client["SupportedIdentityProviders"] == ["COGNITO"]
        assert "ALLOW_USER_PASSWORD_AUTH" not in client["ExplicitAuthFlows"]
        read_scope = client["AllowedOAuthScopes"][-1]
        assert read_scope == {"If": ["HasResourceUrl", {"Sub": "${OAuthResourceUrl}/read"}, "billy-mcp/read"]}
    assert RESOURCES["SignInClient"]["Properties"]["CallbackURLs"] == {"Ref": "OAuthCallbackUrls"}
    pattern = TEMPLATE["Parameters"]["OAuthChatGptCallbackUrls"]["AllowedPattern"]
    assert re.match(pattern, "https://chatgpt.com/connector/oauth/abc_123,https://chatgpt.com/connector/oauth/x")
    assert not re.match(pattern, "https://evil.example/connector/oauth/abc")
    pool = RESOURCES["UserPool"]["Properties"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True  # no self sign-up


def test_the_function_gets_the_oauth_settings_it_reads() -> None:
    from billy_mcp import config

    variables = RESOURCES["McpFunction"]["Properties"]["Environment"]["Variables"]
    assert sorted(variables) == sorted(
        [*(name for name in config.DEFAULTS if name.startswith("OAUTH_") and name != "OAUTH_JWKS_URL"), "USAGE_TABLE"]
    )
    issuer = variables["OAUTH_ISSUER"]["If"]
    assert issuer[0] == "OAuthEnabled" and issuer[2] == ""
    assert issuer[1]["Sub"][0] == "https://cognito-idp.${AWS::Region}.amazonaws.com/${PoolId}"
    assert variables["OAUTH_SCOPE"] == RESOURCES["SignInClient"]["Properties"]["AllowedOAuthScopes"][-1]
    scope_server = RESOURCES["ReadScopeServer"]["Properties"]
    assert [s["ScopeName"] for s in scope_server["Scopes"]] == ["read", "connect"]
    assert scope_server["Identifier"] == {"If": ["HasResourceUrl", {"Ref": "OAuthResourceUrl"}, "billy-mcp"]}
    # OAuth adds no Cognito call to the function's IAM (the pool's JWKS is public); only the last-use record.
    [policy] = RESOURCES["McpFunction"]["Properties"]["Policies"]
    assert policy["Statement"][0]["Action"] == "secretsmanager:GetSecretValue" and len(policy["Statement"]) == 2


def test_sessions_are_short_and_rotating_and_the_pool_is_kept() -> None:
    """Issue 17 #1, #3, #4: audience-bound tokens (Essentials with Managed Login), 15-minute access tokens with
    refresh-token rotation (without ALLOW_REFRESH_TOKEN_AUTH), localhost only in an opt-in client, MFA on by default,
    and a pool that is neither deleted nor replaced with the stack."""
    for name in ("SignInClient", "ChatGptClient", "DevClient"):
        client = RESOURCES[name]["Properties"]
        assert client["RefreshTokenRotation"]["Feature"] == "ENABLED"
        assert "ALLOW_REFRESH_TOKEN_AUTH" not in client["ExplicitAuthFlows"]
        assert client["AccessTokenValidity"] == 15 and client["TokenValidityUnits"]["AccessToken"] == "minutes"
    assert RESOURCES["DevClient"]["Condition"] == "HasDevClient"
    assert TEMPLATE["Parameters"]["OAuthDevCallbackUrls"]["Default"] == ""
    pattern = TEMPLATE["Parameters"]["OAuthDevCallbackUrls"]["AllowedPattern"]
    assert re.match(pattern, "http://localhost:6274/oauth/callback,http://localhost:6274/oauth/callback/debug")
    assert not re.match(pattern, "https://evil.example/callback")
    pool = RESOURCES["UserPool"]
    assert pool["DeletionPolicy"] == pool["UpdateReplacePolicy"] == "Retain"
    assert pool["Properties"]["DeletionProtection"] == "ACTIVE" and pool["Properties"]["UserPoolTier"] == "ESSENTIALS"
    assert pool["Properties"]["MfaConfiguration"] == {"Ref": "OAuthMfa"}
    assert TEMPLATE["Parameters"]["OAuthMfa"]["Default"] == "ON"
    assert RESOURCES["SignInDomain"]["Properties"]["ManagedLoginVersion"] == 2
    assert TEMPLATE["Parameters"]["OAuthRequireAudience"]["Default"] == "true"


def test_the_edge_option_fronts_the_api_with_cloudfront_and_the_given_web_acl() -> None:
    """Issue 17 #2: HTTP APIs take no WAF, so the template offers CloudFront with a CloudFront-scope web ACL."""
    distribution = RESOURCES["EdgeDistribution"]
    assert distribution["Condition"] == "HasEdge"
    config = distribution["Properties"]["DistributionConfig"]
    assert config["WebACLId"] == {"Ref": "EdgeWebAclArn"}
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "https-only" and "POST" in behaviour["AllowedMethods"]
    assert behaviour["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    pattern = TEMPLATE["Parameters"]["EdgeWebAclArn"]["AllowedPattern"]
    assert re.match(
        pattern, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
    )
    assert not re.match(pattern, "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0f1e2d3c")
    waf = yaml.load((ROOT / "edge" / "waf.yaml").read_text(encoding="utf-8"), Loader=CfnLoader)  # noqa: S506
    acl = waf["Resources"]["WebAcl"]["Properties"]
    assert acl["Scope"] == "CLOUDFRONT"
    [rate] = [rule for rule in acl["Rules"] if "RateBasedStatement" in rule["Statement"]]
    assert rate["Action"] == {"Block": {}} and rate["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"


def test_only_the_connect_function_writes_secrets_and_only_under_the_prefix() -> None:
    """Issue 19 #2: the page's API runs in its own function; the MCP function stays read-only (see above)."""
    connect = RESOURCES["ConnectFunction"]
    assert connect["Condition"] == "OAuthEnabled" and connect["Properties"]["Handler"] == "connect_app.lambda_handler"
    [policy] = connect["Properties"]["Policies"]
    statement, usage = policy["Statement"]
    assert usage["Action"] == "dynamodb:Query" and usage["Resource"] == {"GetAtt": "UsageTable.Arn"}
    assert statement["Effect"] == "Allow" and statement["Resource"]["Sub"].endswith(":secret:${TenantSecretPrefix}*")
    assert sorted(statement["Action"]) == [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:TagResource",
    ]
    writers = [
        name
        for name, resource in RESOURCES.items()
        if resource["Type"] == "AWS::Serverless::Function"
        and any(
            "PutSecretValue" in str(statement)
            for p in resource["Properties"].get("Policies", [])
            for statement in p["Statement"]
        )
    ]
    assert writers == ["ConnectFunction"]
    assert connect["Properties"]["ReservedConcurrentExecutions"] <= 5  # a person clicks; a script cannot fan out


def test_the_connect_page_has_its_own_client_and_scope_which_the_mcp_function_refuses() -> None:
    client = RESOURCES["ConnectClient"]["Properties"]
    assert client["GenerateSecret"] is False and client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthScopes"][-1] == {
        "If": ["HasResourceUrl", {"Sub": "${OAuthResourceUrl}/connect"}, "billy-mcp/connect"]
    }
    assert all(str(url).endswith('/connect"]}') or "/connect" in str(url) for url in client["CallbackURLs"])
    variables = RESOURCES["ConnectFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["CONNECT_CLIENT_ID"] == {"Ref": "ConnectClient"}
    assert variables["CONNECT_SCOPE"] == client["AllowedOAuthScopes"][-1]
    mcp_clients = RESOURCES["McpFunction"]["Properties"]["Environment"]["Variables"]["OAUTH_CLIENT_IDS"]
    assert "ConnectClient" not in str(mcp_clients)
