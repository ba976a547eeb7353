"""The runtime view of the effective spec: what every client, the simulator and the CLI are built from.

The effective spec is the pinned document (the service's word) with our overlay
(what we know beyond it) applied; this package reads both and turns the result
into ``Operation`` records. It never fetches, diffs or rewrites a spec (that is
``dezgo.spec``, the tooling, which imports this package and never the other way round).
"""

from dezgo._spec.document import (
    Document,
    overlay_path,
    pinned_document_path,
    resolve_pointer,
    resolve_schema,
)
from dezgo._spec.effective import (
    effective_spec_of,
    is_reconstruction,
    load_effective_spec,
    load_overlay,
    pinned_effective,
)
from dezgo._spec.naming import operation_name, python_name, snake_case
from dezgo._spec.operations import (
    NO_DEFAULT,
    Expect,
    Operation,
    Param,
    by_name,
    operations,
    pinned_operations,
)

__all__ = [
    "NO_DEFAULT",
    "Document",
    "Expect",
    "Operation",
    "Param",
    "by_name",
    "effective_spec_of",
    "is_reconstruction",
    "load_effective_spec",
    "load_overlay",
    "operation_name",
    "operations",
    "overlay_path",
    "pinned_document_path",
    "pinned_effective",
    "pinned_operations",
    "python_name",
    "resolve_pointer",
    "resolve_schema",
    "snake_case",
]
