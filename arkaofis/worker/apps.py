from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The background worker (`arkaofis run_worker`): it runs the periodic jobs of every context, so it
    stands above them all, like the demo and the benchmarks, and no context imports it."""

    name = "arkaofis.worker"
    label = "worker"
