"""`app.store.swap`: is the swap safe for testimony? Read from a fake /proc and /sys tree
laid out as Linux lays them out (class/block and dev/block are links into devices/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store.swap import Protection, check_swap, warning
from tests.swap_support import Tree, luks_partition


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


def test_swap_on_an_encrypted_partition_is_safe(tree: Tree) -> None:
    luks_partition(tree)
    tree.swaps(("/dev/mapper/cryptswap", "partition"))
    check = check_swap(tree.root, "linux")
    assert check.protection is Protection.ENCRYPTED
    assert check.protection.safe
    assert [(a.name, a.protection) for a in check.areas] == [
        ("/dev/mapper/cryptswap", Protection.ENCRYPTED)
    ]
    assert warning(check) is None


def test_swap_on_plain_dm_crypt_with_a_random_key_is_safe(tree: Tree) -> None:
    tree.device("sda")
    tree.device("sda2", disk="sda")
    tree.device("dm-0", uuid="CRYPT-PLAIN-swap", slaves=("sda2",))
    tree.swaps(("/dev/dm-0", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.ENCRYPTED


def test_swap_on_a_plain_partition_is_not_encrypted(tree: Tree) -> None:
    tree.device("sda")
    tree.device("sda2", disk="sda")
    tree.swaps(("/dev/sda2", "partition"))
    check = check_swap(tree.root, "linux")
    assert check.protection is Protection.NOT_ENCRYPTED
    assert not check.protection.safe
    text = warning(check)
    assert text is not None and "swap is not encrypted" in text


def test_swap_file_on_a_luks_root_is_safe_and_on_a_plain_one_is_not(tree: Tree) -> None:
    luks_partition(tree)
    tree.device("sda1", disk="sda", numbers="8:1")
    root_numbers = (tree.root / "sys/class/block/dm-0/dev").read_text().strip()
    tree.mounts(  # the longest mount point that holds the file, in whatever order
        ("/boot", "8:1", "/dev/sda1"),
        ("/", root_numbers, "/dev/mapper/cryptswap"),
    )
    tree.swaps(("/swapfile", "file"))
    assert check_swap(tree.root, "linux").protection is Protection.ENCRYPTED
    tree.swaps(("/boot/swapfile", "file"))
    assert check_swap(tree.root, "linux").protection is Protection.NOT_ENCRYPTED


def test_swap_file_on_btrfs_is_judged_by_the_mounts_source(tree: Tree) -> None:
    luks_partition(tree)
    tree.mounts(("/", "0:33", "/dev/mapper/cryptswap"))  # btrfs: an anonymous device
    tree.swaps(("/swap/swap\\040file", "file"))
    check = check_swap(tree.root, "linux")
    assert check.protection is Protection.ENCRYPTED
    assert check.areas[0].name == "/swap/swap file"


def test_lvm_on_luks_is_safe_and_lvm_on_a_plain_partition_is_not(tree: Tree) -> None:
    tree.device("nvme0n1")
    tree.device("nvme0n1p3", disk="nvme0n1")
    tree.device("dm-0", uuid="CRYPT-LUKS2-5a1e-nvme0n1p3_crypt", slaves=("nvme0n1p3",))
    tree.device("dm-1", uuid="LVM-Qx8vYyS1abcdefFEDCBA", slaves=("dm-0",))
    (tree.root / "dev/mapper/vg-swap").symlink_to("../dm-1")
    tree.swaps(("/dev/mapper/vg-swap", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.ENCRYPTED

    tree.device("sdb")
    tree.device("sdb1", disk="sdb")
    tree.device("dm-2", uuid="LVM-plainplainplain", slaves=("sdb1",))
    tree.swaps(("/dev/dm-2", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.NOT_ENCRYPTED


def test_integrity_without_encryption_is_not_encrypted(tree: Tree) -> None:
    tree.device("sda")
    tree.device("sda2", disk="sda")
    tree.device("dm-0", uuid="CRYPT-INTEGRITY-abc-swap", slaves=("sda2",))
    tree.swaps(("/dev/dm-0", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.NOT_ENCRYPTED


def test_zram_is_memory_and_safe(tree: Tree) -> None:
    tree.device("zram0")
    tree.swaps(("/dev/zram0", "partition"))
    check = check_swap(tree.root, "linux")
    assert check.protection is Protection.IN_MEMORY
    assert check.protection.safe
    assert warning(check) is None


def test_no_swap_is_safe(tree: Tree) -> None:
    tree.swaps()
    check = check_swap(tree.root, "linux")
    assert check.protection is Protection.NONE
    assert check.protection.safe
    assert check.areas == ()


def test_one_plain_area_among_encrypted_ones_is_not_encrypted(tree: Tree) -> None:
    luks_partition(tree)
    tree.device("zram0")
    tree.device("sdc")
    tree.device("sdc1", disk="sdc")
    tree.swaps(("/dev/zram0", "partition"), ("/dev/dm-0", "partition"), ("/dev/sdc1", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.NOT_ENCRYPTED


def test_what_cannot_be_read_is_unknown(tree: Tree) -> None:
    assert check_swap(tree.root, "linux").protection is Protection.UNKNOWN  # no /proc/swaps
    tree.swaps(("/dev/sdz9", "partition"))  # a device /sys does not show
    assert check_swap(tree.root, "linux").protection is Protection.UNKNOWN
    tree.device("dm-0", uuid="LVM-x")
    (tree.root / "sys/class/block/dm-0/slaves").rmdir()  # what is under it, unreadable
    tree.swaps(("/dev/dm-0", "partition"))
    assert check_swap(tree.root, "linux").protection is Protection.UNKNOWN
    tree.swaps(("/swapfile", "file"))  # no mountinfo
    assert check_swap(tree.root, "linux").protection is Protection.UNKNOWN
    unknown = check_swap(tree.root, "linux")
    assert not unknown.protection.safe and warning(unknown) is None


@pytest.mark.parametrize("platform", ["win32", "darwin", "freebsd14"])
def test_other_platforms_are_unknown_never_guessed(tree: Tree, platform: str) -> None:
    tree.swaps()
    assert check_swap(tree.root, platform).protection is Protection.UNKNOWN


def test_hibernation_to_an_unencrypted_disk_is_not_encrypted(tree: Tree) -> None:
    tree.device("zram0")
    tree.device("sda")
    numbers = tree.device("sda2", disk="sda", numbers="8:2")
    tree.swaps(("/dev/zram0", "partition"))
    (tree.root / "sys/power/resume").write_text("0:0\n")
    assert check_swap(tree.root, "linux").protection is Protection.IN_MEMORY

    (tree.root / "sys/power/resume").write_text(numbers + "\n")
    check = check_swap(tree.root, "linux")
    assert (check.protection, check.hibernation) == (
        Protection.NOT_ENCRYPTED,
        Protection.NOT_ENCRYPTED,
    )
    text = warning(check)
    assert text is not None and "hibernates" in text

    (tree.root / "sys/power/resume").unlink()
    (tree.root / "dev/disk/by-uuid").mkdir(parents=True)
    (tree.root / "dev/disk/by-uuid/2f1c-77").symlink_to("../../sda2")
    (tree.root / "proc/cmdline").write_text("BOOT_IMAGE=/vmlinuz ro resume=UUID=2f1c-77 quiet\n")
    assert check_swap(tree.root, "linux").hibernation is Protection.NOT_ENCRYPTED
