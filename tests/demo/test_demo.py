"""The bundled demo: real figures cited, synthetic parts labelled, and a plan that looks current."""

import datetime as dt

from cdp_data.services import plan
from cdp_data.demo import plan as demo_plan


def test_demo_plan_dates_move_with_today_keeping_month_ends():
    assert demo_plan.shift_month_end(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert demo_plan.shift_month_end(dt.date(2024, 8, 31), 18) == dt.date(2026, 2, 28)
    assert demo_plan.months_to_today(dt.date(2026, 11, 22)) == 24
    assert demo_plan.months_to_today(dt.date(2020, 1, 1)) == 0


def test_the_seeded_demo_plan_is_mostly_not_yet_due(workspace):
    versions = plan.versions(workspace, demo_plan.DEMO_PARTNERSHIP)
    current = plan.actions(workspace, int(versions["id"].iloc[0]))
    today = dt.date.today()
    overdue = [d for d in current["due"].dropna() if d < today]
    # as written (end of Nov 2024): 5 of 12 due dates had passed
    assert len(current) == 12 and len(overdue) == 5
