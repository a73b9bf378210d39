"""Order files too large for one request: checked at once, queued, written by the worker with its
progress saved, taken again after a dead worker's lease, failed after three tries; the screen's
progress page and the API's 202 and job resource."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.invariants import ledger_breaks
from arkaofis.orders.models import ImportJobStatus, OrderImportJob, SalesOrder
from arkaofis.orders.services import import_jobs
from arkaofis.orders.services.import_jobs import import_or_queue, run_next_import
from arkaofis.orders.tests.import_support import big_order_file, run_import, stocked_products
from arkaofis.worker.jobs import Intervals, Worker

pytestmark = pytest.mark.django_db

ORDERS = 12


@pytest.fixture(autouse=True)
def small_limit(settings):
    """Files of more than 5 orders go to the worker (2,000 in production)."""
    settings.ORDER_IMPORT_INLINE_ORDERS = 5
    stocked_products(20, quantity=50)


def queue(content: bytes = b"", **kwargs):
    options = {"user": None, "source": "ui", "reserve": True, "dry_run": False} | kwargs
    return import_or_queue(file_name="big.csv", content=content or big_order_file(ORDERS), **options)


def orders_per_id() -> dict[str, int]:
    counts: dict[str, int] = {}
    for external_id in SalesOrder.objects.values_list("external_id", flat=True):
        counts[external_id] = counts.get(external_id, 0) + 1
    return counts


def test_a_large_file_is_checked_queued_and_written_by_the_worker():
    checked, job = queue()
    assert checked.ok and job is not None and job.status == ImportJobStatus.QUEUED
    assert not SalesOrder.objects.exists()  # nothing written in the request
    assert (job.report["orders"], job.report["done"], job.percent) == (ORDERS, 0, 0)
    assert AuditLog.objects.get(action="orders.import_queued").data["orders"] == ORDERS

    assert run_next_import().pk == job.pk
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.percent == 100 and job.finished_at is not None
    assert (job.report["created"], job.report["reserved"], job.report["done"]) == (ORDERS, ORDERS, ORDERS)
    assert bytes(job.content) == b""  # the orders are the record now
    assert orders_per_id() == {f"BULK-{n}": 1 for n in range(1, ORDERS + 1)}
    assert run_next_import() is None
    assert not ledger_breaks()


def test_small_files_rejected_files_and_dry_runs_are_never_queued():
    small, job = queue(big_order_file(5))
    assert job is None and small.created == 5
    bad = big_order_file(ORDERS).replace(b"IMP-3", b"NOPE-3")
    rejected, job = queue(bad)
    assert job is None and not rejected.ok and {error.column for error in rejected.errors} == {"sku"}
    checked, job = queue(dry_run=True)
    assert job is None and checked.dry_run and checked.created == ORDERS - 5  # the first five are there
    assert not OrderImportJob.objects.exists()


def test_progress_is_saved_as_batches_commit_and_renews_the_lease(monkeypatch):
    monkeypatch.setattr(import_jobs, "HEARTBEAT_SECONDS", 0)
    _, job = queue()
    claimed = import_jobs._claim(timezone.now())
    report = run_import(big_order_file(3), dry_run=True)
    report.done = 3
    import_jobs._heartbeat(claimed)(report)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and job.report["done"] == 3
    assert job.lease_until > timezone.now() + import_jobs.LEASE - timedelta(seconds=5)


def test_a_job_left_by_a_dead_worker_is_taken_again_after_its_lease_and_creates_each_order_once():
    _, job = queue()
    import_jobs._claim(timezone.now())  # a worker took it …
    run_import(big_order_file(7))  # … wrote the first seven orders, and died
    assert run_next_import() is None  # its lease still runs: nobody else may take the job
    later = timezone.now() + import_jobs.LEASE + timedelta(seconds=1)
    assert run_next_import(now=later).pk == job.pk
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJobStatus.DONE, 2)
    assert (job.report["created"], job.report["existing"]) == (ORDERS - 7, 7)
    assert set(orders_per_id().values()) == {1} and len(orders_per_id()) == ORDERS
    assert not ledger_breaks()


def test_a_job_that_stopped_three_times_is_failed_not_tried_for_ever():
    _, job = queue()
    OrderImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, attempts=import_jobs.MAX_ATTEMPTS, lease_until=timezone.now()
    )
    assert run_next_import(now=timezone.now() + timedelta(seconds=1)) is None
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert "stopped 3 times" in job.report["errors"][0]["reason"]
    assert not SalesOrder.objects.exists()


def test_the_worker_writes_queued_imports():
    _, job = queue()
    report = Worker(intervals=Intervals()).run_once()
    assert report["imports"] == f"job {job.pk}: done"
    assert SalesOrder.objects.count() == ORDERS


def test_the_screen_sends_a_large_file_to_its_progress_page_which_polls_until_it_ends(client):
    client.force_login(user_with_role("manager"))
    upload = {"file": SimpleUploadedFile("big.csv", big_order_file(ORDERS)), "reserve": "on"}
    response = client.post(reverse("orders:import"), upload)
    job = OrderImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:import_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Waiting" in page and 'hx-trigger="every 1s"' in page and f"0 of {ORDERS} orders handled" in page
    assert 'id="worker-late"' not in page

    OrderImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    late = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert late.lstrip().startswith("<section") and 'id="worker-late"' in late  # the block only, for htmx

    run_next_import()
    done = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "big.csv imported." in done and f"{ORDERS} reserved" in done
    listing = client.get(reverse("orders:import")).content.decode()
    assert 'id="import-jobs"' in listing and "Imported" in listing
    turkish = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "big.csv içe aktarıldı." in turkish


def test_an_htmx_upload_of_a_large_file_is_told_where_to_go(client):
    client.force_login(user_with_role("manager"))
    upload = {"file": SimpleUploadedFile("big.csv", big_order_file(ORDERS))}
    response = client.post(reverse("orders:import"), upload, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("orders:import_job", args=[OrderImportJob.objects.get().pk])


def test_the_api_answers_202_with_the_job_and_the_job_tells_its_progress_and_report():
    manager = as_role("manager")
    response = manager.client.post(
        "/api/orders/import", {"file": SimpleUploadedFile("big.csv", big_order_file(ORDERS))}
    )
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["percent"], job["report"]["orders"], job["report"]["done"]) == ("queued", 0, ORDERS, 0)
    run_next_import()
    ended = manager.get(f"/orders/import/jobs/{job['id']}").json()
    assert (ended["status"], ended["percent"], ended["report"]["created"]) == ("done", 100, ORDERS)
    assert ended["finished_at"] is not None
    assert_problem(manager.get("/orders/import/jobs/999999"), 404)
    assert as_role("viewer").get(f"/orders/import/jobs/{job['id']}").status_code == 403
