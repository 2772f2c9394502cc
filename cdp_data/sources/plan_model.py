"""What the delivery-plan reader returns: the actions of a plan and what it could not read."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..core.kinds import Kind

KIND = Kind.PLAN_WORKBOOK
LABEL = "Delivery plan workbook"

HEADER_SEARCH_ROWS = 30

FIELDS = ["ref", "priority", "objective", "action", "lead", "due", "due_text", "status", "progress",
          "sheet", "row"]


@dataclass
class Action:
    """One action as the plan states it."""

    action: str
    priority: str | None = None
    objective: str | None = None
    lead: str | None = None
    due: dt.date | None = None
    due_text: str | None = None
    status: str | None = None
    progress: str | None = None
    ref: str | None = None
    sheet: str | None = None
    row: int | None = None

    def as_json(self) -> dict:
        d = asdict(self)
        d["due"] = self.due.isoformat() if self.due else None
        return {k: d[k] for k in FIELDS}


@dataclass
class ParsedPlan:
    actions: list[Action]
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"actions": [a.as_json() for a in self.actions], "warnings": list(self.warnings)}

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(a) for a in self.actions], columns=FIELDS)

