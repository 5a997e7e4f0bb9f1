"""The shared axe-core check (tests/a11y.py) finds what it must: every edition's browser
tests rely on it to fail on serious and critical violations."""

import pytest
from playwright.sync_api import Page

from tests.a11y import assert_accessible, axe_violations

pytestmark = pytest.mark.browser

CLEAN_PAGE = (
    "<html lang='en'><head><title>Tickets</title></head><body><main><h1>Tickets</h1>"
    "<label for='q'>Search</label><input id='q'><button>Search tickets</button>"
    "</main></body></html>"
)


def test_a_clean_page_passes(page: Page) -> None:
    page.set_content(CLEAN_PAGE)
    assert_accessible(page, "a clean page")


def test_a_nameless_button_and_low_contrast_fail(page: Page) -> None:
    page.set_content(
        "<html lang='en'><head><title>x</title></head><body><main><h1>x</h1><button></button>"
        "<p style='color:#777;background:#888'>grey on grey</p></main></body></html>"
    )
    assert {v["id"] for v in axe_violations(page)} == {"button-name", "color-contrast"}
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page, "a broken page")


def test_a_strict_content_security_policy_does_not_block_the_check(page: Page) -> None:
    page.route("http://csp.test/", lambda route: route.fulfill(
        body=CLEAN_PAGE.replace("<button>Search tickets</button>", "<button></button>"),
        headers={"Content-Type": "text/html",
                 "Content-Security-Policy": "default-src 'self'; script-src 'self'"},
    ))
    page.goto("http://csp.test/")
    assert [v["id"] for v in axe_violations(page)] == ["button-name"]
