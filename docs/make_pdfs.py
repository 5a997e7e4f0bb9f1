"""Print the handouts, the process diagrams and the overview in docs/ to A4 PDFs.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python docs/make_pdfs.py                 # all five
    .venv/bin/python docs/make_pdfs.py Handout.pdf     # only the ones named

Each PDF is made from committed sources only (docs/pdf_sources.py lists them): its
Markdown, the print template and stylesheet in docs/print/, the pictures the Markdown
shows and, for the diagrams, Mermaid (docs/render_diagrams.py). Debian's Chromium prints
it with Playwright's `page.pdf`; the fonts are Debian's (fonts-liberation, fonts-dejavu,
fonts-noto-color-emoji). The handout's screenshots are cropped around their red circle
so the button to click is large enough on paper. pypdf then writes the SHA-256 of the
sources into the PDF's Keywords, which tests/contract/test_pdfs.py compares with today's.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import logging
import sys
from pathlib import Path
from string import Template

from markdown_it import MarkdownIt
from PIL import Image, ImageChops
from playwright.sync_api import Page, sync_playwright
from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docs.pdf_sources import (
    DOCS,
    DOCUMENTS,
    KEYWORD,
    ROOT,
    STYLESHEET,
    TEMPLATE,
    PdfDocument,
    source_files,
    sources_digest,
)
from docs.render_diagrams import BLOCK, draw, load_mermaid
from docs.screenshots import CHROMIUM_FLAGS, RING_COLOR
from tests.nano.driver import CHROMIUM

# A handout picture shows this much of the 1280 × 800 window around the red circle.
CROP = (960, 290)
RING_TOLERANCE = 14


def ring_box(picture: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the red circle's pixels, or None for a picture without one."""
    bands = [band.point(lambda value, want=want: 255 if abs(value - want) <= RING_TOLERANCE
                        else 0)
             for band, want in zip(picture.convert("RGB").split(), RING_COLOR, strict=True)]
    return ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2]).getbbox()


def focus(picture: Image.Image) -> Image.Image:
    """The CROP-sized part of the picture centred on its circle (the top left without
    one), moved inside the picture where the circle is near an edge."""
    width, height = CROP
    box = ring_box(picture)
    if box is None:
        return picture.crop((0, 0, width, height))
    centre_x, centre_y = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    left = min(max(0, centre_x - width // 2), picture.width - width)
    top = min(max(0, centre_y - height // 2), picture.height - height)
    return picture.crop((left, top, left + width, top + height))


def data_uri(path: Path, *, cropped: bool) -> str:
    """The picture inside the page, so printing reads no file and the PDF is whole."""
    png = path.read_bytes()
    if cropped:
        buffer = io.BytesIO()
        with Image.open(path) as picture:
            focus(picture).save(buffer, format="PNG", optimize=True)
        png = buffer.getvalue()
    return "data:image/png;base64," + base64.b64encode(png).decode()


def markdown_to_html(document: PdfDocument, diagrams: list[str]) -> str:
    """The document's Markdown as HTML: pictures inlined (the handout's cropped), Mermaid
    blocks replaced by the SVGs in `diagrams`, in order."""
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    svgs = iter(diagrams)

    def picture(self, tokens, index, options, env) -> str:
        token = tokens[index]
        token.attrSet("src", data_uri(DOCS / str(token.attrGet("src")),
                                      cropped=document.layout == "handout"))
        return self.image(tokens, index, options, env)

    def fence(self, tokens, index, options, env) -> str:
        if tokens[index].info.strip() == "mermaid":
            return f'<figure class="diagram">{next(svgs)}</figure>\n'
        return self.fence(tokens, index, options, env)

    renderer.add_render_rule("image", picture)
    renderer.add_render_rule("fence", fence)
    return renderer.render(document.source().read_text(encoding="utf-8"))


def page_html(document: PdfDocument, body: str) -> str:
    title = next(line.lstrip("# ").strip() for line in
                 document.source().read_text(encoding="utf-8").splitlines()
                 if line.startswith("# "))
    return Template((DOCS / TEMPLATE).read_text(encoding="utf-8")).substitute(
        lang=document.lang, title=html.escape(title), layout=document.layout,
        stylesheet=(DOCS / STYLESHEET).read_text(encoding="utf-8"), body=body)


def print_pdf(page: Page, markup: str) -> bytes:
    page.set_content(markup)
    page.evaluate("() => document.fonts.ready")
    # Tagged: headings, lists and tables stay structure for screen readers.
    return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)


def stamp(pdf: bytes, document: PdfDocument) -> bytes:
    """Record where the PDF comes from: the sources' digest in Keywords, their names in
    Subject. Chromium maps only <title> to the PDF's metadata, so pypdf writes these."""
    # Skia's trailer counts fewer objects than it writes; pypdf mends that and logs it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    names = ", ".join(path.relative_to(ROOT).as_posix() for path in source_files(document))
    writer.add_metadata({
        "/Keywords": f"{KEYWORD}{sources_digest(document)}",
        "/Subject": f"Generated by docs/make_pdfs.py from {names}",
    })
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make(documents: tuple[PdfDocument, ...] = DOCUMENTS) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        drawing, printing = browser.new_page(), browser.new_page()
        load_mermaid(drawing)
        for document in documents:
            codes = BLOCK.findall(document.source().read_text(encoding="utf-8"))
            markup = page_html(document, markdown_to_html(
                document, [draw(drawing, code) for code in codes]))
            pdf = stamp(print_pdf(printing, markup), document)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            document.path().write_bytes(pdf)
            print(f"wrote {document.path().relative_to(ROOT)} ({pages} page(s))")
            if pages != 1:
                raise SystemExit(f"{document.pdf} must fit on one page; shorten "
                                 f"{document.markdown} or tighten docs/{STYLESHEET}.")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = [document.pdf for document in DOCUMENTS]
    parser.add_argument("pdfs", nargs="*", metavar="PDF",
                        help=f"only these ({', '.join(names)}); all without one")
    wanted = parser.parse_args().pdfs or names
    if unknown := sorted(set(wanted) - set(names)):
        parser.error(f"no such PDF: {', '.join(unknown)} (choose from {', '.join(names)})")
    make(tuple(document for document in DOCUMENTS if document.pdf in wanted))


if __name__ == "__main__":
    main()
