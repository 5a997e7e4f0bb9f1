"""Screenshots of every SPA screen (dark, light, German, 375 px) for a human to look at.

Needs the API and the built SPA served with its /api proxy, e.g.
    API_URL=http://127.0.0.1:5000 npx vite preview --port 4173
then:  .venv/bin/python native/frontend/scripts/screenshots.py [BASE_URL] [OUT_DIR]
Uses Debian's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4173"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "test-results/spa-screens")


def login(page: Page, username: str, password: str) -> None:
    page.goto(f"{BASE}/login")
    page.get_by_label(re.compile("Username|Benutzername")).fill(username)
    page.get_by_label(re.compile("^(Password|Passwort)")).fill(password)
    page.get_by_role("button", name=re.compile("^(Log in|Anmelden)$")).click()
    page.wait_for_url(re.compile(r"/tickets"))
    # the signed-in frame is there (and has applied the profile's language)
    page.locator(".mainnav__user").wait_for(state="attached")


def shoot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size or {"width": 0}
    if width > viewport["width"]:
        print(f"{name}: page is {width}px wide in a {viewport['width']}px viewport "
              "(horizontal overflow)")


def first_ticket(page: Page) -> str:
    page.goto(f"{BASE}/tickets")
    link = page.locator("table a[href^='/tickets/']").first
    link.wait_for()
    return link.get_attribute("href") or "/tickets/1"


def run() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        variants = [
            ("dark", {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}, None),
            ("light", {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}, "light"),
            ("de", {"viewport": {"width": 1280, "height": 900}, "locale": "de-DE"}, None),
            ("phone", {"viewport": {"width": 375, "height": 812}, "locale": "en-US"}, None),
        ]
        for variant, options, theme in variants:
            context = browser.new_context(**options)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text)
                    if m.type == "error" else None)
            if theme:
                page.goto(f"{BASE}/login")
                page.evaluate(f"localStorage.setItem('helpdesk.theme', '{theme}')")
            page.goto(f"{BASE}/login")
            shoot(page, f"{variant}-login")
            for username, password in (("support", "support123"), ("user", "user123")):
                login(page, username, password)
                if variant == "de":
                    # the profile's saved language wins once signed in: switch it in the nav
                    page.get_by_label(re.compile("Language|Sprache")).select_option("de")
                page.locator("table, .empty").first.wait_for()
                shoot(page, f"{variant}-{username}-tickets")
                if variant == "phone":
                    page.get_by_role("button",
                                     name=re.compile("Show filters|Filter anzeigen")).click()
                    shoot(page, f"{variant}-{username}-tickets-filters")
                page.goto(f"{BASE}/tickets/new")
                shoot(page, f"{variant}-{username}-new")
                href = first_ticket(page)
                page.goto(f"{BASE}{href}")
                page.get_by_role("heading", level=1).wait_for()
                page.locator(".thread, .ticket .muted").first.wait_for()
                shoot(page, f"{variant}-{username}-detail")
                if variant == "dark" and username == "user":
                    upload = OUT / "printer-status.txt"
                    upload.write_text("Printer status page: paper jam in tray 2\n",
                                      encoding="utf-8")
                    page.get_by_label("File to attach").set_input_files(str(upload))
                    page.get_by_role("button", name="Upload file").click()
                    page.get_by_text("printer-status.txt was attached.").wait_for()
                    shoot(page, f"{variant}-{username}-detail-uploaded")
                if variant == "phone":
                    page.get_by_role("button", name=re.compile("Menu|Menü")).click()
                    shoot(page, f"{variant}-{username}-menu")
                    page.get_by_role("button", name=re.compile("Menu|Menü")).click()
                if variant == "de":
                    page.get_by_label(re.compile("Language|Sprache")).select_option("en")
                if variant == "phone":
                    page.get_by_role("button", name="Menu").click()
                    page.get_by_role("button", name="Log out").click()
                else:
                    page.get_by_role("button",
                                     name=re.compile("Log out|Abmelden")).first.click(force=True)
                page.wait_for_url(re.compile("/login"))
            if errors:
                print(variant, "console errors:", errors)
            context.close()
        browser.close()
    print("screenshots in", OUT)


if __name__ == "__main__":
    run()
