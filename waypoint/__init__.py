"""Waypoint's domain: the record model, storage, clinical rules and documents. Never imports Qt."""

__version__ = "0.1.0"
