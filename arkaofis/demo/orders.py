"""Open sales orders for the demo: placed over the last two days on every channel, reserved
through the order services (so available-to-promise differs from on hand), a few on hold,
one cancelled, and those that found no stock backordered."""

from datetime import timedelta
from decimal import Decimal

from arkaofis.core.models import Source
from arkaofis.demo.catalog_data import CHANNELS
from arkaofis.demo.stock import World
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.distances import save_route_distance
from arkaofis.orders.services.holds import place_hold
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn, receive_order
from arkaofis.orders.services.reservation import reserve_order

CUSTOMERS = [
    ("Ayşe Yılmaz", "İstanbul", "Kadıköy", "34710"),
    ("Mehmet Demir", "Ankara", "Çankaya", "06690"),
    ("Zeynep Kaya", "İzmir", "Bornova", "35040"),
    ("Emre Şahin", "Bursa", "Nilüfer", "16110"),
    ("Elif Çelik", "Antalya", "Muratpaşa", "07100"),
    ("Can Öztürk", "Eskişehir", "Tepebaşı", "26010"),
]


# Road kilometres from each warehouse to the customers' provinces (postal prefix = plate code),
# and to the rest of Turkey, so routing in the demo explains itself ("nearest to TR-35").
DISTANCES = {
    "IST": {"34": 30, "06": 450, "35": 480, "16": 150, "07": 700, "26": 300, "": 600},
    "ANK": {"34": 470, "06": 25, "35": 590, "16": 390, "07": 480, "26": 230, "": 500},
    "IZM": {"34": 480, "06": 580, "35": 30, "16": 330, "07": 450, "26": 400, "": 600},
}


def add_route_distances(world: World) -> None:
    for code, zones in DISTANCES.items():
        warehouse = world.sites[code].warehouse
        for prefix, km in zones.items():
            save_route_distance(
                warehouse=warehouse, country="TR", postal_prefix=prefix, distance_km=km, user=None, source=Source.SYSTEM
            )


def place_open_orders(world: World, count: int) -> None:
    add_route_distances(world)
    pieces = sorted({pid for (pid, _code) in world.placements if world.by_id[pid].uom.code == "pcs"})
    for number in range(count):
        order = _order_in(world, pieces, number)
        placed, _ = receive_order(order=order, user=None, source=Source.CHANNEL)
        if number % 9 == 4:
            place_hold(order_id=placed.pk, kind="payment", reason="Havale bekleniyor", user=None, source=Source.CHANNEL)
        reserve_order(order_id=placed.pk, user=None, source=Source.SYSTEM)
        if number == count - 1:
            cancel_order(order_id=placed.pk, user=world.worker, source=Source.UI, reason="Müşteri fikrini değiştirdi")


def _order_in(world: World, pieces: list[int], number: int) -> OrderIn:
    prefix, channel = world.rng.choice(CHANNELS)
    name, city, district, postal_code = world.rng.choice(CUSTOMERS)
    products = world.rng.sample(pieces, world.rng.choice((1, 1, 2, 3)))
    lines = tuple(
        OrderLineIn(
            sku=world.by_id[pid].sku,
            quantity=world.rng.choice((1, 1, 2)),
            unit_price=Decimal(world.by_id[pid].sale_price),
        )
        for pid in products
    )
    address = AddressIn(
        name=name,
        line1=f"{district} Mah. {number + 1} Sok. No:{world.rng.randrange(1, 90)}",
        city=city,
        region=district,
        postal_code=postal_code,
        country="TR",
    )
    email = name.lower().replace(" ", ".").translate(str.maketrans("ışçöüğ", "iscoug")) + "@example.com"
    return OrderIn(
        channel=channel.lower(),
        external_id=f"{prefix}-{world.rng.randrange(100_000, 999_999)}",
        currency="TRY",
        lines=lines,
        customer_email=email,
        billing=address,
        shipping=address,
        shipping_charge=Decimal("49.90") if world.rng.random() < 0.4 else Decimal(0),
        payment_status="pending" if number % 9 == 4 else "paid",
        placed_at=world.now - timedelta(minutes=world.rng.randrange(10, 2 * 24 * 60)),
    )
