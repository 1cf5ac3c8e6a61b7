"""The scenario layer: the format (pydantic models), its YAML loader and its checks."""

from morgenmaken.scenario.models import Scenario

__all__ = ["Scenario"]
