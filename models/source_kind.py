"""What a source's URL serves; kept apart from the tables so the CLI can offer it cheaply."""

from enum import StrEnum


class SourceKind(StrEnum):
    rss = "rss"
    listing = "listing"
    json = "json"
    sitemap = "sitemap"
