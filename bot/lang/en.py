"""English: stemming, common words, and the sentence shapes of a live overdose.

The regular expressions below read the cleaned text (lowercase, apostrophes removed,
chat spellings applied: "isnt" -> "not", "rn" -> "now"). They complement the concept
vocabulary in facts/triage.yaml with word order the vocabulary cannot express ("she hit
it and went straight down", "he is turning blue").
"""

from __future__ import annotations

import re
from importlib import resources

from bot.lang import LanguageRules


def stem(word: str) -> str:
    """A deliberately light stemmer: plural and -ing/-ed endings, nothing clever."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) >= 6:
        return word[:-3]
    if word.endswith("ed") and len(word) >= 5 and not word.endswith("eed"):
        return word[:-2]
    if word.endswith("es") and word[-3:-2] in {"s", "x", "z"} and len(word) >= 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _common_words() -> frozenset[str]:
    """SCOWL size 35, American and British (see en_words.LICENSE, scripts/make_wordlist.py)."""
    text = resources.files("bot.lang").joinpath("en_words.txt").read_text("utf-8")
    return frozenset(text.split())


NEGATION = r"(?:not|isnt|aint|no|stopped|stop|cant|cannot|wont|barely|hardly|struggling|trouble)"
PERSON = (
    r"(?:i|im|he|hes|she|shes|they|theyre|him|her|them|someone|somebody|friend|buddy|mate|"
    r"bf|gf|boyfriend|girlfriend|partner|husband|wife|son|daughter|brother|sister|mom|mum|"
    r"dad|roommate|roomie|cousin|guy|girl|man|woman|kid|person|dude|bro|client)"
)
OTHER_PERSON = PERSON.replace("(?:i|im|", "(?:")  # someone else: "she wont get up"
USE = r"(?:hit|shot|banged|fixed|used|did|took|snorted|smoked|injected|sniffed|railed)"

_ALWAYS = (
    rf"\b{NEGATION}(?: \w+){{0,2}} (?:breathing|breathe|breath|breathin|breating)\b",
    r"\b(?:stopped|stop|not|no) (?:moving|responding|responsive)\b",
    r"\b(?:breathing|breath) (?:is )?(?:slow|weird|shallow|stopped|funny|strange|odd)\b",
    r"\b(?:wont|cant|cannot|couldnt|not|unable to|will not|can not) (?:\w+ )?"
    r"(?:wake|waking|wakeup|come to|come round|come around)\b",
    r"\b(?:unresponsive|unconscious|not conscious)\b",
    r"\b(?:lips|lip|face|skin|fingers|nails|turning|turnin|turned|going|goin|gone) (?:\w+ )?"
    r"(?:blue|blu|grey|gray|purple)\b",
    rf"\b{OTHER_PERSON} (?:is |are |r |looks |looking )?(?:turning |going |gone )?"
    r"(?:blue|grey|gray|purple)\b(?! (?:hair|haired|eyes|eyed|shirt|jacket|hoodie|car|truck|"
    r"dress|jeans|top|hat|cap|coat|bag|tent|tarp|paint|team|line|pill|pills|ones|one|about|"
    r"over|since|lately|these days|all week|and white)\b)",
    r"\bblue (?:lips|lip|face|skin)\b",
    # a breath every few seconds ("shes breathin like every 10 secs")
    r"\b(?:breathing|breathin|breathes|breath|breaths)(?: \w+){0,2} (?:once )?every "
    r"(?:\d+|few|five|ten|fifteen|twenty|thirty) (?:secs|seconds|sec|s)\b",
    r"\b(?:gurgling|gurgle|snoring and)\b",
    rf"\b{PERSON}(?: \w+){{0,3}} (?:dropped|fell|fainted|slumped|keeled over|collapsed|"
    r"went limp|going limp|gone limp|not moving|slid|went down|goes down|fell out|falling out|"
    r"fell over|fell down|hit the floor)\b"
    r"(?! (?:asleep|my|the|a|an|it|his|her|their|your|this|that|some|out of|of|by|in love|"
    r"to|into|with|at|for|school|town|stairs|there|here)\b)",
    rf"\b{USE}(?: \w+){{0,4}} (?:and|then|&) (?:\w+ ){{0,2}}(?:went|dropped|fell|collapsed|"
    r"slid|slumped|keeled|passed out)\b",
    r"\b(?:dropped|fell|fainted|collapsed|passed out) (?:right |just |straight )?after\b",
    r"\b(?:found \w+(?: \w+)?|lying|laying|is|he|she|they|passed out) on the "
    r"(?:(?:bathroom|kitchen|bedroom|living room|hallway|shower|tent|van|motel|hotel|toilet|"
    r"stall|cold|dirty|concrete|tile|tiled|wet|basement|garage|office|break room) )?"
    r"(?:floor|ground)\b",
    r"\beyes (?:rolled|rolling|rolling back)\b",
    rf"\b{OTHER_PERSON}(?: \w+){{0,3}} (?:wont|cant|cannot|not|isnt) get(?:ting)? up\b",
    r"\b(?:narcan|naloxone) (?:\w+ )?(?:didnt|did not|dont|doesnt|isnt|not|wont) work",
    r"\b(?:after|gave|give|sprayed|spray|used) (?:\w+ ){0,2}(?:narcan|naloxone)\b.*"
    r"\b(?:nothing|still|again|back out|not)\b",
    rf"\b{OTHER_PERSON}(?: \w+){{0,3}} (?:going under|slipping away|"
    r"(?:cant|wont|cannot) stay awake)\b",
    r"\b(?:took|taken|take|did|done|used|had|shot|snorted|smoked) (?:\w+ )?(?:too|to) much\b"
    r"(?! of (?:the|my|his|her|their|our) (?:work|homework|job|chores|talking|driving))",
    r"\btoo much (?:dope|heroin|h|fent|fentanyl|smack)\b",
    rf"\b{PERSON}(?: \w+){{0,2}} (?:is |are |r )?dying\b"
    r"(?! to| for| of (?:laughter|boredom)| lol| lmao| haha| laughing)",
    # not "every office has narcan now": owning it is not using it
    r"\b(?<!has )(?<!have )(?<!carry )(?<!carries )(?<!sell )(?<!sells )(?<!stock )(?<!got )"
    r"(?:narcan|naloxone) (?:how|now|help|quick)\b",
    r"\bhow (?:do i|to|do you) (?:use|give) (?:narcan|naloxone)\b",
    # not "she would never put a needle in her arm"
    r"(?<!put a )(?<!stick a )(?<!putting a )(?<!sticking a )"
    r"\bneedle (?:still )?in (?:his|her|their|my) (?:arm|hand|leg|neck|foot)\b",
    r"\b(?:breathing|breath|breathes|breathe)(?: \w+){0,3} (?:slow|slower|slowly|slowing|shallow|"
    r"weird|weirder|funny|strange|odd|gasping|rattling|stopping|barely)\b",
    r"\bgasping\b",
    # out for minutes: unconscious ("my friends been out like 3 min after he hit it")
    r"\bbeen out (?:for )?(?:like |about |almost )?(?:\d+|a few|a couple|two|three|four|"
    r"five|ten) (?:min|mins|minute|minutes)\b",
)
# after "die": hyperbole or a joke, not meant ("im going to die if i fail lol")
_NOT_MEANT = r"(?! if i (?:fail|miss|lose|dont pass|have to|dont get)\b| lol\b| lmao\b| haha\b)"
# "i overdosed on pizza", "overdosing on cooking shows": food, shows or work are a joke
_FIGURATIVE = (
    r"(?! on (?:\w+ )?(?:pizza|sugar|candy|chocolate|cake|carbs|food|junk food|caffeine|coffee|"
    r"netflix|tv|anime|work|homework|memes|love|sleep|shows|show|series|youtube|tiktok|"
    r"videos|games|podcasts|news|music|updates|treats|snacks|cookies|ice cream|sweets|nachos|"
    r"fries|tacos|wings|burgers|cheese|pasta)\b)"
)
# Thinking of dying through using: the crisis card, not the overdose card or a fact
# ("hoping i dont wake up", "want it to be over", "do it all at once on purpose").
_ALL_AT_ONCE = r"(?:all of it|all at once|at once|whole (?:stash|bag|bundle|lot)|everything i have)"
_QUICK = (
    r"(?:would it be (?:quick|painless|fast|peaceful)|would it hurt|"
    r"would i (?:just )?(?:drift off|feel it|fall asleep|go to sleep))"
)
_CRISIS = (
    # "i dont want him to die" is fear for someone else, not a wish
    r"\b(?<!dont )(?<!do not )(?<!not )(?<!never )"
    r"(?:want|wanna|hope|hopes|hoping|wish|wishes|wishing|plan|plans|planning|thinking about|"
    r"thinking of|im going to|i am going to|im gonna|ready to|tempted to)\b(?: \w+){0,8} "
    # ("im going to die if i fail lol" is an exam, not a wish)
    rf"(?:(?<!not )(?<!dont )(?<!doesnt )(?<!never )die{_NOT_MEANT}|"
    r"be dead|not wake|dont wake|doesnt wake|wouldnt wake|would not wake|"
    r"wont wake|never wake|not waking|not to wake|be over|end it|end my|it all to end|"
    # "it over" ends the thought: not "choosing it over us"
    r"it over(?! (?:us|them|me|him|her|you|my|his|their|our|the|a|family|kids|everything|"
    r"everyone)\b))\b",
    # doing it on purpose: using, a dose, dying, hurting ("do dealers cut it on purpose"
    # is about dealers: "cut" there needs "myself" or the like, so it is not listed alone)
    r"\b(?:od|ods|odd|oded|overdos\w*|die|dying|hurt\w*|burn\w*|kill\w*|cut myself|"
    r"cutting myself|use|using|used|shot|shoot|dose|amount|narcan|alone|all|everything|lot|"
    r"once|gram|grams|bag|bags|stash|bundle)(?: \w+){0,6} on purpose\b",
    r"\b(?:next|this|one|my) (?:shot|hit|bag|one|dose|line|time)\b(?: \w+){0,2} "
    r"(?:is|be|will be|being) (?:the|my) last\b",
    r"\bbetter off (?:if|without) (?:i|me)\b",
    # how much it would take not to wake, with the drug named or not ("how much gear would
    # it take to definitely not wake up"; not "how much does it take to overdose", a fact)
    r"\bhow (?:much|many)(?: \w+){0,3} (?:would|will|does|do|did|should) it take to(?: \w+){0,2} "
    r"(?:not wake|never wake|not come back|never come back|end it|be gone|not be here)\b",
    # one big dose and that is that ("one big shot and done"): the sentence ends there
    r"\b(?:one big (?:shot|hit|bag|dose|one)|the lot in one go|everything(?: i have)? at once|"
    r"all of it at once|(?:the )?whole (?:stash|bag|bundle|lot|gram) at once)(?: and| then)? "
    r"(?:done|thats it|thats that|lights out|goodnight|good night|over)$",
    # a means, then whether it would be quick ("if i took my whole stash at once would it
    # be quick"; not "would methadone be quick")
    rf"\b{_ALL_AT_ONCE}\b(?: \w+){{0,6}} {_QUICK}\b|\b{_QUICK}\b(?: \w+){{0,6}} {_ALL_AT_ONCE}\b",
    # joining someone who died ("ready to go be with my brother, he passed in march")
    r"\bgo (?:and )?be with (?:him|her|them|my \w+|dad|mum|mom|mam|grandma|grandpa)\b.*"
    r"\b(?:passed|died|dead|gone|od|ods|oded|funeral|grave|buried)\b|"
    r"\b(?:passed|died|dead|funeral|grave|buried)\b.*"
    r"\bgo (?:and )?be with (?:him|her|them|my \w+|dad|mum|mom|mam|grandma|grandpa)\b",
    # cutting or scratching oneself with a blade ("scratched my arms up with a razor again")
    r"\b(?:cut|cutting|scratched|scratching|sliced|slicing|carved|carving) (?:up )?(?:my|both my) "
    r"(?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach)(?: up)? with (?:a |the |my )?"
    r"(?:razor|blade|razor blade|knife|glass)\b",
    # not living to a date ("he says he wont make it to christmas")
    r"\b(?:wont|will not|not going to|not gonna|never going to|dont think (?:i|he|she) will) "
    r"(?:make it|live|be here|be around) (?:to|till|until|til|past|through) (?:christmas|"
    r"new year|my birthday|his birthday|her birthday|next year|the new year|easter|summer)\b",
    # wishing to overdose oneself ("sometimes i hope i od"), not teaching about overdose
    # ... or of someone else ("she wants to od so she can stop hurting"), some day ("hoping
    # that next time i just od")
    rf"\b(?:want|wants|wanna|hope|hopes|hoping|wish|wishes|wishing)(?: that)?"
    rf"(?: (?:the )?next time| one day| someday| one of these days)?"
    rf"(?: to| i| i would| i could| id| he| she| he would| she would)? "
    rf"(?:just |finally )?(?:od|overdose){_NOT_MEANT}",
    # a wish that the next dose kill ("he keeps saying he hopes the next shot kills him")
    r"\b(?:hope|hopes|hoping|wish|wishes|wishing|pray|prays|praying)\b(?: \w+){0,3} "
    r"(?:next|this|one|the) (?:shot|hit|bag|dose|one|batch|line)\b(?: \w+)? "
    r"(?:kills|will kill|would kill|takes|will take|finishes)\b",
    # hoping a batch is bad ("sometimes i hope the bag is laced"), letting the next
    # overdose take one ("let the next od take me")
    r"\b(?:hope|hopes|hoping|wish|wishing|pray|praying)\b(?: \w+){0,3} "
    r"(?:the|this|next|my|that) (?:batch|bag|shot|hit|dose|stuff|dope|one) "
    r"(?:is|be|was|will be|gonna be) (?:bad|laced|hot|too strong|strong enough)\b",
    r"\blet (?:\w+ ){0,2}(?:od|overdose|one|shot|hit|bag|dose|batch|dope) "
    r"(?:take|kill|finish) (?:me|him|her)\b",
    # a goodbye that hands over a pet or a child ("bye. take care of my dog"; not "look
    # after my dog while im in detox")
    r"\b(?:bye|goodbye|farewell)\b(?: \w+){0,4} (?:take care of|look after|feed) (?:my|the) "
    r"(?:dog|dogs|cat|cats|kids|kid|son|daughter|baby)\b"
    r"(?! (?:while|when|until|till|for the|this weekend|tomorrow)\b)",
    # "checking out" with nothing to check ("planning on checking out this weekend"; not
    # "checking out the clinic"), doing what someone who died by suicide did
    r"\b(?:planning on|plan to|planning to|going to|gonna|ready to|about to|thinking about|"
    r"thinking of|want to|wanna) check(?:ing)? out\b"
    r"(?= *$| (?:this (?:weekend|week|month|year)|tonight|tomorrow|soon|for good|early|"
    r"permanently|for real|and)\b)",
    r"\b(?:hung|hanged|killed|shot|offed) (?:himself|herself|themselves)\b.*"
    r"\b(?:doing|do|did) the same\b",
    # going to the river (the bridge, the tracks) and not coming back
    r"\b(?:go|goes|going|gonna go|walk|walking|head|heading) (?:to|into|off|down to) the "
    r"(?:river|canal|bridge|tracks|lake|sea|ocean|quarry)\b(?: \w+){0,3} (?:and )?"
    r"(?:not|never|wont) (?:come back|coming back|return|be back)\b",
    # looking at a gun again and again ("my service pistol is in the truck and i keep
    # going out there and looking at it")
    r"\b(?:gun|pistol|rifle|shotgun|revolver|handgun)\b(?: \w+){0,12} "
    r"(?:looking at it|look at it|staring at it|stare at it|holding it|hold it to my)\b",
    # not minding not coming back ("if i nod out and dont come back thats fine with me");
    # everyone better off if one were found dead; cutting when the sickness is bad
    r"\bif i (?:nod out|go under|od|overdose|stay under|die|dont wake up|dont come back)\b"
    r"(?: \w+){0,4} (?:thats fine|that fine|fine with me|so be it|i dont care|who cares|"
    r"good riddance|fine$)",
    r"\bbetter off if\b(?: \w+){0,5} (?:gone|dead)\b",
    r"\bcuts on (?:my |her |his |their )?(?:\w+ )?(?:thighs|wrists|arms|legs|stomach)\b"
    r"(?! from (?:injecting|shooting|needles|the needle|using|shaving|work|a fall)\b)",
    r"\bi (?:cut|burn)(?: myself)? (?:when|whenever|every time)\b(?: \w+){0,4} "
    r"(?:sick|dopesick|withdrawal|bad|hurting|anxious|sad)\b",
    # how high a bridge is; if something happens, it does not matter
    r"\bhow (?:high|tall|far down)\b(?: \w+){0,4} (?:bridge|overpass|building|roof|cliff|"
    r"parking garage)\b",
    r"\bif (?:something|anything) happens to me\b(?: \w+){0,4} (?:whatever|who cares|"
    r"doesnt matter|it doesnt matter|nobody cares|so be it)\b",
    # self-harm to feel or to numb ("some nights i cut just to feel something")
    r"\bi (?:cut|burn)\b(?! my hair| his hair| her hair)(?: \w+){0,5} "
    r"(?:to feel something|to feel anything|to numb)\b",
    # hoping not to come back from a dose, or sleeping and never opening one's eyes again
    r"\b(?:see if|hoping|hope) (?:i )?(?:dont|wont|never|do not) (?:come back|wake up)\b"
    r"(?! sick| dopesick| in withdrawal| withdrawing| hurting| with| feeling| in pain)",
    r"\b(?:fall asleep|go to sleep|sleep)(?: \w+){0,4} and (?:never|not|dont) (?:wake up|"
    r"open my eyes)\b"
    r"(?! until| till| til| for| at| in| early| sick| feeling| with)",
    # not using naloxone next time, and so what ("if i just didnt use the narcan next time,
    # would that be so bad")
    r"\bif i (?:just )?(?:didnt|dont|did not|do not|wouldnt|never) (?:use|take|carry|have|keep) "
    r"(?:the |my |any )?(?:narcan|naloxone)\b(?: \w+){0,6} (?:so bad|that bad|a big deal|"
    r"matter|who cares|so what)\b",
    # nobody finding one, and that being fine ("nobody would find me for days and honestly
    # thats fine"; not "if i od alone nobody would find me, how do i stay safe")
    r"\b(?:nobody|no one|noone) (?:would |will |is gonna |is going to )?(?:find|finds|found) me\b"
    r"(?: \w+){0,8} (?:that fine|that would be fine|thatd be fine|be fine|that ok|"
    r"that would be ok|fine with me|and good|that okay)\b",
    # lying in the snow or the cold, thinking of staying
    r"\b(?:lying|laying|sitting|lay) (?:in|on) the (?:snow|cold|ice|frozen ground)\b(?: \w+){0,4} "
    r"(?:thinking|wondering)\b(?: \w+){0,4} (?:stay|staying|not get up|not getting up)\b",
    # burning oneself ("i keep burning my skin with the lighter so i feel something")
    r"\b(?:burn|burns|burning|burned|burnt) (?:my|her|his|their) (?:own )?(?:skin|arm|arms|wrist|"
    r"wrists|leg|legs|hand|hands|thigh|thighs|stomach)\b(?: \w+){0,5} (?:lighter|cigarette|"
    r"cigarettes|to feel|so i feel|so i can feel|on purpose)\b",
    # a big last amount, and letting it be ("one last time a big amount and let it be"; not
    # "i want to quit and let it be")
    r"\b(?:big amount|large amount|one last time|whole lot|all of it|in one go)\b.*"
    r"\b(?:and let it be|let it happen|that it no more|no more of this)\b",
    # dying as a relief ("an od would be a vacation")
    r"\b(?:an od|an overdose|od|overdosing|dying|death|dead)\b(?: \w+)? "
    r"(?:would be|will be|sounds like) (?:a |an )?"
    r"(?:vacation|relief|blessing|gift|break|rest|mercy)\b",
    # a last message to anyone ("thats the last time ill be texting anybody")
    r"\blast time (?:im |i am |ill be |i will be |i )?(?:texting|writing|messaging|talking to|"
    r"text|write|message|talk to) (?:anyone|anybody|you|u|yall|everyone|any of you)\b",
    # not needing one's things after a near day ("after friday i wont need any of my tools")
    r"\bafter (?:today|tonight|tomorrow|this week|this weekend|next week|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b(?: \w+){0,3} (?:i )?(?:wont|will not|"
    r"not gonna|not going to) need (?:any of (?:it|them|this|that|my \w+)|anything)\b",
    # cutting oneself with a blade, or to feel ("been cutting my legs again so i feel something")
    r"\b(?:going at|cutting|cut|slicing|sliced|carving|scratching)(?: into)? (?:my|her|his) "
    r"(?:own )?(?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach)\b(?: \w+){0,5} "
    r"(?:razor|razors|blade|blades|knife|to feel|feel something|on purpose)\b",
    # not wanting to be revived or found in time ("dont let anyone narcan me"; not "dont
    # want them to find me high": being found in time is the thing refused)
    r"\b(?:dont|do not|never) (?:want|wanna|let)\b(?: \w+){0,3} (?:to )?"
    r"(?:narcan(?:ning|ing|ed)? me|revive me|reviving me|bring me back|bringing me back|"
    r"(?:save|saving) me(?! (?:a|some|the|any|from|money|time)\b)|"
    r"(?:find|finding) me (?:in time|before|soon enough|fast enough))\b",
    # one's own turn to die, accepted ("all my friends are gone, its my turn and im ok with
    # it"; not "my turn to cook")
    r"\bmy turn\b(?! to\b)(?: \w+){0,6} (?:alright|ok|okay|fine|ready|at peace|peace with)\b",
    # a last dose, meant in every sense ("last hit ever, in every sense of the word")
    r"\blast (?:shot|hit|dose|bag|line|one|time)\b(?: \w+){0,10} "
    r"(?:every way|every sense|both ways|all ways|all senses)\b",
)
_DIED = r"(?:passed|died|passed away|funeral|buried)"
_CRISIS_ACROSS = (
    # a last dose beside a goodbye ("this is my last shot, love you all"), either order
    r"\blast (?:shot|hit|dose|bag|line|one)\b.*\b(?:love you all|love yall|love you guys|"
    r"goodbye everyone|bye everyone|goodbye all|tell (?:my|them|mom|mum|dad)\b(?: \w+)? i love)\b|"
    r"\b(?:love you all|love yall|love you guys|goodbye everyone|bye everyone|goodbye all)\b.*"
    r"\blast (?:shot|hit|dose|bag|line|one)\b",
    # choosing between means ("got my dads gun in the closet and a bag of dope. been
    # thinking which one"), a weapon or a rope among them
    r"\b(?:gun|pistol|rifle|shotgun|revolver|handgun|rope|noose)\b.*\b(?:thinking|thinkin|"
    r"deciding|decide|choosing|choose|picking|pick)(?: about| between)? (?:which one|which way|"
    r"between them|between the two)\b",
    # someone died, and the writer wants to be where they are or will see them soon ("my
    # wife passed in january ... i tell her ill see her soon")
    rf"\b{_DIED}\b.*\b(?:want to be|wanna be|just want to be|need to be) where "
    r"(?:he|she|they) (?:is|are)\b"
    r"(?! (?:on|at|in|this|next|for|tomorrow|tonight|today|with|working|staying|living)\b)|"
    rf"\b{_DIED}\b.*\b(?:tell|telling|told) (?:him|her|them) (?:ill|i will|im gonna|im going to) "
    r"see (?:him|her|them) soon\b",
    # asking about a lethal amount or whether it hurts, for oneself ("how much is too much?
    # would it hurt? asking for myself")
    r"\b(?:too much|would it hurt|does it hurt|would i feel|lethal|enough to|final|"
    r"kill (?:me|you)|way to go|to die)\b.*\b(?:asking for me|asking for myself|its for me|"
    r"for myself)\b|\b(?:asking for me|asking for myself)\b.*\b(?:too much|would it hurt|"
    r"does it hurt|lethal|enough to|final|to die)\b",
    # going the way of someone who died, in any sentence ("he died last week. i should go
    # the same way")
    r"\b(?:died|passed|dead|oded|overdosed|found him|found her)\b.*\b(?:i should|i could|"
    r"i want to|i wanna|might as well|im gonna|i will|i wish i could|and|then|to) (?:just )?"
    r"go the same way\b",
    # going all the way this time, with no one and nothing to bring one back ("if i go
    # back out im going all the way this time. no narcan, nobody around")
    r"\bgo(?:ing|nna)? all the way\b(?: \w+){0,2} this time\b.*\b(?:no|without) (?:narcan|"
    r"naloxone|one around|nobody|body around|one to call|one to find)\b",
    # whether a way to die is peaceful, asked for oneself ("is overdosing a peaceful way to
    # go? asking for me")
    r"\b(?:way to (?:go|die)|would it be (?:quick|painless|peaceful|fast))\b.*"
    r"\b(?:asking for me|asking for myself|its for me|for me not a "
    r"friend|asking for real)\b",
    # stockpiling until there is enough ("been saving my strips for a month. got enough now")
    r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded)\b(?: \w+){0,8} "
    r"(?:got enough|have enough|enough now|i know what for|you know what for)\b",
    # asking about dying because one is thinking of it ("is it painful to die from heroin?
    # i ask because i am thinking to do it")
    r"\b(?:die|dying|death|kill myself|killing myself)\b.*\b(?:because|cause|bc|since) "
    r"(?:i am|im|i m|i) (?:thinking|thinkin) (?:to do it|of doing it|about doing it|about it)\b",
    # giving one's things away, not to need them again ("gave my guitar away, wont need it";
    # not one's works, given up in recovery)
    r"\b(?:giv\w*|gave|given)\b(?: \w+){0,4} away\b(?<!works away)(?<!needles away)"
    r"(?<!syringes away)(?<!rigs away)(?<!gear away)(?<!kit away)(?<!points away)"
    r"(?<!stash away)(?<!dope away).*\b(?:wont|will not|not gonna|not going to) "
    r"(?:be )?need(?:ing)?\b",
    # someone's suicide, understood now ("my cousin killed himself. lately i get why")
    r"\b(?:took (?:his|her|their) own life|killed (?:himself|herself|themselves)|"
    r"hung (?:himself|herself|themselves)|ended (?:his|her|their) (?:own )?life|"
    r"(?:by|to|from|committed) suicide)\b.*\b(?:i get it now|i get why|i understand "
    r"(?:it |him |her |them )?now|i understand why|makes sense (?:to me )?now)\b",
)
_UNLESS_QUESTION = (
    rf"\b(?:is|hes|shes|im|am|are|were) (?:gonna die|going to die)\b{_NOT_MEANT}",
    r"\b(?:narcan|naloxone) (?:\w+ )?(?:wore off|wearing off|wears off|worn off)\b",
    rf"(?<!dont think )(?<!dont think hes )(?<!dont think shes )(?<!not sure hes )"
    rf"(?<!not sure shes )\b(?:overdosing|oding|odin|odeing)\b{_FIGURATIVE}",
    # "i could od easy when i get out", "could i od": a modal makes it a possibility
    r"(?<!could )(?<!can )(?<!would )(?<!will )(?<!might )(?<!may )(?<!should )(?<!did )"
    r"(?<!make )(?<!makes )(?<!making )"  # "can that make her od": a cause asked about
    rf"\b{PERSON}(?: \w+){{0,3}}(?<!dont)(?<!not)(?<!never)(?<!wont)(?<!cant)(?<!cannot)"
    r"(?<!didnt)(?<!doesnt)(?<!couldnt)(?<!wouldnt)(?<!shouldnt)"
    r"(?<!could)(?<!might)(?<!would)(?<!may)(?<!can)"
    # "i could still od": the modal a word away
    r"(?<!could still)(?<!might still)(?<!would still)(?<!can still)(?<!could even)"
    r"(?<!can even)(?<!could easily)(?<!can easily) "
    r"(?:overdosed|odd|oded|od|ods|overdose)\b"
    rf"{_FIGURATIVE}"
    # "his od risk is higher now": a noun, talked about
    r"(?! (?:risk|risks|rate|rates|death|deaths|prevention|training|kit|kits|sign|signs)\b)",
    r"\b(?:overdose|overdosed|od|oded) (?:\w+ )?"
    r"(?:now|rn|right now|help|asap|emergency|quick|hurry|911|happening)\b",
)
USE_WORDS = (
    *("use", "using", "used", "shoot", "shooting", "shot", "smoke", "smoking", "snort"),
    *("snorting", "sniff", "inject", "injecting", "hit", "hits", "dose", "doses"),
    *("tolerance", "withdrawal", "withdrawals", "high", "clean", "relapse", "sober"),
    *("detox", "amount"),
)
USE_VERBS = ("use", "uses", "using", "used", "shoot", "shooting", "inject", "injecting", "bang")
GENERAL_QUESTION = re.compile(
    r"^(?:(?:and|so|but|also|ok|okay|well) )*"
    r"(?:can|could|is it possible|what (?:does|is|happens|are)|how (?:much|many|long)|how i know|"
    r"how (?:do|does|can|would|will) (?:you|i|we|people|someone) (?:know|tell|spot)|"
    r"does|do|will|would|why)\b"
)

# words that lead "hes" into the question before it ("the signs when hes not breathing",
# "he says hes fine"): bot/emergency.py, _reported_after
QUESTION_LEADS = (
    *("when", "if", "whether", "that", "until", "till", "while", "before", "after"),
    *("once", "unless", "and", "or", "like", "say", "suppose", "imagine", "mean"),
    *("means", "know", "tell", "sure", "think", "guess", "notice", "see", "check"),
    *("says", "said", "saying", "tells", "told"),
)


RULES = LanguageRules(
    code="en",
    stem=stem,
    common_words=_common_words(),
    live_rules=tuple(re.compile(p) for p in _ALWAYS),
    live_unless_question=tuple(re.compile(p) for p in _UNLESS_QUESTION),
    crisis_rules=tuple(re.compile(p) for p in _CRISIS),
    crisis_across=tuple(re.compile(p) for p in _CRISIS_ACROSS),
    sentence_model="minilm-l6",
    general_question=GENERAL_QUESTION,
    drug_pronouns=frozenset({"it", "that stuff", "this stuff", "the stuff", "that shit", "shit"}),
    use_words=frozenset(stem(w) for w in USE_WORDS),
    use_verbs=frozenset(stem(w) for w in USE_VERBS),
    question_leads=frozenset(QUESTION_LEADS),
    # "so" before how much of something ("snores so loud") starts no clause
    conjunctions=(
        r"but|so(?! (?:loud|loudly|much|many|bad|badly|hard|long|far|often|fast|quick|"
        r"slow|high|deep|deeply|heavy|heavily|weird|little|few)\b)|because|cause|cuz"
    ),
    negations=frozenset(("not", "dont", "doesnt", "didnt", "never", "wont", "cant")),
    determiners=frozenset(
        ("my", "your", "his", "her", "our", "their", "the", "a", "an", "this", "these", "those")
    ),
    clause_marks=re.compile(
        r"\b(?:but|so|anyway|basically|my question is|question is|i want to know|"
        r"i need to know|wondering|can you tell me)\b",
        re.IGNORECASE,
    ),
)
