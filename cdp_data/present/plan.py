"""The delivery plan's words: statuses as words, version labels and captions, the tables and sentences the
Delivery plan page, the exports and the CLI show. Streamlit-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from . import uk_date

STATUS_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete",
                "not_started": "Not started", None: "No status"}
HEADLINE_LABELS = {"actions": "Actions", "overdue": "Overdue", "due_soon": "Due in 30 days",
                   **{k: v for k, v in STATUS_WORDS.items() if k}}


def status_word(status) -> str | None:
    """The status as the word the page shows (``"red"`` -> ``"Red"``; no status -> ``"No status"``)."""
    return STATUS_WORDS.get(status if isinstance(status, str) else None)


def status_codes(words) -> list[str | None]:
    """Status words (as picked on the page) -> status codes (``"No status"`` -> ``None``); a word that is
    not a status becomes a code no action has."""
    codes = {w: c for c, w in STATUS_WORDS.items()}
    return [codes.get(w, f"unknown: {w}") for w in words]


def with_status_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The actions with a ``status_word`` column added (the status as a word)."""
    frame["status_word"] = frame["status"].map(status_word)
    return frame


def summary_with_words(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """A status summary (by, status, actions) with the status as a word: by, status, status_word, actions."""
    words = summary["status"].map(status_word) if not summary.empty else pd.Series(dtype="object")
    return summary.assign(status_word=words)[[by, "status", "status_word", "actions"]]


def status_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """A status summary (with words) as a table: one row per ``by`` value, a column per status word
    (in the order of :data:`STATUS_WORDS`) and a Total."""
    table = summary.pivot_table(index=by, columns="status_word", values="actions", aggfunc="sum",
                                fill_value=0)
    table = table[[w for w in STATUS_WORDS.values() if w in table.columns]]
    table["Total"] = table.sum(axis=1)
    return table.reset_index().rename(columns={by: by.capitalize()})


def headline_figures(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The headline counts (codes) with the labels the page shows."""
    return [(HEADLINE_LABELS[code], n) for code, n in counts]


def version_label(row) -> str:
    """``"Version 2: plan.xlsx, 31 Mar 2025 14:05 by Jo (synthetic demo data)"`` for pickers."""
    return (f"Version {row.version}: {row.filename}, {pd.Timestamp(row.uploaded_at):%-d %b %Y %H:%M}"
            f"{f' by {row.uploaded_by}' if isinstance(row.uploaded_by, str) and row.uploaded_by else ''}"
            f"{' (synthetic demo data)' if row.is_synthetic else ''}")


def version_caption(version: pd.Series) -> str:
    """A version's source line for captions: ``"plan.xlsx, uploaded 31 Mar 2025"``."""
    return f"{version['filename']}, uploaded {pd.Timestamp(version['uploaded_at']):%-d %b %Y}"


def shown_value(field_name: str, value) -> str:
    """A value as text for the 'every change' table (one column mixes dates and words)."""
    if field_name == "status":
        return STATUS_WORDS.get(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def shown_comparison(comparison):
    """A :class:`~cdp_data.plan.Comparison` as shown: statuses as words, changed fields named in words
    and their values as text."""
    changed = comparison.changed
    if not changed.empty:
        changed = changed.assign(
            before=[shown_value(f, v) for f, v in zip(changed["field"], changed["before"])],
            after=[shown_value(f, v) for f, v in zip(changed["field"], changed["after"])],
            field=changed["field"].str.replace("_", " "))
    status_changes = comparison.status_changes
    if not status_changes.empty:
        status_changes = status_changes.assign(before=status_changes["before"].map(status_word),
                                               after=status_changes["after"].map(status_word))
    return replace(comparison, changed=changed, status_changes=status_changes)


def change_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table of a comparison ready to show: status as words, no Ref column when no action has one."""
    if "status" in table:
        table = table.assign(status=table["status"].map(status_word))
    if "ref" in table and table["ref"].isna().all():
        table = table.drop(columns="ref")
    return table


def status_counts_words(statuses) -> dict[str, int]:
    """Counts of the actions' statuses keyed by word (for the load report)."""
    counts = pd.Series(list(statuses), dtype="object").value_counts(dropna=False)
    return {STATUS_WORDS.get(k if isinstance(k, str) else None, "No status"): int(v) for k, v in counts.items()}


def stored_summary(n_actions: int, version_id: int, partnership_code: str) -> str:
    return f"{n_actions:,} actions stored as delivery plan version {version_id} for {partnership_code}."


def stored_message(filename: str) -> str:
    return f"Stored {filename} as a new version of the plan."


def already_stored(filename: str, version_id: int, partnership_code: str) -> str:
    """The notice for a file that is stored already (same content): no second version is made."""
    return (f"{filename} is already stored (delivery plan version {version_id} for {partnership_code} holds the "
            "same file), so no new version was made.")


def unreadable_heading(n_warnings: int) -> str:
    return f"{n_warnings:,} thing(s) in the workbook the app could not read"


def summary_caption(version_caption_text: str) -> str:
    return (f"Source: {version_caption_text}. Letters on the bars: R red, A amber, G green, C complete, "
            "NS not started.")


def nothing_due_soon(today: dt.date, days: int = 30) -> str:
    return (f"No open action falls due between {uk_date(today)} and "
            f"{uk_date(today + dt.timedelta(days=days))}.")


def no_date_caption(n_actions: int) -> str:
    return f"{n_actions:,} action(s) have no date (for example “Ongoing”); they are not counted here."


def showing_caption(shown: int, total: int) -> str:
    return f"Showing {shown:,} of {total:,} actions."


def comparison_heading(old_label: str, new_label: str, matched_on: str) -> str:
    return f"From **{old_label}** to **{new_label}** (actions matched by {matched_on}):"


def comparison_figures(summary: dict) -> list[tuple[str, int]]:
    return [("Added", summary["added"]), ("Removed", summary["removed"]), ("Changed", summary["changed"]),
            ("Status changes", summary["status_changes"]), ("Dates slipped", summary["slipped"])]


def comparison_line(summary: dict) -> str:
    """The CLI's one-line account of a comparison."""
    s = summary
    return (f"Added {s['added']}, removed {s['removed']}, changed {s['changed']}; "
            f"{s['status_changes']} status changes; {s['slipped']} due dates slipped (matched on {s['matched_on']}).")


def linked_message(n_indicators: int) -> str:
    return f"Linked to {n_indicators} indicator(s)."


def action_line(action) -> str:
    """One parsed action as the CLI prints it."""
    due = action.due.strftime("%d %b %Y") if action.due else (action.due_text or "no date")
    return (f"{action.sheet}!{action.row}: [{STATUS_WORDS.get(action.status)}] {action.action} "
            f"(lead: {action.lead or 'not given'}; due: {due})")
