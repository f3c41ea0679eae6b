"""Strip the boilerplate that survives extraction from news and web article text."""

from cleaner.edits import Edit, reconstruct
from cleaner.pipeline import Cleaned, Cleaner

__all__ = ["Cleaned", "Cleaner", "Edit", "reconstruct"]
