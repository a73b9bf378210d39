"""The new order screen: the same intake as POST /api/orders (with its permission and its
`reserve` choice), for an order taken by phone or at the counter. A refusal is shown on the form
and writes nothing."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.orders.forms_new import NewOrderForm
from arkaofis.orders.services.intake import receive_order
from arkaofis.orders.views import order_error

ADD = "orders.add_salesorder"


@staff_view(ADD)
def new_order(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "more" in request.POST:
        return render(request, "orders/new.html", {"form": NewOrderForm.with_one_more_row(request.POST)})
    form = NewOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order, created = receive_order(
                order=form.order_in(), user=request.user, source=Source.UI, reserve=form.cleaned_data["reserve"]
            )
        except DomainError as error:
            field = error.data.get("field")
            for name in (field, f"ship_{field}"):
                if name in form.fields:
                    form.add_error(name, order_error(error))
                    break
            else:
                form.add_error(None, order_error(error))
        else:
            if created:
                messages.success(request, _("Order %(number)s created.") % {"number": order.number})
            else:
                messages.info(request, _("This order was already created as %(number)s.") % {"number": order.number})
            return redirect("orders:detail", number=order.number)
    return render(request, "orders/new.html", {"form": form}, status=422 if form.errors else 200)
