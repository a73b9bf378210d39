"""Slotting: fast sellers nearest the depot, and the walking it would have saved."""

# Re-slotting rearranges what stands in the bins: a manager's decision, as placing bins is (the floor plans waves).
PERMISSION = "inventory.change_location"
