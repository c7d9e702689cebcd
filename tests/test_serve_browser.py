"""`corpus serve` in a real browser: Debian's chromium driven by Selenium and chromium-driver.

Selenium with Debian's ``chromium-driver`` rather than Playwright: the driver is built from
the same Chromium source as the browser (one apt transaction installs both, versions always
match), while Playwright supports only the Chromium revision it bundles and drives others at
its own risk; Selenium is pure Python and never downloads anything when given both paths.

The app runs on 127.0.0.1, port 0, in a thread, over an index of three annotated samples.
The flow: search -> KWIC rows -> filter by a speaker -> sort -> documents view -> open a
document from a KWIC line (the quotation highlighted, scrolled to the hit) -> the speaker's
page -> export CSV. Screenshots of the pages are taken on every run into a temporary folder,
so a test run leaves the work tree as it was; ``CORPUS_SCREENSHOTS=docs`` writes them to docs/
for the README instead (any other value: that folder).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.settings import PROJECT_DIR, SAMPLES_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS_ENV = "CORPUS_SCREENSHOTS"
SAMPLES = [
    "tass-2022-02-12-ushakov.txt",
    "gum/gum-news-defector.json",
    "gum/gum-news-election.json",
]

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser test: .ci/run installs chromium")
    pytest.skip("needs Debian's chromium and chromium-driver", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three sample articles, annotated and indexed (the TASS article holds the Ushakov quotes)."""
    base = tmp_path_factory.mktemp("browser")
    src = base / "articles"
    src.mkdir()
    for name in SAMPLES:
        shutil.copy(SAMPLES_DIR / name, src / Path(name).name)
    runner = CliRunner()
    result = runner.invoke(cli, ["annotate", str(src), "-o", str(base / "tei"), "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["index", str(base / "tei"), "--index", str(base / "samples")])
    assert result.exit_code == 0, result.output
    return base / "samples"


@pytest.fixture(scope="module")
def base_url(sample_index: Path) -> Iterator[str]:
    from corpus.serve.server import bind, serve_in_thread, url_of

    server = bind(sample_index, "127.0.0.1", 0, quiet=True)
    thread = serve_in_thread(server)
    try:
        yield url_of(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: a temporary folder, or docs/ with CORPUS_SCREENSHOTS=docs."""
    wanted = os.environ.get(SCREENSHOTS_ENV, "")
    if not wanted:
        return tmp_path_factory.mktemp("screenshots")
    folder = PROJECT_DIR / "docs" if wanted == "docs" else Path(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--lang=en-GB",
    ):
        opts.add_argument(arg)
    opts.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: Any, css: str, timeout: float = 20) -> Any:
    return WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, css) or False
    )


def shot(driver: Any, folder: Path, name: str) -> None:
    path = folder / name
    assert driver.save_screenshot(str(path)), f"no screenshot {name}"
    assert path.read_bytes().startswith(b"\x89PNG"), f"{name} is not a PNG"


def _doc_and_hit(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    doc = urllib.parse.unquote(parts.path.removeprefix("/docs/"))
    return doc, int(urllib.parse.parse_qs(parts.query)["hit"][0])


def no_console_errors(driver: Any) -> None:
    """No script error and no Content-Security-Policy violation in the page."""
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe


def test_search_filter_read_and_export(
    browser: Any, base_url: str, downloads: Path, screenshots: Path
) -> None:
    d = browser
    d.get(base_url)
    q = wait(d, "#q")[0]
    q.send_keys("security")
    q.submit()
    rows = wait(d, "table#kwic tbody tr")
    assert len(rows) >= 5
    summary = d.find_element(By.CSS_SELECTOR, "p.summary").text
    assert "hits in" in summary and " s" in summary
    speakers = {r.find_element(By.CSS_SELECTOR, "td.speaker").text for r in rows}
    assert "Yury Ushakov" in speakers and "" in speakers  # quotations and narration

    # filter by a speaker (the suggestions come from /api/speakers as one types)
    box = d.find_element(By.ID, "speaker")
    box.send_keys("Ushak")
    WebDriverWait(d, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#speaker-list option[value='Yury Ushakov']")
    )
    box.send_keys("ov")
    box.submit()
    WebDriverWait(d, 20).until(lambda d: "speaker=Ushakov" in d.current_url)
    rows = wait(d, "table#kwic tbody tr")
    assert {r.find_element(By.CSS_SELECTOR, "td.speaker").text for r in rows} == {"Yury Ushakov"}
    assert "q=security" in d.current_url and "&in=" not in d.current_url  # empty fields left out
    hits = len(rows)

    # the speaker-type control: named speakers keep Ushakov's lines, anonymous ones drop them
    from selenium.webdriver.support.ui import Select

    Select(d.find_element(By.NAME, "speaker-type")).select_by_value("named")
    d.find_element(By.ID, "q").submit()
    WebDriverWait(d, 20).until(lambda d: "speaker-type=named" in d.current_url)
    assert len(wait(d, "table#kwic tbody tr")) == hits

    # sort by the first word to the right: the URL holds it, the rows follow it
    d.find_element(By.LINK_TEXT, "R1").click()
    WebDriverWait(d, 20).until(lambda d: "sort=R1" in d.current_url)
    rows = wait(d, "table#kwic tbody tr")
    shown = [r.find_element(By.CSS_SELECTOR, "td.kw a").get_attribute("href") for r in rows]
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(d.current_url).query)
    state.pop("view", None)  # a page parameter, not an API one
    api = base_url + "api/kwic?" + urllib.parse.urlencode(state, doseq=True)
    with urllib.request.urlopen(api, timeout=20) as resp:
        want = [(h["doc"], h["start"]) for h in json.load(resp)["hits"]]
    assert [_doc_and_hit(u) for u in shown] == want  # the library's R1 order
    no_console_errors(d)
    shot(d, screenshots, "serve-kwic.png")
    kwic_url = d.current_url

    # the documents view of the same state
    d.find_element(By.LINK_TEXT, "Documents").click()
    wait(d, "ol.docs li")
    assert "view=docs" in d.current_url and "speaker=Ushakov" in d.current_url
    shot(d, screenshots, "serve-search.png")
    d.back()
    wait(d, "table#kwic tbody tr")
    assert d.current_url == kwic_url  # the back button restores the state

    # open the document from the last KWIC line: the hit is marked, in a quotation, in view
    line = d.find_elements(By.CSS_SELECTOR, "table#kwic tbody tr")[-1]
    keyword = line.find_element(By.CSS_SELECTOR, "td.kw a")
    keyword.click()
    hit = wait(d, "mark#hit")[0]
    assert hit.text.casefold() == "security"
    quote = hit.find_element(By.XPATH, "ancestor::span[contains(@class, 'q ')]")
    assert "spk-" in quote.get_attribute("class")
    assert d.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        hit,
    )
    # the quotation opened from the line is selected: its details are shown
    WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, "d-speaker").text != "")
    assert d.find_element(By.ID, "d-speaker").text == "Yury Ushakov"
    assert d.find_element(By.ID, "d-kind").text in ("direct", "indirect", "mixed")
    # hovering another quotation of another speaker shows that one's details
    legend = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".legend li a")]
    assert "Yury Ushakov" in legend and "Vladimir Putin" in legend
    assert d.find_elements(By.CSS_SELECTOR, ".text .cue")
    assert d.find_elements(By.CSS_SELECTOR, ".text a.ent.person")
    no_console_errors(d)
    shot(d, screenshots, "serve-document.png")

    # the speaker's page from the legend
    legend_links = d.find_elements(By.CSS_SELECTOR, ".legend li a")
    next(a for a in legend_links if a.text == "Yury Ushakov").click()
    wait(d, "#speaker-quotes tbody tr")
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Yury Ushakov")
    assert d.current_url.endswith("/speakers/yury%20ushakov")  # the corpus-level key
    assert d.find_elements(By.CSS_SELECTOR, "svg.bars rect")
    shot(d, screenshots, "serve-speaker.png")

    # export the filtered concordance as CSV
    d.get(kwic_url)
    d.find_element(By.ID, "export-csv").click()
    deadline = time.monotonic() + 30
    files: list[Path] = []
    while time.monotonic() < deadline:
        files = [p for p in downloads.iterdir() if p.suffix == ".csv"]
        if files:
            break
        time.sleep(0.2)
    assert files, "no CSV downloaded"
    with files[0].open(encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    assert len(records) == hits
    assert {r["speaker_name"] for r in records} == {"Yury Ushakov"}
    assert all(r["keyword"].casefold() == "security" for r in records)
