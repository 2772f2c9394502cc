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
@pytest.mark.parametrize("quarter,months,extra", [("2022-Q1", ("2022-01", "2022-02", "2022-03"), "2022-04"),
                                                  ("2025-Q4", ("2025-10", "2025-11", "2025-12"), "2025-09")])
def test_drug_offences_by_ward_equal_an_independent_count(pub, lookups, area, force, quarter, months, extra):
    # One quarter with LSOA 2011 codes and one with 2021 codes, each given with a month outside it, which is
    # not counted (police counts are offered for whole calendar quarters only).
    files = sorted((pub / "police/street_drugs").glob(f"*-{force}-street_DRUGS.csv"))
    assert len(files) == 27
    in_quarter = [f for f in files if f.name[:7] in months]
    given = sorted(in_quarter + [f for f in files if f.name.startswith(extra)])
    result, info = police_counts_from_files(given, lookups, area, window=quarter)
    expected = independent_count(pub, in_quarter, area)
    got = {r.ward_code: (None if pd.isna(r.count) else int(r.count)) for r in result.itertuples()}
    assert got == expected and info["window"] == quarter and info["months"] == list(months)
    assert info["windows"] == [quarter]
    # Suppression: under 5 is null and flagged; nothing under 5 is ever shown.
    assert (result["suppressed"] == result["count"].isna()).all()
    assert result["count"].dropna().min() >= 5
    if force == "lancashire":
        # Drugs rows with no location (478 across the Lancashire files, SOURCES.md): counted, not dropped,
        # and shown only when 5 or more.
        blank = sum(int((_read_csv(f)["LSOA code"].isna() & (_read_csv(f)["Crime type"] == "Drugs")).sum())
                    for f in in_quarter)
        assert info["not_located"] == {"Lancashire Constabulary": blank if blank >= 5 else None}
        assert len(result) == 215
        assert result["suppressed"].any()


def test_all_lancashire_quarters_hold_the_478_not_located_rows(pub):
    files = sorted((pub / "police/street_drugs").glob("*-lancashire-street_DRUGS.csv"))
    assert sum(int((_read_csv(f)["LSOA code"].isna() & (_read_csv(f)["Crime type"] == "Drugs")).sum())
               for f in files) == 478


def test_a_window_that_is_not_a_whole_quarter_is_refused_in_a_sentence(pub, lookups):
    from cdp_data.core.errors import LoadError
    files = sorted((pub / "police/street_drugs").glob("2024-0*-merseyside-street_DRUGS.csv"))  # Jan to Apr 2024
    with pytest.raises(LoadError, match=r"The quarter '2024-Q2' is not one these files hold whole; "
                                        r"quarters held: 2024-Q1\."):
        police_counts_from_files(files, lookups, "E08000014", window="2024-Q2")
    with pytest.raises(LoadError, match=r"whole calendar quarters only.*2024-01, 2024-02"):
        police_counts_from_files(files[:2], lookups, "E08000014")


def test_whole_street_files_give_the_same_drug_counts_as_the_drugs_subset(pub, lookups):
    whole = sorted((pub / "police/street").glob("2025-*-merseyside-street.csv"))
    subset = [pub / "police/street_drugs" / f.name.replace("street.csv", "street_DRUGS.csv") for f in whole]
    a, _ = police_counts_from_files(whole, lookups, "E08000015", window="2025-Q4")
    b, _ = police_counts_from_files(subset, lookups, "E08000015", window="2025-Q4")
    pd.testing.assert_frame_equal(a, b)
    other, _ = police_counts_from_files(whole, lookups, "E08000015", crime_type="Burglary", window="2025-Q4")
    assert not other["count"].equals(a["count"])


def test_lsoa_vintage_is_detected_from_the_codes_not_the_month(pub):
    l11 = set(pd.read_csv(pub / "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv")["LSOA11CD"])
    l21 = set(pd.read_csv(pub / "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv")["LSOA21CD"])
    frame = pd.read_csv(pub / "police/street_drugs/2022-03-merseyside-street_DRUGS.csv", dtype=str)
    assert set(geo.police_lsoa_counts(frame, l11, l21)["lsoa_vintage"]) == {"2011"}
    relabelled = frame.assign(Month="2024-03")  # month says 2021 codes, the codes say 2011
    assert set(geo.police_lsoa_counts(relabelled, l11, l21)["lsoa_vintage"]) == {"2011"}
