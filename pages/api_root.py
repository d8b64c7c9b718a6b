"""The API's root page, /api/: what the API is, under the site's header
(templates/rest_framework/api.html), with links to its documentation and schema."""

from rest_framework.routers import APIRootView


class RallyingAPIRootView(APIRootView):
    """The knowledge base's records, for scripts: the cases; the dimensions that classify them
    (sectors, regions, nations, typologies, accountability modes, policy areas, funding models);
    the study's findings, the evidence linking them to cases, quotations and sources.

    Answers are JSON; the cases are also CSV (`?format=csv`). Reading needs no account. Lists take
    the same filters as the site's pages: `/api/cases/?sector=charity` lists the cases that
    `/cases/?sector=charity` shows. Each endpoint is listed below; the
    [documentation](/api/docs/) describes every one, and the [OpenAPI schema](/api/schema/)
    gives them to tools.
    """

    # The browsable API's heading and breadcrumb, and the name in OPTIONS /api/.
    name = "The Rallying API"
