"""Sample label data: a Turkish warehouse shipping to Turkish customers, for the benchmark, the tests and a
label preview. The names and streets carry every letter Turkish adds to Latin (ç ğ ı İ ö ş ü) on purpose."""

from datetime import date

from arkaofis.fulfilment.domain.parcels import Address
from arkaofis.fulfilment.labels.data import LabelData
from arkaofis.fulfilment.labels.sscc import sscc18

# GS1's own example company prefix (GS1 General Specifications §3.3.1: "(00) 1 0614141 123456789 7").
EXAMPLE_PREFIX = "0614141"

WAREHOUSE = Address(
    name="Arkaofis Depo",
    company="Arka Ofis Ticaret Ltd. Şti.",
    line1="Organize Sanayi Bölgesi 3. Cadde No: 12",
    district="Tuzla",
    city="İstanbul",
    postal_code="34956",
    country="TR",
    phone="+90 216 555 01 00",
)

_CUSTOMERS = (
    Address(
        name="Çağrı Öztürk",
        line1="Büyükdere Cad. No: 185 Kat: 4",
        line2="Levent Plaza",
        district="Şişli",
        city="İstanbul",
        postal_code="34394",
        country="TR",
        phone="+90 532 555 01 01",
    ),
    Address(
        name="Ayşe Gül Işık",
        line1="Atatürk Bulvarı No: 27/3",
        district="Çankaya",
        city="Ankara",
        postal_code="06690",
        country="TR",
    ),
    Address(
        name="Şükrü Doğan",
        company="Ilıca Kuruyemiş",
        line1="Kıbrıs Şehitleri Cad. 1402 Sok. No: 8",
        district="Alsancak",
        city="İzmir",
        postal_code="35220",
        country="TR",
    ),
)


def sample_label(number: int = 1, *, parcels: int = 1) -> LabelData:
    """The `number`-th sample label: its own SSCC (serial `number`), tracking number and customer."""
    return LabelData(
        ship_from=WAREHOUSE,
        ship_to=_CUSTOMERS[number % len(_CUSTOMERS)],
        carrier="Yurtiçi Kargo",
        service="Standart Teslimat",
        tracking_number=f"YK{700000000000 + number}",
        sscc=sscc18(0, EXAMPLE_PREFIX, number),
        shipment_number=f"SH-{number:06d}",
        order_number=f"SO-{number:06d}",
        weight_g=250 + (number * 137) % 20000,
        parcel_index=1 + (number - 1) % parcels if number > 0 else 1,
        parcel_count=parcels,
        ship_date=date(2026, 12, 7),
        sscc_prefix_length=len(EXAMPLE_PREFIX),
    )
