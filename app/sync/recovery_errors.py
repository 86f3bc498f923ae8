"""Errors of passphrase recovery through Geneva: exit codes 60–66.

Each says what happened and what to do; none leaves a half-done change behind (the key
file, the pending request and the repository's register of recoveries stay as they were).
The table is in README.md ("Exit codes") and docs/recovery.md.
"""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class RecoveryUnavailable(SillokError):
    exit_code = 60
    template = N_(
        "This laptop's key file has no recovery slot for Geneva ({detail}), so Geneva cannot "
        "restore access. Nothing was written. A recovery slot is added when a trust bundle "
        "carrying Geneva's recovery key is loaded (`sillok enrol-accept`)."
    )


class RecoveryRequestInvalid(SillokError):
    exit_code = 61
    template = N_(
        "The recovery request {what} cannot be used ({detail}). Nothing was recorded and no "
        "response was written. Ask the field office to make a new request and read its "
        "fingerprint to you by phone."
    )


class RecoveryDeviceRefused(SillokError):
    exit_code = 62
    template = N_(
        "Recovery refused for device {device}: {detail}. Nothing was recorded and no response "
        "was written."
    )


class RecoveryDemoMismatch(SillokError):
    exit_code = 63
    template = N_(
        "{detail} Nothing was recorded and no response was written. Demonstration laptops "
        "are recovered only by a demonstration repository, real ones only by a real one."
    )


class RecoveryReplayed(SillokError):
    exit_code = 64
    template = N_(
        "The recovery request {request} was already answered on {answered} (recovery "
        "{recovery}). A request is answered once; a copy brought again may be a replay. "
        "Nothing was recorded. Ask the field office to make a new request if they still need one."
    )


class RecoveryResponseInvalid(SillokError):
    exit_code = 65
    template = N_(
        "The recovery response {what} cannot be used ({detail}). Nothing was changed: the "
        "key file and the waiting request are as they were. Ask Geneva for the response to "
        "your latest request and compare the fingerprints by phone."
    )


class RecoveryKeyInvalid(SillokError):
    exit_code = 66
    template = N_(
        "The recovery key {what} cannot open this request ({detail}). Nothing was recorded "
        "and no response was written. Use the Geneva recovery key the custodians hold "
        "(`sillok repository export-keys`) that matches the recipient named here."
    )
