"""Render the Mermaid diagrams in docs/*.md to SVG files beside them.

Usage: .venv/bin/python docs/render_diagrams.py

Mermaid itself is fetched once from the npm registry (`npm pack`, pinned in
docs/pdf_sources.py) into `.cache/`; Playwright drives Debian's Chromium to lay the diagram
out, exactly as a Markdown viewer would. The SVG is written next to the Markdown file,
named after it. docs/make_pdfs.py draws the diagrams of its PDFs with the same functions.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docs.pdf_sources import MERMAID_VERSION

DOCS = Path(__file__).resolve().parent
CACHE = DOCS.parent / ".cache" / f"mermaid-{MERMAID_VERSION}"
BLOCK = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)
# Fonts from Debian's packages (fonts-liberation, fonts-noto-color-emoji), never web fonts.
FONTS = "'Liberation Sans', 'DejaVu Sans', 'Noto Color Emoji', sans-serif"


def mermaid_script() -> Path:
    script = CACHE / "package" / "dist" / "mermaid.min.js"
    if not script.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"mermaid@{MERMAID_VERSION}", "--silent"], cwd=CACHE,
                       check=True, capture_output=True)
        with tarfile.open(CACHE / f"mermaid-{MERMAID_VERSION}.tgz") as archive:
            archive.extract("package/dist/mermaid.min.js", CACHE, filter="data")
    return script


def load_mermaid(page: Page) -> None:
    """Put Mermaid into an empty page, ready for `draw`."""
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(mermaid_script()))
    page.evaluate("fonts => mermaid.initialize({startOnLoad: false, theme: 'default',"
                  " themeVariables: {fontFamily: fonts}})", FONTS)


def draw(page: Page, code: str) -> str:
    """One diagram as well-formed SVG (Mermaid's own string has HTML's unclosed `<br>`,
    which an SVG viewer refuses), from a page prepared by `load_mermaid`."""
    return page.evaluate(
        """async (code) => {
          const holder = document.createElement('div');
          holder.innerHTML = (await mermaid.render('diagram', code)).svg;
          return new XMLSerializer().serializeToString(holder.firstElementChild);
        }""", code)


def render(diagrams: dict[Path, str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        load_mermaid(page)
        for target, code in diagrams.items():
            target.write_text(draw(page, code) + "\n", encoding="utf-8")
            print(f"wrote {target.relative_to(DOCS.parent)}")
        browser.close()


def main() -> None:
    diagrams = {}
    for markdown in sorted(DOCS.glob("*.md")):
        blocks = BLOCK.findall(markdown.read_text(encoding="utf-8"))
        for number, code in enumerate(blocks):
            suffix = f"-{number + 1}" if number else ""
            diagrams[markdown.with_name(f"{markdown.stem}{suffix}.svg")] = code
    render(diagrams)


if __name__ == "__main__":
    main()
