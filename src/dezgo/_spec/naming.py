"""How names in the spec become Python names: one set of rules for the facade and the tools.

The facade's method names, its keyword arguments, the generated client's module
names and the drift report's "affected calls" must agree, so they all come from
these functions.
"""

from __future__ import annotations

import keyword
import re

__all__ = ["operation_name", "python_name", "snake_case"]


def snake_case(name: str) -> str:
    """``Body_text2image_post`` -> ``body_text2image_post``; ``getInfo`` -> ``get_info``.

    openapi-python-client's rule for module and function names, so that
    ``snake_case(operationId)`` names the generated endpoint module.
    """
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"_+", "_", re.sub(r"\W", "_", name)).strip("_").lower()


def operation_name(path: str) -> str:
    """``/account/tx/last`` -> ``account_tx_last``; ``/unstable/job/{tx_id}`` -> ``unstable_job``."""
    without_params = re.sub(r"\{[^}]*\}", "", path)
    name = re.sub(r"[^0-9A-Za-z]+", "_", without_params).strip("_").lower()
    if not name:
        name = "root"
    if name[0].isdigit():
        name = f"op_{name}"
    return name


def python_name(wire: str) -> str:
    """A field's wire name as a keyword argument (a valid identifier, never a keyword)."""
    name = re.sub(r"\W", "_", wire)
    if not name or name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name):
        name = f"{name}_"
    return name
