from django.urls import path

from arkaofis.core import views, views_tokens

urlpatterns = [
    path("account/tokens/", views_tokens.tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", views_tokens.revoke_token, name="api_token_revoke"),
    *[path(f"{area}/", views.coming_soon(area), name=area) for area in views.AREAS],
]
