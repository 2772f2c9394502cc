"""Ward map: where deprivation and drug harm meet."""

import streamlit as st

from cdp_data import geo, ward_map
from cdp_data.attributions import LINES
from ui import charts_geo, common

ws = common.workspace()
common.page_title("Where do deprivation and drug harm meet?",
                  "Ward by ward: deprivation (English Indices of Deprivation) against drug-related harm.")
partnership = st.session_state.get("partnership")


@st.cache_resource(show_spinner=False, max_entries=2)
def _inputs(_ws, version: int):
    return ward_map.load_inputs(_ws)


@st.cache_resource(show_spinner="Reading ward boundaries…", max_entries=4)
def _area_boundaries(_ws, version: int, area: str):
    return ward_map.area_boundaries(_ws, _inputs(_ws, version), area)


@st.cache_resource(show_spinner="Reading LSOA boundaries…", max_entries=4)
def _lsoa_layer(_ws, version: int, area: str, wards: frozenset, lads: frozenset):
    layer = ward_map.lsoa_deprivation_layer(_ws, _inputs(_ws, version), set(wards), set(lads))
    return None if layer is None else geo.simplify_for_display(layer, 40)


@st.cache_resource(show_spinner="Drawing the ward map…", max_entries=8)
def _ward_map(_ws, version: int, area: str, vintage, harm, multiplier: int, months):
    wm = ward_map.build_ward_map(_ws, _inputs(_ws, version), area, vintage=vintage, harm_measure=harm,
                                 multiplier=multiplier, months=months, boundaries=_area_boundaries(_ws, version, area))
    if wm is not None:
        wm.wards = geo.simplify_for_display(wm.wards)  # cached: topology-aware, once per view
    return wm


version = common.data_version(ws)
inputs = _inputs(ws, version)
if not partnership:
    st.info("Choose a partnership in the sidebar.")
    st.stop()
probe = _ward_map(ws, version, partnership, None, None, 1000, None)
if probe is None:
    st.info("No ward boundaries cover this partnership yet: load ONS ward boundaries and the ward lookup, "
            "or fetch them, on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

if probe.is_synthetic:
    st.warning("**Synthetic demo data**: these wards, scores and counts are made up so the map can be tried "
               "offline. Load real boundaries, IoD tables and lookups on the Data page.", icon=":material/science:")

vintages = ward_map.available_vintages(inputs) if not probe.is_synthetic else []
harms = ward_map.harm_measures(inputs, probe.is_synthetic)
views = ["Deprivation", "Harm rate", "Both (bivariate 3x3)"] if harms else ["Deprivation"]
c1, c2, c3, c4 = st.columns(4)
view = c1.radio("Map shows", views, index=views.index(common.url_choice("map", views, views[0]) or views[0]),
                key="ward_map_view")
common.keep_in_url("map", view)
vintage = None
if vintages:
    default_v = common.url_choice("iod", vintages, vintages[-1], label="deprivation index")
    vintage = c2.selectbox("Deprivation index", vintages, index=vintages.index(default_v), key="ward_map_vintage")
    common.keep_in_url("iod", vintage)
harm = None
if harms:
    keys = list(harms)
    default_h = common.url_choice("harm", keys, keys[0], label="harm measure")
    harm = c3.selectbox("Harm measure", keys, index=keys.index(default_h), format_func=harms.get,
                        key="ward_map_harm")
    common.keep_in_url("harm", harm)
per = c4.radio("Rates per", [1000, 100000], format_func=lambda m: f"{m:,} residents", key="ward_map_per",
               horizontal=True)
months = None
police_months = ward_map.police_months(inputs)
if harm == ward_map.POLICE_MEASURE and len(police_months) > 1:
    months = st.select_slider("Months of police data", police_months, value=(police_months[0], police_months[-1]),
                              format_func=ward_map.month_label, key="ward_map_months")
level = "Wards"
if view == "Deprivation" and inputs.lsoa_layers and not probe.is_synthetic:
    level = st.radio("Level", ["Wards", "LSOAs (IoD2019)"], horizontal=True, key="ward_map_level")

wm = _ward_map(ws, version, partnership, vintage, harm, per, tuple(months) if months else None)
table = wm.wards
has_harm = wm.harm_measure is not None and "rate" in table
tips = ward_map.tooltips(wm)
colours, legend = charts_geo.ward_fills(table, view if has_harm else "Deprivation", wm.harm_label, wm.multiplier)

map_col, legend_col = st.columns([4, 1]) if view.startswith("Both") else (st.container(), None)
if level.startswith("LSOA"):
    lsoa = _lsoa_layer(ws, version, partnership, frozenset(table["ward_code"]), frozenset(table["lad_code"].dropna()))
    rows, legend = charts_geo.lsoa_rows(lsoa)
    map_col.pydeck_chart(charts_geo.choropleth(rows, lsoa.total_bounds, "{tooltip}", 0.5), height=560,
                         key="ward_map_deck_lsoa")
else:
    shown = table.assign(fill=colours, tooltip=tips.values)
    rows = charts_geo.polygon_rows(shown, ["ward_code", "ward_name", "tooltip", "fill"])
    map_col.pydeck_chart(charts_geo.choropleth(rows, table.total_bounds, "{tooltip}"), height=560,
                         key="ward_map_deck")
if legend_col is not None:
    with legend_col:
        st.html(charts_geo.bivariate_legend_html())
source = "synthetic demo data" if wm.is_synthetic else \
    f"{wm.vintage or 'no deprivation index loaded'}; ONS ward boundaries; " + \
    (f"{wm.harm_label}, {wm.harm_period}" if has_harm else "no harm data loaded")
st.caption(f"{legend} Source: {source}. Population for rates: {wm.population_label or 'none'}.")
if wm.is_synthetic:
    st.caption(":orange-badge[synthetic demo data]")
for note in wm.notes:
    st.info(note, icon=":material/info:")
if wm.not_located:
    st.caption("Not located (no map position, so in no ward): " + "; ".join(
        f"{force}: {n:,} offences" for force, n in wm.not_located.items())
        + " in the loaded police files (whole force, not only this area).")
if has_harm and wm.area_rate:
    ar = wm.area_rate
    dp = ward_map.area_rate_decimals(ar, bool(table["harm_suppressed"].fillna(False).any()))
    st.metric(f"Area rate: {wm.harm_label} per {wm.multiplier:,}",
              f"{round(ar['rate'], dp):,.{max(dp, 0)}f}",
              help=f"95% CI {round(ar['lower_ci95'], dp):,.{max(dp, 0)}f} to "
                   f"{round(ar['upper_ci95'], dp):,.{max(dp, 0)}f} (Byar's), rounded so that suppressed wards "
                   "cannot be worked out. "
              "Each ward is compared with this rate: Similar when it lies inside the ward's 95% CI.")

shown_table = ward_map.display_table(wm)
st.subheader("Ward figures")
st.dataframe(shown_table, hide_index=True, width="stretch", key="ward_map_table")
st.download_button("Download ward figures (CSV)", shown_table.to_csv(index=False).encode("utf-8"),
                   file_name=f"ward_figures_{partnership}.csv", mime="text/csv", key="ward_map_download")

st.subheader("Selected ward")
ward = st.selectbox("Ward", table["ward_code"].tolist(),
                    format_func=dict(zip(table["ward_code"], table["ward_name"])).get, key="ward_map_ward")
row = shown_table[shown_table["Ward code"] == ward].T.reset_index()
row.columns = ["Figure", "Value"]
st.dataframe(row.astype(str), hide_index=True, width="stretch", key="ward_map_selected")

if has_harm and "imd_score" in table:
    st.subheader("Does harm rise with deprivation?")
    corr = geo.pearson_with_ci(table["imd_score"], table["rate"])
    x_title, y_title = f"IMD score ({wm.vintage})", f"{wm.harm_label} per {wm.multiplier:,}"
    st.altair_chart(charts_geo.scatter(table.drop(columns="geometry"), "imd_score", "rate", x_title, y_title),
                    width="stretch")
    if corr["n"] >= 4 and corr["r"] == corr["r"]:
        st.caption(f"Pearson correlation r = {corr['r']:.2f} (95% CI {corr['lower']:.2f} to {corr['upper']:.2f}, "
                   f"Fisher z) over {corr['n']} wards with figures; suppressed wards left out. Source: {source}.")
    else:
        st.caption("Too few wards with figures to estimate a correlation.")
    st.subheader("Ten wards where deprivation and harm are both highest")
    top = geo.top_wards_both_high(table.drop(columns="geometry"), "imd_score", "rate")
    top_table = shown_table.set_index("Ward code").loc[top["ward_code"]].reset_index()
    st.dataframe(top_table, hide_index=True, width="stretch", key="ward_map_top")
    st.caption("Ranked by the lower of the two percentile ranks (deprivation and harm rate) within the area.")

lines = wm.attributions or []
if not wm.is_synthetic:
    lines = list(dict.fromkeys(lines + [LINES["ons_boundaries"]]))
st.caption(" ".join(lines) if lines else "Synthetic demo data: no licensed data shown.")
