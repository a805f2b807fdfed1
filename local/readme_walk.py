"""Walk the README as a new user and a new operator do, and check that what it shows works as written.

`python -m local.readme_walk` (the end-to-end tests run it). It reads the README itself, so a command or a question
changed there is what gets run:

- the user's part: the sandbox endpoint (what `make demo` serves), the Python client snippet, the Inspector line
  that needs no npx, and the example questions at the top, each answered by the call the README names;
- the operator's part: `make deploy ENV=acme` (dry run: there is no AWS here) and every `make tenant-*` line of the
  README, in order, against a local AWS (moto server on 127.0.0.1: Secrets Manager, CloudFormation, Cognito) that
  holds a stand-in for the deployed `acme` stack (its outputs) and its user pool. After each command the function's
  own tenant lookup (billy_mcp.tenants) checks that the key or user works, or no longer works, where the stack reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .paths import ROOT, add_function_to_path
from .process import free_port, served_sandbox

README = ROOT / "README.md"
BILLY_TOKEN = "readme-walk-billy-token"
NEW_BILLY_TOKEN = "readme-walk-billy-token-2"
TIMEOUT = 120


class WalkFailed(AssertionError):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise WalkFailed(what)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def make_lines(text: str, target_prefix: str) -> list[str]:
    """The README's `make <target_prefix>...` command lines in bash blocks, in order, without trailing comments."""
    lines = []
    for block in code_blocks(text, "bash"):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command.startswith("make " + target_prefix):
                lines.append(command)
    return lines


def python_snippet(text: str) -> str:
    after = text.split("In Python, with the `mcp` SDK", 1)
    check(len(after) == 2, "the README's Python client snippet is missing")
    blocks = code_blocks(after[1], "python")
    check(bool(blocks), "the README's Python client snippet has no python block")
    return blocks[0]


def inspector_line(text: str) -> str:
    found = re.search(r"\| MCP Inspector, no npx \| `(make inspector ARGS='[^`]*')`", text)
    check(found is not None, "the README's Inspector line without npx is missing")
    assert found is not None
    return found.group(1)


def top_questions(text: str) -> list[str]:
    intro = text.split("\n## ", 1)[0]
    return re.findall(r'^- "([^"]+)"$', intro, flags=re.MULTILINE)


def question_rows(text: str) -> dict[str, str]:
    section = text.split("### Example questions", 1)
    check(len(section) == 2, "the README has no 'Example questions' section")
    rows = re.findall(r"^\| ([^|]+\?|[^|]+\.) \| `([a-z-]+)`", section[1].split("\n## ", 1)[0], flags=re.MULTILINE)
    return {question.strip(): tool for question, tool in rows}


# ---- the user's part -------------------------------------------------------------------------------------------
Answer = dict[str, Any]
QUESTIONS: dict[str, tuple[str, dict[str, Any], Callable[[Answer], str | None]]] = {}
"""question → (tool, arguments, a check of the answer that returns what is wrong, or None)."""


def question(text: str, tool: str, arguments: dict[str, Any]) -> Callable[[Callable[[Answer], str | None]], None]:
    def register(check_answer: Callable[[Answer], str | None]) -> None:
        QUESTIONS[text] = (tool, arguments, check_answer)

    return register


@question("Which invoices are overdue, and how much is outstanding?", "get-aged-receivables-tool", {})
def _overdue(answer: Answer) -> str | None:
    late = ("days1to30", "days31to60", "days61to90", "over90")
    count = sum(len(c["documents"].get(bucket, [])) for c in answer["contacts"] for bucket in late)
    return None if count and answer["verified"] else f"{count} overdue invoices, verified {answer['verified']}"


@question(
    "What did we spend on phone and internet in Q3?",
    "get-profit-and-loss-tool",
    {"from_date": "2026-07-01", "to_date": "2026-09-30"},
)
def _phone(answer: Answer) -> str | None:
    lines = [a for g in answer["expenses"]["groups"] for a in g["accounts"] if a.get("accountNo") == 1830]
    if not lines or lines[0]["name"] != "Telefon og internet" or not lines[0]["amount"] > 0:
        return f"no spend on 1830 Telefon og internet in Q3: {lines}"
    return None


@question(
    "Show the postings on account 5710 in March.",
    "get-account-ledger-tool",
    {"account_no": 5710, "from_date": "2026-03-01", "to_date": "2026-03-31"},
)
def _bank(answer: Answer) -> str | None:
    return None if answer["lines"] and answer["verified"] else "no verified ledger lines on 5710 in March"


@question("Which suppliers have we not paid yet?", "get-aged-payables-tool", {})
def _unpaid(answer: Answer) -> str | None:
    return None if answer["contacts"] and answer["verified"] else "no suppliers with open bills"


@question("Did we make a profit this year?", "get-profit-and-loss-tool", {})
def _profit(answer: Answer) -> str | None:
    return None if answer["revenue"]["amount"] > 0 and "result" in answer else "no revenue this fiscal year"


@question("What is our VAT for the third quarter?", "get-vat-summary-tool", {"period": "2026-Q3"})
def _vat(answer: Answer) -> str | None:
    return None if answer["verified"] and "payable" in answer else f"VAT for 2026-Q3 not verified: {answer.get('note')}"


async def ask(url: str, key: str) -> list[str]:
    """Each example question through the `mcp` SDK client; what went wrong, per question."""
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    problems = []
    async with (
        httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        for text, (tool, arguments, check_answer) in QUESTIONS.items():
            result = await client.call_tool(tool, arguments)
            if result.is_error:
                problems.append(f"{text!r}: {tool} failed: {result.content}")
                continue
            wrong = check_answer(result.structured_content or {})
            if wrong:
                problems.append(f"{text!r}: {wrong}")
            else:
                print(f"  ok  {text}  ({tool})", flush=True)
    return problems


def walk_user(text: str) -> None:
    import anyio

    asked, listed = top_questions(text), question_rows(text)
    check(asked == list(listed), f"the questions at the top {asked} differ from the 'Example questions' table")
    check(set(asked) == set(QUESTIONS), f"this walk knows {sorted(QUESTIONS)}, the README asks {asked}")
    for asked_question, tool in listed.items():
        check(QUESTIONS[asked_question][0] == tool, f"{asked_question!r}: the README names {tool}")
    with served_sandbox() as server:
        print(f"served the demo company at {server.url}", flush=True)
        snippet = python_snippet(text).replace(
            'URL, KEY = "http://127.0.0.1:3000/mcp", "bmcp_..."', f'URL, KEY = "{server.url}", "{server.key}"'
        )
        check(server.url in snippet, "the Python snippet's URL, KEY line changed: update the walk")
        ran = subprocess.run(  # noqa: S603 - our own interpreter, the README's snippet
            [sys.executable, "-c", snippet], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
        check(ran.returncode == 0 and "DKK" in ran.stdout, f"the Python snippet failed: {ran.stderr[-2000:]}")
        print("  ok  the Python client snippet", flush=True)
        line = inspector_line(text).replace("<URL>", server.url).replace("<KEY>", server.key)
        ran = run_shell(line, os.environ.copy())
        listed_tools = json_after_make(ran.stdout).get("tools", []) if ran.returncode == 0 else []
        check(len(listed_tools) == 29, f"{line!r} failed: {ran.stderr[-2000:]}")
        print("  ok  the Inspector line without npx", flush=True)
        problems = anyio.run(ask, server.url, server.key)
        check(not problems, "; ".join(problems))


# ---- the operator's part ---------------------------------------------------------------------------------------
def json_after_make(output: str) -> dict[str, Any]:
    """The JSON document a command printed, after any lines make printed first (e.g. installing node-tools)."""
    start = output.find("\n{") + 1 if not output.startswith("{") else 0
    try:
        document = json.loads(output[start:])
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def run_shell(line: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """A command line as a user's shell runs it: not inside this run's make (whose MAKEFLAGS would make a nested make
    print 'Entering directory' lines)."""
    env = {k: v for k, v in env.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    return subprocess.run(  # noqa: S603 - a command line from our own README, run as a user's shell runs it
        [shutil.which("bash") or "/bin/bash", "-c", line],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@contextlib.contextmanager
def local_aws() -> Iterator[tuple[str, dict[str, str]]]:
    """A moto server on 127.0.0.1 (every AWS service on one port) and the environment that points boto3 at it."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env |= {
                "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_CONFIG_FILE": str(Path(home) / "config"),
                "AWS_SHARED_CREDENTIALS_FILE": str(Path(home) / "credentials"),
                "AWS_EC2_METADATA_DISABLED": "true",
            }
            yield f"http://127.0.0.1:{port}", env
    finally:
        server.stop()


class Deployed:
    """The stand-in for the `acme` stack and its user pool, and the function's own view of its tenants."""

    def __init__(self, endpoint: str, env: dict[str, str]) -> None:
        import boto3

        add_function_to_path()
        from billy_mcp.stack import read_environment

        self.environment = read_environment(ROOT / "samconfig.toml", "acme")
        self.region = str(self.environment.region)
        self.prefix = str(self.environment.prefix)
        self.env = env
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=self.region)
        cognito = session.client("cognito-idp", endpoint_url=endpoint)
        self.pool_id = cognito.create_user_pool(
            PoolName="billy-mcp-acme",
            UsernameAttributes=["email"],
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        )["UserPool"]["Id"]
        # The README's `aws cognito-idp admin-create-user` (the AWS CLI is not needed for anything else here).
        cognito.admin_create_user(
            UserPoolId=self.pool_id,
            Username="anne@acme.dk",
            UserAttributes=[{"Name": "email", "Value": "anne@acme.dk"}, {"Name": "email_verified", "Value": "true"}],
        )
        attributes = cognito.admin_get_user(UserPoolId=self.pool_id, Username="anne@acme.dk")["UserAttributes"]
        self.subject = next(a["Value"] for a in attributes if a["Name"] == "sub")
        template = {
            "Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
            "Outputs": {"TenantSecretPrefix": {"Value": self.prefix}, "UserPoolId": {"Value": self.pool_id}},
        }
        with warnings.catch_warnings():  # moto models no WaitConditionHandle; only the outputs matter here
            warnings.simplefilter("ignore", UserWarning)
            session.client("cloudformation", endpoint_url=endpoint).create_stack(
                StackName=self.environment.stack_name, TemplateBody=json.dumps(template)
            )

    @contextlib.contextmanager
    def as_the_function(self) -> Iterator[Any]:
        """The stack's tenant lookup, reading Secrets Manager as the function does (its own client, its region)."""
        from billy_mcp.tenants import TenantResolver

        saved = dict(os.environ)
        for name in [name for name in os.environ if name.startswith("AWS_")]:
            del os.environ[name]  # e.g. an AWS_ENDPOINT_URL_SECRETS_MANAGER of the caller's would win over the stack's
        os.environ.update({k: v for k, v in self.env.items() if k.startswith("AWS_")} | {"AWS_REGION": self.region})
        try:
            yield TenantResolver(self.prefix, ttl=0, miss_ttl=0)
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def key_reaches(self, key: str) -> str | None:
        """The Billy token the stack's function would use for this key, or None when the key no longer works."""
        from billy_mcp.tenants import AuthenticationError

        with self.as_the_function() as resolver:
            try:
                return str(resolver.resolve(f"Bearer {key}").companies[0].billy_access_token)
            except AuthenticationError:
                return None

    def user_reaches(self) -> str | None:
        from billy_mcp.tenants import UserWithoutTenant

        issuer = f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"
        with self.as_the_function() as resolver:
            try:
                return str(resolver.resolve_user(issuer, self.subject).companies[0].name)
            except UserWithoutTenant:
                return None


def walk_operator(text: str) -> None:
    ran = run_shell("make -n deploy ENV=acme", os.environ.copy())
    check("deploy --config-env acme" in ran.stdout, f"make deploy ENV=acme does not deploy acme: {ran.stdout}")
    print("  ok  make deploy ENV=acme (dry run: sam build, then sam deploy --config-env acme)", flush=True)
    lines = make_lines(text, "tenant-")
    check(len(lines) >= 8, f"expected the README's tenant commands, found {lines}")
    with local_aws() as (endpoint, env):
        stack = Deployed(endpoint, env)
        header = (
            f"[stack {stack.environment.stack_name} (samconfig.toml [acme]): Secrets Manager in {stack.region}, "
            f"prefix {stack.prefix}]"
        )
        key = old_key = ""
        for line in lines:
            if line.startswith("make tenant-add-user") and stack.key_reaches(key) is None:
                # "map them to a tenant that already has an API key": the key section ended by revoking it
                key = operator_step(f"make tenant-add ENV=acme NAME={name_in(line)}", env, header, BILLY_TOKEN)
            stdin = NEW_BILLY_TOKEN if "tenant-set-token" in line else BILLY_TOKEN
            out = operator_step(line, env, header, stdin)
            if line.startswith("make tenant-add "):
                key = out
                check(stack.key_reaches(key) == BILLY_TOKEN, f"{line}: the stack's function does not find the new key")
            elif line.startswith("make tenant-rotate"):
                old_key, key = key, out
                check(stack.key_reaches(old_key) is None, f"{line}: the old key still works")
                check(stack.key_reaches(key) == BILLY_TOKEN, f"{line}: the new key does not work")
            elif line.startswith("make tenant-set-token"):
                check(stack.key_reaches(key) == NEW_BILLY_TOKEN, f"{line}: the key does not carry the new token")
            elif line.startswith("make tenant-revoke "):
                check(stack.key_reaches(key) is None, f"{line}: the revoked key still works")
            elif line.startswith("make tenant-list"):
                check(re.search(r"\n1 (secret|signed-in user)", out) is not None, f"{line}: {out}")
            elif line.startswith("make tenant-add-user"):
                check(stack.user_reaches() == name_in(line), f"{line}: the signed-in user does not reach the tenant")
            elif line.startswith("make tenant-revoke-user"):
                check(stack.user_reaches() is None, f"{line}: the user still reaches a company")
            print(f"  ok  {line}", flush=True)


def name_in(line: str) -> str:
    found = re.search(r"NAME=(\S+)", line)
    return found.group(1) if found else "acme"


def operator_step(line: str, env: dict[str, str], header: str, stdin: str) -> str:
    """Run one README command; its output after the header line (an API key where one is printed)."""
    ran = run_shell(line, env, stdin + "\n")
    check(ran.returncode == 0, f"{line!r} failed ({ran.returncode}): {ran.stdout[-1500:]} {ran.stderr[-1500:]}")
    first, _, rest = ran.stdout.partition("\n")
    check(first == header, f"{line!r} acted on {first!r}, not {header!r}")
    key = re.search(r"^bmcp_\S+$", rest, flags=re.MULTILINE)
    check(BILLY_TOKEN not in ran.stdout + ran.stderr, f"{line!r} printed the Billy token")
    return key.group(0) if key else rest


def main() -> int:
    text = readme()
    print("The README's user part:", flush=True)
    walk_user(text)
    print("The README's operator part:", flush=True)
    walk_operator(text)
    print("The README works as written.", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except WalkFailed as failure:
        print(f"README walk failed: {failure}", file=sys.stderr)
        sys.exit(1)
