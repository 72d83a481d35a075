import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from autograder import sandbox  # noqa: E402


@pytest.fixture
def needs_sandbox():
    if not sandbox.available():
        pytest.skip("bubblewrap is not installed: `make install` installs it on Debian/Ubuntu")
