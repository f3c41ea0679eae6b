"""An example rule pack for ``cleaner``."""
