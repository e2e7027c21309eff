"""Services: the use cases; the only way the UI and the CLI change data."""
