export * from './booking-summary';
export * from './reconcile-report';
export * from './reconcile-tenant';
export * from './reconcile-lines';
export * from './rebook-documents';
