"""Fulfilment's pure rules, no Django: shipment stages, pick paths, batching and waves, parcels and labels' data.

Unit-tested without a database (DESIGN.md, "Layout").
"""
