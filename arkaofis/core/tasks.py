"""Background tasks (django-tasks; the database backend by default, run by `arkaofis db_worker`)."""

from django_tasks import task

from arkaofis.core.services.outbox import deliver_pending


@task()
def deliver_outbox(limit: int = 100) -> dict[str, int]:
    delivered, failed = deliver_pending(limit=limit)
    return {"delivered": delivered, "failed": failed}
