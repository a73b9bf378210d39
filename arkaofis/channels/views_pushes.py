"""Shipment pushes on the channel's screen: push a refused one again once its cause is fixed."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from arkaofis.channels.models import ShipmentPush
from arkaofis.channels.services.shipment_push import push_shipment_again
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view


@staff_view("channels.change_channel")
def push_again(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    push = get_object_or_404(ShipmentPush, pk=pk, channel__code=code)
    if request.method == "POST":
        try:
            push_shipment_again(push_id=push.pk, user=request.user, source=Source.UI)
        except DomainError as error:
            messages.error(request, _("Nothing was changed.") + " " + error_message(error))
        else:
            number = push.notice.get("shipment_number", "")
            messages.success(request, _("Shipment %(shipment)s queued for the channel again.") % {"shipment": number})
    return redirect("channels:settings", code=code)
