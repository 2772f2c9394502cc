"""The meeting agenda's pure steps (no I/O, no display text): which indicators get a slide, what changed
between two snapshots of the statuses, the order and skips a chair saved, and pagination of long lists.

A *section* is one item of the agenda (``tiles``, ``indicator:<id>``, ``exceptions``, ``changes``,
``unmet_need``, ``ward_map``, ``milestones``); a section with a long list becomes several *slides*
(``exceptions-1``, ``exceptions-2``, ...). The chair orders and skips sections, never single pages, so
a list never loses rows."""

from __future__ import annotations

from dataclasses import dataclass, field

ROWS_PER_SLIDE = 8
TILES_PER_SLIDE = 8
FIRST_ACTIONS = 3          # linked plan actions under an indicator's chart; the rest on further slides
WATCHED = ("Off track", "At risk")
SECTION_ORDER = ("tiles", "indicator", "exceptions", "changes", "unmet_need", "ward_map", "milestones")


@dataclass
class Slide:
    id: str                 # unique in the agenda and stable while the data does not change: "exceptions-2"
    section: str            # the agenda item it belongs to: "exceptions", "indicator:continuity_of_care"
    kind: str               # tiles | indicator | actions | exceptions | changes | unmet_need | ward_map | milestones
    page: int = 1
    pages: int = 1
    rows: list = field(default_factory=list)
    indicator_id: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def pages_of(rows: list, size: int = ROWS_PER_SLIDE) -> list[list]:
    """``rows`` in slides of at most ``size``; one empty page when there are none (the slide says so)."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def paged(section: str, kind: str, rows: list, size: int = ROWS_PER_SLIDE, **extra) -> list[Slide]:
    chunks = pages_of(rows, size)
    stem = section.replace(":", "-")
    return [Slide(stem if len(chunks) == 1 else f"{stem}-{n}", section, kind, n, len(chunks), chunk, **extra)
            for n, chunk in enumerate(chunks, start=1)]


def indicator_slides(indicator_id: str, actions: list) -> list[Slide]:
    """The indicator's slide (chart, figures, the first linked actions), then its other actions."""
    section = f"indicator:{indicator_id}"
    rest = pages_of(actions[FIRST_ACTIONS:]) if len(actions) > FIRST_ACTIONS else []
    pages = 1 + len(rest)
    first = Slide(f"indicator-{indicator_id}", section, "indicator", 1, pages, actions[:FIRST_ACTIONS], indicator_id)
    return [first] + [Slide(f"indicator-{indicator_id}-{n}", section, "actions", n, pages, chunk, indicator_id)
                      for n, chunk in enumerate(rest, start=2)]


def snapshot(statuses: list) -> dict:
    """What a meeting records of the data: per indicator its status and latest period (JSON-able)."""
    return {s.indicator_id: {"status": s.status, "latest_period": s.latest_period,
                             "latest_end": s.latest_end.isoformat() if s.latest_end else None}
            for s in statuses}


def watched_indicators(now: dict, before: dict | None) -> list[str]:
    """Indicators off track or at risk now, or whose status changed since ``before`` (in ``now``'s order)."""
    before = before or {}
    return [i for i, s in now.items()
            if s["status"] in WATCHED or (i in before and before[i]["status"] != s["status"])]


def status_changes(now: dict, before: dict) -> list[dict]:
    """Indicators whose status differs between the two snapshots: indicator_id, before, after."""
    return [{"indicator_id": i, "before": before[i]["status"], "after": s["status"]}
            for i, s in now.items() if i in before and before[i]["status"] != s["status"]]


def new_periods(now: dict, before: dict) -> list[dict]:
    """Indicators with a newer latest period than at the last meeting (or data for the first time)."""
    out = []
    for i, s in now.items():
        old = before.get(i, {})
        if s.get("latest_end") and (old.get("latest_end") or "") < s["latest_end"]:
            out.append({"indicator_id": i, "before": old.get("latest_period"), "after": s["latest_period"]})
    return out


def arrange(sections: list[str], saved: dict | None) -> tuple[list[str], set[str]]:
    """The sections in the saved order (sections the saved agenda does not know keep their place after the
    section they follow by default), and the skipped ones that still exist."""
    saved = saved or {}
    present = set(sections)
    order = [s for s in saved.get("order", []) if s in present]
    placed = set(order)
    for position, section in enumerate(sections):
        if section in placed:
            continue
        before = [s for s in sections[:position] if s in placed]
        at = order.index(before[-1]) + 1 if before else 0
        order.insert(at, section)
        placed.add(section)
    return order, {s for s in saved.get("skipped", []) if s in present}


def moved(order: list[str], section: str, step: int) -> list[str]:
    """``order`` with ``section`` moved ``step`` places (-1 earlier, +1 later), kept inside the list."""
    out = list(order)
    at = out.index(section)
    to = min(max(at + step, 0), len(out) - 1)
    out.insert(to, out.pop(at))
    return out


def shown(slides: list[Slide], order: list[str], skipped: set[str]) -> list[Slide]:
    """The slides to present: sections in ``order`` without the skipped ones, pages in order."""
    by_section: dict[str, list[Slide]] = {}
    for slide in slides:
        by_section.setdefault(slide.section, []).append(slide)
    return [slide for section in order if section not in skipped for slide in by_section.get(section, [])]
