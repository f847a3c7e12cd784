"""meetwire: a deduplicated, classified corpus of news about Xi–Putin meetings."""

from meetwire.settings import Settings, get_settings

__all__ = ["Settings", "get_settings"]
