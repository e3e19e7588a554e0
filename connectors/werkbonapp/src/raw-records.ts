/** WerkbonApp OPENApi records as the API sends them: every value a string, flags "0"/"1", money with a decimal comma. */

/** Every answer: HTTP 200 with this envelope; errors only show in `code`. */
export interface RawEnvelope<T = unknown> {
  code: number;
  messages?: string[];
  response?: T;
}

export interface RawMaterialLine {
  MaterialCode?: string;
  /** The quantity. */
  MaterialNr?: string;
  MaterialPrice?: string;
  MaterialTotalPrice?: string;
  MaterialName?: string;
  MaterialUnit?: string;
  MaterialType?: string;
}

export interface RawWorkPeriod {
  WorkDate?: string;
  BeginTime?: string;
  EndTime?: string;
  /** Minutes. */
  Break?: string;
  /** `03:45`. */
  TotalTime?: string;
  Travel?: string;
  WorkRemark?: string;
  HourType?: string;
  EmployeeNr?: string;
}

export interface RawWorkorder {
  id?: string;
  WorkorderNo?: string;
  OrderNr?: string;
  WorkDate?: string;
  WorkEndDate?: string;
  CustomerName?: string;
  CustomerDebtorNr?: string;
  CustomerStreet?: string;
  CustomerStreetNo?: string;
  CustomerEmail?: string;
  CustomerZIP?: string;
  CustomerCity?: string;
  CustomerContactPerson?: string;
  CustomerPhone?: string;
  CustomerNameInvoice?: string;
  CustomerDebtorNrInvoice?: string;
  CustomerStreetInvoice?: string;
  CustomerStreetNoInvoice?: string;
  CustomerEmailInvoice?: string;
  CustomerZIPInvoice?: string;
  CustomerCityInvoice?: string;
  CustomerContactPersonInvoice?: string;
  CustomerPhoneInvoice?: string;
  TypeOfWork?: string;
  WorkDescription?: string;
  ShortWorkDescription?: string;
  status?: string;
  WorkStatus?: string;
  WorkFinished?: string;
  Archived?: string;
  Workperiods?: RawWorkPeriod[];
  Materials?: RawMaterialLine[];
  [field: string]: unknown;
}

export interface RawRelation {
  name?: string;
  debtor_number?: string;
  contact?: string;
  phone_number?: string;
  email?: string;
  street?: string;
  house_number?: string;
  postal_code?: string;
  city?: string;
  remark?: string;
  [field: string]: unknown;
}

export interface RawMaterial {
  code?: string;
  name?: string;
  unit?: string;
  price?: string;
  purchase_price?: string;
  [field: string]: unknown;
}

export interface RawHourType {
  code?: string;
  name?: string;
  sale_price?: string;
  cost_price?: string;
  sale_booking?: string;
  cost_booking?: string;
  active?: string;
  [field: string]: unknown;
}

export interface RawWorkStatus {
  sta_code?: string;
  sta_name?: string;
}
