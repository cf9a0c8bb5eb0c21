"""A zip written straight into the response: each chunk leaves as soon as it is
compressed, so a notice's replies never sit whole in memory."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

CHUNK = 64 * 1024


class _Pipe:
    """A write-only, non-seekable file: zipfile then writes data descriptors."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_stream(entries: Iterable[tuple[str, IO[bytes]]]) -> Iterator[bytes]:
    """Yield a zip of (name, open binary file) pairs; each file is closed when copied."""

    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for name, handle in entries:
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with handle, archive.open(info, "w") as target:
                while chunk := handle.read(CHUNK):
                    target.write(chunk)
                    if data := pipe.drain():
                        yield data
            yield pipe.drain()
    yield pipe.drain()
