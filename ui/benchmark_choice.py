"""The benchmark picker shared by the Outcomes page, the Compare page and the heatmap: England, the
partnership's region or one of its saved peer groups, kept in the link (``?benchmark=region``,
``?benchmark=group:15 similar areas``)."""

from __future__ import annotations

import streamlit as st

from cdp_data.present import benchmarks as words
from cdp_data.services import benchmarks
from ui import common


@st.cache_data(show_spinner=False, max_entries=16)
def _options(_ws, folder, version, user, partnership):
    return benchmarks.benchmark_options(_ws, partnership)


@st.cache_data(show_spinner=False, max_entries=16)
def _resolve(_ws, folder, version, user, partnership, key):
    return benchmarks.resolve(_ws, partnership, key)


def benchmark_choice(ws, partnership: str | None, key: str, container=None) -> benchmarks.Benchmark:
    """A "Compare with" selectbox (in ``container``, else the page); returns the chosen benchmark, whose
    ``kind``, ``codes`` (a peer group's areas) and ``label`` the caller uses."""
    cache = (str(ws.folder), common.data_version(ws), ws.user.email, partnership)
    options = _options(ws, *cache)
    keys = list(options)
    chosen = common.url_option("benchmark", keys, keys[0], label="benchmark")
    picked = (container or st).selectbox("Compare with", keys, index=keys.index(chosen), format_func=options.get,
                                         key=key, help="England, the partnership's region or one of its peer "
                                                       "groups (saved on the Compare page).")
    common.keep_in_url("benchmark", None if picked == keys[0] else picked)
    return _resolve(ws, *cache, picked)


def method_caption(benchmark: benchmarks.Benchmark, method: str | None) -> None:
    """The caption naming the benchmark and the method used."""
    st.caption(f":material/compare_arrows: {words.method_caption(benchmark.label, method)}")
