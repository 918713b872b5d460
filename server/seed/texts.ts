import type { GermanLevel } from '../db/database.ts';

/**
 * How employers word a demo vacancy, per occupation (KldB 2010 code): the
 * titles they write, the apprenticeship's title, three tasks for the
 * description, one sentence in simple German for the summary, and the German
 * a job in it usually asks (lowest and highest). Occupations without an entry
 * get their catalogue title and a neutral text (occupationText).
 *
 * German levels follow what the field asks in practice: nursing B2 (the level
 * recognition and the nursing schools require), security B1 (the Unterrichtung
 * under § 34a GewO is held in German), warehouse, cleaning and kitchen help
 * A1–A2, trades and retail B1.
 */
export interface OccupationText {
  titles: string[];
  apprenticeship?: string;
  tasks: string[];
  simple: string;
  german: [GermanLevel, GermanLevel];
}

export const OCCUPATION_TEXTS: Record<string, OccupationText> = {
  // Care and health
  '81301': {
    titles: ['Pflegehelfer (m/w/d)', 'Pflegehilfskraft (m/w/d)', 'Helfer in der Pflege (m/w/d)'],
    tasks: [
      'Bewohnerinnen und Bewohnern bei der Körperpflege helfen',
      'beim Essen und Trinken unterstützen',
      'Betten machen und Pflegefachkräfte entlasten',
    ],
    simple: 'Sie helfen Menschen bei der Pflege und beim Essen.',
    german: ['A2', 'B1'],
  },
  '82101': {
    titles: ['Altenpflegehelfer (m/w/d)', 'Pflegehelfer in der Altenpflege (m/w/d)'],
    tasks: ['ältere Menschen im Alltag begleiten', 'bei der Grundpflege helfen', 'Mahlzeiten vorbereiten und reichen'],
    simple: 'Sie helfen älteren Menschen im Alltag.',
    german: ['A2', 'B1'],
  },
  '81302': {
    titles: ['Pflegefachkraft (m/w/d)', 'Pflegefachfrau / Pflegefachmann (m/w/d)', 'Examinierte Pflegefachkraft (m/w/d)'],
    apprenticeship: 'Ausbildung Pflegefachfrau / Pflegefachmann (m/w/d)',
    tasks: ['Pflege planen und dokumentieren', 'Medikamente richten und Verbände wechseln', 'Angehörige beraten und Pflegehelfer anleiten'],
    simple: 'Sie pflegen Menschen und planen die Pflege.',
    german: ['B2', 'C1'],
  },
  '81102': {
    titles: ['Medizinische Fachangestellte (m/w/d)', 'MFA (m/w/d)'],
    apprenticeship: 'Ausbildung Medizinische Fachangestellte / Medizinischer Fachangestellter (m/w/d)',
    tasks: [
      'Patientinnen und Patienten empfangen und Termine vergeben',
      'Blut abnehmen und Untersuchungen vorbereiten',
      'Befunde und Abrechnung am Computer pflegen',
    ],
    simple: 'Sie empfangen Patienten und helfen der Ärztin.',
    german: ['B1', 'B2'],
  },
  '81112': {
    titles: ['Zahnmedizinische Fachangestellte (m/w/d)', 'ZFA (m/w/d)'],
    apprenticeship: 'Ausbildung Zahnmedizinische Fachangestellte / Zahnmedizinischer Fachangestellter (m/w/d)',
    tasks: ['bei der Behandlung am Stuhl assistieren', 'Instrumente reinigen und sterilisieren', 'Termine vergeben und Patienten betreuen'],
    simple: 'Sie helfen dem Zahnarzt bei der Behandlung.',
    german: ['B1', 'B2'],
  },
  '81332': {
    titles: ['Operationstechnische Assistenz (m/w/d)', 'OTA (m/w/d)'],
    tasks: ['Operationen vorbereiten und Instrumente anreichen', 'Sterilgut prüfen', 'Patientinnen und Patienten im OP betreuen'],
    simple: 'Sie arbeiten im Operationssaal mit.',
    german: ['B2', 'C1'],
  },
  '81212': {
    titles: ['Medizinische Technologin für Laboratoriumsanalytik (m/w/d)', 'MTL (m/w/d)'],
    tasks: ['Blut- und Gewebeproben analysieren', 'Laborgeräte bedienen und warten', 'Ergebnisse prüfen und dokumentieren'],
    simple: 'Sie untersuchen Proben im Labor.',
    german: ['B2', 'C1'],
  },
  '81404': {
    titles: ['Assistenzärztin / Assistenzarzt (m/w/d)', 'Ärztin / Arzt in Weiterbildung (m/w/d)'],
    tasks: [
      'Patientinnen und Patienten auf der Station untersuchen und behandeln',
      'an Visiten und Diensten teilnehmen',
      'Befunde und Arztbriefe schreiben',
    ],
    simple: 'Sie behandeln Patienten im Krankenhaus.',
    german: ['C1', 'C1'],
  },
  '81712': {
    titles: ['Physiotherapeut (m/w/d)'],
    tasks: [
      'Behandlungen nach ärztlicher Verordnung durchführen',
      'Übungen mit Patientinnen und Patienten anleiten',
      'Therapieverläufe dokumentieren',
    ],
    simple: 'Sie helfen Menschen, sich wieder gut zu bewegen.',
    german: ['B2', 'C1'],
  },
  '81822': {
    titles: ['Pharmazeutisch-technische Assistentin (m/w/d)', 'PTA (m/w/d)'],
    tasks: ['Kundinnen und Kunden zu Arzneimitteln beraten', 'Rezepturen herstellen', 'Waren annehmen und prüfen'],
    simple: 'Sie beraten Kunden in der Apotheke.',
    german: ['B2', 'C1'],
  },
  '81804': {
    titles: ['Apothekerin / Apotheker (m/w/d)', 'Approbierte Apothekerin / Approbierter Apotheker (m/w/d)'],
    tasks: ['Kundinnen und Kunden zu Arzneimitteln beraten', 'Verordnungen prüfen', 'das Team in der Offizin leiten'],
    simple: 'Sie beraten Kunden und leiten die Apotheke mit.',
    german: ['C1', 'C1'],
  },
  '83211': {
    titles: ['Hauswirtschaftshelfer (m/w/d)', 'Mitarbeiter Hauswirtschaft (m/w/d)'],
    tasks: ['Wäsche waschen und verteilen', 'Zimmer und Gemeinschaftsräume reinigen', 'beim Frühstück und Abendbrot helfen'],
    simple: 'Sie waschen Wäsche und halten die Räume sauber.',
    german: ['A1', 'A2'],
  },
  '83212': {
    titles: ['Hauswirtschafterin / Hauswirtschafter (m/w/d)'],
    apprenticeship: 'Ausbildung Hauswirtschafterin / Hauswirtschafter (m/w/d)',
    tasks: ['Mahlzeiten planen und zubereiten', 'Wäsche und Reinigung organisieren', 'Vorräte einkaufen und lagern'],
    simple: 'Sie kochen, waschen und organisieren den Haushalt im Haus.',
    german: ['B1', 'B1'],
  },
  // Social work and childcare
  '83113': {
    titles: ['Erzieherin / Erzieher (m/w/d)', 'Pädagogische Fachkraft (m/w/d)'],
    tasks: ['Kinder im Alltag begleiten und fördern', 'Beobachtungen dokumentieren', 'Gespräche mit Eltern führen'],
    simple: 'Sie betreuen und fördern Kinder in der Kita.',
    german: ['B2', 'C1'],
  },
  '83111': {
    titles: ['Kinderbetreuer (m/w/d)', 'Pädagogische Hilfskraft (m/w/d)'],
    tasks: [
      'Erzieherinnen und Erzieher im Gruppenalltag unterstützen',
      'beim Essen und Anziehen helfen',
      'Räume für Spiel und Ruhe vorbereiten',
    ],
    simple: 'Sie helfen in der Kita bei der Betreuung der Kinder.',
    german: ['B1', 'B2'],
  },
  '83112': {
    titles: ['Kinderpflegerin / Kinderpfleger (m/w/d)'],
    tasks: ['Kinder im Krippenalter betreuen', 'Pflege und Mahlzeiten begleiten', 'Spielangebote vorbereiten'],
    simple: 'Sie betreuen kleine Kinder.',
    german: ['B1', 'B2'],
  },
  '83131': {
    titles: ['Betreuungshelfer in der Eingliederungshilfe (m/w/d)', 'Heilerziehungspflegehelfer (m/w/d)'],
    tasks: ['Menschen mit Behinderung im Alltag begleiten', 'bei Pflege und Mahlzeiten helfen', 'Ausflüge und Freizeit mitgestalten'],
    simple: 'Sie begleiten Menschen mit Behinderung im Alltag.',
    german: ['A2', 'B1'],
  },
  '83133': {
    titles: ['Heilerziehungspfleger (m/w/d)'],
    tasks: ['Menschen mit Behinderung pflegen und fördern', 'Förderpläne schreiben', 'Helferinnen und Helfer anleiten'],
    simple: 'Sie pflegen und fördern Menschen mit Behinderung.',
    german: ['B2', 'B2'],
  },
  '83142': {
    titles: ['Sozialassistentin / Sozialassistent (m/w/d)'],
    tasks: ['Bewohnerinnen und Bewohner im Alltag unterstützen', 'Freizeitangebote begleiten', 'im Haushalt mithelfen'],
    simple: 'Sie unterstützen Menschen im Alltag.',
    german: ['B1', 'B2'],
  },
  // Food trades
  '29222': {
    titles: ['Bäcker (m/w/d)', 'Bäckergeselle (m/w/d)', 'Bäcker in der Frühschicht (m/w/d)'],
    apprenticeship: 'Ausbildung Bäcker (m/w/d)',
    tasks: ['Teige herstellen und Brot backen', 'Brötchen und Kuchen backen', 'den Backofen bedienen und die Backstube sauber halten'],
    simple: 'Sie backen Brot, Brötchen und Kuchen.',
    german: ['A2', 'B1'],
  },
  '62312': {
    titles: ['Fachverkäuferin Bäckerei (m/w/d)', 'Verkäufer in der Bäckerei (m/w/d)'],
    apprenticeship: 'Ausbildung Fachverkäufer im Lebensmittelhandwerk – Bäckerei (m/w/d)',
    tasks: ['Kundinnen und Kunden bedienen und beraten', 'belegte Brötchen und Kaffee zubereiten', 'die Theke schön und sauber halten'],
    simple: 'Sie verkaufen Brot und Kuchen und machen Kaffee.',
    german: ['A2', 'B1'],
  },
  '29232': {
    titles: ['Fleischer (m/w/d)', 'Fleischergeselle (m/w/d)'],
    apprenticeship: 'Ausbildung Fleischer (m/w/d)',
    tasks: ['Fleisch zerlegen und verarbeiten', 'Wurst und Schinken herstellen', 'auf Hygiene und Kühlung achten'],
    simple: 'Sie verarbeiten Fleisch und machen Wurst.',
    german: ['A2', 'B1'],
  },
  '62322': {
    titles: ['Fachverkäuferin Fleischerei (m/w/d)', 'Verkäufer an der Fleischtheke (m/w/d)'],
    apprenticeship: 'Ausbildung Fachverkäufer im Lebensmittelhandwerk – Fleischerei (m/w/d)',
    tasks: ['Kundinnen und Kunden an der Theke bedienen', 'Fleisch und Wurst portionieren', 'den Mittagstisch vorbereiten'],
    simple: 'Sie verkaufen Fleisch und Wurst an der Theke.',
    german: ['A2', 'B1'],
  },
  '62301': {
    titles: ['Verkaufshilfe Lebensmittel (m/w/d)', 'Aushilfe an der Theke (m/w/d)'],
    tasks: ['Waren auffüllen', 'an der Theke bedienen', 'Verkaufsraum sauber halten'],
    simple: 'Sie helfen im Laden und an der Theke.',
    german: ['A1', 'A2'],
  },
  '29201': {
    titles: ['Produktionshelfer Lebensmittel (m/w/d)', 'Mitarbeiter Produktion (m/w/d)'],
    tasks: ['Lebensmittel am Band verpacken', 'Maschinen befüllen', 'auf Sauberkeit und Hygiene achten'],
    simple: 'Sie packen Lebensmittel und helfen an den Maschinen.',
    german: ['none', 'A2'],
  },
  '29202': {
    titles: ['Fachkraft für Lebensmitteltechnik (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Lebensmitteltechnik (m/w/d)',
    tasks: ['Produktionsanlagen einstellen und überwachen', 'Qualität prüfen', 'Rezepturen umsetzen'],
    simple: 'Sie steuern Maschinen in der Lebensmittelproduktion.',
    german: ['B1', 'B1'],
  },
  // Gastronomy and hotels
  '29301': {
    titles: ['Küchenhilfe (m/w/d)', 'Spülkraft (m/w/d)', 'Küchenhelfer (m/w/d)'],
    tasks: ['Gemüse und Salat vorbereiten', 'Geschirr spülen', 'die Küche sauber halten'],
    simple: 'Sie helfen in der Küche und spülen.',
    german: ['none', 'A2'],
  },
  '29302': {
    titles: ['Koch (m/w/d)', 'Jungkoch (m/w/d)', 'Beikoch (m/w/d)'],
    apprenticeship: 'Ausbildung Koch (m/w/d)',
    tasks: ['Speisen nach Rezept zubereiten', 'Waren annehmen und lagern', 'auf Hygiene in der Küche achten'],
    simple: 'Sie kochen Essen für Gäste.',
    german: ['A2', 'B1'],
  },
  '63301': {
    titles: ['Servicekraft (m/w/d)', 'Servicehelfer (m/w/d)', 'Mitarbeiter Service (m/w/d)'],
    tasks: ['Tische eindecken und abräumen', 'Getränke und Speisen servieren', 'den Gastraum sauber halten'],
    simple: 'Sie bringen Gästen Essen und Getränke.',
    german: ['A2', 'B1'],
  },
  '63302': {
    titles: ['Fachkraft für Gastronomie (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Gastronomie (m/w/d)',
    tasks: ['Gäste empfangen und beraten', 'Bestellungen aufnehmen und kassieren', 'Buffet und Getränke vorbereiten'],
    simple: 'Sie bedienen Gäste und beraten sie.',
    german: ['B1', 'B1'],
  },
  '63312': {
    titles: ['Fachmann für Systemgastronomie (m/w/d)', 'Schichtleitung Systemgastronomie (m/w/d)'],
    apprenticeship: 'Ausbildung Fachmann / Fachfrau für Systemgastronomie (m/w/d)',
    tasks: ['Schichten planen und das Team anleiten', 'Waren bestellen und Qualität prüfen', 'Gäste an der Ausgabe bedienen'],
    simple: 'Sie arbeiten im Restaurant und leiten später ein Team.',
    german: ['B1', 'B1'],
  },
  '63322': {
    titles: ['Barkeeper (m/w/d)', 'Mitarbeiter Bar (m/w/d)'],
    tasks: ['Getränke und Cocktails mixen', 'Gäste an der Bar bedienen', 'die Bar auf- und abbauen'],
    simple: 'Sie machen Getränke an der Bar.',
    german: ['A2', 'B1'],
  },
  '63221': {
    titles: ['Zimmermädchen / Roomboy (m/w/d)', 'Mitarbeiter Housekeeping (m/w/d)'],
    tasks: ['Gästezimmer reinigen und Betten beziehen', 'Bäder putzen', 'Handtücher und Pflegeartikel auffüllen'],
    simple: 'Sie machen Hotelzimmer sauber.',
    german: ['none', 'A2'],
  },
  '63222': {
    titles: ['Hotelfachfrau / Hotelfachmann (m/w/d)', 'Mitarbeiter Rezeption (m/w/d)'],
    apprenticeship: 'Ausbildung Hotelfachfrau / Hotelfachmann (m/w/d)',
    tasks: ['Gäste an der Rezeption empfangen', 'im Frühstücksservice arbeiten', 'Reservierungen bearbeiten'],
    simple: 'Sie empfangen Gäste im Hotel.',
    german: ['B1', 'B2'],
  },
  '63212': {
    titles: ['Kauffrau / Kaufmann für Hotelmanagement (m/w/d)'],
    apprenticeship: 'Ausbildung Kaufmann / Kauffrau für Hotelmanagement (m/w/d)',
    tasks: ['Angebote und Rechnungen schreiben', 'Veranstaltungen planen', 'in allen Abteilungen des Hotels mitarbeiten'],
    simple: 'Sie lernen alle Bereiche im Hotel kennen.',
    german: ['B2', 'B2'],
  },
  // Retail
  '62102': {
    titles: ['Verkäufer (m/w/d)', 'Mitarbeiter Verkauf (m/w/d)', 'Verkäuferin im Lebensmittelmarkt (m/w/d)'],
    apprenticeship: 'Ausbildung Verkäufer (m/w/d)',
    tasks: ['Kundinnen und Kunden beraten', 'Ware annehmen und einräumen', 'an der Kasse arbeiten'],
    simple: 'Sie verkaufen Waren und helfen Kunden.',
    german: ['A2', 'B1'],
  },
  '62101': {
    titles: ['Verkaufshilfe (m/w/d)', 'Regalauffüller (m/w/d)', 'Aushilfe im Markt (m/w/d)'],
    tasks: ['Regale auffüllen', 'Ware auspacken und Preise auszeichnen', 'den Markt ordentlich halten'],
    simple: 'Sie räumen Waren in die Regale.',
    german: ['A1', 'A2'],
  },
  '62112': {
    titles: ['Kassierer (m/w/d)', 'Mitarbeiter Kasse (m/w/d)'],
    tasks: ['an der Kasse kassieren', 'Pfand annehmen', 'Fragen von Kundinnen und Kunden beantworten'],
    simple: 'Sie arbeiten an der Kasse.',
    german: ['A2', 'B1'],
  },
  '62412': {
    titles: ['Drogist (m/w/d)', 'Mitarbeiter Drogeriemarkt (m/w/d)'],
    apprenticeship: 'Ausbildung Drogist (m/w/d)',
    tasks: ['zu Pflege- und Gesundheitsprodukten beraten', 'Ware bestellen und einräumen', 'an der Kasse arbeiten'],
    simple: 'Sie beraten Kunden zu Pflegeprodukten.',
    german: ['B1', 'B2'],
  },
  // Logistics and transport
  '51311': {
    titles: ['Lagerhelfer (m/w/d)', 'Kommissionierer (m/w/d)', 'Mitarbeiter Lager und Versand (m/w/d)'],
    tasks: ['Waren nach Liste kommissionieren', 'Pakete packen und etikettieren', 'Ware auspacken und in Regale räumen'],
    simple: 'Sie packen Pakete und räumen Waren ins Regal.',
    german: ['none', 'A2'],
  },
  '51312': {
    titles: ['Fachkraft für Lagerlogistik (m/w/d)', 'Lagerfachkraft (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Lagerlogistik (m/w/d)',
    tasks: ['Waren annehmen und auf Schäden prüfen', 'Bestände im Lagerverwaltungssystem buchen', 'Sendungen zusammenstellen und verladen'],
    simple: 'Sie nehmen Waren an, lagern sie und verschicken sie.',
    german: ['A2', 'B1'],
  },
  '52531': {
    titles: ['Staplerfahrer (m/w/d)', 'Gabelstaplerfahrer (m/w/d)'],
    tasks: ['Paletten mit dem Stapler be- und entladen', 'Ware im Hochregal einlagern', 'den Stapler täglich prüfen'],
    simple: 'Sie fahren Gabelstapler im Lager.',
    german: ['A2', 'A2'],
  },
  '51622': {
    titles: ['Speditionskaufmann (m/w/d)', 'Disponent (m/w/d)'],
    apprenticeship: 'Ausbildung Kaufmann / Kauffrau für Spedition und Logistikdienstleistung (m/w/d)',
    tasks: ['Transporte planen und Touren zusammenstellen', 'mit Kunden und Fahrern telefonieren', 'Frachtpapiere erstellen'],
    simple: 'Sie planen Transporte am Computer.',
    german: ['B2', 'B2'],
  },
  '52122': {
    titles: ['Berufskraftfahrer CE (m/w/d)', 'LKW-Fahrer im Nahverkehr (m/w/d)', 'Kraftfahrer Fernverkehr (m/w/d)'],
    apprenticeship: 'Ausbildung Berufskraftfahrer (m/w/d)',
    tasks: ['Waren zu Kundinnen und Kunden fahren', 'Ladung sichern', 'das Fahrzeug prüfen und pflegen'],
    simple: 'Sie fahren LKW und bringen Waren zu Kunden.',
    german: ['A2', 'B1'],
  },
  '52182': {
    titles: ['Kurierfahrer (m/w/d)', 'Auslieferungsfahrer (m/w/d)'],
    tasks: ['Sendungen im Transporter ausliefern', 'Touren nach Plan fahren', 'Zustellungen im Scanner bestätigen'],
    simple: 'Sie fahren Pakete zu Kunden.',
    german: ['A2', 'A2'],
  },
  '51321': {
    titles: ['Paketzusteller (m/w/d)', 'Zustellhelfer (m/w/d)'],
    tasks: ['Pakete am Morgen sortieren', 'Pakete an der Haustür übergeben', 'Abholungen annehmen'],
    simple: 'Sie bringen Pakete zu den Menschen.',
    german: ['A1', 'A2'],
  },
  '51322': {
    titles: ['Fachkraft für Kurier-, Express- und Postdienstleistungen (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Kurier-, Express- und Postdienstleistungen (m/w/d)',
    tasks: ['Sendungen annehmen und sortieren', 'Touren planen', 'Kundinnen und Kunden in der Filiale beraten'],
    simple: 'Sie sortieren und verteilen Briefe und Pakete.',
    german: ['A2', 'B1'],
  },
  '52132': {
    titles: ['Busfahrer (m/w/d)', 'Busfahrer im Linienverkehr (m/w/d)'],
    tasks: ['Linienbusse nach Fahrplan fahren', 'Fahrgästen Auskunft geben und Fahrkarten verkaufen', 'das Fahrzeug vor der Fahrt prüfen'],
    simple: 'Sie fahren Bus und helfen Fahrgästen.',
    german: ['B1', 'B1'],
  },
  '52202': {
    titles: ['Eisenbahner im Betriebsdienst (m/w/d)', 'Triebfahrzeugführer (m/w/d)'],
    apprenticeship: 'Ausbildung Eisenbahner im Betriebsdienst (m/w/d)',
    tasks: ['Züge fahren oder Weichen und Signale stellen', 'Fahrzeuge vor der Fahrt prüfen', 'sicher nach Vorschrift arbeiten'],
    simple: 'Sie fahren Züge oder steuern den Zugverkehr.',
    german: ['B2', 'B2'],
  },
  '51412': {
    titles: ['Zugbegleiter (m/w/d)', 'Kundenbetreuer im Nahverkehr (m/w/d)'],
    tasks: ['Fahrkarten kontrollieren und verkaufen', 'Fahrgästen Auskunft geben', 'bei Störungen helfen'],
    simple: 'Sie kontrollieren Fahrkarten im Zug.',
    german: ['B1', 'B2'],
  },
  // Cleaning, facilities, security
  '54101': {
    titles: ['Reinigungskraft (m/w/d)', 'Mitarbeiter Unterhaltsreinigung (m/w/d)', 'Raumpfleger (m/w/d)'],
    tasks: ['Zimmer, Flure und Büros reinigen', 'Sanitärräume putzen', 'Müll entsorgen und Verbrauchsmaterial auffüllen'],
    simple: 'Sie putzen Büros und andere Räume.',
    german: ['none', 'A2'],
  },
  '54112': {
    titles: ['Gebäudereiniger (m/w/d)', 'Vorarbeiter Gebäudereinigung (m/w/d)'],
    apprenticeship: 'Ausbildung Gebäudereiniger (m/w/d)',
    tasks: ['Glas und Fassaden reinigen', 'Böden mit Maschinen pflegen', 'ein kleines Team im Objekt anleiten'],
    simple: 'Sie reinigen Gebäude, Fenster und Böden mit Maschinen.',
    german: ['A2', 'B1'],
  },
  '54132': {
    titles: ['Textilreiniger (m/w/d)', 'Mitarbeiter Wäscherei (m/w/d)'],
    apprenticeship: 'Ausbildung Textilreiniger (m/w/d)',
    tasks: ['Wäsche sortieren und waschen', 'Mangel und Faltmaschinen bedienen', 'saubere Wäsche für Kliniken und Hotels packen'],
    simple: 'Sie waschen und falten Wäsche.',
    german: ['A1', 'A2'],
  },
  '53111': {
    titles: ['Sicherheitsmitarbeiter (m/w/d)', 'Mitarbeiter Objektschutz (m/w/d)', 'Pförtner (m/w/d)'],
    tasks: ['Zugänge kontrollieren', 'Rundgänge im Objekt machen', 'Besucherinnen und Besucher empfangen'],
    simple: 'Sie passen auf ein Gebäude auf.',
    german: ['B1', 'B1'],
  },
  '53112': {
    titles: ['Fachkraft für Schutz und Sicherheit (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Schutz und Sicherheit (m/w/d)',
    tasks: ['Sicherheitskonzepte umsetzen', 'Einsätze planen', 'Alarmanlagen überwachen'],
    simple: 'Sie sorgen für Sicherheit in Gebäuden und bei Veranstaltungen.',
    german: ['B2', 'B2'],
  },
  '34102': {
    titles: ['Hausmeister (m/w/d)', 'Haustechniker (m/w/d)'],
    tasks: ['kleine Reparaturen ausführen', 'Außenanlagen pflegen und den Winterdienst übernehmen', 'Handwerker einweisen'],
    simple: 'Sie reparieren Kleinigkeiten und pflegen das Haus.',
    german: ['A2', 'B1'],
  },
  // Crafts and construction
  '26212': {
    titles: ['Elektroniker für Energie- und Gebäudetechnik (m/w/d)', 'Elektriker (m/w/d)', 'Elektroinstallateur (m/w/d)'],
    apprenticeship: 'Ausbildung Elektroniker für Energie- und Gebäudetechnik (m/w/d)',
    tasks: [
      'Leitungen, Steckdosen und Verteiler installieren',
      'Anlagen prüfen und Fehler suchen',
      'auf Baustellen und bei Kunden arbeiten',
    ],
    simple: 'Sie legen Strom in Häusern und reparieren Anlagen.',
    german: ['B1', 'B1'],
  },
  '26301': {
    titles: ['Elektrohelfer (m/w/d)', 'Helfer Elektroinstallation (m/w/d)'],
    tasks: ['Kabel verlegen und Schlitze vorbereiten', 'Material auf die Baustelle bringen', 'Elektrikerinnen und Elektrikern zuarbeiten'],
    simple: 'Sie helfen dem Elektriker auf der Baustelle.',
    german: ['A1', 'A2'],
  },
  '26242': {
    titles: ['Solarteur (m/w/d)', 'Monteur Photovoltaik (m/w/d)'],
    tasks: ['Solarmodule auf Dächern montieren', 'Wechselrichter anschließen', 'Anlagen in Betrieb nehmen'],
    simple: 'Sie bauen Solaranlagen auf Dächer.',
    german: ['A2', 'B1'],
  },
  '26252': {
    titles: ['Elektroniker für Betriebstechnik (m/w/d)', 'Betriebselektriker (m/w/d)'],
    apprenticeship: 'Ausbildung Elektroniker für Betriebstechnik (m/w/d)',
    tasks: ['Maschinen und Anlagen elektrisch warten', 'Störungen beheben', 'Schaltschränke verdrahten'],
    simple: 'Sie halten Maschinen im Betrieb am Laufen.',
    german: ['B1', 'B1'],
  },
  '34212': {
    titles: ['Anlagenmechaniker SHK (m/w/d)', 'Installateur Heizung und Sanitär (m/w/d)', 'Kundendiensttechniker SHK (m/w/d)'],
    apprenticeship: 'Ausbildung Anlagenmechaniker für Sanitär-, Heizungs- und Klimatechnik (m/w/d)',
    tasks: ['Bäder und Heizungen einbauen', 'Wärmepumpen montieren und warten', 'Störungen bei Kunden beheben'],
    simple: 'Sie bauen Bäder und Heizungen ein.',
    german: ['A2', 'B1'],
  },
  '34201': {
    titles: ['Helfer Sanitär und Heizung (m/w/d)', 'Montagehelfer SHK (m/w/d)'],
    tasks: ['Rohre zuschneiden und vorbereiten', 'beim Einbau von Heizungen helfen', 'Material und Werkzeug bereitstellen'],
    simple: 'Sie helfen beim Einbau von Bädern und Heizungen.',
    german: ['A1', 'A2'],
  },
  '34232': {
    titles: ['Mechatroniker für Kältetechnik (m/w/d)', 'Kälteanlagenbauer (m/w/d)'],
    apprenticeship: 'Ausbildung Mechatroniker für Kältetechnik (m/w/d)',
    tasks: ['Kühl- und Klimaanlagen montieren', 'Anlagen warten', 'Kältemittel prüfen und befüllen'],
    simple: 'Sie bauen und warten Kühlanlagen.',
    german: ['B1', 'B1'],
  },
  '32101': {
    titles: ['Bauhelfer (m/w/d)', 'Helfer im Hochbau (m/w/d)'],
    tasks: ['Material auf der Baustelle transportieren', 'beim Mauern und Betonieren helfen', 'die Baustelle aufräumen'],
    simple: 'Sie helfen auf der Baustelle.',
    german: ['none', 'A2'],
  },
  '32122': {
    titles: ['Maurer (m/w/d)', 'Maurergeselle (m/w/d)'],
    apprenticeship: 'Ausbildung Maurer (m/w/d)',
    tasks: ['Wände mauern', 'Schalungen bauen und betonieren', 'Pläne lesen und umsetzen'],
    simple: 'Sie bauen Wände und Häuser.',
    german: ['A2', 'B1'],
  },
  '32102': {
    titles: ['Hochbaufacharbeiter (m/w/d)'],
    apprenticeship: 'Ausbildung Hochbaufacharbeiter (m/w/d)',
    tasks: ['mauern, schalen und betonieren', 'Baustoffe vorbereiten', 'im Team auf der Baustelle arbeiten'],
    simple: 'Sie arbeiten beim Bau von Häusern mit.',
    german: ['A2', 'B1'],
  },
  '32162': {
    titles: ['Gerüstbauer (m/w/d)', 'Gerüstbaumonteur (m/w/d)'],
    apprenticeship: 'Ausbildung Gerüstbauer (m/w/d)',
    tasks: ['Gerüste auf- und abbauen', 'Material verladen', 'Sicherheitsregeln einhalten'],
    simple: 'Sie bauen Gerüste an Häusern auf.',
    german: ['A2', 'A2'],
  },
  '32142': {
    titles: ['Dachdecker (m/w/d)', 'Dachdeckergeselle (m/w/d)'],
    apprenticeship: 'Ausbildung Dachdecker (m/w/d)',
    tasks: ['Dächer decken und abdichten', 'Dachfenster einbauen', 'Reparaturen an Dächern ausführen'],
    simple: 'Sie decken und reparieren Dächer.',
    german: ['A2', 'B1'],
  },
  '32201': {
    titles: ['Tiefbauhelfer (m/w/d)', 'Bauhelfer Tief- und Straßenbau (m/w/d)'],
    tasks: ['Gräben ausheben und verfüllen', 'Pflastersteine verlegen helfen', 'Baustellen absichern'],
    simple: 'Sie helfen beim Bau von Straßen und Leitungen.',
    german: ['none', 'A2'],
  },
  '32222': {
    titles: ['Straßenbauer (m/w/d)', 'Pflasterer (m/w/d)'],
    apprenticeship: 'Ausbildung Straßenbauer (m/w/d)',
    tasks: ['Straßen und Wege bauen', 'Pflaster und Borde setzen', 'Asphalt einbauen'],
    simple: 'Sie bauen Straßen und Wege.',
    german: ['A2', 'B1'],
  },
  '33212': {
    titles: ['Maler und Lackierer (m/w/d)', 'Malergeselle (m/w/d)'],
    apprenticeship: 'Ausbildung Maler und Lackierer (m/w/d)',
    tasks: ['Wände streichen und tapezieren', 'Untergründe spachteln und schleifen', 'Fassaden gestalten'],
    simple: 'Sie streichen Wände und tapezieren.',
    german: ['A2', 'B1'],
  },
  '33211': {
    titles: ['Malerhelfer (m/w/d)'],
    tasks: ['Räume abdecken und abkleben', 'Wände schleifen und grundieren', 'Material und Werkzeug reinigen'],
    simple: 'Sie helfen beim Streichen und Tapezieren.',
    german: ['none', 'A2'],
  },
  '33302': {
    titles: ['Trockenbaumonteur (m/w/d)', 'Trockenbauer (m/w/d)'],
    apprenticeship: 'Ausbildung Trockenbaumonteur (m/w/d)',
    tasks: ['Wände und Decken aus Gipskarton bauen', 'Dämmung einbauen', 'Profile montieren'],
    simple: 'Sie bauen Wände und Decken aus Platten.',
    german: ['A2', 'B1'],
  },
  '33301': {
    titles: ['Trockenbauhelfer (m/w/d)'],
    tasks: ['Platten zuschneiden und tragen', 'Profile vorbereiten', 'die Baustelle sauber halten'],
    simple: 'Sie helfen beim Bau von Wänden aus Platten.',
    german: ['none', 'A2'],
  },
  '33112': {
    titles: ['Fliesenleger (m/w/d)'],
    apprenticeship: 'Ausbildung Fliesen-, Platten- und Mosaikleger (m/w/d)',
    tasks: ['Fliesen in Bädern und Küchen verlegen', 'Untergründe vorbereiten', 'Fugen und Silikon setzen'],
    simple: 'Sie verlegen Fliesen in Bädern und Küchen.',
    german: ['A2', 'B1'],
  },
  '22342': {
    titles: ['Tischler (m/w/d)', 'Tischlergeselle (m/w/d)', 'Möbeltischler (m/w/d)'],
    apprenticeship: 'Ausbildung Tischler (m/w/d)',
    tasks: ['Möbel und Innenausbau fertigen', 'Türen und Fenster montieren', 'Holzbearbeitungsmaschinen bedienen'],
    simple: 'Sie bauen Möbel, Türen und Fenster aus Holz.',
    german: ['A2', 'B1'],
  },
  '22301': {
    titles: ['Helfer Holzverarbeitung (m/w/d)', 'Produktionshelfer Holz (m/w/d)'],
    tasks: ['Holz zuschneiden', 'Teile schleifen und verpacken', 'Maschinen beschicken'],
    simple: 'Sie helfen in der Holzwerkstatt.',
    german: ['none', 'A2'],
  },
  '33322': {
    titles: ['Zimmerer (m/w/d)', 'Zimmerergeselle (m/w/d)'],
    apprenticeship: 'Ausbildung Zimmerer (m/w/d)',
    tasks: ['Dachstühle und Holzhäuser bauen', 'Holz abbinden', 'auf der Baustelle montieren'],
    simple: 'Sie bauen Dächer und Häuser aus Holz.',
    german: ['A2', 'B1'],
  },
  // Metal, machines, vehicles
  '24412': {
    titles: ['Konstruktionsmechaniker (m/w/d)', 'Metallbauer (m/w/d)'],
    apprenticeship: 'Ausbildung Konstruktionsmechaniker (m/w/d)',
    tasks: ['Stahlkonstruktionen nach Zeichnung bauen', 'Bauteile schweißen und montieren', 'Geländer und Treppen einbauen'],
    simple: 'Sie bauen Teile aus Metall und schweißen.',
    german: ['A2', 'B1'],
  },
  '24411': {
    titles: ['Helfer Metallbau (m/w/d)', 'Schlosserhelfer (m/w/d)'],
    tasks: ['Metallteile zuschneiden und entgraten', 'bei der Montage helfen', 'Material bereitstellen'],
    simple: 'Sie helfen in der Metallwerkstatt.',
    german: ['none', 'A2'],
  },
  '24422': {
    titles: ['Schweißer (m/w/d)', 'MAG-Schweißer (m/w/d)', 'WIG-Schweißer (m/w/d)'],
    tasks: ['Bauteile nach Zeichnung schweißen', 'Schweißnähte prüfen', 'Teile für das Schweißen vorbereiten'],
    simple: 'Sie schweißen Teile aus Metall.',
    german: ['A1', 'A2'],
  },
  '24202': {
    titles: ['Fachkraft für Metalltechnik (m/w/d)'],
    apprenticeship: 'Ausbildung Fachkraft für Metalltechnik (m/w/d)',
    tasks: ['Metallteile bohren, fräsen und montieren', 'Maschinen einrichten', 'Maße prüfen'],
    simple: 'Sie bearbeiten Metall mit Maschinen.',
    german: ['A2', 'B1'],
  },
  '24201': {
    titles: ['Helfer Metallbearbeitung (m/w/d)', 'Produktionshelfer Metall (m/w/d)'],
    tasks: ['Teile an Maschinen einlegen und entnehmen', 'Teile entgraten und prüfen', 'Teile verpacken'],
    simple: 'Sie arbeiten an Maschinen für Metallteile.',
    german: ['none', 'A2'],
  },
  '24232': {
    titles: ['Zerspanungsmechaniker (m/w/d)', 'CNC-Fräser (m/w/d)', 'CNC-Dreher (m/w/d)'],
    apprenticeship: 'Ausbildung Zerspanungsmechaniker (m/w/d)',
    tasks: ['CNC-Maschinen einrichten und bedienen', 'Programme anpassen', 'Werkstücke messen'],
    simple: 'Sie stellen Metallteile an CNC-Maschinen her.',
    german: ['A2', 'B1'],
  },
  '25101': {
    titles: ['Montagehelfer (m/w/d)', 'Produktionsmitarbeiter Montage (m/w/d)'],
    tasks: ['Baugruppen nach Anleitung montieren', 'Teile prüfen und verpacken', 'am Band im Team arbeiten'],
    simple: 'Sie bauen Teile nach Anleitung zusammen.',
    german: ['none', 'A2'],
  },
  '25102': {
    titles: ['Industriemechaniker (m/w/d)', 'Instandhalter (m/w/d)'],
    apprenticeship: 'Ausbildung Industriemechaniker (m/w/d)',
    tasks: ['Maschinen montieren und in Betrieb nehmen', 'Anlagen warten und reparieren', 'Störungen finden und beheben'],
    simple: 'Sie bauen und reparieren Maschinen.',
    german: ['B1', 'B1'],
  },
  '25122': {
    titles: ['Maschinen- und Anlagenführer (m/w/d)', 'Maschinenbediener (m/w/d)'],
    apprenticeship: 'Ausbildung Maschinen- und Anlagenführer (m/w/d)',
    tasks: ['Produktionsanlagen bedienen und überwachen', 'Material nachfüllen', 'Qualität der Teile prüfen'],
    simple: 'Sie bedienen Maschinen in der Produktion.',
    german: ['A2', 'B1'],
  },
  '26112': {
    titles: ['Mechatroniker (m/w/d)'],
    apprenticeship: 'Ausbildung Mechatroniker (m/w/d)',
    tasks: ['mechanische und elektrische Baugruppen montieren', 'Anlagen programmieren und prüfen', 'Anlagen warten'],
    simple: 'Sie bauen und reparieren Maschinen mit Elektronik.',
    german: ['B1', 'B1'],
  },
  '25131': {
    titles: ['Helfer Instandhaltung (m/w/d)'],
    tasks: ['bei Wartung und Reparatur helfen', 'Ersatzteile holen und einsortieren', 'Maschinen reinigen'],
    simple: 'Sie helfen bei der Reparatur von Maschinen.',
    german: ['A1', 'A2'],
  },
  '25104': {
    titles: ['Ingenieur Maschinenbau (m/w/d)', 'Konstrukteur (m/w/d)'],
    tasks: ['Bauteile konstruieren', 'Projekte mit Kunden abstimmen', 'Fertigung begleiten'],
    simple: 'Sie planen Maschinen als Ingenieur.',
    german: ['B2', 'C1'],
  },
  '22101': {
    titles: ['Produktionshelfer Kunststoff (m/w/d)', 'Maschinenbediener Spritzguss (m/w/d)'],
    tasks: ['Teile an Spritzgussmaschinen entnehmen', 'Teile prüfen und verpacken', 'Material nachfüllen'],
    simple: 'Sie arbeiten an Maschinen für Kunststoffteile.',
    german: ['none', 'A2'],
  },
  '22102': {
    titles: ['Verfahrensmechaniker Kunststoff (m/w/d)', 'Einrichter Spritzguss (m/w/d)'],
    apprenticeship: 'Ausbildung Verfahrensmechaniker für Kunststoff- und Kautschuktechnik (m/w/d)',
    tasks: ['Spritzgussmaschinen einrichten', 'Werkzeuge wechseln', 'Prozesse überwachen'],
    simple: 'Sie stellen Maschinen für Kunststoffteile ein.',
    german: ['A2', 'B1'],
  },
  '41311': {
    titles: ['Produktionshelfer Chemie (m/w/d)', 'Helfer Pharmaproduktion (m/w/d)'],
    tasks: ['Produkte abfüllen und verpacken', 'Anlagen reinigen', 'Hygienevorschriften einhalten'],
    simple: 'Sie füllen und packen Produkte in der Chemie- oder Pharmaproduktion.',
    german: ['A2', 'A2'],
  },
  '41312': {
    titles: ['Chemikant (m/w/d)'],
    apprenticeship: 'Ausbildung Chemikant (m/w/d)',
    tasks: ['Produktionsanlagen steuern', 'Proben nehmen', 'Messwerte dokumentieren'],
    simple: 'Sie steuern Anlagen in der Chemieproduktion.',
    german: ['B1', 'B2'],
  },
  '41322': {
    titles: ['Chemielaborant (m/w/d)'],
    apprenticeship: 'Ausbildung Chemielaborant (m/w/d)',
    tasks: ['Proben analysieren', 'Versuche durchführen', 'Ergebnisse dokumentieren'],
    simple: 'Sie untersuchen Stoffe im Labor.',
    german: ['B2', 'B2'],
  },
  '25212': {
    titles: ['Kfz-Mechatroniker (m/w/d)', 'Kfz-Mechaniker (m/w/d)', 'Servicetechniker Pkw (m/w/d)'],
    apprenticeship: 'Ausbildung Kfz-Mechatroniker (m/w/d)',
    tasks: ['Fahrzeuge warten und Inspektionen machen', 'Fehler mit dem Diagnosegerät suchen', 'Bremsen, Reifen und Teile wechseln'],
    simple: 'Sie reparieren Autos in der Werkstatt.',
    german: ['A2', 'B1'],
  },
  '25201': {
    titles: ['Werkstatthelfer Kfz (m/w/d)', 'Reifenmonteur (m/w/d)'],
    tasks: ['Reifen wechseln und einlagern', 'Fahrzeuge reinigen', 'in der Werkstatt zuarbeiten'],
    simple: 'Sie wechseln Reifen und helfen in der Werkstatt.',
    german: ['none', 'A2'],
  },
  '22212': {
    titles: ['Fahrzeuglackierer (m/w/d)'],
    apprenticeship: 'Ausbildung Fahrzeuglackierer (m/w/d)',
    tasks: ['Unfallschäden spachteln und schleifen', 'Farben mischen', 'Fahrzeuge lackieren'],
    simple: 'Sie lackieren Autos.',
    german: ['A2', 'B1'],
  },
  // Green work and agriculture
  '12101': {
    titles: ['Helfer Garten- und Landschaftsbau (m/w/d)', 'Gartenhelfer (m/w/d)'],
    tasks: ['Rasen mähen und Hecken schneiden', 'Pflanzen setzen', 'Wege pflastern helfen'],
    simple: 'Sie pflegen Gärten und Parks.',
    german: ['none', 'A2'],
  },
  '12142': {
    titles: ['Landschaftsgärtner (m/w/d)', 'Gärtner Garten- und Landschaftsbau (m/w/d)'],
    apprenticeship: 'Ausbildung Gärtner – Garten- und Landschaftsbau (m/w/d)',
    tasks: ['Gärten und Grünanlagen anlegen', 'Wege und Terrassen pflastern', 'Bäume und Sträucher pflanzen'],
    simple: 'Sie bauen Gärten und pflegen Parks.',
    german: ['A2', 'B1'],
  },
  '12112': {
    titles: ['Gärtner Obst- und Gemüsebau (m/w/d)'],
    apprenticeship: 'Ausbildung Gärtner – Obst- und Gemüsebau (m/w/d)',
    tasks: ['Gemüse und Obst anbauen', 'Pflanzen pflegen und ernten', 'im Gewächshaus arbeiten'],
    simple: 'Sie bauen Obst und Gemüse an.',
    german: ['A2', 'B1'],
  },
  '12202': {
    titles: ['Florist (m/w/d)'],
    apprenticeship: 'Ausbildung Florist (m/w/d)',
    tasks: ['Sträuße und Gestecke binden', 'Kundinnen und Kunden beraten', 'Pflanzen pflegen'],
    simple: 'Sie binden Blumensträuße und beraten Kunden.',
    german: ['B1', 'B1'],
  },
  '11101': {
    titles: ['Erntehelfer (m/w/d)', 'Saisonarbeitskraft Obstbau (m/w/d)'],
    tasks: ['Obst und Gemüse ernten', 'Ernte sortieren und verpacken', 'Felder pflegen'],
    simple: 'Sie ernten Obst und Gemüse.',
    german: ['none', 'A1'],
  },
  '11211': {
    titles: ['Helfer Tierhaltung (m/w/d)', 'Stallhelfer (m/w/d)'],
    tasks: ['Tiere füttern', 'Ställe ausmisten', 'beim Melken helfen'],
    simple: 'Sie füttern Tiere und machen den Stall sauber.',
    german: ['none', 'A2'],
  },
  '11102': {
    titles: ['Landwirt (m/w/d)', 'Mitarbeiter Pflanzenbau (m/w/d)'],
    apprenticeship: 'Ausbildung Landwirt (m/w/d)',
    tasks: ['Traktor und Landmaschinen fahren', 'säen, düngen und ernten', 'Maschinen warten'],
    simple: 'Sie arbeiten auf dem Feld mit Maschinen.',
    german: ['A2', 'B1'],
  },
  '11212': {
    titles: ['Tierwirt (m/w/d)', 'Herdenmanager Milchvieh (m/w/d)'],
    apprenticeship: 'Ausbildung Tierwirt (m/w/d)',
    tasks: ['Kühe melken und versorgen', 'Tiergesundheit beobachten', 'Futter planen'],
    simple: 'Sie kümmern sich um Kühe und andere Tiere.',
    german: ['A2', 'B1'],
  },
  // Hair and beauty
  '82312': {
    titles: ['Friseur (m/w/d)', 'Friseurin (m/w/d)'],
    apprenticeship: 'Ausbildung Friseur (m/w/d)',
    tasks: ['Haare schneiden, färben und föhnen', 'Kundinnen und Kunden beraten', 'Termine vergeben'],
    simple: 'Sie schneiden und färben Haare.',
    german: ['A2', 'B1'],
  },
  '82311': {
    titles: ['Friseurhelfer (m/w/d)'],
    tasks: ['Haare waschen', 'den Salon sauber halten', 'Kundinnen und Kunden empfangen'],
    simple: 'Sie helfen im Friseursalon.',
    german: ['A1', 'A2'],
  },
  '82322': {
    titles: ['Kosmetikerin / Kosmetiker (m/w/d)'],
    apprenticeship: 'Ausbildung Kosmetiker (m/w/d)',
    tasks: ['Gesichtsbehandlungen machen', 'Maniküre und Pediküre', 'Pflegeprodukte verkaufen'],
    simple: 'Sie pflegen Haut und Nägel von Kunden.',
    german: ['B1', 'B1'],
  },
  // IT and office
  '43412': {
    titles: ['Fachinformatiker Anwendungsentwicklung (m/w/d)', 'Junior-Entwickler (m/w/d)'],
    apprenticeship: 'Ausbildung Fachinformatiker für Anwendungsentwicklung (m/w/d)',
    tasks: ['Software programmieren und testen', 'Datenbanken anbinden', 'mit Kundinnen und Kunden Anforderungen klären'],
    simple: 'Sie programmieren Software.',
    german: ['B1', 'B2'],
  },
  '43102': {
    titles: ['Fachinformatiker Systemintegration (m/w/d)', 'IT-Administrator (m/w/d)', 'IT-Support (m/w/d)'],
    apprenticeship: 'Ausbildung Fachinformatiker für Systemintegration (m/w/d)',
    tasks: ['Computer und Netzwerke einrichten', 'Nutzerinnen und Nutzern im Support helfen', 'Server betreuen'],
    simple: 'Sie richten Computer und Netzwerke ein.',
    german: ['B1', 'B2'],
  },
  '43414': {
    titles: ['Softwareentwickler (m/w/d)', 'Backend-Entwickler (m/w/d)', 'Webentwickler (m/w/d)'],
    tasks: ['Anwendungen entwickeln und testen', 'Code prüfen', 'im agilen Team arbeiten (Teamsprache teils Englisch)'],
    simple: 'Sie entwickeln Software im Team.',
    german: ['A2', 'B2'],
  },
  '43104': {
    titles: ['Informatiker (m/w/d)', 'Data Engineer (m/w/d)'],
    tasks: ['Systeme und Datenflüsse entwerfen', 'Daten aufbereiten', 'Projekte technisch leiten'],
    simple: 'Sie arbeiten als Informatiker an Software und Daten.',
    german: ['B1', 'B2'],
  },
  '26312': {
    titles: ['IT-Systemelektroniker (m/w/d)'],
    apprenticeship: 'Ausbildung IT-Systemelektroniker (m/w/d)',
    tasks: ['Netzwerke und Telefonanlagen installieren', 'Hardware einbauen', 'Kunden vor Ort betreuen'],
    simple: 'Sie bauen Computer- und Netzwerktechnik ein.',
    german: ['B1', 'B1'],
  },
  '71402': {
    titles: ['Kauffrau / Kaufmann für Büromanagement (m/w/d)', 'Bürokauffrau (m/w/d)', 'Sachbearbeiter Büro (m/w/d)'],
    apprenticeship: 'Ausbildung Kaufmann / Kauffrau für Büromanagement (m/w/d)',
    tasks: ['Post und E-Mails bearbeiten', 'Termine und Akten verwalten', 'Rechnungen schreiben'],
    simple: 'Sie arbeiten im Büro am Computer.',
    german: ['B2', 'B2'],
  },
  '71401': {
    titles: ['Bürohilfe (m/w/d)', 'Mitarbeiter Poststelle (m/w/d)'],
    tasks: ['Post sortieren und verteilen', 'Dokumente scannen', 'Ablage machen'],
    simple: 'Sie sortieren Post und scannen Dokumente.',
    german: ['A2', 'B1'],
  },
  '72302': {
    titles: ['Steuerfachangestellte / Steuerfachangestellter (m/w/d)'],
    apprenticeship: 'Ausbildung Steuerfachangestellter (m/w/d)',
    tasks: ['Buchhaltung für Mandanten machen', 'Lohnabrechnungen erstellen', 'Steuererklärungen vorbereiten'],
    simple: 'Sie machen Buchhaltung und Steuern für Kunden.',
    german: ['B2', 'C1'],
  },
  '72212': {
    titles: ['Buchhalter (m/w/d)', 'Finanzbuchhalter (m/w/d)'],
    tasks: ['Belege buchen', 'Zahlungen überwachen', 'Monatsabschlüsse vorbereiten'],
    simple: 'Sie buchen Rechnungen und Zahlungen.',
    german: ['B2', 'B2'],
  },
  '92122': {
    titles: ['Kundenberater im Servicecenter (m/w/d)', 'Servicefachkraft für Dialogmarketing (m/w/d)'],
    apprenticeship: 'Ausbildung Servicefachkraft für Dialogmarketing (m/w/d)',
    tasks: ['Anrufe und E-Mails von Kundinnen und Kunden beantworten', 'Aufträge im System erfassen', 'Fragen zu Verträgen klären'],
    simple: 'Sie beantworten Fragen von Kunden am Telefon.',
    german: ['B2', 'C1'],
  },
  '28221': {
    titles: ['Näherin / Näher (m/w/d)', 'Mitarbeiter Näherei (m/w/d)'],
    tasks: ['Textilien an der Nähmaschine nähen', 'Wäsche ausbessern', 'Nähte prüfen'],
    simple: 'Sie nähen an der Nähmaschine.',
    german: ['none', 'A2'],
  },
};

/** The text for an occupation, or a neutral one from its catalogue title. */
export function occupationText(code: string, titleDe: string): OccupationText {
  return (
    OCCUPATION_TEXTS[code] ?? {
      titles: [`${titleDe} (m/w/d)`],
      tasks: [],
      simple: `Arbeit als ${titleDe}.`,
      german: code.endsWith('1') ? ['A1', 'A2'] : code.endsWith('4') ? ['B2', 'C1'] : ['B1', 'B2'],
    }
  );
}
