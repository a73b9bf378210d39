"""`arkaofis run_worker`: the one background process beside the web server.

Delivers the outbox (channel stock pushes, our webhooks) every --interval seconds and runs the
periodic jobs on their own intervals (see arkaofis/worker/jobs.py). SIGTERM or Ctrl-C finishes the
current iteration and exits cleanly, so a deploy never cuts a delivery in half.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandParser

from arkaofis.worker.jobs import Intervals, Worker

log = logging.getLogger("arkaofis.worker")


class Command(BaseCommand):
    help = "Deliver the outbox and run the periodic jobs (stock sync, reconciliation, polling, …) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between iterations")
        parser.add_argument("--once", action="store_true", help="run one iteration (every job) and exit")
        defaults = Intervals()
        for name in vars(defaults):
            flag = "--" + name.replace("_", "-") + "-every"
            parser.add_argument(flag, dest=name, type=float, default=getattr(defaults, name), help="seconds")

    def handle(self, *args: object, **options: object) -> None:
        intervals = Intervals(**{name: float(options[name]) for name in vars(Intervals())})  # type: ignore[arg-type]
        worker = Worker(intervals=intervals)
        if options["once"]:
            self.stdout.write(str(worker.run_once()))
            return
        stop = threading.Event()

        def request_stop(signum: int, _frame: object) -> None:
            log.info("worker stopping after this iteration (signal %s)", signum)
            stop.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        log.info("worker started: %s", intervals)
        try:
            while not stop.is_set():
                report = worker.run_once()
                idle = {"delivered": 0, "failed": 0}
                busy = {name: value for name, value in report.items() if value and value != idle}
                if busy:
                    log.info("worker iteration %s", busy)
                stop.wait(float(options["interval"]))  # type: ignore[arg-type]
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("worker stopped")
        self.stdout.write("worker stopped")
