"""Accessibility checks of the browser journeys with axe-core, run offline.

axe-core's `axe.min.js` comes from the `axe-playwright-python` wheel (in the `test` extras of
pyproject.toml), so nothing is fetched from the internet at run time: the script is read from
the installed package and injected into the page with Playwright's `add_script_tag`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

#: Impacts that fail a test: axe's two highest (it also reports "moderate" and "minor").
FAILING_IMPACTS = ("serious", "critical")


def axe_script() -> Path:
    """The axe-core script bundled in the installed `axe_playwright_python` package."""
    return Path(str(resources.files("axe_playwright_python") / "axe.min.js"))


def run_axe(page: Page, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run axe-core on the page as it is now; returns axe's results (violations only)."""
    page.add_script_tag(path=str(axe_script()))
    return page.evaluate(
        "options => axe.run(document, options)",
        {"resultTypes": ["violations"], **(options or {})},
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per element that breaks a rule: rule id, impact, target, help and link."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(
                " > ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(
                f"- {violation['id']} ({violation['impact']}) at {target}: "
                f"{violation['help']} [{violation['helpUrl']}]"
            )
    return "\n".join(lines)


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical violations axe finds on the page."""
    results = run_axe(page)
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]


def assert_no_serious_violations(page: Page) -> None:
    """Fail, listing each of them, when axe finds a serious or critical violation."""
    violations = serious_violations(page)
    assert not violations, (
        f"axe-core found serious or critical accessibility violations on {page.url}:\n"
        + describe(violations)
    )
