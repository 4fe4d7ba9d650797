"""Threefold: a local-first reflection journal for the terminal."""

__version__ = "0.1.0"
