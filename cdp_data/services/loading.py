"""Loading files into the workspace: detect the kind from the content, read it, store it.

The Data page and ``python -m cdp_data workspace load`` both come through
:func:`load_file` (one file) or :func:`load_paths` (files and folders). Each
:class:`~cdp_data.core.kinds.Kind` maps to the function that loads it (a real
import, so a missing loader is an import error at start-up, not a message to
the user). Loaders take ``(ws, filename, content, **options)``, return a
:class:`~cdp_data.sources.base.LoadReport` and raise
:class:`~cdp_data.core.errors.LoadError` with one plain sentence when they cannot
read the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import plan
from ..core import limits, logs
from ..core.errors import LoadError, PermissionDenied, UnrecognisedFile
from ..core.kinds import Kind
from ..sources.base import LoadReport
from ..sources.detect import detect
from ..store import Workspace
from . import folders
from . import geography_loading as geography
from . import indicator_files
from . import targets
from .access import writes

Loader = Callable[..., LoadReport]


def refuse_ward_aggregate(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    raise LoadError(
        f"{filename} is a ward-level summary of deprivation: the app builds ward figures itself, so load the "
        "LSOA-level Indices of Deprivation table and an LSOA-to-ward lookup instead."
    )


@writes("workbook loaded")
def load_workbook(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """A workbook holds a delivery plan, an indicators sheet (baselines and
    targets), or both, as trackers often do: load whatever it holds."""
    partnership = options.get("partnership_code") or ws.get_setting("default_partnership")
    if not partnership:
        parts = ws.partnerships()
        partnership = parts["code"].iloc[0] if not parts.empty else None
    options = {**options, "partnership_code": partnership}
    plan_report: LoadReport | None = None
    plan_error: LoadError | None = None
    try:
        plan_report = plan.load(ws, filename, content, **options)
    except LoadError as exc:
        plan_error = exc
    targets_report: LoadReport | None = None
    if partnership and (plan_report is not None or "header" in str(plan_error).lower()):
        try:
            extra = {k: v for k, v in options.items() if k != "partnership_code"}
            targets_report = targets.import_targets_workbook(ws, partnership, filename, content, **extra)
        except LoadError:
            targets_report = None  # no indicators sheet: nothing more to say
    if plan_report is None and targets_report is None:
        raise plan_error  # type: ignore[misc]
    if plan_report is None:
        return targets_report  # type: ignore[return-value]
    if targets_report is not None:
        plan_report.summary += f" Indicators sheet: {targets_report.summary}"
        plan_report.warnings += targets_report.warnings
        plan_report.details["targets"] = targets_report.as_dict()
    return plan_report


LOADERS: dict[Kind, Loader] = {
    Kind.WARD_AGGREGATE: refuse_ward_aggregate,
    Kind.FINGERTIPS_EXPORT: indicator_files.load_fingertips_export,
    Kind.INDICATOR_TEMPLATE: indicator_files.load_template,
    Kind.NDTMS_ENGLAND: indicator_files.load_ndtms,
    Kind.NDTMS_LA: indicator_files.load_ndtms,
    Kind.ALCOHOL_DEPENDENCY_ESTIMATES: indicator_files.load_prevalence,
    Kind.POLICE_STREET: geography.load_police,
    Kind.IMD2025_LSOA21: geography.load_imd,
    Kind.IMD2019_LSOA11: geography.load_imd,
    Kind.HARM_TEMPLATE: geography.load_harm,
    Kind.POPULATION: geography.load_population,
    Kind.LOOKUP: geography.load_lookup,
    Kind.BOUNDARIES: geography.load_boundaries,
    Kind.AREA_BOUNDARIES: geography.load_area_boundaries,
    Kind.PLAN_WORKBOOK: load_workbook,
}


def load_file(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport:
    """Detect the file's kind and load it into the workspace (its loader is told the bytes passed
    :func:`~cdp_data.core.limits.check_content`: ``content_checked``, so a reader need not measure them again)."""
    limits.check_content(filename, content)  # bytes, zip, JSON depth, text shape: before any reader
    detector = detect(filename, content)
    report = LOADERS[detector.kind](ws, filename, content, **{**options, "content_checked": True})
    report.kind = report.kind or detector.kind
    report.label = report.label or detector.label
    return report


def iter_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and the files inside named folders (recursively, sorted; links out of the folder
    are left out, see :mod:`cdp_data.services.folders`)."""
    found: list[Path] = []
    for path in paths:
        found.extend(folders.walk(path, [path.resolve()])[0] if path.is_dir() else [path])
    return found


def _load_named(ws: Workspace, path: Path, **options) -> LoadReport:
    if not path.exists():
        raise LoadError(f"{path} does not exist.")
    return load_file(ws, path.name, limits.read_path(path), **options)


def _load_walked(ws: Workspace, path: Path, name: str, roots: list[Path], **options) -> LoadReport:
    try:
        return load_file(ws, name, folders.read_file(path, roots, name), **options)
    except UnrecognisedFile:  # never echo what is in a file found by walking a folder
        raise LoadError(f"{name} is not a kind of file the app knows; skipped.") from None


def try_load_file(ws: Workspace, filename: str, content: bytes, **options) -> LoadReport | LoadError:
    """:func:`load_file`, never raising: a file that cannot be loaded, for whatever reason, comes back as one
    :class:`LoadError` (so one bad file in a multi-file upload does not stop the files after it)."""
    return _attempt(filename, load_file, ws, filename, content, **options)


def _attempt(name: str, load: Callable[..., LoadReport], *args, **options) -> LoadReport | LoadError:
    try:
        return load(*args, **options)
    except OSError as exc:
        error = LoadError(f"{name} cannot be read ({exc.strerror or 'no access'}).")
    except LoadError as exc:
        error = exc
    except PermissionDenied as exc:  # a refusal is reported like an unreadable file, and the others go on
        error = LoadError(str(exc))
    except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the others: logged, one sentence
        reference = logs.log_unexpected(exc, context=f"loading {name}")
        error = LoadError(f"{name} could not be loaded. {logs.unexpected_sentence(reference)}")
    error.filename = name  # type: ignore[attr-defined]
    return error


def load_uploads(ws: Workspace, uploads: list[tuple[str, bytes]], **options) -> list[LoadReport | LoadError]:
    """Load several uploaded files (name, content): every file is attempted, one result per file in order
    (a report, or a :class:`LoadError` with its sentence), never raised."""
    return [_attempt(name, load_file, ws, name, content, **options) for name, content in uploads]


def load_paths(ws: Workspace, paths: list[Path], roots: list[Path] | None = None,
               **options) -> list[LoadReport | LoadError]:
    """Load every file (folders walked); one result per file, errors kept, never raised.

    Inside a folder only files under ``roots`` are read (default: that folder), links leading out are skipped
    and reported, and a file of no known kind is reported by its name only (:mod:`cdp_data.services.folders`)."""
    results: list[LoadReport | LoadError] = []
    for path in paths:
        if not path.is_dir():
            results.append(_attempt(path.name, _load_named, ws, path, **options))
            continue
        folder = path.resolve()
        allowed = roots or [folder]
        files, skipped = folders.walk(folder, allowed)
        results.extend(skipped)
        for file in files:
            name = file.relative_to(folder).as_posix()
            results.append(_attempt(name, _load_walked, ws, file, name, allowed, **options))
    return results


@writes("folder loaded", "admin")
def load_folder(ws: Workspace, folder: str, **options) -> list[LoadReport | LoadError]:
    """The Data page's folder load: only under ``CDP_DATA_ROOTS`` (:class:`LoadError` saying why otherwise)."""
    roots = folders.data_roots()
    return load_paths(ws, [folders.allowed_folder(folder, roots)], roots=roots, **options)
