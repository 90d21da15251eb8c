"""The operation table, one module per vendor; `all_vendors` joins them."""
