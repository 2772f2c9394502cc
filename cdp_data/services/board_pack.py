"""The board pack a partnership sends to its Health and Wellbeing Board: what it says, built from the same
services as the screens (so its numbers are the screens' numbers), before it is written as Word or PDF.

``python -m cdp_data report --partnership CODE --format docx|pdf --out PATH [--as-of DATE]``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.clock import today
from ..core.errors import CDPError
from ..present import board_pack as words
from ..present import geography as geo_words
from ..present import format_share, format_value, targets as target_words, uk_date, uk_month
from ..present.board_pack import Heading, Pack, Paragraph, Picture, Table
from ..store import Workspace
from . import indicators, meeting, milestones, overview, plan, unmet_need, ward_map
from .board_pack_charts import outcome_chart
from .workspace import workspace_attributions

RECENT_PERIODS = 6
WARD_COLUMNS = ("IMD score", "Deprivation rank", "Count", "Rate per", "Compared with")  # the ward table's, shortened
MAX_LIST = 25  # longest list printed in full; longer ones say how many more there are


class UnknownPartnership(CDPError):
    pass


def partnership_name(ws: Workspace, code: str) -> str:
    """The partnership's name; :class:`UnknownPartnership`, one sentence, if ``code`` is not a partnership."""
    found = ws.partnerships()
    names = dict(zip(found["code"], found["name"]))
    if code not in names:
        raise UnknownPartnership(f"{code} is not a partnership in the workspace: give a code such as "
                                 f"{', '.join(sorted(names)[:3]) or 'E08000015'}.")
    return names[code]


def build(ws: Workspace, partnership: str, as_of: dt.date | None = None) -> Pack:
    """Every section of the board pack for ``partnership``, statuses judged as of ``as_of`` (default today)."""
    day = as_of or today()
    name = partnership_name(ws, partnership)
    tiles = overview.overview_tiles(ws, partnership, day)
    pack = Pack(title="Combating drugs partnership: report to the Health and Wellbeing Board",
                subtitle="\n".join(words.cover_lines(name, partnership, day, _latest_data(tiles))))
    if overview.uses_synthetic_data(ws, partnership):
        pack.add(Paragraph(words.SYNTHETIC_NOTE, "note"))
    _summary(pack, tiles)
    _outcomes(ws, pack, partnership, tiles)
    _delivery_plan(ws, pack, partnership, day)
    _unmet_need(ws, pack, partnership)
    _ward_map(ws, pack, partnership)
    _milestones(ws, pack, partnership)
    _sources(ws, pack, tiles)
    return pack


def _latest_data(tiles: list[dict]) -> str | None:
    """The end of the newest period of any outcome ("Nov 2023"), or None when nothing is loaded."""
    ends = [t["sparkline"][-1]["period_end"] for t in tiles if t.get("has_data") and t.get("sparkline")
            and t["sparkline"][-1].get("period_end")]
    return uk_month(dt.date.fromisoformat(max(ends)[:10])) if ends else None


def _summary(pack: Pack, tiles: list[dict]) -> None:
    pack.add(Heading("Are we on track?"),
             Paragraph(target_words.status_counts_text(overview.tile_status_counts(tiles)).replace("**", "")),
             Table(["Outcome", "Latest", "Period", "Target", "Status", "Data"],
                   [[t["title"], t["latest_text"], t.get("latest_period") or "", t.get("target_text") or "None set",
                     t["status_label"], t.get("stale_flag") or t.get("data_to_text") or ""] for t in tiles],
                   caption="Headline outcomes, as on the Overview page."),
             Paragraph(target_words.STATUS_RULE.replace("**", ""), "note"))


def _own_and_england(trend) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partnership's and England's rows with a value (the trend's values have been through the
    disclosure gate: a count indicator's small counts are already blank)."""
    s = trend.series
    own = s[s["line"] == "Partnership"].dropna(subset=["value"]).sort_values("period_end")
    england = s[s["line"] == "England"].dropna(subset=["value"])
    return own, england


def _outcome(ws: Workspace, pack: Pack, partnership: str, tile: dict) -> None:
    trend = indicators.outcome_trend(ws, tile["indicator_id"], partnership)
    unit = trend.info.get("unit")
    own, england = _own_and_england(trend)
    pack.add(Heading(tile["title"], 2))
    if own.empty:
        pack.add(Paragraph(f"{tile['title']}: {tile['latest_text']}."))
        return
    last = own.iloc[-1]
    eng_last = england[england["period"] == last["period"]]["value"]
    compared = last.get("compared_to_england")
    sentence = words.outcome_sentence(
        tile["title"], unit, (own.iloc[0]["period"], float(own.iloc[0]["value"])),
        (last["period"], float(last["value"])), float(eng_last.iloc[0]) if len(eng_last) else None,
        compared if isinstance(compared, str) else None)
    pack.add(Paragraph(sentence),
             Paragraph(f"Status: {tile['status_label']}. Target: {tile.get('target_text') or 'none set'}. "
                       f"{tile.get('stale_text') or ''}".strip()))
    png = outcome_chart(own, england, tile["title"], unit)
    if png:
        pack.add(Picture(png, words.outcome_alt(tile["title"], sentence, len(own))))
    recent = own.tail(RECENT_PERIODS)
    england_by_period = dict(zip(england["period"], england["value"]))
    pack.add(Table(["Period", "Partnership", "England", "Compared with England"],
                   [[r.period, format_value(r.value, unit), format_value(england_by_period.get(r.period), unit),
                     r.compared_to_england if isinstance(r.compared_to_england, str) else "Not compared"]
                    for r in recent.itertuples()], caption=words.recent_caption(tile["title"], len(recent))))
    linked = indicators.linked_actions(ws, partnership, tile["indicator_id"])
    if not linked.empty:
        pack.add(Table(["Plan action", "Lead", "Due", "Status"],
                       [[a.action, a.lead or "", uk_date(a.due) if a.due else "", a.status_word or ""]
                        for a in linked.head(MAX_LIST).itertuples()], caption="Plan actions aimed at this outcome."))


def _outcomes(ws: Workspace, pack: Pack, partnership: str, tiles: list[dict]) -> None:
    pack.add(Heading("Outcomes"))
    shown = [t for t in tiles if t.get("has_data")]
    if not shown:
        pack.add(Paragraph("No outcome has data loaded yet."))
    for tile in shown:
        _outcome(ws, pack, partnership, tile)


def _delivery_plan(ws: Workspace, pack: Pack, partnership: str, day: dt.date) -> None:
    pack.add(Heading("Delivery plan"))
    latest = plan.latest_version_id(ws, partnership)
    if latest is None:
        pack.add(Paragraph("No delivery plan has been uploaded for this partnership."))
        return
    frame = plan.tracked_actions(ws, latest)
    _, table = plan.status_overview(frame, "priority")
    versions = plan.versions(ws, partnership)
    if bool(versions.loc[versions["id"] == latest, "is_synthetic"].fillna(False).any()):
        pack.add(Paragraph(words.SYNTHETIC_PLAN, "note"))
    pack.add(Paragraph(f"Plan version {latest}: {len(frame)} actions."),
             Table([str(c) for c in table.columns], [[_cell(v) for v in row] for row in table.itertuples(index=False)],
                   caption="Actions by priority and status."))
    since = meeting.since_last_meeting(ws, partnership, day)  # the same rows as the meeting's slides
    exceptions = since["exceptions"]
    pack.add(Heading("Exceptions", 2), Paragraph(words.exceptions_sentence(len(exceptions))))
    if exceptions:
        pack.add(Table(["Action", "Lead", "Due", "Status", "Why listed"],
                       [[r["action"], r["lead"] or "", r["due"] or "", r["status"] or "", r["why"]]
                        for r in exceptions[:MAX_LIST]]))
        if len(exceptions) > MAX_LIST:
            pack.add(Paragraph(f"And {len(exceptions) - MAX_LIST} more: see the Delivery plan page.", "note"))
    _changes(pack, since)


def _changes(pack: Pack, since: dict) -> None:
    last = since["last"]
    pack.add(Heading(words.changes_heading(last["meeting_date"] if last else None), 2))
    changes = since["changes"]
    if not changes:
        pack.add(Paragraph(words.NO_CHANGES))
        return
    pack.add(Table(["What", "Item", "Before", "After"],
                   [[str(r["what"]), str(r["item"]), str(r["before"] or ""), str(r["after"] or "")]
                    for r in changes[:MAX_LIST]]))
    if len(changes) > MAX_LIST:
        pack.add(Paragraph(f"And {len(changes) - MAX_LIST} more: see the meeting's slides.", "note"))


def _ward_map(ws: Workspace, pack: Pack, partnership: str) -> None:
    pack.add(Heading("Deprivation and drug harm by ward"))
    wm = ward_map.build_ward_map(ws, ward_map.load_inputs(ws), partnership)
    if wm is None or not geo_words.has_harm(wm) or "imd_score" not in wm.wards:
        pack.add(Paragraph("No ward boundaries with deprivation and harm figures are loaded for this partnership."))
        return
    pack.add(Paragraph(geo_words.correlation_text(ward_map.harm_deprivation_correlation(wm),
                                                  geo_words.source_text(wm))))
    top = geo_words.top_wards_table(wm, geo_words.display_table(wm))
    keep = [c for c in top.columns if c == "Ward" or str(c).startswith(WARD_COLUMNS)]
    top = top[keep]
    pack.add(Table([str(c) for c in top.columns], [[_cell(v) for v in row] for row in top.itertuples(index=False)],
                   caption="Ten wards where deprivation and harm are both highest (counts under 5 not shown)."))


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _unmet_need(ws: Workspace, pack: Pack, partnership: str) -> None:
    pack.add(Heading("Unmet need for treatment"))
    table = unmet_need.partnership_unmet_need(ws, partnership)
    rows = [[r.substance_label, r.period or "", format_share(r.unmet_need_share) if pd.notna(r.unmet_need_share)
             else "", r.compared_with_england or "", r.note or ""] for r in table.itertuples()]
    pack.add(Table(["Drug group", "Period", "Not in treatment", "Compared with England", "Note"], rows,
                   caption="Share of the estimated people who need treatment and are not in it, latest period."))
    if table["is_synthetic"].fillna(False).astype(bool).any():
        pack.add(Paragraph("Some of these figures are synthetic demo data.", "note"))


def _milestones(ws: Workspace, pack: Pack, partnership: str) -> None:
    checklist = milestones.milestone_checklist(ws, partnership)
    pack.add(Heading("National milestones"), Paragraph(target_words.milestones_met_text(checklist)),
             Table(["Milestone", "Met", "Date", "Note"],
                   [[r.label, "Yes" if r.met else "No", uk_date(r.met_on) if r.met_on else "", r.note or ""]
                    for r in checklist.itertuples()]))


def _sources(ws: Workspace, pack: Pack, tiles: list[dict]) -> None:
    pack.add(Heading("Sources and licences"))
    sources = overview.overview_sources(tiles)
    if sources:
        pack.add(Paragraph("Sources: " + "; ".join(sources) + "."))
    for line in workspace_attributions(ws):
        pack.add(Paragraph(line, "note"))


FORMATS = ("docx", "pdf")


def board_pack_file(ws: Workspace, partnership: str, fmt: str, as_of: dt.date | None = None) -> bytes:
    """The board pack as a Word document (``"docx"``) or a PDF (``"pdf"``)."""
    return write(build(ws, partnership, as_of), fmt)


def write(pack: Pack, fmt: str) -> bytes:
    """A built pack as ``"docx"`` or ``"pdf"`` bytes."""
    if fmt not in FORMATS:
        raise CDPError(f"The board pack is made as docx or pdf, not {fmt}.")
    if fmt == "docx":
        from .board_pack_docx import to_docx

        return to_docx(pack)
    from .board_pack_pdf import to_pdf

    return to_pdf(pack)


def file_name(partnership: str, fmt: str, day: dt.date | None = None) -> str:
    return f"board_pack_{partnership}_{(day or today()):%Y%m%d}.{fmt}"
