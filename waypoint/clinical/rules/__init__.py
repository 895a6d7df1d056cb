"""Decision support: considerations with their basis, never orders.

``evaluate(record, today)`` runs every rule; ``dismiss(...)`` records why a clinician set one
aside. Logic is in this package; thresholds, wording and sources are in content/rules.toml.
"""

from waypoint.clinical.rules.base import Basis, Consideration
from waypoint.clinical.rules.engine import RULES, dismiss, evaluate

__all__ = ["RULES", "Basis", "Consideration", "dismiss", "evaluate"]
