"""``demo build``: rebuild the bundled demo's compact extract of real public data from the official files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import print_json
from ..demo import build as demo_build


def register(sub) -> None:
    parser = sub.add_parser("demo", help="the bundled demo workspace")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    build = actions.add_parser("build", help="write the demo's extract of real public data from a folder laid out "
                                             "like shared/data/public")
    build.add_argument("--from", dest="source", type=Path, required=True,
                       help="folder laid out like shared/data/public (with its SOURCES.md)")
    build.add_argument("--out", type=Path, default=None,
                       help="folder to write to (default: the package's cdp_data/data/demo)")
    build.add_argument("--json", action="store_true", help="print the manifest as JSON")
    build.set_defaults(func=_build)


def _build(args: argparse.Namespace) -> int:
    manifest = demo_build.build(args.source, args.out)
    if args.json:
        print_json(manifest)
        return 0
    total = sum(f["bytes"] for f in manifest["files"])
    for f in manifest["files"]:
        print(f"{f['file']:<45} {f['bytes']:>10,} bytes")
    print(f"{len(manifest['files'])} files, {total:,} bytes, from {len(manifest['inputs'])} input files")
    return 0
