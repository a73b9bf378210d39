"""Typed requests for views: what middleware adds to a request, said where a view relies on it
(the subclasses django-htmx and django-stubs recommend; the request objects themselves are Django's)."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware (settings.MIDDLEWARE): `request.htmx` is always set."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a login-required view: its user is signed in, never anonymous."""

    user: User
