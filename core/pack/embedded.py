"""The pack's attached files as WeasyPrint embeds them, without their text in memory.

WeasyPrint embeds a file from its whole text, and holds every file's text until the
PDF is written: for a large council, hundreds of megabytes. So WeasyPrint is given each
file empty, and its finisher (called just before the PDF is written) gives each file's
place the file: its bytes deflated already (:mod:`scrutiny.pack.deflated`, as pydyf
would deflate the text), its size and its MD5 checksum. The PDF written is the one
WeasyPrint would have written from the whole text, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from scrutiny.pack.attachments import PackAttachment


def embedded(attachments: Sequence[PackAttachment], when: dt.datetime) -> dict[str, Any]:
    """WeasyPrint's ``write_pdf`` options that embed ``attachments``, dated ``when`` (the
    run's start, in UTC, so the bytes repeat)."""
    from weasyprint import Attachment  # imported here: slow to import, and only PDFs need it

    by_name = {a.name: a for a in attachments}

    def fill_in(_document: Any, pdf: Any) -> None:
        """Each empty file's stream (a ``pydyf.Stream``) made the file's deflated bytes."""
        for spec in pdf.objects:
            if isinstance(spec, dict) and spec.get("Type") == "/Filespec":
                attachment = by_name.get(spec["UF"].string)
                if attachment is not None:
                    _fill(pdf.objects[int(spec["EF"]["F"].split()[0])], attachment)

    return {
        "attachments": [
            Attachment(
                file_obj=io.BytesIO(b""),
                name=a.name,
                description=a.description,
                created=when,
                modified=when,
                relationship="Data",  # PDF/A-3: the data the document's pages present
            )
            for a in attachments
        ],
        "finisher": fill_in,
    }


def _fill(stream: Any, attachment: PackAttachment) -> None:
    """pydyf writes a stream it deflates as ``extra``, then ``/Filter``, then ``/Length``
    and the deflated bytes: so does this, already deflated."""
    stream.stream = [attachment.deflated.data]
    stream.compress = False
    stream.extra["Filter"] = "/FlateDecode"
    stream.extra["Params"]["CheckSum"] = f"<{attachment.deflated.md5}>"
    stream.extra["Params"]["Size"] = attachment.size
