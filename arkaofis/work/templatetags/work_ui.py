"""Task labels, tones and document links for the work screens."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from arkaofis.work.links import document_url
from arkaofis.work.models import Task, TaskKind, TaskStatus

register = template.Library()
TONES: dict[str, str] = {TaskStatus.OPEN: "pill-warn", TaskStatus.IN_PROGRESS: "pill-ok", TaskStatus.DONE: "pill-muted"}


@register.filter
def task_kind(code: str) -> str:
    return str(dict(TaskKind.choices).get(code, code))


@register.filter
def task_status(code: str) -> str:
    return str(dict(TaskStatus.choices).get(code, code))


@register.filter
def task_tone(code: str) -> str:
    return TONES.get(code, "pill-muted")


@register.filter
def overdue(task: Task) -> bool:
    return task.is_open and task.due_at < timezone.now()


@register.simple_tag
def document_link(task: Task) -> str:
    """The task's reference, linked to its document where its context said it opens."""
    url = document_url(task.document_ref, task.kind)
    if url is None:
        return format_html('<span class="nowrap">{}</span>', task.document_ref)
    return format_html('<a class="nowrap" href="{}">{}</a>', url, task.document_ref)


@register.filter
def lookup(mapping: dict, key: str) -> object:
    return mapping.get(key, [])


# The words a task's detail is keyed by, as the flows that open tasks write them; shown in the reader's language.
DETAIL_LABELS = {
    "wave": _("Wave"),
    "stops": _("Stops"),
    "order": _("Order"),
    "tote": _("Tote"),
    "from": _("From"),
    "hold": _("Hold"),
    "channel": _("Channel"),
    "error_code": _("Error"),
    "lines": _("Lines"),
    "kit": _("Kit"),
    "kind": _("Kind"),
    "quantity": _("Quantity"),
}


@register.filter
def detail_label(key: str) -> str:
    return str(DETAIL_LABELS.get(key, key))
