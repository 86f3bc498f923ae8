"""The age v1 header: strict parsing and encoding (https://age-encryption.org/v1).

Every rule of the specification is enforced: the exact version line, stanzas of
`-> type args…` with non-empty printable arguments, bodies in canonical unpadded base64
wrapped at 64 columns and ended by a shorter line, and the `--- MAC` line. Anything else
is `Damaged` (the spec's "header failure"); an end of file inside the header is
`Truncated`; a file that does not start like an age file is `NotRecognised`.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from app.formats.errors import Damaged, NotRecognised, Truncated, UnsupportedFormat
from app.formats.streams import ReadStream
from app.i18n import N_

VERSION_LINE = b"age-encryption.org/v1"
INTENT = b"age-encryption.org/"
MAX_HEADER = 1024 * 1024
MAX_LINE = 16 * 1024
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def b64decode(text: str | bytes) -> bytes | None:
    """Canonical unpadded standard base64, or None."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    if not _BASE64.fullmatch(raw) or len(raw) % 4 == 1:
        return None
    data = base64.b64decode(raw + b"=" * (-len(raw) % 4))
    return data if b64encode(data).encode("ascii") == raw else None


@dataclass(frozen=True)
class Stanza:
    type: str
    args: tuple[str, ...]
    body: bytes

    def encode(self) -> bytes:
        text = b64encode(self.body)
        lines = [text[i : i + 64] for i in range(0, len(text), 64)]
        if not lines or len(lines[-1]) == 64:
            lines.append("")
        return ("-> " + " ".join((self.type, *self.args)) + "\n" + "\n".join(lines) + "\n").encode(
            "ascii"
        )


@dataclass(frozen=True)
class Header:
    stanzas: tuple[Stanza, ...]
    mac_input: bytes
    """The header bytes from the version line through `---` (what the MAC covers)."""
    mac: bytes
    rest: bytes
    """Bytes read from the source after the header (the start of the payload)."""


class _Lines:
    def __init__(self, src: ReadStream, what: str) -> None:
        self.src = src
        self.what = what
        self.buffer = b""
        self.position = 0
        self.consumed = 0

    def fill(self) -> bool:
        block = self.src.read(4096)
        if not block:
            return False
        self.buffer += block
        return True

    def line(self) -> bytes:
        """The next line without its `\\n`."""
        while True:
            end = self.buffer.find(b"\n", self.position)
            if end >= 0:
                break
            if len(self.buffer) - self.position > MAX_LINE or len(self.buffer) > MAX_HEADER:
                raise Damaged(what=self.what, detail=N_("the header is malformed"))
            if not self.fill():
                raise Truncated(what=self.what, detail=N_("the file ends inside its header"))
        line = self.buffer[self.position : end]
        self.position = end + 1
        if self.position > MAX_HEADER:
            raise Damaged(what=self.what, detail=N_("the header is malformed"))
        return line


def _printable(arg: bytes) -> bool:
    return bool(arg) and all(0x21 <= c <= 0x7E for c in arg)


def parse_header(src: ReadStream, what: str) -> Header:
    """Read and check the header of the age file `src` (its MAC is checked by the caller)."""
    lines = _Lines(src, what)
    while len(lines.buffer) < len(VERSION_LINE) + 1 and lines.fill():
        pass
    start = lines.buffer[: len(VERSION_LINE) + 1]
    if not start:
        raise Truncated(what=what, detail=N_("the file is empty"))
    if not (VERSION_LINE + b"\n").startswith(start) and not start.startswith(INTENT):
        raise NotRecognised(what=what, detail=N_("it is not an age encrypted file"))
    if start.startswith(INTENT) and not (VERSION_LINE + b"\n").startswith(start):
        raise UnsupportedFormat(what=what, detail=N_("an unknown age version"))
    if lines.line() != VERSION_LINE:
        raise UnsupportedFormat(what=what, detail=N_("an unknown age version"))
    malformed = Damaged(what=what, detail=N_("the header is malformed"))
    stanzas: list[Stanza] = []
    while True:
        line = lines.line()
        if line.startswith(b"---"):
            if not line.startswith(b"--- ") or not stanzas:
                raise malformed
            mac = b64decode(line[4:])
            if mac is None or len(mac) != 32:
                raise malformed
            mac_end = lines.position - len(line) - 1 + 3
            return Header(
                tuple(stanzas), lines.buffer[:mac_end], mac, lines.buffer[lines.position :]
            )
        if not line.startswith(b"-> "):
            raise malformed
        words = line[3:].split(b" ")
        if not all(_printable(word) for word in words):
            raise malformed
        body_lines = []
        while True:
            body_line = lines.line()
            if len(body_line) > 64 or not _BASE64.fullmatch(body_line):
                raise malformed
            body_lines.append(body_line)
            if len(body_line) < 64:
                break
        body = b64decode(b"".join(body_lines))
        if body is None:
            raise malformed
        text = [word.decode("ascii") for word in words]
        stanzas.append(Stanza(text[0], tuple(text[1:]), body))
