"""Cryptography of the core: passphrase KDF, the key file with its slots, hashing."""
