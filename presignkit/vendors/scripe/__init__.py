"""Scripe: settings (`settings`), facts and capabilities (`vendor`), and the upload workflow
(`workflow`, which loads the generated client on first use)."""

from presignkit.vendors.scripe.settings import Scripe

__all__ = ["Scripe"]
