"""Developer tools that are not shipped: the end-to-end demo (`nox -s demo`), the LocalStack
parity run (`nox -s s3`)."""
