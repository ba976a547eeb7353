"""Spec tools: fetch and pin, normalise for the generator, read operations, diff."""

from dezgo.spec.loading import check_openapi3, load_document, load_pinned_spec, pinned_spec_path
from dezgo.spec.operations import NO_DEFAULT, Operation, Param, operations, pinned_operations

__all__ = [
    "NO_DEFAULT",
    "Operation",
    "Param",
    "check_openapi3",
    "load_document",
    "load_pinned_spec",
    "operations",
    "pinned_operations",
    "pinned_spec_path",
]
