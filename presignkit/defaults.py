"""Defaults that appear in public signatures, kept in a module that imports nothing, so that
`import presignkit` does not pay for the modules that use them. (Retry defaults live with the
policy in `presignkit.retry`.)"""

DEFAULT_CHUNK_SIZE = 1024 * 1024  # 1 MiB per read and write: few syscalls, flat memory for any size
DEFAULT_WAIT_TIMEOUT = 300.0  # seconds a Scripe ingest job may take with wait=True
DEFAULT_API_TIMEOUT = 30.0  # seconds per request to a vendor API (connect: 10 s)
DEFAULT_STORAGE_TIMEOUT = 60.0  # seconds per read/write to the store, not per upload (connect: 10 s)
CONNECT_TIMEOUT = 10.0
