"""The demo's warehouse floor: the carriers the shop hands parcels to and the boxes it packs in.

The own fleet issues tracking numbers from its range (no account needed); the courier is a second
manual carrier for same-day orders in İstanbul, chosen by the order's shipping method.
"""

from datetime import time

from arkaofis.fulfilment.models import Box, CarrierAccount

BOXES = [
    ("S", "Küçük kutu / Small", 250, 180, 100),
    ("M", "Orta kutu / Medium", 400, 300, 200),
    ("L", "Büyük kutu / Large", 600, 400, 400),
]


def set_up_floor() -> None:
    CarrierAccount.objects.create(
        code="own",
        name="Arkaofis Lojistik",
        tracking_prefix="AO",
        tracking_first=1,
        tracking_last=9_999_999,
        tracking_next=1,
        tracking_url_template="https://takip.arkaofis.example/{number}",
        cutoff_time=time(17, 0),
        default_service="standard",
        options={"rates": {"currency": "TRY", "services": [
            {"code": "standard", "name": "Standart", "days": 2, "bands": [[5000, "60.00"], [30000, "150.00"]]},
        ]}},
        is_default=True,
    )  # fmt: skip
    CarrierAccount.objects.create(
        code="kurye",
        name="Aynı Gün Kurye",
        tracking_prefix="KR",
        tracking_first=1,
        tracking_last=999_999,
        tracking_next=1,
        cutoff_time=time(13, 0),
        shipping_methods="same day,aynı gün",
        default_service="same_day",
        options={"rates": {"currency": "TRY", "services": [
            {"code": "same_day", "name": "Aynı gün", "days": 0, "bands": [[10000, "120.00"]]},
        ]}},
    )  # fmt: skip
    Box.objects.bulk_create(
        Box(code=code, name=name, length_mm=length, width_mm=width, height_mm=height)
        for code, name, length, width, height in BOXES
    )
