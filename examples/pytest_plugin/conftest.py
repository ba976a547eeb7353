"""Your own test suite, testing your code that uses dezgo, against the local simulator.

The plugin gives two fixtures: ``dezgo_simulator`` (one simulator per session, reset
before each test: charges, faults, balance) and ``dezgo_client`` (a ``Dezgo`` pointed
at it). Run with ``pytest examples/pytest_plugin``.
"""

pytest_plugins = ["dezgo.testing.pytest_plugin"]
