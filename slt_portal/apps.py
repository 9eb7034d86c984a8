from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SltPortalConfig(AppConfig):
    default = True
    name = "slt_portal"
    verbose_name = "SLT-portalen"

    def ready(self):
        from slt_portal.page_cache import connect_invalidation
        from slt_portal.sqlite_files import keep_owner_only

        connect_invalidation()
        keep_owner_only()


class SltAdminConfig(admin_apps.AdminConfig):
    default = False
    # The site module imports models, so it is named here and loaded once apps are ready.
    default_site = "slt_portal.admin_site.SltAdminSite"
