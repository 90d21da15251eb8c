"""One adapter per vendor: its workflow, its client, its error shape. Load with `registry.load_adapter`."""
