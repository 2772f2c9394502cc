"""NDTMS loader on both real layouts in ../shared."""

import pandas as pd
import pytest

from cdp_data.core.errors import LoadError
from cdp_data.store.indicator_values import read_values
from cdp_data.sources import ndtms
from cdp_data.services.loading import load_file

ENGLAND = "public/ndtms/ndtms_viewit_england_numbers_in_treatment_by_substance_2009_2022.csv"
BARNET = "public/ndtms/ndtms_viewit_la_export_Barnet_only_2009_2022.csv"


def _rows(ws, area):
    return read_values(ws, indicator_id="ndtms_in_treatment", area_code=area)


@pytest.mark.parametrize("label,expected", [
    ("opiates", "Opiate"), ("OPIATES", "Opiate"), ("Opiate", "Opiate"), ("non-opiates only", "Non-opiate only"),
    ("NON-OPIATES ONLY", "Non-opiate only"), ("alcohol & non-opiates", "Non-opiate and alcohol"),
    ("Non-opiate & alcohol", "Non-opiate and alcohol"), ("ALCOHOL ONLY", "Alcohol only"), ("TOTAL", "Total"),
    ("Total", "Total"), ("cannabis", None),
])
def test_substance_group_labels_normalised(label, expected):
    assert ndtms.substance_group(label) == expected


def test_england_layout_published_2021_22_figures(workspace, shared_data):
    report = load_file(workspace, "england.csv", (shared_data / ENGLAND).read_bytes())
    assert report.rows == 780 and not report.warnings
    rows = _rows(workspace, "E92000001")
    totals = rows[(rows.sex == "Persons") & (rows.age == "All ages") & (rows.period == "2021/22")]
    by_group = dict(zip(totals.category, totals.value))
    # SOURCES.md: 2021/22 289,215 in treatment (opiates 140,558; alcohol only 84,697), upper-case labels that year
    assert by_group["Total"] == 289215 and by_group["Opiate"] == 140558 and by_group["Alcohol only"] == 84697
    assert set(rows.category) == set(ndtms.SUBSTANCE_GROUPS)
    assert set(rows.category_type) == {"Substance group"}
    assert {"Male", "Female", "Persons"} == set(rows.sex) and {"18-29", "All ages"} <= set(rows.age)


def test_la_layout_resolves_names_through_a_stored_lookup(workspace, shared_data):
    lookup = pd.read_csv(shared_data / "public/lookups/lookup_lad23_utla23_ONS.csv")
    workspace.put_dataset("lookup", "lad23_utla23", lookup)
    report = load_file(workspace, "barnet.csv", (shared_data / BARNET).read_bytes())
    assert report.rows == 780
    rows = _rows(workspace, "E09000003")
    total = rows[(rows.sex == "Persons") & (rows.age == "All ages") & (rows.category == "Total")
                 & (rows.period == "2009/10")]
    assert total.value.tolist() == [1105]
    again = load_file(workspace, "barnet.csv", (shared_data / BARNET).read_bytes())
    assert len(_rows(workspace, "E09000003")) == 780 and any("replaced" in w for w in again.warnings)


def test_la_layout_without_a_code_for_the_area_says_so(empty_workspace, shared_data):
    # (the demo knows Barnet from the PHE alcohol estimates: an empty workspace does not)
    with pytest.raises(LoadError, match="no rows could be matched to an area code \\(Barnet\\)"):
        load_file(empty_workspace, "barnet.csv", (shared_data / BARNET).read_bytes())
