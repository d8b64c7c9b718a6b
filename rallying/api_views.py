"""Behaviour every API endpoint shares: strict list parameters, staff writes answered with the read shape."""

from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

# Parameters any list accepts besides its filters.
LIST_PARAMS = frozenset({"page", "page_size", "format"})


class StrictListMixin:
    """Lists refuse parameters they do not know, instead of silently ignoring a typo."""

    def list(self, request, *args, **kwargs):
        self.reject_unknown_parameters(request)
        return super().list(request, *args, **kwargs)

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
