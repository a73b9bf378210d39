"""The HTTP API: one NinjaAPI, each app's router mounted under its own prefix."""

from ninja import NinjaAPI

api = NinjaAPI(title="Arkaofis API", version="1", docs_url="/docs")
