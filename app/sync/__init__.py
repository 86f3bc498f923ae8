"""Signed, encrypted packages from a field laptop to the Geneva repository.

The format half: age encryption (`age`), minisign signatures (`minisign`), a safe tar
reader and writer (`archive`) and the package container (`package`), described in
docs/package-format.md. The repository half (keys, enrolment, export, ingest, receipts)
builds on these.
"""
