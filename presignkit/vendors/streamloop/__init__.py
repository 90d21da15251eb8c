"""Streamloop: settings (`settings`), facts and capabilities (`vendor`), and the upload workflow
(`workflow`, which loads the generated client on first use)."""

from presignkit.vendors.streamloop.settings import Streamloop

__all__ = ["Streamloop"]
