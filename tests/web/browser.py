"""Headless Chromium for the browser tests: Debian's ``chromium`` and ``chromium-driver``
(installed by ``.ci/run``), driven by Selenium with nothing downloaded. A missing browser is a
failure, not a skip: the tests say what to install."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

#: A phone's viewport (CSS pixels), as the pages must work on it.
PHONE = (390, 844)
#: Generous: the machine is shared; a wait only ends early, it asserts nothing about speed.
PATIENCE = 60


def chromium() -> WebDriver:
    """A headless Chromium at phone width."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    assert binary and driver_path, ("the browser tests need Debian's chromium and "
                                    "chromium-driver: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={PHONE[0]},{PHONE[1]}", "--lang=nl",
                 "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_window_size(*PHONE)
    return driver


def wait(driver: WebDriver, css: str, text: str | None = None) -> None:
    """Until an element matching `css` (and containing `text`) is on the page."""
    if text is None:
        WebDriverWait(driver, PATIENCE).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))
    else:
        WebDriverWait(driver, PATIENCE).until(
            expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))


def text(driver: WebDriver, css: str) -> str:
    """The text of the element matching `css`, read in one step in the page.

    The pages redraw whenever the state arrives, so an element found by one WebDriver call can
    be gone by the next (a stale element); read inside the page, the text is of one drawing.
    Waits until the element is there."""
    script = "var e = document.querySelector(arguments[0]); return e ? e.innerText : null;"
    found: list[str] = []

    def read(_: WebDriver) -> bool:
        value = driver.execute_script(script, css)
        if value is None:
            return False
        found.append(value)
        return True
    WebDriverWait(driver, PATIENCE).until(read)
    return found[-1]


def attributes(driver: WebDriver, css: str, *names: str) -> list[tuple[str | None, ...]]:
    """The attributes `names` of every element matching `css`, read in one step (see `text`):
    one tuple per element, in page order."""
    script = ("var names = arguments[1];"
              " return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {"
              " return names.map(function (n) { return e.getAttribute(n); }); });")
    return [tuple(row) for row in driver.execute_script(script, css, list(names))]


def shot(driver: WebDriver, name: str) -> None:
    """A screenshot of the page, full height, where ``MORGENMAKEN_SHOTS`` points (if set)."""
    folder = os.environ.get("MORGENMAKEN_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(PHONE[0], max(PHONE[1], int(height) + 120))
    driver.save_screenshot(str(Path(folder) / f"{name}.png"))
    driver.set_window_size(*PHONE)
