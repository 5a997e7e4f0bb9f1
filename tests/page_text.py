"""What a person reads or hears on a page, for the tests that walk every page in German and
fail on an English word (tests/micro/test_german.py, tests/native/test_spa_german.py).

PAGE_TEXT, evaluated in the page (optionally with a list of more attributes to read, such
as the SPA's `data-label`, which its CSS shows as a cell's label on a phone), gives the
text: also what is hidden for now (the menus' options, the charts' texts), the page title
and the attributes a screen reader or a tooltip shows. Text inside an element marked as
another language than the page's (the "English" button) is left out.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")

PAGE_TEXT = """(extra) => {
    const page = document.documentElement.lang;
    const foreign = el => (el.closest('[lang]') || document.documentElement).lang !== page;
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && !foreign(parent) && !parent.closest('script, style')) {
            parts.push(node.textContent);  // hidden text too: it shows up sooner or later
        }
    }
    const names = ['title', 'aria-label', 'placeholder', 'alt', ...(extra || [])];
    for (const el of document.querySelectorAll(names.map(name => `[${name}]`).join(', '))) {
        if (foreign(el)) continue;
        for (const name of names) {
            if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
        }
    }
    for (const el of document.querySelectorAll('[data-label-light], [data-label-dark]')) {
        parts.push(el.dataset.labelLight || '', el.dataset.labelDark || '');
    }
    return parts.join('\\n');
}"""


def without(text: str, data: list[str]) -> str:
    """`text` without the people's own data (user names, e-mail addresses, longest first):
    a user called "support" is no English word of the interface."""
    for value in sorted(data, key=len, reverse=True):
        text = re.sub(rf"(?<![\w@.]){re.escape(value)}(?![\w@])", " ", text)
    return text
