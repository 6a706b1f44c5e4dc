/**
 * Word lists the reply gate uses: function words of the Latin-script languages it can tell apart, and
 * very common English words that say nothing about a post's topic. Hand-picked from general knowledge of
 * each language's most frequent words (no external list copied); small on purpose, since the gate only
 * needs proportions, not full coverage.
 */

/** Function words per language (ISO 639-1): each text's share of them identifies its language. */
export const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    'the a an and or but of to in on at for with from by is are was were be been am i me my we our you your he she it its they them their this that these those not no so if as just have has had do did does will would can could should what when where who how why there here about than then very up out all some'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las un una unos unas y o pero de del al en con por para es son era fue ser estoy está están estaba yo mi mis me nosotros tu tus su sus él ella ellos que qué cuando donde como muy más ya no sí este esta estos eso hay tengo tiene también porque todo pero hoy'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les un une des et ou mais de du au aux en dans avec pour par sur est sont était suis être je j mon ma mes me nous vous tu ton ta il elle ils elles que qui quand où comme très plus pas ne ce cette ces il y a ai avait aussi parce tout aujourd hui c est'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das den dem des ein eine einen einem und oder aber von zu im in mit für auf ist sind war bin sein ich mich mein meine mir wir uns du dein er sie es ihr nicht kein keine dass wenn wo wie sehr mehr schon auch noch nur heute weil alles hat habe hatte'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il lo la i gli le un uno una e o ma di del della al alla in con per su è sono era ero essere io mi mio mia miei noi tu tuo lui lei loro che quando dove come molto più non sì questo questa quello anche perché tutto oggi ho ha ci'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'o a os as um uma uns umas e ou mas de do da dos das ao em no na nos nas com por para é são era foi ser estou está eu meu minha meus me nós você seu sua ele ela eles que quando onde como muito mais não sim este esta isso há tenho tem também porque tudo hoje'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en of maar van naar in op met voor bij is zijn was ben ik mij mijn me wij we ons jij je jou hij zij ze het niet geen dat wanneer waar hoe heel meer al ook nog alleen vandaag omdat alles heb heeft had er'.split(
      ' ',
    ),
  ),
};

/** First-person words (the poster's point of view), for the languages above. */
export const FIRST_PERSON = new Set(
  "i me my mine myself i'm i've i'd i'll we us our ours yo me mi mis nosotros je j moi mon ma mes nous ich mich mir mein meine wir uns io mio mia miei noi eu meu minha nós ik mij mijn wij ons".split(
    ' ',
  ),
);

/** English second-person words: a reply that talks to the poster. */
export const SECOND_PERSON = new Set("you your yours yourself you're you've you'd you'll ya".split(' '));

/**
 * Common English words too general to show that two texts share a topic (on top of STOPWORDS.en): a
 * children's story and a post both say "day", "went", "little", "really".
 */
export const GENERIC_WORDS = new Set(
  `also any because been being both each few more most other own same such too only even ever still yet again always never often now today tomorrow yesterday
  day days time times year years week weeks month months thing things something anything everything nothing someone anyone everyone people person
  way lot lots bit kind sort get gets got getting go goes going went gone come came coming make made making take took taking give gave say said says
  tell told know knew think thought want wanted need needed feel felt look looked see saw seen like liked love loved really actually literally
  good great bad best better new old big small little long last first next one two three back well much many every let put keep kept try tried
  just okay ok yes yeah lol omg haha honestly basically maybe finally still around away over under into onto off down while after before since until
  though although however anyway would could should might must shall can will don't can't won't i'm it's that's there's isn't wasn't didn't doesn't`.split(
    /\s+/,
  ),
);

/**
 * Word stems (see `stem` in reply-gate-text.ts) that mark the kinds of personal detail posts disclose. A
 * rewrite is asked to change every specific value (nurse → paramedic, Leeds → Bristol, husband → partner),
 * so two texts that mention the same kinds share a topic even when they share no content word.
 */
export const TOPIC_KINDS: Readonly<Record<string, readonly string[]>> = {
  family:
    `husband wife partner boyfriend girlfriend fiance fiancee spouse son daughter kid child children baby mum mom mother dad father parent brother sister sibling grandma grandmother grandpa grandfather nan gran aunt uncle cousin family niece nephew twin toddler wedding married marriage`.split(
      /\s+/,
    ),
  work: `job work boss manager colleague coworker office shift career role position promotion interview hire fire salary employer company team client nurse teacher engineer doctor lawyer developer designer chef barista consultant accountant paramedic retail warehouse startup contract resign quit workplace redundant laid hospital clinic firm agency bakery restaurant cafe store shop shift colleague postman postwoman driver firefighter police officer soldier carpenter plumber electrician builder mechanic cleaner receptionist secretary photographer architect analyst manager assistant waiter waitress bartender baker farmer pharmacist dentist vet midwife carer caregiver surgeon therapist scientist researcher lecturer professor journalist writer artist musician actor programmer coder banker cashier technician labourer apprentice intern freelance self-employed unemployed retired retire pension`.split(
    /\s+/,
  ),
  place:
    `move relocat city town village country flat apartment neighbourhood neighborhood street landlord rent lease neighbour neighbor settl abroad`.split(
      /\s+/,
    ),
  health:
    `doctor hospital diagnos surgery therapy therapist medication med pain anxiety depress cancer diabet asthma migraine clinic appointment symptom chronic ill sick injur physio pregnan adhd autis covid flu mental health mole dermatolog skin blood heart knee back bone stroke chemo chemotherapy tumour tumor cardiolog consultant gp nhs ward operation op scan mri x-ray fracture broke broken hip epilep arthritis endometriosis dyslexia dyspraxia ocd ptsd bipolar panic insomnia allerg eczema acl ligament recovery rehab diagnosis prescription insulin inhaler wheelchair disab deaf blind`.split(
      /\s+/,
    ),
  education:
    `degree university uni college school graduat phd master student exam thesis course class lecturer semester study studi grade teacher`.split(
      /\s+/,
    ),
  appearance:
    `hair haircut tall short weight height eye skin beard tattoo glass fringe bob dress outfit look mirror`.split(
      /\s+/,
    ),
  money:
    `money pay paid salary rent saving debt loan bill price cost expensive cheap budget mortgage afford £ $ € k`.split(
      /\s+/,
    ),
  age: `age birthday turn old year`.split(/\s+/),
};
