"""After a check-in: one to three guide pages that fit the parts rated lowest."""

from __future__ import annotations

from webapp.models import CheckIn
from webapp.wheels import WheelDefinition

MAX_SUGGESTIONS = 3
# Only parts answered in the middle or below lead to a suggestion; a good day suggests nothing.
SUGGEST_AT_OR_BELOW = 3


def suggested_pages(check_in: CheckIn, wheel: WheelDefinition | None) -> list[str]:
    """Guide page slugs (canonical wheel keys) for the lowest answers first, each page once."""
    if wheel is None:
        return []
    canonical = {p.key: p.canonical_keys for p in (*wheel.parts, *wheel.extras)}
    rated = sorted((r for r in check_in.ratings if r.value is not None and r.value <= SUGGEST_AT_OR_BELOW),
                   key=lambda r: (r.value, r.position))
    pages: list[str] = []
    for rating in rated:
        for key in canonical.get(rating.part_key, ()):
            if key not in pages:
                pages.append(key)
    return pages[:MAX_SUGGESTIONS]
