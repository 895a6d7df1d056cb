"""Waypoint's Qt interface: widgets that show domain objects and write edits back into them."""
