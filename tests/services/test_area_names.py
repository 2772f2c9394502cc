"""Area names come from official lookups or the user, never silently from an upload (issue 13): per kind of
file that carries area names, an upload never renames a recorded area, a new area takes the official name when a
stored lookup holds it, a lookup sets official names, and every name change is reported."""

import pytest

from cdp_data.services.loading import load_file
from cdp_data.services.undo import undo_load
from cdp_data.store import area_register
from tests.services.test_no_silent_loss import extract

LOOKUP = ("LAD24CD,LAD24NM,CTYUA24CD,CTYUA24NM\n"
          "E08000014,Sefton,E08000014,Sefton\n"
          "E08000015,Wirral,E08000015,Wirral\n"
          "E07000117,Burnley,E10000017,Lancashire\n").encode()
PREVALENCE = ("PHE_Centre,Local_Authority,Area_Code_GSS,Alcohol_dependent,Alcohol_lower_CI,Alcohol_upper_CI,Year\n"
              "North West,{name},E08000014,3882,2818,5679,2017/18\n")
TEMPLATE = ("Indicator ID,Indicator name,Area code,Area name,Period,Value,Count,Denominator,Unit,Source,Note\n"
            "naloxone_kits,Naloxone kits,E08000014,{name},2023/24,,140,,count,Provider return,\n")


def uploads(name: str) -> dict[str, bytes]:
    """One file of each uploaded kind that carries area names, calling E08000014 ``name``."""
    return {"fingertips.csv": extract(["2022"], areas={"E08000014": name}),
            "prevalence.csv": PREVALENCE.format(name=name).encode(),
            "template.csv": TEMPLATE.format(name=name).encode()}


def names(ws) -> dict:
    return dict(area_register.codes_and_names(ws).itertuples(index=False))


@pytest.mark.parametrize("filename", list(uploads("x")))
def test_an_upload_never_renames_a_recorded_area_and_says_so(empty_workspace, filename):
    ws = empty_workspace
    with ws.begin() as conn:
        area_register.upsert(ws, conn, [{"code": "E08000014", "name": "Sefton"}])
    report = load_file(ws, filename, uploads("West Sussex")[filename])
    assert names(ws)["E08000014"] == "Sefton"
    assert "The file calls E08000014 'West Sussex'; the name already recorded, 'Sefton', was kept." in report.warnings


@pytest.mark.parametrize("filename", list(uploads("x")))
def test_a_new_area_takes_the_official_name_from_a_stored_lookup(empty_workspace, filename):
    ws = empty_workspace
    load_file(ws, "lookup.csv", LOOKUP)
    report = load_file(ws, filename, uploads("West Sussex")[filename])
    assert names(ws)["E08000014"] == "Sefton"
    assert ("The file calls E08000014 'West Sussex'; the official name from the ONS lookup, 'Sefton', was used."
            in report.warnings)


@pytest.mark.parametrize("filename", list(uploads("x")))
def test_without_a_lookup_a_new_area_keeps_the_files_name_until_a_lookup_is_loaded(empty_workspace, filename):
    ws = empty_workspace
    report = load_file(ws, filename, uploads("Sefton Council")[filename])
    assert names(ws)["E08000014"] == "Sefton Council" and not any("E08000014" in w for w in report.warnings)
    lookup = load_file(ws, "lookup.csv", LOOKUP)
    assert names(ws)["E08000014"] == "Sefton"
    assert lookup.warnings == ["The lookup names E08000014 'Sefton'; the name recorded, 'Sefton Council', "
                               "was changed to it."]
    undo_load(ws, int(ws.loads()["id"].max()))  # the name change is undone with the lookup
    assert names(ws)["E08000014"] == "Sefton Council"


def test_a_lookup_with_markup_for_a_name_changes_nothing(empty_workspace):
    ws = empty_workspace
    with ws.begin() as conn:
        area_register.upsert(ws, conn, [{"code": "E08000014", "name": "Sefton"}])
    report = load_file(ws, "lookup.csv", LOOKUP.replace(b"14,Sefton,", b"14,<b>x</b>,"))
    assert names(ws)["E08000014"] == "Sefton" and report.warnings == []
