"""Content negotiation that answers an unknown `format` with a 400 naming it (DRF says 404), and
describes an endpoint (OPTIONS) in JSON even when the format asked for is a table or a stream;
errors in a format that cannot carry them (NDJSON, the comparison's CSV) are answered in JSON."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

# Renderers that can write any data, such as the description OPTIONS answers with. A table
# renderer (the case CSV) can only write rows shaped like its own records.
GENERAL_RENDERERS = (JSONRenderer, BrowsableAPIRenderer)


class StrictContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if request.method == "OPTIONS" and not isinstance(renderer, GENERAL_RENDERERS):
            # `OPTIONS /api/cases/?format=csv` (e.g. a browser's preflight of a CSV download)
            # gets the endpoint's description in JSON, which lists the CSV among what it renders.
            json = next((r for r in renderers if isinstance(r, JSONRenderer)), JSONRenderer())
            return json, json.media_type
        return renderer, media_type

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError(
                {"format": [f"Unknown format “{format}”. This endpoint offers: {offered}."]}
            )
        return matching


def json_error(data, renderer_context) -> bytes | None:
    """For a renderer whose format cannot carry an error: an error answer as JSON (its
    Content-Type too), so a script reads `errors` as from any other answer; None if not an error."""
    response = (renderer_context or {}).get("response")
    if response is None or response.status_code < 400:
        return None
    response["Content-Type"] = JSONRenderer.media_type
    return JSONRenderer().render(data)
