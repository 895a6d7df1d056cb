"""Storage: the clinic's records on disk (TinyDB files written atomically).

Import from the modules themselves (``waypoint.storage.store.Store``): this package re-exports
nothing, so importing any one storage module does not pull in the whole store.
"""
