"""The ZPL label, read back by a small ZPL parser: formats, fields, barcodes' data and every text."""

import re
from dataclasses import dataclass, field, replace

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
    barcodes: list[tuple[str, str, str]] = field(default_factory=list)  # (command, parameters, data)
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
        elif command.startswith("B"):
            barcode = (command, parameters)
        elif command == "GB":
            current.boxes += 1
        elif command == "FH":
            hex_field = True
        elif command == "FD":
            data = unhex(parameters) if hex_field else parameters
            if barcode:
                current.barcodes.append((barcode[0], barcode[1], data))
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
    assert tracking[0] == "BC" and tracking[2] == ">:" + label.tracking_number  # Start B, then the number
    # ">;" Start C, ">8" FNC1, then AI 00 and the 18 digits: ZPL II Programming Guide, ^BC, Table 6.
    assert sscc[0] == "BC" and sscc[2] == ">;>800" + label.sscc
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
