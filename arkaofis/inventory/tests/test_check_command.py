import pytest
from django.core.management import CommandError, call_command

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.models import Quant
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_check_passes_on_a_consistent_ledger(capsys):
    receive(ProductFactory(), LocationFactory(), 5)
    call_command("check_ledger")
    assert "Invariants hold" in capsys.readouterr().out


def test_check_reports_a_quant_that_drifted_from_its_moves(capsys):
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    Quant.objects.filter(product=product, location=shelf).update(on_hand=7)
    with pytest.raises(CommandError):
        call_command("check_ledger")
    out = capsys.readouterr().out
    assert "[FAIL] each quant equals the sum of its moves" in out
    assert "on_hand 7 but moves sum to 5" in out
    Quant.objects.filter(product=product, location=shelf).update(on_hand=5)  # repair for the autouse check


def test_check_reports_reserved_beyond_reservations(capsys):
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    Quant.objects.filter(product=product, location=shelf).update(reserved=2)
    with pytest.raises(CommandError):
        call_command("check_ledger")
    assert "[FAIL] reserved equals the active reservations" in capsys.readouterr().out
    Quant.objects.filter(product=product, location=shelf).update(reserved=0)
