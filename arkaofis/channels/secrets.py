"""Channel secrets at rest: the one place that seals and opens them.

TODO(encryption): the `cryptography` package is not installed yet, so a sealed value is the
secret behind a "plain:" scheme marker, i.e. NOT encrypted. When the dependency lands, add a
"fernet:" scheme here (Fernet with a key from an environment variable), seal new values with it
and re-seal the "plain:" rows in a data migration; callers need not change.
"""

PLAIN = "plain:"


class UnreadableSecret(ValueError):
    """A stored value in a scheme this build cannot open."""


def seal_secret(secret: str) -> str:
    return f"{PLAIN}{secret}" if secret else ""


def open_secret(sealed: str) -> str:
    if not sealed:
        return ""
    if sealed.startswith(PLAIN):
        return sealed[len(PLAIN) :]
    raise UnreadableSecret("stored secret uses an unknown scheme")
