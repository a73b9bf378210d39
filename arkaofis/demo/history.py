"""Ninety days of a shop's life on the ledger: orders shipped to customers (some of them
kits), replenishment receipts, moves from reserve to picking bins, transfers between
warehouses through transit, stock adjustments with reason codes and customer returns.

Events are drawn at random times and posted in time order through `post_move` with `at=`,
so cost layers, FIFO/FEFO and valuation at a past date all see a consistent history.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from arkaofis.catalog.models import Product, Tracking
from arkaofis.core.models import Source
from arkaofis.demo.catalog_data import CHANNELS
from arkaofis.demo.stock import World, available_at, purchase_order, receive
from arkaofis.inventory.models import Location, MoveReason, Quant, Usage
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move

# kind → weight
EVENT_WEIGHTS = {"ship": 55, "ship_kit": 6, "receive": 10, "replenish": 8, "transfer": 7, "adjust": 9, "return": 5}
LOSS_REASONS = ("damaged", "lost", "count_loss")
GAIN_REASONS = ("found", "count_gain")


def post_history(world: World, events: int, tick) -> None:
    kinds = world.rng.choices(list(EVENT_WEIGHTS), weights=list(EVENT_WEIGHTS.values()), k=events)
    start = world.now - timedelta(days=88)
    span = int((world.now - timedelta(hours=2) - start).total_seconds())
    times = sorted(start + timedelta(seconds=world.rng.randrange(span)) for _ in kinds)
    handlers: dict[str, Callable[[World, datetime], object]] = {
        "ship": ship,
        "ship_kit": ship_kit,
        "receive": replenish_from_supplier,
        "replenish": move_to_picking,
        "transfer": transfer_between_warehouses,
        "adjust": adjust,
        "return": customer_return,
    }
    for kind, at in zip(kinds, times, strict=True):
        handlers[kind](world, at)
        tick()


def order_reference(world: World) -> str:
    prefix, _ = world.rng.choice(CHANNELS)
    return f"{prefix}-{world.rng.randrange(100_000, 999_999)}"


def sale_quantity(world: World, product: Product) -> int:
    unit = product.uom.code
    if unit == "g":
        return world.rng.choice((250, 500, 1000))
    if unit == "ml":
        return world.rng.choice((500, 1000, 2000))
    if unit == "mm":
        return world.rng.choice((1000, 2000, 5000))
    if product.tracking == Tracking.SERIAL:
        return 1
    return world.rng.choice((1, 1, 1, 2, 2, 3))


def stocked_pick(world: World) -> tuple[Product, Location] | None:
    """A random (product, bin) that currently holds stock."""
    for _ in range(10):
        (product_id, _code), bin = world.rng.choice(list(world.placements.items()))
        product = world.by_id[product_id]
        if available_at(product, bin) > 0:
            return product, bin
    return None


def _post(world: World, **move) -> list:
    moves = post_move(user=move.pop("user", world.worker), **move)
    return moves


def ship(world: World, at: datetime, *, pick=None, quantity: int = 0, order: str = "") -> bool:
    pick = pick or stocked_pick(world)
    if pick is None:
        return False
    product, bin = pick
    quantity = min(quantity or sale_quantity(world, product), available_at(product, bin))
    if quantity <= 0:
        return False
    _post(
        world,
        product=product,
        quantity=quantity,
        from_location=bin,
        to_location=virtual_location("customer"),
        reason=MoveReason.SHIPMENT,
        source_document=order or order_reference(world),
        user=None,
        source=Source.CHANNEL,
        at=at,
    )
    return True


def ship_kit(world: World, at: datetime) -> None:
    """A bundle sold: its components leave the one warehouse that has them all."""
    kit = world.rng.choice([p for p in world.products if p.is_kit])
    bill = [(line.component, line.quantity) for line in kit.components.select_related("component", "component__uom")]
    order = f"{order_reference(world)} {kit.sku}"
    for code in ("IST", "ANK", "IZM"):
        bins = [world.placements.get((component.pk, code)) for component, _ in bill]
        if all(b is not None and available_at(c, b) >= q for (c, q), b in zip(bill, bins, strict=True)):
            for (component, quantity), bin in zip(bill, bins, strict=True):
                ship(world, at, pick=(component, bin), quantity=quantity, order=order)
            return


def replenish_from_supplier(world: World, at: datetime) -> None:
    (product_id, code), bin = world.rng.choice(list(world.placements.items()))
    product = world.by_id[product_id]
    quantity = sale_quantity(world, product) * world.rng.randint(10, 30)
    if product.tracking == Tracking.SERIAL:
        quantity = world.rng.randint(1, 3)
    receive(world, product, bin, quantity, at, purchase_order(world, product, at))


def move_to_picking(world: World, at: datetime) -> None:
    """Reserve (zone B) → picking bin in Istanbul, the daily replenishment walk."""
    # One query for what the reserve holds (most of its bins are empty), not one per bin.
    reserve = world.sites["IST"].bins["B"][0].parent_id
    quants = (
        Quant.objects.filter(location__parent_id=reserve, on_hand__gt=0, lot__isnull=True)
        .select_related("product", "product__uom", "location")
        .order_by("location__code", "product__sku")
    )
    candidates = [
        (q, world.placements[(q.product_id, "IST")]) for q in quants if (q.product_id, "IST") in world.placements
    ]
    if not candidates:
        return
    quant, target = world.rng.choice(candidates)
    _post(
        world,
        product=quant.product,
        quantity=max(1, quant.on_hand // 2),
        from_location=quant.location,
        to_location=target,
        reason=MoveReason.TRANSFER,
        source_document=f"RPL-{world.next_number('rpl'):05d}",
        at=at,
    )


def transfer_between_warehouses(world: World, at: datetime) -> None:
    """Istanbul → Ankara or Izmir through transit; lands one to three days later (if by now)."""
    candidates = [(pid, code) for (pid, code) in world.placements if code != "IST" and (pid, "IST") in world.placements]
    if not candidates:
        return
    product_id, code = world.rng.choice(candidates)
    product = world.by_id[product_id]
    source_bin = world.placements[(product_id, "IST")]
    quantity = min(available_at(product, source_bin) // 3, sale_quantity(world, product) * 5)
    if quantity <= 0:
        return
    document = f"TRF-{at:%Y}-{world.next_number('trf'):04d} IST→{code}"
    transit = virtual_location("transit")
    legs = _post(
        world,
        product=product,
        quantity=quantity,
        from_location=source_bin,
        to_location=transit,
        reason=MoveReason.TRANSFER,
        source_document=document,
        at=at,
    )
    arrives = at + timedelta(days=world.rng.randint(1, 3))
    if arrives >= world.now:
        return  # still on the road: the demo shows stock in transit
    for leg in legs:
        _post(
            world,
            product=product,
            quantity=leg.quantity,
            from_location=transit,
            to_location=world.placements[(product_id, code)],
            reason=MoveReason.TRANSFER,
            lot=leg.lot,
            source_document=document,
            at=arrives,
        )


def adjust(world: World, at: datetime) -> None:
    pick = stocked_pick(world)
    if pick is None:
        return
    product, bin = pick
    loss = virtual_location("adjustment")
    if product.tracking == Tracking.SERIAL:
        return
    if world.rng.random() < 0.65:
        quantity = min(available_at(product, bin), max(1, sale_quantity(world, product) // 2))
        reason_code, source_from, source_to = world.rng.choice(LOSS_REASONS), bin, loss
    else:
        quantity, reason_code, source_from, source_to = (
            sale_quantity(world, product),
            world.rng.choice(GAIN_REASONS),
            loss,
            bin,
        )
    lot = None
    if product.tracking == Tracking.LOT and source_from is loss:
        quant = bin.quants.filter(product=product, lot__isnull=False).order_by("-id").first()
        assert quant is not None  # the bin holds this lot-tracked product (stocked_pick), and its units have lots
        lot = quant.lot
    _post(
        world,
        product=product,
        quantity=quantity,
        from_location=source_from,
        to_location=source_to,
        reason=MoveReason.ADJUSTMENT,
        reason_code=reason_code,
        lot=lot,
        source_document=f"CNT-{world.next_number('cnt'):05d}",
        at=at,
    )


def customer_return(world: World, at: datetime) -> None:
    """A customer sends an item back: it arrives in returns, then is restocked or scrapped."""
    untracked = [(pid, code) for (pid, code) in world.placements if world.by_id[pid].tracking == Tracking.NONE]
    product_id, code = world.rng.choice(untracked)
    product, bin = world.by_id[product_id], world.placements[(product_id, code)]
    returns = virtual_location("returns")
    document = f"RMA-{world.next_number('rma'):05d} {order_reference(world)}"
    quantity = 1 if product.uom.code == "pcs" else sale_quantity(world, product)
    _post(
        world,
        product=product,
        quantity=quantity,
        from_location=virtual_location("customer"),
        to_location=returns,
        reason=MoveReason.RETURN,
        source_document=document,
        source=Source.CHANNEL,
        at=at,
    )
    damaged = world.rng.random() < 0.25
    checked = min(at + timedelta(minutes=world.rng.randint(30, 240)), world.now - timedelta(minutes=1))
    _post(
        world,
        product=product,
        quantity=quantity,
        from_location=returns,
        to_location=virtual_location("scrap") if damaged else bin,
        reason=MoveReason.RETURN,
        source_document=document,
        at=checked,
    )


def write_off_expired(world: World) -> None:
    """Count day: about half of the lots already past expiry are written off ("expired");
    the rest stay on the shelf for the expiry reports to find."""
    today = world.now.date()
    quants = (
        Quant.objects.filter(lot__expires_on__lt=today, on_hand__gt=0, location__usage=Usage.INTERNAL)
        .select_related("product", "lot", "location")
        .order_by("id")
    )
    for quant in quants:
        if world.rng.random() < 0.5 and quant.on_hand > quant.reserved:
            _post(
                world,
                product=quant.product,
                quantity=quant.on_hand - quant.reserved,
                from_location=quant.location,
                to_location=virtual_location("adjustment"),
                reason=MoveReason.ADJUSTMENT,
                reason_code="expired",
                lot=quant.lot,
                source_document=f"CNT-{world.next_number('cnt'):05d}",
                at=world.now - timedelta(hours=1),
            )
