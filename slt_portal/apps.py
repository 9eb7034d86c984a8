from django.apps import AppConfig


class SltPortalConfig(AppConfig):
    name = "slt_portal"
    verbose_name = "SLT-portalen"

    def ready(self):
        from slt_portal.page_cache import connect_invalidation

        connect_invalidation()
