"""Who may do what through the API: anyone reads; only signed-in staff write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class StaffWritesOnly(BasePermission):
    message = "Only editors (staff users) can change the knowledge base."

    @staticmethod
    def allows_anonymous(method: str) -> bool:
        """Whether a request needs no credentials (the OpenAPI schema's `security` says the same)."""
        return method in SAFE_METHODS

    def has_permission(self, request, view):
        if self.allows_anonymous(request.method):
            return True
        if request.method not in view.allowed_methods:
            # Nobody may DELETE a case: 405 Method Not Allowed says so, where a 401 would suggest
            # that a token could.
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff)
