"""meetwire: a deduplicated, classified corpus of news about Xi–Putin meetings."""

from typing import TYPE_CHECKING

__all__ = ["Settings", "get_settings"]

if TYPE_CHECKING:
    from meetwire.settings import Settings, get_settings


def __getattr__(name: str) -> object:
    # The settings load pydantic; `meetwire --help` needs neither, so they load on first use.
    if name in __all__:
        from meetwire import settings

        return getattr(settings, name)
    raise AttributeError(f"module 'meetwire' has no attribute {name!r}")
