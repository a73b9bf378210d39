"""Products (each row is one stock-keeping unit), variant families, units and kits.

Quantities everywhere are integers in the product's base unit (pieces, grams, millilitres,
millimetres): exact on every database, cheap to sum, and the base unit makes fractions needless.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.domain import IMAGE_URL_MAX_LENGTH, is_image_url, is_valid_gtin, is_valid_sku


def validate_gtin(value: str) -> None:
    if value and not is_valid_gtin(value):
        raise ValidationError(f"{value} is not a valid GTIN/EAN (length or check digit)")


def validate_sku(value: str) -> None:
    if not is_valid_sku(value):
        raise ValidationError("SKU: 1-64 letters, digits, '.', '_', '/' or '-'")


def validate_image_url(value: str) -> None:
    if value and not is_image_url(value):
        raise ValidationError(
            _("Give the image as an https:// address of at most %(most)s characters."),
            code="image_url",
            params={"most": IMAGE_URL_MAX_LENGTH},
        )


class UnitOfMeasure(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("unit of measure")
        verbose_name_plural = _("units of measure")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The name a reader sees: a standard unit's stored name is a message id (STANDARD_UNITS),
        said in the reader's language; a unit the shop added keeps its own name."""
        return gettext(self.name) if self.name else self.code


class ProductFamily(models.Model):
    """Groups variants of one product (a T-shirt in sizes and colours)."""

    name = models.CharField(max_length=200)
    option_names = models.JSONField(default=list, blank=True)  # e.g. ["Size", "Colour"]

    class Meta:
        verbose_name = _("product family")
        verbose_name_plural = _("product families")

    def __str__(self) -> str:
        return self.name


class CostMethod(models.TextChoices):
    FIFO = "fifo", _("FIFO")
    AVERAGE = "average", _("Moving average")


class Tracking(models.TextChoices):
    NONE = "none", _("None")
    LOT = "lot", _("Lot")
    SERIAL = "serial", _("Serial")


class Product(models.Model):
    sku = models.CharField(max_length=64, unique=True, validators=[validate_sku])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    family = models.ForeignKey(ProductFamily, null=True, blank=True, on_delete=models.SET_NULL, related_name="variants")
    options = models.JSONField(default=dict, blank=True)  # e.g. {"Size": "M", "Colour": "Red"}
    barcode = models.CharField(max_length=14, null=True, blank=True, unique=True, validators=[validate_gtin])
    uom = models.ForeignKey(UnitOfMeasure, on_delete=models.PROTECT)
    category = models.CharField(max_length=100, blank=True, db_index=True)
    is_kit = models.BooleanField(default=False)
    tracking = models.CharField(max_length=8, choices=Tracking.choices, default=Tracking.NONE)
    cost_method = models.CharField(max_length=8, choices=CostMethod.choices, default=CostMethod.FIFO)
    standard_cost = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal("0"))
    sale_price = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="TRY")
    # Size of one base unit as packed (null: not known): what bins fill with and cartons weigh.
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    volume_ml = models.PositiveIntegerField(_("volume (ml = cm³)"), null=True, blank=True)
    # A photo on the shop's own site or CDN, shown small on the pick and pack screens so a picker
    # knows the item at a glance. An address, not an upload: the channels already host the photos.
    image_url = models.URLField(
        _("image URL"), max_length=IMAGE_URL_MAX_LENGTH, blank=True, validators=[validate_image_url]
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]
        permissions = [("import_products", "Can import and export products")]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class KitComponent(models.Model):
    """One line of a kit's bill of materials: `quantity` of `component` per kit."""

    kit = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="used_in_kits")
    quantity = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("kit component")
        verbose_name_plural = _("kit components")
        constraints = [
            models.UniqueConstraint(fields=["kit", "component"], name="kit_component_once"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="kit_component_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kit.sku} ← {self.quantity} × {self.component.sku}"
