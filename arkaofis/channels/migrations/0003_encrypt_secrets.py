"""Re-seal webhook secrets stored before encryption ("plain:") with Fernet."""

from django.db import migrations


def encrypt_plain_secrets(apps, schema_editor):
    from arkaofis.channels.secrets import PLAIN, open_secret, seal_secret

    Channel = apps.get_model("channels", "Channel")
    for channel in Channel.objects.filter(webhook_secret_sealed__startswith=PLAIN):
        channel.webhook_secret_sealed = seal_secret(open_secret(channel.webhook_secret_sealed))
        channel.save(update_fields=["webhook_secret_sealed"])


class Migration(migrations.Migration):
    dependencies = [("channels", "0002_event_fixes")]

    operations = [migrations.RunPython(encrypt_plain_secrets, migrations.RunPython.noop)]
