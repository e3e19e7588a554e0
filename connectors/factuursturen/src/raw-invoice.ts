/**
 * FactuurSturen API v1 records as they arrive on the wire. Loose on purpose: top-level numbers are
 * strings, line values are numbers, and `lines`/`taxes`/`history` are objects keyed `line1`,
 * `tax1`, `item1`... that become `[]` when empty (PHP serialisation). The mappers read every
 * field defensively.
 */

/** `{line1: {...}, line2: {...}}`, or `[]` when there is nothing. */
export type KeyedList<T> = Record<string, T> | T[];

export interface RawLine {
  /** Quantity (a number on the wire). */
  amount?: number | string;
  amount_desc?: string;
  description?: string;
  tax_rate?: number | string;
  /** Unit price, excluding VAT unless the invoice's tax_type is `intax`. */
  price?: number | string;
  discount_pct?: number | string;
  linetotal?: number | string;
  /** `subtotal`, `page_separator`, `bundle_start`, `bundle_end`: layout, not money. */
  type?: string;
}

export interface RawTax {
  rate?: number | string;
  /** VAT amount at this rate. */
  sum?: string | number;
  /** The base the VAT is computed on. */
  sum_of?: string | number;
}

export interface RawHistoryItem {
  date?: string;
  time?: string;
  description?: string;
}

export interface RawInvoice {
  id?: string;
  invoicenr_full?: string;
  invoicenr?: string;
  reference?: { line1?: string; line2?: string; line3?: string } | [];
  lines?: KeyedList<RawLine>;
  profile?: string;
  category?: string;
  discounttype?: string;
  discount?: string;
  paymentcondition?: string;
  paymentperiod?: string;
  collection?: string;
  tax?: string;
  totalintax?: string;
  open?: string;
  taxes?: KeyedList<RawTax>;
  clientnr?: string;
  company?: string;
  contact?: string;
  address?: string;
  zipcode?: string;
  city?: string;
  country?: string;
  phone?: string;
  mobile?: string;
  email?: string;
  taxnumber?: string;
  sent?: string;
  duedate?: string;
  paiddate?: string;
  lastreminder?: string;
  uncollectible?: string;
  payment_url?: string;
  history?: KeyedList<RawHistoryItem>;
  tax_type?: string;
  language?: string;
  tax_shifted?: string | boolean;
}

/** A relation ("klant"): booleans are `"true"`/`"false"` strings, numbers are strings. */
export interface RawClient {
  clientnr?: string;
  contact?: string;
  showcontact?: string;
  company?: string;
  address?: string;
  address_addon?: string;
  zipcode?: string;
  city?: string;
  country?: string;
  phone?: string;
  mobile?: string;
  email?: string;
  bankcode?: string;
  biccode?: string;
  taxnumber?: string;
  tax_shifted?: string | boolean;
  lastinvoice?: string;
  sendmethod?: string;
  paymentmethod?: string;
  top?: string;
  stddiscount?: string;
  notes?: string;
  active?: string;
  currency?: string;
  tax_type?: string;
  timestamp?: string;
}

export interface RawCountry {
  id?: string;
  name?: string;
}
