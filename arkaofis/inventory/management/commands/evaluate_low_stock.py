"""`arkaofis evaluate_low_stock`: re-evaluate every reorder rule.

Stock moves evaluate their rules as they post, but reservations do not (they stay on the hot
path's single statement), so run this periodically (e.g. every few minutes from cron) to catch
drops in available stock caused by reservations.
"""

from django.core.management.base import BaseCommand

from arkaofis.inventory.services.reorder_rules import evaluate_all_rules


class Command(BaseCommand):
    help = "Re-evaluate every reorder rule: open low-stock alerts that are due, close recovered ones."

    def handle(self, *args, **options):
        rules, opened = evaluate_all_rules()
        self.stdout.write(f"{rules} reorder rule(s) evaluated; {opened} low-stock alert(s) open.")
