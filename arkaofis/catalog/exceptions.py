from arkaofis.core.exceptions import InvalidInput, NotFound


class UnknownSku(NotFound):
    code = "unknown-sku"
    title = "Unknown SKU"

    def __init__(self, sku: str) -> None:
        super().__init__(f"No product with SKU {sku!r}", sku=sku)


class InvalidProduct(InvalidInput):
    code = "invalid-product"
    title = "Invalid product"
