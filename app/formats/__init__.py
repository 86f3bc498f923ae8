"""Open formats with no Sillok knowledge: age encryption (`age`, `age_header`, `bech32`),
minisign signatures (`minisign`) and signed JSON (`signed`), the ustar archive
(`archive`), and the streaming, hashing and flushing helpers they share. Each follows its
public specification, so what Sillok writes opens with the standard tools decades from
now; nothing here imports from the rest of the app but its errors and messages.
"""
