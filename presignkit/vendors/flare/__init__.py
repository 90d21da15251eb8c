"""Flare: settings (`settings`), facts and capabilities (`vendor`), and the upload workflow
(`workflow`, which loads the generated client on first use)."""

from presignkit.vendors.flare.settings import Flare

__all__ = ["Flare"]
