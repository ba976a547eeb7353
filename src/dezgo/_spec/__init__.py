"""The runtime view of the pinned spec: what every client, the simulator and the CLI are built from.

It reads the pinned document and turns it into ``Operation`` records; it never
fetches, diffs or rewrites a spec (that is ``dezgo.spec``, the tooling, which
imports this package and never the other way round).
"""

from dezgo._spec.document import (
    Document,
    load_pinned_spec,
    pinned_spec_path,
    resolve_pointer,
    resolve_schema,
)
from dezgo._spec.naming import operation_name, python_name, snake_case
from dezgo._spec.operations import NO_DEFAULT, Operation, Param, by_name, operations, pinned_operations

__all__ = [
    "NO_DEFAULT",
    "Document",
    "Operation",
    "Param",
    "by_name",
    "load_pinned_spec",
    "operation_name",
    "operations",
    "pinned_operations",
    "pinned_spec_path",
    "python_name",
    "resolve_pointer",
    "resolve_schema",
    "snake_case",
]
