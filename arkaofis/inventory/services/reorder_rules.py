"""Reorder rules: the low-stock threshold of a product in a warehouse. Setting or deleting one
re-evaluates its alert at once, so the Low stock list never waits for the next stock move."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import LowStockAlert, ReorderRule, Warehouse
from arkaofis.inventory.services.low_stock import evaluate_rule

MAX_THRESHOLD = 1_000_000_000  # the API's quantity bound; fits the integer columns


def _require_count(name: str, value: object) -> int:
    # bool is an int in Python; a threshold of True is a bug upstream, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_THRESHOLD:
        raise InvalidInput(
            gettext("%(name)s must be a whole number from 0 to %(max_threshold)s, got %(value)r")
            % {"name": name, "max_threshold": MAX_THRESHOLD, "value": value},
            **{name: value},
        )
    return value


def set_reorder_rule(
    *,
    product: Product,
    warehouse: Warehouse,
    min_quantity: int,
    reorder_quantity: int = 0,
    user: Any,
    source: str,
) -> ReorderRule:
    """Create or update the rule of (product, warehouse) and open or close its alert now."""
    min_quantity = _require_count("min_quantity", min_quantity)
    reorder_quantity = _require_count("reorder_quantity", reorder_quantity)
    if product.is_kit:
        raise InvalidInput(
            gettext("%(sku)s is a kit: set rules on its components") % {"sku": product.sku},
            sku=product.sku,
        )
    with transaction.atomic():
        rule, created = ReorderRule.objects.select_for_update().get_or_create(
            product=product,
            warehouse=warehouse,
            defaults={"min_quantity": min_quantity, "reorder_quantity": reorder_quantity},
        )
        before = None if created else {"min_quantity": rule.min_quantity, "reorder_quantity": rule.reorder_quantity}
        if not created:
            rule.min_quantity, rule.reorder_quantity = min_quantity, reorder_quantity
            rule.save(update_fields=["min_quantity", "reorder_quantity"])
        alert = _reevaluate(rule)
        record_audit(
            user=user,
            source=source,
            action="reorder_rule.created" if created else "reorder_rule.changed",
            obj=rule,
            data={
                "sku": product.sku,
                "warehouse": warehouse.code,
                "min_quantity": min_quantity,
                "reorder_quantity": reorder_quantity,
                "before": before,
                "alert_open": alert is not None,
            },
        )
    return rule


def _reevaluate(rule: ReorderRule) -> LowStockAlert | None:
    """Evaluate the alert; a changed threshold also shows on an alert that stays open."""
    alert = evaluate_rule(rule)
    if alert is not None and alert.threshold != rule.min_quantity:
        alert.threshold = rule.min_quantity
        alert.save(update_fields=["threshold"])
    return alert


def delete_reorder_rule(*, rule: ReorderRule, user: Any, source: str) -> None:
    """Delete the rule; its open alert (if any) is resolved, since nothing watches it any more."""
    with transaction.atomic():
        data = {
            "sku": rule.product.sku,
            "warehouse": rule.warehouse.code,
            "min_quantity": rule.min_quantity,
            "reorder_quantity": rule.reorder_quantity,
        }
        LowStockAlert.objects.filter(
            product_id=rule.product_id, warehouse_id=rule.warehouse_id, resolved_at__isnull=True
        ).update(resolved_at=timezone.now())
        record_audit(user=user, source=source, action="reorder_rule.deleted", obj=rule, data=data)
        rule.delete()


def evaluate_all_rules() -> tuple[int, int]:
    """Re-evaluate every rule (each in its own transaction); return (rules, open alerts)."""
    rules = opened = 0
    for rule in ReorderRule.objects.select_related("product", "warehouse").order_by("pk").iterator():
        with transaction.atomic():
            opened += evaluate_rule(rule) is not None
        rules += 1
    return rules, opened
