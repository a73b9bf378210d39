"""Which addresses outbound requests to URLs typed in by users may reach.

A webhook subscriber's URL is chosen by an admin; without a check, Arkaofis would POST to
whatever it names, this machine's own services (127.0.0.1:5432) and the private network
included (server-side request forgery). `check_public_url` resolves the host and refuses any
address that is not public: loopback, private, link-local (the cloud metadata service at
169.254.169.254), shared, multicast, reserved or unspecified. It runs when the URL is saved and
again before every delivery (DNS may change), where `pin_public_url` also pins the request to the
address it checked: the connection goes to that address (Host header and TLS name unchanged), so
a host whose DNS answers a public address to the check and a private one to the connection
(DNS rebinding) cannot slip through. Settings WEBHOOKS_ALLOW_PRIVATE lifts it (on by default
only with DEBUG, for a local test receiver).
"""

import dataclasses
import ipaddress
import socket
from collections.abc import Mapping

import httpx
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import InvalidInput


class PrivateAddress(InvalidInput):
    code = "private-address"
    title = _("Address not allowed")
    message = _("%(host)s is an address on this machine or a private network; webhooks go to public addresses only.")


@dataclasses.dataclass(frozen=True)
class PinnedUrl:
    """Where to send a request so that it reaches the address that was checked, not whatever the
    host's DNS answers a moment later (DNS rebinding): the URL with its host replaced by that
    address, the Host header and, for TLS, the name the certificate must carry."""

    url: str
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    extensions: Mapping[str, str] = dataclasses.field(default_factory=dict)


def check_public_url(url: str, *, field: str = "url") -> None:
    """Raise PrivateAddress unless every address the URL's host resolves to is public."""
    pin_public_url(url, field=field)


def pin_public_url(url: str, *, field: str = "url") -> PinnedUrl:
    """Resolve the URL's host once, refuse it unless every address is public, and pin the request
    to the first one. With WEBHOOKS_ALLOW_PRIVATE the URL is used as it is."""
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return PinnedUrl(url)
    parsed = httpx.URL(url)
    host = parsed.host
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise PrivateAddress(f"The host {host!r} could not be resolved", field=field, host=host) from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]  # "%eth0" dropped
    for address in addresses:
        if not address.is_global:
            raise PrivateAddress(
                f"The host {host!r} is a private or local address ({address}); webhooks go to public addresses only",
                field=field,
                host=host,
            )
    if not addresses:
        raise PrivateAddress(f"The host {host!r} has no address", field=field, host=host)
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    return PinnedUrl(
        url=str(parsed.copy_with(host=str(addresses[0]))),
        headers={"Host": parsed.netloc.decode("ascii")},
        extensions=extensions,
    )
