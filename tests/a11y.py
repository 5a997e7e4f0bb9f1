"""Accessibility checks with axe-core in a real browser page, shared by every edition's tests.

`./test` installs axe-core from npm into tests/a11y/node_modules (scripts/bootstrap.sh,
`ensure_axe`); the script is evaluated through the DevTools protocol, so a page's strict
Content-Security-Policy does not block it. Only serious and critical violations fail a test:
the issue's bar is "0 serious and 0 critical" on every page, dark and light.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise RuntimeError(
            f"{AXE_SCRIPT} is missing: run ./test (it installs axe-core) or "
            "`npm ci --prefix tests/a11y`"
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(
    page: Page, *, impacts: tuple[str, ...] = FAILING_IMPACTS
) -> list[dict[str, Any]]:
    """The page's axe violations of the given impacts, each with its rule, impact, help text
    and the first few offending elements (as CSS selectors)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    found = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
                summary: v.nodes.length ? v.nodes[0].failureSummary : '',
            }));
        }"""
    )
    return [violation for violation in found if violation["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} at {', '.join(v['targets'])}\n  {v['summary']}"
        for v in violations
    )


def assert_accessible(page: Page, where: str) -> None:
    """Fail with a readable list when the page has any serious or critical violation."""
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} problem(s) on {where}:\n" + describe(
        violations
    )
