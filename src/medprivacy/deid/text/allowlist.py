"""Clinical words that look like PHI to generic recognizers, and the patterns that explain them.

Generic NER tags ``PMH`` as an organisation, ``Foley`` as a person and ``BP 132/78`` as a date or a
phone number. A candidate span is dropped when it is one of these words, or when the text around
it matches a clinical pattern (vitals, strengths, spine levels, dosing frequencies).
"""

from __future__ import annotations

import re

_WORDS = """
abd abg ace adl adls afib alt ams ap apap art asa ast bal bid bipap bm bmp bp bs bun cabg cad
cbc cc ccu chf ckd cmo cmv cna copd cpap cr crt csf ct cta cv cva cvp cxr d5w dc dnr dvt dx ecg
echo ed eeg egd ekg ent ercp esrd ett fen ffp fio2 fs gcs gerd gi gj gtt gu hct hep hgb hob hr
hs htn icu id idd iddm im inr ip iv ivf jp jvd kcl lft lll lul mae map mg mi micu mrsa mri ms
nad nc neb neuro ng ngt npo ns nsr nt ob od ogt or os pa pacu pcp pe peep pmh pmhx po pr prbc
prn pt ptt pvc q qd qid qhs qod rbc rll rn rr rrr rsbi rt rul sbp sicu sob sq ssi sx tid tpn tte
tx uti vs vt wbc wnl x1 x2 x3 x4 o2 co2 pco2 po2 sao2 spo2 etco2 hco3 k na cl mg ca phos cabgx2
cabgx3 pacer sp s/p w/ w/o c/o h/o f/u d/c r/o foley babinski glasgow parkinson parkinson's
alzheimer alzheimer's cushing cushing's crohn crohn's hodgkin hodgkin's graves hashimoto bell's
down's homan's homans kussmaul cheyne stokes trendelenburg swan ganz swan-ganz pleurx picc
hickman quinton broviac jackson pratt jackson-pratt levin salem sump ambu doppler holter
heimlich coumadin heparin lasix lopressor metoprolol lisinopril insulin tylenol morphine
fentanyl versed propofol levophed neo vanco vancomycin zosyn flagyl cipro levaquin ativan haldol
dilaudid percocet oxycodone protonix pepcid dopamine dobutamine milrinone amiodarone digoxin
diltiazem captopril hydralazine nitro ntg albuterol atrovent combivent solumedrol prednisone
kayexalate zofran reglan colace senna dulcolax lactulose aspirin plavix lovenox simvastatin
lipitor atorvastatin mrs mr dr ms miss rn md np pa do phd attending resident intern fellow nurse
family
neuro cv gu swan carevue wean weaned weaning afeb neg cont con't levo ef bb abd soft draining resp
sputum thick thin tan clear suctioned sxn approx ho cath rehab social plan skin lungs heme renal
endo psych pain activity dispo code full trach vent peg tf tfs lytes ivf lr d5 nsr st sb af
aflutter pvcs pacs ectopy edema pulses palp dopp diuresis diuresed urine uo stool flatus bowel
sounds murmur rub gallop crackles rhonchi wheezes diminished coarse sat sats o2sat peep ps psv
simv ac imv tv mv nif lactate glucose riss nph lantus humalog novolog mag hct plt ptt coags temp
tmax febrile afebrile pap pcwp ci svr svo2 gtts drip drips dobhoff cortrak restraints sedation
sedated alert oriented lethargic agitated calm aline a-line floor till fem spont oxacillin paco2
anesthesia appearance wedge goal rusb lusb llsb rlsb lsb usb apex pmi sem hsm extended care
intensive critical primary urgent palliative comfort respiratory skilled facility unit
medicine internal geriatrics neurology cardiology oncology pediatrics dermatology urology
gastroenterology pulmonology nephrology radiology imaging surgery surgical orthopedics
orthopaedics emergency department general hospitalist service
lad lcx rca om pda lima svg ptca pci des bms tavr tavi cabg dm2 dm1 etoh
cb yo yof yom yowf yowm hcp
soc sec num mon tue tues wed weds thur thurs fri
époux épouse epoux epouse mari femme conjoint conjointe fils fille mère père frère sœur soeur
nièce niece neveu proche aidant aidante douleur vignette tél téléc adresse usager né née âge
""".split()
ALLOWED = frozenset(_WORDS)

# Text that explains a number pattern as clinical, checked on the span and its neighbourhood.
CLINICAL_CONTEXT = re.compile(
    r"(?i)\b(?:bp|b/p|blood pressure|nibp|abp|art line|map|sbp|dbp|strength|motor|grip|"
    r"abg|vbg|gas|gases|peep|vent|ps|cpap|bipap|ie|i:e|ratio|pain|relief|score|scale|rated|"
    r"douleur|dolor|dor|schmerz|pijn|eva|vas|nrs|ena|[ée]chelle|escala|"
    r"l[1-5]|c[1-7]|t[1-9]|t1[0-2]|s[1-5])\b"
)
# Whole-span patterns that are never PHI.
CLINICAL_SPAN = re.compile(
    r"(?ix)^(?:"
    r"[0-5]\s*/\s*5"  # motor strength 4/5
    r"|1/[234]|[23]/[34]"  # fractions: 1/2 NS, 3/4 strength
    r"|[1-6]\s*/\s*6"  # murmur grades 2/6
    r"|[lctsLCTS]\d{1,2}\s*-\s*[lctsLCTS]?\d{1,2}"  # spine levels L4-5, C5-C6
    r"|x\s?\d"  # x3
    r"|q\d{1,2}h?"  # q4h
    r"|\d{1,3}/\d{1,3}/\d(?:\.\d+)?(?:/.*)?"  # blood gases 7.36/42/91
    r")$"
)


# Words that make an ambiguous "3/5" a date: "admitted 3/5", "since 5/6", "placed 1/5".
DATE_CONTEXT = re.compile(
    r"(?i)\b(?:on|since|admitted|admit|placed|from|until|till|thru|through|dated|started|"
    r"stopped|began|done|performed|discharged|seen|last|next|today|yesterday|tomorrow|"
    r"changed|inserted|removed|due|scheduled|d/c'?d|dc'?d|by|of|post|s/p|as of|off|in|at|"
    r"clinic|appt|appointment|review|visit|issued|w/c|wk of|week of|le|du|au|depuis|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|tues?|wed|thu(?:rs?)?|fri|sat|sun|"
    r"[A-Z]{2,5})\W*$"
)
DATE_WORDS = re.compile(
    r"(?i)\b(?:since|admitted|admit|placed|until|till|thru|through|dated|started|stopped|began|"
    r"performed|discharged|changed|inserted|removed|due|scheduled|d/c'?d|dc'?d|extubate|"
    r"intubated|extubated|transferred|readmitted|returned)\W*$"
)
NOT_DATE_AFTER = re.compile(
    r"(?i)^\s*(?:ns|normal saline|strength|murmur|sem|hsm|systolic|diastolic|holosystolic|"
    r"tab|tabs|dose|of|in|bilat|bilaterally|throughout|x\s?\d|power|grip|ue|le|rue|lue|"
    r"rle|lle)\b"
)


FRACTION = re.compile(r"^(?:[0-5]\s*/\s*5|1/[234]|[23]/[34]|[1-6]\s*/\s*6)$")
SCORE_BEFORE = re.compile(
    r"(?i)\b(?:strength|motor|murmur|grade|sem|hsm|power|grip|score|scale|pain|mae|ue|le|"
    r"douleur|dolor|schmerz|pijn|eva|vas|nrs|ena|"
    r"bilat|rue|lue|rle|lle|extremities|flexion|extension|reflexes|dtr'?s|ns|saline)\W*$"
)


CLOCK_AFTER = re.compile(r"^[ \t]+(?:[01]\d|2[0-3]):?[0-5]\d\b(?![./]\d)")


def is_allowed(span_text: str, before: str = "", after: str = "") -> bool:
    """True if a candidate span is clinical vocabulary rather than PHI."""
    text = span_text.strip().strip(".,;:()-").lower()
    near = _whole_words(before, 15)
    before = _whole_words(before, 24)
    if (
        re.fullmatch(r"\d{1,2}/\d{1,2}", text)
        and DATE_WORDS.search(before)
        and not SCORE_BEFORE.search(before)
        and not NOT_DATE_AFTER.match(after)
    ):
        return False  # "placed 8/14", "since 5/6"
    if (
        re.fullmatch(r"\d{1,2}/\d{1,2}", text)
        and CLOCK_AFTER.match(after)
        and not SCORE_BEFORE.search(before)
    ):
        return False  # a flow-sheet row: "1/3 1830 | pain 4/10"
    if FRACTION.match(text) and not SCORE_BEFORE.search(before):
        # "3/5", "3/6": a score or a fraction only with a clinical word around it
        return bool(NOT_DATE_AFTER.match(after)) or not DATE_CONTEXT.search(before)
    if text in ALLOWED or CLINICAL_SPAN.match(text):
        return True
    words = re.findall(r"[a-z0-9][a-z0-9'/+]*", text)
    if words and all(w in ALLOWED for w in words):
        return True
    return bool(re.fullmatch(r"\d{1,3}\s*/\s*\d{1,3}", text) and CLINICAL_CONTEXT.search(near))


def _whole_words(before: str, n: int) -> str:
    """The last ``n`` characters of ``before`` without a word cut in two ("IABP" is not "BP")."""
    if len(before) <= n:
        return before
    tail = before[-n:]
    return re.sub(r"^\w+", "", tail) if before[-n - 1].isalnum() else tail
