"""Values coerced to a field's type the way the service's framework does it (pydantic v2, lax mode).

Why: the service is a FastAPI application (its OpenAPI document has FastAPI's
body names and 422 shape), and FastAPI validates bodies with pydantic v2 in
lax mode: ``"512"`` is a fine integer in JSON as well as in a form, ``7.0`` is
the integer 7, ``"on"`` is True. Real clients rely on it (issue 18: JSON
clients that send ``"width": "512"`` get images from the service). The
facade and the simulator coerce with these rules before checking a body, so
neither refuses what the service would take. ``tests/test_lax.py`` checks
them against pydantic itself.

A value that cannot be coerced is returned unchanged: the schema's ``type``
check then reports it, at the evidence level of that type.

Numbers of other Python types (numpy scalars, ``fractions.Fraction``: any
``numbers.Real``) are read as the plain ``int`` or ``float`` they stand for, so
what is sent is a JSON number or its text, never an object the encoder refuses.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from typing import Any

__all__ = ["coerce", "field_type"]

# Unicode White_Space, which pydantic (Rust's str::trim) strips around numbers; Python's
# str.strip() would also strip U+001C..U+001F, which pydantic keeps (and then refuses).
_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_INT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", re.ASCII)
_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.ASCII | re.IGNORECASE
)
TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
FALSE = frozenset({"false", "0", "no", "off", "f", "n"})


def _float_text(text: str) -> str | None:
    """The text pydantic parses as a float: stripped, or (with underscores) unstripped and without them."""
    if "_" not in text:
        return text.strip(_WHITESPACE)
    if text.startswith("_") or text.endswith("_") or "__" in text:
        return None
    return text.replace("_", "")


def _to_int(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, numbers.Integral):  # numpy's integers
        return int(value)
    if isinstance(value, (float, Decimal, numbers.Real)):
        number: Any = value  # numpy's floats and Fraction support what float does
        try:
            finite = number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)
        except OverflowError:  # a Fraction beyond float's range
            return value
        # pydantic takes a float as an int only when it is whole and fits an i64.
        if finite and number == int(number) and -(2**63) < number < 2**63:
            return int(number)
        return value if isinstance(value, (float, Decimal)) else _to_float(value)
    if isinstance(value, str):
        text = value.strip(_WHITESPACE)
        if _INT.fullmatch(text):
            return int(text.split(".", 1)[0].replace("_", ""))
    return value


def _to_float(value: Any) -> Any:
    if isinstance(value, float):
        return value
    if isinstance(value, (bool, int, Decimal, numbers.Real)):
        try:
            return float(value)
        except OverflowError:  # an int beyond float's range: pydantic refuses it too
            return value
    if isinstance(value, str):
        text = _float_text(value)
        if text is not None and _FLOAT.fullmatch(text):
            return float(text)
    return value


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
    return value


_COERCE = {"integer": _to_int, "number": _to_float, "boolean": _to_bool}


def field_type(schema: Any) -> str | None:
    """The one non-null JSON type a field's schema declares (``anyOf`` variants too), or None."""
    if not isinstance(schema, dict):
        return None
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list):
        kinds = [t for t in declared if t != "null"]
        return str(kinds[0]) if len(kinds) == 1 else None
    variants = [v for v in schema.get("anyOf", []) if isinstance(v, dict) and v.get("type") != "null"]
    return field_type(variants[0]) if len(variants) == 1 else None


def coerce(value: Any, kind: str | None) -> Any:
    """``value`` as pydantic's lax mode reads it for a field of JSON type ``kind``; unchanged if it cannot."""
    convert = _COERCE.get(kind or "")
    return value if convert is None else convert(value)
