"""axe-core in a real Chromium on every public page, in Norwegian and English.

axe runs with its default rule set: every WCAG 2.0/2.1/2.2 A and AA rule it
has, plus its best-practice rules. No rule is disabled: a violation is fixed
in the templates or the CSS.
"""

import pytest

from tests.conftest import ALL_PUBLIC_PATHS

pytestmark = pytest.mark.browser

NOT_FOUND_PATHS = ["/finnes-ikke/", "/en/does-not-exist/"]


@pytest.fixture(scope="module")
def axe_page(open_context):
    """One page for every axe run in this module.

    Each test loads its own URL into it; reusing the page lets V8 reuse its
    compiled axe, which keeps the suite fast. The Content-Security-Policy is
    bypassed in this context only so that axe itself can be injected: the pages'
    behaviour under the real policy is tested in test_browser_checks.py.
    """
    context = open_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _target(node):
    # A target is a list of CSS selectors; a nested list means shadow DOM or a frame.
    return " ".join(
        " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
    )


def describe(violations):
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {_target(node)}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("path", ALL_PUBLIC_PATHS + NOT_FOUND_PATHS)
def test_axe_finds_no_violations(path, site, axe_page, axe_source):
    response = axe_page.goto(site + path)
    assert response is not None
    expected_status = 404 if path in NOT_FOUND_PATHS else 200
    assert response.status == expected_status, f"{path} answered {response.status}"

    axe_page.add_script_tag(content=axe_source)
    # Default rules; only the passing and needs-review node lists are left out.
    results = axe_page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")

    # A run that checked nothing would prove nothing.
    assert results["passes"], f"axe reported no passing rule on {path}"
    assert not results["violations"], f"{path}: " + describe(results["violations"])
