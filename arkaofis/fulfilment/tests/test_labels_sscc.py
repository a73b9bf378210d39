"""SSCC-18 and the GS1 mod-10 check digit, against GS1's published examples."""

import pytest

from arkaofis.fulfilment.labels import InvalidSSCC, gs1_check_digit, is_sscc, sscc18
from arkaofis.fulfilment.labels.sscc import check_sscc, sscc_human_readable


def test_sscc18_matches_the_gs1_general_specifications_example():
    # GS1 General Specifications §3.3.1, Figure "Format of the element string": (00) 1 0614141 123456789 7
    assert sscc18(1, "0614141", 123456789) == "106141411234567897"


def test_sscc18_matches_the_gs1_tag_data_standard_example():
    # GS1 EPC Tag Data Standard, SSCC-96: urn:epc:id:sscc:0614141.1234567890 is (00) 106141412345678908
    assert sscc18("1", "0614141", "234567890") == "106141412345678908"


def test_gs1_check_digit_of_published_gtins():
    # GTIN-13 9501101530003 (GS1 General Specifications' example GTIN) and EAN 4006381333931.
    assert gs1_check_digit("950110153000") == 3
    assert gs1_check_digit("400638133393") == 1


def test_the_serial_is_zero_padded_to_fill_seventeen_digits_for_each_prefix_length():
    for prefix in ("1234567", "12345678", "123456789", "1234567890"):
        sscc = sscc18(3, prefix, 42)
        assert len(sscc) == 18 and sscc.startswith("3" + prefix) and sscc[1 + len(prefix) : -1].endswith("42")
        assert is_sscc(sscc)


@pytest.mark.parametrize(
    ("extension", "prefix", "serial", "part"),
    [
        (10, "0614141", 1, "extension"),
        ("a", "0614141", 1, "extension"),
        (0, "061414", 1, "prefix"),
        (0, "06141412345", 1, "prefix"),
        (0, "06141A1", 1, "prefix"),
        (0, "0614141", 1_000_000_000, "serial"),  # 10 digits where a 7-digit prefix leaves 9
        (0, "1234567890", 1_000_000, "serial"),
        (0, "0614141", "12-3", "serial"),
        (0, "0614141", "", "serial"),
    ],
)
def test_sscc18_refuses_parts_that_do_not_make_an_sscc(extension, prefix, serial, part):
    with pytest.raises(InvalidSSCC) as raised:
        sscc18(extension, prefix, serial)
    assert raised.value.data["action"] == part
    assert raised.value.status == 422


def test_a_wrong_check_digit_or_length_is_not_an_sscc():
    assert is_sscc("106141411234567897")
    assert not is_sscc("106141411234567898")
    assert not is_sscc("10614141123456789")
    assert not is_sscc("１06141411234567897")  # a full-width digit is a digit to str.isdigit, not to GS1
    with pytest.raises(InvalidSSCC, match="sscc"):
        check_sscc("106141411234567898")


def test_the_human_readable_text_groups_the_sscc_when_the_prefix_length_is_known():
    assert sscc_human_readable("106141411234567897", 7) == "(00) 1 0614141 123456789 7"
    assert sscc_human_readable("106141411234567897") == "(00) 106141411234567897"
