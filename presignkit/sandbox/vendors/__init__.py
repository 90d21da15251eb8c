"""The vendors' API stand-ins: one module per vendor, plus the pieces they share."""
