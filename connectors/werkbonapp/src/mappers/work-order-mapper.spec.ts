import { RecordError } from '@koppelwerk/core';
import { generateWorkOrders } from '../simulator/generate-work-data';
import { mapWorkOrder, parseDutchDate, periodHours } from './work-order-mapper';

const base = () => generateWorkOrders({ count: 1 })[0];

describe('mapWorkOrder', () => {
  it('reads decimal commas exactly and keeps the material code, unit and price', () => {
    const raw = { ...base(), Materials: [{ MaterialCode: 'WCD-DUBBEL', MaterialNr: '2,5', MaterialPrice: '1.234,56'.replace('.', ''), MaterialName: 'Wandcontactdoos', MaterialUnit: 'STUK' }] };
    const order = mapWorkOrder(raw, raw.id!);
    expect(order.materials).toHaveLength(1);
    expect(order.materials[0].quantity.toString()).toBe('2.5');
    expect(order.materials[0].unitPrice?.toFixed(2)).toBe('1234.56');
    expect(order.materials[0]).toMatchObject({ code: 'WCD-DUBBEL', unit: 'STUK', description: 'Wandcontactdoos' });
    expect(order.materials[0].vatRate).toBeUndefined();
  });

  it('takes hours from TotalTime, else from begin and end minus the break', () => {
    expect(periodHours({ TotalTime: '03:45' }, 'p', 'k').toString()).toBe('3.75');
    expect(periodHours({ BeginTime: '08:00', EndTime: '12:30', Break: '30' }, 'p', 'k').toString()).toBe('4');
    expect(periodHours({ BeginTime: '08:00', EndTime: '08:20' }, 'p', 'k').toFixed(4)).toBe('0.3333');
    expect(() => periodHours({ BeginTime: '08:00' }, 'p', 'k')).toThrow(RecordError);
  });

  it('books on the invoice party and its debtor number, falling back to the work location', () => {
    const raw = { ...base(), CustomerNameInvoice: 'Hoofdkantoor BV', CustomerDebtorNrInvoice: '2001', CustomerCityInvoice: '', CustomerCity: 'Utrecht' };
    const order = mapWorkOrder(raw, raw.id!);
    expect(order.relationCode).toBe('2001');
    expect(order.relation).toMatchObject({ name: 'Hoofdkantoor BV', sourceId: '2001', address: { city: 'Utrecht' } });
  });

  it('maps number, date (d-m-Y), status and the periods with their hour types', () => {
    const raw = { ...base(), WorkorderNo: 'WB-77', WorkEndDate: '3-6-2025', Workperiods: [{ HourType: 'ARBEID', TotalTime: '01:30', WorkDate: '03-06-2025' }] };
    const order = mapWorkOrder(raw, raw.id!);
    expect(order).toMatchObject({ number: 'WB-77', date: '2025-06-03', status: 'Compleet', workStatus: '1' });
    expect(order.periods.map((p) => [p.hourTypeCode, p.hours.toString(), p.date])).toEqual([['ARBEID', '1.5', '2025-06-03']]);
  });

  it('refuses what it cannot read, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ Materials: [{ MaterialCode: 'X', MaterialNr: 'twee', MaterialName: 'x' }] }, 'Materials[0].MaterialNr'],
      [{ Workperiods: [{ TotalTime: '01:00', HourType: '' }] }, 'Workperiods[0].HourType'],
      [{ WorkDate: '2025-06-03', WorkEndDate: '' }, 'WorkDate'],
      [{ CustomerName: '', CustomerNameInvoice: '' }, 'CustomerNameInvoice'],
    ];
    for (const [change, field] of cases) {
      const raw = { ...base(), ...change };
      expect(() => mapWorkOrder(raw, raw.id as string)).toThrow(expect.objectContaining({ field, documentKey: raw.id }));
    }
    expect(parseDutchDate('31-02-2025')).toBeUndefined();
  });
});
