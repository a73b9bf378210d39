"""The task screens: "my next task" for the phone, and the manager's board for the desk.

Each action calls one service; a refusal is shown as a message and changes nothing. A task's
document opens where its context registered it (links.py).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory.charts import svg_number
from arkaofis.inventory.models import Warehouse
from arkaofis.work import selectors
from arkaofis.work.forms import BoardFilterForm
from arkaofis.work.services.assigning import reassign_task
from arkaofis.work.services.claiming import next_task_for, release_task, start_task

VIEW, CLAIM, MANAGE = "work.view_task", "work.claim_task", "work.manage_task"


def _warehouse_codes() -> list[str]:
    return list(Warehouse.objects.filter(active=True).values_list("code", flat=True))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("back", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@staff_view(CLAIM)
def my_next(request: HttpRequest) -> HttpResponse:
    """The worker's phone: the task to do now (their first open one), and a button to be handed one."""
    warehouse = request.GET.get("warehouse", "")
    queue = list(selectors.my_queue(user=request.user)[:20])
    context = {
        "current": queue[0] if queue else None,
        "later": queue[1:],
        "warehouses": _warehouse_codes(),
        "warehouse": warehouse,
        "back": request.get_full_path(),
    }
    return render(request, "work/next.html", context)


@staff_view(CLAIM)
def claim_next(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("warehouse", "") if request.method == "POST" else ""
    target = reverse("work:next") + (f"?warehouse={code}" if code in _warehouse_codes() else "")
    if request.method != "POST":
        return redirect(target)
    try:
        task = next_task_for(user=request.user, warehouse=selectors.warehouse_or_none(code), source=Source.UI)
    except DomainError as error:
        messages.error(request, error_message(error))
    else:
        if task is None:
            messages.info(request, _("Nothing waits for you now."))
    return redirect(target)


def _act(request: HttpRequest, pk: int, action, done: str, default: str) -> HttpResponse:  # noqa: ANN001
    if request.method == "POST":
        try:
            action(task_id=pk, user=request.user, source=Source.UI)
        except DomainError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, done % {"task": pk})
    return redirect(_back(request, default))


@staff_view(CLAIM)
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, start_task, _("Task %(task)s started."), reverse("work:next"))


@staff_view(CLAIM)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, release_task, _("Task %(task)s is back in the queue."), reverse("work:next"))


@staff_view(MANAGE)
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    back = _back(request, reverse("work:board"))
    if request.method != "POST":
        return redirect(back)
    username = request.POST.get("assignee", "").strip()
    try:
        assignee = selectors.active_user(username) if username else None
        reassign_task(task_id=pk, assignee=assignee, user=request.user, source=Source.UI)
    except DomainError as error:
        messages.error(request, _("Nothing was changed.") + " " + error_message(error))
    else:
        text = _("Task %(task)s assigned to %(user)s.") if username else _("Task %(task)s is back in the queue.")
        messages.success(request, text % {"task": pk, "user": username})
    return redirect(back)


@staff_view(VIEW)
def board(request: HttpRequest) -> HttpResponse:
    """The manager's board: columns by status, load by person, past due, throughput per person."""
    query = request.GET.copy()
    query.setdefault("hours", "8")  # the select shows the window used
    filters = BoardFilterForm(query, warehouses=_warehouse_codes())
    data = filters.cleaned_data if filters.is_valid() else {}
    warehouse, hours = data.get("warehouse") or None, data.get("hours") or 8
    found = selectors.board(warehouse=warehouse, hours=hours)
    manager = request.user.has_perm(MANAGE)
    context = {
        "filters": filters,
        "board": found,
        "hours": hours,
        "past_due": list(selectors.past_due(warehouse=warehouse)[:50]),
        "manager": manager,
        "throughput": _bars(selectors.throughput(hours=hours, warehouse=warehouse)) if manager else [],
        "people": _people_by_kind([*found.open, *found.in_progress]) if manager else {},
        "back": request.get_full_path(),
    }
    return render(request, "work/board.html", context)


def _bars(rows: list[selectors.Throughput]) -> list[dict]:
    """Bars for the throughput chart: width relative to the fastest person (server-drawn SVG)."""
    top = max((row.per_hour for row in rows), default=0.0)
    return [{"row": row, "width": svg_number(row.per_hour / top * 100 if top else 0.0)} for row in rows]


def _people_by_kind(tasks: list) -> dict[str, list[str]]:  # noqa: ANN001
    """Who may be handed each kind on the board (the reassign menus), asked once per kind."""
    return {
        kind: [user.get_username() for user in selectors.people_for_kind(kind)]
        for kind in sorted({task.kind for task in tasks})
    }
