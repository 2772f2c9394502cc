"""The licence footer: each source once, and the Open Government Licence sentence once however many of its
sources the workspace holds (five datasets under OGL used to print the same sentence five times)."""

from __future__ import annotations

OGL_SENTENCE = "Contains public sector information licensed under the Open Government Licence v3.0."


def footer_lines(lines: list[str]) -> list[str]:
    """``lines`` (attribution lines, each once) with the OGL sentence said once, its sources listed after it."""
    sources, others = [], []
    for line in dict.fromkeys(lines):
        if line.startswith(OGL_SENTENCE):
            rest = line[len(OGL_SENTENCE):].strip()
            sources.append(rest.removeprefix("Source: ").rstrip(".") if rest else "")
        else:
            others.append(line)
    named = [s for s in dict.fromkeys(sources) if s]
    if not sources:
        return others
    label = "Source" if len(named) == 1 else "Sources"
    merged = f"{OGL_SENTENCE} {label}: {'; '.join(named)}." if named else OGL_SENTENCE
    return [merged, *others]
