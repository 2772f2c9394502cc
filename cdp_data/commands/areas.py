"""``areas similar``: the upper-tier local authorities most like one, on public data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import add_workspace_argument, open_workspace, print_json
from ..present import similar_areas as words
from ..services import similar_areas


def register(sub) -> None:
    parser = sub.add_parser("areas", help="upper-tier local authorities: similar areas on public data")
    asub = parser.add_subparsers(dest="areas_command", metavar="ACTION")
    similar = asub.add_parser("similar", help="the nearest upper-tier authorities to one (z-scores, Euclidean "
                                              "distance over IMD, age structure, population and density)")
    similar.add_argument("--from", dest="source", type=Path,
                         help="the public data folder (imd/, population/, lookups/, geography/); without it the "
                              "figures stored in the workspace are used")
    similar.add_argument("--area", required=True, help="upper-tier authority code, e.g. E08000015 (Wirral)")
    similar.add_argument("--n", type=int, default=similar_areas.N_PEERS, help="how many (default 15)")
    similar.add_argument("--store", action="store_true",
                         help="with --from: also store the figures in the workspace and save the preset peer "
                              f"group “{words.PEER_GROUP_NAME}” for every partnership")
    similar.add_argument("--json", action="store_true", help="print JSON")
    add_workspace_argument(similar)
    similar.set_defaults(func=_similar)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _similar(args: argparse.Namespace) -> int:
    if args.n < 1:
        raise similar_areas.SimilarAreasError("--n must be at least 1.")
    code = args.area.strip().upper()
    if args.source is not None:
        features = similar_areas.build_features(args.source)
        ws = None
        if args.store:
            ws = open_workspace(args)
            print(similar_areas.store_features(ws, features), file=sys.stderr)
        found = similar_areas.similar_areas(ws, code, args.n, features=features)
    else:
        found = similar_areas.similar_areas(open_workspace(args), code, args.n)
    if args.json:
        print_json(found.as_dict())
        return 0
    own = found.area.iloc[0]
    print(words.headline(f"{own['area_name']} ({own['area_code']})", len(found.neighbours)))
    for r in found.neighbours.itertuples():
        print(f"{r.rank:>3}  {r.area_code}  {r.area_name:<36} {r.distance:6.2f}")
    return 0
