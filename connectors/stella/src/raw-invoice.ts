/**
 * Stella records in the PROVISIONAL contract (docs/connectors/stella.md). Amounts are strings with
 * a dot; dates `YYYY-MM-DD`; instants ISO 8601. Only this file, the client and the mapper know it.
 */
export type RawInvoiceStatus = 'draft' | 'definitive' | 'sent' | 'paid' | 'credited';

export interface RawCustomer {
  id?: string;
  type?: 'company' | 'private';
  name?: string;
  contact_name?: string;
  kvk?: string;
  vat_number?: string;
  email?: string;
  phone?: string;
  street?: string;
  house_number?: string;
  zipcode?: string;
  city?: string;
  country_code?: string;
}

export interface RawInvoiceLine {
  kind?: 'hours' | 'material' | 'fixed' | 'extra_work';
  description?: string;
  quantity?: string;
  unit?: string;
  unit_price_excl?: string;
  vat_rate?: string;
  vat_reverse_charged?: boolean;
}

/** What Stella's own, built-in e-Boekhouden link did with the invoice. */
export interface RawAccountingLink {
  status?: 'not_linked' | 'pending' | 'booked' | 'failed';
  booked_at?: string;
  reference?: string;
}

export interface RawInvoice {
  id?: string;
  number?: string;
  status?: RawInvoiceStatus;
  date?: string;
  due_date?: string;
  currency?: string;
  updated_at?: string;
  /** For a credit invoice: the number of the invoice it credits. */
  credit_for?: string;
  reference?: string;
  customer?: RawCustomer;
  lines?: RawInvoiceLine[];
  totals?: { excl?: string; vat?: string; incl?: string };
  accounting?: { eboekhouden?: RawAccountingLink };
}

export interface RawInvoicePage {
  data?: RawInvoice[];
  meta?: { page?: number; per_page?: number; total_pages?: number };
}
