"""The task queue: every piece of work waiting for a person, linked to its document by reference.

A task names its document by reference ("SO-000123", "SH-000012", "IE-000042") rather than by a
foreign key: work sits below the contexts whose documents it queues (orders, fulfilment, channels),
so it cannot point at their tables. The flows that own those documents open and close the tasks
(services/), in their own transactions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    PICK = "pick", _("Pick")
    PACK = "pack", _("Pack")
    PUT_AWAY = "put_away", _("Put away")
    COUNT = "count", _("Count")
    COUNT_APPROVAL = "count_approval", _("Count approval")
    TRANSFER = "transfer", _("Transfer")
    KITTING = "kitting", _("Kitting")
    RETURN_INSPECTION = "return_inspection", _("Return inspection")
    ORDER_EXCEPTION = "order_exception", _("Order exception")
    HOLD_REVIEW = "hold_review", _("Hold to review")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")  # waiting; may already be claimed by (assigned to) someone
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")  # the work no longer waits for anyone (its document went away)


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class Priority(models.IntegerChoices):
    """Lower is sooner. Any value 0–99 is allowed; these are the named levels the screens offer."""

    URGENT = 10, _("Urgent")
    HIGH = 30, _("High")
    NORMAL = 50, _("Normal")
    LOW = 70, _("Low")


class Task(models.Model):
    kind = models.CharField(max_length=20, choices=TaskKind.choices)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    priority = models.PositiveSmallIntegerField(default=Priority.NORMAL)
    due_at = models.DateTimeField()
    warehouse = models.ForeignKey(
        "inventory.Warehouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_ref = models.CharField(max_length=64)
    # What the task's screen shows beside the reference (a bin, a count of lines, an error code):
    # small and plain, never personal data; the document itself holds the rest.
    detail = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["priority", "due_at", "id"]
        constraints = [
            # Flows may open the same task twice (a retry, a second hold): one open task per document and kind.
            models.UniqueConstraint(
                fields=["kind", "document_ref"],
                condition=Q(status__in=["open", "in_progress"]),
                name="work_one_open_task_per_document_and_kind",
            ),
            models.CheckConstraint(condition=Q(priority__lte=99), name="work_task_priority_0_99"),
        ]
        indexes = [
            # The queue: open tasks, most urgent first (next_task_for, the board).
            models.Index(fields=["status", "priority", "due_at"], name="work_task_queue"),
            models.Index(fields=["assignee", "status"], name="work_task_assignee"),
            models.Index(fields=["document_ref"], name="work_task_document"),
            # Throughput: tasks closed in a window.
            models.Index(fields=["status", "closed_at"], name="work_task_closed"),
        ]
        permissions = [
            ("claim_task", "Can claim, start and release floor tasks"),
            ("manage_task", "Can reassign and cancel tasks and see the board"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_ref} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
