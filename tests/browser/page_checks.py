"""Open a page at a width, with or without JavaScript, and check it as a reader's browser shows it."""

from tests.browser.axe import axe_violations, describe_violations


def open_page(new_page, path: str, *, width: int, javascript: bool):
    """The page as it renders with the site's scripts, or without them.

    axe is itself a script, and Playwright cannot run one in a context with JavaScript off, so
    "without JavaScript" is a page whose scripts are refused: it renders exactly as with scripts
    disabled (nothing of ours runs), and axe can still be evaluated in it.
    """
    page = new_page(width=width, javascript=True)
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    response = page.goto(path)
    return page, response


def axe_problems(page, *, width: int, javascript: bool) -> list[str]:
    label = f"[{width} px, {'JS' if javascript else 'no JS'}] "
    return describe_violations(axe_violations(page), label=label)


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
