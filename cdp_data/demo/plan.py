"""The demo delivery plan: a synthetic workbook in the Sefton-style layout.

National Plan Priority | Objective | Local Actions | Lead (Owner) | Due | RAG |
Progress/Comments, with priorities merged down, RAG as words and fills and a
title row above the table. The actions are invented for the demo (plausible,
in our own words) and the stored version is flagged synthetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..store import Workspace, plans

DEMO_PARTNERSHIP = "E10000017"
DEMO_FILENAME = "demo_delivery_plan_SYNTHETIC.xlsx"
FILLS = {"Green": "00B050", "Amber": "FFC000", "Red": "FF0000", "Complete": "0070C0", "Not started": "D9D9D9"}

ACTIONS = [
    ("Break drug supply chains", "Disrupt county lines into the area",
     "Run joint operations with the regional organised crime unit against the main county lines", "Police",
     dt.date(2024, 12, 31), "Green", "Four lines closed this quarter"),
    ("Break drug supply chains", "Disrupt county lines into the area",
     "Train housing officers to spot and report cuckooing", "Housing partnership", dt.date(2024, 9, 30),
     "Complete", "Sessions delivered to all district teams"),
    ("Break drug supply chains", "Reduce drug-related violence",
     "Share stop and search and seizure data with the partnership every quarter", "Police",
     dt.date(2025, 3, 31), "Amber", "Data sharing agreement awaiting sign-off"),
    ("Deliver a world-class treatment and recovery system", "Increase the number of adults in treatment",
     "Open two satellite clinics in the most deprived wards", "Treatment provider", dt.date(2025, 3, 31),
     "Amber", "One site agreed; second under negotiation"),
    ("Deliver a world-class treatment and recovery system", "Increase the number of adults in treatment",
     "Recruit outreach workers to bring people back into treatment", "Public health", dt.date(2024, 10, 31),
     "Green", "Five of six posts filled"),
    ("Deliver a world-class treatment and recovery system", "Improve continuity of care from prison",
     "Place a treatment worker in each local prison release team", "Probation", dt.date(2024, 6, 30),
     "Red", "Post vacant since spring; recruitment restarted"),
    ("Deliver a world-class treatment and recovery system", "Improve continuity of care from prison",
     "Offer naloxone and a first appointment to everyone leaving prison with a treatment need", "Treatment provider",
     dt.date(2024, 12, 31), "Green", "Offered to 9 in 10 prison leavers"),
    ("Deliver a world-class treatment and recovery system", "Reduce drug-related deaths",
     "Review every drug-related death through the local death review panel", "Public health",
     dt.date(2025, 3, 31), "Green", "Panel meets monthly"),
    ("Deliver a world-class treatment and recovery system", "Reduce drug-related deaths",
     "Extend naloxone supply to hostels and pharmacies", "Treatment provider", dt.date(2025, 6, 30),
     "Not started", "Awaiting funding decision"),
    ("Achieve a shift in demand for recreational drugs", "Prevent drug use among young people",
     "Deliver drug education in secondary schools in partnership with the youth service", "Children's services",
     dt.date(2025, 7, 31), "Amber", "Programme written; schools being recruited"),
    ("Achieve a shift in demand for recreational drugs", "Prevent drug use among young people",
     "Run a campaign on the risks of nitrous oxide and cannabis vapes", "Communications team",
     dt.date(2024, 8, 31), "Red", "Campaign delayed by the pre-election period"),
    ("Achieve a shift in demand for recreational drugs", "Reach people at festivals and in the night-time economy",
     "Provide harm-reduction messaging at summer events", "Community safety partnership", dt.date(2024, 9, 30),
     "Green", "Messaging at three events"),
]


# The version uploaded a quarter earlier: some ratings worse, one date earlier (it slipped
# since), and the last action not yet in the plan, so the demo shows a comparison.
EARLIER_CHANGES = {0: {"rag": "Amber"}, 4: {"rag": "Amber"}, 5: {"rag": "Amber", "due": dt.date(2024, 3, 31)},
                   9: {"due": dt.date(2025, 3, 31)}}
EARLIER_FILENAME = "demo_delivery_plan_SYNTHETIC_earlier.xlsx"
# Which catalogue indicators some demo actions aim at (action index -> indicator ids).
DEMO_LINKS = {0: ["county_lines_closed"], 3: ["adults_in_treatment"], 4: ["adults_in_treatment"],
              5: ["continuity_of_care"], 6: ["continuity_of_care", "naloxone_kits"], 7: ["drug_related_deaths"],
              8: ["naloxone_kits", "drug_related_deaths"]}


# The actions' dates are written as seen at the end of November 2024. When the demo is
# seeded they move forward by whole months so that the plan always looks current: a
# few actions overdue, most due in the coming months.
WRITTEN_AS_AT = dt.date(2024, 11, 30)


def months_to_today(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return max(0, (today.year - WRITTEN_AS_AT.year) * 12 + today.month - WRITTEN_AS_AT.month)


def shift_month_end(date: dt.date, months: int) -> dt.date:
    """Move a month-end date by whole months, keeping it a month end."""
    years, month_index = divmod(date.month - 1 + months, 12)
    year, month = date.year + years, month_index + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def earlier_actions() -> list[tuple]:
    rows = []
    for i, (priority, objective, action, lead, due, rag, progress) in enumerate(ACTIONS[:-1]):
        change = EARLIER_CHANGES.get(i, {})
        rows.append((priority, objective, action, lead, change.get("due", due), change.get("rag", rag), progress))
    return rows


def build_demo_workbook(actions: list[tuple] | None = None) -> bytes:
    """The synthetic demo plan as .xlsx bytes (``actions`` defaults to the current plan)."""
    actions = ACTIONS if actions is None else actions
    months = months_to_today()
    actions = [(*a[:4], shift_month_end(a[4], months), *a[5:]) for a in actions]
    wb = Workbook()
    ws = wb.active
    ws.title = "Delivery plan"
    ws["A1"] = "Demo Combating Drugs Partnership: local delivery plan (SYNTHETIC DEMO DATA)"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Invented actions for demonstrating the app; not a real partnership's plan."
    headers = ["National Plan Priority", "Objective", "Local Actions", "Lead (Owner)", "Due", "RAG",
               "Progress/Comments"]
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    start = 5
    for offset, (priority, objective, action, lead, due, rag, progress) in enumerate(actions):
        row = start + offset
        ws.cell(row, 1, priority)
        ws.cell(row, 2, objective)
        ws.cell(row, 3, action)
        ws.cell(row, 4, lead)
        ws.cell(row, 5, due).number_format = "DD/MM/YYYY"
        rag_cell = ws.cell(row, 6, rag)
        rag_cell.fill = PatternFill("solid", fgColor=FILLS[rag])
        ws.cell(row, 7, progress)
    # Merge the priority and objective cells down their runs, as people do.
    for col in (1, 2):
        run_start = start
        for row in range(start + 1, start + len(actions) + 1):
            same = row < start + len(actions) and ws.cell(row, col).value == ws.cell(run_start, col).value
            if not same:
                if row - 1 > run_start:
                    for r in range(run_start + 1, row):
                        ws.cell(r, col).value = None
                    ws.merge_cells(start_row=run_start, start_column=col, end_row=row - 1, end_column=col)
                    ws.cell(run_start, col).alignment = Alignment(vertical="top", wrap_text=True)
                run_start = row
    for col, width in zip("ABCDEFG", (30, 32, 60, 24, 12, 12, 40)):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("Read me")
    notes["A1"] = "RAG: Green on track, Amber at risk, Red off track, Blue/Complete done."
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def seed(ws: Workspace) -> None:
    """Store the demo plan as two versions of the demo partnership's plan (earlier, then current)."""
    from ..services import plan

    plan.add_plan_version(ws, DEMO_PARTNERSHIP, EARLIER_FILENAME, build_demo_workbook(earlier_actions()),
                          uploaded_by="Demo (synthetic)", is_synthetic=True)
    plan.add_plan_version(ws, DEMO_PARTNERSHIP, DEMO_FILENAME, build_demo_workbook(),
                          uploaded_by="Demo (synthetic)", is_synthetic=True)
    with ws.connect() as conn:
        known = plans.known_indicator_ids(conn, sorted({i for ids in DEMO_LINKS.values() for i in ids}))
    for index, indicator_ids in DEMO_LINKS.items():
        wanted = [i for i in indicator_ids if i in known]
        if wanted:
            plan.set_links(ws, DEMO_PARTNERSHIP, plan.action_key(ACTIONS[index][2]), wanted)
