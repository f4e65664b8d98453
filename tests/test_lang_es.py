"""Spanish language rules and triage vocabulary: stemming, live overdose, crisis.

The regex tests read the rules alone (bot/lang/es.py); the triage tests run the real
Triage on the real facts/es content, so vocabulary and rules are judged together. The
sentences are written for these tests; none is copied from an evaluation set.
"""

from __future__ import annotations

import pytest
import yaml

from bot.config import MatcherConfig
from bot.content import load_library
from bot.core import Core
from bot.lang import LANGUAGES, rules_for
from bot.lang.es import RULES, stem
from bot.model import EMERGENCY_CONCEPTS, OPTIONAL_EMERGENCY
from bot.triage import Triage
from tests.conftest import FACTS, run_cli

ES = FACTS / "es"


@pytest.fixture(scope="module")
def triage() -> Triage:
    return Triage(load_library(ES), MatcherConfig(semantic_weight=0))


# -- stemming -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        ("respira", "respiro", "respirando", "respirar", "respiraba"),
        ("despierta", "despertar", "despertando", "desperto", "despertarlo", "despertarla"),
        ("desmayo", "desmayado", "desmayada", "desmayados", "desmaya"),
        ("morado", "morada", "morados", "moradas"),
        ("muere", "morir", "muriendo", "murio"),
        ("labio", "labios"),
        ("jeringa", "jeringas"),
        ("picar", "pico", "pique", "pica"),
        ("consumir", "consumio", "consumi", "consumiendo"),
    ],
)
def test_forms_of_a_word_meet(words: tuple[str, ...]) -> None:
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("morado", "morir"),
        ("dosis", "dos"),
        ("morada", "mora"),
        ("pasado", "paso"),
        ("drogado", "droga"),
        ("cortarme", "corta"),
        ("matarme", "mata"),
        ("puede", "pod"),
    ],
)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_stemming_is_conservative() -> None:
    assert stem("el") == "el" and stem("ya") == "ya" and stem("112") == "112"
    assert stem("dosis") == "dosis"  # not a plural
    assert stem("veces") == "vez"
    assert stem("respirando") == "respir"  # never shorter than the verb root


def test_spanish_is_registered() -> None:
    assert LANGUAGES["es"] is RULES
    assert rules_for("es").code == "es"
    assert "mirada" in RULES.common_words and "morada" in RULES.common_words


# -- sentence shapes, read alone ------------------------------------------------------
def _live(text: str) -> bool:
    return any(r.search(text) for r in (*RULES.live_rules, *RULES.live_unless_question))


@pytest.mark.parametrize(
    "text",
    [
        "se pico y se cayo",
        "mi novio se metio un pase y luego se quedo tirado",
        "le puse narcan y nada",
        "le dimos naloxona hace rato pero sigue sin despertar",
        "el narcan no hizo efecto",
        "sigue sin despertar",
        "se esta poniendo morado",
        "tiene los labios bien morados",
        "no lo puedo despertar",
        "casi no respira",
        "lo encontre tirado sin respirar",
        "se esta muriendo",
        "la aguja sigue en el brazo",
        "respira muy lento y ronca",
        "le esta dando una sobredosis",
        "volvio a cabecear despues del narcan",
        "mi amigo se cayo y no se mueve",
        "despues de picarse se desplomo",
        "de repente se desplomo",
    ],
)
def test_live_shapes(text: str) -> None:
    assert _live(text), text


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa",
        "se esta muriendo de la risa",
        "se me muere el celular",
        "puso los ojos en blanco cuando le dije",
        "no despierta temprano nunca",
        "respira normal ahora",
        "el cielo se ve gris",
        "me tome demasiado cafe",
        "cuanto dura la heroina en la orina",
        "el perro se cayo de la cama",
        "el vaso se cayo al piso",
        "mi amigo se cayo de la bici",
        "se me va el internet",
    ],
)
def test_not_live_shapes(text: str) -> None:
    assert not _live(text), text


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("se puede morir de una sobredosis", True),
        ("que pasa si alguien deja de respirar", True),
        ("como saber si tiene una sobredosis", True),
        ("oye una pregunta cuanto dura el efecto", True),
        ("por que la gente se pone morada", True),
        ("mi amigo tiene una sobredosis", False),
        ("hay un tipo tirado que no respira", False),
    ],
)
def test_general_question(text: str, question: bool) -> None:
    assert bool(RULES.general_question.match(text)) is question


@pytest.mark.parametrize(
    "text",
    [
        "quiero dormirme y no despertar nunca mas",
        "ojala esta vez no despierte",
        "estoy pensando seriamente en matarme",
        "voy a acabar con todo esta noche",
        "quiero meterme toda la bolsa a proposito",
        "todos estarian mejor sin mi",
        "quisiera simplemente dejar de existir",
    ],
)
def test_crisis_shapes(text: str) -> None:
    assert any(r.search(text) for r in RULES.crisis_rules), text


@pytest.mark.parametrize(
    "text",
    [
        "me voy a morir de risa",
        "quiero morir de la risa con este video",
        "no quiero morir por una sobredosis",
        "a proposito cuanto dura la heroina",
        "tengo miedo de morir",
    ],
)
def test_crisis_look_alike_shapes(text: str) -> None:
    assert not any(r.search(text) for r in RULES.crisis_rules), text


def test_drug_pronouns_and_use_words() -> None:
    assert "esa mierda" in RULES.drug_pronouns
    assert {stem("consumiendo"), stem("malilla"), stem("tolerancia")} <= RULES.use_words
    assert RULES.clause_marks.search("llevo un mes limpio, mi pregunta es cuanto uso")


# -- the real triage on the real Spanish content ---------------------------------------
LIVE = [
    "mi amigo no respira",
    "se pico y se cayo",
    "le puse narcan y nada",
    "sigue sin despertar",
    "se esta poniendo morado",
    "tiene los labios morados que hago",
    "mi compa se metio un pase y se fue al piso",
    "lo encontre tirado en el baño y no reacciona",
    "no lo puedo despertar!!!",
    "creo que mi hermano tiene una sobredosis ahora mismo",
    "le dimos naloxona. sigue igual",
    "me meti demasiado y no siento las piernas",
    "sí, no respira",
    "no se que es lo que tomo pero no respira",
    "no se si llamo al 911, no respira",
    "tengo miedo de que me arresten pero mi amigo no respira",
    "wey mi carnal se chuto y quedo tirado en el piso no se que hacer",
    "oigan mi amigo se jalo una raya de fenta y cayo redondo",
    "le puse el nyxoid hace 3 min y volvio a dormirse",
    "ayudenme porfa mi pana se paso de dosis",
    "porfa rapido mi amiga se metio chiva y esta toda morada de la boca",
    "ya le di 2 dosis de naloxona y sigue sin reaccionar",
    "ayuda",
    "socorro",
    "911",
    "mi compa se pico y esta azul en el carro",
    "se metio algo y ahora para de respirar a ratos",
    "le pusimos naloxona, desperto y se volvio a quedar dormido, respira lentisimo",
    "me meti chiva y siento que se me va el cuerpo, no puedo mover las piernas",
    "mi hermana se metio algo, tiene la piel fria y casi no se le mueve el pecho",
    "el bebe agarro la bolsa de chiva de su papa y ahora ni se mueve",
    "mi primo se ha quedao azul despues del pico",
    "despues del chino hace un ruido como de gargaras y no responde",
    "me meti un pico y el corazon me va lentisimo, no puedo tener los ojos abiertos",
    # "murio" (past) stems like "me muero": only whole past phrases count as past
    "me muero, me meti mucho y no siento las piernas",
    "hace un ano casi se nos va; hoy lo encontre igual que esa vez, no responde, unas moradas",
    # one-word past and general words stem like live words: "estados" like "ha estado"
    # (only whole phrases of it count), "revivio" like "no revive" (read as one phrase)
    "ha estado tirado en el piso una hora y no despierta",
    "le puse narcan y no revive, sigue morado",
    "a mi tio se le paro la respiracion en el sillon",
    "ta morado mi hermano ayudaaa",
    "me meti mas de la cuenta y me estoy apagando",
    "le pusimos la segunda naloxona y tampoco funciono",
    "ya viene la ambulancia, que hago mientras, el pecho no se le mueve",
    # a fear of the police is asked beside the scene, not instead of it
    "se inyecto y se fue pa atras, no respira bien, llamo o me arrestan?",
    "le estoy haciendo rcp, le pongo otra naloxona?",
    "le pusimos naloxona, abrio los ojos y se vuelve a ir",
    # primero la historia, luego la escena: el pasado no llega a "esta ... no respira"
    "mi papa murio el ano pasado no puedo perder a mi hermano esta en el piso y no respira",
    "no respira, le hago rcp como en las peliculas o le pongo naloxona? apurate",
    "le estoy dando respiracion boca a boca y no tiene pulso",
]


@pytest.mark.parametrize("text", LIVE)
def test_live_overdoses_get_the_card(triage: Triage, text: str) -> None:
    d = triage.decide(text)
    assert d.outcome == "emergency", d


NOT_LIVE = [
    "me muero de risa jaja",
    "la sopa esta fria",
    "que pasa si alguien deja de respirar por heroina",
    "como saber si alguien tiene una sobredosis",
    "hace un año mi hermano tuvo una sobredosis y sobrevivio",
    "se puede morir de sobredosis de heroina",
    "a proposito, cuanto dura la heroina en la orina",
    "mi hijo se quedo dormido en el sofa",
    "mi amigo se paso por aqui ahorita",
    "el perro se cayo de la cama",
    "hago gargaras con agua con sal",
    "pq la gente se pone morada en una sobredosis?",
    "que son las pupilas de alfiler",
    "me pueden arrestar si llamo al 911 por una sobredosis",
    "tengo la voz ronca y sudor frio por la malilla",
    "las convulsiones y el desmayo son sintomas de que",
    "mi pareja ronca mucho por las noches, es por la heroina?",
    # once trigger phrases of the overdose card, narrowed because they fired alone
    "la bolsa de valores se desplomo",
    "el cielo se puso gris",
    "el cielo esta gris",
    "mi novio no responde mis mensajes",
    "cuanto dura la naloxona? puede volver a caer la persona despues?",
    "que es eso de los labios morados en una sobredosis, lo vi en una serie",
    "me estoy muriendo 😂 mi perro se comio un calcetin",
    "tengo un mono de chocolate que no es normal",
    "se me murio la bateria del celular, despues te escribo",
    "el cielo esta azul hoy",
    "que es el ronquido que hace la gente en una sobredosis",
    # "ahora" inside a question about the risk is asked, not reported
    "es verdad que despues de la carcel ahora uno se pasa mas facil?",
    "no es una emergencia, solo quiero saber si los labios morados son sobredosis",
    "labios morados y ronquidos raros son senales de sobredosis? es para un afiche",
    "que le pasa a alguien cuando tiene una sobredosis",
    "ahora que sali de la carcel tengo muchas ganas, es normal?",
    "la naloxona sirve en cualquier sobredosis o hay casos en que falla",
]


@pytest.mark.parametrize("text", NOT_LIVE)
def test_questions_and_look_alikes_do_not_get_the_card(triage: Triage, text: str) -> None:
    d = triage.decide(text)
    assert d.outcome not in {"emergency", "crisis"}, d


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # the methadone programme names methadone (it once read as "treatment" alone)
        ("que papeles piden para entrar al programa de metadona", "treatment"),
        ("sirve internarse en una granja de rehabilitacion o mejor medicacion", "treatment"),
        ("cada vez necesito mas pa sentir lo mismo, es normal", "addiction-first-use"),
        ("llevo 3 dias dopesick, cuanto dura esto", "addiction-first-use"),
    ],
)
def test_spanish_concepts_are_answered(core: Core, text: str, fact: str) -> None:
    d = core.decide(text)[1]
    assert (d.outcome, d.fact) == ("answer", f"heroin/{fact}"), d


def test_a_hypothetical_overdose_gets_the_fact_with_the_card_button(triage: Triage) -> None:
    d = triage.decide("si mi amigo tiene una sobredosis, que hago")
    assert d.outcome == "answer" and d.offer_card, d


CRISIS = [
    "quiero dormirme y no despertar",
    "voy a acabar con todo esta noche",
    "quiero meterme todo a proposito",
    "ya no quiero vivir",
    "me quiero morir",
    "pienso en suicidarme",
    "mi papa dice que ya no le importa vivir",
    "la paciente me cuenta que tiene pensamientos de hacerse dano",
    "mi hermano murio el mes pasado y me quiero ir con el",
    "mi prima escribio en su estado que hoy es su ultima noche",
    "mi vecino tiene cortes en los brazos y me dijo que se los hace el",
    "estoy harto, mejor me muero y se acaba todo",
    "tengo guardada una dosis bien grande para cuando ya no aguante",
    "mi tio dice que se va a colgar si lo internan",
    "mi mama taria mejor sin mi",
    "esta es la ultima vez que escribo, gracias por todo",
    "mi primo puso en su estado que hoy era su ultimo dia",
    "ya no voy a escribir mas, diganle a mi mama que la quiero",
    "cuanto caballo hace falta para dormirme y no despertar",
    "ya tengo guardado para acabar con esto de una vez",
    "ojala la proxima dosis sea la ultima",
    "mi vecina puso un adios en su muro y no contesta el telefono",
    "esta noche me meto todo lo que me queda y se acaba todo",
    "dice que ojala la proxima dosis lo mate",
    "mi prima me mando un mensaje de despedida y no contesta",
    "tengo guardado suficiente para no volver nunca",
    "pienso tomarme todas mis medicinas juntas esta noche",
    "dice que ojala no la hubieran revivido",
    "me voy a poner todo de una a ver si ya no vuelvo",
    "si me muero hoy mejor para todos",
    "cuanto tengo que meterme para ya no despertar",
    "mi vecina dice que se quiere cortar",
    "me escribio cuida a mis hijos por mi y ya no contesta",
    "me lastimo a proposito pero no quiero morir",
    "la muerte me vendria bien, no es broma",
    "sigo con el plan aunque digan que estoy bien",
    "me doy cabezazos cuando tengo malilla",
    "no quiero morirme pero tampoco quiero seguir viviendo",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_gets_the_crisis_card(triage: Triage, text: str) -> None:
    assert triage.decide(text).outcome == "crisis"


NOT_CRISIS = [
    "no me quiero morir, como evito una sobredosis",
    "me muero de ganas de dejarlo",
    "tengo miedo de morir por fentanilo",
    "me corte el pelo y quiero saber si la heroina afecta el pelo",
    "no quiero seguir consumiendo, como lo dejo",
    "mi jefe me odia",
    "llevo años metiendome chiva y ya no puedo mas, la malilla me mata",
    "me quiero morir de la verguenza jaja",
    "me corta el pelo mi mama",
    "esta dormido despues de picarse, no quiero despertarlo, es peligroso?",
    "queria saber si las pastillas para dormir se pueden mezclar con la chiva",
    "pienso tomar mis pastillas despues del caballo, es peligroso?",
    "bueno me despido, gracias por todo",
    "ya no vuelvo a consumir, lo prometo",
    "me fui a rehab para no volver a consumir",
    "me pongo de noche, me duermo y no despierto hasta las doce, es normal?",
    "me muero de verguenza, le mande un audio a mi jefe",
]


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_crisis_look_alikes(triage: Triage, text: str) -> None:
    assert triage.decide(text).outcome != "crisis"


def test_a_lexicon_alias_is_never_corrected_into_another_word(triage: Triage) -> None:
    """The stemmer cuts "fenta" to "fent"; the typo fixer once took it for "lenta"."""
    norm = triage.normaliser.normalise("ojala no venga con fenta esta vez")
    assert "fentanyl" in norm.substances and not norm.corrections


def test_a_plan_with_pills_is_still_a_crisis(triage: Triage) -> None:
    assert triage.decide("voy a tomarme todas las pastillas que tengo esta noche").outcome == (
        "crisis"
    )


def test_not_answering_the_phone_far_away_is_not_a_sign(triage: Triage) -> None:
    """`emergency.everyday` holds "no contesta el telefono": the sign inside is not read."""
    text = "mi hermano se despidio de todos en un audio y ahora no contesta el telefono"
    assert triage.emergency.detect(text) is None or not triage.emergency.detect(text).live  # type: ignore[union-attr]
    assert triage.decide(text).outcome == "crisis"
    assert triage.decide("mi hermano no contesta y esta tirado en el piso").outcome == "emergency"


def test_a_real_spanish_word_is_not_corrected_into_another(triage: Triage) -> None:
    """The sentence model's vocabulary (es_words.txt) holds "entro": it is not "centro"."""
    norm = triage.normaliser.normalise("como entro a un programa de metadona")
    assert "centro" not in norm.words and not norm.corrections
    # a typo of a content word is still fixed
    assert triage.normaliser.normalise("tiene los labios moradoz").corrections


def test_common_words_reach_phrasings_when_the_rare_one_is_a_stray(triage: Triage) -> None:
    """ "trata" is rare in the pack and found only in a phrasing about prisons; the words
    of treatment phrasings ("adiccion", "heroina") must still be scored."""
    decision = triage.decide("como se trata la adiccion a la heroina")
    treatment = [c for c in decision.candidates if c.fact == "heroin/treatment"]
    assert treatment and treatment[0].lexical > 0, decision.candidates


def test_the_sentence_model_reads_the_words_as_understood(triage: Triage) -> None:
    """Chat spellings written out and typos fixed; names stay as typed."""
    plain = triage.normaliser.plain("q es eso de la chiva, mi hijo tiene los labios moradoz?")
    assert plain.startswith("que es eso de la chiva mi hijo tiene los labios ")
    assert plain.split()[-1] in ("morado", "morados")


def test_no_phone_signal_is_not_talk_in_general(triage: Triage) -> None:
    """ "senal" is general talk ("senales de sobredosis") unless it is the phone's."""
    text = "mi tio esta tirado en el patio y no despierta, casi no hay senal aqui, que hago"
    assert triage.decide(text).outcome == "emergency"


def test_revived_and_fine_now_is_a_question(triage: Triage) -> None:
    text = "el sabado se puso azul, le dimos narcan, revivio y ahora esta bien. puede volver?"
    assert triage.decide(text).outcome != "emergency"


# -- the content file -----------------------------------------------------------------
def test_triage_file_has_every_concept_and_no_accents() -> None:
    data = yaml.safe_load((ES / "triage.yaml").read_text("utf-8"))
    assert data["kind"] == "triage" and data["language"] == "es"
    assert set(data["emergency"]) - set(OPTIONAL_EMERGENCY) == set(EMERGENCY_CONCEPTS)
    phrases = [p for v in data["emergency"].values() for p in v]
    phrases += data["crisis"]["phrases"] + data["crisis"]["not"]
    bad = [p for p in phrases if not str(p).isascii() or not str(p).replace(" ", "").isalnum()]
    assert not bad
    assert all(str(p) == str(p).lower() for p in phrases)


def test_crisis_card_has_no_triggers_field() -> None:
    data = yaml.safe_load((ES / "crisis.yaml").read_text("utf-8"))
    assert "triggers" not in data and data["paragraphs"]


def test_check_accepts_the_spanish_folder() -> None:
    result = run_cli("check", str(ES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("mi caballo cojea de una pata trasera", False),  # a horse
        ("la chiva sale de la terminal a las seis", False),  # a bus
        ("cuanto tiempo dura la chiva en la orina", True),
        ("que es el caballo", True),
    ],
)
def test_a_street_name_beside_its_everyday_sense_is_the_everyday_word(
    triage: Triage, text: str, drug: bool
) -> None:
    assert ("heroin" in triage.normaliser.normalise(text).substances) is drug, text
