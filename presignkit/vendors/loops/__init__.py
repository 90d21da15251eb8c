"""Loops: settings (`settings`), facts and capabilities (`vendor`), and the upload workflow
(`workflow`, which loads the generated client on first use)."""

from presignkit.vendors.loops.settings import Loops

__all__ = ["Loops"]
