"""Uploads are judged by their content, never by their name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError

# An .xlsx is a zip: cap what it unpacks to before anything parses it (zip bombs).
XLSX_MAX_MEMBERS = 200
XLSX_MAX_UNPACKED = 100 * 1024 * 1024

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls
ZIP_MAGIC = b"PK\x03\x04"


def _zip_members(upload) -> list[zipfile.ZipInfo] | None:
    upload.seek(0)
    if upload.read(4) != ZIP_MAGIC:
        upload.seek(0)
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        members = None
    upload.seek(0)
    return members


def check_zip_limits(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > XLSX_MAX_MEMBERS or sum(m.file_size for m in members) > XLSX_MAX_UNPACKED:
        raise ValidationError("文件解压后过大或包含的文件过多，已拒绝。")


def check_xlsx(upload) -> None:
    members = _zip_members(upload)
    names = {m.filename for m in members or ()}
    if members is None or "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ValidationError("文件不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后重新上传。")
    check_zip_limits(members)


def sniff_document(upload) -> str | None:
    """The attachment's real type: pdf, docx, xlsx, doc/xls (OLE), ofd, or None."""

    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    members = _zip_members(upload)
    if members is None:
        return None
    check_zip_limits(members)
    names = {m.filename for m in members}
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return None
