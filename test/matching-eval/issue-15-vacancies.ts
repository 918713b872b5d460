import type { HandVacancy } from './near-misses.ts';

/**
 * Vacancies added for issue 15 (qualification, recognition, German courses), after NEAR_MISSES so
 * that no older key moves. Each is judged for every profile whose candidate list it joins.
 */
export const ISSUE_15_VACANCIES: (HandVacancy & { startDate?: string })[] = [
  {
    kind: 'job',
    occupation: '62102',
    title: 'Verkäufer (m/w/d) – Quereinstieg möglich',
    town: 'Leipzig',
    workingTime: 'full',
    germanLevel: 'A2',
    qualification: 'vocational',
    support: ['trains_without_qualification', 'workplace_mentor'],
    description:
      'Unser Modegeschäft in der Leipziger Innenstadt sucht Verstärkung im Verkauf. Eine Ausbildung im Einzelhandel ist uns lieb, aber nicht Bedingung: Wir lernen Quereinsteiger in den ersten Wochen an der Seite einer erfahrenen Kollegin an.',
    summary: 'Sie beraten Kundinnen und Kunden und räumen Ware ein. Wir lernen Sie an, auch ohne Ausbildung.',
    note: 'asks for a vocational qualification but trains people without one (support option)',
  },
  {
    kind: 'job',
    occupation: '25212',
    title: 'Kfz-Mechatroniker (m/w/d) – auch Quereinsteiger',
    town: 'Chemnitz',
    workingTime: 'full',
    germanLevel: 'A2',
    qualification: 'vocational',
    support: ['trains_without_qualification', 'language_course'],
    description:
      'Freie Werkstatt in Chemnitz: Inspektionen, Reifenwechsel, Bremsen. Wer im Heimatland in einer Werkstatt gearbeitet hat, aber keinen deutschen Abschluss hat, wird bei uns eingearbeitet.',
    summary: 'Sie warten und reparieren Autos. Einarbeitung auch ohne deutschen Abschluss.',
    note: 'skilled workshop job that trains people without a qualification',
  },
  {
    kind: 'job',
    occupation: '29302',
    title: 'Koch (m/w/d) – wir lernen auch ohne Ausbildung an',
    town: 'Dresden',
    workingTime: 'full',
    germanLevel: 'A2',
    qualification: 'vocational',
    support: ['trains_without_qualification'],
    description:
      'Restaurant in der Dresdner Neustadt sucht einen Koch. Mit Ausbildung oder mit Erfahrung aus einer Küche im Ausland: Wir arbeiten Sie ein.',
    summary: 'Sie kochen in einem Restaurant. Einarbeitung auch ohne Ausbildung.',
    note: 'cook job that trains people without a qualification',
  },
  {
    kind: 'job',
    occupation: '81301',
    title: 'Pflegehelfer (m/w/d) Frühdienst',
    town: 'Chemnitz',
    workingTime: 'full',
    germanLevel: 'B1',
    qualification: 'none',
    startDate: '2027-01-04',
    description:
      'Stationäre Pflegeeinrichtung in Chemnitz sucht Pflegehelfer für den Frühdienst: Grundpflege, Essen reichen, Betten machen.',
    summary: 'Sie helfen bei der Pflege älterer Menschen. Beginn am 4. Januar 2027.',
    note: 'starts early: a German course ending later does not close the gap',
  },
];
