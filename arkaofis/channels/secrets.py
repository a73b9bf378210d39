"""Channel secrets at rest: the one place that seals and opens them.

Secrets are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key from the environment:
`ARKAOFIS_SECRETS_KEY` (a Fernet key: `python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`), or, when it is unset, a key derived from SECRET_KEY, so
a development install works without set-up. Values sealed before encryption existed carry the
"plain:" scheme; they still open, and migration 0003 re-seals them.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

FERNET = "fernet:"
PLAIN = "plain:"


class UnreadableSecret(ValueError):
    """A stored value this installation cannot open (unknown scheme or another key)."""


def _fernet() -> Fernet:
    key = getattr(settings, "ARKAOFIS_SECRETS_KEY", "")
    if not key:
        digest = hashlib.sha256(f"arkaofis channel secrets:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


def seal_secret(secret: str) -> str:
    if not secret:
        return ""
    return FERNET + _fernet().encrypt(secret.encode()).decode()


def open_secret(sealed: str) -> str:
    if not sealed:
        return ""
    if sealed.startswith(FERNET):
        try:
            return _fernet().decrypt(sealed[len(FERNET) :].encode()).decode()
        except InvalidToken:
            raise UnreadableSecret("stored secret was sealed with another key") from None
    if sealed.startswith(PLAIN):
        return sealed[len(PLAIN) :]
    raise UnreadableSecret("stored secret uses an unknown scheme")


def seal_credentials(credentials: dict[str, str]) -> str:
    """A channel's API credentials (the adapter's own keys) sealed as one JSON object."""
    return seal_secret(json.dumps(credentials, sort_keys=True)) if credentials else ""


def open_credentials(sealed: str) -> dict[str, str]:
    return json.loads(open_secret(sealed)) if sealed else {}
