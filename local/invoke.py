"""`make invoke EVENT=events/<name>.json`: one sample event through `lambda_handler`, as `sam local invoke` would.

Runs without Docker or AWS: the Billy sandbox and a local Secrets Manager holding the tenant of
LOCAL_EVENT_KEY (the key the sample events carry) are started and stopped around the call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .events import LOCAL_EVENT_KEY
from .lambda_context import LocalContext
from .paths import add_function_to_path
from .sandbox import DEMO_TOKEN, running_sandbox
from .secrets_standin import DEFAULT_PREFIX, fake_aws_environment, put_tenant, running_standin, secrets_client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local.invoke", description="Run one API Gateway event through lambda_handler."
    )
    parser.add_argument("event", type=Path, help="path to a payload-2.0 event, e.g. events/tools-list.json")
    args = parser.parse_args(argv)
    try:
        event = json.loads(args.event.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.event}: {exc}", file=sys.stderr)
        return 2
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    with running_sandbox() as (billy_url, _api), running_standin() as standin:
        os.environ.update(fake_aws_environment(standin))
        os.environ["BILLY_API_BASE_URL"] = billy_url
        os.environ["TENANT_SECRET_PREFIX"] = DEFAULT_PREFIX
        put_tenant(secrets_client(standin), LOCAL_EVENT_KEY, "sandbox", DEMO_TOKEN)
        add_function_to_path()
        from app import lambda_handler

        result = lambda_handler(event, LocalContext())
    body = result.get("body") or ""
    try:
        shown = json.dumps(json.loads(body), ensure_ascii=False, indent=2) if body else "(empty body)"
    except ValueError:
        shown = body
    print(json.dumps({"statusCode": result["statusCode"], "headers": result.get("headers", {})}, indent=2))
    print(shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
