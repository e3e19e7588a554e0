/** The dashboard users of the tests: an operator and two tenant users (low scrypt cost, quick tests). */
import type { DashboardUser } from '../dashboard-users';
import { hashPassword } from '../password-hash';

export const PASSWORDS = { operator: 'operator-password-1', shop: 'shop-password-1', bureau: 'bureau-password-1' };

export async function testUsers(): Promise<DashboardUser[]> {
  const cost = { N: 1024, r: 8, p: 1 };
  return [
    { name: 'beheer', role: 'operator', passwordHash: await hashPassword(PASSWORDS.operator, cost) },
    { name: 'winkel', role: 'tenant', tenants: ['shop-a'], passwordHash: await hashPassword(PASSWORDS.shop, cost) },
    { name: 'bureau', role: 'tenant', tenants: ['shop-a', 'shop-b'], passwordHash: await hashPassword(PASSWORDS.bureau, cost) },
  ];
}
