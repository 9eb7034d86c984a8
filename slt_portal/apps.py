from django.apps import AppConfig


class SltPortalConfig(AppConfig):
    name = "slt_portal"
    verbose_name = "SLT-portalen"
