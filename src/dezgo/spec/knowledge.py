"""Has our knowledge drifted? The overlay's actions checked against a document.

``make spec`` and ``dezgo spec check`` apply our overlay to the document they
fetched and list every action whose target no longer selects anything: what we
knew about that part of the service (its billing headers, its media types, its
evidence) has no place to go in the new document, and someone should look. The
drift report itself compares documents as the service serves them; this is the
other half: the document against what we know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dezgo._spec import effective_spec_of
from dezgo._spec.overlay import Applied

__all__ = ["knowledge_lines"]


def knowledge_lines(document: Mapping[str, Any], *, limit: int = 20) -> list[str]:
    """Lines that say which overlay actions the document leaves without a target (none when all match)."""
    applied: Applied = effective_spec_of(document)
    lines: list[str] = []
    if applied.inert:
        lines.append(
            f"the document is not our reconstruction: {len(applied.inert)} overlay action(s) about the "
            "reconstruction (evidence levels, our descriptions) no longer apply, and every constraint the "
            "document states is enforced"
        )
    unmatched = applied.unmatched
    if unmatched:
        lines.append(
            f"our knowledge has drifted: {len(unmatched)} overlay action(s) of openapi/overlay.yaml "
            "match nothing in the document (update the overlay, or scripts/reconstruct_spec.py):"
        )
        lines.extend(f"  {action.label}" for action in unmatched[:limit])
        if len(unmatched) > limit:
            lines.append(f"  ... and {len(unmatched) - limit} more")
    return lines
