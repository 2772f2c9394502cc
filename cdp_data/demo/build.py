"""``python -m cdp_data demo build --from DIR``: the bundled demo's compact extract of real public data.

DIR is laid out like ``shared/data/public`` (see its ``SOURCES.md``). For the four demo partnerships
(:data:`cdp_data.demo.PARTNERSHIPS`) the build writes, into ``cdp_data/data/demo/`` by default, files the app's
own loaders read, so the seeded demo holds exactly what a user loading the official files would have:

- their ONS wards (May 2024, BSC), simplified with shared edges kept, and the ward -> LAD -> county/UA lookup;
- the LSOA 2011 and LSOA 2021 -> ward best-fit lookups, IoD2019 (LSOA 2011) and IoD2025 (LSOA 2021) LSOA rows
  and Census 2021 populations (LSOA and ward): the app aggregates deprivation to wards itself (it refuses the
  ward-level summaries), and its ward figures equal the derived ward tables (tested);
- police recorded drug offences from the data.police.uk Drugs files, counted by month, force and LSOA
  (with the LSOA's ward), every LSOA of the partnerships' wards, both LSOA vintages as the files use them;
- the real Fingertips unmet-need export (93517, without the columns the reader ignores) and the PHE
  alcohol-dependence estimates (every area's latest year as comparators, every year for the partnerships, the North
  West and England);
- the similar-areas table: IMD 2019 scores, population, age structure and density of every English upper-tier
  authority (``similar_area_features_utla.csv``), from which the demo saves each partnership's 15 nearest;
- ``ATTRIBUTIONS.md`` (the licence lines from SOURCES.md) and ``manifest.json`` (inputs and outputs with their
  SHA-256, the build date and the command).

The build is deterministic: the same inputs give the same bytes (``manifest.json``'s date apart).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Callable

import pandas as pd

from .areas import PARTNERSHIPS
from ..core import config
from ..core.errors import LoadError
from ..geography import police_lsoa_counts
from ..geography.display import simplify_for_display
from ..services import similar_areas
from ..sources import area_features

PARTNERSHIP_CODES = tuple(p["code"] for p in PARTNERSHIPS)
DEFAULT_OUT = config.PACKAGE_DATA / "demo"
TOLERANCE_M = 60.0     # on top of ONS's 200 m generalisation: wards stay recognisable, the file small
COMMAND = "python -m cdp_data demo build --from DIR"

INPUTS = {
    "wards": "geography/wards_may2024_bsc_england.geojson",
    "ward_lookup": "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv",
    "lsoa11_lookup": "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
    "lsoa21_lookup": "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
    "imd2019": "imd/imd2019_lsoa11_england.csv",
    "imd2025": "imd/imd2025_lsoa21_england.csv",
    "population_lsoa21": "population/census2021_usual_residents_lsoa21.csv",
    "population_ward": "population/population_ward24_DERIVED.csv",
    "fingertips_93517": "fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv",
    "alcohol_estimates": "fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv",
    "police_drugs": "police/street_drugs",
    "sources": "SOURCES.md",
}
# The extract's files, in the order the demo loads them (lookups before what they name).
FILES = {
    "ward_lookup": "ward24_lad24_ctyua24_lookup.csv",
    "lsoa11_lookup": "lsoa11_ward24_bestfit_lookup.csv",
    "lsoa21_lookup": "lsoa21_ward24_bestfit_lookup.csv",
    "wards": "wards_may2024.geojson",
    "imd2019": "imd2019_lsoa11.csv",
    "imd2025": "imd2025_lsoa21.csv",
    "population_lsoa21": "census2021_usual_residents_lsoa21.csv",
    "population_ward": "census2021_usual_residents_ward24.csv",
    "fingertips_93517": "fingertips_93517_ocu_not_in_treatment.csv",
    "alcohol_estimates": "phe_alcohol_dependent_adults_utla.csv",
    "police_drugs": "police_drug_offences_lsoa_month.csv",
}
POLICE_COLUMNS = ["month", "force", "lsoa_code", "lsoa_vintage", "ward_code", "count"]

SIMILAR_FEATURES = "similar_area_features_utla.csv"
INPUTS.update({f"similar_{key}": path for key, path in area_features.FILES.items() if path not in INPUTS.values()})


def _similar_features(source: Path, out: Path) -> list[str]:
    """The similar-areas table (every English upper-tier authority's public figures, see
    :mod:`cdp_data.services.similar_areas`): the demo stores it and saves each partnership's 15 nearest."""
    frame = similar_areas.build_features(source)
    frame.to_csv(out / SIMILAR_FEATURES, index=False, lineterminator="\n", float_format="%.10g")
    return [SIMILAR_FEATURES]


#: Further steps run after the extract is written: each takes (source folder, output folder) and returns the
#: names of the files it wrote (listed in the manifest).
EXTRA_STEPS: list[Callable[[Path, Path], list[str]]] = [_similar_features]


def _path(source: Path, key: str) -> Path:
    path = source / INPUTS[key]
    if not path.exists():
        raise LoadError(f"{source} has no {INPUTS[key]}: give a folder laid out like shared/data/public.")
    return path


def _csv(source: Path, key: str, **options) -> pd.DataFrame:
    return pd.read_csv(_path(source, key), dtype=str, keep_default_na=False, **options)


def _write_csv(frame: pd.DataFrame, out: Path, key: str) -> None:
    frame.to_csv(out / FILES[key], index=False, lineterminator="\n")


def _wards(source: Path) -> pd.DataFrame:
    lookup = _csv(source, "ward_lookup")
    return lookup[lookup["CTYUA24CD"].isin(PARTNERSHIP_CODES)].sort_values("WD24CD")


def _lookups(source: Path, out: Path, ward_codes: set[str]) -> tuple[dict[str, pd.DataFrame], dict[str, set[str]]]:
    """The ward lookup and the two LSOA -> ward lookups, for the partnerships' wards only; and every English
    LSOA code of each vintage (for the police counts), from the same reading of the national lookups."""
    wards = _wards(source)
    _write_csv(wards[[c for c in wards.columns if not c.endswith("NMW")]], out, "ward_lookup")
    kept, every = {}, {}
    for key, lsoa, columns in (("lsoa11_lookup", "LSOA11CD", ["LSOA11CD", "LSOA11NM"]),
                               ("lsoa21_lookup", "LSOA21CD", ["LSOA21CD", "LSOA21NM"])):
        frame = _csv(source, key)
        every[key] = set(frame[lsoa])
        frame = frame[frame["WD24CD"].isin(ward_codes)].sort_values(lsoa)
        kept[key] = frame
        _write_csv(frame[columns + ["WD24CD", "WD24NM", "LAD24CD", "LAD24NM"]], out, key)
    return kept, every


def _boundaries(source: Path, out: Path, ward_codes: set[str]) -> None:
    import geopandas as gpd

    gdf = gpd.read_file(_path(source, "wards"))
    gdf = gdf[gdf["WD24CD"].isin(ward_codes)].sort_values("WD24CD").reset_index(drop=True)
    simple = simplify_for_display(gdf, TOLERANCE_M)
    columns = ["WD24CD", "WD24NM", "LAD24CD", "LAD24NM", "CTYUA24CD", "CTYUA24NM", "RGN24CD", "RGN24NM"]
    data = json.loads(simple[columns + ["geometry"]].to_json(drop_id=True))
    (out / FILES["wards"]).write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n",
                                      encoding="utf-8")


def _deprivation(source: Path, out: Path, lookups: dict[str, pd.DataFrame]) -> None:
    lsoa11, lsoa21 = set(lookups["lsoa11_lookup"]["LSOA11CD"]), set(lookups["lsoa21_lookup"]["LSOA21CD"])
    imd19 = _csv(source, "imd2019")
    imd19 = imd19[imd19["lsoa11cd"].isin(lsoa11)].sort_values("lsoa11cd")
    _write_csv(imd19[["lsoa11cd", "lsoa11nm", "imd_score", "imd_rank", "imd_decile", "pop_total_mid2015"]],
               out, "imd2019")
    imd25 = _csv(source, "imd2025")
    imd25 = imd25[imd25["lsoa21cd"].isin(lsoa21)].sort_values("lsoa21cd")
    _write_csv(imd25[["lsoa21cd", "imd_score", "imd_rank", "imd_decile"]], out, "imd2025")
    pop = _csv(source, "population_lsoa21")
    _write_csv(pop[pop["LSOA21CD"].isin(lsoa21)].sort_values("LSOA21CD"), out, "population_lsoa21")


def _ward_population(source: Path, out: Path, ward_codes: set[str]) -> None:
    pop = _csv(source, "population_ward")
    pop = pop[pop["WD24CD"].isin(ward_codes)].sort_values("WD24CD")
    _write_csv(pop[["WD24CD", "WD24NM", "usual_residents_census2021"]], out, "population_ward")


def police_files(source: Path) -> list[Path]:
    folder = _path(source, "police_drugs")
    return sorted(folder.glob("*-street_DRUGS.csv"))


def _police(source: Path, out: Path, lookups: dict[str, pd.DataFrame], every: dict[str, set[str]]) -> None:
    """Drugs rows counted by month, force and LSOA as the app's police loader counts them (each file's LSOA
    vintage decided from its codes against every English LSOA, ``every``), then kept where the LSOA is in a
    partnership ward by the lookup of its vintage. Rows with no location cannot be placed in a partnership and are
    left out."""
    s11, s21 = every["lsoa11_lookup"], every["lsoa21_lookup"]
    ward_of = {"2011": dict(zip(lookups["lsoa11_lookup"]["LSOA11CD"], lookups["lsoa11_lookup"]["WD24CD"])),
               "2021": dict(zip(lookups["lsoa21_lookup"]["LSOA21CD"], lookups["lsoa21_lookup"]["WD24CD"]))}
    frames = []
    for path in police_files(source):
        street = pd.read_csv(path, dtype=str, keep_default_na=False)
        counts = police_lsoa_counts(street[street["Crime type"] == "Drugs"], s11, s21)
        counts["ward_code"] = [ward_of.get(v, {}).get(c) for c, v in zip(counts["lsoa_code"], counts["lsoa_vintage"])]
        frames.append(counts.dropna(subset=["ward_code"]))
    police = pd.concat(frames, ignore_index=True).sort_values(["month", "force", "lsoa_code"])
    _write_csv(police[POLICE_COLUMNS], out, "police_drugs")


UNUSED_FINGERTIPS_COLUMNS = ["Column not used", "New data", "Compared to goal"]   # the app's reader ignores them


def _estimates(source: Path, out: Path) -> None:
    """The national estimates, cut to what the demo shows: the Fingertips 93517 rows without the columns the
    reader ignores (every area: comparators), and the alcohol-dependence estimates of every area for the latest
    year (comparators on Compare and the map of areas) with every year for the four partnerships, their region and
    England (the unmet-need trend)."""
    unmet = _csv(source, "fingertips_93517")
    _write_csv(unmet.drop(columns=[c for c in UNUSED_FINGERTIPS_COLUMNS if c in unmet.columns]), out,
               "fingertips_93517")
    alcohol = _csv(source, "alcohol_estimates")
    latest = max(alcohol["Year"], key=lambda year: (year[:4], len(year)))
    kept = alcohol["Year"].eq(latest) | alcohol["Area_Code_GSS"].isin([*PARTNERSHIP_CODES, "E92000001", "E12000002"])
    _write_csv(alcohol[kept], out, "alcohol_estimates")


def attribution_lines(sources_md: str) -> list[str]:
    """The attribution sentences of SOURCES.md: its licence table's third column and every
    'Attribution to show' line, each once, in order."""
    found = re.findall(r'^\|[^|]*\|[^|]*\|\s*"([^"]+)"\s*\|', sources_md, flags=re.M)
    found += re.findall(r'Attribution to show:\s*"([^"]+)"', sources_md.replace("\n  ", " "))
    return list(dict.fromkeys(" ".join(line.split()) for line in found))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _attributions(source: Path, out: Path) -> None:
    lines = attribution_lines(_path(source, "sources").read_text(encoding="utf-8"))
    text = ["# The demo's public data: sources and licences", "",
            "Built by `" + COMMAND + "` from a folder laid out like `shared/data/public` (its `SOURCES.md` gives",
            "each file's origin). Rebuild it with that command; `manifest.json` lists every input and output.", "",
            "## Attributions", ""] + [f"- {line}" for line in lines] + [
            "", "## What is here", "",
            "Real public data for the demo partnerships Lancashire (E10000017), Sefton (E08000014), Wirral",
            "(E08000015) and Halton (E06000006): ONS wards (May 2024, BSC, simplified), ONS lookups, IoD2019",
            "(LSOA 2011; scores re-published by mySociety) and IoD2025 (LSOA 2021), Census 2021 usual residents,",
            "data.police.uk Drugs offences counted by month, force and LSOA (rows with no location are left out:",
            "they cannot be placed in a partnership), and the OHID Fingertips 93517 export and PHE alcohol-dependence",
            "estimates (every area's latest year as comparators; every year for the partnerships, the North West and",
            "England). The ward -> LSOA 2011 lookup is derived (SOURCES.md).",
            "The demo's delivery plan is synthetic and labelled \"synthetic demo data\" wherever it appears.", ""]
    (out / "ATTRIBUTIONS.md").write_text("\n".join(text), encoding="utf-8")


def _manifest(source: Path, out: Path, extra: list[str], built_on: dt.date) -> dict:
    inputs = []
    for key, rel in INPUTS.items():
        paths = police_files(source) if key == "police_drugs" else [_path(source, key)]
        inputs += [{"path": p.relative_to(source).as_posix(), "sha256": _digest(p)} for p in paths]
    outputs = [{"file": name, "bytes": (out / name).stat().st_size, "sha256": _digest(out / name)}
               for name in list(FILES.values()) + ["ATTRIBUTIONS.md"] + extra]
    manifest = {"built_on": built_on.isoformat(), "command": COMMAND, "partnerships": list(PARTNERSHIP_CODES),
                "boundary_simplification_m": TOLERANCE_M, "inputs": inputs, "files": outputs}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def build(source: Path | str, out: Path | str | None = None, *, built_on: dt.date | None = None) -> dict:
    """Write the extract from ``source`` into ``out`` (default the package's ``data/demo``); the manifest."""
    source, out = Path(source), Path(out) if out else DEFAULT_OUT
    if not source.is_dir():
        raise LoadError(f"{source} is not a folder: give a folder laid out like shared/data/public.")
    for key in INPUTS:
        _path(source, key)   # every input there before anything is written
    out.mkdir(parents=True, exist_ok=True)
    ward_codes = set(_wards(source)["WD24CD"])
    lookups, every = _lookups(source, out, ward_codes)
    _boundaries(source, out, ward_codes)
    _deprivation(source, out, lookups)
    _ward_population(source, out, ward_codes)
    _police(source, out, lookups, every)
    _estimates(source, out)
    _attributions(source, out)
    extra = [name for step in EXTRA_STEPS for name in step(source, out)]
    return _manifest(source, out, extra, built_on or dt.date.today())
