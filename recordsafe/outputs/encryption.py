"""Encrypting a PDF and making the password to pass on separately.

From bytes to bytes, in memory: the plaintext PDF is never written anywhere.
"""

from __future__ import annotations

import io
import secrets

import pikepdf

from recordsafe.vault.codes import ALPHABET

PASSWORD_GROUPS = 6
PASSWORD_GROUP_SIZE = 4  # 24 characters of a 32-letter alphabet: 120 bits


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """AES-256 (R6) encryption from bytes to bytes; the owner password is random and unused."""
    if not password:
        raise ValueError("an encrypted release needs a password")
    encryption = pikepdf.Encryption(owner=secrets.token_urlsafe(32), user=password, R=6, aes=True)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=encryption)
    return out.getvalue()


def generate_password() -> str:
    """A password to pass on separately: 120 random bits, grouped like the recovery codes.

    The dashes are part of the password (PDF readers compare it exactly).
    """
    chars = "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_GROUPS * PASSWORD_GROUP_SIZE))
    return "-".join(
        chars[i : i + PASSWORD_GROUP_SIZE] for i in range(0, len(chars), PASSWORD_GROUP_SIZE)
    )
