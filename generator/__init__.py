"""Onesheet: branded one-page sales sheets and catalogues from a folder of
programme files."""

__version__ = "0.1.0"
