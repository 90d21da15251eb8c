"""Developer tools that are not shipped: the end-to-end demo (`nox -s demo`)."""
