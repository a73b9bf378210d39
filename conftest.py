"""Suite-wide test set-up: PostgreSQL-only tests skip, with their reason, on SQLite."""

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _local_webhook_receivers(settings):
    """The webhook tests receive on 127.0.0.1, which production refuses (core/outbound.py):
    allowed here whatever DEBUG says; the tests of the refusal turn it off."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture(autouse=True)
def _ledger_invariants_hold_after_each_test(request):
    """`arkaofis check` (every registered invariant) must stay green after every test that touched the database."""
    yield
    if not ({"db", "transactional_db"} & set(request.fixturenames)):
        return
    from arkaofis.core.invariants import invariant_breaks

    breaks = invariant_breaks()
    assert not breaks, f"ledger invariants broken after test: {breaks}"


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request in Turkish leaves its language active in the thread (LocaleMiddleware activates and
    never deactivates), and refusals are told in the active language: each test starts afresh."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
