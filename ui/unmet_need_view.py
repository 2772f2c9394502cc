"""The unmet-need page's sections: by drug type, over the years, what would it take, across partnerships,
where people in treatment live (drawn from what cdp_data.services.unmet_need returns)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdp_data.present import unmet_need as words
from cdp_data.services import unmet_need as un
from ui import charts_unmet, common

FORMULA = ("Unmet need = (estimated number who need treatment − people in treatment) ÷ estimated number. "
           "Ranges carry the prevalence estimate's 95% interval through; where Fingertips publishes the "
           "percentage and its interval they are shown as published.")
COLOURS = charts_unmet.COMPARISON_COLOURS


@st.cache_data(show_spinner=False, max_entries=16)
def partnership_figures(_ws, version, code):
    return un.partnership_unmet_need(_ws, code), un.unmet_need_trend(_ws, code)


@st.cache_data(show_spinner=False, max_entries=16)
def _across(_ws, version, substance, period):
    return un.unmet_need_across_areas(_ws, substance, period), un.substance_periods(_ws, substance)


def _badge(label: str) -> str:
    text = "#FFFFFF" if label in ("Better", "Worse") else "#0B0C0C"
    return (f'<span style="background:{COLOURS.get(label, "#B1B4B6")};color:{text};padding:0 .45em;'
            f'border-radius:.25em;font-weight:600">{label}</span>')


def _chart(build, rows: pd.DataFrame) -> None:
    spec = common.chart_spec(build, rows)
    # Streamlit fits the whole chart (legend and axes too) into its height: give it room for them.
    common.chart(spec, width="stretch", height=int(spec["height"]) + 120)


def by_drug_type(ws, rows: pd.DataFrame, with_figure: pd.DataFrame, name: str) -> None:
    """The first tab: the partnership's figure for each drug type, then where people in treatment live."""
    _by_drug_type(rows, with_figure, name)
    where_people_live(ws)


def _by_drug_type(rows: pd.DataFrame, with_figure: pd.DataFrame, name: str) -> None:
    st.header(f"By drug type: {name}")
    if with_figure.empty:
        st.info(f"No unmet-need figures for {name} yet: the table below says for each drug group what is loaded "
                "and what is missing. Load the Fingertips unmet-need exports (93517 opiate and/or crack users, "
                "93532 dependent drinkers), prevalence estimates with NDTMS numbers in treatment, or your own "
                "figures in the template, on the Data page. Other areas' figures are under Across partnerships.")
        st.page_link("pages/data.py", label="Load data on the Data page", icon=":material/upload:")
        st.dataframe(words.display_table(rows), hide_index=True, width="stretch")
        return
    if un.has_synthetic(rows):
        st.markdown(common.SYNTHETIC_BADGE)
    _chart(charts_unmet.bars_with_ranges, rows)
    st.caption(f"Latest period for each group. Bars: unmet need, coloured by the comparison with England "
               f"(also named in the tooltip and below); lines: 95% range; black tick: England. {FORMULA} "
               f"Source: {words.sources_text(with_figure)}.")
    for r in with_figure.itertuples():
        st.markdown(f"**{r.substance_label}, {r.period}**: {_badge(r.compared_with_england)} "
                    f"{r.comparison_text}", unsafe_allow_html=True)
        if not r.periods_match:
            st.caption(f"People in treatment are for {r.treatment_period}; the estimate is for {r.estimate_period}.")
    st.dataframe(words.display_table(rows), hide_index=True, width="stretch")


def over_the_years(trend: pd.DataFrame) -> None:
    st.header("Over the years available")
    if trend.empty:
        st.info("No unmet-need figures to show over time yet.")
        return
    if un.one_period_each(trend):
        st.caption("Only one period is loaded for each group: a trend needs at least two. "
                   "Load earlier Fingertips exports or estimates to see change over time.")
    _chart(charts_unmet.trend, trend)
    st.caption(f"Unmet need by period with its 95% range where one exists. Source: {words.sources_text(trend)}.")
    st.dataframe(words.display_table(trend), hide_index=True, width="stretch")


def what_would_it_take(ws, with_figure: pd.DataFrame, code: str, name: str) -> None:
    """The target and caseload inputs (fixed to England and the national caseload in meeting mode),
    the sentences and the table of people and workers needed."""
    st.header("What would it take?")
    st.caption("The additional people in treatment needed to bring unmet need down to a chosen level or to "
               f"England's, and the treatment workforce that implies. {un.caseload_sentence(ws, code, name)}")
    if common.meeting_mode():
        target_kind, level, caseload = "england", None, float(un.NATIONAL_CASELOAD)
    else:
        cols = st.columns(3)
        kinds = {"england": "England's value", "level": "A level I choose"}  # kept in the URL as ``to``
        kind = common.url_option("to", list(kinds), "england" if un.has_england_figure(with_figure) else "level",
                                 label="target")
        target_kind = cols[0].radio("Bring unmet need down to", list(kinds), index=list(kinds).index(kind),
                                    format_func=kinds.get, key="unmet_need_target_kind")
        level = cols[1].number_input("Chosen level (%)", min_value=0, max_value=99, step=1, key="unmet_need_level",
                                     value=common.url_number("pct", 0, 99, 30, label="chosen level"),
                                     disabled=target_kind == "england")
        caseload = cols[2].number_input("Caseload per worker", min_value=1, max_value=500, step=1,
                                        value=common.url_number("caseload", 1, 500, un.NATIONAL_CASELOAD,
                                                                label="caseload per worker"),
                                        key="unmet_need_caseload",
                                        help="National ambition: 40 people per worker. Lancashire reported 65 to 75.")
        for url_key, value in (("to", target_kind), ("pct", level), ("caseload", caseload)):
            common.keep_in_url(url_key, value)
        common.show_url_notices()
    target = un.target_share(target_kind, level)
    plan = un.what_would_it_take_table(with_figure, target, caseload) if not with_figure.empty else pd.DataFrame()
    if plan.empty:
        st.info("Needs an unmet-need figure with its estimated number and the number in treatment.")
        return
    shown, sentences = words.plan_display(plan)
    for sentence in sentences:
        st.markdown(sentence)
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(f"People needed in treatment = estimated number × (1 − target); workers = people ÷ {caseload:,.0f} "
               "per worker, rounded up. The range uses the prevalence estimate's 95% interval.")


def across_partnerships(ws, version) -> None:
    """The drug-type picker (kept in the URL), the period picker and every area's figure for it."""
    st.header("Across partnerships for one drug type")
    groups = list(un.WITH_ESTIMATE)
    labels = words.substance_labels()
    substance = common.url_choice("substance", groups, groups[0], label="drug type")
    common.show_url_notices()
    if common.meeting_mode():
        chosen = substance
    else:
        chosen = st.selectbox("Drug type", groups, index=groups.index(substance), format_func=labels.get,
                              key="unmet_need_substance")
    common.keep_in_url("substance", chosen)
    across, periods = _across(ws, version, chosen, None)
    if across.empty:
        st.info(f"No area has an unmet-need figure for {labels[chosen].lower()} yet: load the Fingertips export "
                "or estimates with treatment counts on the Data page.")
        st.page_link("pages/data.py", label="Load data on the Data page", icon=":material/upload:")
        return
    period = periods[0]
    if len(periods) > 1 and not common.meeting_mode():
        linked = common.url_choice("need_period", periods, periods[0], label="period")
        period = st.selectbox("Period", periods, index=periods.index(linked), key="unmet_need_across_period")
        common.keep_in_url("need_period", period)
        common.show_url_notices()
        across, _ = _across(ws, version, chosen, period)
    _chart(charts_unmet.across_areas, across)
    st.caption(f"{labels[chosen]}, {period}: every area with a figure, lowest unmet need first; partnerships "
               f"marked. Black tick: England. Source: {words.sources_text(across)}.")
    st.dataframe(words.display_table(across, by="area"), hide_index=True, width="stretch")


def where_people_live(ws) -> None:
    st.header("Where do the people in treatment live?")
    if un.has_ward_treatment_counts(ws):
        st.page_link("pages/ward_map.py", label="See people in treatment by home ward on the ward map",
                     icon=":material/map:")
    else:
        st.caption("Treatment counts by home ward are not loaded: add them with the ward harm-counts template on "
                   "the Data page to see them on the ward map.")
