"""Drug offences by ward from the shared data.police.uk files equal an independent pandas count (DONE-WHEN)."""

import functools
from pathlib import Path

import pandas as pd
import pytest

from cdp_data import geography as geo
from cdp_data.services.ward_files import police_counts_from_files

REPO = Path(__file__).resolve().parents[2]
AREAS = {"E08000014": "merseyside", "E08000015": "merseyside", "E08000012": "merseyside",
         "E10000017": "lancashire"}


@pytest.fixture(scope="module")
def pub(shared_data):
    return shared_data / "public"


@pytest.fixture(scope="module")
def lookups(pub):
    return [pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
            pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
            pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv"]


@functools.lru_cache(maxsize=None)
def _read_csv(path: Path, usecols: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each shared file parsed once per test session (the three Merseyside areas read the same 27 files);
    callers only filter and join, never change the frame."""
    return pd.read_csv(path, usecols=list(usecols) if usecols else None)


def independent_count(pub, files, area, suppress=True):
    """A separate count: file year decides the LSOA vintage (2022 = 2011 codes, 2024/25 = 2021 codes, as
    SOURCES.md records), plain pandas joins, wards of the area from the ONS ward lookup."""
    l11 = _read_csv(pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv", ("LSOA11CD", "WD24CD"))
    l21 = _read_csv(pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv", ("LSOA21CD", "WD24CD"))
    wl = _read_csv(pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv")
    area_wards = wl[(wl["LAD24CD"] == area) | (wl["CTYUA24CD"] == area)]["WD24CD"]
    parts = []
    for f in files:
        df = _read_csv(f)
        df = df[df["Crime type"] == "Drugs"]
        if f.name.startswith("2022"):
            parts.append(df.merge(l11, left_on="LSOA code", right_on="LSOA11CD")["WD24CD"])
        else:
            parts.append(df.merge(l21, left_on="LSOA code", right_on="LSOA21CD")["WD24CD"])
    counts = pd.concat(parts).value_counts().reindex(area_wards, fill_value=0)
    return {w: (None if c < 5 and suppress else int(c)) for w, c in counts.items()}


@pytest.mark.parametrize("area,force", list(AREAS.items()))
def test_drug_offences_by_ward_equal_an_independent_count(pub, lookups, area, force):
    files = sorted((pub / "police/street_drugs").glob(f"*-{force}-street_DRUGS.csv"))
    assert len(files) == 27
    result, info = police_counts_from_files(files, lookups, area)
    expected = independent_count(pub, files, area)
    got = {r.ward_code: (None if pd.isna(r.count) else int(r.count)) for r in result.itertuples()}
    assert got == expected
    # Suppression: under 5 is null and flagged; nothing under 5 is ever shown.
    assert (result["suppressed"] == result["count"].isna()).all()
    assert result["count"].dropna().min() >= 5
    if force == "lancashire":
        # 478 Drugs rows have no location across the Lancashire files (SOURCES.md): counted, not dropped.
        assert info["not_located"] == {"Lancashire Constabulary": 478}
        assert len(result) == 215
        assert result["suppressed"].any()


def test_whole_street_files_give_the_same_drug_counts_as_the_drugs_subset(pub, lookups):
    whole = sorted((pub / "police/street").glob("2025-*-merseyside-street.csv"))
    subset = [pub / "police/street_drugs" / f.name.replace("street.csv", "street_DRUGS.csv") for f in whole]
    a, _ = police_counts_from_files(whole, lookups, "E08000015")
    b, _ = police_counts_from_files(subset, lookups, "E08000015")
    pd.testing.assert_frame_equal(a, b)
    other, _ = police_counts_from_files(whole, lookups, "E08000015", crime_type="Burglary")
    assert not other["count"].equals(a["count"])


def test_lsoa_vintage_is_detected_from_the_codes_not_the_month(pub):
    l11 = set(pd.read_csv(pub / "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv")["LSOA11CD"])
    l21 = set(pd.read_csv(pub / "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv")["LSOA21CD"])
    frame = pd.read_csv(pub / "police/street_drugs/2022-03-merseyside-street_DRUGS.csv", dtype=str)
    assert set(geo.police_lsoa_counts(frame, l11, l21)["lsoa_vintage"]) == {"2011"}
    relabelled = frame.assign(Month="2024-03")  # month says 2021 codes, the codes say 2011
    assert set(geo.police_lsoa_counts(relabelled, l11, l21)["lsoa_vintage"]) == {"2011"}
