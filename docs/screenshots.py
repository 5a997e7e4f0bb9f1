"""Screenshots of Nano's main screens, taken from the running app (never by hand).

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python docs/screenshots.py                     # main screens: docs/screenshots/
    .venv/bin/python docs/screenshots.py --handout           # handout: docs/screenshots/handout/
    .venv/bin/python docs/screenshots.py --handout --lang de # the handout in German

It starts `python nano/app.py` on a free loopback port with a fresh database in a
temporary folder, adds a few realistic tickets and replies (straight into the database
with sqlite3, plus one ticket created through the UI), and drives Debian's Chromium
(/usr/bin/chromium) with Playwright. The handout pictures carry a red circle around the
control to click, drawn into the page just before the shot and removed after it.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Locator, expect, sync_playwright

# Run as a script from the repository root: make the shared Nano driver importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.nano.driver import CHROMIUM, ROOT, NanoPage, start_nano

OUT = ROOT / "docs" / "screenshots"
CHROMIUM_FLAGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--font-render-hinting=none"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
# The handout's red circle; docs/make_pdfs.py finds it by this colour to crop around it.
RING_COLOR = (0xE3, 0x26, 0x2F)
# The few UI texts this script clicks or waits for, in both languages of the app:
# key: (English, German).
TEXTS = {
    "log_in": ("Log in", "Anmelden"),
    "signed_in": ("Signed in as {name} ", "Angemeldet als {name} "),
    "tickets": ("Tickets", "Tickets"),
    "new_ticket": ("New ticket", "Neues Ticket"),
    "title": ("Title", "Titel"),
    "description": ("Description", "Beschreibung"),
    "category": ("Category", "Kategorie"),
    "priority": ("Priority", "Priorität"),
    "create": ("Create ticket", "Ticket erstellen"),
    "created": (r"^Ticket #\d+ was created\.$", r"^Ticket #\d+ wurde erstellt\.$"),
    "open": ("Open #{id}", "#{id} öffnen"),
    "confirm": ("Yes, it works: close the ticket", "Ja, es funktioniert: Ticket schließen"),
    "closed": ("Thank you! The ticket is closed.", "Danke! Das Ticket ist geschlossen."),
    "bug": ("Bug", "Bug"),
    "high": ("High", "Hoch"),
    "back": ("Back to the list", "Zurück zur Liste"),
}
WORDS = {lang: {key: texts[index] for key, texts in TEXTS.items()}
         for index, lang in enumerate(("en", "de"))}


# ── demo data ──

def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# (creator, title, description, category, priority, status, days ago, assignee,
#  [(author, days ago, text, internal)])
DEMO_TICKETS = [
    ("anna.schmidt", "Outlook asks for my password every morning",
     "Since the update on Monday Outlook asks for my password each time I start it.",
     "support", "medium", "closed", 52, "support",
     [("support", 51.8, "Please remove the old entry in the Windows credential manager "
       "and sign in once more.", False),
      ("anna.schmidt", 51.5, "That fixed it, thank you!", False)]),
    ("tom.becker", "New laptop for the new colleague in sales",
     "Starts on the 1st, needs a laptop with docking station.", "feature", "medium",
     "closed", 45, "lisa.wagner", [("lisa.wagner", 43, "Laptop is set up and ready.", False)]),
    ("user", "Excel crashes when opening the monthly report",
     "Only with the file Monatsbericht.xlsx, other files open fine.", "bug", "high",
     "closed", 38, "support",
     [("support", 37.6, "Repaired the Office installation; please try again.", False)]),
    ("anna.schmidt", "Scanner on the 1st floor sends no e-mails", "", "bug", "medium",
     "closed", 30, "lisa.wagner",
     [("lisa.wagner", 29, "The SMTP password of the scanner had expired. Renewed.", False)]),
    ("tom.becker", "Access to the shared drive \\\\fileserver\\marketing",
     "I need read access for the campaign material.", "support", "low", "closed", 24,
     "support", [("support", 23.5, "Access granted; log off and on once.", False)]),
    ("user", "Monitor flickers", "The left monitor flickers every few seconds.", "bug",
     "low", "resolved", 17, "lisa.wagner",
     [("lisa.wagner", 16, "Replaced the DisplayPort cable. Is it better now?", False)]),
    ("anna.schmidt", "VPN disconnects every 10 minutes",
     "Working from home, the VPN drops every ten minutes since yesterday.\n"
     "Router was restarted already.", "bug", "high", "in_progress", 3, "support",
     [("support", 2.9, "Which VPN client version do you use? (Help → About)", False),
      ("anna.schmidt", 2.5, "Version 5.2.1", False),
      ("support", 2.4, "Known issue of 5.2.1 - roll out 5.3 to her laptop tonight.", True)]),
    ("tom.becker", "Teams camera not detected", "The built-in camera is not found in Teams.",
     "bug", "medium", "in_progress", 6, "lisa.wagner",
     [("lisa.wagner", 5, "Please check the privacy switch on the left side of the laptop.",
       False)]),
    ("user", "Request: second monitor for the home office", "", "feature", "low", "new", 9,
     None, []),
    ("tom.becker", "Password reset for SAP", "Locked out after the holidays.", "support",
     "high", "resolved", 11, "support",
     [("support", 10.8, "Reset done, the initial password was sent by SMS.", False)]),
    ("anna.schmidt", "Wi-Fi in meeting room B is very slow", "", "support", "medium",
     "new", 1, None, []),
]


# The user's own tickets (all the handout shows) in German, for the German handout.
GERMAN = {
    "Excel crashes when opening the monthly report":
        "Excel stürzt beim Öffnen des Monatsberichts ab",
    "Only with the file Monatsbericht.xlsx, other files open fine.":
        "Nur bei der Datei Monatsbericht.xlsx, andere Dateien gehen.",
    "Repaired the Office installation; please try again.":
        "Office-Installation repariert, bitte noch einmal versuchen.",
    "Monitor flickers": "Monitor flackert",
    "The left monitor flickers every few seconds.":
        "Der linke Monitor flackert alle paar Sekunden.",
    "Replaced the DisplayPort cable. Is it better now?":
        "DisplayPort-Kabel getauscht. Ist es jetzt besser?",
    "Request: second monitor for the home office": "Bitte: zweiter Monitor fürs Homeoffice",
}


def seed(db_path: Path, *, handout: bool, lang: str = "en") -> None:
    """A few realistic tickets over the last eight weeks, with replies and activity.

    In the handout, the user's resolved ticket was just answered, so it carries the
    unread marker and waits for the user's confirmation.
    """
    now = datetime.now(UTC)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    for name, role in (("anna.schmidt", "user"), ("tom.becker", "user"),
                       ("lisa.wagner", "support")):
        db.execute("INSERT INTO users (username, email, role, password_hash, created_at) "
                   "VALUES (?, ?, ?, 'disabled', ?)",
                   (name, f"{name}@example.com", role, stamp(now - timedelta(days=90))))
    ids = dict(db.execute("SELECT username, id FROM users"))

    def say(text: str) -> str:
        return GERMAN.get(text, text) if lang == "de" else text

    for (creator, title, description, category, priority, status, days, assignee,
         replies) in DEMO_TICKETS:
        title, description = say(title), say(description)
        created = now - timedelta(days=days)
        last = max([created] + [now - timedelta(days=ago) for _, ago, _, _ in replies])
        updated = last + timedelta(hours=2) if status in ("resolved", "closed") else last
        just_answered = handout and creator == "user" and status == "resolved"
        if just_answered:  # after the accounts were made, so it counts as unread
            updated = now + timedelta(seconds=2)
        resolved = stamp(updated) if status in ("resolved", "closed") else None
        updater = ids[assignee] if assignee and status != "new" else ids[creator]
        ticket_id = db.execute(
            "INSERT INTO tickets (title, description, category, priority, status, created_by,"
            " assigned_to, created_at, updated_at, last_updated_by, resolved_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (title, description, category, priority, status, ids[creator],
             ids.get(assignee), stamp(created), stamp(updated), updater, resolved),
        ).lastrowid
        db.execute("INSERT INTO activity (ticket_id, actor_id, kind, created_at) "
                   "VALUES (?, ?, 'created', ?)", (ticket_id, ids[creator], stamp(created)))
        for author, ago, text, internal in replies:
            when = stamp(now - timedelta(days=ago))
            if just_answered:
                when = stamp(now + timedelta(seconds=1))
            db.execute("INSERT INTO comments (ticket_id, author_id, body, internal, created_at)"
                       " VALUES (?, ?, ?, ?, ?)",
                       (ticket_id, ids[author], say(text), internal, when))
            db.execute("INSERT INTO activity (ticket_id, actor_id, kind, internal, created_at)"
                       " VALUES (?, ?, 'comment', ?, ?)", (ticket_id, ids[author], internal, when))
        if status != "new":
            db.execute("INSERT INTO activity (ticket_id, actor_id, kind, created_at) "
                       "VALUES (?, ?, 'status', ?)", (ticket_id, updater, stamp(updated)))
    db.execute("COMMIT")
    db.close()


# ── driving the app ──

def saved(path: Path) -> None:
    """Say where a picture went (relative to the repository when it is inside it)."""
    print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


class Person(NanoPage):
    """One browser context in front of Nano, in English or German (`lang`)."""

    rerun_timeout = 60_000

    def __init__(self, browser, base_url: str, lang: str = "en", **options) -> None:
        self.context = browser.new_context(viewport=options.pop("viewport", DESKTOP),
                                           **options)
        super().__init__(self.context.new_page(), base_url)
        self.words, self.lang = WORDS[lang], lang

    def open(self) -> Person:
        super().open()
        if self.lang == "de":
            self.select("Language / Sprache", "Deutsch", rerun=True)
        return self

    def log_in(self, username: str) -> None:
        self.login(username, expect_text=self.words["signed_in"].format(name=username))

    def open_ticket_titled(self, title: str) -> None:
        row = self.ticket_row(title)
        self.after(row.get_by_role("button").click)
        expect(self.main.get_by_role("heading", level=2, name=re.compile(re.escape(title)))) \
            .to_be_visible()
        self.idle()

    def shot(self, path: Path, *, whole: bool = True) -> None:
        """Save a PNG; `whole` grows the window to the content first (Streamlit scrolls
        inside its main container, so a full-page shot would be cut at the window)."""
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        if whole:
            width = self.page.viewport_size["width"]
            self.fit_height(margin=0)
            self.idle()
            self.page.wait_for_timeout(300)  # let charts and the layout settle
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True, animations="disabled",
                             caret="hide")
        if whole:
            self.page.set_viewport_size({"width": width, "height": DESKTOP["height"]
                                         if width > PHONE["width"] else PHONE["height"]})
        saved(path)

    def circled_shot(self, target: Locator, path: Path) -> None:
        """Save a PNG of the window with a red circle around `target`."""
        target.scroll_into_view_if_needed()
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        self.idle()
        box = target.bounding_box()
        self.page.evaluate(
            """([box, color]) => {
              // Snug around small targets (a radio option between two others).
              const padY = Math.max(4, Math.min(14, box.height * 0.25));
              const padX = Math.max(16, box.width * 0.12);
              const ring = document.createElement('div');
              ring.id = 'handout-circle';
              Object.assign(ring.style, {
                position: 'fixed', zIndex: 2147483647, pointerEvents: 'none',
                left: (box.x - padX) + 'px', top: (box.y - padY) + 'px',
                width: (box.width + 2 * padX) + 'px', height: (box.height + 2 * padY) + 'px',
                border: `4px solid rgb(${color})`, borderRadius: '50%', boxSizing: 'border-box',
                boxShadow: '0 0 0 2px rgba(255, 255, 255, 0.8)'});
              document.body.appendChild(ring);
            }""", [box, ",".join(map(str, RING_COLOR))])
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), animations="disabled", caret="hide")
        self.page.evaluate("() => document.getElementById('handout-circle').remove()")
        saved(path)

    def close(self) -> None:
        self.context.close()


def new_ticket(person: Person, title: str, description: str) -> None:
    words = person.words
    person.go(words["new_ticket"])
    person.main.get_by_role("textbox", name=words["title"], exact=True).fill(title)
    person.main.get_by_role("textbox", name=words["description"], exact=True) \
        .fill(description)
    person.select(words["category"], words["bug"])
    person.select(words["priority"], words["high"])


PRINTER = ("Printer on the 2nd floor prints blank pages",
           "Since this morning every page comes out blank. Toner shows 60 %.")
PRINTER_DE = ("Drucker im 2. OG druckt nur leere Seiten",
              "Seit heute früh kommt jede Seite leer heraus. Toner zeigt 60 %.")


def main_screens(browser, base_url: str, out: Path) -> None:
    visitor = Person(browser, base_url)
    visitor.open()
    visitor.shot(out / "01-login.png")
    visitor.close()

    user = Person(browser, base_url)
    user.log_in("user")
    new_ticket(user, *PRINTER)
    user.shot(out / "04-new-ticket.png")
    user.click("Create ticket")
    expect(user.page.get_by_text(re.compile(WORDS["en"]["created"]))).to_be_visible()
    user.go("My account")
    user.shot(out / "07-my-account.png")
    user.close()

    support = Person(browser, base_url)
    support.log_in("support")
    expect(support.ticket_row(PRINTER[0])).to_contain_text("new activity")
    support.shot(out / "02-ticket-list-support.png")
    support.open_ticket_titled("VPN disconnects every 10 minutes")
    support.main.get_by_role("textbox", name="Reply", exact=True) \
        .fill("Version 5.3 is installed on your laptop now. Please restart it and tell me "
              "if the VPN still drops.")
    support.select("Set status", "Resolved")
    support.shot(out / "03-ticket-detail-support.png")
    support.click("Back to the list")
    support.go("Dashboard")
    expect(support.main.get_by_test_id("stVegaLiteChart")).to_have_count(4)
    support.page.wait_for_timeout(1500)  # the charts draw after the page
    support.shot(out / "05-dashboard.png")
    support.close()

    admin = Person(browser, base_url)
    admin.log_in("admin")
    admin.go("Users")
    admin.page.wait_for_timeout(800)  # the table is drawn on a canvas after the page
    admin.shot(out / "06-users-admin.png")
    admin.close()

    german = Person(browser, base_url, lang="de")
    german.log_in("support")
    german.shot(out / "08-ticket-list-de.png")
    german.close()

    phone = Person(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True,
                   device_scale_factor=2)
    phone.log_in("support")
    # The first screen and a half: the whole list at phone width is very long.
    phone.page.set_viewport_size({"width": PHONE["width"], "height": 1400})
    phone.shot(out / "09-ticket-list-phone.png", whole=False)
    phone.close()


def handout(browser, base_url: str, out: Path, lang: str) -> None:
    """The steps of the employees' handout, each with the control to click circled."""
    words = WORDS[lang]
    user = Person(browser, base_url, lang=lang)
    user.fill_login("user")
    user.circled_shot(user.main.get_by_role("button", name=words["log_in"]),
                      out / f"{lang}-1-log-in.png")
    user.click(words["log_in"])
    expect(user.page.get_by_text(words["signed_in"].format(name="user"))).to_be_visible()
    new_page = user.page.get_by_test_id("stSidebar").get_by_role("radiogroup") \
        .get_by_text(words["new_ticket"], exact=True).locator("xpath=ancestor::label[1]")
    user.circled_shot(new_page, out / f"{lang}-2-new-ticket.png")
    new_ticket(user, *(PRINTER_DE if lang == "de" else PRINTER))
    user.circled_shot(user.main.get_by_role("button", name=words["create"]),
                      out / f"{lang}-3-create-ticket.png")
    user.click(words["create"])
    expect(user.page.get_by_text(re.compile(words["created"]))).to_be_visible()
    user.click(words["back"])
    monitor = GERMAN["Monitor flickers"] if lang == "de" else "Monitor flickers"
    user.circled_shot(user.ticket_row(monitor).get_by_role("button"),
                      out / f"{lang}-4-open-a-ticket.png")
    user.open_ticket_titled(monitor)
    user.circled_shot(user.main.get_by_role("button", name=words["confirm"]),
                      out / f"{lang}-5-confirm-fix.png")
    user.click(words["confirm"])
    expect(user.page.get_by_text(words["closed"])).to_be_visible()
    user.page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    user.shot(out / f"{lang}-6-ticket-closed.png", whole=False)
    user.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handout", action="store_true",
                        help="the handout's steps with red circles, in docs/screenshots/handout/")
    parser.add_argument("--lang", choices=sorted(WORDS), default="en",
                        help="the language of the handout pictures")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    expect.set_options(timeout=30_000)
    with tempfile.TemporaryDirectory(prefix="nano-screens-") as folder:
        db_path = Path(folder) / "tickets.db"
        try:
            server = start_nano(db_path, env={"NANO_SCRYPT_N": "16384"})
        except RuntimeError as error:
            raise SystemExit(f"Nano did not start: {error}") from None
        base_url = server.base_url
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_FLAGS)
                first = Person(browser, base_url)
                first.open()  # the app creates its database on the first visit
                first.close()
                seed(db_path, handout=args.handout, lang=args.lang)
                if args.handout:
                    handout(browser, base_url, args.out / "handout", args.lang)
                else:
                    main_screens(browser, base_url, args.out)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
