"""Edit an order before release: quantities, prices, added and removed lines, addresses,
shipping method and charge, notes, tags and priority.

One function, `edit_order`, takes a typed OrderEdit, so a channel's update, the API and the
screen change an order the same way. Each edit is one transaction under the order's lock:

- only draft, confirmed, reserved and backordered orders are edited (OrderNotEditable);
- the reservations of every line whose quantity changed, or that was removed, are released,
  and the new quantities reserved with reservation.py's own line reservation (a line is its
  demand "SO-000123/L1", a kit line one demand per component);
- a reserved order must stay reserved: if any line cannot be reserved in full the whole edit
  is refused with EditWouldOversell (SKU, wanted, available) and the transaction rolls back,
  so stock, lines and totals are exactly as before;
- a confirmed or backordered order takes the edit and, when its lines changed, is reserved
  where possible by reserve_order: it ends reserved, or backordered if a line is short (an edit
  of notes alone reserves nothing); a draft is never reserved;
- totals are recomputed; the change is audited as "order.edited" with a before/after diff and
  emitted as "order.updated" through the outbox in the same transaction.

Applying an edit that changes nothing (every value already as asked) writes nothing, so a
channel update seen twice, or a form posted twice, is harmless. Line numbers are never reused:
a removed line's number stays gone, because its demand references name past reservations and
channel messages; the highest number an order ever had is kept in its "order.edited" audit rows
(a line cannot be kept with quantity 0: the table requires a positive quantity).
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog
from arkaofis.core.money import round_unit
from arkaofis.orders import domain
from arkaofis.orders.edits.services._stock import release_line, reserve_in_full
from arkaofis.orders.events import AUDIT_TYPE, record_order_change
from arkaofis.orders.exceptions import OrderNotEditable
from arkaofis.orders.models import Address, SalesOrder, SalesOrderLine
from arkaofis.orders.services._locking import lock_order
from arkaofis.orders.services.intake import MAX_MONEY, AddressIn, _check_address
from arkaofis.orders.services.reservation import reserve_order

S = domain.OrderStatus
EDITABLE = frozenset({S.DRAFT, S.CONFIRMED, S.RESERVED, S.BACKORDERED})
ZERO = Decimal("0")
LINE_FIELDS = ("quantity", "unit_price", "discount", "tax")
ADDRESS_FIELDS = tuple(AddressIn.__dataclass_fields__)
MAX_SMALLINT = 32767


@dataclass(frozen=True)
class LineChange:
    """New values for an existing line; None leaves a value as it is."""

    line_no: int
    quantity: int | None = None
    unit_price: Decimal | None = None
    discount: Decimal | None = None  # for the whole line
    tax: Decimal | None = None  # for the whole line


@dataclass(frozen=True)
class NewLine:
    sku: str
    quantity: int
    unit_price: Decimal | None = None  # None: the product's sale price (same currency only)
    discount: Decimal = ZERO
    tax: Decimal = ZERO
    external_id: str = ""  # the channel's line id, when a channel adds it


@dataclass(frozen=True)
class OrderEdit:
    """What to change; every field left at its default is left alone."""

    change: tuple[LineChange, ...] = ()
    remove: tuple[int, ...] = ()  # line numbers
    add: tuple[NewLine, ...] = ()
    shipping: AddressIn | None = None
    billing: AddressIn | None = None
    shipping_method: str | None = None
    shipping_charge: Decimal | None = None
    notes: str | None = None
    tags: tuple[str, ...] | None = None
    priority: int | None = None


@dataclass
class EditResult:
    order: SalesOrder
    changes: dict[str, Any] = field(default_factory=dict)  # the audited diff; empty: nothing changed

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def edit_order(
    *, order_id: int, edit: OrderEdit, user: Any, source: str, audit: dict[str, Any] | None = None
) -> EditResult:
    """Apply `edit` in one transaction; see the module docstring for the rules. `audit` adds
    facts to the audit row of a change (e.g. when the channel made it).

    Raises OrderNotEditable, EditWouldOversell, UnknownSku or InvalidInput, writing nothing.
    """
    check_edit(edit)
    products = _products(edit)
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in EDITABLE:
            raise OrderNotEditable(order.number, order.status)
        lines = {line.line_no: line for line in order.lines.all()}
        changes, requantified = _diff(order, lines, edit, products)
        if not changes:
            return EditResult(order)
        return _apply(order, lines, edit, changes, requantified, user=user, source=source, audit=audit or {})


def preview_changes(*, order: SalesOrder, edit: OrderEdit) -> dict[str, Any]:
    """The diff `edit` would make to `order` whatever its status, writing nothing (a channel's
    update of a released order is reported only when it would change something)."""
    check_edit(edit)
    lines = {line.line_no: line for line in order.lines.all()}
    return _diff(order, lines, edit, _products(edit))[0]


def _diff(
    order: SalesOrder, lines: dict[int, SalesOrderLine], edit: OrderEdit, products: dict[str, Product]
) -> tuple[dict[str, Any], set[int]]:
    """The audited diff and the lines whose quantity moves; `lines` take the new values in memory."""
    changes: dict[str, Any] = {}
    line_diffs, requantified = _changed_lines(order, lines, edit)
    removed = _removed_lines(order, lines, edit)
    added = _added_lines(order, lines, edit, products)
    if line_diffs or removed or added:
        changes["lines"] = line_diffs + removed + added
    changes.update(_header_changes(order, edit))
    return changes, requantified


def check_edit(edit: OrderEdit) -> None:
    """The edit's own shape, before anything is read or locked."""
    numbers = [change.line_no for change in edit.change] + list(edit.remove)
    if len(numbers) != len(set(numbers)):
        raise InvalidInput(gettext("Each line may be changed or removed once per edit"), field="lines")
    for change in edit.change:
        _check_numbers(change.quantity, (change.unit_price, change.discount, change.tax), line=change.line_no)
    for index, new in enumerate(edit.add, start=1):
        if not new.sku or len(new.sku) > 64 or len(new.external_id) > 100:
            raise InvalidInput(
                gettext("New line %(index)s: a SKU (64) and external id (100 characters) at most") % {"index": index},
                field="sku",
            )
        _check_numbers(new.quantity, (new.unit_price, new.discount, new.tax), line=None)
    for address in (edit.shipping, edit.billing):
        if address is not None:
            _check_address(address)
    if edit.shipping_method is not None and len(edit.shipping_method) > 64:
        raise InvalidInput(gettext("Shipping method is longer than 64 characters"), field="shipping_method")
    if edit.shipping_charge is not None and not ZERO <= edit.shipping_charge < MAX_MONEY:
        raise InvalidInput(gettext("Shipping charge cannot be negative or that large"), field="shipping_charge")
    if edit.tags is not None and (len(edit.tags) > 20 or any(len(tag) > 50 for tag in edit.tags)):
        raise InvalidInput(gettext("At most 20 tags of 50 characters each"), field="tags")
    if edit.priority is not None and not -MAX_SMALLINT - 1 <= edit.priority <= MAX_SMALLINT:
        raise InvalidInput(
            gettext("Priority must be from %(low)s to %(high)s") % {"low": -MAX_SMALLINT - 1, "high": MAX_SMALLINT},
            field="priority",
        )


def _check_numbers(quantity: int | None, money: tuple[Decimal | None, ...], *, line: int | None) -> None:
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0):
        refused = (
            gettext("Line %(line)s: quantity must be a positive whole number") % {"line": line}
            if line
            else gettext("The quantity must be a positive whole number")
        )
        raise InvalidInput(refused, field="quantity", line=line)
    if any(value is not None and not ZERO <= value < MAX_MONEY for value in money):
        refused = (
            gettext("Line %(line)s: price, discount and tax cannot be negative or that large") % {"line": line}
            if line
            else gettext("Price, discount and tax cannot be negative or that large")
        )
        raise InvalidInput(refused, field="unit_price", line=line)


def _products(edit: OrderEdit) -> dict[str, Product]:
    skus = {new.sku for new in edit.add}
    found = {product.sku: product for product in Product.objects.filter(sku__in=skus)} if skus else {}
    for new in edit.add:  # in the edit's order, so the error names the first unknown SKU
        if new.sku not in found:
            raise UnknownSku(new.sku)
    return found


def _line_or_refuse(order: SalesOrder, lines: dict[int, SalesOrderLine], line_no: int) -> SalesOrderLine:
    if line_no not in lines:
        raise InvalidInput(
            gettext("%(order)s has no line %(line_no)s") % {"order": order.number, "line_no": line_no},
            field="line_no",
            line=line_no,
        )
    return lines[line_no]


def _changed_lines(order: SalesOrder, lines: dict[int, SalesOrderLine], edit: OrderEdit) -> tuple[list[dict], set[int]]:
    """Apply each change to its line in memory; return the diffs and the lines whose quantity moved."""
    diffs: list[dict] = []
    requantified: set[int] = set()
    for change in edit.change:
        line = _line_or_refuse(order, lines, change.line_no)
        diff = {}
        for name in LINE_FIELDS:
            new, old = getattr(change, name), getattr(line, name)
            if new is not None and new != old:
                diff[name] = [_plain(old), _plain(new)]
                setattr(line, name, new)
        if diff:
            diffs.append({"line": line.line_no, "sku": line.sku, **diff})
        if "quantity" in diff:
            requantified.add(line.line_no)
    return diffs, requantified


def _removed_lines(order: SalesOrder, lines: dict[int, SalesOrderLine], edit: OrderEdit) -> list[dict]:
    removed = [_line_or_refuse(order, lines, line_no) for line_no in edit.remove]
    if removed and len(removed) == len(lines) and not edit.add:
        raise InvalidInput(
            gettext("%(order)s must keep at least one line; cancel the order instead") % {"order": order.number},
            field="remove",
        )
    return [{"line": line.line_no, "sku": line.sku, "removed": line.quantity} for line in removed]


def _added_lines(
    order: SalesOrder, lines: dict[int, SalesOrderLine], edit: OrderEdit, products: dict[str, Product]
) -> list[dict]:
    """New lines (unsaved) numbered after the highest number the order ever had."""
    if not edit.add:
        return []
    next_no = max([highest_line_no(order), *lines]) + 1
    added = []
    for offset, new in enumerate(edit.add):
        product = products[new.sku]
        unit_price = new.unit_price
        if unit_price is None:
            if product.currency != order.currency:
                raise InvalidInput(
                    gettext("%(sku)s is priced in %(product_currency)s, the order in %(currency)s: give a unit price")
                    % {"sku": new.sku, "product_currency": product.currency, "currency": order.currency},
                    field="unit_price",
                    sku=new.sku,
                )
            unit_price = product.sale_price
        line = SalesOrderLine(
            order=order,
            line_no=next_no + offset,
            product=product,
            sku=product.sku,
            quantity=new.quantity,
            unit_price=unit_price,
            discount=new.discount,
            tax=new.tax,
            external_id=new.external_id,
        )
        lines[line.line_no] = line
        added.append({"line": line.line_no, "sku": line.sku, "added": line.quantity})
    return added


def highest_line_no(order: SalesOrder) -> int:
    """The highest line number the order ever had, removed lines included."""
    current = max(order.lines.values_list("line_no", flat=True), default=0)
    edits = AuditLog.objects.filter(object_type=AUDIT_TYPE, object_id=str(order.pk), action="order.edited")
    past = [data.get("last_line_no") or 0 for data in edits.values_list("data", flat=True) if isinstance(data, dict)]
    return max([current, *past])


def _header_changes(order: SalesOrder, edit: OrderEdit) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ("shipping_method", "shipping_charge", "notes", "priority"):
        new, old = getattr(edit, name), getattr(order, name)
        if new is not None and new != old:
            changes[name] = [_plain(old), _plain(new)]
    if edit.tags is not None and list(edit.tags) != list(order.tags or []):
        changes["tags"] = [list(order.tags or []), list(edit.tags)]
    for which in ("shipping", "billing"):
        new_address = getattr(edit, which)
        if new_address is not None:
            differing = _address_fields_changed(getattr(order, which), new_address)
            if differing:
                # Which fields, not their values: the audit log and webhook payloads carry no
                # personal data beyond what is needed to explain the change.
                changes[which] = {"changed": differing}
    return changes


def _address_fields_changed(current: Address | None, new: AddressIn) -> list[str]:
    return [name for name in ADDRESS_FIELDS if getattr(new, name) != (getattr(current, name) if current else "")]


def _plain(value: Any) -> Any:
    # Money as stored (4 places), so a diff reads the same whichever side it came from.
    return str(round_unit(value)) if isinstance(value, Decimal) else value


def _apply(
    order: SalesOrder,
    lines: dict[int, SalesOrderLine],
    edit: OrderEdit,
    changes: dict[str, Any],
    requantified: set[int],
    *,
    user: Any,
    source: str,
    audit: dict[str, Any],
) -> EditResult:
    removed = set(edit.remove)
    for line_no in sorted(requantified | removed):
        release_line(order, line_no, user=user, source=source)
    SalesOrderLine.objects.filter(order=order, line_no__in=removed).delete()
    fresh: set[int] = set()
    edited = _edited_line_numbers(changes)
    for line_no, line in sorted(lines.items()):
        if line_no in removed:
            continue
        if line.pk is None:
            line.save()
            fresh.add(line_no)
        elif line_no in edited:
            if line_no in requantified:
                line.reserved_quantity = 0
            line.save(update_fields=[*LINE_FIELDS, "reserved_quantity"])
    kept = [line for line_no, line in sorted(lines.items()) if line_no not in removed]
    _apply_header(order, edit, changes, kept)
    last_line_no = max([highest_line_no(order), *lines])
    if order.status == S.RESERVED:
        changed_lines = [lines[no] for no in sorted(requantified | fresh)]
        reserve_in_full(order, kept, changed_lines, user=user, source=source)
    record_order_change(
        order=order,
        action="order.edited",
        user=user,
        source=source,
        data={**audit, "changes": changes, "last_line_no": last_line_no},
    )
    if (requantified or fresh) and order.status in domain.RESERVABLE:  # confirmed or backordered
        order = reserve_order(order_id=order.pk, user=user, source=source)
    return EditResult(order, changes)


def _edited_line_numbers(changes: dict[str, Any]) -> set[int]:
    """Line numbers that an existing line's diff names."""
    return {diff["line"] for diff in changes.get("lines", []) if "removed" not in diff and "added" not in diff}


def _apply_header(order: SalesOrder, edit: OrderEdit, changes: dict[str, Any], kept: list[SalesOrderLine]) -> None:
    fields = ["updated_at"]
    for name in ("shipping_method", "shipping_charge", "notes", "priority", "tags"):
        if name in changes:
            value = getattr(edit, name)
            setattr(order, name, list(value) if name == "tags" else value)
            fields.append(name)
    for which in ("shipping", "billing"):
        if which in changes:
            # A new row rather than an update: addresses are never shared and the old one stays as it was.
            setattr(order, which, Address.objects.create(**asdict(getattr(edit, which))))
            fields.append(which)
    totals = domain.order_totals(
        ((line.quantity, line.unit_price, line.discount, line.tax) for line in kept), order.shipping_charge
    )
    if max(abs(value) for value in totals.values()) >= MAX_MONEY:
        raise InvalidInput(gettext("Order totals are too large to store"), field="lines")
    before = {name: getattr(order, name) for name in totals}
    if before != totals:
        changes["totals"] = {name: [_plain(before[name]), _plain(totals[name])] for name in totals}
        for name, value in totals.items():
            setattr(order, name, value)
        fields.extend(totals)
    order.save(update_fields=fields)
