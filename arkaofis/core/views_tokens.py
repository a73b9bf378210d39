"""API tokens screen: a user lists, creates and revokes their own tokens. The raw token is shown
once, in the answer to the create request, and never stored (only its digest is)."""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from arkaofis.core.exceptions import DomainError
from arkaofis.core.http import AuthenticatedHttpRequest
from arkaofis.core.models import ApiToken, Source
from arkaofis.core.services.tokens import create_api_token, revoke_api_token
from arkaofis.core.views import error_message


def member_view(view: Callable) -> Callable:
    """Login first, then at least one role: a token acts with its user's permissions, so a user
    without a role has nothing a token could do."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_superuser or request.user.groups.exists()):
            raise PermissionDenied("no role")
        return view(request, *args, **kwargs)

    return login_required(guarded)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Shopify sync” or “stock script”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


@never_cache  # the page that shows a new raw token must not stay in any cache or history
@member_view
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, new_token, raw_token = TokenForm(), None, ""
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                new_token, raw_token = create_api_token(
                    user=request.user, name=form.cleaned_data["name"], source=Source.UI
                )
            except DomainError as error:
                form.add_error(None, error_message(error))
            else:
                form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "raw_token": raw_token,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at", "-id"),
    }
    return render(request, "core/tokens.html", context, status=422 if form.errors else 200)


@member_view
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is "not found", not "forbidden": its existence is none of the caller's business.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token=token, user=request.user, source=Source.UI)
    messages.success(
        request, _("Token “%(name)s” revoked: programs using it are refused from now on.") % {"name": token.name}
    )
    return redirect("api_tokens")
