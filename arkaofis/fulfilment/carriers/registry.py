"""Which carriers we have, from plain configuration: `carrier_for(code, settings)`.

`settings` maps our carrier code to its configuration (the lead keeps it in Django settings as
CARRIERS, filled from the environment). Each entry names its `kind`:

    {
      "own": {"kind": "manual", "name": "Own fleet", "prefix": "AO", "first": 1, "last": 9999999,
              "check_digit": true, "tracking_url": "https://shop.example/track/{number}",
              "rates": {"currency": "TRY", "services": [{"code": "standard", "name": "Standard",
                        "days": 1, "bands": [[5000, "60.00"], [30000, "150.00"]]}]}},
      "easypost": {"kind": "easypost", "label_format": "zpl", "timeout": 30},
      "yurtici": {"kind": "yurtici", "url": "https://ws.yurticikargo.com/…", "rates": {…,
                  "volumetric_divisor": 3000}},
    }

Credentials may be written in the entry ("api_key", "username", "password") or, better, left out:
then they are read from the environment (EASYPOST_API_KEY; YURTICI_USERNAME, YURTICI_PASSWORD;
with a code other than the kind, e.g. "yurtici_cod", its upper-cased code prefixes them:
YURTICI_COD_USERNAME). They are never logged, never put in an error, and kept out of repr().
"""

import os
from collections.abc import Callable, Mapping
from typing import Any

from arkaofis.fulfilment.carriers.base import Carrier
from arkaofis.fulfilment.carriers.easypost import EasyPostCarrier
from arkaofis.fulfilment.carriers.exceptions import CarrierNotConfigured, UnknownCarrier
from arkaofis.fulfilment.carriers.manual import manual_from_config
from arkaofis.fulfilment.carriers.rates import RateTable
from arkaofis.fulfilment.carriers.yurtici import LIVE_URL, YurticiCarrier

KINDS = ("manual", "easypost", "yurtici")


def carrier_for(
    code: str,
    settings: Mapping[str, Mapping[str, Any]],
    *,
    next_serial: Callable[[], int] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Carrier:
    """The carrier configured under `code`. A manual carrier needs `next_serial` (a locked counter)."""
    config = settings.get(code)
    if config is None:
        raise UnknownCarrier(code)
    environ = os.environ if environ is None else environ
    kind = config.get("kind", code)
    if kind == "manual":
        if next_serial is None:
            raise CarrierNotConfigured(code, "next_serial")
        return manual_from_config(code, config, next_serial=next_serial)
    if kind == "easypost":
        return EasyPostCarrier(
            api_key=_secret(code, kind, config, "api_key", environ),
            code=code,
            name=str(config.get("name", "EasyPost")),
            api_base=str(config.get("api_base", "https://api.easypost.com/v2")),
            timeout=_timeout(code, config),
            label_format=_label_format(code, config),
        )
    if kind == "yurtici":
        return YurticiCarrier(
            username=_secret(code, kind, config, "username", environ),
            password=_secret(code, kind, config, "password", environ),
            rate_table=RateTable.from_config(code, config.get("rates", {})),
            code=code,
            name=str(config.get("name", "Yurtiçi Kargo")),
            url=str(config.get("url", LIVE_URL)),
            language=str(config.get("language", "TR")),
            timeout=_timeout(code, config),
        )
    raise CarrierNotConfigured(code, "kind")


def _secret(code: str, kind: str, config: Mapping[str, Any], name: str, environ: Mapping[str, str]) -> str:
    prefix = (code if code != kind else kind).upper()
    value = config.get(name) or environ.get(f"{prefix}_{name.upper()}", "")
    if not value:
        raise CarrierNotConfigured(code, f"{name} ({prefix}_{name.upper()})")
    return str(value)


def _timeout(code: str, config: Mapping[str, Any]) -> float:
    try:
        timeout = float(config.get("timeout", 20))
    except (TypeError, ValueError) as error:
        raise CarrierNotConfigured(code, "timeout") from error
    if timeout <= 0:
        raise CarrierNotConfigured(code, "timeout")
    return timeout


def _label_format(code: str, config: Mapping[str, Any]) -> Any:
    label_format = str(config.get("label_format", "pdf")).lower()
    if label_format not in ("pdf", "zpl"):
        raise CarrierNotConfigured(code, "label_format")
    return label_format
