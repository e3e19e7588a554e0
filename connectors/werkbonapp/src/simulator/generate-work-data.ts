/**
 * Realistic WerkbonApp data for the demo and for tests: work orders as GetWorkorders returns them
 * (strings only, d-m-Y dates, decimal commas), plus the customer's work statuses.
 */
import { SeededRandom } from '@koppelwerk/testing';
import type { RawMaterialLine, RawWorkorder, RawWorkPeriod, RawWorkStatus } from '../raw-records';

export const DEMO_WORK_STATUSES: RawWorkStatus[] = [
  { sta_code: '0', sta_name: 'Nieuw' },
  { sta_code: '1', sta_name: 'naar E-boekhouden' },
  { sta_code: '2', sta_name: 'Wacht op onderdelen' },
];

/** Hour types and materials that exist in the e-Boekhouden simulator's demo administration. */
export const DEMO_HOUR_TYPES = ['ARBEID', 'ARBEID-SPOED'];
export const DEMO_MATERIALS: { code: string; name: string; unit: string; price: string }[] = [
  { code: 'KABEL-3X2.5', name: 'Installatiekabel 3x2,5 mm²', unit: 'METER', price: '1,20' },
  { code: 'WCD-DUBBEL', name: 'Wandcontactdoos dubbel', unit: 'STUK', price: '8,95' },
];

const CUSTOMERS = [
  { name: 'Bakkerij Van Dijk', debtor: '1001', street: 'Dorpsstraat', no: '12', zip: '3511 AB', city: 'Utrecht', email: 'info@bakkerijvandijk.nl' },
  { name: 'Tandartspraktijk Smit', debtor: '1002', street: 'Kerkplein', no: '3', zip: '1012 JS', city: 'Amsterdam', email: 'praktijk@smit-tandarts.nl' },
  { name: 'Fam. de Vries', debtor: '1003', street: 'Lindelaan', no: '45a', zip: '2611 CD', city: 'Delft', email: 'devries@example.nl' },
  { name: 'Café Het Hoekje', debtor: '1004', street: 'Markt', no: '1', zip: '5211 JT', city: "'s-Hertogenbosch", email: 'hoekje@example.nl' },
];

export interface GenerateWorkOrdersOptions {
  count?: number;
  randomSeed?: number;
  /** First row id; default 5001. */
  firstId?: number;
  /** Hour type codes to use in periods. */
  hourTypes?: string[];
  /** Status of every work order; default Compleet. */
  status?: string;
  /** WorkStatus code; default "1". */
  workStatus?: string;
  /** Debtor numbers to use; default four demo customers. */
  debtorNumbers?: string[];
}

function dutchDate(day: Date): string {
  return `${String(day.getUTCDate()).padStart(2, '0')}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${day.getUTCFullYear()}`;
}

export function generateWorkOrders(options: GenerateWorkOrdersOptions = {}): RawWorkorder[] {
  const random = new SeededRandom(options.randomSeed ?? 15);
  const hourTypes = options.hourTypes ?? DEMO_HOUR_TYPES;
  const firstId = options.firstId ?? 5001;
  const orders: RawWorkorder[] = [];
  for (let i = 0; i < (options.count ?? 12); i++) {
    const base = CUSTOMERS[i % CUSTOMERS.length];
    const customer = options.debtorNumbers ? { ...base, debtor: options.debtorNumbers[i % options.debtorNumbers.length], name: `Klant ${options.debtorNumbers[i % options.debtorNumbers.length]}` } : base;
    const day = new Date(Date.UTC(2025, 4, 1 + (i % 28)));
    const periods: RawWorkPeriod[] = Array.from({ length: random.int(1, 2) }, (_, p) => {
      const begin = 8 + p * 4;
      const minutes = random.pick([60, 90, 120, 150, 225]);
      const end = begin * 60 + minutes;
      return {
        WorkDate: dutchDate(day),
        BeginTime: `${String(begin).padStart(2, '0')}:00`,
        EndTime: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
        Break: '0',
        TotalTime: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
        Travel: '0',
        WorkRemark: '',
        HourType: hourTypes[(i + p) % hourTypes.length],
        EmployeeNr: '1',
      };
    });
    const materials: RawMaterialLine[] = random.chance(0.8)
      ? [DEMO_MATERIALS[i % DEMO_MATERIALS.length]].map((m) => {
          const quantity = random.int(1, 10);
          return {
            MaterialCode: m.code,
            MaterialNr: String(quantity),
            MaterialPrice: m.price,
            MaterialTotalPrice: (Number(m.price.replace(',', '.')) * quantity).toFixed(2).replace('.', ','),
            MaterialName: m.name,
            MaterialUnit: m.unit,
            MaterialType: 'Materiaal',
          };
        })
      : [];
    orders.push({
      id: String(firstId + i),
      WorkorderNo: `WB${String(firstId + i).padStart(6, '0')}`,
      OrderNr: String(200 + i),
      WorkDate: dutchDate(day),
      WorkTime: '08:00',
      WorkEndDate: dutchDate(day),
      CustomerName: customer.name,
      CustomerDebtorNr: customer.debtor,
      CustomerStreet: customer.street,
      CustomerStreetNo: customer.no,
      CustomerEmail: customer.email,
      CustomerZIP: customer.zip,
      CustomerCity: customer.city,
      CustomerNameInvoice: customer.name,
      CustomerDebtorNrInvoice: customer.debtor,
      CustomerStreetInvoice: customer.street,
      CustomerStreetNoInvoice: customer.no,
      CustomerEmailInvoice: customer.email,
      CustomerZIPInvoice: customer.zip,
      CustomerCityInvoice: customer.city,
      TypeOfWork: random.pick(['Installatie', 'Onderhoud', 'Reparatie', 'Storing']),
      PaymentMethod: 'op rekening',
      WorkDescription: `Werkzaamheden bij ${customer.name}`,
      ShortWorkDescription: `Werkbon ${firstId + i}`,
      status: options.status ?? 'Compleet',
      WorkStatus: options.workStatus ?? '1',
      WorkFinished: '1',
      Archived: '0',
      Workperiods: periods,
      Materials: materials,
    });
  }
  return orders;
}
