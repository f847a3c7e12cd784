"""Logging in the CLI: every record, a library's too, goes through the stderr console."""

import logging

import pytest

from meetwire.cli import common


@pytest.fixture
def restored_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)  # setup_logging routes Python warnings to the log too


def test_library_warnings_go_to_the_log_on_stderr(restored_logging, capsys) -> None:
    common.setup_logging()
    common.setup_logging()  # twice (two commands in one process) still logs each record once
    with common.console.capture() as captured:
        logging.getLogger("trafilatura.core").warning("discarding data: no main text")
        logging.getLogger("trafilatura.core").info("chatter a person never needs")
    text = captured.get()
    assert text.count("discarding data: no main text") == 1
    assert "chatter" not in text
    # Drawn by the console the progress bar uses (so above it), never printed to stdout.
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "meetwire-console"]
    assert len(ours) == 1 and ours[0].console is common.console.real and common.console.stderr
    assert capsys.readouterr().out == ""
