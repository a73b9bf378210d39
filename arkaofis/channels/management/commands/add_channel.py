"""`arkaofis add_channel CODE --kind shopify --name NAME`: add a sales channel, or set its webhook secret.

The secret is read from the environment variable named by --secret-env (default
CHANNEL_WEBHOOK_SECRET) or from standard input, never from the command line, where
`ps` and the shell history would show it. API credentials, like the secret, come from an
environment variable (--credentials-env, default CHANNEL_CREDENTIALS) holding a JSON object of
the adapter's keys, e.g.

    CHANNEL_WEBHOOK_SECRET=… CHANNEL_CREDENTIALS='{"consumer_key": "ck_…", "consumer_secret": "cs_…"}' \
        arkaofis add_channel woo-main --kind woocommerce --api-base-url https://shop.example.org
    CHANNEL_WEBHOOK_SECRET=… CHANNEL_CREDENTIALS='{"access_token": "…"}' \
        arkaofis add_channel bc-main --kind bigcommerce --option store_hash=abc123 --option location_id=1

Polled channels (Amazon, Trendyol) send no webhooks, so they need no secret:

    CHANNEL_CREDENTIALS='{"refresh_token": "Atzr|…", "client_id": "…", "client_secret": "…"}' \
        arkaofis add_channel amazon-de --kind amazon --api-base-url https://sellingpartnerapi-eu.amazon.com \
        --option marketplace_ids=A1PA6795UKMFR9
    CHANNEL_CREDENTIALS='{"api_key": "…", "api_secret": "…"}' \
        arkaofis add_channel trendyol --kind trendyol --option supplier_id=123456
"""

import json
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arkaofis.channels.adapters import api_adapter
from arkaofis.channels.models import Channel, ChannelKind
from arkaofis.channels.services.channels import create_channel, set_webhook_secret
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source


class Command(BaseCommand):
    help = "Add a sales channel with its webhook secret (from an environment variable or stdin), or replace the secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="e.g. shopify-main; the webhook URL is /channels/webhooks/CODE/")
        parser.add_argument("--kind", choices=ChannelKind.values, default=ChannelKind.SHOPIFY)
        parser.add_argument("--name", default="")
        parser.add_argument("--secret-env", default="CHANNEL_WEBHOOK_SECRET", help="variable holding the secret")
        parser.add_argument("--secret-stdin", action="store_true", help="read the secret from standard input")
        parser.add_argument("--api-base-url", default="", help="the channel's API, e.g. https://shop.example.org")
        parser.add_argument(
            "--credentials-env", default="CHANNEL_CREDENTIALS", help="variable holding the API credentials as JSON"
        )
        parser.add_argument("--option", action="append", default=[], help="KEY=VALUE, e.g. store_hash=abc123")

    def handle(self, *args: object, **options: Any) -> None:
        secret = sys.stdin.readline().strip() if options["secret_stdin"] else os.environ.get(options["secret_env"], "")
        existing = Channel.objects.filter(code=options["code"]).first()
        polled = _polled(existing.kind if existing else options["kind"])  # Amazon, Trendyol: no webhooks
        if not secret and (existing or not polled):
            raise CommandError(f"No webhook secret: set {options['secret_env']} or pass --secret-stdin")
        try:
            if existing:
                set_webhook_secret(channel_id=existing.pk, secret=secret, user=None, source=Source.CLI)
                self.stdout.write(f"Webhook secret of {existing.code} replaced.")
                return
            channel = create_channel(
                code=options["code"], kind=options["kind"], name=options["name"] or options["code"],
                webhook_secret=secret, api_base_url=options["api_base_url"],
                credentials=_credentials(options["credentials_env"]), options=_options(options["option"]),
                user=None, source=Source.CLI,
            )  # fmt: skip
        except DomainError as error:
            raise CommandError(error.detail) from None
        if polled:
            self.stdout.write(
                f"Channel {channel.code} added; read its orders with: arkaofis poll_channels --channel {channel.code}"
            )
            return
        self.stdout.write(f"Channel {channel.code} added; its webhooks go to /channels/webhooks/{channel.code}/")


def _polled(kind: str) -> bool:
    return hasattr(api_adapter(kind), "poll")


def _credentials(variable: str) -> dict[str, str]:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise CommandError(f"{variable} is not JSON") from None  # never echo the value: it is secret
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CommandError(f"{variable} must be a JSON object of strings")
    return value


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--option {pair!r} is not KEY=VALUE")
        options[key.strip()] = value.strip()
    return options
