/**
 * The Mijnwebwinkel (MyOnlineStore Connect API v1) order as it arrives on the wire. Loose on
 * purpose: the live API deviates from its spec (see the quirk notes), so every field is read
 * defensively by the mapper.
 */
export interface RawTaxPrice {
  amount?: string;
  amount_including_tax?: string;
  rate?: string;
}

export interface RawAddress {
  gender?: string;
  name?: string;
  company?: string;
  phone?: string;
  street?: string;
  number?: string;
  zipcode?: string;
  city?: string;
  /** Deprecated: localized country name. */
  country?: string;
  country_code?: string;
  taxnumber?: string;
  bankaccount?: string;
}

export interface RawOrderLine {
  id?: string;
  type?: string;
  quantity?: number | string;
  description?: string;
  weight?: string;
  /** One TaxPrice, or a list when the line is split over several VAT rates. */
  price?: RawTaxPrice | RawTaxPrice[];
  unit_price?: RawTaxPrice;
  articles?: unknown[];
}

export interface RawOrder {
  /** An int per the spec; a string live (`"1001"`); test orders carry a T suffix. */
  number?: number | string;
  uuid?: string;
  date?: string;
  time?: string;
  status?: number;
  status_changed_date?: string;
  status_changed_time?: string;
  archived?: boolean;
  finished?: boolean;
  taxed?: string;
  locale?: string;
  currency?: string;
  discountcode?: string;
  business_model?: string;
  reference?: string;
  tax_region?: string;
  tax_strategy?: string;
  credited_order_number?: number | string | null;
  credit_order_numbers?: (number | string)[];
  comments?: { customer?: string; internal?: string };
  payment_status?: string;
  payment?: unknown;
  debtor?: {
    id?: string | null;
    email?: string;
    /** Deprecated fields beside `address.invoice`. */
    name?: string;
    company?: string;
    phone?: string;
    gender?: string;
    bankaccount?: string;
    /** `[]` instead of an object when empty (PHP serialization). */
    address?: { invoice?: RawAddress | []; delivery?: RawAddress | [] } | [];
  };
  price?: { tax?: { amount?: string; rate?: string } | { amount?: string; rate?: string }[]; total?: string };
  orderlines?: RawOrderLine[];
  shipping?: { country?: { description?: string; isocode?: string } | [] }[];
  partner?: { name?: string };
}

export interface RawOrderStatus {
  status: number;
  description: string;
  credit_order: boolean;
}

export interface RawStore {
  name?: string;
  currency?: string;
  prices_include_tax?: boolean;
  region_code?: string;
  available_business_models?: string[];
}
