"""Render the Mermaid diagrams in docs/*.md to SVG files beside them.

Usage: .venv/bin/python docs/render_diagrams.py

Mermaid itself is fetched once from the npm registry (`npm pack`, pinned below) into
`.cache/`; Playwright drives Debian's Chromium to lay the diagram out, exactly as a
Markdown viewer would. The SVG is written next to the Markdown file, named after it.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
from pathlib import Path

from playwright.sync_api import sync_playwright

MERMAID_VERSION = "11.17.2"
DOCS = Path(__file__).resolve().parent
CACHE = DOCS.parent / ".cache" / f"mermaid-{MERMAID_VERSION}"
BLOCK = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)


def mermaid_script() -> Path:
    script = CACHE / "package" / "dist" / "mermaid.min.js"
    if not script.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"mermaid@{MERMAID_VERSION}", "--silent"], cwd=CACHE,
                       check=True, capture_output=True)
        with tarfile.open(CACHE / f"mermaid-{MERMAID_VERSION}.tgz") as archive:
            archive.extract("package/dist/mermaid.min.js", CACHE, filter="data")
    return script


def render(diagrams: dict[Path, str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(mermaid_script()))
        page.evaluate("mermaid.initialize({startOnLoad: false, theme: 'default'})")
        for target, code in diagrams.items():
            svg = page.evaluate(
                "async (code) => (await mermaid.render('diagram', code)).svg", code)
            target.write_text(svg + "\n", encoding="utf-8")
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
