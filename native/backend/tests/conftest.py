"""The Native API's fixtures live in tests/native/api_harness.py, shared with the security
battery in tests/native; see there."""

from tests.native.api_harness import *  # noqa: F403 (the fixtures, by name)
