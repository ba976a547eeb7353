"""Helpers shared by test modules (``tests/conftest.py`` puts this folder's parent on ``sys.path``)."""
