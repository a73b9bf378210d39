import pytest

from arkaofis.channels.tests.factories import ChannelFactory


@pytest.fixture
def channel():
    """The shop's Shopify channel, with the factories' webhook secret."""
    return ChannelFactory(code="shopify-main")
