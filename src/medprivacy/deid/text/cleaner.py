"""Text cleaners: given a short free-text value, return a version known to carry no identifier.

:class:`VocabularyCleaner`, the default, keeps a descriptor only when every word of it is on a safe
vocabulary (anatomy, modalities, protocol and sequence words, small numbers with units) and blanks
it otherwise. It never tries to cut a name out of a sentence: that is the notes scrubber's job.
"""

from __future__ import annotations

import re
from typing import Protocol

_WORD = re.compile(r"[A-Za-z0-9]+(?:\.\d+)?[A-Za-z]*")
_SMALL_NUMBER = re.compile(r"\d{1,3}(?:\.\d+)?(?:mm|cm|ms|s|mg|ml|kv|mas|t|deg|d|x)?", re.I)

_VOCABULARY = """
abdomen abdominal ankle aorta aortic arm axial axilla back bladder bone brain breast bilateral
cardiac carotid cervical chest clavicle coccyx colon coronal coronary elbow extremity eye face
femur fibula finger foot forearm gallbladder hand head heart hip humerus iliac jaw kidney knee
leg liver lower lumbar lung lungs mandible maxilla neck orbit orbits pancreas pelvis pelvic
prostate rib ribs sacrum scapula shoulder sinus sinuses skull spine spleen sternum thigh
thoracic thorax thyroid tibia toe uterus upper whole body wrist left right lt rt l r ap pa lat
lateral oblique frontal sagittal transverse ax sag cor view views ct mr mri pet spect us cr dx
mg nm xa rf ot sc pt ecg sr seg rtdose rtplan rtstruct angio angiography scan scout localizer
survey topogram routine protocol series study exam examination image images sequence recon
reconstruction mip mpr vr thin thick slice slices soft tissue lung bone window kernel std
standard sharp smooth high low resolution hr dose dynamic perfusion diffusion dwi adc dti swi
flair stir tse fse se gre spgr mprage bold fmri asl t1 t2 pd t1w t2w pdw fs fat sat water phase
contrast w o wo with without pre post gad gadolinium iv oral delayed arterial venous portal early
late and of the to for in on plus non enhanced enhancement calcium score cta mra mrv localiser
cine flow function volume volumetric helical spiral multi single 2d 3d 4d mm cm
"""
SAFE_WORDS = frozenset(_VOCABULARY.split())


class TextCleaner(Protocol):
    """Returns ``text`` cleaned of identifiers ('' to blank it). ``where`` names the attribute."""

    def __call__(self, text: str, where: str) -> str: ...


class VocabularyCleaner:
    """Keep a value whose every word is safe; blank anything else."""

    def __init__(self, extra_words: frozenset[str] = frozenset()) -> None:
        self.words = SAFE_WORDS | {w.lower() for w in extra_words}

    def __call__(self, text: str, where: str = "") -> str:
        for token in _WORD.findall(text):
            if token.lower() not in self.words and not _SMALL_NUMBER.fullmatch(token):
                return ""
        return text
