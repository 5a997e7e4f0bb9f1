"""A one-line progress bar on stderr, shared by the benchmark scripts' seeding steps."""

import sys


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r  {label:<22} [{'#' * filled}{'.' * (width - filled)}] "
                     f"{done:>9,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
