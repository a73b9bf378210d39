"""The demo store: a seeded, realistic Turkish online shop (home & kitchen, apparel, food)
with three warehouses, opening stock and 90 days of ledger history. See loader.py."""
