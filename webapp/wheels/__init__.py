"""Wellbeing wheel variants as versioned data files."""

from webapp.wheels.loader import (
    AGE_BANDS,
    CANONICAL_KEYS,
    DEFAULT_WHEEL,
    LOCALES,
    Part,
    Text,
    WheelDefinition,
    WheelDefinitionError,
    load_all,
    load_definition,
)

__all__ = [
    "AGE_BANDS",
    "CANONICAL_KEYS",
    "DEFAULT_WHEEL",
    "LOCALES",
    "Part",
    "Text",
    "WheelDefinition",
    "WheelDefinitionError",
    "load_all",
    "load_definition",
]
