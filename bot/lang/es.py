"""Spanish: stemming, common words, and the sentence shapes of a live overdose.

The regular expressions below read the cleaned text (lowercase, accents and apostrophes
removed, chat spellings of facts/es/lexicon.yaml applied: "q" -> "que", "toy" ->
"estoy"). Without accents "si" is both "if" and "yes", and "murio" both "died" and
"dies": the shapes avoid leaning on either. They complement the concept vocabulary in
facts/es/triage.yaml with word order the vocabulary cannot express ("se pico y se cayo",
"le puse narcan y nada", "se esta poniendo morado").
"""

from __future__ import annotations

import re
from importlib import resources

from bot.lang import LanguageRules

_VOWELS = frozenset("aeiou")
# Object pronouns only: reflexive ones stay, so "cortarme" (self-harm) never meets
# "corta", nor "matarme" "mata".
_ENCLITICS = ("los", "las", "les", "lo", "la", "le")
# Longest first; (ending, letters that must remain): participles keep five so that
# "morado" (purple) never meets "morir" (die), nor "drogado" (high) "droga" (drug).
_ENDINGS = (
    ("ieron", 3),
    ("aron", 3),
    ("iendo", 3),
    ("yendo", 3),
    ("ando", 3),
    ("aba", 4),
    ("ado", 5),
    ("ada", 5),
    ("ido", 5),
    ("ida", 5),
    ("io", 3),
    ("ia", 4),
    ("an", 4),
    ("en", 4),
    ("ar", 3),
    ("er", 3),
    ("ir", 3),
    ("a", 3),
    ("e", 3),
    ("o", 3),
    ("i", 3),
)
# Stem-changing verbs the triage words need to meet: despierta / despertar,
# duerme / dormir, muere / morir, mueve / mover, quiere / querer ("puede" stays apart
# from "pod", a vape).
_KEEP = frozenset({"casa", "casas", "caso", "casos"})  # "en casa de" is not "en caso de"
_IRREGULAR = {
    "despiert": "despert",
    "duerm": "dorm",
    "muer": "mor",
    "mur": "mor",
    "muev": "mov",
    "quier": "quer",
    "sient": "sent",
    "piqu": "pic",
}


_PRONOUNS = ("nos", "los", "las", "les", "se", "me", "te", "lo", "la", "le")
_VERB_FORMS = ("ar", "er", "ir", "ando", "iendo", "yendo")


def word_bases(word: str) -> tuple[str, ...]:
    """An infinitive or gerund under one or two object pronouns ("despertarse",
    "metermela", "levantandolo") is built on the bare verb: typo fixing leaves it be when
    that verb is a known word."""
    bases = []
    for _ in range(2):
        pronoun = next((p for p in _PRONOUNS if word.endswith(p)), "")
        if not pronoun:
            break
        word = word[: -len(pronoun)]
        if len(word) >= 4 and word.endswith(_VERB_FORMS):
            bases.append(word)
    return tuple(bases)


def stem(word: str) -> str:
    """A deliberately light stemmer: plurals, object pronouns and the commonest verb
    endings, so "respira", "respiro", "respirando" and "respirar" meet. Deterministic,
    no dictionary: over-stemming only ever merges two words consistently everywhere."""
    if len(word) <= 3 or word.isdigit() or word in _KEEP:
        return word
    for pronoun in _ENCLITICS:  # despertarlo -> despertar, levantandola -> levantando
        base = word[: -len(pronoun)]
        if word.endswith(pronoun) and len(base) >= 4 and base.endswith(("ar", "er", "ir", "ndo")):
            word = base
            break
    if word.endswith("ces") and len(word) >= 5:
        word = word[:-3] + "z"  # veces -> vez
    elif word.endswith("es") and len(word) >= 5 and word[-3] not in _VOWELS:
        word = word[:-2]  # dolores -> dolor, pulmones -> pulmon
    elif word.endswith("s") and word[-2] in _VOWELS and not word.endswith("is"):
        word = word[:-1]  # labios -> labio, jeringas -> jeringa (dosis stays)
    for ending, keep in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= keep:
            word = word[: -len(ending)]
            break
    return _IRREGULAR.get(word, word)


# Ordinary Spanish words that typo fixing must never turn into triage or lexicon words
# ("mirada" is not "morada", "pulga" is not "pulso"). A small list written for this
# project, with the sentence model's vocabulary (es_words.txt) added below: the Spanish
# spelling lists at hand are GPL (Debian wspanish) or share-alike, and none may ship
# here. Words of the content are never corrected anyway.
_COMMON = """
    mirada mirado miradas mire mira miro ronda rondas roncha rocas roca tirano tirana
    tirar tiro tiros morada moradas morador mora moras moro morir morira mordio
    calla callo callado callada callar cayado pulga pulgas pulpo pulso pulsa
    nado nada nadar nadie seguir sique sigo sigue siga muera mueran muero muere
    despacio espacio espacios respeto respete respiro inspira inspiro aspira
    pico picar picante pica picas poco pocos poca pocas loco loca locos locas
    casa caso cosa cosas cada cara caro caras coma come como comer comida
    mano manos mono monos mona mando manda mande madre padre madres padres
    vida vidas vino vinos vine vena venas venta ventas vista visto vive vivo viva
    dia dias dice dicen digo decir hace hacer hizo hecho hago haga
    tiempo tiempos todo toda todos todas tomar tomo tome toma tomas
    mismo misma mismos mismas mucho mucha muchos muchas menos mejor peor
    nunca siempre antes despues luego ahora hoy ayer manana noche tarde
    puede pueden puedo poder podria quiero quiere querer quieres
    estar esta estoy estas estamos estan estaba estuvo
    tener tengo tiene tienes tienen tenia tuvo
    saber sabe sabes sabia conocer conozco creo cree creer pienso piensa
    hablar habla hablo llamar llama llamo llamada llegar llega llego
    bueno buena buenos buenas malo mala malos malas grande grandes pequeno pequena
    nuevo nueva viejo vieja joven jovenes gente persona personas hombre mujer
    amigo amiga amigos amigas hijo hija hijos hijas hermano hermana novio novia
    trabajo trabajar escuela casa calle carro coche perro gato agua cafe comida
    dinero precio parte partes lugar forma manera veces vez primera primero
    mates mate examen examenes clase clases tarea tareas
    tonto tonta tontos tontas tanto tanta tantos tantas quede quedes queden quedo quedan
    moqueando moqueo mocos bostezando bostezo sudando sudor escalofrios
"""


def _common_words() -> frozenset[str]:
    """The list above and the whole words of the Spanish sentence model's vocabulary
    (see es_words.LICENSE, scripts/make_wordlist_es.py): "entro" is never "centro"."""
    text = resources.files("bot.lang").joinpath("es_words.txt").read_text("utf-8")
    return frozenset(_COMMON.split()) | frozenset(text.split())


COMMON_WORDS = _common_words()

NEGATION = r"(?:no|ya no|casi no|apenas|dejo de|deja de|sin|ni)"
PERSON = (
    r"(?:alguien|amig[oa]s?|novi[oa]|pareja|espos[oa]|marido|mujer|"
    r"herman[oa]|hij[oa]|mama|madre|papa|padre|prim[oa]|ti[oa]|compa|compadre|colega|pana|"
    r"carnal|parce|vecin[oa]|companer[oa]|roomie|socio|bro|cuate|chav[oa]|chic[oa]|tip[oa]|"
    r"pibe|piba|wey|guey|persona|chaval|chavala|muchach[oa]|hombre|cliente|paciente)"
)
USE = (
    r"(?:se pico|se pincho|se inyecto|se metio|se chuto|se fumo|se jalo|se dio|se tomo|"
    r"esnifo|jalo|consumio|me pique|me pinche|me meti|me inyecte|me chute|me fume|consumi|"
    r"se lo metio|se la metio|le metio)"
)
FALL = (
    r"(?:se (?:cayo|cayeron|desplomo|desplomaron|desvanecio|fue al (?:piso|suelo)|"
    r"quedo tirad[oa])|cayo (?:redondo|seco|al (?:piso|suelo)))"
)
TAKING = r"(?:picarse|meterse|inyectarse|chutarse|fumar|consumir|usar|esnifar|jalar|pincharse)"
NALOXONE = r"(?:narcan|narkan|narcam|naloxona|naloxone|naloxon|nyxoid|kloxxado)"
# me muero de risa, por verte, jajaja (a laughing emoji is read as "lol")
_NOT_DYING = r"(?! (?:de|por|el|la|las|los|mi|mis|tu|su|sus|lol|xd|jaja\w*|jeje\w*)\b)"

_ALWAYS = (
    rf"\b{NEGATION}(?: \w+){{0,2}} (?:respira|respiran|respirando|respirar|respiro)\b"
    r"(?! (?:bien|normal|normalmente|tranquil[oa])\b)",
    r"\b(?:no|ni|sin) (?:(?:lo|la|le|se|puedo|logro|consigo|podemos|logramos) ){0,2}"
    r"(?:despierta|despertar|despertarlo|despertarla|despertarle|despiertan|reacciona|"
    r"reaccionar|reacciono)\b(?! (?:temprano|antes|a tiempo|para)\b)",
    r"\bno (?:lo|la|le|los|las) (?:despierto|despertamos|hago reaccionar)\b",
    r"\bsigue(?:n)? sin (?:despertar|respirar|reaccionar|responder|moverse|abrir los ojos)\b",
    r"\b(?:labios|boca|cara|piel|dedos|unas|punta de los dedos)(?: \w+){0,2} "
    r"(?:morad[oa]s?|azul|azules|gris|grises|negr[oa]s?)\b",
    # (not the sky, the day or the hair turning grey)
    r"(?<!cielo )(?<!dia )(?<!tiempo )(?<!pelo )(?<!cabello )(?<!agua )"
    r"\bse (?:le |me |nos )?(?:puso|pusieron|esta poniendo|estan poniendo|pone|ponen|"
    r"volvio|quedo) (?:\w+ )?(?:morad[oa]s?|azul|azules|gris|grises|grisace[oa])\b",
    r"\bponiendose (?:\w+ )?(?:morad[oa]|azul)\b",
    # alguien azul o morado, no de ropa ni de frio ("amigo azul. naloxona??")
    rf"\b{PERSON} (?:esta |se ve |se puso |ya esta )?(?:azul|morad[oa]|gris)\b"
    r"(?! (?:de|del|la|el|los|las|con|camisa|playera|remera|chamarra|chaqueta|pelo|ojos|auto|"
    r"carro|coche|equipo|pastilla|pastillas)\b)",
    r"\b(?:esta|estan|se ve|se le ve) (?:tod[oa] |muy |bien |medio |como )?morad[oa]s?\b"
    r"(?! (?:de (?:frio|golpes|los golpes)|el golpe|la rodilla)\b)",
    rf"\b{USE}(?: \w+){{0,4}} (?:y|e|luego|despues|y luego|y despues) (?:\w+ ){{0,2}}"
    r"(?:se cayo|cayo|se desplomo|se desmayo|se fue al|se quedo|quedo tirad|quedo inconsciente|"
    r"dejo de|se puso|perdio|no despierta|no reacciona|no respira|se apago|"
    r"esta (?:azul|morad[oa]|gris|palid[oa]))",  # "se inyecto y esta azul en la cabina"
    rf"\b(?:{FALL}|se desmayo) (?:\w+ ){{0,3}}(?:justo |recien |nada mas )?(?:despues de|al) "
    rf"{TAKING}\b",
    rf"\b(?:despues de|al|nada mas|justo despues de) {TAKING}(?: \w+){{0,3}} (?:{FALL}|se desmayo)",
    # someone (not a thing: "el vaso se cayo") fell, and not off or down something
    rf"\b(?:{PERSON}(?: \w+){{0,3}}|el|ella|ellos|ellas|de repente) {FALL}\b"
    r"(?! (?:de|del|por|en|a|al agua|las escaleras|la escalera|encima|sobre)\b)",
    r"\bse (?:me|nos) (?:va|esta yendo|esta apagando)$",
    r"\b(?:lo|la|le|los|las) (?:encontre|encontramos|encontraron|hallamos|halle|vi) "
    r"(?:\w+ ){0,2}(?:tirad[oa]s?|en el suelo|inconsciente|desmayad[oa]|morad[oa]|azul|"
    r"sin respirar|sin pulso)\b",
    rf"\b{NALOXONE}\b(?: \w+){{0,3}} (?:no (?:funciono|funciona|hizo efecto|hace efecto|"
    r"hizo nada|sirvio|sirve|reacciona|despierta)|y nada|sin efecto|y sigue (?:igual|sin|"
    r"dormid|morad|inconsciente|sin respirar))",
    rf"\b(?:le puse|le pusimos|le pusieron|le di|le dimos|le eche|le echamos|use|usamos|"
    rf"ya le puse|le inyecte)(?: \w+){{0,2}} {NALOXONE}\b.*"
    r"\b(?:nada|sigue|otra vez|de nuevo|no reacciona|no despierta|no respira|volvio|"
    r"volviendo a|se vuelve a|apagando|apagar)\b",
    rf"\b(?:se esta|me estoy|se estan|nos estamos) muriendo\b{_NOT_DYING}",
    r"\b(?:se me|se nos) (?:esta |estan )?(?:muere|mueren|muriendo)\b"
    r"(?! (?:de|el celular|el telefono|el movil|la bateria|la planta|las plantas|el perro|"
    r"el gato|la conversacion|el chat)\b)",
    rf"\b{USE}(?: \w+){{0,2}} (?:demasiado|de mas)\b(?! (?:cafe|alcohol|agua|dulce|azucar)\b)",
    r"\b(?<!puso )(?<!pone )(?<!pongo )(?<!puse )(?<!puso los )(?<!pone los )"
    r"(?<!pongo los )(?<!puse los )(?:los )?ojos (?:en blanco|volteados|"
    r"para atras|para arriba)\b",
    r"\b(?:aguja|jeringa|jeringuilla) (?:todavia |aun |sigue )?(?:en|clavada en|puesta en) "
    r"(?:el|su|la) (?:brazo|mano|pierna|cuello|pie|vena)\b",
    r"\b(?:respira|respirando|respiracion)(?: \w+){0,2} (?:lento|lenta|despacio|raro|rara|"
    r"muy poco|entrecortad[oa]|con dificultad|como ronquido|ronca)\b",
    r"\b(?:ronca|roncando|ronquido|ronquidos) (?:\w+ )?(?:raro|rara|raros|extrano|"
    r"como ahogandose|y no despierta)\b",
    # on the floor, there now ("fui a ver y esta en el piso"; not "bolsitas en el piso", nor
    # "dormir en el suelo")
    r"\b(?:esta|estan|sigue|siguen|se quedo|quedo|se esta quedando|se quedo tirad[oa]|cayo) "
    r"(?:\w+ )?en el (?:suelo|piso)\b",
    rf"\b(?:{PERSON}|el|ella)(?: \w+){{0,3}} no (?:se puede levantar|se levanta del suelo|"
    r"puede mantenerse despiert[oa]|abre los ojos)\b",
)
# Thinking of dying through using: the crisis card, not the overdose card or a fact
# ("quiero dormirme y no despertar", "voy a acabar con todo", "meterme todo a proposito").
_LAUGHING = r"(?! de (?:risa|la risa|ganas|hambre|sueno|frio|calor|sed|amor|verguenza|miedo))"
_CRISIS = (
    r"(?<!no )\b(?:quiero|quisiera|queria|quiere|querer|ojala|deseo|prefiero|tengo ganas de|"
    r"me dan ganas de|solo quiero|ya quiero)\b(?: \w+){0,6} "
    rf"(?:(?<!no )morir|(?<!no )morirme|(?<!no )morirse|estar muert[oa]|no despertar|"
    rf"no despertarme|no volver a despertar|nunca despertar|desaparecer para siempre|"
    rf"dejar de existir|que todo (?:se )?acabe|que se acabe todo|dormir para siempre)"
    rf"{_LAUGHING}\b",
    r"\b(?:quiero|quisiera|pienso|pensando|pensado|voy a|me voy a|planeo|"
    r"estoy por|tengo ganas de|he pensado|tengo pensado)\b(?: \w+){0,6} "
    r"(?:matarme|suicidarme|quitarme la vida|acabar con todo|acabar con mi vida|"
    r"terminar con todo|terminar con mi vida|irme para siempre|no despertar)\b",
    # someone else's wish or threat ("quiere darse una sobredosis para dejar de sufrir",
    # "dice que si le quitan a los ninos se mata")
    r"\b(?:quiere|quiero|queria|piensa|dice que|dijo que|amenaza con)\b(?: \w+){0,2} "
    r"(?:darse|darme|meterse|meterme) una sobredosis\b",
    r"\b(?:dice|dijo|amenaza|amenazo) (?:que )?(?:\w+ ){0,6}(?:se mata|se va a matar|"
    r"se quiere matar|matarse|se suicida|suicidarse)\b",
    r"\bojala (?:\w+ ){0,4}no (?:despierte|despertar|me despierte|vuelva a despertar|respire|"
    r"vuelva a respirar|se despierte|se despertara|se despertase|despertara|despertase|"
    r"me despertara|me despertase|volviera a despertar|volviese a despertar)\b",
    # a means, then whether it would be quick ("si me meto toda la bolsa de una seria rapido")
    r"\b(?:toda la|todo el|todas las|todos los|de una vez|de una|todo lo que tengo|"
    r"todo lo que me queda)\b(?: \w+){0,6} "
    r"(?:seria (?:rapido|rapida|sin dolor|tranquilo|tranquila|en paz)|duele|dolera|doleria)\b",
    r"\b(?:sobredosis|pasarme|me pase|meterme|tomarme|inyectarme|picarme|todo|toda|todas|mucho|"
    r"usar|consumir|meterse|picarse|me meto|me pico|me paso|de mas)\b(?: \w+){0,4} a proposito\b",
    r"\ba proposito (?:\w+ ){0,3}(?:una sobredosis|pasarme|no despertar|matarme)\b",
    r"\b(?:estarian|estaria|estarias|estan|estarias) (?:todos )?mejor sin mi\b",
    r"\b(?:este|esta|el|la) (?:sera|va a ser) (?:mi|el|la) (?:ultimo|ultima) "
    r"(?:pico|chute|dosis|vez|pase|raya|bolsa)\b(?: \w+){0,2} (?:de mi vida|para siempre)\b",
    # a wish that the next dose be the last, or kill ("ojala el proximo pico sea el ultimo",
    # "dice que ojala la proxima dosis lo mate")
    r"\b(?:proximo|proxima|siguiente|este|esta) (?:pico|chute|dosis|pase|raya|bolsa|toque|"
    r"jalon|pinchazo)\b(?: \w+){0,2} "
    r"(?:(?:sea|seria|fuera|va a ser) (?:el|la|mi) (?:ultimo|ultima)|"
    r"(?:me|lo|la|nos|los|las) (?:mate|matara|lleve|llevara))\b",
    # hoping not to come back from a dose ("a ver si asi ya no vuelvo"; "ya no vuelvo a
    # consumir" is a promise), or asking how much it takes ("cuanta pa ya no despertar")
    r"\b(?:a ver si|ojala) (?:asi )?(?:ya )?no (?:vuelvo|regreso|despierto)\b"
    r"(?! a\b| con\b| malo| mala| enferm| crudo| cruda)",
    r"\b(?:cuanto|cuanta|cuantos|cuantas|dosis|cantidad)\b(?: \w+){0,5} (?:pa|para) (?:ya )?no "
    r"(?:despertar|despertarme|despertarse|volver)\b",
    # "si me paso esta noche, mejor para todos": one's death as a relief to others
    r"\bsi (?:me paso|me muero|no despierto|me voy|ya no estoy)\b(?: \w+){0,4} "
    r"(?:mejor para todos|mejor pa todos|todos mas tranquilos)\b",
    # sleeping and not opening one's eyes again, wished for
    r"\b(?:me duermo|dormirme|dormir|quedarme dormid[oa]|quedarse dormid[oa])(?: \w+){0,4} y "
    r"(?:ya )?no (?:despierto|me despierto|abro los ojos|"
    r"vuelvo a abrir los ojos|despertar)\b(?! hasta| a las| en| con| temprano| tarde)",
    # que la proxima se lo lleve, o dejar que una sobredosis lo haga ("que la proxima me
    # lleve", "dejar que una sobredosis me lleve"); ojala la bolsa venga mala
    r"\bque (?:la|el) (?:proxima|proximo|siguiente)(?: (?:sobredosis|dosis|pico|chute|vez))? "
    r"(?:me|lo|la) (?:lleve|mate)\b",
    r"\b(?:dejar|dejo|deje) que (?:la |una |el )?(?:\w+ )?(?:sobredosis|dosis|droga|chiva|"
    r"heroina|proxima) (?:me|lo|la) (?:lleve|mate)\b",
    r"\bojala\b(?: \w+){0,3} (?:la|esta|el|este|mi) (?:bolsa|dosis|chiva|pico|merca|droga|"
    r"tanda|papela) (?:venga|este|sea|salga|viniera|estuviera) "
    r"(?:mala|malo|adulterada|cortada|con fentanilo|muy fuerte)\b",
    # una despedida que encarga un animal o un hijo ("chau, cuida a mi perro"; no "cuida
    # a mi perro mientras estoy en el centro")
    r"\b(?:chau|chao|adios|bye)\b(?: \w+){0,4} (?:cuida|cuidame|cuiden|cuidenme|cuidas) "
    r"(?:a |al )?(?:mi |mis |el |la )?(?:perro|perra|gato|gata|perrito|gatito|hijo|hija|hijos|"
    r"ninos|nenes)\b(?! (?:mientras|cuando|hasta|el finde|este finde|manana)\b)",
    # hacer lo mismo que alguien que se quito la vida ("mi primo se ahorco y pienso en hacer
    # lo mismo")
    r"\b(?:se ahorco|se mato|se suicido|se colgo|se quito la vida|se pego un tiro)\b.*"
    r"\bhacer lo mismo\b",
    # ir al rio (al puente, a las vias) y no volver
    r"\b(?:va|voy|se va|me voy|ir|irme|irse|vaya|me vaya) (?:al|a la|a las|hasta el|hasta la) "
    r"(?:rio|canal|puente|vias|mar|presa|barranco)\b(?: \w+){0,3} (?:y )?no "
    r"(?:vuelve|volver|vuelvo|vuelva|regresa|regresar|regreso|regrese)\b",
    # mirar un arma una y otra vez ("traigo la pistola en la troca y la miro y la miro")
    r"\b(?:pistola|arma|escopeta|rifle|revolver|cuete)\b(?: \w+){0,12} "
    r"(?:la miro|lo miro|mirandola|mirandolo|me la pongo|la agarro y)\b",
    # irse con alguien que murio ("ya se va a ir con mi mama que en paz descanse")
    r"\b(?:ir|irse|irme|estar) con (?:mi |su |la |el )?\w+(?: \w+){0,3} "
    r"(?:que en paz descanse|qepd|que murio|que se murio|que fallecio|que ya no esta)\b",
    # meterse todo y no volver ("la proxima me meto todo y ya no vuelvo")
    r"\bme (?:lo |la |los |las )?(?:meto|pico|chuto|tomo|inyecto) (?:todo|toda|todas|todos|to)\b"
    r"(?: \w+){0,3} (?:(?:y|pa|para) (?:ya )?no (?:vuelvo|despierto|regreso|volver|despertar)|"
    r"y listo|y se acabo|y ya esta)\b",
    r"\bme (?:meto|pico|chuto|tomo|inyecto)\b(?: \w+){0,5} (?:pa|para) (?:ya )?no "
    r"(?:volver|despertar|despertarme|regresar)\b",
    # quedarse en la proxima, y mejor asi; todos mejor si lo encuentran muerto
    r"\bsi me quedo (?:en|de) (?:la|una) (?:\w+ )?(?:sobredosis|dosis|proxima)\b(?: \w+){0,3} "
    r"(?:mejor|ojala|da igual|me da igual)\b",
    r"\b(?:estarian|estaria|estarias) (?:todos )?mejor si\b(?: \w+){0,5} "
    r"(?:muerto|muerta|me muero|se muere|no estoy|ya no estoy)\b",
    # pensar como hacerlo sin que duela; la altura de un puente ("ya busque que tan alto es
    # el puente"); si pasa algo, da igual ("si me pasa algo esta noche ya da igual")
    r"\bcomo hacerlo (?:pa|para) (?:q|que) no (?:duela|me duela|sufra)\b",
    r"\b(?:que tan alto|que tan alta|cuanta altura|la altura)\b(?: \w+){0,4} "
    r"(?:puente|edificio|azotea|techo|barranco|acantilado)\b",
    r"\bsi me pasa algo\b(?: \w+){0,4} (?:ya )?(?:da igual|me da igual|no importa|que importa)\b",
    # no llegar a una fecha ("dice que no llegara a navidad")
    r"\bno (?:llegare|llegara|llega|llego|voy a llegar|va a llegar|creo que llegue) (?:a|hasta) "
    r"(?:navidad|fin de ano|ano nuevo|mi cumple|su cumple|mi cumpleanos|su cumpleanos|"
    r"el verano|semana santa)\b",
    # no ponerse naloxona la proxima vez, y que no pase nada ("si la proxima no uso la
    # naloxona tampoco pasa nada no?")
    r"\bsi (?:la proxima |esta vez |la proxima vez )?no (?:uso|me pongo|llevo|tengo|me ponen) "
    r"(?:la |mi )?(?:naloxona|narcan)\b(?: \w+){0,4} (?:tampoco pasa nada|no pasa nada|"
    r"que mas da|da igual|que importa|no importa)\b",
    # que nadie lo encuentre, y que este bien ("nadie me encuentra en dias y esta bien")
    r"\bnadie me (?:encuentra|encontraria|va a encontrar|encontrara|hallaria)\b(?: \w+){0,8} "
    r"(?:esta bien|estaria bien|me da igual|da igual|mejor|que importa|no importa)\b",
    # acostado en la nieve o el frio pensando en quedarse
    r"\b(?:acostad[oa]|tirad[oa]|sentad[oa]) en (?:la nieve|el frio|el hielo)\b(?: \w+){0,4} "
    r"(?:pensando|piensa|pienso)\b(?: \w+){0,4} "
    r"(?:me quedo|quedarme|no levantarme|no me levanto)\b",
    # matarse dicho como supuesto ("que pasa con mi perra si me mato")
    r"\b(?:si|cuando) me mato\b(?! (?:trabajando|de risa|estudiando|a trabajar|en el gym|"
    r"en el gimnasio|corriendo)\b)",
    # cortarse, sin decir que se corta ("me corto en el bano en los descansos")
    # (not "me corte el dedo", "me corte cocinando", "me corte al afeitarme")
    r"\bme (?:corto|corte|cortaba|sigo cortando|estoy cortando|he cortado|he vuelto a cortar|"
    r"volvi a cortar|vuelvo a cortar|he estado cortando)\b"
    r"(?! (?:el|la|los|las|un|una|mi|mis|al|con (?:el|un|una)|de (?:pelo|cabello)|"
    r"\w+(?:ando|iendo|endo))\b)",
    # seguir viviendo, ni con ni sin ("ni con droga ni sin droga quiero seguir viviendo")
    r"\b(?:ni|no|tampoco)\b(?: \w+){0,6} quiero seguir (?:viviendo|vivo|vivir)\b",
    # quemarse la piel ("me quemo los brazos con el encendedor pa sentir algo")
    r"\b(?:me quemo|me queme|quemandome|me estoy quemando|me he estado quemando|se quema|"
    r"se quemaba|me he quemado|me he vuelto a quemar|me volvi a quemar|me vuelvo a quemar) "
    r"(?:la|los|las|el|mi|mis) (?:piel|brazo|brazos|muneca|munecas|pierna|piernas|"
    r"mano|manos)\b(?: \w+){0,5} (?:encendedor|mechero|cigarro|cigarrillo|pa sentir|"
    r"para sentir|a proposito|cuando me (?:vienen|viene|dan|da|entran|entra))\b",
    # pensar en no estar ("cada vez pienso mas en no estar"), no en no estar solo o en casa
    r"\b(?:pienso|pensando|pense|pensar|pensaba)(?: \w+){0,2} en no estar\b"
    r"(?! (?:sol[oa]|en casa|aqui|ahi|presente|tan|nervios[oa]|triste|enojad[oa]|con)\b)",
    # tirarse de un sitio alto ("mejor tirarme del barco que otro mono"), no en broma
    r"\b(?:tirarme|aventarme|lanzarme|botarme|arrojarme|me tiro|me aviento|me lanzo) "
    r"(?:del|de un|de una|de la|desde el|desde la|desde un|desde una|por la|por el) "
    r"(?:barco|puente|balcon|ventana|edificio|techo|azotea|precipicio|acantilado|tren|metro|"
    r"piso|mirador)\b(?!.*\b(?:ja(?:ja)+|je(?:je)+|xd|lol|es broma|broma)\b)",
    # una dosis grande y ya ("un pico grande y ya"): la frase termina ahi
    r"\b(?:un pico grande|una dosis grande|un pase grande|todo de una|todo de un golpe|"
    r"toda la bolsa|todo lo que tengo|todo junto) y (?:ya|listo|chao|adios|se acabo|fin)$",
    # una cantidad grande, y que sea lo que dios quiera ("meterme una cantidad grande una
    # ultima vez y que sea lo que dios quiera"; no "entro al centro y que sea lo que dios
    # quiera")
    r"\b(?:cantidad grande|todo lo que tengo|toda la bolsa|de una vez|una ultima vez)\b.*"
    r"\b(?:que sea lo que dios quiera|y que pase lo que pase)\b",
    # morir como alivio ("una sobredosis me vendria de lujo")
    r"\b(?:sobredosis|morirme|morir|la muerte|estar muert[oa])\b(?: \w+){0,2} "
    r"(?:me vendria|me caeria|seria) (?:de lujo|bien|genial|un alivio|un descanso|un regalo)\b",
    # no querer que lo salven ni que lo encuentren a tiempo ("no quiero que nadie me
    # salve la proxima"; no "que no me encuentren asi": lo que se rechaza es llegar a tiempo)
    r"\bno quiero que (?:nadie )?(?:me )?(?:encuentren?|hallen?|vean?) (?:a tiempo|antes|"
    r"con tiempo)\b|\bno quiero que (?:nadie )?me (?:salven?|rescaten?|reanimen?|revivan?|"
    r"traigan de vuelta|pongan (?:la )?naloxona|narcaneen)\b",
    # que le toca a uno morir, aceptado ("ya se fueron todos, me toca a mi y estoy en paz";
    # no "me toca a mi lavar")
    r"\bme toca a mi\b(?! \w+ar\b)(?: \w+){0,6} (?:bien|tranquil[oa]|en paz|list[oa]|"
    r"conforme|preparad[oa])\b",
    # un ultimo mensaje ("es la ultima vez que les escribo")
    r"\bultima vez que (?:te |les |le |os )?(?:escribo|hablo|mando|escribire|hablare)\b",
    # cortarse ("me volvi a hacer cortes en las piernas"; no "cortes de pelo")
    r"\b(?:me (?:hago|hice|he hecho|he vuelto a hacer|volvi a hacer|sigo haciendo)|hacerme) "
    r"cortes\b(?! de pelo)",
    # una ultima dosis en todos los sentidos ("es mi ultimo pico, en todos los sentidos")
    r"\bultim[oa] (?:pico|vez|dosis|chute|jalon|bolsa|papel|pase)\b(?: \w+){0,10} "
    r"(?:todos los sentidos|todo sentido|todas las formas|todas las maneras)\b",
)
_CRISIS_ACROSS = (
    # elegir entre medios ("tengo la pistola de mi papa y una bolsa de chiva. estoy
    # pensando cual"), un arma o una soga entre ellos
    r"\b(?:pistola|arma|revolver|escopeta|fusca|cuete|soga|cuerda)\b.*\b(?:pensando|pienso|"
    r"decidiendo|decidir|elegir|eligiendo|escoger|escogiendo)(?: en)? (?:cual|por cual|entre "
    r"las dos|entre los dos)\b",
    # preguntar por una dosis que mata o si duele, para uno mismo ("cuanto es demasiado?
    # duele? pregunto por mi")
    r"\b(?:demasiado|duele|dolera|letal|mortal|pa no volver|para no volver|morir)\b.*"
    r"\b(?:pregunto por mi|por mi pregunto|x mi pregunto|es para mi|lo pregunto por mi)\b",
    # irse igual que alguien que murio ("se murio ... pienso que deberia irme igual")
    r"\b(?:murio|se murio|fallecio|muerto|muerta|se fue)\b.*\b(?:deberia|quiero|voy a|podria|"
    r"me gustaria|y|e|pa|para) irme (?:igual|igual que|de la misma|como el|como ella)\b",
    # irse con un pico, hecho a proposito ("duele irse con un pico? lo quiero hacer a proposito")
    r"\b(?:irse|irme|morir|morirse|morirme|sobredosis|matarse|matarme)\b.*"
    r"\b(?:hacerlo|hacer|lo hago|lo haria) a proposito\b",
    # irse del todo esta vez, sin nadie ni nada que lo traiga de vuelta ("si recaigo esta vez
    # me voy de a tiro, sin naloxona, sin nadie")
    r"\bme voy (?:de a tiro|del todo|para siempre|en serio)\b.*\bsin (?:naloxona|narcan|nadie)\b",
    # si una forma de morir es tranquila, preguntado por uno mismo
    r"\b(?:(?:forma|manera|modo) (?:\w+ )?de morir|seria (?:rapido|rapida|tranquilo|sin dolor))\b"
    r".*\b(?:pregunto por mi|es para mi|por mi pregunto|x mi pregunto|"
    r"lo pregunto por mi|pregunto por mi mismo|pregunto por mi misma)\b",
    # juntar hasta tener suficiente ("llevo un mes guardando metadona. ya tengo suficiente"),
    # o sabiendo para que
    r"\b(?:guardando|juntando|ahorrando|guarde|junte)\b(?: \w+){0,8} "
    r"(?:ya tengo suficiente|tengo suficiente|ya tengo bastante|ya junte suficiente|"
    r"ya se pa que|ya se para que|ya sabes para que|ya sabes pa que)\b",
    # preguntar por morir porque uno lo esta pensando ("duele morir de heroina? pregunto
    # porque lo estoy pensando")
    r"\b(?:morir|morirse|morirme|muerte|matarse|matarme)\b.*\b(?:porque|xq|por que) "
    r"(?:lo estoy pensando|estoy pensando hacerlo|lo pienso hacer|pienso hacerlo|"
    r"lo estoy considerando)\b",
    # el suicidio de alguien, entendido ahora ("mi primo se quito la vida. ahora lo entiendo")
    r"\b(?:se quito la vida|se suicido|se mato|se colgo|se ahorco)\b.*\b(?:ahora (?:lo |le |la )?"
    r"entiendo|ya (?:lo |le |la )?entiendo|lo entiendo|ahora entiendo por que)\b",
)
_UNLESS_QUESTION = (
    # ni un rescate lo despierta ("ni con frote en el pecho reacciona", "ni con la naloxona
    # despierta")
    rf"\bni con (?:la |el |un |una |otra |otro )?(?:{NALOXONE}|frote|frotarle|el frote|"
    r"dos dosis|la segunda|agua fria|cachetadas)\b(?: \w+){0,5} "
    r"(?:reacciona|despierta|responde|reacciono|desperto|respondio|abre los ojos)\b",
    r"\b(?:tiene|esta teniendo|le esta dando|le dio|me esta dando|me dio) "
    r"(?:una )?(?:sobredosis|sobredosi|od)\b",
    r"\b(?:se esta pasando|me estoy pasando|se estan pasando)\b"
    r"(?! (?:de (?:rosca|listo|lista|la raya|verdad|la hora)|el tiempo|la hora)\b)",
    r"\bse (?:paso|pasaron) de (?:dosis|chiva|heroina|fentanilo|fenta)\b",
    r"\bse (?:paso|pasaron) con (?:la |el )?"
    r"(?:heroina|chiva|droga|dosis|fentanilo|fenta|manteca)\b",
    r"\b(?:sobredosis|od)\b(?: \w+){0,2} (?:ahora|ahorita|ya|ayuda|urgente|rapido|aqui|auxilio)\b",
    r"\b(?:se|me|nos) (?:va|van|vamos) a morir\b",
    rf"\b{NALOXONE}\b.*\bse le (?:paso|esta pasando|acabo|fue) el efecto\b",
    r"\bvolvio a (?:cabecear|dormirse|caer|dejar de respirar|ponerse morad[oa]|ponerse azul|"
    r"quedarse dormid[oa])\b",
)
USE_WORDS = (
    *("usar", "uso", "usando", "consumir", "consumo", "consumiendo", "picarse", "pico"),
    *("picar", "meterse", "meter", "fumar", "fumo", "inyectarse", "inyectar", "inyeccion"),
    *("chutarse", "chute", "esnifar", "jalar", "pase", "dosis", "tolerancia", "abstinencia"),
    *("malilla", "mono", "recaida", "recaer", "limpio", "limpia", "desintoxicacion"),
    *("cantidad", "colocado", "colocarse", "viaje", "subidon"),
)
USE_VERBS = (
    *("usar", "uso", "usa", "usando", "consumir", "consumo", "consume", "consumiendo"),
    *("meterse", "meter", "picarse", "inyectarse", "inyectar", "chutarse"),
)
DETERMINERS = (
    *("mi", "mis", "tu", "tus", "su", "sus", "el", "la", "los", "las", "un", "una"),
    *("este", "esta", "estos", "estas", "nuestro", "nuestra"),
)
GENERAL_QUESTION = re.compile(
    r"^(?:(?:hola|oye|oiga|buenas|una pregunta|pregunta|una duda|duda|bueno|y|pero) )*"
    r"(?:se puede|puede|pueden|podria|es posible|"
    r"que (?:(?:le|les|me|te|nos) )?(?:pasa|pasaria|hace|es|son|significa|causa|tan)|"
    r"como (?:saber|se sabe|se|puedo saber|sabes|reconocer|identificar|distinguir|"
    r"se reconoce|afecta|funciona)|cuant[oa]s?|por que|es (?:normal|cierto|verdad|peligroso|"
    r"malo)|debo|deberia|alguien sabe|cual|cuales)\b"
)

# palabras que llevan "esta" a la pregunta de antes ("que hago si esta azul"):
# bot/emergency.py, _reported_after
QUESTION_LEADS = (
    *("cuando", "si", "que", "mientras", "hasta", "antes", "despues", "y", "o", "como"),
    *("saber", "sabe", "se", "creo", "aunque", "supongamos", "imagina", "imaginate"),
    "digamos",
)


RULES = LanguageRules(
    code="es",
    stem=stem,
    common_words=COMMON_WORDS,
    word_bases=word_bases,
    live_rules=tuple(re.compile(p) for p in _ALWAYS),
    live_unless_question=tuple(re.compile(p) for p in _UNLESS_QUESTION),
    crisis_rules=tuple(re.compile(p) for p in _CRISIS),
    crisis_across=tuple(re.compile(p) for p in _CRISIS_ACROSS),
    sentence_model="use-m3",
    general_question=GENERAL_QUESTION,
    drug_pronouns=frozenset(
        {
            "eso",
            "esto",
            "esa mierda",
            "esta mierda",
            "esa cosa",
            "la cosa",
            "esa madre",
            "esa droga",
            "la droga",
            "esa vaina",
            "esa onda",
        }
    ),
    use_words=frozenset(stem(w) for w in USE_WORDS),
    use_verbs=frozenset(stem(w) for w in USE_VERBS),
    negations=frozenset(("no", "nunca", "ni", "jamas")),
    determiners=frozenset(DETERMINERS),
    marks="ñ¿¡",  # only Spanish writes these: a sign of the language
    conjunctions=r"pero|asi que|entonces|y ahora|y de repente|cuando",
    question_leads=frozenset(QUESTION_LEADS),
    clause_marks=re.compile(
        r"\b(?:pero|asi que|entonces|en fin|o sea|osea|mi pregunta es|la pregunta es|"
        r"quiero saber|queria saber|quisiera saber|necesito saber|me pregunto|me preguntaba|"
        r"me puedes decir|me podrias decir|dime)\b",
        re.IGNORECASE,
    ),
)
