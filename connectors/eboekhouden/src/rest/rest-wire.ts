/**
 * The REST API's records as far as the sink reads or writes them (JSON names from the official
 * OpenAPI description). Every field of an answer is optional: the description marks them so.
 */
export interface RestLedger {
  id?: number;
  code?: string;
  description?: string;
  category?: string;
  group?: string;
}

export interface RestRelationItem {
  id?: number;
  type?: string;
  code?: string;
}

/** A relation's details, the same in an answer and in `CreateRelation`. */
export interface RelationDetails {
  contact?: string;
  address?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  address2?: string;
  postalCode2?: string;
  city2?: string;
  country2?: string;
  phoneNumber?: string;
  mobilePhoneNumber?: string;
  emailAddress?: string;
  website?: string;
  note?: string;
  vatNumber?: string;
  companyRegistrationNumber?: string;
  iban?: string;
}

export interface RestRelation extends RestRelationItem, RelationDetails {
  name?: string;
  inactive?: boolean;
}

export interface RestInvoiceTemplate {
  id?: number;
  name?: string;
  active?: boolean;
  type?: string;
}

export interface RestCostCenter {
  id?: number;
  description?: string;
  parentId?: number;
  active?: boolean;
}

export interface RestUnit {
  id?: number;
  singular?: string;
  plural?: string;
}

export interface RestMutationItem {
  id?: number;
  type?: number;
  date?: string;
  invoiceNumber?: string;
  ledgerId?: number;
  amount?: number;
  entryNumber?: string;
}

/** A row as GET /v1/mutation/{id} gives it: `amount` incl. or excl. VAT as the mutation's `inExVat` says. */
export interface RestMutationRow {
  ledgerId?: number;
  vatCode?: string;
  amount?: number;
  /** Only when the VAT is computed per row. */
  vatAmount?: number;
  costCenterId?: number;
  description?: string;
  invoiceNumber?: string;
}

/** GET /v1/mutation/{id}: the list item plus relation, rows and the VAT per code. */
export interface RestMutation extends RestMutationItem {
  relationId?: number;
  inExVat?: string;
  description?: string;
  termOfPayment?: number;
  rows?: RestMutationRow[];
  vat?: { vatCode?: string; amount?: number }[];
}

export interface RestInvoiceItem {
  id?: number;
  invoiceNumber?: string;
  relationId?: number;
}

export interface RestProductItem {
  id?: number;
  code?: string;
  description?: string;
  unitId?: number;
  active?: boolean;
}

export interface RestProduct extends RestProductItem {
  groupId?: number;
  purchasePriceExcl?: number;
  priceExcl?: number;
  priceIncl?: number;
  vat?: string;
  ledgerId?: number;
}

export interface RestProductGroup {
  id?: number;
  code?: string;
  description?: string;
}

/** `CreateMutationRow`. */
export interface CreateMutationRow {
  ledgerId: number;
  vatCode: string;
  amount: number;
  vatAmount?: number;
  costCenterId?: number;
  description?: string;
}

/** `CreateMutation`: type 2 invoice sent, 1 invoice received. */
export interface CreateMutation {
  type: 1 | 2;
  date: string;
  ledgerId: number;
  relationId: number;
  invoiceNumber: string;
  entryNumber?: string;
  termOfPayment?: number;
  inExVat: 'IN' | 'EX';
  description?: string;
  rows: CreateMutationRow[];
}

/** `CreateInvoiceItem`. */
export interface CreateInvoiceItem {
  description: string;
  quantity: number;
  unitId?: number;
  code?: string;
  pricePerUnit: number;
  vatCode: string;
  ledgerId: number;
  costCenterId?: number;
}

/** `CreateInvoiceMutation`: journals the invoice (an open item). */
export interface CreateInvoiceMutation {
  ledgerId?: number;
  description?: string;
}

/** `CreateInvoice`. */
export interface CreateInvoice {
  invoiceNumber?: string;
  relationId: number;
  date: string;
  termOfPayment: number;
  inExVat: 'IN' | 'EX';
  templateId: number;
  items: CreateInvoiceItem[];
  mutation?: CreateInvoiceMutation;
}

/** `CreateRelation`. */
export interface CreateRelation extends RelationDetails {
  type: 'B' | 'P';
  code: string;
  name: string;
}
