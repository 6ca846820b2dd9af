"""Strict mode: a word is kept only when it is known to be safe (a safe list, as Philter does).

The recognizers find PHI by what it looks like, so a way of writing they were never shown slips
through (every held-out style written blind left 3-19% of its PHI characters). Strict mode turns
the question round and marks, on top of what the recognizers found:

* every word that is no English or clinical vocabulary (Webster's 2nd lower-case entries, the
  clinical allow list) or that is a given name or surname written with a capital (not at the start
  of a sentence), and the name-list words and initials right beside such a word;
* every number no unit, measurement label or clock explains, every digit group joined to
  another (``03/14/2021``, ``555-0134``) and every code of five or more characters with a digit;
* the street words around a marked number or before a street type, month names beside a marked
  number.

It costs precision (a drug name the lists lack is tagged too) and buys recall that does not
depend on how a note was written. Pure functions of the text; nothing is logged.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

Found = tuple[int, int, str]

# --------------------------------------------------------------------------------------- lists
_UNITS = frozenset(
    """
mg mcg ug µg g kg gm gram grams lb lbs oz ml l dl cc ul µl mmol mol meq iu u unit units mmhg
cmh2o mm cm m km in inch inches ft feet % percent pct bpm beats breaths min mins minute minutes
h hr hrs hour hours s sec secs second seconds d day days wk wks week weeks mo mos month months
y yr yrs year years x times tabs tab tablet tablets cap caps capsule capsules puff puffs drop drops
gtt gtts l/min lpm ml/h ml/hr mg/dl mg/l g/dl mmol/l meq/l iu/l u/l ng/ml pg/ml mcg/kg/min
mg/kg ml/kg ml/min mosm k/ul cells /ul fl pg ° °c °f c f kcal cal mv ms hz mhz mci msv gy mgy
joules j w watts l/s ml/s cmh2o/l breaths/min mph kph dose doses vial vials bag bags amp amps
""".split()
)
_AGE_UNITS = frozenset("y yo yr yrs year years y/o yoa".split())
# a measurement before a number: vitals, labs, scores, settings, counts
_LABELS = frozenset(
    """
bp sbp dbp map hr pulse p rr resp t temp tmax spo2 sao2 sat sats o2 fio2 peep ps tv vt rate ve
mv pip pplat cvp pap pcwp ci co svr wt weight ht height bmi bsa gcs apgar pain score na k cl co2
hco3 bun cr creat glu glucose bg fsbg ca mg phos alb tbili dbili alt ast alp ldh ck trop inr
ptt wbc hgb hb hct plt mcv rdw anc abs esr crp ph pco2 po2 lactate ldl hdl tg tsh a1c hba1c egfr
gfr uop uo i/o io ebl ivf lr ns dose doses qty quantity refills refill day days week weeks
cycle fraction fx level levels lvef ef size grade stage gravida para g p x ktv urr qb qd uf edw
dw kt/v hep heparin bolus flow dialysate bath kcal protein fluid intake output total net cm mm
pressure saturation temperature oxygen sugar count strength rate power rom reflexes
vas nrs mmse moca phq gad audit cows ciwa braden morse rass cam tidal vol volume step steps
""".split()
)
_STREET_TYPES = frozenset(
    """
street st st. road rd rd. avenue ave ave. av lane ln drive dr boulevard blvd court ct place pl
way terrace terr close crescent cres square sq parkway pkwy highway hwy circle cir trail trl
row walk mews gardens grove hill park alley aly pike plaza plz strasse straße str weg gasse
platz allee laan straat gracht plein ulica ul. aleja al. rua avenida calle carrer via viale
corso piazza rue boulevard chemin impasse allée quai cours cad cd cadde caddesi sok sk sokak
sokağı mah mahallesi blv bulvarı bulvar calzada pasaje camino carretera u út utca tér körút krt
al alėja g gatvė pr prospektas iela salai marg nagar gali
""".split()
)
_STREET_FIRST = frozenset(
    "rua avenida av calle carrer via viale corso piazza piazzale largo rue avenue boulevard "
    "chemin impasse allée quai place ul ulica aleja al osiedle plac str vul vulytsia ulitsa "
    "calea bdul bulevardul șos aleea splaiul sderot rehov colonia barrio privada "
    "cerrada pasaje jalan jl gg soi thanon carrera cra diagonal transversal kalye "
    "travessa alameda praça praceta beco estrada rotunda calçada chaussée drève sítio sitio "
    "fazenda chácara chacara "
    "building bldg ул улица пр проспект пер переулок бульвар шоссе г".split()
)
_PARTICLES = frozenset(
    "de da das do dos del della di la le les des du van von der den ten ter el al bin ben ibn "
    "abu mac st dei degli delle dal lo li af av zu y".split()
)
_MONTHS = frozenset(
    """
january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec janvier février fevrier mars avril mai juin juillet
août aout septembre octobre novembre décembre decembre januar februar märz maerz juni juli
oktober dezember gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre
dicembre enero febrero abril mayo junio julio septiembre octubre noviembre diciembre janeiro
fevereiro março maio junho julho setembro outubro novembro dezembro januari februari maart mei
augustus stycznia lutego marca kwietnia maja czerwca lipca sierpnia września wrzesnia
października pazdziernika listopada grudnia styczeń styczen luty marzec kwiecień kwiecien
maj czerwiec lipiec sierpień sierpien wrzesień wrzesien październik pazdziernik listopad grudzień
grudzien
""".split()
)
# words English lists lack that notes use every day (not names, not places)
_MODERN = frozenset(
    """
email e-mail website online app apps ok okay covid internet login logout username password
smartphone cellphone voicemail text texted texting fax faxed scan scanned ultrasound telehealth
portal wifi bluetooth cgm pdf url www http https com org net html ekg ecg mri ct pet iv im sq po
prn bid tid qid qhs pt pts hx dx tx sx rx fx abx meds med labs lab vitals vital ed er icu ot slp
pcp np pa rn lpn cna md do dds phd msw lcsw cc bcc re fw fwd pm am hrs mins yo y/o f/u s/p w/o
d/c c/o h/o r/o
""".split()
)
_MEDICAL_ENDINGS = tuple(
    """
itis osis emia oma ectomy otomy ostomy plasty scopy graphy gram algia pathy trophy plasia
ase ide ine ate ol olol pril sartan statin mab nib vir cillin mycin cycline azole floxacin
dipine tidine prazole parin xaban gliptin gliflozin glutide semide thiazide one pam lam
zepam done codone morphone caine lol azine oxetine aline ipine ium ate ite ose
""".split()
)

_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("er", ""),
    ("ers", ""),
    ("est", ""),
    ("'d", ""),
    ("'d", "e"),
    ("ation", "e"),
    ("ment", ""),
    ("ness", ""),
    ("al", ""),
    ("ity", ""),
)
# letters, HTML/XML character entities among them ("Th&oslash;gersen", "Z&uuml;rich")
# combining marks too (Thai vowel signs, Devanagari matras: "ศิริพร" is one word) and JSON escapes
# ("Th\u00e9r\u00e8se")
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    "\u093a-\u094f\u0981-\u0983\u09bc-\u09cd\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1"
    "\u0eb4-\u0ebc\u0ec8-\u0ecd\u1ab0-\u1aff"
)
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}]|&[A-Za-z]{{2,8}};|\\u[0-9A-Fa-f]{{4}})"
_WORD = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*")
# a run of word characters and joiners that holds a digit: "03/14/2021", "SW1A", "2.5mg"
_DIGITY = re.compile(r"(?<![\w#])[\w#]*\d[\w#]*(?:[-–/.:,・·][\w#]*\d[\w#]*|[-/.:][A-Za-z]+\d*)*")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m?)?", re.I)
_DM_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])")
_DECIMAL = re.compile(r"\d{1,4}\.\d+")
_GLUED = re.compile(r"(\d+(?:\.\d+)?)([A-Za-zµ°%][A-Za-zµ°%/]*[A-Za-z0-9/]*)")
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_SHORT_CODE = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{2,4}")
_LEVEL = re.compile(r"[A-Za-z]{1,2}\d{1,2}(?:-[A-Za-z]{0,2}\d{1,2})?")
_ICD = re.compile(r"[A-Z]\d{2}(?:\.\d{1,4})?[A-Z]?")
_SMALL_GROUPS = re.compile(r"\d{1,3}(?:\.\d+)?(?:[-–/]\d{1,3}(?:\.\d+)?)+[A-Za-z/]*")
_GLUED_TAIL = re.compile(r"\d(?:cc|ml|mg|mcg|u)(?:/\w+)?$", re.I)
_SHIFT = re.compile(r"\d{1,2}(?::\d{2})?[ap]m?-\d{1,2}(?::\d{2})?[ap]m?", re.I)  # "7a-7p"
_HYPHEN_WORD = re.compile(r"(\d{1,3})(?:st|nd|rd|th|s)?-([A-Za-z][A-Za-z-]*)")
_SEP_BEFORE = re.compile(r"[ \t]{0,2}[.,/·:()\[\]+–－-]?[ \t]{0,2}\Z")
_SEP_AFTER = re.compile(r"[ \t]{0,2}[.,/·:()\[\]+–－-]?[ \t]{0,2}")
_AT_TIME = re.compile(r"(?i)(?:\b(?:at|@|since|until|till|from|by|around|approx)|[-–~])[ \t]*\Z")
_CLOCK = re.compile(r"(?!19|20)(?:[01]\d|2[0-3])[0-5]\d")
_SPACE = re.compile(r"[ \t]+")
_JOINER = re.compile(r"[ \t]*[.,–—/・·+－〜～~-]{0,2}[ \t]*|%[0-9A-Fa-f]{2}")
# the word between the two dates of a range ("May 3, 2021 through June 4, 2021")
_RANGE_WORD = re.compile(
    r"(?i)[ \t]+(?:through|thru|to|until|till|bis|au|al|hasta|tot|fino al)[ \t]+"
)
_NEAR_PREV = re.compile(r"[ \t]*,?[ \t]*|\.[ \t]*")
_NEAR_NEXT = re.compile(r"[ \t]*|\.[ \t]*")
_RUN = re.compile(r"(?<![\w.])\d{1,4}(?:[ .]\d{1,4}){2,}(?![\w])")
_HANDLE = re.compile(r"(?<![\w.@])[^\W\d_]+(?:[._][^\W_]+)+(?![\w@])")
_ORDINALS = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth|\d{1,2}(?:st|nd|rd|th)"
)
_MONTH_WORDS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_WORD_DATE = re.compile(
    rf"(?i)\b(?:the[ \t]+)?(?:{_ORDINALS})[ \t]+of[ \t]+(?:{_MONTH_WORDS})\b\.?"
    r"(?:,?[ \t]+\d{4}\b)?"
)
# a day, month name and year joined by "de" / "del": "9 de novembro de 2023", "3 de mayo del 2021"
_DE_DATE = re.compile(
    r"(?i)(?<![\w.])\d{1,2}(?:º|°)?[ \t]+(?:de[ \t]+)?(?:"
    + "|".join(sorted((m for m in _MONTHS if len(m) > 3), key=len, reverse=True))
    + r"|(?:ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|out|nov|dic|dez)\.)"
    + r"(?:(?<=\.)|\b)(?:[ \t]+(?:de|del)[ \t]+\d{4}\b)?"
)
# a day, one or two words and a year, whatever the language or script of the month:
# "15 ta' Diċembru 2010", "21 ก.ย. 2562" (a Buddhist-era year), "3 Machi 2022"
_DAY_WORDS_YEAR = re.compile(
    r"(?<![\w.,:/])(?<!\d-)(?:0?[1-9]|[12]\d|3[01])[ \t]+((?:[^\W\d_][^\s\d]{0,11}[ \t]+){1,2})"
    r"(?:1[89]\d\d|20[0-3]\d|25[4-8]\d)(?![\w.,:/-]\d)(?!\w)"
)
_FOREIGN_DIGIT = (
    r"(?:zéro|zero|cero|sifuri|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|uno|dos|tres"
    r"|cuatro|cinco|seis|siete|ocho|nueve|um|dois|três|quatro|sete|oito|nove|moja|mbili|tatu"
    r"|nne|tano|sita|saba|nane|tisa)"
)
_FOREIGN_DIGITS = re.compile(rf"(?i)\b{_FOREIGN_DIGIT}(?:[ \t,-]+{_FOREIGN_DIGIT}){{2,}}\b")
_VEHICLE_PLATE = re.compile(
    r"(?i:\b(?:vehicle|veh|car|truck|rego|kenteken|matr[ií]cula|kennzeichen|immatriculation"
    r"|targa|placa)\b)[ \t]*(?:(?i:no|nr|n[º°])\.?|#|[=:])?[ \t]*"
    r"((?=[A-Z0-9 -]{0,18}\d)(?=(?:[ -]?[A-Z0-9]){4})"  # bounded: linear on "CAR CAR CAR ..."
    r"[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){0,3})(?![\w-])"
)
# a rural route: "RR 4, Site 8, Comp 60", "R.R. 2"
_RURAL = re.compile(
    r"\b(?i:rr|r\.[ ]?r\.|rural route)[ \t]*#?\d{1,3}\b"
    r"(?:,?[ \t]*(?i:site|comp|box|stn|lot|conc)\.?[ \t]*#?\d{1,4}\b){0,4}"
)
# a Russian address: "Невский пр-т, д. 88, кв. 4", "ул. Толе би, д. 116, кв. 32"
_RU_STREET = re.compile(
    r"(?:\b(?:ул|пр|пер|просп|наб|пл|б-р|ш)\.[ \t]{0,2}[А-ЯЁA-Z][\w-]{0,30}"
    r"(?:[ \t]+[\w-]{1,30}){0,2}?"
    r"|(?<![\w-])[А-ЯЁ][\w-]{1,30}[ \t]+(?:пр-т|пр-кт|б-р|наб\.|ш\.|пер\.|ул\.|просп\.|пр\.))"
    r"(?=,|[ \t]+(?:д|дом)\.?[ \t]*\d)"
    r"(?:,?[ \t]*(?:д|дом|корп|к|стр|кв|оф)\.?[ \t]*\d{1,4}[А-Яа-я]?(?:/\d{1,3})?)*"
)
# a Japanese name before an honorific: "高橋 茂 様", "佐藤さん"
_HONORIFIC = re.compile(
    r"([\u3040-\u30ff\u4e00-\u9fff]{1,4})[ \t\u3000]*(?:様|さま|さん|殿|氏|君|ちゃん)"
)
# a passport's machine-readable line: "P<GBRCHOLMONDELEY<<HILDA<<<<"
_MRZ = re.compile(r"\bP[A-Z<][A-Z<]{3}([A-Z]{1,39}(?:<{1,2}[A-Z]{1,39}){0,6})<{2,}")
# the speaker of a chat export, first on its line: "[11.01.23, 08:37:19] endang sri rahayu:"
_CHAT_SPEAKER = re.compile(
    r"(?m)^(?:\[[^\]\n]{0,24}\d{1,2}:\d{2}[^\]\n]{0,12}\]"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]?[AaPp][Mm])?[ \t]+[-–])"
    r"[ \t]*([^\W\d_][^:\n\d]{0,40}?):"
)
# a cell of a table written with bars or tabs
_CELL = re.compile(r"(?<=[|\t]) {0,8}([^\W\d_][^|\t\n\d]{0,60}?) {0,8}(?=[|\t]|$)", re.M)
# an age of ninety or more in words of another language, before its word for years:
# "cent quatre ans", "noventa y uno años", "dreiundneunzig Jahre", "novantadue anni"
_FOREIGN_OLD_AGE = re.compile(
    r"(?i)\b(?:quatre[- ]vingt[- ](?:dix|onze|douze|treize|quatorze|quinze|seize)(?:[- ]\w+)?"
    r"|nonante(?:[- ]\w+)?|cent(?:[- ]\w+)?|noventa(?:[ \t]+y[ \t]+\w+)?|cien(?:to)?(?:[ \t]+\w+)?"
    r"|novanta\w*|cent[oe]\w*|\w*neunzig|hundert\w*|\w*negentig|honderd\w*)"
    r"(?=[ \t]+(?:ans|años|anos|anni|jahre|jaar|år|lat)\b)"
)
# a date in CJK digits-and-characters form: "2020年7月11日", "7月22日"
_CJK_DATE = re.compile(r"(?:\d{2,4}[ \t]*年[ \t]*)?\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*日")
# a building, stair or entrance before a street: "Bât. B, esc. 3,", "Bloco 2"
_BUILDING = re.compile(
    r"\b(?:Bât|Bat|Bâtiment|Esc|esc|Escalier|Bloc|Bloco|Block|Torre|Edificio|Entrada|Stiege)"
    r"\.?[ \t]*[A-Z0-9]{1,3}\b"
    r"(?:,?[ \t]*(?:esc|Esc|Escalier|Stiege|Tür|porte)\.?[ \t]*[A-Z0-9]{1,3}\b)*"
)
# a post-office box: "PO Box 127", "Postfach 12 34", "Caixa Postal 88", "Apartado 5"
_PO_BOX = re.compile(
    r"\b(?:P\.?[ \t]?O\.?[ \t]?Box|Postfach|Caixa Postal|Apartado(?: de Correos)?|Casilla"
    r"|Postboks|Box)[ \t]*\d{1,6}(?:[ \t]\d{2,4})?\b"
)
# a Polish housing estate written short: "os. Słoneczne 138/34" (never "OS pupil")
_OSIEDLE = re.compile(
    r"\bos\.[ \t]*[A-ZĄĆĘŁŃÓŚŹŻ][\w-]{0,30}(?:[ \t]+[A-ZĄĆĘŁŃÓŚŹŻ][\w-]{0,30}){0,2}"
    r"[ \t]+\d{1,4}[A-Za-z]?(?:/\d{1,4})?"
)
# a Brazilian council registration: "CRM-MG 52.012", "COREN/SP 123456", "CRO-RJ nº 4.551"
_COUNCIL = re.compile(
    r"\b(?:CRM|CRO|CRF|COREN|CRP|CREFITO|CRN|CRMV|CRBM|CREFONO)[-/ ]?[A-Z]{2}[ \t:nº°.]*"
    r"\d{1,3}(?:\.?\d{3})+(?:-\d)?\b"
)
# a named building with a flat number, either way round: "Park Heights 312", "Apt 14, The
# Maltings", "Road No. 12"; a boîte postale right after an address label ("Adresse : BP 707")
_BUILDING_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]{1,30}[ \t]+){1,3}(?:Heights|Mansions?|Residences?|Court|Towers?|House"
    r"|Apartments|Manor|Villas?|Corpo|Haitsu|Palace|Gardens?|Hall)[ \t]+\d{1,4}\b"
    r"|\b(?:Apt|Apartment|Flat|Unit|Suite)\.?[ \t]*\d{1,4}[A-Za-z]?,[ \t]*(?:The[ \t]+)?"
    r"[A-Z][\w'’-]{1,30}(?:[ \t]+[A-Z][\w'’-]{1,30})?"
    r"|\bRoad[ \t]+No\.?[ \t]*\d{1,4}\b"
    r"|(?:(?<=:)|(?<=: ))(?:BP|B\.P\.|CP|C\.P\.)[ \t]*\d{1,6}\b(?=,)"
)
# an Indian house number: "H.No. 16-47/8", "H No 12"
_HOUSE_NO = re.compile(r"\bH\.?[ \t]?No\.?[ \t]*\d[\d/-]*")
# a CJK name before its romanisation in brackets: "宮下 茂（MIYASHITA Shigeru）"
_ROMANISED = re.compile(
    r"([\u4e00-\u9fff\u3040-\u30ff]{1,4})[ \t\u3000]*"
    r"[（(][ \t]*[A-Z][A-Za-z]+[ ,/]+[A-Za-z]+[ \t]*[）)]"
)
# a Japanese given name before a kin word in brackets: "井上 博（長男）"
_KIN_AFTER = re.compile(
    r"([\u4e00-\u9fff]{1,4})[ \t\u3000]*[（(]"
    r"(?:長男|長女|次男|次女|三男|三女|妻|夫|父|母|息子|娘|兄|弟|姉|妹|孫|甥|姪)"
)
# an address literal in brackets, with its port: "[2001:db8:870e:f1b8]:3817", "[10.4.7.1]"
_BRACKET_HOST = re.compile(
    r"\[(?:IPv6:)?(?=(?:[0-9A-Fa-f]*[:.]){2})[0-9A-Fa-f:.]{3,45}\](?::\d{1,5}\b)?"
)
_CALLE = re.compile(r"(?<!\w)C/[ \t]?(?:[A-ZÁÉÍÓÚÑ][\w'’-]*[ \t]?){1,4}(?:#[ \t]?\d{1,5})?")
_DIGIT_WORDS = frozenset("zero oh one two three four five six seven eight nine".split())
_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand)\b"
)
_NUMBER_GAP = r"(?:[ \t]*[-,][ \t]*|[ \t]+(?:and[ \t]+)?)"
_NUMBER_WORDS = re.compile(
    rf"(?i)\b(?:plus[ \t]+)?{_NUMBER_WORD}(?:{_NUMBER_GAP}{_NUMBER_WORD}|[ \t]+\d{{1,4}}\b)+"
    r"|\b(?:ninety|hundred)\b"
)
_SPELLED = re.compile(
    r"(?<![\w|])\|?(?:[^\W\d_][|· -]){2,}[^\W\d_]\|?(?![\w|])"  # "S|O|S|A", "B R O W N"
    r"|(?<![\w|])\|?(?:\d\|){3,}\d\|?(?![\w|])"  # boxed digits "4|4|5|0|7"
)
_LAST_FIRST = re.compile(r",[ \t]{1,3}")
_ORDINAL_DATE = re.compile(r" \d{1,2}(?:st|nd|rd|th)\b", re.I)
_HOUSE_BEFORE = re.compile(
    r"(?:\b(?i:unit|apt|flat|suite|shop|villa|lot)\.?[ \t]*)?"  # "Unit 6/180 Banksia St"
    r"(?:\b\d{1,4}[A-Za-z]?[ \t]*[/-][ \t]*)?"
    r"(?:\b(?:No|Nr|Nº|N°)\.?[ \t]*)?\b\d{1,5}[A-Za-z]?(?:[ \t]+(?:bis|ter|[A-Za-z]))?,?[ \t]+"
)
# a city after a marked postcode ("8000 Aarhus C", "1950 Sion", "2200 København N")
_CITY_AFTER_CODE = re.compile(
    r"(?<![\w.,-])(\d{4,5}|\d{2}-\d{3}|\d{5}-\d{3})(?:&nbsp;|[ \t])+"  # "34-400 Nowy Targ"
    r"((?:[^\W\d_]|&[A-Za-z]{2,8};)[\w'’&;-]*"
    r"(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
)
_HOUSE_NUMBER_NEXT = re.compile(r"\.?[ \t]+\d{1,5}\b")  # "Carrera 89 # 19-89"
_HOUSE_AFTER = re.compile(
    r"\.?,?(?:[ \t]+(?:(?:No|Nr|Nº|N°|n°|nº|[Nn]\.[º°]|#)[.:]?[ \t]*)?"
    r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?\.?"
    r"(?:[ \t]+(?:Sur|Norte|Este|Oeste|Bis))?(?:[ \t]*#[ \t]*\d{1,4}(?:-\d{1,4})?)?"
    r"(?:[ \t]+[A-Z][.:]?[ \t]*\d{1,4}\b)?)?"
    r"(?:[ \t,]+(?:(?i:scala)[ \t]+[A-Z0-9]\b"  # "scala B" before "sc" (Italian: stair B)
    r"|(?i:apt|apartment|unit|suite|ste|flat|trlr|lot|lok|bldg|fl|floor|#|kv|ap|bl|sc"
    r"|et|int|nr|no|depto|dpto|piso|д|дом|кв|корп|стр)\.?[ \t]*#?\w{1,5}|\d{1,3}°[ \t]*[A-Z]\b"
    r"|\d{1,2}\.[ \t]*(?i:tv|th|mf|sal)\b\.?|(?i:st|kl)\.[ \t]*(?i:tv|th|mf)\b\.?"  # "st. tv."
    r"|\d{1,2}\.?[º°ª][ \t]*(?:(?i:dto|esq|dt|e|d|frente|andar)\b\.?)?"  # "6.º Dto."
    r"|\d{1,2}\.[ \t]*(?:OG|Etage|Stock)\b(?:[ \t]+(?:links|rechts|li|re|Mitte)\b)?"  # "2. OG"
    r"|(?i:bus|bte|boîte|box)[ \t]*\d{1,4}\b|(?i:hs|bis|ter|huis|bus)\b"
    r"|(?i:km)[ \t]*\d{1,4}\b|s/n\b)){0,4}"
)
# a floor and door of a flat, wherever it stands: "1. th.", "st. tv." (Danish), "2.º Esq."
_FLOOR_DOOR = re.compile(
    r"(?<![\w.])(?:\d{1,2}\.|(?i:st|kl)\.)[ \t]*(?i:tv|th|mf)\b\.?"
    r"|(?<![\w.])\d{1,2}\.?[º°ª][ \t]*(?i:esq|dto|dt|esquerdo|direito|frente)\b\.?"
    r"|(?<![\w.])\d{1,2}\.[ \t]*(?:OG|Etage|Stock)\b(?:[ \t]+(?:links|rechts|li|re|Mitte)\b)?"
)
_STREET_ENDINGS = tuple(
    "straat laan weg gracht plein kade dijk singel straße strasse gasse allee platz weg vej gatan "
    "gate gata gaten gatan vägen veien vegen plass torget katu tie kuja polku ulice gade vej "
    "vænget stræde torv allé steenweg tee põik maantee puiestee".split()
)
# PHI by its shape alone, no context needed: (pattern, group, label)
_SHAPES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (_FOREIGN_DIGITS, 0, "ID"),
    (_VEHICLE_PLATE, 1, "ID"),  # "vehicle=0MM 5ZX", "Delivery vehicle CA 342 949"
    (_RURAL, 0, "LOCATION"),
    (_CJK_DATE, 0, "DATE"),
    (_BUILDING, 0, "LOCATION"),
    (_PO_BOX, 0, "LOCATION"),
    (_HOUSE_NO, 0, "LOCATION"),
    (_OSIEDLE, 0, "LOCATION"),
    (_COUNCIL, 0, "ID"),
    (_BUILDING_NAME, 0, "LOCATION"),
    (_KIN_AFTER, 1, "NAME"),
    (_ROMANISED, 1, "NAME"),
    (_FOREIGN_OLD_AGE, 0, "AGE"),
    (_RU_STREET, 0, "LOCATION"),
    (_HONORIFIC, 1, "NAME"),
    (_MRZ, 1, "NAME"),
    (_CHAT_SPEAKER, 1, "NAME"),
    (_CALLE, 0, "LOCATION"),  # "C/ El Conde #149": a Spanish street abbreviated C/
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•*>\-–—(\[\"“]|\d[.)])[ \t]*$")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Lower-case English and clinical words: Webster's 2nd (1934, public domain) entries
    written in lower case there (proper nouns are capitalised in it), the clinical allow list,
    and everyday words of notes the dictionary predates."""
    from english_words import get_english_words_set

    from medprivacy.deid.text.allowlist import ALLOWED

    words = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return frozenset(words | set(ALLOWED) | _MODERN | _UNITS | _LABELS | _MONTHS)


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    from medprivacy.deid.text.recognizers import _slot_names

    return _slot_names()


# --------------------------------------------------------------------------------------- numbers
def _line_before(text: str, start: int, width: int = 48) -> str:
    """The text before ``start`` on its line, at most ``width`` characters; a line cut short
    starts with NUL, so neither ``^`` nor a first word matches a fragment (long lines stay
    linear)."""
    low = max(0, start - width)
    newline = text.rfind("\n", low, start)
    if newline >= 0 or low == 0:
        return text[newline + 1 : start]
    return "\0" + text[low:start]


def _prev_words(text: str, start: int, n: int = 3, cells: bool = False) -> list[str]:
    """The last ``n`` words before ``start`` on its line, lower-cased; with ``cells``, only those
    after the last comma, semicolon or table bar."""
    line = _line_before(text, start)
    if cells:
        line = re.split(r"[,;|]", line)[-1]
    words = re.findall(r"[\w/.%]+(?:-[\w/.%]+)*", line)  # "CRM-MG" is no magnesium
    if line.startswith("\0") and words and line[1:].startswith(words[0]):
        words = words[1:]  # a word the window cut in two
    return [w.lower().strip(".:=#") for w in words[-n:]]


def _next_word(text: str, end: int) -> str:
    """The word after a number, lower-cased; a one-letter word only as a lower-case unit
    ("5 d", "3 x"), never a label of its own ("166 D: 13")."""
    m = re.match(r"[ \t]*([^\W\d_][\w/%°µ]*|%|°[CFcf]?)(:?)", text[end : end + 24])
    if not m:
        return ""
    word = m.group(1)
    if len(word) == 1 and ((word.isupper() and word != "L") or m.group(2)):
        return ""
    return word.lower().rstrip(".")


def _labelled(text: str, start: int, token: str = "") -> bool:
    """A measurement label one or two words before (a one-letter label only right before); a
    label never explains five digits or more."""
    if any(len(group) > 4 for group in re.findall(r"\d+", token.split(".")[0])):
        return False
    words = _prev_words(text, start, 2, cells=True)  # never across a comma or a table cell
    # a label of one or two letters ("hr", "k") only right before the number
    return any(w in _LABELS and (len(w) > 2 or i == len(words) - 1) for i, w in enumerate(words))


def _unit(word: str) -> bool:
    """A unit, also a compound one ("u/hr", "mcg/kg/min", "cc/hr")."""
    return word in _UNITS or ("/" in word and all(p in _UNITS for p in word.split("/") if p))


STRONG, WEAK, PHI = 2, 1, 0


def _number_safe(token: str, text: str, start: int, end: int) -> int:
    """How well a digit-bearing token is explained: STRONG by a unit, a label, a clock or an age
    under 90; WEAK by its shape alone (a small number, a short code, a decimal), which a marked
    neighbour overrides; PHI when nothing explains it."""
    after = _next_word(text, end)
    if _TIME.fullmatch(token) or _SHIFT.fullmatch(token):
        return STRONG
    circa = re.search(r"\b(?i:ca|approx|um|vers|hacia)\.?[ \t]*\Z", text[max(0, start - 8) : start])
    if (
        _DM_DATE.fullmatch(token)
        and text[end : end + 1] == "."
        and (circa or not _labelled(text, start))
    ):
        return PHI  # "2.2.", "16.9." (day and month)
    if _DECIMAL.fullmatch(token):
        return STRONG if _labelled(text, start, token) or _unit(after) else WEAK
    if _ICD.fullmatch(token) or _LEVEL.fullmatch(token):
        return WEAK
    glued = _GLUED.fullmatch(token)
    if glued and len(glued.group(2)) == 1 and glued.group(2) in "ABDEGHKMNPSUWXYZ":
        return PHI  # "676D", "74A": a number with a capital letter is a code, not a unit
    if glued:
        unit = glued.group(2).lower()
        if unit in _AGE_UNITS:
            return STRONG if float(glued.group(1)) < 90 else PHI
        if _unit(unit):
            return STRONG
        return WEAK if _SHORT_CODE.fullmatch(token) else PHI
    if _SHORT_CODE.fullmatch(token):
        return WEAK
    if _INTEGER.fullmatch(token):
        if len(token) > 12:
            return PHI  # no measurement has 13 digits (and int() refuses 4,300)
        value = int(token.replace(",", ""))
        if after in _AGE_UNITS or after.startswith("year"):
            return STRONG if value < 90 else PHI
        if after in _MONTHS or any(w in _MONTHS for w in _prev_words(text, start, 1)):
            return PHI
        year = len(token) == 4 and 1880 <= value <= 2039
        if (_unit(after) and not (year and len(after) == 1)) or _labelled(text, start, token):
            return STRONG  # a year is no weight in grams ("1917 g.": the Russian year mark)
        if _CLOCK.fullmatch(token) and (
            token[0] == "0" or _AT_TIME.search(text, max(0, start - 12), start)
        ):
            return WEAK  # "0800", "at 1630": a 24-hour time (19xx / 20xx read as years)
        return WEAK if value < 90 and len(token) <= 2 else PHI
    hyphened = _HYPHEN_WORD.fullmatch(token)
    if hyphened:  # "45-year-old", "10-point", "2-car"; not "4-nen", "90-sai", "93-year-old"
        word = hyphened.group(2)
        first = word.split("-")[0]
        fine = len(first) >= 3 and in_vocabulary(first) and int(hyphened.group(1)) < 90
        return STRONG if fine else PHI
    if _SMALL_GROUPS.fullmatch(token):  # "120/80", "10-12", "100-120/60-70" after a label
        if after in _MONTHS:
            return PHI  # "6–19 kwietnia"
        if _labelled(text, start, token) or _unit(after) or _GLUED_TAIL.search(token):
            return STRONG
    return PHI


# --------------------------------------------------------------------------------------- words
def _at_sentence_start(text: str, start: int) -> bool:
    return _SENTENCE_START.search(_line_before(text, start, 16)) is not None


def _stems(low: str) -> Iterator[str]:
    """The word and what it may be inflected from ("titrated", "dropped", "denies", "rec'd")."""
    yield low
    for suffix, repl in _INFLECTIONS:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            stem = low[: -len(suffix)]
            yield stem + repl
            if repl == "" and len(stem) > 3 and stem[-1] == stem[-2]:
                yield stem[:-1]  # "dropped", "planning"


def in_vocabulary(word: str, stems: bool = True) -> bool:
    """The word, or a stem of it, is English or clinical vocabulary (``stems=False``: the word
    itself or its plural only)."""
    low = word.lower().replace("’", "'")
    low = low[:-2] if low.endswith("'s") else low
    vocab = vocabulary()
    if not stems:
        return low in vocab or (low.endswith("s") and low[:-1] in vocab)
    return any(stem in vocab for stem in _stems(low))


def _glued_to_digit(text: str, start: int, end: int) -> bool:
    """Letters that belong to a digit-bearing token ("SpO2", "MRN12345"), judged with it."""
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _word_phi(word: str, text: str, start: int) -> bool:
    """A word that is no vocabulary, or a given name / surname in Title Case mid-sentence."""
    if len(word) < 2:
        return False
    title = word[0].isupper() and not word.isupper()
    # mid-sentence, a capitalised word counts as vocabulary only as written ("Naveed" is no
    # inflection of "nave"); at a sentence start its stems count too ("Tolerated")
    mid = title and not _at_sentence_start(text, start)
    if in_vocabulary(word, stems=not mid):
        return mid and word.lower() in _names()
    if word.islower():
        return len(word) >= 4 and not word.endswith(_MEDICAL_ENDINGS)
    if word.isupper() and len(word) <= 3:
        return word.lower() in _names()
    return True


class _Cover:
    """Which characters marked spans cover, by label: overlap tests in O(log n) on long notes."""

    def __init__(self, spans: Iterable[Found]) -> None:
        merged: dict[str, list[list[int]]] = {}
        for start, end, label in sorted(spans):
            for key in ("", label):
                runs = merged.setdefault(key, [])
                if runs and start <= runs[-1][1]:
                    runs[-1][1] = max(runs[-1][1], end)
                elif key == "" or label:
                    runs.append([start, end])
        self._starts = {k: [r[0] for r in v] for k, v in merged.items()}
        self._runs = merged
        self.ends = {r[1] for r in merged.get("", [])}
        self.starts = {r[0] for r in merged.get("", [])}

    def hit(self, start: int, end: int, label: str = "") -> bool:
        runs = self._runs.get(label)
        if not runs:
            return False
        i = bisect.bisect_right(self._starts[label], end - 1) - 1
        return i >= 0 and runs[i][1] > start


def find(text: str, known: Iterable[Found] = ()) -> list[Found]:
    """Spans strict mode adds to ``known`` (the recognizers' spans, labelled), labelled NAME /
    ID / DATE / LOCATION by shape."""
    marked: list[Found] = []
    covered = sorted(known)
    weak: list[tuple[int, int]] = []
    for m in _DIGITY.finditer(text):
        token = m.group().rstrip(".,:-–/")
        start, end = m.start(), m.start() + len(token)
        if not token:
            continue
        strength = _number_safe(token, text, start, end)
        if strength == PHI:
            marked.append((*_edges(text, token, start, end), "ID"))
        elif strength == WEAK:
            weak.append((start, end))
    marked += _digit_runs(text)
    # hyphenated words are read part by part ("Saint-Fleur", "follow-up")
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    marked += [
        (s, e, "NAME")
        for s, e, w in words
        if not _glued_to_digit(text, s, e) and _word_phi(w, text, s)
    ]
    marked += _spoken(text) + _spelled(text)
    marked += _beside(text, weak, [*marked, *covered])
    marked += _grow(text, words, _Cover([*marked, *covered]))
    marked += _between(text, words, _Cover([*marked, *covered]))
    marked += _beside(text, weak, [*marked, *covered])
    marked += _between(text, words, _Cover([*marked, *covered]))
    marked += _cities(text, _Cover([*marked, *covered]))
    marked += _name_cells(text, _Cover([*marked, *covered]))
    marked += [(m.start(), m.end(), "LOCATION") for m in _FLOOR_DOOR.finditer(text)]
    # an address in brackets goes with them: "from relay ([10.4.7.1])", "<10.4.7.1>"
    marked += [
        (s - 1, e + 1, label)
        for s, e, label in covered
        if label == "IP" and text[s - 1 : s] + text[e : e + 1] in ("[]", "<>", "()")
    ]
    marked += [(m.start(), m.end(), "IP") for m in _BRACKET_HOST.finditer(text)]
    # an initial with its dot ("Сейткалиева А.")
    marked = [
        (a, b + 1, label)
        if b - a == 1 and text[a].isupper() and text[b : b + 1] == "." and label == "NAME"
        else (a, b, label)
        for a, b, label in marked
    ]
    return sorted(marked)


def _cities(text: str, spans: _Cover) -> list[Found]:
    """The place after a marked postcode on its line: up to three words, the first capitalised
    and no unit ("8000 Aarhus C", "1950 Sion")."""
    out: list[Found] = []
    for m in _CITY_AFTER_CODE.finditer(text):
        city = m.group(2)
        if not spans.hit(m.start(), m.end(1)) or not (city[0].isupper() or city[0] == "&"):
            continue
        if _unit(city.split()[0].lower()):
            continue
        out.append((m.start(2), m.end(2), "LOCATION"))
    return out


def _spoken(text: str) -> list[Found]:
    """Numbers said in words that are PHI: three or more digits read out ("one four five six"),
    a year ("nineteen forty-five", "two thousand 14"), ninety and above ("ninety-one", "one
    hundred and two") unless a unit follows; then every shape of ``_SHAPES``."""
    out: list[Found] = []
    for m in _NUMBER_WORDS.finditer(text):
        words = re.findall(r"[a-z]+|\d+", m.group().lower())
        digits = sum(w in _DIGIT_WORDS for w in words)
        year = (
            words[0] in ("nineteen", "twenty", "two")
            and len(words) >= 2
            and (words[0] != "two" or words[1] == "thousand")
        )
        big = any(w in ("ninety", "hundred", "thousand") for w in words)
        after = _next_word(text, m.end())
        aged = after in _AGE_UNITS or after.startswith("year")  # "ninety-two y.o."
        if digits >= 3 or year or (big and (aged or not _unit(after))):
            out.append((m.start(), m.end(), "ID"))
    # digits read out in other languages ("cinq zéro neuf", "mbili tano tano", "tres cuatro"),
    # and the rest of the shapes that need no context (see _SHAPES)
    return out + [
        (m.start(group), m.end(group), label)
        for pattern, group, label in _SHAPES
        for m in pattern.finditer(text)
    ]


def _spelled(text: str) -> list[Found]:
    """A word spelled out letter by letter ("S|O|S|A", "B R O W N", "S-M-I-T-H")."""
    return [
        (m.start(), m.end(), "ID" if any(c.isdigit() for c in m.group()) else "NAME")
        for m in _SPELLED.finditer(text)
    ]


def _edges(text: str, token: str, start: int, end: int) -> tuple[int, int]:
    """A marked number with its edges: the closing dot of a dotted date ("2.2.", "2022.03.23.")
    and the brackets around it ("(55)")."""
    dotted = (
        "." in token
        or text[max(0, start - 2) : start] == ". "  # "2021. 3. 9."
        or (len(token) == 4 and token[:2] in ("18", "19", "20"))  # "11. rujna 2022."
    )
    if dotted and text[end : end + 1] == "." and not text[end + 1 : end + 2].isalnum():
        end += 1
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        start, end = start - 1, end + 1
    elif text[start - 2 : start] == "(+" and text[end : end + 1] == ")":
        start, end = start - 2, end + 1  # "(+34) 928 715 718"
    if text[start - 1 : start] == "+" and not text[start - 2 : start - 1].isalnum():
        start -= 1  # "+1+521+633": an international prefix
    return start, end


def _beside(text: str, weak: list[tuple[int, int]], spans: list[Found]) -> list[Found]:
    """Numbers only their shape explained, next to a marked span (a comma, dot, slash, bracket or
    dash and spaces apart): part of what is marked ("15 Ocak 2021", "(55) 2931203", "528 35",
    "6SR 0068"). One sweep each way, so a chain of parts is taken whole."""
    ends = {e for _, e, _ in spans}
    starts = {s for s, _, _ in spans}
    taken: set[tuple[int, int]] = set()
    for sweep in (sorted(weak), sorted(weak, reverse=True)):  # chains run either way
        for s, e in sweep:
            if (s, e) in taken:
                continue
            left = _SEP_BEFORE.search(text, max(0, s - 4), s)
            right = _SEP_AFTER.match(text, e, min(len(text), e + 4))
            near_left = left and any(p in ends for p in range(left.start(), s + 1))
            near_right = right and any(p in starts for p in range(e, right.end() + 1))
            if near_left or near_right:
                taken.add((s, e))
                ends.add(e)
                starts.add(s)
    return [(*_edges(text, text[s:e], s, e), "ID") for s, e in sorted(taken)]


def bridge(text: str, spans: Iterable[Found]) -> list[Found]:
    """Sorted spans with the joiners between two of them taken in ("KOWALSKI, REGINALD",
    "29/09/2022 – 16/10/2022", "1 52 04 15"): a comma, dash, dot or spaces on one line."""
    out: list[Found] = []
    for s, e, label in sorted(spans):
        joined = out and (
            s <= out[-1][1]
            or _JOINER.fullmatch(text, out[-1][1], s)
            or (label == out[-1][2] == "DATE" and _RANGE_WORD.fullmatch(text, out[-1][1], s))
        )
        if joined:
            ps, pe, plabel = out[-1]
            keep = plabel if pe - ps >= e - s else label
            out[-1] = (ps, max(pe, e), keep)
        else:
            out.append((s, e, label))
    return out


def _digit_runs(text: str) -> list[Found]:
    """Three or more digit groups apart by single spaces or dots ("06 33 18 62 63",
    "1 52 04 15 821 326 41"): a number read aloud or printed in blocks, never a measurement."""
    return [
        (m.start(), m.end(), "ID")
        for m in _RUN.finditer(text)
        if not _unit(_next_word(text, m.end()))
    ]


def _between(text: str, words: list[tuple[int, int, str]], spans: _Cover) -> list[Found]:
    """A short word between two marked spans on one line ("Shinagawa 406 wa 07-30", "5672 CB
    Haarlem", "Dubai T 95183"), a short code right after a marked number ("4301 CYJ"), and the
    rest of a user handle whose first part is marked ("tatsuya.grab")."""
    out: list[Found] = []
    ends, starts = set(spans.ends), set(spans.starts)
    taken: set[int] = set()
    for s, e, w in [*words, *reversed(words)]:  # a run of codes is taken from either side
        if s in taken or spans.hit(s, e):
            continue
        left = text[s - 1 : s] in (" ", "-") and (s - 1) in ends
        right = text[e : e + 1] in (" ", "-") and (e + 1) in starts
        short = len(w) <= 3 and not (w.islower() and in_vocabulary(w) and len(w) == 3)
        beside_digits = (left and text[s - 2 : s - 1].isdigit()) or (
            right and text[e + 1 : e + 2].isdigit()
        )
        code = w.isupper() and (
            len(w) == 1 or (len(w) <= 3 and (beside_digits or not in_vocabulary(w)))
        )
        year_mark = left and len(w) == 1 and w.islower() and text[e : e + 1] == "."  # "1952 r."
        digits_next = text[e : e + 1] == " " and text[e + 1 : e + 2].isdigit()
        digits_after = text[e : e + 1] in (" ", "-") and text[e + 1 : e + 2].isdigit()  # plates
        between_numbers = left and digits_next and short and not in_vocabulary(w)  # "12 yue 18"
        if (
            (left and right and (short or not in_vocabulary(w)))
            or ((left or right or digits_after) and code)
            or between_numbers
        ):
            out.append((s, e, "ID"))
            taken.add(s)
            ends.add(e)
            starts.add(s)
        elif year_mark and text[s - 2 : s - 1].isdigit():
            out.append((s, e + 1, "DATE"))
            taken.add(s)
    for m in _HANDLE.finditer(text):  # one part marked: the whole handle ("esi.mbugua")
        if spans.hit(m.start(), m.end()) and not (
            spans.hit(m.start(), m.start() + 1) and spans.hit(m.end() - 1, m.end())
        ):
            out.append((m.start(), m.end(), "NAME"))
    return out


def _grow(text: str, words: list[tuple[int, int, str]], spans: _Cover) -> list[Found]:
    """Name-list words, particles, initials and short words beside a marked name; month names
    beside a marked number; "the" before a marked ordinal date; street names (``_streets``)."""
    hit = spans.hit

    out: list[Found] = []
    names = _names()
    for i, (s, e, w) in enumerate(words):
        if hit(s, e):
            continue
        low = w.lower()
        prev = words[i - 1] if i else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        near_prev = prev is not None and _NEAR_PREV.fullmatch(text, prev[1], s)
        near_next = nxt is not None and _NEAR_NEXT.fullmatch(text, e, nxt[0])
        beside_name = (near_prev and prev is not None and hit(prev[0], prev[1], "NAME")) or (
            near_next and nxt is not None and hit(nxt[0], nxt[1], "NAME")
        )
        particle = (
            low in _PARTICLES
            and nxt is not None
            and (near_next or text[e : nxt[0]] == "-")
            and hit(nxt[0], nxt[1])
        )
        after_name = (
            prev is not None
            and w[0].isupper()
            and not w.isupper()
            and text[prev[1] : s] == " "
            and hit(prev[0], prev[1], "NAME")
        )  # "Shazia Butt", "Davao City"
        speaker = (
            nxt is not None
            and w[0].isupper()
            and text[e : nxt[0]] == " "
            and hit(nxt[0], nxt[1], "NAME")
            and text[nxt[1] : nxt[1] + 1] == ":"
        )  # "[14:10] Harish Bhattacharya:"
        cell_first = (
            nxt is not None
            and w[0].isupper()
            and not w.isupper()
            and text[s - 1 : s] in (",", '"', "=", "|", ";", "\t")
            and text[e : nxt[0]] == " "
            and hit(nxt[0], nxt[1], "NAME")
        )  # a given name that is also a word, first in its cell: ',"Beryl Whitlam', "=Beryl Ng"
        if (
            (w[0].isupper() and (low in names or len(w) <= 3) and beside_name)
            or (particle and w[0].isupper())
            or after_name
            or speaker
            or cell_first
            or (low in _PARTICLES and w.islower() and _among_names(text, words, i, hit))
            or (len(w) == 1 and w.isupper() and _initial_of(text, words, i, hit))
        ):
            out.append((s, e, "NAME"))
        elif (
            low in _MONTHS
            and (
                (re.match(r"[ \t,]*\d", text[e : e + 4]) and hit(e, e + 8))
                or (
                    re.search(r"\d[ \t,.]*(?:of[ \t]+)?$", text[max(0, s - 8) : s])
                    and hit(max(0, s - 8), s)
                )
            )
        ) or (low == "the" and _ORDINAL_DATE.match(text, e) and hit(e + 1, e + 6)):
            out.append((s, e, "DATE"))
        elif (prev is not None and text[prev[1] : s] == "-" and hit(prev[0], prev[1])) or (
            nxt is not None and text[e : nxt[0]] == "-" and hit(nxt[0], nxt[1], "NAME")
        ):
            out.append((s, e, "NAME"))  # the other part of a hyphenated name ("Soo-ah", "Nam-gu")
        elif (
            w.isupper()
            and len(w) > 2
            and nxt is not None
            and _LAST_FIRST.fullmatch(text, e, nxt[0])
            and hit(nxt[0], nxt[1], "NAME")
        ):
            out.append((s, e, "NAME"))  # "STALLINGS, Jimmy"
    # "the twenty-sixth of April", "the 3rd of May 2021"
    out += [(m.start(), m.end(), "DATE") for m in _WORD_DATE.finditer(text)]
    out += [(m.start(), m.end(), "DATE") for m in _DE_DATE.finditer(text)]
    out += [
        (m.start(), m.end(), "DATE")
        for m in _DAY_WORDS_YEAR.finditer(text)
        if not any(_unit(w.lower().rstrip(".,")) for w in m.group(1).split())
    ]
    out += _streets(text, words, spans)
    return out


def _among_names(
    text: str, words: list[tuple[int, int, str]], i: int, hit: Callable[..., bool]
) -> bool:
    """Word ``i`` is one of up to three particles, single spaces apart, between two marked
    names ("Thabo van der Merwe", "Ana de la Cruz")."""
    first = last = i
    while first > 0 and i - first < 2 and words[first - 1][2].lower() in _PARTICLES:
        first -= 1
    while last + 1 < len(words) and last - i < 2 and words[last + 1][2].lower() in _PARTICLES:
        last += 1
    if first == 0 or last + 1 >= len(words):
        return False
    before, after = words[first - 1], words[last + 1]
    spaced = all(text[words[k][1] : words[k + 1][0]] == " " for k in range(first - 1, last + 1))
    return spaced and hit(before[0], before[1], "NAME") and hit(after[0], after[1], "NAME")


def _initial_of(
    text: str, words: list[tuple[int, int, str]], i: int, hit: Callable[..., bool]
) -> bool:
    """Word ``i`` is one of a run of initials with dots ("И. В. Морозов", "Orlov D. Yu.")
    that starts right after or ends right before a marked name."""
    first = last = i
    while (
        first > 0
        and i - first < 3
        and re.fullmatch(r"\.[ \t]?", text[words[first - 1][1] : words[first][0]])
    ):
        if len(words[first - 1][2]) > 2:
            break
        first -= 1
    while (
        last + 1 < len(words)
        and last - i < 3
        and re.fullmatch(r"\.[ \t]?", text[words[last][1] : words[last + 1][0]])
    ):
        if len(words[last + 1][2]) > 2:
            break
        last += 1
    nxt = words[last + 1] if last + 1 < len(words) else None
    prev = words[first - 1] if first else None
    before = nxt is not None and re.fullmatch(r"\.[ \t]?", text[words[last][1] : nxt[0]] or "")
    after = prev is not None and text[prev[1] : words[first][0]] == " "
    return bool(
        (before and nxt is not None and hit(nxt[0], nxt[1], "NAME"))
        or (after and prev is not None and hit(prev[0], prev[1], "NAME"))
    )


def _name_cells(text: str, spans: _Cover) -> list[Found]:
    """A table cell of two to six capitalised words, one of them a marked name: the whole cell
    ("| I MADE WIRAWAN |", "| Tan Ah Moi |")."""
    out: list[Found] = []
    for m in _CELL.finditer(text):
        cell = m.group(1)
        parts = cell.split()
        if not 2 <= len(parts) <= 6 or not all(p[0].isupper() for p in parts):
            continue
        if any(
            spans.hit(w.start() + m.start(1), w.end() + m.start(1), "NAME")
            for w in _WORD.finditer(cell)
        ):
            out.append((m.start(1), m.end(1), "NAME"))
    return out


def _streets(text: str, words: list[tuple[int, int, str]], spans: _Cover) -> list[Found]:
    """A street: capitalised words before a street type ("QUAIL HOLLOW CT", "Oak Street"), after
    a street-first word ("Rua das Flores", "ul. Długa", "rue des Tanneurs"), or one word with a
    street ending ("Molenweg", "Lindenlaan"); with the house number before or after it and a
    unit after it ("APT 2B", "Trlr 19")."""
    out: list[Found] = []
    for i, (_s, e, w) in enumerate(words):
        low = w.lower().rstrip(".")
        first, last = -1, -1
        if low in _STREET_TYPES and (w[0].isupper() or text[e : e + 1] == ".") and i:
            j = i
            while (
                j > max(0, i - 4)  # a street name is at most four words
                and words[j - 1][2][0].isupper()
                and _SPACE.fullmatch(text, words[j - 1][1], words[j][0])
            ):
                j -= 1
            if j < i:
                first, last = j, i
        if first < 0 and low in _STREET_FIRST and i + 1 < len(words):
            k = i
            while k + 1 < min(len(words), i + 6) and _SPACE.fullmatch(
                text, words[k][1] + (text[words[k][1]] == "."), words[k + 1][0]
            ):
                nxt = words[k + 1][2]
                if nxt in ("N", "No", "Nr", "Nro", "Núm") or not (
                    nxt[0].isupper() or nxt.lower() in _PARTICLES
                ):  # "Av. Buenos Aires N° 3606": the number mark ends the name
                    break
                k += 1
            numbered = len(low) >= 4 and _HOUSE_NUMBER_NEXT.match(text, words[i][1])
            if k > i or (w[0].isupper() and numbered):  # "Carrera 89", never "Cr 2.3"
                first, last = i, k
        if first < 0 and w[0].isupper() and len(low) > 5 and low.endswith(_STREET_ENDINGS):
            first, last = i, i
        if first < 0:
            continue
        start, end = words[first][0], words[last][1]
        number = _HOUSE_BEFORE.search(text, max(0, start - 24), start)
        if number and number.end() == start:
            start = number.start()
        tail = _HOUSE_AFTER.match(text, end)
        if tail:
            end = tail.end()
        if number or tail or first < last:
            out.append((start, end, "LOCATION"))
    return out
