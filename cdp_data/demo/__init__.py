"""The bundled demo workspace, seeded into a new or empty workspace.

The partnerships' own figures come from their published documents
(``data/demo_indicator_values.csv`` and ``data/demo_targets.csv``, a source on
every row). The wards, deprivation, populations, police drug offences, the Fingertips unmet-need export and
the alcohol-dependence estimates are real public data: a compact extract in ``data/demo/`` built from the
official files by ``python -m cdp_data demo build --from DIR`` (:mod:`.build`) and loaded through the app's
loaders (:mod:`.public_data`). Only the delivery plan is synthetic, stored flagged ``is_synthetic`` so that
the UI labels it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core import config
from ..core.numbers import number_or_none
from ..store import Workspace, baselines, milestones, targets
from ..store import indicator_catalogue as cat
from ..store import indicator_values as indicator_data
from ..targets.milestones import MILESTONES

from .areas import ENGLAND, NORTH_WEST, PARTNERSHIPS  # noqa: F401 - the demo's areas, used elsewhere

DEMO_SOURCE = "Bundled demo (figures from partnership documents)"


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return dt.date.fromisoformat(str(value))


def demo_indicator_values() -> pd.DataFrame:
    return pd.read_csv(config.PACKAGE_DATA / "demo_indicator_values.csv", dtype={"indicator_id": str})


def demo_targets() -> pd.DataFrame:
    return pd.read_csv(config.PACKAGE_DATA / "demo_targets.csv", dtype={"indicator_id": str})


def seed_demo(ws: Workspace) -> None:
    """Seed areas, catalogue, the partnerships' published figures, baselines, targets, the synthetic demo
    plan, then the real public data."""
    values = demo_indicator_values()
    plan_targets = demo_targets()
    with ws.begin() as conn:
        ws.upsert_areas(
            [ENGLAND, NORTH_WEST]
            + [{**p, "parent_code": "E12000002", "region_code": "E12000002", "is_partnership": True}
               for p in PARTNERSHIPS],
            conn=conn,
        )
        cat.seed_catalogue(ws, conn=conn)
        catalogue = {r.indicator_id: r for r in conn.execute(cat.catalogue.select())}
        load_id = ws.log_load("demo", "bundled demo figures", len(values), vintage="seed documents", conn=conn)
        rows = []
        for r in values.itertuples():
            entry = catalogue.get(r.indicator_id)
            rows.append(dict(
                indicator_id=r.indicator_id, indicator_name=entry.name if entry else r.indicator_id,
                area_code=r.area_code, area_name=r.area_name,
                area_type="England" if r.area_code == "E92000001" else None,
                parent_code=None if r.area_code == "E92000001" else "E92000001",
                sex="Persons", age="", category_type="", category="", period=r.period,
                period_start=_date(r.period_start), period_end=_date(r.period_end),
                value=number_or_none(r.value), count=number_or_none(r.count), denominator=number_or_none(r.denominator),
                lower_ci95=number_or_none(r.lower_ci95), upper_ci95=number_or_none(r.upper_ci95),
                unit=entry.unit if entry else None, polarity=entry.polarity if entry else "not_compared",
                source=r.source, note=None if pd.isna(r.note) else r.note,
                loaded_from="bundled demo (cdp_data/data/demo_indicator_values.csv)", load_id=load_id,
                is_synthetic=False,
            ))
        indicator_data.write_values(conn, indicator_data.to_table(pd.DataFrame(rows)))
        for r in plan_targets.itertuples():
            note = None if pd.isna(r.note) else r.note
            if r.record == "baseline":
                conn.execute(baselines.insert().values(
                    partnership_code=r.partnership_code, indicator_id=r.indicator_id, value=number_or_none(r.value),
                    period=r.period, period_end=_date(r.period_end), source=r.source, note=note,
                ))
            else:
                conn.execute(targets.insert().values(
                    partnership_code=r.partnership_code, indicator_id=r.indicator_id, value=number_or_none(r.value),
                    target_text=None if pd.isna(r.target_text) else str(r.target_text),
                    target_date=_date(r.period_end), period=r.period, kind=r.kind, source=r.source, note=note,
                ))
        for p in PARTNERSHIPS:
            for key, _label in MILESTONES:
                conn.execute(milestones.insert().values(partnership_code=p["code"], milestone=key, met_on=None))

    ws.set_setting("default_partnership", "E10000017")  # the demo partnership with the most figures
    from . import plan as plan_demo
    from . import public_data

    plan_demo.seed(ws)
    public_data.seed(ws)
