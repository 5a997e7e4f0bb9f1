"""What a file really is, decided by its bytes (never by its name or the sent type).

Only a short allow-list passes. Markup anywhere in a file (an HTML page behind a PNG
header, an SVG) is refused, so nothing uploaded can run in a browser.
"""

from __future__ import annotations

import re

MARKUP = re.compile(rb"<\s*(script|html|svg|body|iframe|object|embed|\?xml|!doctype)|"
                    rb"javascript:", re.IGNORECASE)


def _png(data: bytes) -> bool:
    return (data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
            and data.endswith(b"IEND\xaeB`\x82"))


def _jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00").endswith(b"\xff\xd9")


def _gif(data: bytes) -> bool:
    return data[:6] in (b"GIF87a", b"GIF89a") and data.endswith(b";")


def _pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CHECKS = (
    ("image/png", _png), ("image/jpeg", _jpeg), ("image/gif", _gif),
    ("application/pdf", _pdf), ("text/plain", _text),
)


def detect(data: bytes) -> str | None:
    """The content type of an allowed file, or None for anything else."""
    if not data or MARKUP.search(data):
        return None
    for content_type, check in CHECKS:
        if check(data):
            return content_type
    return None
