"""carrier_for: each configured carrier built from plain settings, credentials from the environment."""

import pytest
from django.utils import translation

from arkaofis.fulfilment.carriers import Carrier, CarrierNotConfigured, UnknownCarrier, carrier_for
from arkaofis.fulfilment.carriers.easypost import EasyPostCarrier
from arkaofis.fulfilment.carriers.manual import ManualCarrier
from arkaofis.fulfilment.carriers.yurtici import YurticiCarrier

RATES = {"currency": "TRY", "services": [{"code": "standard", "bands": [[5000, "60"]]}]}
SETTINGS = {
    "own": {"kind": "manual", "prefix": "AO", "first": 1, "last": 99, "rates": RATES},
    "easypost": {"kind": "easypost", "label_format": "zpl", "timeout": 15},
    "yurtici": {"kind": "yurtici", "rates": RATES | {"volumetric_divisor": 3000}},
    "yurtici_cod": {"kind": "yurtici", "name": "Yurtiçi (tahsilatlı)", "rates": RATES},
}
ENVIRON = {
    "EASYPOST_API_KEY": "EZAK-live-secret",
    "YURTICI_USERNAME": "1234567",
    "YURTICI_PASSWORD": "yk-pass-secret",
    "YURTICI_COD_USERNAME": "7654321",
    "YURTICI_COD_PASSWORD": "cod-pass-secret",
}


def test_each_kind_is_built_from_its_settings_and_the_environment():
    own = carrier_for("own", SETTINGS, next_serial=lambda: 5, environ=ENVIRON)
    easypost = carrier_for("easypost", SETTINGS, environ=ENVIRON)
    yurtici = carrier_for("yurtici", SETTINGS, environ=ENVIRON)
    cod = carrier_for("yurtici_cod", SETTINGS, environ=ENVIRON)

    assert isinstance(own, ManualCarrier) and own.tracking_range.number(5) == "AO05"
    assert isinstance(easypost, EasyPostCarrier) and (easypost.label_format, easypost.timeout) == ("zpl", 15.0)
    assert isinstance(yurtici, YurticiCarrier) and yurtici.rate_table.volumetric_divisor == 3000
    assert isinstance(cod, YurticiCarrier) and (cod.username, cod.name) == ("7654321", "Yurtiçi (tahsilatlı)")
    assert all(isinstance(c, Carrier) for c in (own, easypost, yurtici, cod))


def test_no_secret_shows_in_repr():
    shown = " ".join(repr(carrier_for(code, SETTINGS, environ=ENVIRON)) for code in ("easypost", "yurtici"))
    for secret in ("EZAK-live-secret", "yk-pass-secret", "1234567"):
        assert secret not in shown


def test_a_missing_credential_names_the_variable_not_a_value():
    with pytest.raises(CarrierNotConfigured) as missing:
        carrier_for("yurtici", SETTINGS, environ={"YURTICI_USERNAME": "1234567"})
    assert missing.value.data["setting"] == "password (YURTICI_PASSWORD)"
    assert "1234567" not in missing.value.localized()


def test_an_unknown_code_is_not_found_in_the_reader_s_language():
    with pytest.raises(UnknownCarrier) as unknown:
        carrier_for("dhl", SETTINGS, environ=ENVIRON)
    assert unknown.value.status == 404
    with translation.override("tr"):
        assert "dhl" in unknown.value.localized() and "kargo" in unknown.value.localized().lower()


def test_a_manual_carrier_needs_its_serial_counter():
    with pytest.raises(CarrierNotConfigured) as missing:
        carrier_for("own", SETTINGS, environ=ENVIRON)
    assert missing.value.data["setting"] == "next_serial"


@pytest.mark.parametrize(
    ("code", "broken", "setting"),
    [
        ("easypost", {"label_format": "png"}, "label_format"),
        ("easypost", {"timeout": 0}, "timeout"),
        ("own", {"last": 0, "first": 5}, "first/last/width"),
        ("own", {"rates": {"currency": "XXX1", "services": []}}, "rates.currency"),
        ("own", {"rates": {"currency": "TRY", "services": [{"code": "s", "bands": [[1, "abc"]]}]}}, "rates.services"),
        ("own", {"kind": "pigeon"}, "kind"),
    ],
)
def test_malformed_settings_are_refused_with_the_setting_named(code, broken, setting):
    settings = SETTINGS | {code: SETTINGS[code] | broken}
    with pytest.raises(CarrierNotConfigured) as refused:
        carrier_for(code, settings, next_serial=lambda: 1, environ=ENVIRON)
    assert refused.value.data["setting"] == setting
