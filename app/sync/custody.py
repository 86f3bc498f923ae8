"""Custody of Geneva's secret keys: `sillok repository export-keys`.

The repository keeps its keys only inside its encrypted store (app/sync/repository/store.py).
For the archive to outlive this software, custodians hold a copy that the standard tools
read: the package key and the identity vault key as `age-keygen` key files (`# created:`,
`# public key: age1…`, then `AGE-SECRET-KEY-1…`), the signing PUBLIC key as a minisign
`.pub` file, and a README.txt (English and Korean) saying what each file opens and how.

The secret files are never written in the clear by accident: by default they are
age-encrypted to one or more custodians' X25519 recipients (whose own keys are kept
offline), so a custodian later runs `age -d -i custodian.txt geneva-package-key.txt.age >
geneva-key.txt`. Writing them in the clear needs `plain=True` (the CLI's `--plain`): the
files are then created mode 0600. In both cases every file is created exclusively
(`O_EXCL | O_NOFOLLOW`), nothing existing is overwritten, and a failure removes what was
written. The plaintext keys exist only in memory.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.errors import AlreadyExists, InvalidInput, StorageFull
from app.files import fsync_directory, write_all
from app.formats import age, minisign
from app.formats.errors import KeyInvalid
from app.i18n import N_, translator
from app.store.keys import GenevaKeys, fingerprint, signing_public_text
from app.sync.repository.store import Repository

PACKAGE_KEY = "geneva-package-key.txt"
IDENTITY_KEY = "geneva-identity-key.txt"
RECOVERY_KEY = "geneva-recovery-key.txt"
SIGNING_PUBLIC = "geneva-signing.pub"
README = "README.txt"
ENCRYPTED = ".age"
SECRET_MODE = 0o600
PUBLIC_MODE = 0o600  # like every file the app writes; the custodian may share them
LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class KeyExport:
    folder: Path
    files: tuple[Path, ...]
    plain: bool
    custodians: tuple[age.AgeRecipient, ...]


def device_key_name(device_id: str) -> str:
    return f"device-{device_id}.pub"


def device_keys(repository: Repository) -> list[tuple[str, str]]:
    """(file name, minisign `.pub` text) of every device ever enrolled (revoked ones too:
    their packages are still in the archive), as `minisign -V -p` takes it."""
    with repository.reading() as connection:
        rows = connection.execute(
            "SELECT device_id, signing_public_key FROM devices ORDER BY device_id"
        ).fetchall()
    return [
        (device_key_name(device_id), minisign.PublicKey.parse(text).to_text())
        for device_id, text in rows
    ]


def keygen_text(identity: age.AgeIdentity, created: datetime) -> str:
    """A key file exactly as `age-keygen` writes one."""
    stamp = created.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"# created: {stamp}\n# public key: {identity.recipient}\n{identity.secret_text()}\n"


_NOT_RECIPIENT = N_("neither an age recipient (age1…) nor a readable file of them")
_SECRET_GIVEN = N_(
    "this is a secret key; give the custodian's public key instead (age-keygen -y FILE)"
)


def parse_recipients(values: Sequence[str]) -> list[age.AgeRecipient]:
    """Custodians' recipients: each value is `age1…` text, or a file of them (one a line,
    `#` comments ignored, as `age -R` reads). Duplicates are dropped, order kept."""
    found: list[age.AgeRecipient] = []
    for value in values:
        text = value.strip()
        if text.startswith("age1"):
            lines = [text]
        elif text.upper().startswith("AGE-SECRET-KEY-"):
            raise KeyInvalid(what="AGE-SECRET-KEY-1…", detail=_SECRET_GIVEN)
        else:
            try:
                content = Path(text).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise KeyInvalid(what=text, detail=_NOT_RECIPIENT) from None
            lines = [
                line.strip()
                for line in content.splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            ]
            if not lines:
                raise KeyInvalid(what=text, detail=_NOT_RECIPIENT)
            if any(line.upper().startswith("AGE-SECRET-KEY-") for line in lines):
                raise KeyInvalid(what=text, detail=_SECRET_GIVEN)
        for line in lines:
            recipient = age.AgeRecipient.parse(line)
            if recipient not in found:
                found.append(recipient)
    return found


def export_keys(
    repository: Repository,
    out: Path,
    *,
    custodians: Sequence[age.AgeRecipient] = (),
    plain: bool = False,
    now: datetime | None = None,
) -> KeyExport:
    """Write Geneva's keys into the folder `out` for custodians (see the module doc)."""
    out = Path(out)
    custodians = tuple(dict.fromkeys(custodians))
    if plain == bool(custodians):
        raise InvalidInput(detail=_EITHER)
    keys = repository.keys
    own = {keys.package.recipient, keys.identity_vault.recipient}
    if own & set(custodians):
        raise InvalidInput(detail=_OWN_KEY)
    created = now or datetime.now(UTC)

    def secret(*identities: age.AgeIdentity) -> bytes:
        text = "".join(keygen_text(i, created) for i in identities).encode("ascii")
        if plain:
            return text
        sink = io.BytesIO()
        with age.Encryptor(sink, custodians) as encryptor:
            encryptor.write(text)
        return sink.getvalue()

    suffix = "" if plain else ENCRYPTED
    planned: list[tuple[str, bytes, int]] = [
        (PACKAGE_KEY + suffix, secret(keys.package), SECRET_MODE),
        (IDENTITY_KEY + suffix, secret(keys.identity_vault), SECRET_MODE),
        (SIGNING_PUBLIC, keys.signing.public_key.to_text().encode("utf-8"), PUBLIC_MODE),
    ]
    planned += [(name, text.encode("utf-8"), PUBLIC_MODE) for name, text in device_keys(repository)]
    if keys.recovery is not None:
        # The current recovery key first, then the retired ones (slots sealed to them
        # still open): one age-keygen file, which `age -d -i` reads whole.
        planned.insert(2, (RECOVERY_KEY + suffix, secret(*recovery_keys(keys)), SECRET_MODE))
    readme = "\n\n".join(
        readme_text(repository, language, created, custodians, suffix) for language in LANGUAGES
    )
    planned.append((README, readme.encode("utf-8"), PUBLIC_MODE))
    written = _write_all(out, planned)
    return KeyExport(out, tuple(written), plain, custodians)


def recovery_keys(keys: GenevaKeys) -> list[age.AgeIdentity]:
    return [k for k in (keys.recovery, *keys.retired_recovery) if k is not None]


_EITHER = N_(
    "give one or more custodians' age recipients (--to), or --plain to write the secret "
    "keys unencrypted"
)
_OWN_KEY = N_(
    "a custodian's recipient cannot be one of Geneva's own keys: the export would then "
    "open only with the key it holds"
)


def _write_all(out: Path, planned: Sequence[tuple[str, bytes, int]]) -> list[Path]:
    """Create every file exclusively, or none: nothing existing is ever replaced."""
    if out.exists() and not out.is_dir():
        raise AlreadyExists(path=str(out))
    for name, _data, _mode in planned:
        if (out / name).exists() or (out / name).is_symlink():
            raise AlreadyExists(path=str(out / name))
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    try:
        for name, data, mode in planned:
            path = out / name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
            except FileExistsError as error:
                raise AlreadyExists(path=str(path)) from error
            written.append(path)
            try:
                os.fchmod(fd, mode)  # whatever the umask
                write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_directory(out)
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise StorageFull(detail=os.strerror(error.errno)) from error
        raise
    return written


# -- README.txt ---------------------------------------------------------------------------

_TITLE = N_("Geneva repository {repository}: keys for custodians, exported {created}")
_ENCRYPTED_TO = N_(
    "The secret key files are encrypted with age to these custodians; each custodian's "
    "own key (custodian.txt below) is kept offline, apart from this folder:"
)
_PLAIN_WARNING = N_(
    "WARNING: the secret key files are NOT encrypted. Anyone who copies them can read "
    "every package and every sealed identity. Keep them only offline, in a safe, never on "
    "a machine connected to a network."
)
_FILE_PACKAGE = N_(
    "Geneva's package key (age, X25519). It opens every package (*.sillok) the field "
    "laptops send, and the attachment files (attachments/*.age) inside them. Public key: "
    "{recipient}"
)
_FILE_IDENTITY = N_(
    "Geneva's identity vault key (age, X25519). It opens the sealed identities (real "
    "name, birth date, hometown, relatives) in records/sealed_identity.jsonl of a "
    "package. Use them only as the witness consented. Public key: {recipient}"
)
_FILE_RECOVERY = N_(
    "Geneva's recovery key (age, X25519; the current one first, then retired ones). It "
    "opens the recovery slot in a field laptop's key file, that is the laptop's whole "
    "database: use it only for `sillok repository recover --identity`, after checking the "
    "request by phone. Public key: {recipient}"
)
_FILE_SIGNING = N_(
    "Geneva's signing PUBLIC key (minisign). It checks the trust bundles and receipts "
    "Geneva signed. Geneva fingerprint: {fingerprint}. The secret signing key stays in "
    "the repository."
)
_STEP_DECRYPT = N_(
    "1. A custodian decrypts the key files (custodian.txt: the custodian's own key, made "
    "by age-keygen):"
)
_STEP_UMASK = N_(
    "0. Before anything else, in the shell you use: files you make are then readable by "
    "you only (decrypted keys, packages and identities are secrets):"
)
_STEP_PLAIN = N_("1. The key files are ready to use (age-keygen format):")
_STEP_PACKAGE = N_(
    "2. Open and check a package (docs/package-format.md; device-DEVICE.pub: the public "
    "key of the device that made it, written here for every device enrolled):"
)
_STEP_ATTACHMENT = N_("3. An attachment inside it:")
_STEP_IDENTITY = N_("4. A sealed identity (one line of records/sealed_identity.jsonl):")
_STEP_RECEIPT = N_(
    "5. Check a receipt Geneva signed (the repository keeps each one under receipts/ with "
    "its signed bytes and signature beside it):"
)
_AFTER = N_(
    "Decrypted keys, packages and attachments are plaintext: work only on an offline "
    "machine with an encrypted disk, and delete them afterwards. Keep this folder apart "
    "from the repository: if both the repository passphrase and this export are lost, "
    "nothing in the archive can be read again."
)


def readme_text(
    repository: Repository,
    language: str,
    created: datetime,
    custodians: Sequence[age.AgeRecipient],
    suffix: str,
) -> str:
    """README.txt in `language`: what each file opens, and the exact commands."""
    tr = translator(language).gettext
    keys = repository.keys
    stamp = created.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    title = tr(_TITLE).format(repository=repository.repository_id, created=stamp)
    lines = [title, "=" * len(title), ""]
    if custodians:
        lines.append(tr(_ENCRYPTED_TO))
        lines.extend(f"  {recipient}  ({recipient.fingerprint})" for recipient in custodians)
    else:
        lines.append(tr(_PLAIN_WARNING))
    lines.append("")
    for name, text in (
        (PACKAGE_KEY + suffix, tr(_FILE_PACKAGE).format(recipient=keys.package.recipient)),
        (
            IDENTITY_KEY + suffix,
            tr(_FILE_IDENTITY).format(recipient=keys.identity_vault.recipient),
        ),
        *(
            [(RECOVERY_KEY + suffix, tr(_FILE_RECOVERY).format(recipient=keys.recovery.recipient))]
            if keys.recovery is not None
            else []
        ),
        (
            SIGNING_PUBLIC,
            tr(_FILE_SIGNING).format(
                fingerprint=fingerprint(signing_public_text(keys.signing.public_key))
            ),
        ),
    ):
        lines += [f"{name}", f"  {text}", ""]
    lines += [tr(_STEP_UMASK), "  umask 077", ""]
    if custodians:
        lines += [
            tr(_STEP_DECRYPT),
            f"  age -d -i custodian.txt -o geneva-key.txt {PACKAGE_KEY}{suffix}",
            f"  age -d -i custodian.txt -o geneva-identity-key.txt {IDENTITY_KEY}{suffix}",
        ]
        if keys.recovery is not None:
            lines.append(
                f"  age -d -i custodian.txt -o geneva-recovery-key.txt {RECOVERY_KEY}{suffix}"
            )
    else:
        lines += [tr(_STEP_PLAIN), f"  cp {PACKAGE_KEY} geneva-key.txt"]
    lines += [
        "",
        tr(_STEP_PACKAGE),
        "  age -d -i geneva-key.txt -o package.tar device-3-000042.sillok",
        "  mkdir opened && cd opened && tar -x -f ../package.tar",
        "  minisign -Vm manifest.json -p ../device-DEVICE.pub",
        "  sha256sum --strict -c SHA256SUMS",
        "",
        tr(_STEP_ATTACHMENT),
        "  age -d -i ../geneva-key.txt -o scan.pdf attachments/ID.age",
        "",
        tr(_STEP_IDENTITY),
        "  line=$(head -n 1 records/sealed_identity.jsonl)",
        '  sealed=${line#*\\"sealed\\":\\"}; sealed=${sealed%%\\"*}',
        "  printf '%s' \"$sealed\" | base64 -d | age -d -i ../geneva-identity-key.txt",
        "",
        tr(_STEP_RECEIPT),
        f"  minisign -Vm 000042.receipt.body -x 000042.receipt.body.minisig -p {SIGNING_PUBLIC}",
        "",
        tr(_AFTER),
        "",
    ]
    return "\n".join(lines)
