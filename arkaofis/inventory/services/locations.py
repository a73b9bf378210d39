"""Warehouses and their location trees (warehouse → zone → bin), and each location's policy
on negative stock."""

from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.inputs import is_path_segment
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Kind, Location, Quant, RemovalStrategy, Usage, Warehouse

CHILD_KINDS: dict[str, Kind] = {Kind.WAREHOUSE: Kind.ZONE, Kind.ZONE: Kind.BIN}
CODE_LENGTH = cast(int, Location._meta.get_field("code").max_length)  # a location's full path must fit


def create_warehouse(
    *, code: str, name: str, country: str = "TR", postal_code: str = "", user: Any, source: str
) -> Warehouse:
    """A warehouse and its root location (code = the warehouse code). A code already in use
    (also when another request takes it first) is refused with Conflict."""
    _check_code(code)
    try:
        with transaction.atomic():
            warehouse = Warehouse.objects.create(code=code, name=name, country=country, postal_code=postal_code)
            Location.objects.create(code=code, name=name, warehouse=warehouse, kind=Kind.WAREHOUSE)
            record_audit(user=user, source=source, action="warehouse.created", obj=warehouse, data={"code": code})
    except IntegrityError:
        raise Conflict(gettext("Code %(code)r is already in use") % {"code": code}, code_in_use=code) from None
    return warehouse


def _check_code(code: str) -> None:
    if not is_path_segment(code):
        detail = _("A code may not be empty or hold a slash, a space or control characters")
        raise InvalidInput(detail, code=code)


def ensure_warehouse_virtual_location(
    *, warehouse: Warehouse, usage: str, suffix: str, name: str, user: Any, source: str
) -> Location:
    """A warehouse's own virtual location for `usage` ("IST/RETURNS"), created on first use.

    Virtual (not internal), so what sits there is outside available-to-promise: a returns dock
    or a quarantine shelf whose goods must not be sold. It may not go negative. A location with
    that code that is not this warehouse's `usage` location is refused with Conflict.
    """
    code = f"{warehouse.code}/{suffix}"
    with transaction.atomic():
        location, created = Location.objects.get_or_create(
            code=code,
            defaults={"name": name, "warehouse": warehouse, "kind": Kind.VIRTUAL, "usage": usage},
        )
        if location.usage != usage or location.warehouse_id != warehouse.pk:
            raise Conflict(
                gettext("Location %(code)r exists for another use") % {"code": code},
                location=code,
                usage=location.usage,
            )
        if created:
            record_audit(user=user, source=source, action="location.created", obj=location, data={"code": code})
    return location


def create_child_location(*, parent: Location, code: str, name: str = "", user: Any, source: str) -> Location:
    """A zone under a warehouse, or a bin under a zone; its code is the path ("IST/A/A-01")."""
    kind = CHILD_KINDS.get(parent.kind)
    if kind is None or parent.usage != Usage.INTERNAL:
        raise InvalidInput(
            gettext("%(parent)s (%(kind)s) cannot hold child locations") % {"parent": parent.code, "kind": parent.kind},
            parent=parent.code,
        )
    _check_code(code)
    full_code = f"{parent.code}/{code}"
    if len(full_code) > CODE_LENGTH:
        raise InvalidInput(
            gettext("%(full_code)s is longer than a location code may be") % {"full_code": full_code}, code=full_code
        )
    try:
        with transaction.atomic():
            location = Location.objects.create(
                code=full_code,
                name=name or code,
                parent=parent,
                warehouse=parent.warehouse,
                kind=kind,
                removal_strategy=parent.removal_strategy,
            )
            record_audit(
                user=user, source=source, action="location.created", obj=location, data={"code": location.code}
            )
    except IntegrityError:
        raise Conflict(
            gettext("Location %(full_code)r already exists") % {"full_code": full_code}, location=full_code
        ) from None
    return location


def set_negative_stock_policy(*, location: Location, allow: bool, user: Any, source: str) -> Location:
    """Allow or forbid negative stock; the quants' copy of the flag follows in the same transaction.

    Forbidding it while a quant is negative (or over-reserved) is refused: the CHECK would fail.
    """
    with transaction.atomic():
        quants = Quant.objects.select_for_update().filter(location=location)
        if not allow:
            broken = [q for q in quants if q.on_hand < 0 or q.reserved > q.on_hand]
            if broken:
                raise Conflict(
                    gettext("%(location)s holds negative or over-reserved stock; fix it before forbidding negatives")
                    % {"location": location.code},
                    location=location.code,
                    products=[q.product_id for q in broken],
                )
        location.allow_negative = allow
        location.save(update_fields=["allow_negative"])
        quants.update(negative_allowed=allow)
        record_audit(
            user=user, source=source, action="location.negative_policy", obj=location, data={"allow_negative": allow}
        )
    return location


def set_removal_strategy(*, location: Location, strategy: str, user: Any, source: str) -> Location:
    """Choose FIFO or FEFO for a location; reservations on it pick quants in that order."""
    if strategy not in RemovalStrategy.values:
        raise InvalidInput(gettext("Unknown removal strategy %(strategy)r") % {"strategy": strategy}, strategy=strategy)
    with transaction.atomic():
        location.removal_strategy = strategy
        location.save(update_fields=["removal_strategy"])
        record_audit(
            user=user, source=source, action="location.removal_strategy", obj=location, data={"strategy": strategy}
        )
    return location


def ensure_station(*, warehouse: Warehouse, suffix: str, name: str) -> Location:
    """A warehouse's internal working place ("IST/PACK"), a zone made on first use.

    Stock there is in the warehouse and valued, like any shelf; concurrent first uses agree on one row.
    """
    code = f"{warehouse.code}/{suffix}"
    location, created = Location.objects.filter(code=code).first(), False
    if location is None:  # first use: under the warehouse's root
        root = Location.objects.filter(warehouse=warehouse, kind=Kind.WAREHOUSE, parent=None).first()
        location, created = Location.objects.get_or_create(
            code=code,
            defaults={"name": name, "warehouse": warehouse, "parent": root, "kind": Kind.ZONE, "usage": Usage.INTERNAL},
        )
    if location.warehouse_id != warehouse.pk or location.usage != Usage.INTERNAL:
        raise Conflict(gettext("Location %(code)r exists for another use") % {"code": code}, location=code)
    if created:
        record_audit(user=None, source="system", action="location.created", obj=location, data={"code": code})
    return location
