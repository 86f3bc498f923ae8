"""The Geneva repository: keys, enrolled devices, and every version of every record
received, in an encrypted store (see docs/sync.md).

`store` opens and creates it; `devices` enrols and revokes; `ingest` verifies packages,
merges them and writes signed receipts; `listing` says what is held.
"""
