"""Which committed files each PDF in docs/ is generated from, and their SHA-256.

`docs/make_pdfs.py` writes the digest into each PDF's Keywords; the contract test
recomputes it from today's files, so a source changed without a regenerated PDF is found.
Pure standard library: the test imports this module without a browser.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The print template and stylesheet, relative to docs/.
TEMPLATE = "print/template.html"
STYLESHEET = "print/print.css"
# Mermaid is fetched by version (docs/render_diagrams.py); the version is a source too.
MERMAID_VERSION = "11.17.2"
REGENERATE = ".venv/bin/python docs/make_pdfs.py"
KEYWORD = "sources-sha256="
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class PdfDocument:
    """One A4 page: its Markdown source, language and layout."""

    pdf: str  # file name in docs/
    markdown: str  # file name in docs/
    lang: str
    layout: str  # a class on <body> that print.css styles: handout, diagram, overview

    def path(self, root: Path = ROOT) -> Path:
        return root / "docs" / self.pdf

    def source(self, root: Path = ROOT) -> Path:
        return root / "docs" / self.markdown

    def has_diagram(self, root: Path = ROOT) -> bool:
        return "```mermaid" in self.source(root).read_text(encoding="utf-8")


DOCUMENTS = (
    PdfDocument("Handout.pdf", "handout.md", "en", "handout"),
    PdfDocument("Handout.de.pdf", "handout.de.md", "de", "handout"),
    PdfDocument("process-diagram.pdf", "service-process.md", "en", "diagram"),
    PdfDocument("Prozessdiagramm.pdf", "service-process.de.md", "de", "diagram"),
    PdfDocument("overview.pdf", "system-overview.md", "en", "overview"),
)


def source_files(document: PdfDocument, root: Path = ROOT) -> list[Path]:
    """The Markdown, the template, the stylesheet and every picture the Markdown shows."""
    docs = root / "docs"
    text = document.source(root).read_text(encoding="utf-8")
    pictures = [docs / target for target in IMAGE.findall(text)]
    return sorted({document.source(root), docs / TEMPLATE, docs / STYLESHEET, *pictures})


def sources_digest(document: PdfDocument, root: Path = ROOT) -> str:
    """SHA-256 over the sorted list of (file SHA-256, path) lines, plus Mermaid's version
    for a diagram; paths relative to `root`, so a copied tree gives the same digest."""
    lines = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  "
             f"{path.relative_to(root).as_posix()}" for path in source_files(document, root)]
    if document.has_diagram(root):
        lines.append(f"mermaid@{MERMAID_VERSION}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def recorded_digest(keywords: str | None) -> str | None:
    """The digest a PDF's Keywords field carries (None when it has none)."""
    for word in (keywords or "").split():
        if word.startswith(KEYWORD):
            return word.removeprefix(KEYWORD)
    return None
