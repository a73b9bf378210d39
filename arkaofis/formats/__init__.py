"""Date formats per language (settings.FORMAT_MODULE_PATH), the same on every screen.

Django's English default writes 12/07/2026, which a reader outside the US takes for 12 July: every
language here names the month ("7 Dec 2026 14:05", "7 Ara 2026 14:05") and uses a 24-hour clock.
Only display formats are set; input formats stay Django's (date fields take ISO dates first)."""
