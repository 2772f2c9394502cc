from cdp_data.core.attributions import DOCUMENT_SOURCE_NOTE, LINES
from cdp_data.present.licences import OGL_SENTENCE, footer_lines


def test_the_ogl_sentence_is_said_once_with_every_source_after_it():
    lines = [LINES["ohid"], LINES["iod2019"], LINES["iod2025"], LINES["police"], LINES["ons_boundaries"],
             DOCUMENT_SOURCE_NOTE]
    footer = footer_lines(lines)
    assert " ".join(footer).count(OGL_SENTENCE) == 1
    assert footer[0] == (f"{OGL_SENTENCE} Sources: OHID Fingertips / National Drug Treatment Monitoring System "
                         "(NDTMS); MHCLG, English Indices of Deprivation 2019; MHCLG, English Indices of Deprivation "
                         "2025; data.police.uk.")
    assert footer[1:] == [LINES["ons_boundaries"], DOCUMENT_SOURCE_NOTE]  # ONS's own wording kept whole


def test_one_source_and_none():
    assert footer_lines([LINES["police"]]) == [f"{OGL_SENTENCE} Source: data.police.uk."]
    assert footer_lines([DOCUMENT_SOURCE_NOTE, DOCUMENT_SOURCE_NOTE]) == [DOCUMENT_SOURCE_NOTE]
    assert footer_lines([]) == []
