"""Test-session setup: artifacts derived on demand go to a throwaway cache, never the
user's own (so a test run neither reads nor leaves anything in ~/.cache)."""

from __future__ import annotations

import os
import shutil
import tempfile

from symacts.store import CACHE_ENV

_CACHE = tempfile.mkdtemp(prefix="symacts-test-cache-")


def pytest_configure(config):
    os.environ[CACHE_ENV] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
