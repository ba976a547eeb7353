"""Spec tooling: fetch and pin, normalise for the generator, diff and check for drift.

Tools only: nothing here is needed to call the API, and nothing here imports the
client (``import dezgo.spec.diff`` loads no HTTP library). The runtime view of the
pinned spec is ``dezgo._spec``.
"""
