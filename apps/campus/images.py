"""Event photos judged by their content, and their thumbnails.

Pillow is not among the project's pinned packages, so the check and the thumbnail are
done here with the standard library: a JPEG's markers are walked to its frame header and
its end, a PNG's chunks are walked with their CRCs. A PNG's thumbnail is decoded,
box-averaged and encoded again; a JPEG's is the thumbnail the camera embedded in its
EXIF block (phones write one). When Pillow is installed it makes every thumbnail
instead (docs/decisions.md: 活动照片).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

NOT_AN_IMAGE = "“{name}”不是有效的图片（按文件内容判断），请上传 JPG 或 PNG 格式的照片。"
TOO_LARGE = "照片“{name}”超过 {limit}，请压缩后再上传。"
TOO_MANY_PIXELS = "照片“{name}”的尺寸过大（{width}×{height}），请缩小后再上传。"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 50_000_000  # a decompression bomb stops here, whatever its file size
THUMB_SIZE = 320
# PNGs above this are not decoded in Python for a thumbnail (about a second at 2 MP).
PNG_THUMB_MAX_PIXELS = 2_000_000


class ImageRejected(ValueError):
    pass


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "jpeg" | "png"
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return f"image/{self.format}"

    @property
    def extension(self) -> str:
        return ".jpg" if self.format == "jpeg" else ".png"


def inspect(data: bytes) -> ImageInfo:
    """The image's format and size, or ImageRejected when the bytes are no whole JPEG or
    PNG (a renamed document, a truncated upload)."""

    if data.startswith(b"\xff\xd8\xff"):
        return _inspect_jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _inspect_png(data)
    raise ImageRejected("not an image")


def _inspect_jpeg(data: bytes) -> ImageInfo:
    pos, size = 2, None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageRejected("bad marker")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            raise ImageRejected("truncated segment")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the entropy-coded data follows to the end
            break
        pos += 2 + length
    else:
        raise ImageRejected("no scan")
    if size is None or not all(size):
        raise ImageRejected("no frame")
    if b"\xff\xd9" not in data[-64:]:
        raise ImageRejected("no end of image")
    return _checked(ImageInfo("jpeg", *size))


def _png_chunks(data: bytes):
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise ImageRejected("truncated chunk")
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ImageRejected("bad crc")
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + length
    raise ImageRejected("no IEND")


def _inspect_png(data: bytes) -> ImageInfo:
    chunks = _png_chunks(data)
    kind, body = next(chunks)
    if kind != b"IHDR" or len(body) != 13:
        raise ImageRejected("no IHDR")
    width, height = struct.unpack(">II", body[:8])
    has_data = False
    for kind, _ in chunks:
        has_data = has_data or kind == b"IDAT"
    if not has_data or not width or not height:
        raise ImageRejected("no image data")
    return _checked(ImageInfo("png", width, height))


def _checked(info: ImageInfo) -> ImageInfo:
    if info.width * info.height > MAX_PIXELS:
        raise ImageRejected("too many pixels")
    return info


# -- thumbnails -------------------------------------------------------------------------


def thumbnail(data: bytes, info: ImageInfo) -> tuple[bytes, str] | None:
    """(bytes, extension) of a thumbnail at most THUMB_SIZE wide and high, or None when
    none can be made here (the photo page then shows the photo itself, scaled)."""

    try:
        from PIL import Image  # optional: not pinned (see the module's docstring)
    except ImportError:
        Image = None
    if Image is not None:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((THUMB_SIZE, THUMB_SIZE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue(), ".jpg"
    try:
        if info.format == "png":
            return _png_thumbnail(data, info), ".png"
        embedded = _exif_thumbnail(data)
        return (embedded, ".jpg") if embedded else None
    except (ImageRejected, zlib.error, struct.error, IndexError):
        return None


def _exif_thumbnail(data: bytes) -> bytes | None:
    """The JPEG thumbnail in the EXIF APP1 segment's IFD1, if the camera wrote one."""

    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker == 0xE1 and data[pos + 4 : pos + 10] == b"Exif\x00\x00":
            tiff = data[pos + 10 : pos + 2 + length]
            order = "<" if tiff[:2] == b"II" else ">"
            (ifd0,) = struct.unpack(order + "I", tiff[4:8])
            (count,) = struct.unpack(order + "H", tiff[ifd0 : ifd0 + 2])
            (ifd1,) = struct.unpack(order + "I", tiff[ifd0 + 2 + 12 * count : ifd0 + 6 + 12 * count])
            if not ifd1:
                return None
            (count,) = struct.unpack(order + "H", tiff[ifd1 : ifd1 + 2])
            offset = size = None
            for i in range(count):
                tag, _, _, value = struct.unpack(order + "HHII", tiff[ifd1 + 2 + 12 * i : ifd1 + 14 + 12 * i])
                if tag == 0x0201:
                    offset = value
                elif tag == 0x0202:
                    size = value
            if offset and size:
                thumb = tiff[offset : offset + size]
                return thumb if thumb.startswith(b"\xff\xd8") else None
            return None
        if marker == 0xDA:
            return None
        pos += 2 + length
    return None


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # grey, RGB, grey+alpha, RGBA


def _png_thumbnail(data: bytes, info: ImageInfo) -> bytes:
    chunks = list(_png_chunks(data))
    header = chunks[0][1]
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace or width * height > PNG_THUMB_MAX_PIXELS:
        raise ImageRejected("not decoded here")
    channels = _CHANNELS[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        _unfilter(kind, line, previous, channels)
        rows.append(line)
        previous = line
    scale = max(width, height) / THUMB_SIZE
    if scale <= 1:
        return data
    out_w, out_h = max(1, int(width / scale)), max(1, int(height / scale))
    out_rows = []
    for y in range(out_h):
        source = rows[min(height - 1, int((y + 0.5) * scale))]
        line = bytearray()
        for x in range(out_w):
            start = min(width - 1, int((x + 0.5) * scale)) * channels
            pixel = source[start : start + channels]
            if channels in (2, 4):  # white behind transparency, then drop alpha
                alpha = pixel[-1]
                pixel = bytes(255 - ((255 - c) * alpha) // 255 for c in pixel[:-1])
            line += pixel
        out_rows.append(bytes(line))
    out_channels = 3 if channels == 4 else 1 if channels == 2 else channels
    return encode_png(out_w, out_h, out_rows, colour=2 if out_channels == 3 else 0)


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    if kind == 0:
        return
    n = len(line)
    if kind == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(n):
            line[i] = (line[i] + previous[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    else:
        raise ImageRejected("bad filter")


def encode_png(width: int, height: int, rows: list[bytes], *, colour: int = 2) -> bytes:
    """A plain 8-bit PNG (colour 2 = RGB, 0 = grey) from its rows: thumbnails, and the
    demo's generated photos."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def generated_photo(width: int, height: int, seed: int) -> bytes:
    """A small made-up picture (a sky, a field and a flag-red band) for the demo and the
    tests: never a copy of anyone's photograph."""

    sky = ((70 + seed * 37) % 120 + 100, (120 + seed * 53) % 100 + 140, 230)
    field = (60 + seed * 11 % 60, 150 + seed * 7 % 60, 70)
    rows = []
    for y in range(height):
        line = bytearray()
        for x in range(width):
            if abs(y - height // 3) < max(2, height // 20) and x < width * 2 // 3:
                line += bytes((200, 30, 40))
            elif y < height // 2:
                line += bytes(min(255, c + (x * 30) // width) for c in sky)
            else:
                line += bytes(field)
        rows.append(bytes(line))
    return encode_png(width, height, rows)
