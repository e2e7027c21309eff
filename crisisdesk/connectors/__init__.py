"""Platform connectors: one module per platform, plain records out, typed errors; no DB, no Qt.

Import from the modules themselves (`connectors.base`, `connectors.registry`...): this package
imports nothing, so code that only needs the record types does not load `requests`.
"""
