"""Encryption of important personal data at rest (等保 8.1.4.8; PIPL art. 51).

A value such as a 身份证号 is stored three ways, none of them the plain text:
- a Fernet token (AES-128-CBC + HMAC-SHA256), decrypted only when someone with the right
  asks to see the whole value, and that view is logged;
- a keyed digest (HMAC-SHA256), for uniqueness and exact search without decrypting;
- the masked form (1405**********123X), for every page and export.

The key is PII_ENCRYPTION_KEY (a Fernet key); without it one is derived from
SECRET_KEY, so changing SECRET_KEY then makes stored values unreadable: production sets
its own key and keeps it with the backups.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def keys_for(secret: str, configured: str) -> tuple[Fernet, bytes]:
    if configured:
        key = configured.encode()
    else:
        key = base64.urlsafe_b64encode(hashlib.sha256(b"gaoping-pii-encryption:" + secret.encode()).digest())
    digest_key = hashlib.sha256(b"gaoping-pii-digest:" + key).digest()
    return Fernet(key), digest_key


def _current() -> tuple[Fernet, bytes]:
    return keys_for(settings.SECRET_KEY, settings.PII_ENCRYPTION_KEY)


def encrypt(value: str) -> str:
    return _current()[0].encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("无法解密：加密密钥与数据不匹配。") from None


def digest(value: str) -> str:
    """The keyed digest used to find and de-duplicate a value without decrypting it."""

    return hmac.new(_current()[1], value.encode(), hashlib.sha256).hexdigest() if value else ""
