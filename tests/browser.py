"""A real headless browser for the tests: Debian's Chromium driven by Selenium.

The browser and its driver are the system's (``make test`` installs the ``chromium`` and
``chromium-driver`` packages): Selenium is given both paths, so Selenium Manager never tries
to download a browser. The flags keep Chromium from reaching for the network, which is closed
on the test machines (without them it stalls on start).

In CI (``CI=true``) a missing browser fails the test; elsewhere it skips with the reason.

Use::

    def test_page(browser):
        open_page(browser, "http://127.0.0.1:8001/warehouse", wait_for="table.rows-and-columns")
        save_screenshot(browser, "warehouse")          # build/test-artifacts/warehouse.png

``open_page`` takes an http(s) URL, a ``file://`` URL or a local path (an HTML file, e.g. a
report), and waits for a CSS selector.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "build" / "test-artifacts"
CHROMIUM = Path(os.environ.get("PMDW_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("PMDW_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)
PAGE_TIMEOUT_SECONDS = 30


class BrowserUnavailable(Exception):
    """No browser to drive: what is missing, and how to install it."""


def missing_browser() -> str | None:
    """Why the browser cannot be started, or None when everything is there."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        return (f"no {' or '.join(missing)}: install Debian's browser with "
                "`apt-get install -y chromium chromium-driver` (make test does)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[dev]'"
    return None


def start_browser(user_data_dir: Path):
    """A headless Chromium on a fresh profile in ``user_data_dir``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    reason = missing_browser()
    if reason:
        raise BrowserUnavailable(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(PAGE_TIMEOUT_SECONDS)
    return driver


def page_url(target: str | Path) -> str:
    """An http(s) or file URL as given; a path becomes a file:// URL.

    >>> page_url("http://127.0.0.1:8001/warehouse")
    'http://127.0.0.1:8001/warehouse'
    >>> page_url(Path("/tmp/report.html"))
    'file:///tmp/report.html'
    """
    text = str(target)
    if re.match(r"(https?|file)://", text):
        return text
    return Path(text).resolve().as_uri()


def wait_for(driver, css_selector: str, timeout: float = PAGE_TIMEOUT_SECONDS):
    """The first element matching ``css_selector`` once it is visible."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css_selector)))


def open_page(driver, target: str | Path, wait_for_css: str = "body",
              timeout: float = PAGE_TIMEOUT_SECONDS):
    """Load ``target`` (URL or path) and return the element ``wait_for_css`` once visible."""
    driver.get(page_url(target))
    return wait_for(driver, wait_for_css, timeout)


def artifact_name(name: str) -> str:
    """A test's name as a file name.

    >>> artifact_name("test_serve[sample] page")
    'test_serve-sample-page'
    """
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def save_screenshot(driver, name: str) -> Path:
    """Write the page as build/test-artifacts/NAME.png (the whole page's height) and return
    the path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{artifact_name(name)}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight") or 1000
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(int(height) + 150, 600), 6000))
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(width, 1000)
    return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium for the session (one profile, fresh). Fails in CI when missing."""
    reason = missing_browser()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests need a browser: {reason}")
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = start_browser(profile)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def screenshot_failure(item, report) -> None:
    """conftest's hook: a failing test that used the browser leaves a screenshot of the page."""
    driver = getattr(item, "funcargs", {}).get("browser")
    if driver is None or report.when != "call" or not report.failed:
        return
    try:
        path = save_screenshot(driver, f"FAILED-{item.name}")
    except Exception as error:  # noqa: BLE001  (the browser itself may be what failed)
        report.sections.append(("browser", f"no screenshot: {error}"))
    else:
        report.sections.append(("browser", f"screenshot of the page: {path}"))
