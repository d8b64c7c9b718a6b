"""Behaviour every API endpoint shares: strict list parameters, every list as NDJSON, staff writes
answered with the read shape."""

from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from rallying import ndjson

# Parameters any list accepts besides its filters.
LIST_PARAMS = frozenset({"page", "page_size", "format"})


class StrictListMixin:
    """Lists refuse parameters they do not know, instead of silently ignoring a typo, and give
    every row matching their filters as NDJSON (rallying/ndjson.py)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, ndjson.NDJSONRenderer]

    def list(self, request, *args, **kwargs):
        self.reject_unknown_parameters(request)
        if ndjson.wants_ndjson(request):
            return self.ndjson_list(request)
        return super().list(request, *args, **kwargs)

    def ndjson_list(self, request):
        """The whole filtered list, each line a record as a page of the list gives it."""
        rows = self.filter_queryset(self.get_queryset())
        self.check_paging_parameters(request)
        return ndjson.stream(request, ndjson.serialized_chunks(self, rows))

    def check_paging_parameters(self, request) -> None:
        """A whole list ignores `page` and `page_size`, but a malformed one is still a 400, as
        the schema documents them."""
        if self.paginator is not None:
            self.paginator.requested_page(request)

    def reject_unknown_parameters(self, request) -> None:
        filterset_class = getattr(self, "filterset_class", None)
        allowed = (
            LIST_PARAMS
            | set(filterset_class.base_filters if filterset_class else ())
            | getattr(self, "extra_list_params", frozenset())
        )
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            raise ValidationError(
                {name: [f"Unknown parameter. This list accepts: {known}."] for name in unknown}
            )


class WritableViewSet(
    StrictListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reads for everyone; staff create and change rows, answered with the read shape."""

    read_serializer = None
    write_serializer = None

    def get_serializer_class(self):
        # By method, not action: OPTIONS works out what a POST or PUT takes with a copy of the
        # request under that method, and should describe the write's fields, not the record's.
        if getattr(self.request, "method", None) in ("POST", "PUT", "PATCH"):
            return self.write_serializer
        return self.read_serializer

    def _read_response(self, row, status):
        row = self.get_queryset().get(pk=row.pk)
        return Response(
            self.read_serializer(row, context=self.get_serializer_context()).data, status=status
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read_response(serializer.save(), status=201)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self._read_response(serializer.save(), status=200)
