"""A small hand-worked extract for the benchmark tests: eight unitary areas of one type, seven in the North
West (E12000002) and one in the North East (E12000001), England and both regions.

Indicator 90999 has no intervals (compared by quintiles), period 2022/23, higher is better:

    Halton 10, Warrington 20, Blackburn with Darwen 20 (a tie: by code), Blackpool 30, Wirral 40, Sefton 50,
    Cheshire East 60 (North West); Hartlepool 70 (North East). England 35, North West 33, North East 44.

Indicator 90998 has 95% intervals: Wirral over five years 20, 25, 30, 35, 40 (each +/- 1, so its recent trend
is significantly increasing), 2022/23 only for the others; England 42, North West 47, North East 44.
"""

from __future__ import annotations

import csv
import io

HEADER = ["Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type",
          "Sex", "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
          "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator", "Value note",
          "Recent Trend", "Compared to England value or percentiles", "Column not used", "Time period Sortable",
          "New data", "Compared to goal", "Time period range"]
NW, NE, ENGLAND = "E12000002", "E12000001", "E92000001"
WIRRAL = "E08000015"
AREAS = [  # code, name, region, value of 90999
    ("E06000006", "Halton", NW, 10), ("E06000007", "Warrington", NW, 20),
    ("E06000008", "Blackburn with Darwen", NW, 20), ("E06000009", "Blackpool", NW, 30),
    (WIRRAL, "Wirral", NW, 40), ("E08000014", "Sefton", NW, 50), ("E06000049", "Cheshire East", NW, 60),
    ("E06000001", "Hartlepool", NE, 70),
]
BENCHMARKS = [(ENGLAND, "England", "", "England", 35, 42), (NW, "North West region", ENGLAND, "Region", 33, 47),
              (NE, "North East region", ENGLAND, "Region", 44, 44)]


def _row(indicator, name, parent, code, area, area_type, period, value, low="", up="", sex="Persons"):
    sortable = period[:4] + "0000"
    return [indicator, name, parent, "", code, area, area_type, sex, "All ages", "", "", period, value, low, up,
            "", "", "", "", "", "", "", "", sortable, "", "", "1y"]


def extract() -> bytes:
    rows = []
    for code, name, region, value in AREAS:
        rows.append(_row("90999", "Made-up share without intervals", region, code, name, "UA", "2022/23", value))
        if code == WIRRAL:
            for i, year in enumerate(range(2018, 2023)):
                v = 20 + 5 * i
                rows.append(_row("90998", "Made-up share with intervals", region, code, name, "UA",
                                 f"{year}/{str(year + 1)[2:]}", v, v - 1, v + 1))
        else:
            rows.append(_row("90998", "Made-up share with intervals", region, code, name, "UA", "2022/23", 45, 44, 46))
    for code, name, parent, kind, v1, v2 in BENCHMARKS:
        rows.append(_row("90999", "Made-up share without intervals", parent, code, name, kind, "2022/23", v1))
        rows.append(_row("90998", "Made-up share with intervals", parent, code, name, kind, "2022/23", v2, v2 - 1,
                         v2 + 1))
    return as_csv(rows)


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def load(ws) -> None:
    """Load the extract, set both indicators higher-is-better, and make Wirral's peer group of four."""
    from cdp_data.services import catalogue, indicators
    from cdp_data.services.loading import load_file

    load_file(ws, "bench_extract.csv", extract())
    for indicator in ("90999", "90998"):
        catalogue.set_polarity(ws, indicator, "high_is_good")
    indicators.save_peer_group(ws, WIRRAL, "Four near", ["E06000006", "E06000007", "E06000009", "E08000014"])
