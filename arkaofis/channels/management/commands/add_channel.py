"""`arkaofis add_channel CODE --kind shopify --name NAME`: add a sales channel, or set its webhook secret.

The secret is read from the environment variable named by --secret-env (default
CHANNEL_WEBHOOK_SECRET) or from standard input, never from the command line, where
`ps` and the shell history would show it.
"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

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

    def handle(self, *args: object, **options: str) -> None:
        secret = sys.stdin.readline().strip() if options["secret_stdin"] else os.environ.get(options["secret_env"], "")
        if not secret:
            raise CommandError(f"No webhook secret: set {options['secret_env']} or pass --secret-stdin")
        existing = Channel.objects.filter(code=options["code"]).first()
        try:
            if existing:
                set_webhook_secret(channel_id=existing.pk, secret=secret, user=None, source=Source.CLI)
                self.stdout.write(f"Webhook secret of {existing.code} replaced.")
                return
            channel = create_channel(
                code=options["code"], kind=options["kind"], name=options["name"] or options["code"],
                webhook_secret=secret, user=None, source=Source.CLI,
            )  # fmt: skip
        except DomainError as error:
            raise CommandError(error.detail) from None
        self.stdout.write(f"Channel {channel.code} added; its webhooks go to /channels/webhooks/{channel.code}/")
