"""The PDFs in docs/ are current: one A4 page each, the words a reader needs, Debian's
fonts only, and made from today's committed sources (docs/pdf_sources.py).

Reads the committed PDFs with pypdf and poppler-utils (pdftotext, pdffonts); it never
regenerates them, so it needs no browser.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from docs.pdf_sources import (
    DOCUMENTS,
    REGENERATE,
    ROOT,
    PdfDocument,
    recorded_digest,
    source_files,
    sources_digest,
)

A4 = (595.28, 841.89)  # points
# What each page must say, as pdftotext reads it (whitespace collapsed).
WORDS = {
    "Handout.pdf": ["Log in", "New ticket", "Create ticket", "Is it fixed?",
                    "Yes, it works: close the ticket", "No, it is still broken: reopen",
                    "red circle", "Good to know", "My account"],
    "Handout.de.pdf": ["Anmelden", "Klicken Sie", "Neues Ticket", "Ticket erstellen",
                       "Ist es behoben?", "Ja, es funktioniert: Ticket schließen",
                       "Nein, es geht noch nicht: wieder öffnen", "roter Kreis",
                       "Gut zu wissen", "Mein Konto"],
    "process-diagram.pdf": ["The service process", "User (employee)", "Support", "System",
                            "Is it fixed?", "badge", "Native: e-mail", "reopen",
                            "Sets Resolved", "Stores: Closed"],
    "Prozessdiagramm.pdf": ["Der Serviceprozess", "Anwender (Mitarbeitende)", "Support",
                            "System", "Ist es behoben?", "Glocke", "Native: E-Mail",
                            "wieder öffnen", "Setzt auf Erledigt", "Speichert: Geschlossen"],
    "overview.pdf": ["system overview", "Nano", "Micro", "Native", "Streamlit", "Flask",
                     "PostgreSQL", "User", "Support", "Administrator", "Is it fixed?"],
}
# Families of Debian's fonts-liberation, fonts-dejavu-core and fonts-noto-color-emoji.
DEBIAN_FONTS = re.compile(r"^(?:[A-Z]{6}\+)?(?:Liberation|DejaVu|NotoColorEmoji)")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils missing: ./test installs it")


def by_name(document: PdfDocument) -> str:
    return document.pdf


def test_every_pdf_has_its_words() -> None:
    assert sorted(WORDS) == sorted(document.pdf for document in DOCUMENTS)


@pytest.mark.parametrize("document", DOCUMENTS, ids=by_name)
def test_one_a4_page(document: PdfDocument) -> None:
    pages = PdfReader(document.path()).pages
    assert len(pages) == 1, f"{document.pdf} has {len(pages)} pages, not one"
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A4, abs=1), f"{document.pdf} is {size} pt, not A4 portrait"


@pytest.mark.parametrize("document", DOCUMENTS, ids=by_name)
def test_tagged_in_its_language(document: PdfDocument) -> None:
    """A screen reader finds headings, lists and tables, and reads German as German."""
    catalog = PdfReader(document.path()).trailer["/Root"]
    marked = catalog.get("/MarkInfo", {}).get("/Marked")
    assert getattr(marked, "value", None) is True, f"{document.pdf} is untagged"
    assert catalog.get("/Lang") == document.lang


@pytest.mark.parametrize("document", DOCUMENTS, ids=by_name)
def test_the_expected_words(document: PdfDocument) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(document.path()), "-"],
                          check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    missing = [word for word in WORDS[document.pdf] if word not in flat]
    assert not missing, f"{document.pdf} lacks {missing}; its text: {flat[:400]}…"


@pytest.mark.parametrize("document", DOCUMENTS, ids=by_name)
def test_only_debian_fonts_all_embedded(document: PdfDocument) -> None:
    """Text fonts by name; Skia writes the colour emoji (Noto Color Emoji) as nameless
    Type 3 fonts of bitmaps, which need no font on the reader's side either."""
    listing = subprocess.run(["pdffonts", str(document.path())], check=True,
                             capture_output=True, text=True).stdout.splitlines()[2:]
    fonts = [(line[:36].strip(), line[37:54].strip(), line[72:75].strip())
             for line in listing if line.strip()]
    names = {name for name, kind, _ in fonts if kind != "Type 3"}
    assert names, f"{document.pdf} has no text font"
    assert all(DEBIAN_FONTS.match(name) for name in names), names
    assert all(embedded == "yes" for _, _, embedded in fonts), fonts


@pytest.mark.parametrize("document", DOCUMENTS, ids=by_name)
def test_made_from_the_committed_sources(document: PdfDocument) -> None:
    metadata = PdfReader(document.path()).metadata or {}
    recorded = recorded_digest(metadata.get("/Keywords"))
    assert recorded == sources_digest(document), (
        f"docs/{document.pdf} was not generated from today's sources "
        f"({', '.join(path.relative_to(ROOT).as_posix() for path in source_files(document))})."
        f" Regenerate it: {REGENERATE}")


def test_a_changed_source_changes_the_digest(tmp_path: Path) -> None:
    """The check above can fail: one byte more in any source gives another digest."""
    document = DOCUMENTS[0]
    for path in source_files(document):
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    assert sources_digest(document, tmp_path) == sources_digest(document)
    for path in source_files(document, tmp_path):
        before = path.read_bytes()
        path.write_bytes(before + b"\n")
        assert sources_digest(document, tmp_path) != sources_digest(document), path
        path.write_bytes(before)


def test_the_handout_shows_every_step_picture() -> None:
    pictures = [path.name for path in source_files(DOCUMENTS[0]) if path.suffix == ".png"]
    assert len(pictures) == 6 and all(name.startswith("en-") for name in pictures)


def test_the_handout_pictures_are_cut_around_their_red_circle() -> None:
    """On paper the strip around the circle is shown, not the whole window."""
    from PIL import Image

    from docs.make_pdfs import CROP, focus, ring_box

    shots = ROOT / "docs" / "screenshots" / "handout"
    with Image.open(shots / "en-4-open-a-ticket.png") as window:
        ring = ring_box(window)
        assert ring is not None, "the red circle is not found by its colour"
        strip = focus(window)
    assert strip.size == CROP
    inside = ring_box(strip)
    assert inside is not None
    assert (inside[2] - inside[0], inside[3] - inside[1]) == (ring[2] - ring[0],
                                                              ring[3] - ring[1])
    with Image.open(shots / "en-6-ticket-closed.png") as window:
        assert ring_box(window) is None
        assert focus(window).size == CROP


def test_printed_markdown_carries_its_pictures_and_diagrams() -> None:
    """The page to print reads no file: pictures inline, the diagram as SVG."""
    from docs.make_pdfs import markdown_to_html

    html = markdown_to_html(DOCUMENTS[0], diagrams=[])
    assert html.count('src="data:image/png;base64,') == 6
    assert "screenshots/handout/" not in html
    diagram = markdown_to_html(DOCUMENTS[2], diagrams=["<svg>lanes</svg>"])
    assert '<figure class="diagram"><svg>lanes</svg></figure>' in diagram
    assert "```" not in diagram and "flowchart" not in diagram
