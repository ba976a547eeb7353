"""The rule catalogue: every change the diff can report, with its stable id, level and direction.

Levels are judged for a *client* of the API, and of this SDK in particular:
what narrows a request or widens a response breaks callers; changes that are
harmless on the wire but rename or reshape the generated client are breaking
too, marked ``sdk_only``. Ids follow oasdiff's where the concept is the same
(its checker and rule list are the reference for the semantics); where our
verdict differs from oasdiff's declared level, ``note`` says why. A rule about
a schema keyword (``request-property-...``) applies wherever a schema sits: a
body, one of its properties at any depth, a parameter or a header.

Each rule is defined in the module that reports it (``registry.rule``): whole
paths and components in ``engine``, operations in ``operation``, schemas in
``schema``. This module only gathers them: importing the engine imports them all.
"""

from __future__ import annotations

from collections.abc import Mapping

from dezgo.spec.diff import engine as _engine  # noqa: F401  (defines, with what it imports, every rule)
from dezgo.spec.diff.registry import Rule, registered

__all__ = ["RULES", "Rule"]

RULES: Mapping[str, Rule] = registered()
"""Rule id -> rule, for every rule (a read-only view of the registry)."""
