"""The shop's carriers as the adapters want them, and the own fleet's tracking-number counter."""

from typing import Any

from django.db import transaction
from django.db.models import F

from arkaofis.core.services.audit import record_audit
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


def save_carrier_account(*, account: CarrierAccount, user: Any, source: str) -> CarrierAccount:
    """Add or change a carrier (validated by its form). One carrier is the default: naming this one
    the default takes it from the others. A new own-fleet range starts at its first number; a changed
    one never goes back below the next number already issued."""
    with transaction.atomic():
        created = account.pk is None
        if created:
            account.tracking_next = account.tracking_first
        else:
            issued = CarrierAccount.objects.select_for_update().get(pk=account.pk).tracking_next
            account.tracking_next = max(issued, account.tracking_first)
        account.save()
        if account.is_default:
            CarrierAccount.objects.exclude(pk=account.pk).filter(is_default=True).update(is_default=False)
        record_audit(
            user=user,
            source=source,
            action="carrier.created" if created else "carrier.changed",
            obj=account,
            data={"code": account.code, "kind": account.kind, "default": account.is_default},
        )
        return account
