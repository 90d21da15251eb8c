"""The reference site (`nox -s docs`): typed-client pages written at build time, and a browser check."""
