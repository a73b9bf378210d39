from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo store (`arkaofis load_demo`): above every context, imported by none."""

    name = "arkaofis.demo"
    label = "demo"
