"""Errors of enrolment, export, ingest and receipts: exit codes 28–39 (and 58).

Each says what happened and what to do; none of them leaves a half-done change behind
(the repository ingests nothing, the device marks nothing). The table is in docs/sync.md
and README.md ("Exit codes").
"""

from __future__ import annotations

from app.errors import SillokError
from app.i18n import N_


class NotEnrolled(SillokError):
    exit_code = 28
    template = N_(
        "This device is not enrolled with the Geneva repository yet, so {what} cannot be "
        "done: identity data can only be recorded sealed to Geneva's key, and packages can "
        "only be made for Geneva. Run `sillok enrol-request`, send the request to Geneva, "
        "then load the trust bundle they return with `sillok enrol-accept`."
    )


class EnrolmentInvalid(SillokError):
    exit_code = 29
    template = N_(
        "{what} cannot be used ({detail}). Nothing was changed. Ask Geneva for a new one "
        "and compare the fingerprints by phone before loading it."
    )


class TrustBundleExpired(SillokError):
    exit_code = 30
    template = N_(
        "The Geneva trust bundle expired on {expired}. Nothing was changed. Ask Geneva for "
        "a renewed trust bundle and load it with `sillok enrol-accept`."
    )


class TrustBundleRollback(SillokError):
    exit_code = 31
    template = N_(
        "This trust bundle (version {offered}) is older than the one already loaded "
        "(version {held}), or differs from it under the same version. It may be an old copy "
        "replayed by someone else. Nothing was changed; tell Geneva."
    )


class UnknownDevice(SillokError):
    exit_code = 32
    template = N_(
        "The device {device} is not enrolled in this repository. Nothing was ingested. "
        "Enrol the device first (`sillok repository enrol`), or check that this is the "
        "right repository."
    )


class DeviceRevoked(SillokError):
    exit_code = 33
    template = N_(
        "The device {device} was revoked on {revoked} and its packages are refused. "
        "Nothing was ingested. Keep the package as evidence and contact the field office."
    )


class ClonedDevice(SillokError):
    exit_code = 34
    template = N_(
        "ALERT: device {device} sent a different package under sequence number {sequence} "
        "({detail}). Either the device was copied or a package was forged. Nothing was "
        "ingested; the alert was recorded. Keep both packages and investigate before "
        "ingesting anything more from this device."
    )


class ClonedDeviceSeen(ClonedDevice):
    """What `verify` finds: the same alert, but nothing is recorded."""

    template = N_(
        "ALERT: device {device} sent a different package under sequence number {sequence} "
        "({detail}). Either the device was copied or a package was forged. This was only "
        "a check: nothing was ingested and nothing was recorded. Keep both packages; "
        "`sillok repository ingest` records the alert."
    )


class DeviceBlocked(SillokError):
    exit_code = 58
    template = N_(
        "Packages from device {device} are blocked since the cloned-device alert {alert} "
        "of {at} ({detail}). Nothing was ingested. Keep this package; once the alert is "
        "investigated, record the decision with `sillok repository clear-alert {alert} "
        '--reason "…"`, then ingest it again.'
    )


class DemoMismatch(SillokError):
    exit_code = 35
    template = N_(
        "{detail} Nothing was exported. Demonstration data and real testimony never go to "
        "the same repository: enrol a demonstration database with a repository made with "
        "`sillok repository init --demo`, and real databases with a real one."
    )


class ReceiptInvalid(SillokError):
    exit_code = 36
    template = N_(
        "The receipt {path} cannot be accepted ({detail}). Nothing was marked as held by "
        "Geneva. Ask Geneva to send the receipt again."
    )


class RepositoryMissing(SillokError):
    exit_code = 37
    template = N_(
        "There is no Geneva repository in {path}. Check the folder, or create one with "
        "`sillok repository init --repo {path}`."
    )


class SequenceGap(SillokError):
    """Not a failure: the package was ingested, but packages before it are missing."""

    exit_code = 38
    template = N_(
        "The package was ingested, but packages {missing} from device {device} have not "
        "arrived. The gap is recorded; ask the field office for the missing packages."
    )


class VerifiedGap(SillokError):
    """What `verify` finds for a package beyond the next: valid, nothing recorded."""

    exit_code = 38
    template = N_(
        "The package is valid, but packages {missing} from device {device} have not "
        "arrived. This was only a check: nothing was ingested and nothing was recorded. "
        "Ingesting it records the gap; ask the field office for the missing packages."
    )
