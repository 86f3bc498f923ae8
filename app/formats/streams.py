"""The two stream shapes the format code needs: anything with `read`, anything with `write`.

Files, `io.BytesIO`, the age `Decryptor`/`Encryptor` and the hashing wrappers all fit, so
the layers stack (file → age → tar) without copying whole files into memory.
"""

from __future__ import annotations

from typing import Protocol


class ReadStream(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class WriteStream(Protocol):
    def write(self, data: bytes | bytearray | memoryview, /) -> int | None: ...
