"""What a label needs before it is printed: a typed, translated error names the missing address fields."""

from dataclasses import replace

import pytest
from django.utils import translation

from arkaofis.fulfilment.domain.parcels import Address
from arkaofis.fulfilment.labels import (
    InvalidSSCC,
    LabelAddressIncomplete,
    LabelFieldInvalid,
    NothingToPrint,
    check_label,
    render_label_pdf,
    render_label_zpl,
    render_packing_slip,
)
from arkaofis.fulfilment.labels.data import address_lines, format_weight
from arkaofis.fulfilment.labels.samples import sample_label


def test_a_complete_label_passes_the_check():
    label = sample_label(7)
    assert check_label(label) is label


def test_a_label_for_a_ship_to_missing_fields_names_them_in_order():
    label = replace(sample_label(1), ship_to=Address(name="Ayşe", line1="  ", country="TR"))
    with pytest.raises(LabelAddressIncomplete) as raised:
        check_label(label)
    error = raised.value
    assert error.status == 422
    assert error.data == {"action": "ship_to", "fields": ["line1", "city", "postal_code"]}
    assert error.localized() == "The ship-to address is missing: address line 1, city, postal code."
    problem = error.as_problem()
    assert problem["status"] == 422 and problem["fields"] == ["line1", "city", "postal_code"]


def test_the_missing_fields_are_told_in_turkish_to_a_turkish_reader():
    label = replace(sample_label(1), ship_from=replace(sample_label(1).ship_from, postal_code="", city=""))
    with pytest.raises(LabelAddressIncomplete) as raised:
        check_label(label)
    with translation.override("tr"):
        assert raised.value.localized() == "Gönderen adresinde eksik alanlar: şehir, posta kodu."
        assert str(raised.value.as_problem()["title"]) == "Etiket için adres eksik"


def test_rendering_refuses_the_whole_batch_when_one_label_is_incomplete():
    broken = replace(sample_label(2), ship_to=replace(sample_label(2).ship_to, country=""))
    with pytest.raises(LabelAddressIncomplete, match="country"):
        render_label_pdf([sample_label(1), broken])


@pytest.mark.parametrize("tracking", ["", "YK 123", "A^B", "A~B", "A>B", "Ş123", "X" * 41])
def test_a_tracking_number_a_barcode_cannot_carry_is_refused(tracking):
    with pytest.raises(LabelFieldInvalid) as raised:
        check_label(replace(sample_label(1), tracking_number=tracking))
    assert raised.value.data["action"] == "tracking_number"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"weight_g": 0}, "weight_g"), ({"parcel_index": 3, "parcel_count": 2}, "parcel"), ({"sscc": "123"}, "sscc")],
)
def test_a_weight_parcel_count_or_sscc_that_cannot_be_printed_is_refused(changes, field):
    with pytest.raises((LabelFieldInvalid, InvalidSSCC)) as raised:
        check_label(replace(sample_label(1), **changes))
    assert raised.value.data["action"] == field


def test_address_lines_leave_out_blank_parts_and_flatten_control_characters():
    address = Address(name="X", line1="Büyükdere\nCad. 1", district="Şişli", city="İstanbul", postal_code="34394")
    assert address_lines(address) == ["Büyükdere Cad. 1", "34394 Şişli / İstanbul"]


def test_weights_print_in_kilograms_with_grams():
    assert (format_weight(1250), format_weight(5), format_weight(20000)) == ("1.250 kg", "0.005 kg", "20.000 kg")


def test_asking_for_no_labels_or_slips_is_refused_rather_than_an_empty_file():
    with pytest.raises(NothingToPrint) as raised:
        render_label_pdf([])
    assert raised.value.status == 422 and raised.value.localized() == "There are no labels to print."
    with pytest.raises(NothingToPrint):
        render_label_zpl([])
    with pytest.raises(NothingToPrint, match="slips"):
        render_packing_slip([])
