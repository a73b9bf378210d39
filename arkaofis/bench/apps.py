from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks (`arkaofis bench NAME`): above every context, imported by none."""

    name = "arkaofis.bench"
    label = "bench"
