"""/releases/ (every release with its counts), /releases/<version>/ (notes, the difference in full,
the files), and the frozen files under /download/releases/<version>/."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from releases.models import Release, ReleaseFile

# A frozen file never changes: any cache may keep it for a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"


class ReleaseListView(ListView):
    """Queries: the count and the page of releases, without their differences (2)."""

    template_name = "releases/release_list.html"
    context_object_name = "releases"
    paginate_by = 50

    def get_queryset(self):
        return Release.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_links"] = page.paginator.get_elided_page_range(page.number)
        return context


class ReleaseDetailView(DetailView):
    """Queries: the release, its files' descriptions (2)."""

    template_name = "releases/release_detail.html"
    context_object_name = "release"
    slug_field = "version"
    slug_url_kwarg = "version"

    def get_queryset(self):
        return Release.objects.with_files()


@require_safe
def release_directory(request, version: str):
    """/download/releases/<version>/: the release's page lists its files with their checksums."""
    release = get_object_or_404(Release.objects.only("version"), version=version)
    return redirect(f"{release.get_absolute_url()}#files")


@require_safe
def release_file(request, version: str, name: str):
    """A frozen file, streamed from the database a slice at a time. Its SHA-256 is its strong
    ETag; a revalidation, and a HEAD, read no content. The edge (edge/middleware.py) leaves an
    immutable answer's validators and caching as they are."""
    file = get_object_or_404(
        ReleaseFile.objects.defer("content"), release__version=version, name=name
    )
    etag = f'"{file.sha256}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        if request.method == "HEAD":
            response = HttpResponse(content_type=file.content_type)
        else:
            response = StreamingHttpResponse(
                ReleaseFile.objects.slices(file), content_type=file.content_type
            )
        response["Content-Length"] = str(file.size)
        response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE
    return response
