import { addDays, isLocalDate, toLocalDate } from './local-date';

describe('LocalDate', () => {
  it('keeps a calendar day as it is', () => {
    expect(toLocalDate('2024-02-29')).toBe('2024-02-29');
    expect(isLocalDate('2023-02-29')).toBe(false);
  });

  it('takes the Amsterdam day of an instant, also across midnight and daylight saving', () => {
    expect(toLocalDate('2024-03-31T22:30:00Z')).toBe('2024-04-01'); // CEST: 00:30 next day
    expect(toLocalDate('2024-12-31T23:30:00Z')).toBe('2025-01-01'); // CET: 00:30 next day
    expect(toLocalDate('2024-06-15T21:59:00Z')).toBe('2024-06-15');
  });

  it('reads a zoneless wall-clock time as Amsterdam time', () => {
    expect(toLocalDate('2024-05-01 23:45:00')).toBe('2024-05-01');
  });

  it('refuses nonsense', () => {
    expect(() => toLocalDate('yesterday')).toThrow(/not a date/);
  });

  it('adds days across month ends', () => {
    expect(addDays(toLocalDate('2024-01-31'), 14)).toBe('2024-02-14');
  });
});
