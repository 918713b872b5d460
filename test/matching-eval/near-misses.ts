/**
 * Hand-written vacancies that test the edges of matching: occupation names
 * only as synonyms (in the title or only in the description), the same words
 * in another field, the same field at another level, neighbouring codes.
 * `note` says what each one is for; it is kept in the fixture for readers.
 */
export interface HandVacancy {
  kind: 'job' | 'apprenticeship';
  occupation: string;
  title: string;
  description: string;
  summary: string;
  town: string;
  workingTime: 'full' | 'part' | 'either';
  germanLevel: 'none' | 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2';
  qualification: 'none' | 'vocational' | 'academic';
  partTimeTraining?: boolean;
  drivingLicence?: boolean;
  shiftWork?: boolean;
  support?: string[];
  note: string;
}

export const NEAR_MISSES: HandVacancy[] = [
  // Warehouse
  {
    kind: 'job', occupation: '51312', title: 'Lagerist (m/w/d) Wareneingang', town: 'Leipzig', workingTime: 'full', germanLevel: 'A2', qualification: 'vocational',
    description: 'Für unser Ersatzteillager im Leipziger Norden suchen wir einen Lageristen. Sie nehmen Lieferungen an, prüfen Lieferscheine, buchen die Teile im Warenwirtschaftssystem und lagern sie ein. Erfahrung als Lagerist ist erwünscht, ein Staplerschein ist von Vorteil.',
    summary: 'Sie nehmen Lieferungen an und lagern Ersatzteile ein. Arbeit in Vollzeit in Leipzig.',
    note: 'Lagerlogistik only as the synonym "Lagerist"; the official title appears nowhere',
  },
  {
    kind: 'job', occupation: '51312', title: 'Mitarbeiter Wareneingang und Versand (m/w/d)', town: 'Taucha', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational',
    description: 'Ein Versandhändler für Gartenbedarf in Taucha sucht Verstärkung. Sie arbeiten als Fachlagerist im Wareneingang und im Versand: Ware kontrollieren, einlagern, Aufträge kommissionieren und verpacken. Sie haben eine Ausbildung als Fachlagerist oder mehrere Jahre Erfahrung im Lager.',
    summary: 'Sie kontrollieren Ware, lagern sie ein und packen Aufträge. Vollzeit in Taucha.',
    note: 'title without any occupation name; "Fachlagerist" only in the description',
  },
  {
    kind: 'job', occupation: '53112', title: 'Fachkraft für Schutz und Sicherheit (m/w/d) – Logistikzentrum', town: 'Leipzig', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational', shiftWork: true,
    description: 'Sie sichern das Gelände eines großen Unternehmens der Lagerlogistik am Flughafen: Zufahrtskontrolle, Streifengänge, Alarmverfolgung. Abgeschlossene Ausbildung als Fachkraft für Schutz und Sicherheit oder Sachkundeprüfung nach § 34a GewO.',
    summary: 'Sie bewachen ein großes Logistikzentrum und kontrollieren die Zufahrt. Schichtdienst.',
    note: 'same words ("Fachkraft", "Lagerlogistik") in another field: security, not warehouse',
  },
  {
    kind: 'job', occupation: '51622', title: 'Disponent Lagerlogistik und Transport (m/w/d)', town: 'Leipzig', workingTime: 'full', germanLevel: 'B2', qualification: 'vocational',
    description: 'Sie planen Touren und Lagerkapazitäten in unserem Speditionsbüro und arbeiten eng mit unseren Fachkräften für Lagerlogistik zusammen. Ausbildung als Kaufmann für Spedition und Logistikdienstleistung erwünscht.',
    summary: 'Sie planen im Büro Transporte und Lagerplätze.',
    note: 'office work at a freight forwarder that names the warehouse occupation in its text',
  },
  {
    kind: 'job', occupation: '51311', title: 'Mitarbeiter Versandapotheke (m/w/d)', town: 'Leipzig', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Unsere Versandapotheke verschickt täglich tausende Pakete. Sie packen Bestellungen, scannen Artikel und bereiten Sendungen für den Paketdienst vor. Keine Ausbildung nötig, wir lernen Sie an.',
    summary: 'Sie packen Pakete in einer Versandapotheke. Vollzeit in Leipzig.',
    note: 'warehouse helper job; "Apotheke" shares the stem of the pharmacist titles',
  },
  {
    kind: 'job', occupation: '51311', title: 'Packer / Verpacker (m/w/d) im Versandzentrum', town: 'Leipzig', workingTime: 'full', germanLevel: 'none', qualification: 'none', shiftWork: true,
    description: 'Im Versandzentrum verpacken Sie Waren für Onlinekunden, kleben Versandetiketten und stellen Paletten zusammen. Deutschkenntnisse sind nicht nötig, die Einarbeitung erfolgt mit Bildern und in mehreren Sprachen.',
    summary: 'Sie packen Waren für Onlinekunden. Deutsch ist nicht nötig.',
    note: 'warehouse helper named only by synonyms (Packer, Verpacker)',
  },
  // Care, health, pharmacy
  {
    kind: 'job', occupation: '81301', title: 'Pflegehilfskraft (m/w/d) Tagespflege', town: 'Leipzig', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'In unserer Tagespflege begleiten Sie Seniorinnen und Senioren durch den Tag, helfen beim Essen und bei der Körperpflege und unterstützen unsere Pflegefachkräfte. Keine Nacht- und Wochenenddienste.',
    summary: 'Sie helfen alten Menschen in der Tagespflege. Keine Nachtdienste.',
    note: 'care helper named by a synonym',
  },
  {
    kind: 'job', occupation: '12101', title: 'Grünpflege und Hausmeisterservice (m/w/d)', town: 'Leipzig', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Sie mähen Rasen, schneiden Hecken und pflegen die Grünanlagen unserer Wohnanlagen. Im Winter übernehmen Sie den Winterdienst.',
    summary: 'Sie pflegen Rasen und Hecken bei Wohnhäusern.',
    note: '"Pflege" here is gardening, not care',
  },
  {
    kind: 'apprenticeship', occupation: '81102', title: 'Ausbildung Arzthelferin / Arzthelfer (m/w/d)', town: 'Leipzig', workingTime: 'either', germanLevel: 'B1', qualification: 'none',
    description: 'Unsere Hausarztpraxis in Leipzig-Gohlis bildet aus. Sie lernen Patienten zu empfangen, Blut abzunehmen, EKGs zu schreiben und die Abrechnung zu machen. Die Ausbildung ist in Voll- oder Teilzeit möglich.',
    summary: 'Ausbildung in einer Arztpraxis. Sie lernen Empfang, Blutabnahme und Abrechnung. Auch in Teilzeit.',
    note: 'MFA apprenticeship named only by the old synonym "Arzthelferin"',
  },
  {
    kind: 'apprenticeship', occupation: '62102', title: 'Ausbildung Kauffrau im Einzelhandel (m/w/d) – Teilzeit möglich', town: 'Leipzig', workingTime: 'full', germanLevel: 'B1', qualification: 'none', partTimeTraining: true,
    description: 'Unser Modehaus in der Innenstadt bildet aus. Sie beraten Kundinnen, gestalten Schaufenster und lernen Warenwirtschaft und Kasse. Die Ausbildung kann in Teilzeit gemacht werden, zum Beispiel für Mütter und Väter.',
    summary: 'Ausbildung im Modegeschäft. Beraten, Kasse, Schaufenster. Auch in Teilzeit.',
    note: 'retail apprenticeship named by a synonym; part-time training',
  },
  {
    kind: 'apprenticeship', occupation: '81142', title: 'Ausbildung Tiermedizinische Fachangestellte (m/w/d)', town: 'Leipzig', workingTime: 'either', germanLevel: 'B1', qualification: 'none',
    description: 'Kleintierpraxis in Leipzig-Connewitz bildet aus. Sie assistieren bei Untersuchungen und Operationen, betreuen Tierhalter am Empfang und kümmern sich um die Praxishygiene.',
    summary: 'Ausbildung in der Tierarztpraxis. Sie helfen bei der Behandlung von Tieren.',
    note: 'neighbour of the MFA (Fachangestellte) in another field: animals, not people',
  },
  {
    kind: 'job', occupation: '62412', title: 'Verkäuferin Drogerie (m/w/d) – Teilzeit', town: 'Leipzig', workingTime: 'part', germanLevel: 'B1', qualification: 'none',
    description: 'Für unsere Filiale im Leipziger Osten suchen wir Unterstützung: Kunden zu Kosmetik, Pflege und Gesundheit beraten, Ware verräumen, kassieren. Pharmazeutische Vorkenntnisse sind willkommen.',
    summary: 'Sie beraten Kunden in der Drogerie und kassieren. Teilzeit.',
    note: 'drugstore job named by a synonym',
  },
  // Childcare, tailoring, construction (Leipzig)
  {
    kind: 'job', occupation: '83113', title: 'Pädagogische Fachkraft (m/w/d) im Hort – Teilzeit', town: 'Leipzig', workingTime: 'part', germanLevel: 'B2', qualification: 'vocational',
    description: 'Unser Hort an einer Grundschule sucht eine pädagogische Fachkraft für 25 Stunden pro Woche. Sie begleiten Kinder nach der Schule, bei den Hausaufgaben und in Projekten. Ausländische Abschlüsse in Pädagogik oder Lehramt werden bei der Anerkennung unterstützt.',
    summary: 'Sie betreuen Schulkinder am Nachmittag. 25 Stunden pro Woche.',
    note: 'educator job named only by "pädagogische Fachkraft"; welcomes foreign teaching degrees',
  },
  {
    kind: 'job', occupation: '28222', title: 'Schneiderin (m/w/d) für Änderungsatelier', town: 'Leipzig', workingTime: 'part', germanLevel: 'A2', qualification: 'vocational',
    description: 'Unser Änderungsatelier in der Südvorstadt sucht Verstärkung: Hosen kürzen, Reißverschlüsse einsetzen, Kleider anpassen. Berufserfahrung aus dem Ausland ist willkommen.',
    summary: 'Sie ändern Kleidung: kürzen, anpassen, reparieren. Teilzeit.',
    note: 'tailoring named by a synonym; foreign experience welcome',
  },
  {
    kind: 'job', occupation: '32101', title: 'Helfer (m/w/d) für Abbruch und Entkernung', town: 'Leipzig', workingTime: 'full', germanLevel: 'A1', qualification: 'none',
    description: 'Für Sanierungsprojekte in Leipzig suchen wir Helfer auf der Baustelle: Innenwände abbrechen, Schutt entsorgen, Material tragen. Einfache Deutschkenntnisse reichen.',
    summary: 'Sie helfen auf der Baustelle beim Abbrechen von Wänden.',
    note: 'construction helper without the word "Bauhelfer"',
  },
  // Dresden
  {
    kind: 'apprenticeship', occupation: '25212', title: 'Ausbildung Automechaniker (m/w/d)', town: 'Radebeul', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Freie Kfz-Werkstatt in Radebeul bildet aus. Sie lernen Inspektionen, Bremsen, Elektronik und Diagnose, also alles, was ein Kraftfahrzeugmechatroniker können muss.',
    summary: 'Ausbildung in einer Autowerkstatt. Sie lernen Autos zu reparieren.',
    note: 'Kfz-Mechatroniker apprenticeship named by synonyms',
  },
  {
    kind: 'apprenticeship', occupation: '26212', title: 'Ausbildung zum Elektriker (m/w/d)', town: 'Radeberg', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Unser Elektrobetrieb bildet aus: Installationen in Neubauten, Smart-Home-Technik, Photovoltaik. Sie lernen im Betrieb und in der Berufsschule in Dresden.',
    summary: 'Ausbildung als Elektriker. Sie installieren Strom in Häusern.',
    note: 'electrician apprenticeship named by the everyday word "Elektriker"',
  },
  {
    kind: 'apprenticeship', occupation: '22212', title: 'Ausbildung Fahrzeuglackierer (m/w/d) in der Kfz-Werkstatt', town: 'Dresden', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Unser Karosserie- und Lackzentrum bildet aus. Sie bereiten Fahrzeuge vor, mischen Farben und lackieren. Sie arbeiten Hand in Hand mit unseren Kfz-Mechatronikern.',
    summary: 'Ausbildung: Sie lackieren Autos.',
    note: 'another vehicle occupation that names Kfz-Mechatroniker in its text',
  },
  {
    kind: 'job', occupation: '25212', title: 'Kfz-Mechatroniker Geselle (m/w/d)', town: 'Dresden', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational',
    description: 'Markenwerkstatt sucht Kfz-Mechatroniker mit abgeschlossener Ausbildung für Service und Diagnose.',
    summary: 'Arbeit als Kfz-Mechatroniker mit Ausbildung.',
    note: 'the desired occupation, but a job for skilled workers (kind trap for apprentices)',
  },
  {
    kind: 'job', occupation: '43414', title: 'Webentwickler (m/w/d) PHP und JavaScript', town: 'Dresden', workingTime: 'full', germanLevel: 'B1', qualification: 'academic',
    description: 'Agentur für Onlineshops sucht Verstärkung: Shopsysteme anpassen, Schnittstellen programmieren, Performance optimieren. Studium der Informatik oder vergleichbare Erfahrung; Teamsprache Deutsch und Englisch.',
    summary: 'Sie programmieren Onlineshops.',
    note: 'software developer named by a synonym',
  },
  {
    kind: 'job', occupation: '23212', title: 'Webdesigner (m/w/d)', town: 'Dresden', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational',
    description: 'Sie gestalten Webseiten und Social-Media-Grafiken für unsere Kunden. Ausbildung als Mediengestalter Digital und Print oder vergleichbar.',
    summary: 'Sie gestalten Webseiten und Grafiken.',
    note: '"Web" in the title, but design, not software development',
  },
  {
    kind: 'job', occupation: '41322', title: 'Laborant (m/w/d) Wasseranalytik', town: 'Dresden', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational',
    description: 'Unser Umweltlabor untersucht Trink- und Abwasser. Sie bereiten Proben vor, messen mit Chromatographie und Photometrie und dokumentieren die Ergebnisse.',
    summary: 'Sie untersuchen Wasserproben im Labor.',
    note: 'chemistry lab technician named by the shared synonym "Laborant"',
  },
  {
    kind: 'job', occupation: '81212', title: 'Laborassistent (m/w/d) im medizinischen Labor', town: 'Dresden', workingTime: 'full', germanLevel: 'B2', qualification: 'vocational',
    description: 'Im Krankenhauslabor analysieren Sie Blutproben, bedienen Analyseautomaten und prüfen Ergebnisse. Ausbildung als MTL oder MTA erforderlich.',
    summary: 'Sie untersuchen Blutproben im Krankenhaus.',
    note: 'laboratory work in another field (medicine, not chemistry)',
  },
  {
    kind: 'job', occupation: '29301', title: 'Beikoch (m/w/d)', town: 'Dresden', workingTime: 'either', germanLevel: 'A1', qualification: 'none',
    description: 'Restaurant in der Neustadt sucht Beikoch: Vorbereitung, Salate, einfache Gerichte unter Anleitung des Küchenchefs.',
    summary: 'Sie bereiten in der Küche Salate und einfache Gerichte vor.',
    note: 'kitchen helper named by the synonym "Beikoch", which contains "Koch"',
  },
  {
    kind: 'job', occupation: '63301', title: 'Spüler (m/w/d) im Hotelrestaurant', town: 'Dresden', workingTime: 'part', germanLevel: 'none', qualification: 'none',
    description: 'Sie spülen Geschirr und Töpfe, halten die Spülküche sauber und helfen beim Abräumen. Deutsch ist nicht nötig.',
    summary: 'Sie spülen Geschirr im Hotelrestaurant. Teilzeit, Deutsch nicht nötig.',
    note: 'service helper named by a synonym; a neighbour of the kitchen helper',
  },
  {
    kind: 'job', occupation: '54112', title: 'Fensterputzer (m/w/d) Teilzeit', town: 'Dresden', workingTime: 'part', germanLevel: 'none', qualification: 'none',
    description: 'Für die Glasreinigung in Büros und Geschäften suchen wir Helfer. Wir arbeiten Sie ein; Deutsch ist nicht nötig.',
    summary: 'Sie putzen Fenster in Büros und Geschäften. Teilzeit.',
    note: 'simple cleaning job filed under the skilled building cleaner code',
  },
  {
    kind: 'job', occupation: '72212', title: 'Mitarbeiter Rechnungswesen (m/w/d)', town: 'Dresden', workingTime: 'either', germanLevel: 'B2', qualification: 'vocational',
    description: 'Sie übernehmen die Kreditorenbuchhaltung, bereiten Zahlungsläufe vor und helfen beim Monatsabschluss. Ausländische Abschlüsse in Finanzwesen sind willkommen.',
    summary: 'Sie buchen Rechnungen und bereiten Zahlungen vor.',
    note: 'accountant without the word "Buchhalter"',
  },
  {
    kind: 'job', occupation: '26304', title: 'Projektingenieur (m/w/d) Energietechnik', town: 'Dresden', workingTime: 'full', germanLevel: 'B2', qualification: 'academic',
    description: 'Sie planen Umspannwerke und Mittelspannungsanlagen und begleiten Projekte bis zur Inbetriebnahme. Studium der Elektrotechnik; ausländische Abschlüsse mit Anerkennung im Verfahren sind willkommen.',
    summary: 'Sie planen als Ingenieur Stromanlagen.',
    note: 'electrical engineer named by the project role',
  },
  {
    kind: 'job', occupation: '11522', title: 'Tierpfleger (m/w/d) im Tierheim', town: 'Dresden', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational',
    description: 'Das Tierheim sucht eine ausgebildete Tierpflegerin oder einen Tierpfleger für Hunde und Katzen.',
    summary: 'Sie pflegen Hunde und Katzen im Tierheim.',
    note: 'the desired occupation, but a job (kind trap for apprentices)',
  },
  {
    kind: 'job', occupation: '92122', title: 'Kundenservice (m/w/d) Chat und E-Mail', town: 'Dresden', workingTime: 'either', germanLevel: 'B2', qualification: 'none',
    description: 'Sie beantworten Fragen unserer Kunden per Chat und E-Mail, auch auf Englisch und Arabisch. Quereinsteiger sind willkommen.',
    summary: 'Sie beantworten Kundenfragen per Chat und E-Mail.',
    note: 'dialogue marketing without a telephone in the title',
  },
  // Chemnitz and the south-west
  {
    kind: 'job', occupation: '54101', title: 'Putzkraft (m/w/d) für Arztpraxis', town: 'Chemnitz', workingTime: 'part', germanLevel: 'A2', qualification: 'none',
    description: 'Sie reinigen abends eine Arztpraxis: Böden, Sanitärräume, Oberflächen. 12 Stunden pro Woche.',
    summary: 'Sie putzen abends eine Arztpraxis. 12 Stunden pro Woche.',
    note: 'cleaner named by a synonym in a medical setting',
  },
  {
    kind: 'job', occupation: '81301', title: 'Pflegekraft in Anerkennung (m/w/d)', town: 'Chemnitz', workingTime: 'full', germanLevel: 'B1', qualification: 'none', shiftWork: true,
    description: 'Sie haben im Ausland Pflege gelernt und Ihre Anerkennung läuft? Bei uns arbeiten Sie bis zur Anerkennung als Pflegehilfskraft, wir bezahlen den Anpassungslehrgang und die Sprachkurse. Danach arbeiten Sie als Pflegefachkraft.',
    summary: 'Für Pflegekräfte aus dem Ausland: Arbeit bis zur Anerkennung, dann Pflegefachkraft.',
    support: ['language_course', 'recognition_help'],
    note: 'helper code, but made for nurses whose recognition is pending',
  },
  {
    kind: 'job', occupation: '84454', title: 'Dozent (m/w/d) Deutsch als Fremdsprache', town: 'Chemnitz', workingTime: 'either', germanLevel: 'C1', qualification: 'academic',
    description: 'Sie unterrichten Deutschkurse von A1 bis B2 für Erwachsene. Studium mit Zusatzqualifikation DaF/DaZ oder Erfahrung im Unterricht.',
    summary: 'Sie unterrichten Deutsch für Erwachsene.',
    note: 'language teacher named by "Dozent"',
  },
  {
    kind: 'job', occupation: '25122', title: 'Produktionsmitarbeiter (m/w/d) im Schichtbetrieb', town: 'Chemnitz', workingTime: 'full', germanLevel: 'A2', qualification: 'none', shiftWork: true,
    description: 'Sie bedienen unsere Fertigungsanlagen für Autoteile, prüfen die Qualität und melden Störungen. Wir schulen Sie ein.',
    summary: 'Sie bedienen Maschinen in der Autoteile-Fabrik. Schichtarbeit.',
    note: 'machine operator named by the generic "Produktionsmitarbeiter"',
  },
  {
    kind: 'job', occupation: '34212', title: 'Kundendiensttechniker Heizung (m/w/d)', town: 'Chemnitz', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational', drivingLicence: true,
    description: 'Mit dem Servicewagen fahren Sie zu unseren Kunden, warten Gas- und Ölheizungen und Wärmepumpen und beheben Störungen.',
    summary: 'Sie warten und reparieren Heizungen bei Kunden.',
    note: 'plumbing and heating named by the service role',
  },
  {
    kind: 'job', occupation: '52122', title: 'Fahrer (m/w/d) Klasse C für Baustoffhandel', town: 'Zwickau', workingTime: 'full', germanLevel: 'B1', qualification: 'vocational', drivingLicence: true,
    description: 'Sie beliefern Baustellen mit Baustoffen und entladen mit dem Ladekran. Führerschein Klasse C/CE und Fahrerkarte erforderlich.',
    summary: 'Sie fahren LKW und liefern Baustoffe.',
    note: 'truck driver named by "Fahrer Klasse C"',
  },
  {
    kind: 'apprenticeship', occupation: '29222', title: 'Ausbildung Konditor (m/w/d)', town: 'Riesa', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Unsere Konditorei bildet aus: Torten, Pralinen, Feingebäck. Sie lernen in der Backstube und in der Berufsschule.',
    summary: 'Ausbildung in der Konditorei: Torten und Kuchen.',
    note: 'confectioner, filed under the baker code',
  },
  // Lusatia and the north
  {
    kind: 'job', occupation: '11101', title: 'Mitarbeiter Obstplantage (m/w/d)', town: 'Torgau', workingTime: 'full', germanLevel: 'A1', qualification: 'none',
    description: 'Auf unserer Obstplantage helfen Sie beim Schnitt der Bäume, bei der Apfelernte und beim Sortieren.',
    summary: 'Sie arbeiten auf einer Obstplantage: schneiden, ernten, sortieren.',
    note: 'harvest worker without the word "Erntehelfer"',
  },
  {
    kind: 'job', occupation: '53111', title: 'Pförtner (m/w/d) im Kraftwerk', town: 'Boxberg', workingTime: 'full', germanLevel: 'A2', qualification: 'none', shiftWork: true,
    description: 'Sie kontrollieren an der Pforte Besucher und Lieferanten, geben Ausweise aus und machen Rundgänge.',
    summary: 'Sie kontrollieren Besucher an der Pforte eines Kraftwerks.',
    note: 'security named by "Pförtner"',
  },
  {
    kind: 'apprenticeship', occupation: '82312', title: 'Ausbildung Barbier / Herrenfriseur (m/w/d)', town: 'Görlitz', workingTime: 'either', germanLevel: 'A2', qualification: 'none',
    description: 'Barbershop in der Altstadt bildet aus: Haarschnitte, Bartpflege, Rasur. Wir sind ein internationales Team.',
    summary: 'Ausbildung im Barbershop: Haare schneiden und Bärte pflegen.',
    note: 'hairdresser named by synonyms',
  },
  {
    kind: 'job', occupation: '62112', title: 'Mitarbeiter Kasse und Shop (m/w/d) Tankstelle', town: 'Bautzen', workingTime: 'part', germanLevel: 'A2', qualification: 'none',
    description: 'An unserer Tankstelle kassieren Sie, backen Brötchen auf und halten den Shop sauber. Teilzeit, auch am Wochenende.',
    summary: 'Sie kassieren an der Tankstelle und helfen im Shop.',
    note: 'cashier in a petrol station shop',
  },
  {
    kind: 'job', occupation: '34102', title: 'Hauswart (m/w/d) Wohnanlage', town: 'Weißwasser', workingTime: 'full', germanLevel: 'A2', qualification: 'none',
    description: 'Sie betreuen drei Wohnblöcke: kleine Reparaturen, Treppenhausreinigung kontrollieren, Winterdienst.',
    summary: 'Sie kümmern sich um drei Wohnhäuser.',
    note: 'caretaker named by a synonym; no driving licence needed',
  },
];
