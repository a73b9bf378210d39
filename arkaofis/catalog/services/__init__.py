"""Catalog writes: products (one or many), spreadsheet import and export."""
