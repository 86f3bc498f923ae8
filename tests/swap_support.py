"""A fake /proc and /sys tree laid out as Linux lays them out (class/block and dev/block
are links into devices/), for `app.store.swap`'s tests."""

from __future__ import annotations

from pathlib import Path

HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"


class Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.numbers = 0
        for folder in ("proc", "sys/class/block", "sys/dev/block", "dev/mapper", "sys/power"):
            (root / folder).mkdir(parents=True, exist_ok=True)

    def swaps(self, *areas: tuple[str, str]) -> None:
        lines = [f"{name}\t{kind}\t1048572\t0\t-2\n" for name, kind in areas]
        (self.root / "proc/swaps").write_text(HEADER + "".join(lines))

    def mounts(self, *mounts: tuple[str, str, str]) -> None:
        """(mount point, MAJ:MIN, source)."""
        lines = [
            f"{n + 21} 1 {numbers} / {point} rw,relatime shared:1 - ext4 {source} rw\n"
            for n, (point, numbers, source) in enumerate(mounts)
        ]
        (self.root / "proc/self").mkdir(parents=True, exist_ok=True)
        (self.root / "proc/self/mountinfo").write_text("".join(lines))

    def device(
        self,
        name: str,
        *,
        disk: str | None = None,
        uuid: str | None = None,
        slaves: tuple[str, ...] = (),
        numbers: str | None = None,
    ) -> str:
        """A block device: a partition of `disk`, a dm device (`uuid`), or a disk."""
        if disk is not None:
            folder = self.root / "sys/devices/pci0000:00/block" / disk / name
            folder.mkdir(parents=True)
            (folder / "partition").write_text("2\n")
        else:
            where = "virtual" if uuid is not None or name.startswith("zram") else "pci0000:00"
            folder = self.root / "sys/devices" / where / "block" / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "slaves").mkdir()
            for slave in slaves:
                (folder / "slaves" / slave).symlink_to(f"../../{slave}")
            if uuid is not None:
                (folder / "dm").mkdir()
                (folder / "dm/uuid").write_text(uuid + "\n")
        self.numbers += 1
        numbers = numbers or f"254:{self.numbers}"
        (folder / "dev").write_text(numbers + "\n")
        (self.root / "sys/class/block" / name).symlink_to(folder)
        (self.root / "sys/dev/block" / numbers).symlink_to(folder)
        (self.root / "dev" / name).write_text("")
        return numbers


def luks_partition(tree: Tree) -> None:
    tree.device("sda", slaves=())
    tree.device("sda3", disk="sda")
    tree.device("dm-0", uuid="CRYPT-LUKS2-0b1c9e6f6d2d4c3e-cryptswap", slaves=("sda3",))
    (tree.root / "dev/mapper/cryptswap").symlink_to("../dm-0")
