import { alertBody, type Alert } from './alert';

describe("an alert's e-mail", () => {
  const red: Alert = {
    tenant: 'bakkerij',
    event: 'dot-red',
    side: 'sink',
    reason: 'e-Boekhouden refused the username and security codes',
    hint: 'e-Boekhouden changes both security codes whenever the password changes: ...',
    code: 'EB_CREDENTIALS_REFUSED',
    params: { api: 'soap' },
    at: '2025-07-01T12:30:00.000Z',
  };

  it("words a red dot's reason and what to do in the e-mail's language, from the catalogue", () => {
    const nl = alertBody(red, 'nl', 0);
    expect(nl).toContain('Reden: e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes');
    expect(nl).toContain('Wat te doen: e-Boekhouden verandert beide beveiligingscodes bij elke wachtwoordwijziging');
    expect(alertBody(red, 'en', 0)).toContain('Reason: e-Boekhouden refused the username and security codes');
  });

  it('shows a reason no entry words as it came', () => {
    const text = alertBody({ ...red, code: undefined, params: undefined, reason: 'refused by a package', hint: 'ask its maker' }, 'nl', 0);
    expect(text).toContain('Reden: refused by a package');
    expect(text).toContain('Wat te doen: ask its maker');
  });
});
