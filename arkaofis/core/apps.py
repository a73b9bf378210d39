from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arkaofis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from arkaofis.core.roles import sync_role_groups
        from arkaofis.core.signin import audit_lockout

        # After the last app migrates, so every permission exists.
        post_migrate.connect(sync_role_groups, dispatch_uid="arkaofis.sync_role_groups")
        user_locked_out.connect(audit_lockout, dispatch_uid="arkaofis.audit_lockout")
