"""Which addresses outbound requests to URLs typed in by users may reach.

A webhook subscriber's URL is chosen by an admin; without a check, Arkaofis would POST to
whatever it names, this machine's own services (127.0.0.1:5432) and the private network
included (server-side request forgery). `check_public_url` resolves the host and refuses any
address that is not public: loopback, private, link-local (the cloud metadata service at
169.254.169.254), shared, multicast, reserved or unspecified. It runs when the URL is saved and
again before every delivery (DNS may change). Settings WEBHOOKS_ALLOW_PRIVATE lifts it (on by
default only with DEBUG, for a local test receiver).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from arkaofis.core.exceptions import InvalidInput


class PrivateAddress(InvalidInput):
    code = "private-address"
    title = "Address not allowed"


def check_public_url(url: str, *, field: str = "url") -> None:
    """Raise PrivateAddress unless every address the URL's host resolves to is public."""
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise PrivateAddress(f"The host {host!r} could not be resolved", field=field, host=host) from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # an IPv6 scope "%eth0" dropped
        if not address.is_global:
            raise PrivateAddress(
                f"The host {host!r} is a private or local address ({address}); webhooks go to public addresses only",
                field=field,
                host=host,
            )
