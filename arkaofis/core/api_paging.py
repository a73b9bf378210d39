"""Limit/offset paging for every API list: `?limit=&offset=` in, `{"items": [...], "count": n}` out."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class Paging(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10_000_000)
