"""The distance table routing reads: how far each warehouse is from a country or postal zone.

A row is keyed by (warehouse, country, postal prefix); saving a key that exists changes its
distance. Every change is audited. Rows are advice for routing, so changing them re-routes
nothing by itself: orders routed from now on use them.
"""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.models import RouteDistance

MAX_DISTANCE = 1_000_000  # km (or any rank the merchant uses); fits the column
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PREFIX = re.compile(r"^[0-9A-Z-]{0,16}$")


def clean_zone(country: str, postal_prefix: str) -> tuple[str, str]:
    """Upper-case, spaces out; raises InvalidInput for anything that is not a country code or a prefix."""
    country = (country or "").strip().upper()
    prefix = (postal_prefix or "").replace(" ", "").upper()
    if not _COUNTRY.match(country):
        raise InvalidInput(
            gettext("Country must be a two-letter ISO code, got %(country)r") % {"country": country}, country=country
        )
    if not _PREFIX.match(prefix):
        raise InvalidInput(
            gettext("Postal prefix: up to 16 letters, digits or dashes, got %(postal_prefix)r")
            % {"postal_prefix": postal_prefix},
            postal_prefix=postal_prefix,
        )
    return country, prefix


def save_route_distance(
    *,
    warehouse: Warehouse,
    country: str,
    postal_prefix: str,
    distance_km: int,
    user: Any,
    source: str,
    distance_id: int | None = None,
) -> RouteDistance:
    """Create a row, change `distance_id`, or (no id) change the row of the same key.

    Raises InvalidInput for a bad zone or distance, or when a changed row would take the key
    of another one.
    """
    country, prefix = clean_zone(country, postal_prefix)
    if isinstance(distance_km, bool) or not isinstance(distance_km, int) or not 0 <= distance_km <= MAX_DISTANCE:
        raise InvalidInput(
            gettext("Distance must be a whole number from 0 to %(max_distance)s") % {"max_distance": MAX_DISTANCE},
            distance_km=distance_km,
        )
    with transaction.atomic():
        same_key = RouteDistance.objects.select_for_update().filter(
            warehouse=warehouse, country=country, postal_prefix=prefix
        )
        row = RouteDistance.objects.select_for_update().filter(pk=distance_id).first() if distance_id else None
        clash = same_key.exclude(pk=row.pk).first() if row else None
        if clash is not None:
            raise InvalidInput(
                gettext("%(warehouse)s already has a distance for %(country)s%(prefix)s")
                % {"warehouse": warehouse.code, "country": country, "prefix": prefix},
                warehouse=warehouse.code,
            )
        row = row or same_key.first()
        before = None if row is None else _describe(row)
        if row is None:
            row = RouteDistance(warehouse=warehouse)
        row.warehouse, row.country, row.postal_prefix, row.distance_km = warehouse, country, prefix, distance_km
        row.save()
        action = "route_distance.created" if before is None else "route_distance.changed"
        record_audit(user=user, source=source, action=action, obj=row, data={**_describe(row), "before": before})
        return row


def delete_route_distance(*, distance: RouteDistance, user: Any, source: str) -> None:
    with transaction.atomic():
        data = _describe(distance)
        record_audit(user=user, source=source, action="route_distance.deleted", obj=distance, data=data)
        distance.delete()


def _describe(row: RouteDistance) -> dict:
    return {
        "warehouse": row.warehouse.code,
        "country": row.country,
        "postal_prefix": row.postal_prefix,
        "distance_km": row.distance_km,
    }
