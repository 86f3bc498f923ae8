"""The Geneva repository: keys, enrolled devices, and every version of every record
received, in an encrypted store (see docs/sync.md).

`store` opens and creates it; `devices` enrols and revokes; `ingest` verifies packages,
merges them and writes signed receipts; `listing` says what is held.

The store is a SQLCipher file (`file_store`) or, for a team, a PostgreSQL database
(`server`, over `postgres` with the SQL of `dialect`; roles and the access log in
`server_roles`; `move` moves a file repository there): docs/repository-server.md.
"""
