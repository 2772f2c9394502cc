"""What the Data page lists as the workspace's holdings."""

from cdp_data.services.workspace import workspace_holdings


def test_holdings_list_every_kind_with_synthetic_flags(workspace):
    held = workspace_holdings(workspace)
    kinds = set(held["kind"])
    assert {"boundaries", "delivery plan", "indicator values"} <= kinds
    synthetic = held[held["is_synthetic"]]
    assert set(synthetic["kind"]) == {"delivery plan"}   # the wards and everything else are real public data
    continuity = held[(held["kind"] == "indicator values") & held["name"].str.startswith("Continuity of care")]
    assert continuity["rows"].tolist() == [2]  # Lancashire's baseline and latest
    assert not held.loc[held["kind"] == "indicator values", "is_synthetic"].any()  # demo figures are real


def test_an_empty_workspace_holds_nothing(empty_workspace):
    assert workspace_holdings(empty_workspace).empty
