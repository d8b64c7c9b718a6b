"""Behaviour every API endpoint shares: strict list parameters and Last-Modified on reads."""

from django.utils.http import http_date
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.revision import dataset_changed_at

# Parameters any list accepts besides its filters.
LIST_PARAMS = frozenset({"page", "page_size", "format"})


class StrictListMixin:
    """Lists refuse parameters they do not know, instead of silently ignoring a typo."""

    def list(self, request, *args, **kwargs):
        filterset_class = getattr(self, "filterset_class", None)
        allowed = LIST_PARAMS | set(filterset_class.base_filters if filterset_class else ())
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            raise ValidationError(
                {name: [f"Unknown parameter. This list accepts: {known}."] for name in unknown}
            )
        return super().list(request, *args, **kwargs)


class LastModifiedMixin:
    """Reads carry the dataset's last change as Last-Modified (ETags come from the middleware)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Last-Modified"] = http_date(dataset_changed_at().timestamp())
        return response


class WritableViewSet(
    LastModifiedMixin,
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
        if self.action in ("create", "update", "partial_update"):
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
