"""The connect page in a real browser: Debian's Chromium (headless, driven by selenium through chromium-driver)
against `python -m local.serve --sandbox` with the local sign-in stand-in. A user signs in, pastes a wrong token
and a good one, makes an API key and uses it from the `mcp` SDK client, connects a second company and disconnects
both, after which the key's calls are sent to the page.

Each step saves a screenshot to $BILLY_MCP_SCREENSHOTS (default .screenshots/; docs/connect/ holds the README's).
`make test` skips these tests, saying why, where no Chromium is installed; .ci/run installs it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from local.cognito_standin import CONNECT_CLIENT_ID, Pool
from local.paths import ROOT
from local.process import Server
from local.sandbox import DEMO_TOKEN, SECOND_TOKEN
from tests.e2e.conftest import connected, served_with_sign_in

pytestmark = [pytest.mark.e2e]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SHOTS = Path(os.environ.get("BILLY_MCP_SCREENSHOTS") or ROOT / ".screenshots")
WAIT = 20


@pytest.fixture(scope="module")
def page_server() -> Iterator[tuple[Server, Pool]]:
    with served_with_sign_in(CONNECT_CLIENT_ID=CONNECT_CLIENT_ID) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "no Chromium: the connect page's browser tests need Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver); .ci/run installs them"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1000"):
        options.add_argument(argument)
    options.add_argument("--lang=en-GB")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def wait_text(driver: Any, element_id: str, text: str) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(lambda d: text in d.find_element("id", element_id).text)
    return str(driver.find_element("id", element_id).text)


def rows(driver: Any) -> list[str]:
    return [row.text for row in driver.find_elements("css selector", "#company-rows tr")]


def connect_company(driver: Any, handle: str, token: str) -> None:
    driver.find_element("id", "handle").clear()
    driver.find_element("id", "handle").send_keys(handle)
    driver.find_element("id", "token").send_keys(token)
    driver.find_element("css selector", "#connect-form button[type=submit]").click()


async def organization_via_key(url: str, key: str, arguments: dict[str, Any]) -> Any:
    async with connected(url, "legacy", key=key) as client:
        return await client.call_tool("get-organization-tool", arguments)


def test_a_user_connects_companies_and_uses_a_key_from_an_mcp_client(
    browser: Any, page_server: tuple[Server, Pool]
) -> None:
    server, _pool = page_server
    page = server.url.removesuffix("/mcp") + "/connect?lang=en"
    browser.get(page)
    wait_text(browser, "signed-out", "Sign in")
    shot(browser, "1-signed-out")
    csp = browser.execute_script("return document.documentElement.outerHTML")
    assert "<script>" not in csp  # no inline script: the page works under script-src 'self'

    browser.find_element("id", "sign-in").click()
    wait_text(browser, "status", "You are signed in.")
    assert "code=" not in browser.current_url  # the code is gone from the address bar
    assert "No company is connected yet." in browser.find_element("id", "no-companies").text
    shot(browser, "2-signed-in")

    connect_company(browser, "nordlys", "0" * 40)  # a token Billy refuses
    error = wait_text(browser, "error", "Billy does not accept this access token")
    assert "mit.billy.dk" in error and rows(browser) == []
    assert browser.find_element("id", "token").get_attribute("value") == ""  # never left in the form
    shot(browser, "3-wrong-token")

    connect_company(browser, "nordlys", DEMO_TOKEN)
    wait_text(browser, "status", "The company is connected.")
    [row] = rows(browser)
    assert "nordlys" in row and "Nordlys Design ApS" in row
    assert DEMO_TOKEN not in browser.page_source
    shot(browser, "4-connected")

    browser.find_element("id", "key-label").send_keys("Claude Code")
    browser.find_element("css selector", "#key-form button[type=submit]").click()
    wait_text(browser, "status", "The key is created.")
    key = browser.find_element("id", "new-key-value").text
    configuration = browser.find_element("id", "new-key-config").text
    assert key.startswith("bmcp_") and "claude mcp add" in configuration
    assert "~/.cursor/mcp.json" in configuration and ".vscode/mcp.json" in configuration
    browser.execute_script("document.getElementById('new-key').scrollIntoView()")
    shot(browser, "5-key")
    result = anyio.run(organization_via_key, server.url, key, {"company": "nordlys"})
    assert result.structured_content["organization"]["name"] == "Nordlys Design ApS"

    row = browser.find_element("css selector", "#company-rows tr[data-handle='nordlys']")
    row.find_element("xpath", ".//button[text()='Rename']").click()
    field = browser.find_element("css selector", "#company-rows form input")
    field.send_keys("nordlys-design")
    browser.find_element("xpath", "//form//button[text()='Save']").click()
    wait_text(browser, "company-rows", "nordlys-design")
    result = anyio.run(organization_via_key, server.url, key, {"company": "nordlys-design"})
    assert result.structured_content["organization"]["name"] == "Nordlys Design ApS"  # the key follows at once

    connect_company(browser, "havoern", SECOND_TOKEN)
    wait_text(browser, "company-rows", "Havørn Consult ApS")
    assert len(rows(browser)) == 2
    today = dt.datetime.now(dt.UTC).date().isoformat()  # the key's calls above: noted as the company's last use
    [used, unused] = [
        browser.find_element("css selector", f"#company-rows tr[data-handle='{h}']").text
        for h in ("nordlys-design", "havoern")
    ]
    assert used.count(today) == 2 and unused.count(today) == 1  # connected today, and last used today
    result = anyio.run(organization_via_key, server.url, key, {"company": "havoern"})
    assert result.structured_content["organization"]["name"] == "Havørn Consult ApS"
    shot(browser, "6-two-companies")

    for handle in ("nordlys-design", "havoern"):
        row = browser.find_element("css selector", f"#company-rows tr[data-handle='{handle}']")
        row.find_element("xpath", ".//button[text()='Disconnect']").click()
        wait_text(browser, "status", "The company is disconnected.")
    assert rows(browser) == []
    shot(browser, "7-disconnected")
    result = anyio.run(organization_via_key, server.url, key, {})
    assert result.is_error and "/connect" in result.content[0].text


def test_the_page_is_served_in_danish_under_a_strict_content_security_policy(
    browser: Any, page_server: tuple[Server, Pool]
) -> None:
    import http.client
    from urllib.parse import urlsplit

    server, _pool = page_server
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=WAIT)
    connection.request("GET", "/connect")
    response = connection.getresponse()
    policy = response.getheader("Content-Security-Policy") or ""
    response.read()
    assert response.status == 200 and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    browser.get(server.url.removesuffix("/mcp") + "/connect?lang=da")
    wait_text(browser, "signed-out", "Log ind")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "da"
