from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import InvalidInput, NotFound


class UnknownSku(NotFound):
    code = "unknown-sku"
    title = _("Unknown SKU")
    message = _("There is no product with SKU %(sku)s.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"No product with SKU {sku!r}", sku=sku)


class InvalidProduct(InvalidInput):
    code = "invalid-product"
    title = _("Invalid product")
