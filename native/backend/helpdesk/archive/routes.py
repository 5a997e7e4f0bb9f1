"""The archive over the API (admin only): download the whole help desk, or load one into
an empty database. Both are audited; the upload is checked completely before it writes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Response, current_app, request
from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.archive import importer
from helpdesk.archive.export import export_archive
from helpdesk.archive.format import ArchiveError, NotEmpty, timestamp
from helpdesk.archive.reader import Archive
from helpdesk.archive.schemas import ImportResult
from helpdesk.audit import service as audit
from helpdesk.database import get_session, utcnow
from helpdesk.domain import can
from helpdesk.errors import Conflict, Forbidden, Invalid, TooLarge

api = ApiBlueprint("archive", "/api/v1")
UPLOAD_FORM = {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}},
}
CHUNK = 1024 * 1024


def require_admin() -> None:
    if not can(current_user, "manage_users"):
        raise Forbidden("Only administrators may export or import the help desk.")


@api.endpoint("GET", "/admin/archive",
              summary="The whole help desk as an archive (docs/archive-format.md; admin)",
              content="application/zip")
def download_archive() -> Response:
    require_admin()
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    # Its own session: one REPEATABLE READ snapshot, begun before anything else is read.
    with current_app.extensions["db_sessionmaker"]() as session:
        manifest = export_archive(session, spool)
    audit.record(session=get_session(), action="archive.export", entity_type="archive",
                 actor=current_user, after=manifest["counts"])
    size = spool.tell()
    spool.seek(0)
    name = "helpdesk-" + timestamp(utcnow())[:10] + ".zip"
    response = Response(_chunks(spool), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(size)})
    response.call_on_close(spool.close)
    return response


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while block := spool.read(CHUNK):
            yield block
    finally:
        spool.close()


@api.endpoint("POST", "/admin/archive",
              summary="Load an archive into this empty help desk (multipart field `file`; "
                      "admin). Every session ends: sign in with an imported account.",
              response=ImportResult, form=UPLOAD_FORM)
def upload_archive() -> ImportResult:
    require_admin()
    limit = current_app.config["MAX_ARCHIVE_BYTES"]
    request.max_content_length = limit + 64 * 1024
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("Send the archive as multipart/form-data in the field `file`.",
                      fields={"file": "missing"})
    with tempfile.TemporaryFile() as spool:
        shutil.copyfileobj(upload.stream, spool, CHUNK)
        if spool.tell() > limit:
            raise TooLarge(f"An archive may have at most {limit // (1024 * 1024)} MB.")
        spool.seek(0)
        try:
            with Archive(spool) as archive:
                report = importer.load(get_session(), archive, current_app.config,
                                       actor=current_user)
                edition = archive.manifest["source_edition"]
        except NotEmpty as error:
            raise Conflict(str(error), code="database_not_empty") from None
        except ArchiveError as error:
            raise Invalid(str(error), fields={"file": str(error)},
                          code="archive_refused") from None
    return ImportResult.model_validate({"source_edition": edition, "counts": report.counts,
                                        "report": report.lines()})
