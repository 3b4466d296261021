"""Entity extraction: abstracts in, typed concept mentions out."""

from .extractor import Extractor

__all__ = ["Extractor"]
