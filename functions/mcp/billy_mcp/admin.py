"""Tenant administration: API keys (create, rotate, re-token, revoke, list) and signed-in users (add, revoke, list).

Runs on an operator's machine with boto3 and the usual AWS settings (AWS_PROFILE, or
AWS_ENDPOINT_URL_SECRETS_MANAGER for the local stand-in), against one stack named by its samconfig.toml environment
or its CloudFormation name (billy_mcp.stack reads its region, prefix and user pool). A key is shown once and never stored: its secret is
named `<prefix><sha256(key)>` and tagged with the tenant name. Billy tokens are read from standard input,
never from the command line (where shells and process lists keep them). A user who signs in with OAuth gets a
secret `<prefix>users/<sha256(issuer, subject)>` holding a copy of their tenant's document (re-tokening a tenant
updates its users too); the raw subject is in no secret's name.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from . import api_keys
from .stack import Stack, from_config_env, from_stack_name, region_from_environment
from .tenants import USERS, key_hash, user_hash

TENANT_TAG = "billy-mcp:tenant"
KIND_TAG = "billy-mcp:kind"
LABEL_TAG = "billy-mcp:user"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_POOL_ID = re.compile(r"^([a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]+$")


def pool_issuer(pool_id: str) -> str:
    """The `iss` of a Cognito user pool's tokens: https://cognito-idp.<region>.amazonaws.com/<pool id>."""
    match = _POOL_ID.match(pool_id)
    if not match:
        raise SystemExit(f"not a Cognito user pool id (region_id, e.g. eu-west-1_AbC123): {pool_id!r}")
    return f"https://cognito-idp.{match.group(1)}.amazonaws.com/{pool_id}"


def user_subject(user: str, pool_id: str, cognito: Any) -> str:
    """The `sub` of a user given by sub or by username (looked up in the pool)."""
    if _UUID.match(user):
        return user
    try:
        found = cognito.admin_get_user(UserPoolId=pool_id, Username=user)
    except cognito.exceptions.UserNotFoundException:
        raise SystemExit(f"no user {user!r} in the user pool {pool_id}") from None
    subject = next((a["Value"] for a in found.get("UserAttributes", []) if a["Name"] == "sub"), None)
    if not subject:
        raise SystemExit(f"the user pool has no sub for {user!r}")
    return str(subject)


def new_key() -> str:
    """A new API key with its checksum (billy_mcp.api_keys)."""
    return api_keys.new_key()


def read_billy_token(prompt: str = "Billy access token (input hidden): ") -> str:
    """The Billy token from standard input: hidden when typed at a terminal, one line when piped."""
    token = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
    token = token.strip()
    if not token:
        raise SystemExit("no Billy access token given on standard input")
    return token


class Where(NamedTuple):
    """Where a command reads and writes: printed by every command, so a wrong prefix or region shows at once."""

    region: str
    prefix: str

    def __str__(self) -> str:
        return f"Secrets Manager in {self.region}, prefix {self.prefix}"


def secrets_client(region: str) -> Any:
    import boto3

    # A session of its own: the credentials are resolved for this command, never taken from a default session that
    # something else in the process set up earlier.
    return boto3.session.Session().client("secretsmanager", region_name=region)


class TenantAdmin:
    def __init__(self, client: Any, prefix: str) -> None:
        if not prefix.endswith("/"):
            raise SystemExit(f"the secret prefix must end with '/': {prefix!r}")
        self.client = client
        self.prefix = prefix

    def where(self) -> Where:
        return Where(self.client.meta.region_name or "?", self.prefix)

    def _secrets_of(self, tenant: str) -> list[dict[str, Any]]:
        """The tenant's secrets: its API key's and its users'."""
        return [s for s in self.list_secrets() if _tag(s, TENANT_TAG) == tenant]

    def _keys_of(self, tenant: str) -> list[dict[str, Any]]:
        return [s for s in self._secrets_of(tenant) if _tag(s, KIND_TAG) != "user"]

    def list_secrets(self) -> list[dict[str, Any]]:
        """The secrets under this admin's prefix."""
        found = self._every_secret([{"Key": "name", "Values": [self.prefix]}])
        return [s for s in found if s["Name"].startswith(self.prefix)]

    def _every_secret(self, filters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every page of Secrets Manager's list for these filters."""
        found: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"Filters": filters, "MaxResults": 100}
        while True:
            page = self.client.list_secrets(**kwargs)
            found += page.get("SecretList", [])
            if not page.get("NextToken"):
                return found
            kwargs["NextToken"] = page["NextToken"]

    def add(self, tenant: str, billy_token: str, organization_id: str | None = None) -> str:
        if self._keys_of(tenant):
            raise SystemExit(f"tenant {tenant!r} already has a key; use rotate or revoke")
        key = new_key()
        self._store(
            key,
            {
                "tenant": tenant,
                "billy_access_token": billy_token,
                **({"organization_id": organization_id} if organization_id else {}),
            },
        )
        return key

    def rotate(self, tenant: str) -> str:
        """A new key for the tenant (same Billy token); the old key stops working."""
        current = self._only(tenant)
        document = json.loads(self.client.get_secret_value(SecretId=current["ARN"])["SecretString"])
        key = new_key()
        self._store(key, document)
        self.client.delete_secret(SecretId=current["ARN"], ForceDeleteWithoutRecovery=True)
        return key

    def set_token(self, tenant: str, billy_token: str) -> int:
        """The tenant's new Billy token, in its key's secret and in each of its users': how many secrets it updated."""
        self._only(tenant)
        secrets = self._secrets_of(tenant)
        for secret in secrets:
            document = json.loads(self.client.get_secret_value(SecretId=secret["ARN"])["SecretString"])
            document["billy_access_token"] = billy_token
            self.client.put_secret_value(SecretId=secret["ARN"], SecretString=json.dumps(document))
        return len(secrets)

    def add_user(self, tenant: str, issuer: str, subject: str, label: str) -> None:
        """Let the user (issuer, subject) reach the tenant's company when signed in."""
        current = self._only(tenant)
        document = json.loads(self.client.get_secret_value(SecretId=current["ARN"])["SecretString"])
        name = self.prefix + USERS + user_hash(issuer, subject)
        tags = [
            {"Key": TENANT_TAG, "Value": tenant},
            {"Key": KIND_TAG, "Value": "user"},
            {"Key": LABEL_TAG, "Value": label[:256]},
            {"Key": "app", "Value": "billy-mcp"},
        ]
        try:
            self.client.create_secret(
                Name=name,
                Description=f"billy-mcp user of tenant {tenant}",
                SecretString=json.dumps(document),
                Tags=tags,
            )
        except self.client.exceptions.ResourceExistsException:
            raise SystemExit(f"user {label!r} already has a tenant; revoke it first") from None

    def revoke_user(self, issuer: str, subject: str) -> list[str]:
        """Remove the user's mapping under every prefix in this region (one pool may serve several stacks, each with
        its own prefix), not only under this admin's: the prefixes it was removed under. New containers refuse the
        user at once; warm ones within the cache TTL."""
        suffix = USERS + user_hash(issuer, subject)
        users = self._every_secret([{"Key": "tag-key", "Values": [KIND_TAG]}, {"Key": "tag-value", "Values": ["user"]}])
        prefixes = []
        for secret in users:
            if secret["Name"].endswith("/" + suffix) and _tag(secret, KIND_TAG) == "user":
                self.client.delete_secret(SecretId=secret["ARN"], ForceDeleteWithoutRecovery=True)
                prefixes.append(secret["Name"][: -len(suffix)])
        return sorted(prefixes)

    def user_companies(self, issuer: str, subject: str) -> tuple[list[dict[str, str]], int] | None:
        """A signed-in user's companies (handle, name, CVR; never a token) and how many API keys they made on the
        connect page; None when the user has no secret under this prefix."""
        try:
            text = self.client.get_secret_value(SecretId=self.prefix + USERS + user_hash(issuer, subject))[
                "SecretString"
            ]
        except self.client.exceptions.ResourceNotFoundException:
            return None
        document = json.loads(text)
        if "companies" not in document:  # an operator's mapping (add-user): one tenant
            return [{"handle": str(document.get("tenant", "?")), "name": "(operator's tenant)"}], 0
        companies = [
            {
                "handle": str(c.get("handle", "?")),
                "name": str(c.get("name", "")),
                "cvr": str(c.get("registration_no", "")),
            }
            for c in document["companies"]
        ]
        return companies, len(document.get("keys", []))

    def list_users(self) -> list[tuple[str, str, Any]]:
        """(tenant, the user as the operator named them, created) for every signed-in user."""
        users = [s for s in self.list_secrets() if _tag(s, KIND_TAG) == "user"]
        return [(_tag(s, TENANT_TAG) or "?", _tag(s, LABEL_TAG) or "?", s.get("CreatedDate")) for s in users]

    def revoke(self, tenant: str, recovery_days: int | None = 7) -> int:
        """Delete the tenant's secrets; with a recovery window they can be restored, but reads fail at once."""
        found = self._secrets_of(tenant)
        for secret in found:
            if recovery_days:
                self.client.delete_secret(SecretId=secret["ARN"], RecoveryWindowInDays=recovery_days)
            else:
                self.client.delete_secret(SecretId=secret["ARN"], ForceDeleteWithoutRecovery=True)
        return len(found)

    def _only(self, tenant: str) -> dict[str, Any]:
        found = self._keys_of(tenant)
        if len(found) != 1:
            raise SystemExit(f"tenant {tenant!r} has {len(found)} keys under {self.prefix!r}; expected exactly one")
        return found[0]

    def _store(self, key: str, document: dict[str, Any]) -> None:
        self.client.create_secret(
            Name=self.prefix + key_hash(key),
            Description=f"billy-mcp tenant {document['tenant']}",
            SecretString=json.dumps(document),
            Tags=[{"Key": TENANT_TAG, "Value": document["tenant"]}, {"Key": "app", "Value": "billy-mcp"}],
        )


SIGNED_UP_OK = ("CONFIRMED", "FORCE_CHANGE_PASSWORD")
"""User states a company may be given to: confirmed, or created by the operator in an admin-only pool and not yet
signed in (Cognito's FORCE_CHANGE_PASSWORD)."""


def check_pool_and_user(cognito: Any, pool_id: str, subject: str) -> None:
    """A company goes only to a user the operator can vouch for: in a pool where nobody signs up on their own, enabled,
    confirmed, with a verified e-mail. Otherwise whoever registered an address first would get its company."""
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    if pool.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly") is not True:
        raise SystemExit(
            f"the user pool {pool_id} lets anyone sign up (AllowAdminCreateUserOnly is off): a company could go to "
            "whoever registered an address first. Turn self sign-up off (the stack's own pool has it off)."
        )
    found = cognito.list_users(UserPoolId=pool_id, Filter=f'sub = "{subject}"', Limit=1).get("Users", [])
    if not found:
        raise SystemExit(f"no user with sub {subject} in the user pool {pool_id}")
    user = found[0]
    attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
    problems = []
    if user.get("Enabled") is not True:
        problems.append("is disabled")
    if user.get("UserStatus") not in SIGNED_UP_OK:
        problems.append(f"is {user.get('UserStatus', 'unconfirmed')}, not confirmed")
    if attributes.get("email_verified") != "true":
        problems.append("has no verified e-mail address")
    if problems:
        raise SystemExit(f"the user (sub {subject}) " + " and ".join(problems) + "; no company was given to it")


def _tag(secret: dict[str, Any], name: str) -> str | None:
    return next((t["Value"] for t in secret.get("Tags", []) if t["Key"] == name), None)


def _user_command(admin: TenantAdmin, args: argparse.Namespace, cognito: Any) -> int:
    if not args.pool:
        raise SystemExit(
            "no user pool: the stack has no UserPoolId output (is OAuth=cognito deployed?); give --pool <UserPoolId>"
        )
    issuer = pool_issuer(args.pool)
    if cognito is None:
        import boto3

        cognito = boto3.session.Session().client("cognito-idp", region_name=args.pool.split("_", 1)[0])
    subject = user_subject(args.user, args.pool, cognito)
    if args.command == "user-companies":
        found = admin.user_companies(issuer, subject)
        if found is None:
            print(f"{args.user!r} (sub {subject}) has no companies under {admin.prefix}.")
            return 1
        companies, keys = found
        for company in companies:
            print(f"{company['handle']:32} {company['name']:40} {company.get('cvr', '')}")
        print(f"{len(companies)} company(ies) and {keys} API key(s) of {args.user!r} under {admin.prefix}.")
        return 0
    if args.command == "add-user":
        check_pool_and_user(cognito, args.pool, subject)
        admin.add_user(args.name, issuer, subject, args.user)
        print(
            f"{args.user!r} (sub {subject}) can now sign in and reach the company of tenant {args.name!r} "
            f"(1 secret written under {admin.prefix})."
        )
        return 0
    prefixes = admin.revoke_user(issuer, subject)
    where = admin.where()
    if prefixes:
        print(
            f"{args.user!r} can no longer reach any company: removed {len(prefixes)} mapping(s) in {where.region}, "
            f"under {', '.join(prefixes)} (warm containers forget within TENANT_CACHE_TTL)."
        )
        return 0
    print(f"{args.user!r} has no company under any billy-mcp prefix in {where.region}; nothing was changed.")
    return 1


def main(argv: list[str] | None = None, client: Any = None, cognito: Any = None, cloudformation: Any = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m billy_mcp.admin", description="Manage billy-mcp tenants and API keys of one stack."
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--config-env", help="the stack's samconfig.toml environment (as `sam deploy --config-env`)")
    which.add_argument("--stack", help="the stack's CloudFormation name (its region from AWS_REGION or the profile)")
    which.add_argument("--prefix", help="a TenantSecretPrefix given directly (the local stand-in, scripts)")
    parser.add_argument("--config-file", default="samconfig.toml", type=Path, help="default: ./samconfig.toml")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser(
        "add", help="create a tenant: prints its new API key once; reads the Billy token from stdin"
    )
    add.add_argument("name")
    add.add_argument("--organization-id", default=None)
    commands.add_parser("rotate", help="replace a tenant's API key (the old key stops working)").add_argument("name")
    commands.add_parser("set-token", help="replace a tenant's Billy access token (read from stdin)").add_argument(
        "name"
    )
    revoke = commands.add_parser("revoke", help="delete a tenant's key (recoverable for 7 days unless --now)")
    revoke.add_argument("name")
    revoke.add_argument("--now", action="store_true", help="delete without a recovery window")
    commands.add_parser("list", help="list tenants (names and dates, never keys or tokens)")
    add_user = commands.add_parser("add-user", help="let a user who signs in (OAuth) reach the tenant's company")
    add_user.add_argument("name")
    add_user.add_argument("user", help="the user's sub, or their username in the pool")
    revoke_user = commands.add_parser("revoke-user", help="stop a signed-in user from reaching any company")
    revoke_user.add_argument("user", help="the user's sub, or their username in the pool")
    for command in (add_user, revoke_user):
        command.add_argument("--pool", default="", help="the stack's UserPoolId (default: the stack's output)")
    commands.add_parser("list-users", help="list signed-in users and their tenants (as added, never tokens)")
    companies = commands.add_parser(
        "user-companies", help="a signed-in user's companies (from add-user or the connect page) and API key count"
    )
    companies.add_argument("user", help="the user's sub, or their username in the pool")
    companies.add_argument("--pool", default="", help="the stack's UserPoolId (default: the stack's output)")
    args = parser.parse_args(argv)
    try:
        stack = _stack(args, client, cloudformation)
        if args.command in ("add-user", "revoke-user", "user-companies"):
            args.pool = args.pool or stack.pool_id or ""
        admin = TenantAdmin(client if client is not None else secrets_client(stack.region), stack.prefix)
        print(f"[{stack.source}: {admin.where()}]")
        return _command(admin, args, cognito)
    except Exception as exc:  # botocore's missing credentials, access denied, endpoint errors: one line, no traceback
        if type(exc).__module__.split(".")[0] not in ("botocore", "boto3"):
            raise
        raise SystemExit(f"AWS refused or could not be reached: {type(exc).__name__}: {exc}") from None


def _stack(args: argparse.Namespace, client: Any, cloudformation: Any) -> Stack:
    if args.config_env:
        return from_config_env(args.config_file, args.config_env, cloudformation)
    if args.stack:
        return from_stack_name(args.stack, cloudformation)
    region = client.meta.region_name if client is not None else region_from_environment()
    return Stack(region, args.prefix, None, "prefix given")


def _command(admin: TenantAdmin, args: argparse.Namespace, cognito: Any) -> int:
    if args.command in ("add-user", "revoke-user", "user-companies"):
        return _user_command(admin, args, cognito)
    if args.command == "list-users":
        users = admin.list_users()
        for tenant, label, created in users:
            print(f"{tenant:24} {label:40} added {created:%Y-%m-%d}" if created else f"{tenant:24} {label}")
        print(f"{len(users)} signed-in user(s) under {admin.prefix}.")
        return 0
    if args.command == "add":
        key = admin.add(args.name, read_billy_token(), args.organization_id)
        print(
            f"Created tenant {args.name!r} (1 secret written under {admin.prefix}). "
            f"Its API key (shown once, store it now):\n{key}"
        )
    elif args.command == "rotate":
        print(
            f"New API key for {args.name!r} (the old key no longer works; warm containers forget it within TENANT_CACHE_TTL):\n{admin.rotate(args.name)}"
        )
    elif args.command == "set-token":
        count = admin.set_token(args.name, read_billy_token())
        print(f"Updated the Billy access token of {args.name!r} in {count} secret(s) (its key's and its users').")
    elif args.command == "revoke":
        count = admin.revoke(args.name, None if args.now else 7)
        print(f"Revoked {count} key(s) of {args.name!r}." if count else f"No key found for {args.name!r}.")
        if not count:
            return 1
    else:
        secrets = admin.list_secrets()
        for secret in secrets:
            created = secret.get("CreatedDate")
            print(
                f"{_tag(secret, TENANT_TAG) or '?':24} created {created:%Y-%m-%d}"
                if created
                else _tag(secret, TENANT_TAG)
            )
        print(f"{len(secrets)} secret(s) under {admin.prefix}; an empty list may mean the wrong prefix or region.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
