"""`arkaofis create_api_token USERNAME --name NAME`: issue an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arkaofis.core.models import ApiToken, Source
from arkaofis.core.services.tokens import create_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Issue an API token for a user (shown once; only its digest is stored), or revoke one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for, e.g. 'shopify sync'")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the user's token with this prefix instead")

    def handle(self, *args: object, **options: str) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}")
        if options["revoke"]:
            token = ApiToken.objects.filter(user=user, prefix=options["revoke"]).first()
            if token is None:
                raise CommandError(f"{user} has no token with prefix {options['revoke']!r}")
            revoke_api_token(token=token, source=Source.CLI)
            self.stdout.write(f"Revoked {token}")
            return
        token, raw = create_api_token(user=user, name=options["name"], source=Source.CLI)
        self.stderr.write(f"Token {token.prefix}… for {user}. Copy it now; it cannot be shown again:")
        self.stdout.write(raw)
