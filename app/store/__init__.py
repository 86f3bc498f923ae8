"""The encrypted store: SQLCipher connection, key handling, migrations, audit trail,
record repositories, backup and integrity check."""
