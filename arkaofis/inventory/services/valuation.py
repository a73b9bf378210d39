"""Cost of goods as it moves: layers in, FIFO or moving-average out.

Stock is valued while it sits in internal or transit locations (domain.VALUED_USAGES). A move
into them opens a cost layer; a move out of them consumes layers (FIFO: oldest first; average: the one running layer).
Each move stores the value it carried, so valuation at any past date is a sum over the ledger.
"""

from decimal import Decimal
from typing import cast

from django.db.models import DecimalField

from arkaofis.catalog.models import CostMethod
from arkaofis.core.money import UNIT_QUANTUM, round_unit
from arkaofis.inventory.domain import VALUED_USAGES
from arkaofis.inventory.exceptions import QuantityOutOfRange, ValueOutOfRange
from arkaofis.inventory.models import BALANCE_LIMIT, CostLayer, StockMove

_VALUE = cast(DecimalField, StockMove._meta.get_field("value"))
# The largest value a ledger row stores (max_digits 18, 4 decimals: 99,999,999,999,999.9999).
MAX_VALUE = Decimal(10) ** (_VALUE.max_digits - _VALUE.decimal_places) - UNIT_QUANTUM


def value_move(move: StockMove) -> None:
    """Set `move.value` (and `unit_cost` when unknown), update the cost layers and save the move.

    An unsaved move is written once, valued (one INSERT, no UPDATE), unless the layer it opens
    must name it: then it is written first."""
    from_internal = move.from_location.usage in VALUED_USAGES
    to_internal = move.to_location.usage in VALUED_USAGES
    if to_internal and not from_internal:
        unit_cost = Decimal(move.unit_cost) if move.unit_cost is not None else _current_cost(move)
        if move.pk is None:
            move.save()
        _add_layer(move, unit_cost)
        value = unit_cost * move.quantity
    elif from_internal and not to_internal:
        value = _consume_layers(move)
    elif from_internal and move.unit_cost is not None:
        # Valued→valued leaves the layers as they are. A caller that knows the units' cost (a transfer's
        # receipt carries what it was shipped at) says so, so the value that left a place (transit) is
        # the value that arrives at the next: the road empties to zero, whatever other moves did between.
        value = Decimal(move.unit_cost) * move.quantity
    else:
        # Otherwise valued→valued is valued at the next units' FIFO cost; virtual→virtual is never valued.
        value = _peek_cost(move) if from_internal else Decimal(0)
    move.value = round_unit(Decimal(value))  # internal precision: rounded to the currency when shown
    if abs(move.value) > MAX_VALUE:
        raise ValueOutOfRange(move.product.sku, move.quantity, MAX_VALUE)
    if move.unit_cost is None:
        move.unit_cost = round_unit(move.value / move.quantity)
    if move.pk is None:
        move.save()
    else:
        move.save(update_fields=["value", "unit_cost"])


def _current_cost(move: StockMove) -> Decimal:
    """Cost for stock arriving without a price (a found unit, a return): the product's going cost."""
    layer = CostLayer.objects.filter(product_id=move.product_id, remaining__gt=0).order_by("-id").first()
    if layer is not None:
        return layer.unit_cost
    return Decimal(move.product.standard_cost)


def _add_layer(move: StockMove, unit_cost: Decimal) -> None:
    if move.product.cost_method == CostMethod.AVERAGE:
        layer = CostLayer.objects.select_for_update().filter(product_id=move.product_id).order_by("-id").first()
        if layer is not None:
            total_units = layer.remaining + move.quantity
            if total_units > BALANCE_LIMIT:
                raise QuantityOutOfRange(move.product.sku, str(move.to_location), BALANCE_LIMIT)
            average = round_unit((layer.unit_cost * layer.remaining + unit_cost * move.quantity) / total_units)
            if layer.quantity + move.quantity <= BALANCE_LIMIT:
                layer.unit_cost, layer.remaining = average, total_units
                layer.quantity += move.quantity
                layer.save(update_fields=["unit_cost", "quantity", "remaining"])
                return
            # The running layer has counted all the units it can: a new one carries the stock on.
            layer.remaining = 0
            layer.save(update_fields=["remaining"])
            _open_layer(move, average, total_units)
            return
    _open_layer(move, unit_cost, move.quantity)


def _open_layer(move: StockMove, unit_cost: Decimal, units: int) -> None:
    CostLayer.objects.create(
        product_id=move.product_id, move=move, quantity=units, remaining=units, unit_cost=unit_cost,
        created_at=move.created_at,
    )  # fmt: skip


def _consume_layers(move: StockMove) -> Decimal:
    """Take `move.quantity` units out of the oldest layers; units beyond them (negative stock)
    are valued at the last known cost."""
    layers = CostLayer.objects.select_for_update().filter(product_id=move.product_id, remaining__gt=0)
    left = move.quantity
    value = Decimal(0)
    last_cost = None
    for layer in layers.order_by("created_at", "id"):
        take = min(layer.remaining, left)
        value += layer.unit_cost * take
        last_cost = layer.unit_cost
        layer.remaining -= take
        layer.save(update_fields=["remaining"])
        left -= take
        if left == 0:
            break
    if left:
        value += (last_cost if last_cost is not None else Decimal(move.product.standard_cost)) * left
    return value


def _peek_cost(move: StockMove) -> Decimal:
    """Value of the next `quantity` units in FIFO order, without consuming them."""
    left = move.quantity
    value = Decimal(0)
    last_cost = Decimal(move.product.standard_cost)
    for layer in CostLayer.objects.filter(product_id=move.product_id, remaining__gt=0).order_by("created_at", "id"):
        take = min(layer.remaining, left)
        value += layer.unit_cost * take
        last_cost = layer.unit_cost
        left -= take
        if left == 0:
            break
    return value + last_cost * left
