"""Browser tests: Debian's Chromium driven by Playwright (no browser download here).

Run in their own pytest process (`make test-e2e`): the sync Playwright loop and
pytest-asyncio's loops cannot share one.
"""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        # Never a skip: a missing browser must fail loudly, in CI and on a laptop alike.
        pytest.fail(f"Chromium not found at {CHROMIUM}; run scripts/ensure_chromium.sh")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A landscape tablet; service workers are blocked so each test starts from the network.
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 800},
        "service_workers": "block",
    }


@pytest.fixture(autouse=True)
def _fast_passwords():
    """The live Daphne process keeps the real hashers, so passwords must use them too."""
