"""Bech32 (BIP 173) as age uses it for key text: no 90-character limit, one case.

age encodes X25519 recipients as `age1…` and identities as `AGE-SECRET-KEY-1…` with the
original Bech32 checksum (not Bech32m).
"""

from __future__ import annotations

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Bech32Error(ValueError):
    """The text is not valid Bech32 (message says why, in English, for the detail)."""


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                check ^= _GENERATOR[i]
    return check


def _expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    accumulator = 0
    bits = 0
    out: list[int] = []
    top = (1 << to_bits) - 1
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((accumulator >> bits) & top)
    if pad:
        if bits:
            out.append((accumulator << (to_bits - bits)) & top)
    elif bits >= from_bits or (accumulator << (to_bits - bits)) & top:
        raise Bech32Error("non-zero padding bits")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Lower-case Bech32 of `data` under the human-readable part `hrp`."""
    values = _convert(data, 8, 5, pad=True)
    check = _polymod([*_expand(hrp), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(check >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[v] for v in values + checksum)


def decode(text: str) -> tuple[str, bytes]:
    """(human-readable part in lower case, data); `Bech32Error` if anything is wrong."""
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed case")
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise Bech32Error("invalid character")
    text = text.lower()
    position = text.rfind("1")
    if position < 1 or position + 7 > len(text):
        raise Bech32Error("no separator or too short")
    hrp, rest = text[:position], text[position + 1 :]
    try:
        values = [CHARSET.index(c) for c in rest]
    except ValueError:
        raise Bech32Error("invalid character") from None
    if _polymod([*_expand(hrp), *values]) != 1:
        raise Bech32Error("checksum does not match")
    return hrp, bytes(_convert(values[:-6], 5, 8, pad=False))
