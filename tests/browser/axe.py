"""Run the vendored axe-core in a Playwright page and describe its violations one per line."""

from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(
    encoding="utf-8"
)
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags 2.2's single-A rules wcag22a only when it has any).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """The WCAG A/AA violations axe-core finds in the page as it is now (scripts run, styles applied)."""
    # evaluate() is not subject to the page's Content-Security-Policy, unlike an injected <script>.
    page.evaluate(AXE_SOURCE)
    version = page.evaluate("axe.version")
    assert version == AXE_VERSION, f"vendored axe-core is {version}, expected {AXE_VERSION}"
    return page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )


def describe_violations(violations: list[dict], *, label: str = "") -> list[str]:
    """One line per failing element: rule id, impact, target, the rule's help and what to fix."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            fix = " ".join(node.get("failureSummary", "").split())
            if len(fix) > 300:
                fix = fix[:297] + "..."
            lines.append(
                f"{label}{violation['id']} ({violation['impact']}) at {target}: "
                f"{violation['help']}. {fix}"
            )
    return lines
