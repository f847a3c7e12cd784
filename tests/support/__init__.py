"""Helpers shared by the tests: a local HTTP server and database factories."""
