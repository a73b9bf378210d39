"""The slotting API: one warehouse's suggested moves (fast sellers nearest the depot) and the last days' pick
trips walked by the optimal route now and after them. A read: nothing moves (a move is a transfer between bins).
An unknown warehouse is 404, a floor that cannot be walked 409 `floor-not-mapped`."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from arkaofis.core.api_auth import requires
from arkaofis.fulfilment.slotting import PERMISSION
from arkaofis.fulfilment.slotting.domain import Move
from arkaofis.fulfilment.slotting.selectors import DAYS, MOST_DAYS, SlottingReport, slotting_report
from arkaofis.inventory.selectors import warehouse_by_code

router = Router(tags=["slotting"])


class PartnerOut(Schema):
    sku: str
    picks: int


class SlottingMoveOut(Schema):
    sku: str
    name: str
    picks: int = Field(..., description="pick lines in the window")
    from_bin: str
    to_bin: str
    swap_with: PartnerOut | None = Field(None, description="the product going the other way, if any")
    metres_nearer: float = Field(..., description="per visit, depot → bin → depot")
    estimated_saving_m: float = Field(..., description="picks × metres nearer: as if each pick were its own trip")
    saving_m: float = Field(..., description="this move alone, on the window's real trips, by the optimal route")


class ReplayOut(Schema):
    trips: int = Field(..., description="pick batches with a line picked in the window")
    pick_lines: int
    pick_lines_off_plan: int = Field(..., description="products with no placed bin: left out of both walks")
    metres_now: float
    metres_after: float
    saving_m: float
    saving_pct: float


class SlottingOut(Schema):
    warehouse: str
    days: int
    since: str = Field(..., description="ISO 8601, UTC")
    placed_bins: int
    stored_products: int
    moves: list[SlottingMoveOut]
    replay: ReplayOut


class SlottingQuery(Schema):
    days: Annotated[int, Field(ge=1, le=MOST_DAYS)] = DAYS


def _move(move: Move, names: dict) -> dict:
    partner = move.partner
    return {
        "sku": move.sku,
        "name": names.get(move.product, ""),
        "picks": move.picks,
        "from_bin": move.origin.code,
        "to_bin": move.target.code,
        "swap_with": None if partner is None else {"sku": partner.sku, "picks": partner.picks},
        "metres_nearer": round(move.metres_nearer, 2),
        "estimated_saving_m": round(move.estimate, 2),
        "saving_m": round(move.saving or 0.0, 2),
    }


def _out(report: SlottingReport) -> dict:
    replay = report.slotting.replay
    return {
        "warehouse": report.warehouse.code,
        "days": report.days,
        "since": report.since.isoformat(),
        "placed_bins": report.bins,
        "stored_products": report.products,
        "moves": [_move(move, report.names) for move in report.slotting.moves],
        "replay": {
            "trips": replay.trips,
            "pick_lines": replay.picks,
            "pick_lines_off_plan": replay.off_plan,
            "metres_now": round(replay.metres_now, 2),
            "metres_after": round(replay.metres_after, 2),
            "saving_m": round(replay.saving, 2),
            "saving_pct": round(replay.saving_pct, 2),
        },
    }


@router.get("/{path:code}", response=SlottingOut, auth=requires(PERMISSION))
def get_slotting(request: HttpRequest, code: str, query: Query[SlottingQuery]):
    """Moves that bring the most-picked products (per litre of room) nearest the depot, within the bins' known
    limits, each only if it saves walking on the trips of the last `days` days (1 to 365, default 30)."""
    return _out(slotting_report(warehouse_by_code(code), days=query.days))
