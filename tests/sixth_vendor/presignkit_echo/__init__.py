"""Echo's client, written in the shape openapi-python-client generates (the test cannot run the
generator: it is not installed in the tests' environment)."""
