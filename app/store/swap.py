"""Is this machine's swap safe for testimony? (README, "Memory and swap".)

SQLCipher asks the system to keep SQLite's memory out of swap (`mlock`), but an ordinary
account may lock only a little (8 MiB on Debian and Ubuntu): the rest of the decrypted
pages can be written to swap as they are. So the swap must be encrypted, or in memory
(zram), or absent; and hibernation must not write memory to an unencrypted disk.

Linux only, read from `/proc` and `/sys` under `root` (tests give a fake tree):
- `/proc/swaps` lists the swap areas. A partition is looked up in `/sys/class/block`; a
  swap file is as safe as the block device of the file system it lives on (the mount that
  holds it in `/proc/self/mountinfo`).
- A device-mapper device whose uuid (`dm/uuid`) starts with `CRYPT-` is dm-crypt (LUKS, or
  plain dm-crypt with a random key); integrity-only mappings (`CRYPT-INTEGRITY-`,
  `CRYPT-VERITY-`, `CRYPT-SUBDEV-`) are not encryption. Any other device is as safe as
  every device under it (`slaves/`: LVM on LUKS, RAID), a partition as its disk; a disk
  with nothing under it is not encrypted. `zram` is memory.
- Hibernation: the device in `/sys/power/resume`, or the `resume=` of `/proc/cmdline`.
Anything unreadable is UNKNOWN, and so is every other platform: never a guess.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.i18n import _

MAX_DEPTH = 8
"""Devices stacked deeper than this are not followed (a loop in a broken tree)."""

NOT_ENCRYPTION = ("CRYPT-INTEGRITY-", "CRYPT-VERITY-", "CRYPT-SUBDEV-")


class Protection(Enum):
    """How a swap area (or the whole machine's swap) keeps what is written to it."""

    ENCRYPTED = "encrypted"
    IN_MEMORY = "in memory"
    NONE = "none"
    NOT_ENCRYPTED = "not encrypted"
    UNKNOWN = "unknown"

    @property
    def safe(self) -> bool:
        return self in (Protection.ENCRYPTED, Protection.IN_MEMORY, Protection.NONE)


@dataclass(frozen=True)
class SwapArea:
    name: str
    """As `/proc/swaps` names it: a device or a file."""
    protection: Protection


@dataclass(frozen=True)
class SwapCheck:
    protection: Protection
    """The whole machine: NOT_ENCRYPTED if any area (or hibernation) is, else UNKNOWN if
    any cannot be told, else ENCRYPTED, IN_MEMORY or NONE."""
    areas: tuple[SwapArea, ...] = ()
    hibernation: Protection | None = None
    """The resume device's protection; None when hibernation has no device."""


def worst(protections: list[Protection]) -> Protection:
    """NOT_ENCRYPTED before UNKNOWN before ENCRYPTED before IN_MEMORY; NONE if empty."""
    for candidate in (
        Protection.NOT_ENCRYPTED,
        Protection.UNKNOWN,
        Protection.ENCRYPTED,
        Protection.IN_MEMORY,
    ):
        if candidate in protections:
            return candidate
    return Protection.NONE


def check_swap(root: Path = Path("/"), platform: str = sys.platform) -> SwapCheck:
    """This machine's swap and hibernation, read under `root`."""
    if not platform.startswith("linux"):
        return SwapCheck(Protection.UNKNOWN)
    root = Path(root)
    try:
        lines = (root / "proc/swaps").read_text(encoding="utf-8").splitlines()[1:]
    except (OSError, UnicodeDecodeError):
        return SwapCheck(Protection.UNKNOWN)
    areas: list[SwapArea] = []
    for line in lines:
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = _unescape(fields[0]), fields[1]
        if kind == "file":
            protection = _file_protection(root, name)
        else:
            protection = _path_protection(root, name)
        areas.append(SwapArea(name, protection))
    hibernation = _hibernation(root)
    found = [area.protection for area in areas]
    if hibernation is not None:
        found.append(hibernation)
    return SwapCheck(worst(found), tuple(areas), hibernation)


def warning(check: SwapCheck) -> str | None:
    """What to tell the interviewer when testimony could reach a disk unencrypted."""
    if check.protection is not Protection.NOT_ENCRYPTED:
        return None
    if any(area.protection is Protection.NOT_ENCRYPTED for area in check.areas):
        return _(
            "This laptop's swap is not encrypted: parts of the testimony held in memory "
            "could be written to the disk unencrypted. Ask your IT contact to encrypt the "
            "swap or turn it off (full-disk encryption does both)."
        )
    return _(
        "This laptop hibernates to a disk that is not encrypted: the testimony held in "
        "memory could be written to it unencrypted. Ask your IT contact to encrypt that "
        "disk or turn hibernation off (full-disk encryption encrypts it)."
    )


# -- reading /proc and /sys -------------------------------------------------------------


def _unescape(text: str) -> str:
    """/proc writes a space, tab, newline or backslash in a path as \\040-style octal."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def _under(root: Path, path: str) -> Path:
    return root / path.lstrip("/")


def _path_protection(root: Path, device: str) -> Protection:
    """A block device named by its path (`/dev/sda2`, `/dev/mapper/cryptswap`)."""
    try:
        name = _under(root, device).resolve(strict=True).name
    except (OSError, RuntimeError):
        return Protection.UNKNOWN
    return _device_protection(root, name, 0)


def _numbers_protection(root: Path, numbers: str) -> Protection:
    """A block device named by `MAJ:MIN`."""
    try:
        name = (root / "sys/dev/block" / numbers).resolve(strict=True).name
    except (OSError, RuntimeError):
        return Protection.UNKNOWN
    return _device_protection(root, name, 0)


def _device_protection(root: Path, name: str, depth: int) -> Protection:
    if name.startswith("zram"):
        return Protection.IN_MEMORY
    if depth > MAX_DEPTH or name.startswith("loop"):  # a loop device's file: not followed
        return Protection.UNKNOWN
    block = root / "sys/class/block" / name
    if not block.is_dir():
        return Protection.UNKNOWN
    try:
        if (block / "dm").is_dir():
            uuid = (block / "dm/uuid").read_text(encoding="utf-8").strip()
            if uuid.startswith("CRYPT-") and not uuid.startswith(NOT_ENCRYPTION):
                return Protection.ENCRYPTED
        if (block / "partition").is_file():  # a partition is as safe as its disk
            return _device_protection(root, block.resolve().parent.name, depth + 1)
        below = sorted(entry.name for entry in (block / "slaves").iterdir())
    except (OSError, UnicodeDecodeError):
        return Protection.UNKNOWN
    if not below:
        return Protection.NOT_ENCRYPTED
    return worst([_device_protection(root, slave, depth + 1) for slave in below])


def _file_protection(root: Path, path: str) -> Protection:
    """A swap file: the device of the mount that holds it."""
    try:
        lines = (root / "proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Protection.UNKNOWN
    best: tuple[int, str, str] | None = None
    for line in lines:
        fields = line.split()
        if "-" not in fields or len(fields) < 5:
            continue
        after = fields[fields.index("-") + 1 :]
        mount_point, numbers = _unescape(fields[4]), fields[2]
        source = after[1] if len(after) > 1 else ""
        inside = mount_point == "/" or path == mount_point or path.startswith(mount_point + "/")
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), numbers, _unescape(source))
    if best is None:
        return Protection.UNKNOWN
    _length, numbers, source = best
    if (root / "sys/dev/block" / numbers).exists():
        return _numbers_protection(root, numbers)
    if source.startswith("/dev/"):  # btrfs shows an anonymous 0:N; its source is the disk
        return _path_protection(root, source)
    return Protection.UNKNOWN


def _hibernation(root: Path) -> Protection | None:
    """The resume device's protection, or None when hibernation has none."""
    try:
        numbers = (root / "sys/power/resume").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        numbers = ""
    if numbers and numbers != "0:0":
        return _numbers_protection(root, numbers)
    try:
        cmdline = (root / "proc/cmdline").read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return None
    resume = [item.split("=", 1)[1] for item in cmdline if item.startswith("resume=")]
    if not resume or not resume[-1]:
        return None
    target = resume[-1]
    if target.startswith("UUID="):
        return _path_protection(root, "/dev/disk/by-uuid/" + target.removeprefix("UUID="))
    if target.startswith("PARTUUID="):
        return _path_protection(root, "/dev/disk/by-partuuid/" + target.removeprefix("PARTUUID="))
    if target.startswith("/dev/"):
        return _path_protection(root, target)
    if re.fullmatch(r"\d+:\d+", target):
        return _numbers_protection(root, target)
    return Protection.UNKNOWN
