"""The presignkit pipeline: vendor specs -> overlays -> effective spec -> generated client.

Not shipped in the wheel. Run it through nox (`nox -s generate`, `drift`, `fetch`) or
`python -m generator --help`.
"""
