"""The ZPL label, read back by a small ZPL parser: formats, fields, barcodes' data and every text."""

import re
from dataclasses import dataclass, field, replace

from django.utils import translation

from arkaofis.fulfilment.labels import render_label_zpl
from arkaofis.fulfilment.labels.data import address_lines
from arkaofis.fulfilment.labels.samples import sample_label
from arkaofis.fulfilment.labels.zpl import HEIGHT, WIDTH, zpl_escape

# A command is a prefix (^ or ~) and two characters (^A takes the font as its second: ^A0, ^AT, ^A@).
COMMAND = re.compile(r"[\^~]([A-Z@0-9][A-Z@0-9])")


@dataclass
class Format:
    """One ^XA…^XZ label as the printer would read it: its setup commands, texts and barcodes."""

    setup: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    # (command, parameters, data, ^FO x, ^BY module width in dots)
    barcodes: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    boxes: int = 0


def tokenise(zpl: str) -> list[tuple[str, str]]:
    """(command, parameters) pairs; the parameters run to the next command prefix."""
    matches = list(COMMAND.finditer(zpl))
    return [
        (match.group(1), zpl[match.end() : matches[i + 1].start() if i + 1 < len(matches) else len(zpl)].strip())
        for i, match in enumerate(matches)
    ]


def unhex(data: str, indicator: str = "_") -> str:
    """^FH field data: each indicator + two hex digits is a byte; the bytes are UTF-8 under ^CI28."""
    raw = bytearray()
    i = 0
    while i < len(data):
        if data[i] == indicator:
            raw.append(int(data[i + 1 : i + 3], 16))
            i += 3
        else:
            raw += data[i].encode()
            i += 1
    return raw.decode("utf-8")


def parse(zpl: str) -> list[Format]:
    formats: list[Format] = []
    current: Format | None = None
    barcode: tuple[str, str] | None = None
    hex_field = False
    origin_x = 0
    for command, parameters in tokenise(zpl):
        if command == "XA":
            current, barcode, hex_field = Format(), None, False
            continue
        assert current is not None, f"^{command} outside ^XA…^XZ"
        if command == "XZ":
            formats.append(current)
            current = None
        elif command in {"CI", "PW", "LL", "LH", "CW", "BY"}:
            current.setup[command] = parameters
        elif command == "FO":
            origin_x = int(parameters.split(",")[0])
        elif command.startswith("B") and command != "BY":
            barcode = (command, parameters)
        elif command == "GB":
            current.boxes += 1
        elif command == "FH":
            hex_field = True
        elif command == "FD":
            data = unhex(parameters) if hex_field else parameters
            if barcode:
                module = int(current.setup["BY"].split(",")[0])
                current.barcodes.append((barcode[0], barcode[1], data, origin_x, module))
            else:
                current.texts.append(data)
        elif command == "FS":
            barcode, hex_field = None, False
    assert current is None, "a format was not closed with ^XZ"
    return formats


def test_a_label_is_one_utf8_format_the_size_of_a_4_by_6_label_at_203_dpi():
    [label_format] = parse(render_label_zpl([sample_label(1)]))
    assert label_format.setup["CI"] == "28"
    assert (label_format.setup["PW"], label_format.setup["LL"]) == (str(WIDTH), str(HEIGHT)) == ("812", "1218")
    assert label_format.boxes >= 5  # the frame and the rules between the bands


def test_the_barcodes_carry_the_tracking_number_and_the_sscc_as_gs1_128():
    label = sample_label(1)
    [label_format] = parse(render_label_zpl([label]))
    tracking, sscc = label_format.barcodes
    # YK700000000001: Start B, "YK", switch to C (>5), six pairs of digits: the symbol the PDF label draws.
    assert tracking[0] == "BC" and tracking[2] == ">:YK>5700000000001"
    assert read_bc(tracking[2])[0] == label.tracking_number
    # ">;" Start C, ">8" FNC1, then AI 00 and the 18 digits: ZPL II Programming Guide, ^BC, Table 6.
    assert sscc[0] == "BC" and sscc[2] == ">;>800" + label.sscc
    assert read_bc(sscc[2]) == ("\x1d00" + label.sscc, 156)
    assert sscc[1].split(",")[2] == "N"  # no interpretation line: the label prints its own "(00) …" text


def test_every_text_of_the_label_is_in_a_field():
    label = sample_label(1)
    [label_format] = parse(render_label_zpl([label]))
    texts = "\n".join(label_format.texts)
    for expected in (
        label.ship_to.name,
        label.ship_from.name,
        *address_lines(label.ship_to),
        label.carrier,
        label.service,
        label.tracking_number,
        f"Order: {label.order_number}",
        f"Shipment: {label.shipment_number}",
        "Weight: 0.387 kg",
        "(00) 0 0614141 000000001 2",
        "Parcel 1 of 1",
    ):
        assert expected in texts


def test_turkish_letters_are_sent_as_utf8_in_the_unicode_font():
    base = sample_label(1)
    label = replace(base, ship_to=replace(base.ship_to, line2="İstanbul Şişli Ğ ç ö ü ı"))
    zpl = render_label_zpl([label])
    [label_format] = parse(zpl)
    assert "İstanbul Şişli Ğ ç ö ü ı" in label_format.texts
    assert label_format.setup["CW"] == "T,E:TT0003M_.FNT" and "^ATN," in zpl


def test_carets_tildes_and_underscores_in_data_are_escaped_not_read_as_commands():
    base = sample_label(1)
    name = "A^XZ~JA_B ^FS"
    zpl = render_label_zpl([replace(base, ship_to=replace(base.ship_to, name=name))])
    [label_format] = parse(zpl)  # one format: the ^XZ in the name did not end it
    assert name in label_format.texts
    assert zpl_escape("^~_") == "_5E_7E_5F"


def test_a_batch_is_one_format_per_label_in_order():
    labels = [sample_label(number) for number in range(1, 6)]
    formats = parse(render_label_zpl(labels))
    assert [f.barcodes[1][2][-18:] for f in formats] == [label.sscc for label in labels]


def test_a_printer_without_the_unicode_font_gets_font_zero():
    zpl = render_label_zpl([sample_label(1)], font="")
    assert "^CW" not in zpl and "^A0N," in zpl and "^AT" not in zpl


def read_bc(data: str) -> tuple[str, int]:
    """What a ^BC field encodes (FNC1 as "\x1d", as scanners send it) and how many modules wide it is, per
    the invocation codes of ZPL II Programming Guide, ^BC, Table 6 (>9 >: >; start A B C, >5 >6 >7 switch to
    C B A, >8 FNC1). Each code or character is 11 modules, as are Start and the check character; Stop 13."""
    subsets = {">9": "A", ">:": "B", ">;": "C", ">5": "C", ">6": "B", ">7": "A"}
    subset, text, symbols, i = "B", "", 0, 0
    while i < len(data):
        if data[i] == ">":
            code = data[i : i + 2]
            subset = subsets.get(code, subset)
            text += "\x1d" if code == ">8" else ""
            i += 2
        elif subset == "C":
            assert data[i : i + 2].isdigit(), data
            text += data[i : i + 2]
            i += 2
        else:
            text += data[i]
            i += 1
        symbols += 1
    return text, 11 * (symbols + 1) + 13


def test_barcodes_keep_their_quiet_zones_inside_the_label_even_for_a_long_tracking_number():
    base = sample_label(1)
    for tracking in (base.tracking_number, "JD0146000062812345678901234567", "1Z999AA10123456784"):
        [label_format] = parse(render_label_zpl([replace(base, tracking_number=tracking)]))
        assert read_bc(label_format.barcodes[0][2])[0] == tracking
        for _command, _parameters, data, x, module in label_format.barcodes:
            width = read_bc(data)[1] * module
            assert x >= 10 * module + 22 and x + width <= WIDTH - 22 - 10 * module, (data, x, module)
        assert label_format.barcodes[0][4] >= 2  # at least 10 mil: a 1-dot module does not scan reliably
        assert label_format.barcodes[1][4] == 4  # the SSCC at 4 dots: 0.5 mm, GS1's logistic label X-dimension


def test_a_turkish_label_keeps_the_dotted_capital_i_and_the_decimal_comma():
    with translation.override("tr"):
        [label_format] = parse(render_label_zpl([sample_label(3)]))
    assert {"GÖNDEREN", "TESLİMAT ADRESİ", "TAKİP NUMARASI", "Ağırlık: 0,661 kg"} <= set(label_format.texts)
