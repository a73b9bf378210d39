"""The shop's carriers as the adapters want them, and the own fleet's tracking-number counter."""

from django.db import transaction
from django.db.models import F

from arkaofis.fulfilment.carriers import Carrier, carrier_for
from arkaofis.fulfilment.carriers.exceptions import TrackingRangeExhausted, UnknownCarrier
from arkaofis.fulfilment.models import CarrierAccount, CarrierKind


def _config(account: CarrierAccount) -> dict:
    config = {**account.options, "kind": account.kind, "name": account.name}
    if account.kind == CarrierKind.MANUAL:
        config |= {
            "prefix": account.tracking_prefix,
            "first": account.tracking_first,
            "last": account.tracking_last,
            "check_digit": account.tracking_check_digit,
            "tracking_url": account.tracking_url_template,
        }
    return config


def next_serial(account_id: int) -> int:
    """The next serial of a manual carrier's range, taken under the row's lock (its own transaction,
    so a number is never issued twice, even when the label is then refused and the number skipped)."""
    with transaction.atomic():
        account = CarrierAccount.objects.select_for_update().get(pk=account_id)
        if account.tracking_next > account.tracking_last:
            raise TrackingRangeExhausted(account.code, account.tracking_next, account.tracking_last)
        CarrierAccount.objects.filter(pk=account_id).update(tracking_next=F("tracking_next") + 1)
        return account.tracking_next


def carrier_of(account: CarrierAccount) -> Carrier:
    return carrier_for(account.code, {account.code: _config(account)}, next_serial=lambda: next_serial(account.pk))


def account_for(*, code: str | None, shipping_method: str = "", required: bool = True) -> CarrierAccount | None:
    """The named carrier; else the one serving the order's shipping method; else the default one.

    None when the shop has no carrier and `required` is off (a wave may be planned before carriers are set)."""
    active = CarrierAccount.objects.filter(active=True)
    if code:
        account = active.filter(code=code).first()
        if account is None:
            raise UnknownCarrier(code)
        return account
    method = shipping_method.strip().lower()
    for account in active:
        if method and method in {m.strip().lower() for m in account.shipping_methods.split(",") if m.strip()}:
            return account
    account = active.filter(is_default=True).first() or active.first()
    if account is None and required:
        raise UnknownCarrier("—")
    return account
