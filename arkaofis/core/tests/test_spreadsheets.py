"""No exported cell is a live spreadsheet formula; numbers stay numbers."""

from decimal import Decimal

import pytest

from arkaofis.core.spreadsheets import safe_cell, unquoted_cell


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "=", "'"]
)
def test_text_a_spreadsheet_would_run_is_quoted_and_unquoted_back(text):
    cell = safe_cell(text)
    if text == "'":
        assert cell == text  # a lone quote is not a formula
    else:
        assert cell == "'" + text
    assert unquoted_cell(cell) == text


@pytest.mark.parametrize("value", [-5, Decimal("-12.50"), -0.5, 0, None, True, "Black tea", "SKU-1", "a=b", " =x"])
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_a_quote_typed_before_plain_text_is_kept_on_import():
    assert unquoted_cell("'quoted") == "'quoted"
