"""The SPA's session renewal in a real browser, with several tabs of one sign-in.

A refresh token works once and its second use ends the whole sign-in (reuse detection,
native/README.md "Sessions in several tabs"). The tabs of one browser share the cookies,
so the SPA must never let two of them send the same refresh token.
"""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.native.spa import PASSWORD, Api

pytestmark = pytest.mark.browser

# Every request of a tab takes this long on the network: two renewals started close
# together are certainly in flight at the same time, unless the app makes one wait.
LATENCY_MS = 600


def reuse_entries(spa_server: str, admin_api: Api) -> int:
    response = requests.get(f"{spa_server}/api/v1/audit", headers=admin_api.headers,
                            params={"action": "auth.refresh_reuse"}, timeout=10)
    assert response.status_code == 200
    return response.json()["total"]


def test_two_tabs_renewing_at_once_keep_the_sign_in(person, admin_api: Api, spa_server: str):
    """Catches tabs that each refresh with the shared cookie: the second use of one
    refresh token would end the sign-in in both tabs (and write auth.refresh_reuse).
    Both tabs reload at the same moment with an expired access cookie and a slow network;
    both must come back signed in, with one renewal between them."""
    admin_api.create_user("two-tabs")
    someone = person()
    someone.login("two-tabs", PASSWORD)
    second = someone.context.new_page()
    second.goto(f"{spa_server}/tickets")
    expect(second.get_by_role("heading", level=1)).to_have_text("Tickets")
    tabs = [someone.page, second]
    renewals: list[int] = []
    for tab in tabs:
        tab.on("response", lambda response: renewals.append(response.status)
               if response.url.endswith("/api/v1/auth/refresh") else None)
        network = someone.context.new_cdp_session(tab)
        network.send("Network.enable")
        network.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": LATENCY_MS, "downloadThroughput": -1,
            "uploadThroughput": -1})
    before = reuse_entries(spa_server, admin_api)

    someone.context.clear_cookies(name="access_token_cookie")  # as if it had expired
    for tab in tabs:  # both reloads are queued before either starts
        tab.evaluate("window.beforeReload = true; setTimeout(() => location.reload(), 50)")
    for tab in tabs:
        tab.wait_for_function("() => window.beforeReload === undefined", timeout=30_000)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Tickets", timeout=30_000)
        assert "/login" not in tab.url
    assert renewals == [200]  # the tab that waited used the cookies the other one got
    assert reuse_entries(spa_server, admin_api) == before
    assert someone.api_status("/auth/me") == 200
